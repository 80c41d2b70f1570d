/**
 * JSON read the lenient way MI's JSON handling (gson in lenient mode) reads a payload a template produced:
 * unquoted strings and names (`{"name": apple}`), single-quoted strings, `#`, `//` and block comments, and `;`
 * between members. Strict JSON is parsed by `JSON.parse` first; this reader only runs when that fails. Numbers keep
 * their text where JavaScript would write it differently (10.0), as MI's Gson does (expr/jsonNumber.ts).
 */
import { jsonNumber, parseJsonText, settleNumbers } from '../expr/jsonNumber';

export class LenientJsonError extends Error {}

const DELIMITERS = new Set([
  '/',
  '\\',
  ';',
  '#',
  '=',
  '{',
  '}',
  '[',
  ']',
  ':',
  ',',
  ' ',
  '\t',
  '\f',
  '\r',
  '\n',
]);
const NUMBER = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?$/;
const MAX_DEPTH = 1000;

export function parseJsonLenient(text: string): unknown {
  try {
    return parseJsonText(text);
  } catch (strictError) {
    const r = new Reader(text);
    try {
      const v = r.value(0);
      r.skip();
      if (r.i < text.length) throw new LenientJsonError(`unexpected '${text[r.i]}' at offset ${r.i}`);
      return settleNumbers(v);
    } catch (e) {
      if (e instanceof LenientJsonError) throw strictError;
      throw e;
    }
  }
}

class Reader {
  i = 0;
  constructor(readonly s: string) {}

  skip(): void {
    const s = this.s;
    for (;;) {
      while (this.i < s.length && /\s/.test(s[this.i])) this.i++;
      if (s[this.i] === '#' || s.startsWith('//', this.i)) {
        const nl = s.indexOf('\n', this.i);
        this.i = nl < 0 ? s.length : nl + 1;
      } else if (s.startsWith('/*', this.i)) {
        const end = s.indexOf('*/', this.i + 2);
        if (end < 0) throw new LenientJsonError('unclosed comment');
        this.i = end + 2;
      } else return;
    }
  }

  value(depth: number): unknown {
    if (depth > MAX_DEPTH) throw new LenientJsonError('nested too deeply');
    this.skip();
    const c = this.s[this.i];
    if (c === '{') return this.object(depth);
    if (c === '[') return this.array(depth);
    if (c === '"' || c === "'") return this.quoted(c);
    if (c === undefined) throw new LenientJsonError('unexpected end');
    const lit = this.literal();
    if (lit === 'true') return true;
    if (lit === 'false') return false;
    if (lit === 'null') return null;
    if (NUMBER.test(lit)) return jsonNumber(lit);
    return lit;
  }

  private literal(): string {
    const start = this.i;
    while (this.i < this.s.length && !DELIMITERS.has(this.s[this.i])) this.i++;
    if (this.i === start) throw new LenientJsonError(`unexpected '${this.s[this.i]}' at offset ${this.i}`);
    return this.s.slice(start, this.i);
  }

  private quoted(q: string): string {
    let out = '';
    this.i++;
    while (this.i < this.s.length) {
      const c = this.s[this.i++];
      if (c === q) return out;
      if (c !== '\\') {
        out += c;
        continue;
      }
      const e = this.s[this.i++];
      if (e === 'u') {
        const h = this.s.slice(this.i, this.i + 4);
        if (!/^[0-9a-fA-F]{4}$/.test(h)) throw new LenientJsonError('bad \\u escape');
        out += String.fromCharCode(parseInt(h, 16));
        this.i += 4;
      } else out += { b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' }[e] ?? e;
    }
    throw new LenientJsonError('unclosed string');
  }

  private object(depth: number): Record<string, unknown> {
    const o: Record<string, unknown> = {};
    this.i++;
    for (;;) {
      this.skip();
      if (this.s[this.i] === '}') {
        this.i++;
        return o;
      }
      const c = this.s[this.i];
      const name = c === '"' || c === "'" ? this.quoted(c) : this.literal();
      this.skip();
      if (this.s[this.i] === ':') this.i++;
      else if (this.s.startsWith('=>', this.i)) this.i += 2;
      else if (this.s[this.i] === '=') this.i++;
      else throw new LenientJsonError(`expected ':' at offset ${this.i}`);
      o[name] = this.value(depth + 1);
      this.skip();
      const d = this.s[this.i];
      if (d === ',' || d === ';') this.i++;
      else if (d !== '}') throw new LenientJsonError(`expected ',' or '}' at offset ${this.i}`);
    }
  }

  private array(depth: number): unknown[] {
    const a: unknown[] = [];
    this.i++;
    for (;;) {
      this.skip();
      if (this.s[this.i] === ']') {
        this.i++;
        return a;
      }
      a.push(this.value(depth + 1));
      this.skip();
      const d = this.s[this.i];
      if (d === ',' || d === ';') this.i++;
      else if (d !== ']') throw new LenientJsonError(`expected ',' or ']' at offset ${this.i}`);
    }
  }
}
