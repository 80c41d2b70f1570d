/**
 * Parses a unit-test suite (`<unit-test>`, MI's format: see docs/cli.md, `synapse test`). The children of
 * `<registry-resources>`, `<connector-resources>` and `<mock-services>` are read by position (MI does not check
 * their names); everything else is read by name. Errors carry the file, line and a UNITTEST_* code.
 */
import { basename } from 'node:path';
import { innerSource } from '../../core/xml/query';
import type { XmlElement } from '../../core/xml/types';
import { UnitTestCodes } from './errors';
import type { Assertion, InputProperty, PathRef, RegistryResourceRef, Suite, TestCase } from './model';
import { child, childText, children, loadXmlFile, type XmlFile } from './xmlFile';

const METHODS = new Set(['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD']);
const SCOPES = new Set(['default', 'axis2', 'transport']);

export function parseSuite(file: string, text: string): Suite {
  const x = loadXmlFile(file, text, 'unit-test');
  const root = x.root;
  const artifacts = child(root, 'artifacts');
  if (!artifacts) throw x.error(UnitTestCodes.MISSING, 'the suite has no <artifacts>', root);
  const testArtifactEl = child(artifacts, 'test-artifact');
  const testArtifactPath = child(testArtifactEl, 'artifact');
  if (!testArtifactEl || !testArtifactPath || !childText(testArtifactEl, 'artifact'))
    throw x.error(
      UnitTestCodes.MISSING,
      'the suite has no <test-artifact><artifact>path</artifact></test-artifact>',
      testArtifactEl ?? artifacts,
    );
  const suite: Suite = {
    file,
    name: basename(file).replace(/\.xml$/i, ''),
    testArtifact: pathRef(x, testArtifactPath),
    supportiveArtifacts: children(child(artifacts, 'supportive-artifacts'))
      .filter((e) => e.local === 'artifact')
      .map((e) => pathRef(x, e)),
    registryResources: children(child(artifacts, 'registry-resources')).map((e) => registryResource(x, e)),
    connectorResources: children(child(artifacts, 'connector-resources')).map((e) => pathRef(x, e)),
    testCases: children(child(root, 'test-cases')).map((e) => testCase(x, e)),
    mockServices: children(child(root, 'mock-services')).map((e) => pathRef(x, e)),
  };
  const names = new Set<string>();
  for (const tc of suite.testCases) {
    if (names.has(tc.name))
      throw x.error(
        UnitTestCodes.VALUE,
        `two test cases are named '${tc.name}'`,
        x.lines.offsetAt({ line: tc.line - 1, character: 0 }),
      );
    names.add(tc.name);
  }
  return suite;
}

function pos(x: XmlFile, el: XmlElement): { line: number; column: number } {
  const p = x.lines.positionAt(el.nameSpan.start);
  return { line: p.line + 1, column: p.character + 1 };
}

function pathRef(x: XmlFile, el: XmlElement): PathRef {
  const path = textOf(x, el).trim();
  if (!path) throw x.error(UnitTestCodes.MISSING, `<${el.name}> is empty: expected a path`, el);
  return { path, ...pos(x, el) };
}

function registryResource(x: XmlFile, el: XmlElement): RegistryResourceRef {
  const need = (local: string) => {
    const v = childText(el, local);
    if (!v) throw x.error(UnitTestCodes.MISSING, `<${el.name}> has no <${local}>`, el);
    return v;
  };
  const artifact = child(el, 'artifact')!;
  need('artifact');
  return {
    ...pathRef(x, artifact),
    fileName: need('file-name'),
    registryPath: need('registry-path'),
    mediaType: childText(el, 'media-type') || undefined,
  };
}

/** The content of an element: its text (CDATA or escaped), or its inner source when it holds elements. */
function textOf(x: XmlFile, el: XmlElement): string {
  if (el.children.some((c) => c.kind === 'element')) return innerSource(x.text, el);
  let s = '';
  for (const c of el.children) if (c.kind === 'text' || c.kind === 'cdata') s += c.value;
  return s;
}

function testCase(x: XmlFile, el: XmlElement): TestCase {
  if (el.local !== 'test-case')
    throw x.error(UnitTestCodes.VALUE, `<test-cases> holds <${el.name}>: expected <test-case>`, el);
  const name = el.attributes.find((a) => a.name === 'name')?.value.trim();
  if (!name) throw x.error(UnitTestCodes.MISSING, '<test-case> has no name attribute', el);
  const input = child(el, 'input');
  const method = childText(input, 'request-method');
  if (method && !METHODS.has(method.toUpperCase()))
    throw x.error(
      UnitTestCodes.VALUE,
      `request-method '${method}' is not one of ${[...METHODS].join(', ')}`,
      child(input, 'request-method'),
    );
  const protocol = childText(input, 'request-protocol');
  if (protocol && protocol !== 'http' && protocol !== 'https')
    throw x.error(
      UnitTestCodes.VALUE,
      `request-protocol '${protocol}' is not http or https`,
      child(input, 'request-protocol'),
    );
  const payloadEl = child(input, 'payload');
  const properties: InputProperty[] = children(child(input, 'properties')).map((p) => {
    const a = (n: string) => p.attributes.find((at) => at.name === n)?.value;
    const pname = a('name');
    if (!pname) throw x.error(UnitTestCodes.MISSING, '<property> has no name attribute', p);
    const scope = (a('scope') ?? 'default').trim() || 'default';
    if (!SCOPES.has(scope))
      throw x.error(
        UnitTestCodes.VALUE,
        `property '${pname}' has scope '${scope}': expected default, axis2 or transport`,
        p,
      );
    return { name: pname, value: a('value') ?? '', scope: scope as InputProperty['scope'] };
  });
  const assertions: Assertion[] = children(child(el, 'assertions')).map((a) => {
    if (a.local !== 'assertEquals' && a.local !== 'assertNotNull')
      throw x.error(
        UnitTestCodes.VALUE,
        `<${a.name}> is not an assertion: expected <assertEquals> or <assertNotNull>`,
        a,
      );
    const actual = childText(a, 'actual');
    if (!actual) throw x.error(UnitTestCodes.MISSING, `<${a.name}> has no <actual>`, a);
    const expectedEl = child(a, 'expected');
    if (a.local === 'assertEquals' && !expectedEl)
      throw x.error(UnitTestCodes.MISSING, '<assertEquals> has no <expected>', a);
    return {
      type: a.local,
      actual,
      expected: expectedEl ? textOf(x, expectedEl) : undefined,
      message: childText(a, 'message') ?? '',
      line: pos(x, a).line,
    };
  });
  return {
    name,
    line: pos(x, el).line,
    requestPath: childText(input, 'request-path'),
    requestMethod: method?.toUpperCase(),
    requestProtocol: protocol,
    payload: payloadEl ? textOf(x, payloadEl) : undefined,
    properties,
    assertions,
  };
}
