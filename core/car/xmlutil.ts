/** Small XML helpers for CAR descriptors: strict loading (first error with its line) and escaping for writing. */
import { LineIndex, parseXml, type XmlElement } from '../xml';
import { CarError, type CarErrorCode } from './errors';

export const SYNAPSE_NS = 'http://ws.apache.org/ns/synapse';

/** Parses a descriptor or artifact; any well-formedness error (or a DOCTYPE) becomes a CarError with its line. */
export function loadXml(text: string, file: string, code: CarErrorCode): XmlElement {
  const doc = parseXml(text);
  const err = doc.problems.find((p) => p.severity === 'error');
  if (err) {
    const line = new LineIndex(text).positionAt(err.span.start).line + 1;
    throw new CarError(code, `${err.message} (${err.code})`, file, line);
  }
  if (!doc.root) throw new CarError(code, 'no root element', file, 1);
  return doc.root;
}

export function lineOf(text: string, offset: number): number {
  return new LineIndex(text).positionAt(offset).line + 1;
}

export function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) =>
    c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '"' ? '&quot;' : '&apos;',
  );
}

/** Decodes bytes as UTF-8 (dropping a BOM). */
export function utf8(buf: Buffer): string {
  const s = buf.toString('utf8');
  return s.charCodeAt(0) === 0xfeff ? s.slice(1) : s;
}
