/**
 * Reading a unit-test XML file (a suite or a mock service) with the positioned parser of core/xml: hostile XML (a
 * DOCTYPE, entities) and malformed XML are refused with the file, line and column of the first problem.
 */
import { parseXml } from '../../core/xml/parse';
import { LineIndex } from '../../core/xml/lines';
import { childElements, textContent } from '../../core/xml/query';
import type { XmlElement } from '../../core/xml/types';
import { UnitTestCodes, UnitTestError, type UnitTestCode } from './errors';

/** Largest unit-test file we read (suites carry payloads, but not megabytes of them). */
export const MAX_FILE_CHARS = 8 * 1024 * 1024;

export interface XmlFile {
  file: string;
  text: string;
  root: XmlElement;
  lines: LineIndex;
  /** An error positioned at an element (or the file start). */
  error(code: UnitTestCode, message: string, at?: XmlElement | number): UnitTestError;
}

export function loadXmlFile(file: string, text: string, rootName: string): XmlFile {
  const lines = new LineIndex(text);
  const error = (code: UnitTestCode, message: string, at?: XmlElement | number) => {
    const offset = at === undefined ? 0 : typeof at === 'number' ? at : at.nameSpan.start;
    const p = lines.positionAt(offset);
    return new UnitTestError(code, file, p.line + 1, p.character + 1, message);
  };
  if (text.length > MAX_FILE_CHARS)
    throw error(UnitTestCodes.XML, `file is larger than ${MAX_FILE_CHARS} characters: refused`);
  const doc = parseXml(text);
  const bad = doc.problems.find((p) => p.severity === 'error');
  if (bad) throw error(UnitTestCodes.XML, `${bad.message} (${bad.code})`, bad.span.start);
  if (doc.hasDoctype) throw error(UnitTestCodes.XML, 'DOCTYPE declarations are refused');
  const root = doc.root;
  if (!root) throw error(UnitTestCodes.ROOT, `no root element: expected <${rootName}>`);
  if (root.local !== rootName)
    throw error(UnitTestCodes.ROOT, `the root element is <${root.name}>, expected <${rootName}>`, root);
  return { file, text, root, lines, error };
}

/** The first child element with this local name. */
export function child(el: XmlElement | undefined, local: string): XmlElement | undefined {
  if (!el) return undefined;
  for (const c of el.children) if (c.kind === 'element' && c.local === local) return c;
  return undefined;
}

export function children(el: XmlElement | undefined): XmlElement[] {
  return el ? childElements(el) : [];
}

/** The text of a child element, trimmed; undefined when the child is absent. */
export function childText(el: XmlElement | undefined, local: string): string | undefined {
  const c = child(el, local);
  return c ? textContent(c).trim() : undefined;
}

/** The text of a child element as written (payloads keep their inner whitespace). */
export function childRawText(el: XmlElement | undefined, local: string): string | undefined {
  const c = child(el, local);
  return c ? textContent(c) : undefined;
}
