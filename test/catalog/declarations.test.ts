import assert from 'node:assert/strict';
import {
  COMMON_MEDIATOR_ATTRIBUTES,
  allMediators,
  artifactDecls,
  getMediator,
  isConnectorOperation,
  mediatorNames,
  type ElementDecl,
  type RefKind,
} from '../../core/catalog';

const REQUIRED = [
  'log',
  'property',
  'propertyGroup',
  'variable',
  'header',
  'drop',
  'respond',
  'loopback',
  'sequence',
  'call',
  'send',
  'callout',
  'store',
  'call-template',
  'validate',
  'throwError',
  'filter',
  'switch',
  'throttle',
  'cache',
  'conditionalRouter',
  'in',
  'out',
  'payloadFactory',
  'enrich',
  'xslt',
  'fastXSLT',
  'makefault',
  'jsontransform',
  'rewrite',
  'xquery',
  'smooks',
  'datamapper',
  'builder',
  'iterate',
  'foreach',
  'aggregate',
  'clone',
  'scatter-gather',
  'script',
  'class',
  'pojoCommand',
  'bean',
  'ejb',
  'spring',
  'opa',
  'dblookup',
  'dbreport',
  'transaction',
  'enqueue',
  'event',
  'dataServiceCall',
  'entitlementService',
  'oauthService',
  'NTLM',
];
const REF_KINDS: RefKind[] = [
  'sequence',
  'endpoint',
  'sequenceTemplate',
  'endpointTemplate',
  'template',
  'localEntry',
  'messageStore',
  'messageProcessor',
  'api',
  'proxy',
  'inboundEndpoint',
  'task',
  'registry',
  'resource',
];
const ATTR_TYPES = new Set([
  'string',
  'boolean',
  'integer',
  'number',
  'enum',
  'expression',
  'xpath',
  'jsonpath',
  'regex',
  'key',
  'name',
  'uri',
  'uri-template',
  'url-mapping',
  'context',
  'qname',
  'class',
]);

/** Every declaration reachable from the catalog (each visited once). */
function allDecls(): ElementDecl[] {
  const seen = new Set<ElementDecl>();
  const stack: ElementDecl[] = [...allMediators(), ...artifactDecls().map((a) => a.element)];
  for (const m of allMediators()) for (const v of m.variants ?? []) stack.push(v.decl);
  while (stack.length) {
    const d = stack.pop()!;
    if (seen.has(d)) continue;
    seen.add(d);
    if (Array.isArray(d.content)) for (const c of d.content) stack.push(c.element);
  }
  return [...seen];
}

describe('catalog: declarations', () => {
  it('declares every required mediator with a doc paragraph and a category', () => {
    for (const n of REQUIRED) {
      const m = getMediator(n);
      assert.ok(m, `missing mediator ${n}`);
      assert.equal(m.name, n);
      assert.ok(m.doc.length > 30, `${n}: doc too short`);
      assert.ok(m.category, `${n}: no category`);
      assert.equal(typeof m.contentAware, 'boolean');
    }
    for (const n of mediatorNames())
      assert.ok(
        REQUIRED.includes(n) || ['publishEvent', 'sampler', 'eventPublisher'].includes(n),
        `unexpected mediator ${n}`,
      );
  });

  it('has unique mediator names and the common attributes on every mediator', () => {
    assert.equal(new Set(mediatorNames()).size, mediatorNames().length);
    for (const m of allMediators()) {
      for (const c of COMMON_MEDIATOR_ATTRIBUTES)
        assert.ok(
          m.attributes.some((a) => a.name === c.name),
          `${m.name} lacks ${c.name}`,
        );
    }
  });

  it('keeps attribute declarations consistent everywhere', () => {
    const decls = allDecls();
    assert.ok(decls.length > 150, `only ${decls.length} declarations reachable`);
    for (const d of decls) {
      assert.ok(d.doc.trim().length > 0, `<${d.name}> has no doc`);
      const names = new Set<string>();
      for (const a of d.attributes) {
        const where = `<${d.name} ${a.name}>`;
        assert.ok(!names.has(a.name), `${where} declared twice`);
        names.add(a.name);
        assert.ok(ATTR_TYPES.has(a.type), `${where}: bad type ${a.type}`);
        assert.ok(a.doc.trim().length > 0, `${where}: no doc`);
        if (a.type === 'enum') {
          assert.ok(a.values && a.values.length > 0, `${where}: enum without values`);
          if (a.default !== undefined) {
            const ok = a.caseInsensitive
              ? a.values!.some((v) => v.toLowerCase() === a.default!.toLowerCase())
              : a.values!.includes(a.default);
            assert.ok(ok, `${where}: default ${a.default} not among ${a.values}`);
          }
          for (const v of Object.keys(a.valueDocs ?? {}))
            assert.ok(a.values!.includes(v), `${where}: valueDocs for unknown value ${v}`);
        } else assert.equal(a.values, undefined, `${where}: values on a non-enum`);
        if (a.type === 'boolean' && a.default !== undefined)
          assert.ok(['true', 'false'].includes(a.default), `${where}: default ${a.default}`);
        if (a.type === 'integer' && a.default !== undefined) assert.match(a.default, /^-?\d+$/, where);
        if (a.ref !== undefined) assert.ok(REF_KINDS.includes(a.ref), `${where}: bad ref ${a.ref}`);
        if (a.type === 'key') assert.ok(a.ref, `${where}: key without ref`);
      }
      for (const group of [...(d.exclusive ?? []), ...(d.oneOfRequired ?? [])]) {
        for (const n of group) assert.ok(names.has(n), `<${d.name}>: group names unknown attribute ${n}`);
      }
      for (const [a, b] of d.requires ?? [])
        assert.ok(names.has(a) && names.has(b), `<${d.name}>: requires ${a}/${b}`);
      if (d.oneOfRequiredUnless?.attribute) assert.ok(names.has(d.oneOfRequiredUnless.attribute[0]));
      for (const c of d.conditions ?? []) {
        const ad = d.attributes.find((a) => a.name === c.when[0]);
        assert.ok(ad, `<${d.name}>: condition on unknown attribute ${c.when[0]}`);
        if (ad.values)
          assert.ok(
            ad.values.includes(c.when[1]),
            `<${d.name}>: condition value ${c.when[1]} not among ${ad.values}`,
          );
        for (const n of [...(c.require ?? []), ...(c.forbid ?? [])])
          assert.ok(names.has(n), `<${d.name}>: condition names unknown ${n}`);
      }
      if (Array.isArray(d.content)) {
        const kids = new Set<string>();
        for (const c of d.content) {
          assert.ok(!kids.has(c.name), `<${d.name}>: child ${c.name} twice`);
          kids.add(c.name);
          assert.equal(c.name, c.element.name);
          assert.ok((c.min ?? 0) <= (c.max ?? 1), `<${d.name}>/${c.name}: min > max`);
        }
      }
      for (const x of d.excludeMediators ?? []) assert.ok(getMediator(x), `excluded ${x} is no mediator`);
    }
  });

  it('marks the flow-ending mediators terminal and knows the MI 4.4 ones', () => {
    for (const n of ['respond', 'drop', 'loopback', 'throwError', 'send'])
      assert.equal(getMediator(n)!.terminal, true, n);
    for (const n of ['call', 'log', 'filter', 'store', 'sequence']) assert.ok(!getMediator(n)!.terminal, n);
    for (const n of ['variable', 'throwError', 'scatter-gather'])
      assert.equal(getMediator(n)!.since, '4.4.0', n);
    assert.equal(getMediator('payloadFactory')!.contentAware, true);
    assert.equal(getMediator('respond')!.contentAware, false);
  });

  it('recognises connector operations by their dotted name', () => {
    assert.ok(isConnectorOperation('http.get'));
    assert.ok(isConnectorOperation('kafkaTransport.publishMessages'));
    for (const n of ['log', '.get', 'http.', 'http']) assert.ok(!isConnectorOperation(n), n);
    const op = getMediator('http.post')!;
    assert.equal(op.category, 'connector');
    assert.equal(op.openContent, true);
    assert.equal(op.openAttributes, true);
    assert.ok(op.attributes.some((a) => a.name === 'configKey' && a.ref === 'localEntry'));
    assert.equal(getMediator('http.post'), op, 'connector declarations are cached');
    assert.equal(getMediator('nosuchmediator'), undefined);
  });

  it('has one artifact declaration per kind with folders and CAR types', () => {
    const kinds = artifactDecls().map((a) => a.kind);
    assert.equal(new Set(kinds).size, kinds.length);
    for (const k of [
      'api',
      'proxy',
      'sequence',
      'endpoint',
      'localEntry',
      'sequenceTemplate',
      'endpointTemplate',
      'inboundEndpoint',
      'task',
      'messageStore',
      'messageProcessor',
      'dataService',
      'unitTest',
      'mockService',
    ]) {
      assert.ok(kinds.includes(k as never), `missing artifact kind ${k}`);
    }
    for (const a of artifactDecls()) {
      assert.equal(a.element.name, a.root);
      assert.ok(a.doc.length > 20);
      if (a.kind !== 'unitTest' && a.kind !== 'mockService') {
        assert.ok(a.folders.length > 0, `${a.kind}: no folder`);
        assert.match(a.carType, /^(synapse|service)\//, a.kind);
      }
    }
  });
});
