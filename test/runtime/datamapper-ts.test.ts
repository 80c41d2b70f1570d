/**
 * Data mappers as MI 4.4 projects keep them: only `<Name>.ts` (and `dm-utils.ts`) in the source tree; the `.dmc`
 * and the two schemas are built from the `.ts` when the runtime first needs them (core/datamapper), then run over
 * real HTTP. Fixtures (our own mappings in the tooling's shape): test/fixtures/datamapper-ts/.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import vm from 'node:vm';
import { buildDataMapper, DataMapperBuildError, MAX_SOURCE_BYTES } from '../../core/datamapper';
import { send, startProjectRuntime, type TestRuntime } from './helpers';

/** MI answers a failure its fault sequence drops with 202 and no body (ServerWorker.sendAck); the error is logged. */
const loggedSince = (logs: { message: string }[], from: number): string =>
  logs
    .slice(from)
    .map((l) => l.message)
    .join('\n');

const FIXTURE = join(__dirname, '..', 'fixtures', 'datamapper-ts');
const DM = join(FIXTURE, 'src/main/wso2mi/resources/registry/gov/datamapper');

function readTree(dir: string, out: Record<string, string> = {}): Record<string, string> {
  for (const e of readdirSync(dir)) {
    const p = join(dir, e);
    if (statSync(p).isDirectory()) readTree(p, out);
    else out[relative(FIXTURE, p).split('\\').join('/')] = readFileSync(p, 'utf8');
  }
  return out;
}

describe('runtime: data mappers built from their TypeScript (.ts only)', () => {
  let t: TestRuntime;
  before(async () => {
    const files = readTree(FIXTURE);
    assert.ok(
      !Object.keys(files).some((f) => /\.dmc$|Schema\.json$/.test(f)),
      'the fixture holds no build output',
    );
    t = await startProjectRuntime(files, 'dm-ts');
  });
  after(() => t.close());

  it('JSON to JSON with dm-utils, DM_PROPERTIES, a type alias, casts and a (T | null) field', async () => {
    const order = {
      orderId: 'O-7',
      customer: { name: 'Grace', tier: null },
      items: [
        { sku: 'ab-1', qty: 2, unitPrice: 2.5 },
        { sku: 'cd-2', qty: 1, unitPrice: 10 },
      ],
    };
    const r = await send(`${t.base}/maps/orders`, {
      body: JSON.stringify(order),
      type: 'application/json',
      headers: { 'X-Channel': 'web' },
    });
    assert.equal(r.status, 200, r.text);
    assert.match(r.headers.get('content-type') ?? '', /application\/json/);
    assert.deepEqual(r.json(), {
      id: 'O-7',
      buyer: 'Grace (standard)',
      lines: [
        { code: 'AB-1', amount: 5 },
        { code: 'CD-2', amount: 10 },
      ],
      total: 15,
      premium: false,
      channel: 'web',
    });
    const gold = await send(`${t.base}/maps/orders`, {
      body: JSON.stringify({ ...order, customer: { name: 'Ada', tier: 'gold' }, items: [] }),
      type: 'application/json',
    });
    assert.equal(gold.status, 200, gold.text);
    // a property that is not set reads as an empty string, as in MI
    assert.deepEqual(gold.json(), {
      id: 'O-7',
      buyer: 'Ada (gold)',
      lines: [],
      total: 0,
      premium: true,
      channel: '',
    });
  });

  it('XML to JSON: namespaced elements, repeated elements as arrays, typed attributes and element text', async () => {
    const xml =
      '<st:staff xmlns:st="http://example.org/staff">' +
      '<st:member id="7" active="true"><st:name>Ada</st:name>' +
      '<st:phone kind="work">555-1</st:phone><st:phone kind="home">555-2</st:phone></st:member>' +
      '<st:member id="9" active="false"><st:name>Linus</st:name><st:phone kind="cell">555-3</st:phone></st:member>' +
      '<st:member id="11" active="true"><st:name>Barbara</st:name></st:member>' +
      '</st:staff>';
    const r = await send(`${t.base}/maps/staff`, { body: xml, type: 'application/xml' });
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.json(), {
      people: [
        { id: 7, name: 'Ada', active: true, phones: ['work:555-1', 'home:555-2'] },
        { id: 9, name: 'Linus', active: false, phones: ['cell:555-3'] },
        { id: 11, name: 'Barbara', active: true, phones: [] },
      ],
      count: 3,
    });
  });

  it('JSON to XML: the output title as root with its namespace, prefixed fields, attributes, arrays', async () => {
    const r = await send(`${t.base}/maps/shipments`, {
      body: JSON.stringify({
        ref: 'S-1',
        parcels: [
          { kg: 2.5, fragile: true },
          { kg: 1, fragile: false },
        ],
      }),
      type: 'application/json',
    });
    assert.equal(r.status, 200, r.text);
    assert.match(r.headers.get('content-type') ?? '', /xml/);
    assert.equal(
      r.text.replace(/^<\?xml[^>]*>\s*/, ''),
      '<sh:notice xmlns:sh="http://example.org/shipping"><sh:reference>S-1</sh:reference>' +
        '<sh:parcel seq="1"><sh:weight>2.5</sh:weight><sh:handling>care</sh:handling></sh:parcel>' +
        '<sh:parcel seq="2"><sh:weight>1</sh:weight></sh:parcel></sh:notice>',
    );
  });

  it('a .ts that does not build faults with DM_BUILD_SYNTAX, the .ts line, and the mediator file and line', async () => {
    const n = t.logs.length;
    const r = await send(`${t.base}/maps/broken`, { body: '{"msg":"x"}', type: 'application/json' });
    assert.equal(r.status, 202, r.text);
    assert.equal(r.text, '');
    const msg = loggedSince(t.logs, n);
    assert.match(msg, /DM_BUILD_SYNTAX/);
    assert.match(
      msg,
      /DM_BUILD_SYNTAX the mapping does not build from its TypeScript: gov:\/datamapper\/BrokenMap\/BrokenMap\.ts:18:\d+: not valid TypeScript/,
    );
    assert.match(msg, /MappingsAPI\.xml:\d+/);
    // the other mappings are unaffected
    const ok = await send(`${t.base}/maps/orders`, {
      body: JSON.stringify({ orderId: 'x', customer: { name: 'n', tier: 'gold' }, items: [] }),
      type: 'application/json',
    });
    assert.equal(ok.status, 200, ok.text);
  });
});

describe('core/datamapper: buildDataMapper', () => {
  const read = (n: string, f = `${n}.ts`) => readFileSync(join(DM, n, f), 'utf8');

  it('the .dmc has the tooling shape, keeps the .ts lines, and its schemas follow the interfaces', () => {
    const ts = read('OrderTotals');
    const b = buildDataMapper(ts, read('OrderTotals', 'dm-utils.ts'), { file: 'OrderTotals.ts' });
    assert.equal(b.functionName, 'map_S_root_S_root');
    assert.equal(b.inputVariable, 'inputroot');
    assert.match(b.dmc, /^var DataMapper = /);
    assert.match(b.dmc, /function mapFunction\(input\) \{\n\s+return DataMapper\.mapFunction\(input\);\n\}/);
    assert.match(b.dmc, /function map_S_root_S_root\(\) \{\n\s+return mapFunction\(inputroot\);\n\}/);
    assert.doesNotMatch(b.dmc, /\binterface\b|: string|: number|\bimport\b/);
    // every line of the mapping's code is at the same line in the .dmc
    const tsLines = ts.split('\n');
    const dmcLines = b.dmc.split('\n');
    const at = tsLines.findIndex((l) => l.includes('amount: item.qty * item.unitPrice'));
    assert.ok(at > 0);
    assert.equal(dmcLines[at].trim(), tsLines[at].trim());
    const input = JSON.parse(b.inputSchema) as Record<string, any>;
    assert.equal(input.title, 'root');
    assert.equal(input.inputType, 'JSON');
    assert.equal(input.type, 'object');
    assert.deepEqual(input.properties.customer, {
      type: 'object',
      properties: { name: { type: 'string' }, tier: { type: 'string' } },
    });
    assert.deepEqual(input.properties.items.items[0].properties.qty, { type: 'number' });
    assert.equal(input.properties.items.type, 'array');
    const output = JSON.parse(b.outputSchema) as Record<string, any>;
    assert.equal(output.outputType, 'JSON');
    assert.deepEqual(Object.keys(output.properties), ['id', 'buyer', 'lines', 'total', 'premium', 'channel']);
    assert.deepEqual(output.properties.premium, { type: 'boolean' });
  });

  it('XML schemas: prefixes become prefix:name, attr_ fields plain names, _ELEMVAL kept, namespaces listed', () => {
    const b = buildDataMapper(read('StaffDirectory'), undefined, { file: 'StaffDirectory.ts' });
    const s = JSON.parse(b.inputSchema) as Record<string, any>;
    assert.equal(s.title, 'st:staff');
    assert.deepEqual(s.namespaces, [{ prefix: 'st', url: 'http://example.org/staff' }]);
    const member = s.properties['st:member'].items[0].properties;
    assert.deepEqual(Object.keys(member), ['id', 'active', 'st:name', 'st:phone']);
    assert.deepEqual(member.id, { type: 'number' });
    assert.deepEqual(member['st:phone'].items[0].properties, {
      kind: { type: 'string' },
      _ELEMVAL: { type: 'string' },
    });
    assert.equal(b.functionName, 'map_S_staff_S_directory');
    assert.equal(b.inputVariable, 'inputst_staff');
  });

  it('an array parameter makes an array schema; names come from the titles when the comment is missing', () => {
    const ts =
      '/*\n* title : "rows",\n* inputType : "JSON",\n*/\ninterface Row { a: number }\n' +
      '/*\n* title : "out",\n* outputType : "JSON",\n*/\ninterface Out { n: number }\n' +
      'export function mapFunction(input: Row[]): Out { return { n: input.length }; }\n';
    const b = buildDataMapper(ts);
    const s = JSON.parse(b.inputSchema) as Record<string, any>;
    assert.equal(s.type, 'array');
    assert.deepEqual(s.items, [{ type: 'object', properties: { a: { type: 'number' } } }]);
    assert.equal(b.functionName, 'map_S_rows_S_out');
    assert.equal(b.inputVariable, 'inputrows');
    assert.match(b.dmc, /function map_S_rows_S_out\(\) \{\n\s+return mapFunction\(inputrows\);/);
  });

  const fails = (ts: string, code: string, line: number, utils?: string) => {
    assert.throws(
      () => buildDataMapper(ts, utils, { file: 'M.ts' }),
      (e: unknown) => {
        assert.ok(e instanceof DataMapperBuildError, String(e));
        assert.equal(e.code, code, e.message);
        assert.equal(e.line, line, e.message);
        assert.match(e.message, new RegExp(`^M\\.ts:${line}`));
        return true;
      },
    );
  };

  it('erases every type-only construct and the JavaScript runs (generics, as, !, satisfies, overloads, classes)', () => {
    const ts = [
      'import type { Nothing } from "./dm-utils";',
      'import { concat as join } from "./dm-utils";',
      'declare var DM_PROPERTIES: any;',
      'type Pair<T> = [T, T];',
      '/*\n* title : "root",\n* inputType : "JSON",\n*/',
      'export interface Root { words: string[]; n?: number | null }',
      '/*\n* title : "root",\n* outputType : "JSON",\n*/',
      'interface Out { text: string; pair: number[]; label: string; size: number }',
      'function first<T>(xs: T[], fallback?: T): T | undefined { return xs.length ? xs[0] : fallback; }',
      'function twice(x: number): number;',
      'function twice(x: string): string;',
      'function twice(x: any): any { return x + x; }',
      'abstract class Base { }',
      'interface Named { name: string }',
      'class Label implements Named {',
      '  name: string;',
      '  size!: number;',
      '  note?: string;',
      '  constructor(name: string) { this.name = name; this.size = name.length; }',
      '  show<U>(this: void | Label, extra?: U): string { return "[" + (this as Label).name + "]"; }',
      '}',
      'export function mapFunction(input: Root): Out {',
      '  const n = (input.n ?? 2)!;',
      '  const pair: Pair<number> = [twice(n), n] as Pair<number>;',
      '  const w = first<string>(input.words, "none")!;',
      '  const l = new Label(<string>join(w, "-", twice("x")));',
      '  const cfg = { size: l.size } satisfies { size: number };',
      '  return { text: input.words.map((x: string): string => x.toUpperCase()).join(" "), pair, label: l.show(), size: cfg.size };',
      '}',
    ].join('\n');
    assert.throws(() => buildDataMapper(ts, 'export const concat = 1;'), /abstract class/);
    const src = ts.replace('abstract class Base { }', '').replace('(this: void | Label, ', '(');
    const utils =
      'export type Nothing = never;\nexport function concat(...parts: string[]): string { return parts.join(""); }\n';
    const b = buildDataMapper(src, utils, { file: 'M.ts' });
    const context = vm.createContext({ inputroot: { words: ['ab', 'cd'], n: null } });
    vm.runInContext(b.dmc, context, { filename: 'M.dmc' });
    const out = vm.runInContext('JSON.stringify(map_S_root_S_root())', context) as string;
    assert.deepEqual(JSON.parse(out), { text: 'AB CD', pair: [4, 2], label: '[ab-xx]', size: 5 });
  });

  it('hostile sources are refused: nested past the stack, or larger than the limit', () => {
    const head =
      '/*\n* title : "root",\n* inputType : "JSON",\n*/\ninterface Root { a: string }\n' +
      '/*\n* outputType : "JSON",\n*/\ninterface Out { a: string }\n';
    const deep = `${'('.repeat(100_000)}1${')'.repeat(100_000)}`;
    const code = (ts: string) => {
      try {
        buildDataMapper(ts, undefined, { file: 'M.ts' });
        return 'built';
      } catch (e) {
        assert.ok(e instanceof DataMapperBuildError, String(e));
        return e.code;
      }
    };
    assert.equal(
      code(`${head}export function mapFunction(input: Root): Out { const x = ${deep}; return input; }\n`),
      'DM_BUILD_TOO_LARGE',
    );
    assert.equal(code(`${head}// ${'x'.repeat(MAX_SOURCE_BYTES)}\n`), 'DM_BUILD_TOO_LARGE');
  });

  it('bad sources give a DM_BUILD_* code with the file and line', () => {
    fails(read('BrokenMap'), 'DM_BUILD_SYNTAX', 18);
    const head = '/*\n* title : "root",\n* inputType : "JSON",\n*/\ninterface Root { a: string }\n';
    const outIf = '/*\n* title : "root",\n* outputType : "JSON",\n*/\ninterface Out { a: string }\n';
    fails(
      `${head}${outIf}enum Kind { A, B }\nexport function mapFunction(input: Root): Out { return input; }\n`,
      'DM_BUILD_UNSUPPORTED',
      11,
    );
    fails(
      `import { x } from "./other";\n${head}${outIf}export function mapFunction(input: Root): Out { return input; }\n`,
      'DM_BUILD_IMPORT',
      1,
    );
    fails(
      `import * as dmUtils from "./dm-utils";\n${head}${outIf}export function mapFunction(input: Root): Out { return input; }\n`,
      'DM_BUILD_IMPORT',
      1,
    );
    fails(
      `${head}${outIf}export function other(input: Root): Out { return input; }\n`,
      'DM_BUILD_NO_FUNCTION',
      1,
    );
    fails(
      `${head}${outIf}export function mapFunction(input: string): Out { return { a: input }; }\n`.replace(
        'inputType',
        'kind',
      ),
      'DM_BUILD_NO_INTERFACE',
      11,
    );
    fails(
      '/*\n* title : "root",\n* inputType : "XML",\n* namespaces :[{"prefix": "a"}]\n*/\ninterface Root { a: string }\n' +
        `${outIf}export function mapFunction(input: Root): Out { return input; }\n`,
      'DM_BUILD_METADATA',
      4,
    );
  });
});
