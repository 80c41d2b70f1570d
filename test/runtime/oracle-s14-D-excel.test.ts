/**
 * Excel data sources (excel_datasource, .xls and .xlsx) as MI's ExcelQuery reads them through Apache POI: the sheet
 * named by <workbookname>, header row, starting row, max row count, rows until the first missing one, a whole number
 * as a long, a formula as `{formula}`, booleans; the workbooks are written by the test (a zip of OOXML parts, and
 * BIFF8 records in an OLE2 compound file). MI docs: learn/examples/data-integration/excel-data-service.md.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32, deflateRawSync } from 'node:zlib';
import { Runtime } from '../../runtime-debug/engine';
import { excelLimits, readWorkbook } from '../../runtime-debug/engine/dataservices/excel';
import { call } from './dataservicePg';

type Cell = string | number | boolean | { formula: string } | null;
const ROWS: Cell[][] = [
  ['Name', 'Qty', 'Price', 'Fresh'],
  ['Apple', 12, 2.5, true],
  ['Pear & Quince', { formula: 'B2*2' }, 3, false],
  ['Fig', null, 1234567, true],
];

// ---- an .xlsx: a zip of the workbook's parts ----
function zip(files: Record<string, string>): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, text] of Object.entries(files)) {
    const raw = Buffer.from(text, 'utf8');
    const data = deflateRawSync(raw);
    const n = Buffer.from(name, 'utf8');
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(crc32(raw), 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(raw.length, 22);
    local.writeUInt16LE(n.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(crc32(raw), 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(raw.length, 24);
    central.writeUInt16LE(n.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, n, data);
    centrals.push(central, n);
    offset += 30 + n.length + data.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(Object.keys(files).length, 8);
  end.writeUInt16LE(Object.keys(files).length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

function xlsx(): Buffer {
  const strings: string[] = [];
  const sst = (s: string) => (strings.includes(s) ? strings.indexOf(s) : strings.push(s) - 1);
  const col = (i: number) => String.fromCharCode(65 + i);
  const sheetXml = (rows: Cell[][]) =>
    `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>` +
    rows
      .map(
        (r, ri) =>
          `<row r="${ri + 1}">` +
          r
            .map((c, ci) => {
              const ref = `${col(ci)}${ri + 1}`;
              if (c === null) return `<c r="${ref}" s="1"/>`;
              if (typeof c === 'string') return `<c r="${ref}" t="s"><v>${sst(c)}</v></c>`;
              if (typeof c === 'boolean') return `<c r="${ref}" t="b"><v>${c ? 1 : 0}</v></c>`;
              if (typeof c === 'number') return `<c r="${ref}"><v>${c}</v></c>`;
              return `<c r="${ref}"><f>${c.formula}</f><v>24</v></c>`;
            })
            .join('') +
          '</row>',
      )
      .join('') +
    // a row after a gap: ExcelQuery stops at the first missing row
    `<row r="${rows.length + 2}"><c r="A${rows.length + 2}" t="inlineStr"><is><t>Late</t></is></c></row>` +
    `</sheetData></worksheet>`;
  const fruit = sheetXml(ROWS);
  const other = sheetXml([['Other'], ['x']]);
  return zip({
    '[Content_Types].xml': '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>',
    'xl/workbook.xml':
      '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">' +
      '<sheets><sheet name="Notes" sheetId="2" r:id="rId2"/><sheet name="Fruit" sheetId="1" r:id="rId1"/></sheets></workbook>',
    'xl/_rels/workbook.xml.rels':
      '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
      '<Relationship Id="rId1" Type="worksheet" Target="worksheets/sheet1.xml"/>' +
      '<Relationship Id="rId2" Type="worksheet" Target="/xl/worksheets/sheet2.xml"/></Relationships>',
    'xl/worksheets/sheet1.xml': fruit,
    'xl/worksheets/sheet2.xml': other,
    'xl/sharedStrings.xml': `<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">${strings
      .map((s) => `<si><t>${s.replace(/&/g, '&amp;')}</t></si>`)
      .join('')}</sst>`,
  });
}

// ---- an .xls: BIFF8 records in a compound file ----
function rec(type: number, data: Buffer): Buffer {
  const h = Buffer.alloc(4);
  h.writeUInt16LE(type, 0);
  h.writeUInt16LE(data.length, 2);
  return Buffer.concat([h, data]);
}
const u16 = (...v: number[]) => {
  const b = Buffer.alloc(v.length * 2);
  v.forEach((x, i) => b.writeUInt16LE(x, i * 2));
  return b;
};
const bof = (dt: number) => rec(0x0809, Buffer.concat([u16(0x0600, dt), Buffer.alloc(12)]));

function xls(): Buffer {
  const strings: string[] = [];
  const sst = (s: string) => (strings.includes(s) ? strings.indexOf(s) : strings.push(s) - 1);
  const cells: Buffer[] = [];
  ROWS.forEach((r, ri) => {
    cells.push(rec(0x0208, Buffer.concat([u16(ri, 0, r.length, 0, 0, 0, 0), Buffer.alloc(2)])));
    r.forEach((c, ci) => {
      const head = u16(ri, ci, 15);
      if (c === null) cells.push(rec(0x0201, head));
      else if (typeof c === 'string') {
        const i = Buffer.alloc(4);
        i.writeUInt32LE(sst(c));
        cells.push(rec(0x00fd, Buffer.concat([head, i])));
      } else if (typeof c === 'boolean')
        cells.push(rec(0x0205, Buffer.concat([head, Buffer.from([c ? 1 : 0, 0])])));
      else if (typeof c === 'number' && Number.isInteger(c)) {
        // an RK integer: the value shifted left 2 with bit 1 set
        const v = Buffer.alloc(4);
        v.writeInt32LE((c << 2) | 2);
        cells.push(rec(0x027e, Buffer.concat([head, v])));
      } else if (typeof c === 'number') {
        const v = Buffer.alloc(8);
        v.writeDoubleLE(c);
        cells.push(rec(0x0203, Buffer.concat([head, v])));
      } else cells.push(rec(0x0006, Buffer.concat([head, Buffer.alloc(16)])));
    });
  });
  const sheet = Buffer.concat([bof(0x0010), ...cells, rec(0x000a, Buffer.alloc(0))]);
  const sstData = Buffer.concat([
    Buffer.from(Uint32Array.of(strings.length, strings.length).buffer),
    ...strings.map((s) => Buffer.concat([u16(s.length), Buffer.from([0]), Buffer.from(s, 'latin1')])),
  ]);
  const name = Buffer.from('Fruit', 'latin1');
  const boundSheet = (pos: number) => {
    const b = Buffer.alloc(8 + name.length);
    b.writeUInt32LE(pos, 0);
    b[6] = name.length;
    name.copy(b, 8);
    return rec(0x0085, b);
  };
  const globalsLen = bof(0x0005).length + boundSheet(0).length + rec(0x00fc, sstData).length + 4;
  const stream = Buffer.concat([
    bof(0x0005),
    boundSheet(globalsLen),
    rec(0x00fc, sstData),
    rec(0x000a, Buffer.alloc(0)),
    sheet,
  ]);
  // the compound file: header, one FAT sector, one directory sector, the stream (at least the 4096-byte cutoff)
  const body = Buffer.alloc(Math.max(4096, Math.ceil(stream.length / 512) * 512));
  stream.copy(body);
  const n = body.length / 512;
  const header = Buffer.alloc(512, 0);
  Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]).copy(header);
  header.writeUInt16LE(0x3e, 0x18);
  header.writeUInt16LE(3, 0x1a);
  header.writeUInt16LE(0xfffe, 0x1c);
  header.writeUInt16LE(9, 0x1e);
  header.writeUInt16LE(6, 0x20);
  header.writeUInt32LE(1, 0x2c);
  header.writeInt32LE(1, 0x30);
  header.writeUInt32LE(4096, 0x38);
  header.writeInt32LE(-2, 0x3c);
  header.writeInt32LE(-2, 0x44);
  for (let i = 0; i < 109; i++) header.writeInt32LE(i === 0 ? 0 : -1, 0x4c + i * 4);
  const fat = Buffer.alloc(512, 0xff);
  fat.writeInt32LE(-3, 0);
  fat.writeInt32LE(-2, 4);
  for (let i = 0; i < n; i++) fat.writeInt32LE(i === n - 1 ? -2 : 3 + i, (2 + i) * 4);
  const dir = Buffer.alloc(512, 0);
  const entry = (o: number, nm: string, type: number, start: number, size: number) => {
    Buffer.from(`${nm}\0`, 'utf16le').copy(dir, o);
    dir.writeUInt16LE((nm.length + 1) * 2, o + 0x40);
    dir[o + 0x42] = type;
    dir.writeInt32LE(-1, o + 0x44);
    dir.writeInt32LE(-1, o + 0x48);
    dir.writeInt32LE(type === 5 ? 1 : -1, o + 0x4c);
    dir.writeInt32LE(start, o + 0x74);
    dir.writeUInt32LE(size, o + 0x78);
  };
  entry(0, 'Root Entry', 5, -2, 0);
  entry(128, 'Workbook', 2, 2, body.length);
  return Buffer.concat([header, fat, dir, body]);
}

const RENAME = `<xsl:stylesheet version="1.0" xmlns="urn:crate" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:d="http://ws.wso2.org/dataservice">
  <xsl:output method="xml" omit-xml-declaration="yes"/>
  <xsl:template match="d:Fruits">
    <Crate><xsl:for-each select="d:Fruit"><item><xsl:for-each select="*">
      <xsl:element name="Item-{local-name(.)}"><xsl:value-of select="."/></xsl:element>
    </xsl:for-each></item></xsl:for-each></Crate>
  </xsl:template>
</xsl:stylesheet>`;

const dbs = (file: string) => `<data name="Fruit">
  <config id="book"><property name="excel_datasource">${file}</property></config>
  <query id="all" useConfig="book">
    <excel><workbookname>Fruit</workbookname><hasheader>true</hasheader><startingrow>2</startingrow>
      <maxrowcount>-1</maxrowcount><headerrow>1</headerrow></excel>
    <result element="Fruits" rowName="Fruit">
      <element column="name" name="Name"/><element column="QTY" name="Qty"/>
      <element column="Price" name="Price"/><element column="Fresh" name="Fresh"/>
    </result>
  </query>
  <query id="two" useConfig="book">
    <excel><workbookname>FRUIT</workbookname><startingrow>2</startingrow><maxrowcount>2</maxrowcount></excel>
    <result element="Fruits" rowName="Fruit" useColumnNumbers="true">
      <element column="1" name="Name"/><element column="3" name="Price"/>
    </result>
  </query>
  <query id="styled" useConfig="book">
    <excel><workbookname>Fruit</workbookname><hasheader>true</hasheader><startingrow>2</startingrow><maxrowcount>1</maxrowcount></excel>
    <result element="Fruits" rowName="Fruit" xsltPath="./rename.xslt">
      <element column="Name" name="Name"/><element column="Price" name="Price"/>
    </result>
  </query>
  <resource method="GET" path="styled"><call-query href="styled"/></resource>
  <resource method="GET" path="all"><call-query href="all"/></resource>
  <resource method="GET" path="two"><call-query href="two"/></resource>
</data>`;

describe('runtime: Excel data sources (excel-data-service.md, MI ExcelQuery)', function () {
  this.timeout(30000);
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'ds-excel-'));
    writeFileSync(join(dir, 'fruit.xlsx'), xlsx());
    writeFileSync(join(dir, 'fruit.xls'), xls());
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  for (const ext of ['xlsx', 'xls']) {
    it(`reads an .${ext} sheet as POI gives its cells`, () => {
      const sheet = readWorkbook(join(dir, `fruit.${ext}`)).get('Fruit')!;
      assert.deepEqual(sheet.get(1), ['Apple', '12', '2.5', 'true']);
      assert.deepEqual(sheet.get(2), ['Pear & Quince', '{formula}', '3', 'false']);
      assert.deepEqual(sheet.get(3), ['Fig', '', '1234567', 'true']);
    });

    it(`serves a query on an .${ext} file: header names in any case, rows until a missing one, maxrowcount`, async () => {
      const project = mkdtempSync(join(tmpdir(), 'ds-excel-p-'));
      writeFileSync(join(project, 'Fruit.dbs'), dbs(join(dir, `fruit.${ext}`)));
      writeFileSync(join(project, 'rename.xslt'), RENAME);
      const rt = new Runtime({ httpPort: 0, runTasks: false });
      try {
        const r = rt.loadProject(project);
        assert.deepEqual([r.problems, r.warnings], [[], []]);
        const port = (await rt.start()).port;
        const all = await call(port, 'GET', '/services/Fruit/all');
        assert.equal(all.status, 200);
        assert.equal(
          all.body,
          '<Fruits xmlns="http://ws.wso2.org/dataservice">' +
            '<Fruit><Name>Apple</Name><Qty>12</Qty><Price>2.5</Price><Fresh>true</Fresh></Fruit>' +
            '<Fruit><Name>Pear &amp; Quince</Name><Qty>{formula}</Qty><Price>3</Price><Fresh>false</Fresh></Fruit>' +
            '<Fruit><Name>Fig</Name><Qty></Qty><Price>1234567</Price><Fresh>true</Fresh></Fruit></Fruits>',
        );
        // the result's xsltPath stylesheet runs over the answer (SingleDataServiceRequest.executeXsltTranformation);
        // the stylesheet's xmlns:d, not excluded, is copied onto the literal result element (Saxon, XSLT 1.0 7.1.1)
        const styled = await call(port, 'GET', '/services/Fruit/styled');
        assert.equal(styled.status, 200);
        assert.equal(
          styled.body.replace(/>\s+</g, '><'),
          '<Crate xmlns="urn:crate" xmlns:d="http://ws.wso2.org/dataservice"><item><Item-Name>Apple</Item-Name><Item-Price>2.5</Item-Price></item></Crate>',
        );
        const two = await call(port, 'GET', '/services/Fruit/two');
        assert.equal(
          two.body,
          '<Fruits xmlns="http://ws.wso2.org/dataservice"><Fruit><Name>Apple</Name><Price>2.5</Price></Fruit>' +
            '<Fruit><Name>Pear &amp; Quince</Name><Price>3</Price></Fruit></Fruits>',
        );
      } finally {
        await rt.stop(1000);
        rmSync(project, { recursive: true, force: true });
      }
    });
  }
});

// ---- review (R2): hostile workbooks fail with a clear error, in time ----
describe('runtime: Excel data sources: damaged or forged workbooks fail with a clear error, not a hang', function () {
  this.timeout(20000);
  let dir: string;
  const saved = { ...excelLimits };
  before(() => (dir = mkdtempSync(join(tmpdir(), 'ds-excel-bad-'))));
  after(() => rmSync(dir, { recursive: true, force: true }));
  afterEach(() => Object.assign(excelLimits, saved));
  const write = (name: string, data: Buffer) => {
    const f = join(dir, name);
    writeFileSync(f, data);
    return f;
  };
  const book = (sheetXml: string, extra: Record<string, string> = {}) =>
    zip({
      'xl/workbook.xml':
        '<workbook xmlns:r="urn:r"><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>',
      'xl/_rels/workbook.xml.rels':
        '<Relationships><Relationship Id="rId1" Target="worksheets/s.xml"/></Relationships>',
      'xl/worksheets/s.xml': sheetXml,
      ...extra,
    });

  it('a zip bomb: its parts inflating past the limit are refused', () => {
    excelLimits.inflated = 1024 * 1024;
    const f = write('bomb.xlsx', book(`<sheetData>${' '.repeat(2 * 1024 * 1024)}</sheetData>`));
    assert.throws(
      () => readWorkbook(f),
      /bomb\.xlsx cannot be read: its parts inflate to more than 1048576 bytes/,
    );
  });

  it('a cell at a forged column, or more cells than the limit: refused, not filled up', () => {
    excelLimits.cells = 10_000;
    const far = write(
      'far.xlsx',
      book('<sheetData><row r="1"><c r="ZZZZZZZZ1"><v>1</v></c></row></sheetData>'),
    );
    assert.throws(() => readWorkbook(far), /far\.xlsx cannot be read: a sheet has more than 10000 cells/);
  });

  it('elements left open are read in one pass (no quadratic scan)', () => {
    const started = Date.now();
    const f = write(
      'open.xlsx',
      book(`<sheetData>${'<row r="1"><c r="A1"><v>'.repeat(100_000)}`, {
        'xl/sharedStrings.xml': `<sst>${'<si><t>'.repeat(100_000)}</sst>`,
      }),
    );
    assert.deepEqual([...readWorkbook(f).get('S')!], []);
    assert.ok(Date.now() - started < 5000, `took ${Date.now() - started} ms`);
  });

  it('a compound file with a bad sector size, a FAT cycle or cut short: a clear error', () => {
    const good = xls();
    const shift = Buffer.from(good);
    shift.writeUInt16LE(20, 0x1e);
    assert.throws(
      () => readWorkbook(write('shift.xls', shift)),
      /shift\.xls cannot be read: .*sector shifts 20\/6/,
    );
    // the Workbook stream's first sector points back to itself
    const cycle = Buffer.from(good);
    cycle.writeInt32LE(2, 512 + 2 * 4);
    assert.throws(
      () => readWorkbook(write('cycle.xls', cycle)),
      /cycle\.xls cannot be read: .*makes a cycle/,
    );
    const cut = good.subarray(0, 1300);
    assert.throws(() => readWorkbook(write('cut.xls', cut)), /cut\.xls (cannot be read|is damaged)/);
  });

  it('a UTF-16 shared string with one byte left in its record does not loop', () => {
    // SST: one string of 2 UTF-16 characters whose record ends one byte into the second, the rest in a CONTINUE
    const sstData = Buffer.concat([
      Buffer.from(Uint32Array.of(1, 1).buffer),
      u16(2),
      Buffer.from([1, 0x41, 0, 0x42]),
    ]);
    const stream = Buffer.concat([
      bof(0x0005),
      rec(0x00fc, sstData),
      rec(0x003c, Buffer.from([1, 0x43, 0])),
      rec(0x000a, Buffer.alloc(0)),
    ]);
    const good = xls();
    // put the records at the start of the Workbook stream (sector 2 onwards of the test's compound file)
    const forged = Buffer.from(good);
    stream.copy(forged, 512 * 3);
    forged.fill(0, 512 * 3 + stream.length, 512 * 3 + 600);
    assert.doesNotThrow(() => readWorkbook(write('sst.xls', forged)));
  });
});
