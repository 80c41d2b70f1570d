/**
 * Excel workbooks for the data services' Excel data source (excel_datasource), read the way MI's ExcelQuery reads
 * them through Apache POI (WorkbookFactory: .xls and .xlsx): a sheet's physical rows, each cell as a string
 * (ExcelQuery.extractRowData): text as written, a number as a long when it is whole (else Java's Double.toString),
 * a boolean `true`/`false`, a formula `{formula}`, a blank cell and a missing one "" and an error cell null.
 * .xlsx is a zip of XML parts (read with core/zip.ts); .xls is BIFF8 records in an OLE2 compound file.
 */
import { readFileSync, statSync } from 'node:fs';
import { decodeEntities } from '../../../core/xml';
import { openZip, ZipError, type ZipEntries } from '../../../core/zip';
import { javaDoubleToString } from '../expr/values';
import type { ExcelQueryDef } from './model';
import type { Row } from './sources';

/** A sheet: its physical rows by 0-based index, each the cell strings up to its last cell (null: an error cell). */
export type Sheet = Map<number, (string | null)[]>;

/** What a workbook may take (tests lower them). */
export const excelLimits = {
  /** the file's size */
  bytes: 64 * 1024 * 1024,
  /** what the parts of an .xlsx may inflate to, all together (a zip bomb stops here) */
  inflated: 256 * 1024 * 1024,
  /** the cells a sheet may hold once each row is filled up to its last cell (a huge or forged sheet stops here) */
  cells: 10_000_000,
};

/** A workbook that cannot be read: its file and what is wrong with it. */
class BadWorkbook extends Error {}

/** ExcelQuery.processNumericValue. */
function numeric(v: number): string {
  return Number.isInteger(v) && Math.abs(v) < 9.2e18 ? BigInt(v).toString() : javaDoubleToString(v);
}

/** A workbook's sheets by name, each read when it is first asked for. */
interface Workbook {
  names: string[];
  sheet(name: string): Sheet;
}

/** Every sheet of a workbook. */
export function readWorkbook(file: string): Map<string, Sheet> {
  const book = openWorkbook(file);
  return new Map(book.names.map((n) => [n, book.sheet(n)]));
}

/**
 * Opens a workbook. A file that is not one, or is forged or damaged (a zip bomb, a sheet too large, records or
 * sectors pointing outside the file, a cycle of sectors), fails with an Error naming the file and the problem,
 * never a hang or an exhausted memory.
 */
function openWorkbook(file: string): Workbook {
  if (statSync(file).size > excelLimits.bytes)
    throw new Error(`Excel file ${file} is larger than ${excelLimits.bytes} bytes`);
  const buf = readFileSync(file);
  const guarded =
    <A extends unknown[], R>(f: (...a: A) => R) =>
    (...a: A): R => {
      try {
        return f(...a);
      } catch (e) {
        if (e instanceof BadWorkbook || e instanceof ZipError)
          throw new Error(`Excel file ${file} cannot be read: ${e.message}`);
        // (a record or part cut short: a read past its end)
        throw new Error(`Excel file ${file} is damaged: ${(e as Error).message}`);
      }
    };
  const isXlsx = buf.length >= 4 && buf.readUInt32LE(0) === 0x04034b50;
  const isXls = buf.length >= 8 && buf.readUInt32LE(0) === 0xe011cfd0 && buf.readUInt32LE(4) === 0xe11ab1a1;
  // WorkbookFactory.create: neither an OLE2 nor an OOXML stream
  if (!isXlsx && !isXls)
    throw new Error(
      'Your InputStream was neither an OLE2 stream, nor an OOXML stream or you haven\u0027t provide the poi-ooxml*.jar in the classpath/modulepath - FileMagic: UNKNOWN',
    );
  const book = guarded(() => (isXlsx ? readXlsx(buf) : readXls(buf)))();
  return { names: book.names, sheet: guarded((name: string) => book.sheet(name)) };
}

/** Counts the cells a sheet holds (see excelLimits.cells). */
function cellBudget(): () => void {
  let n = 0;
  return () => {
    if (++n > excelLimits.cells) throw new BadWorkbook(`a sheet has more than ${excelLimits.cells} cells`);
  };
}

/**
 * ExcelQuery.runPostQuery: the sheet's rows from startingrow until the first row that is not there or has no
 * cells (at most maxrowcount), each cell under its header name (DBUtils.createColumnMappings) or its 1-based number.
 */
export function excelRows(file: string, q: ExcelQueryDef): Row[] {
  // Workbook.getSheet compares the names ignoring case
  const book = openWorkbook(file);
  const key = book.names.find((n) => n.toLowerCase() === q.workbook.toLowerCase());
  const sheet = key === undefined ? undefined : book.sheet(key);
  // Workbook.getSheet answers null for a name it does not have: ExcelQuery fails on it
  if (!sheet) throw new Error(`java.lang.NullPointerException: the workbook has no sheet '${q.workbook}'`);
  const usable = (r: (string | null)[] | undefined) => (r && r.length > 0 ? r : undefined);
  const header = q.hasHeader ? usable(sheet.get(q.headerRow - 1)) : undefined;
  const out: Row[] = [];
  for (let i = q.startingRow - 1; ; i++) {
    const rec = usable(sheet.get(i));
    if (!rec) break;
    if (q.maxRowCount !== -1 && out.length >= q.maxRowCount) break;
    out.push({
      names: rec.map((_, j) => (header ? (header[j] ?? undefined) : undefined) ?? String(j + 1)),
      values: rec,
    });
  }
  return out;
}

// ---- .xlsx ----

/** A zip's entries by name, each inflated when it is first read, all of them together at most excelLimits.inflated. */
function unzip(buf: Buffer): ZipEntries {
  // (a ZipError is a workbook that cannot be read, as a BadWorkbook)
  return openZip(buf, { maxTotalBytes: excelLimits.inflated, noun: ['part', 'parts'] });
}

/**
 * The elements named `tag` in `xml`, in document order: [the text of their attributes, their content (undefined
 * for an empty-element tag)]. One pass (indexOf): an element left open ends the list.
 */
function* elements(xml: string, tag: string): Generator<[string, string | undefined]> {
  const open = `<${tag}`;
  const close = `</${tag}>`;
  for (let at = 0; ;) {
    const i = xml.indexOf(open, at);
    if (i < 0) return;
    at = i + open.length;
    // the tag itself, not a longer name (<row>, <row r="1">, <row/>; not <rowBreaks>)
    const next = xml.charCodeAt(at);
    if (next !== 62 && next !== 47 && next !== 32 && next !== 9 && next !== 10 && next !== 13) continue;
    const gt = xml.indexOf('>', at);
    if (gt < 0) return;
    if (xml.charCodeAt(gt - 1) === 47) {
      yield [xml.slice(at, gt - 1), undefined];
      at = gt + 1;
      continue;
    }
    const end = xml.indexOf(close, gt + 1);
    if (end < 0) return;
    yield [xml.slice(at, gt), xml.slice(gt + 1, end)];
    at = end + close.length;
  }
}

/** The content of the first `tag` element in `xml` (undefined: none, or an empty-element tag). */
function firstContent(xml: string, tag: string): string | undefined {
  for (const [, content] of elements(xml, tag)) return content;
  return undefined;
}

/** XML text: the five entities, character references and OOXML's _xHHHH_ escapes. */
function xmlText(s: string): string {
  return decodeEntities(s, 0, undefined).replace(/_x([0-9A-Fa-f]{4})_/g, (_, h: string) =>
    String.fromCharCode(parseInt(h, 16)),
  );
}

/** The text of an <si> or <is>: its <t> runs, phonetic runs (<rPh>) left out. */
function runsText(xml: string): string {
  let s = '';
  let rest = xml;
  if (rest.includes('<rPh')) {
    // (the <t> of a phonetic run is not the string's)
    let kept = '';
    let at = 0;
    for (;;) {
      const i = rest.indexOf('<rPh', at);
      if (i < 0) break;
      const end = rest.indexOf('</rPh>', i);
      kept += rest.slice(at, i);
      at = end < 0 ? rest.length : end + 6;
    }
    rest = kept + rest.slice(at);
  }
  for (const [, content] of elements(rest, 't')) s += xmlText(content ?? '');
  return s;
}

/** The attribute patterns by name (attr runs for every cell of a sheet: each is built once). */
const attrPatterns = new Map<string, RegExp>();

function attr(tag: string, name: string): string | undefined {
  let re = attrPatterns.get(name);
  if (!re) attrPatterns.set(name, (re = new RegExp(`\\s${name}\\s*=\\s*("([^"]*)"|'([^']*)')`)));
  const m = re.exec(tag);
  return m ? xmlText(m[2] ?? m[3]) : undefined;
}

function colIndex(ref: string): number {
  let n = 0;
  for (const ch of ref.toUpperCase()) {
    const c = ch.charCodeAt(0);
    if (c < 65 || c > 90) break;
    n = n * 26 + (c - 64);
  }
  return n - 1;
}

function readXlsx(buf: Buffer): Workbook {
  const zip = unzip(buf);
  const text = (name: string) => zip.read(name)?.toString('utf8');
  const wb = text('xl/workbook.xml');
  if (!wb) throw new BadWorkbook('no xl/workbook.xml in the workbook');
  const rels = new Map<string, string>();
  for (const m of (text('xl/_rels/workbook.xml.rels') ?? '').matchAll(/<Relationship\b[^>]*>/g)) {
    const id = attr(m[0], 'Id');
    const target = attr(m[0], 'Target');
    if (id && target) rels.set(id, target.startsWith('/') ? target.slice(1) : `xl/${target}`);
  }
  let shared: string[] | undefined;
  const sharedStrings = () => {
    if (!shared) {
      shared = [];
      for (const [, content] of elements(text('xl/sharedStrings.xml') ?? '', 'si'))
        shared.push(runsText(content ?? ''));
    }
    return shared;
  };
  const parts = new Map<string, string>();
  for (const m of wb.matchAll(/<(?:\w+:)?sheet\b[^>]*>/g)) {
    const name = attr(m[0], 'name');
    const rid = attr(m[0], 'r:id') ?? attr(m[0], '\\w+:id');
    // (a sheet whose part is missing is left out)
    if (name !== undefined && rid && rels.has(rid) && zip.has(rels.get(rid)!) && !parts.has(name))
      parts.set(name, rels.get(rid)!);
  }
  return {
    names: [...parts.keys()],
    sheet: (name) => {
      const xml = text(parts.get(name)!) ?? '';
      const count = cellBudget();
      const sheet: Sheet = new Map();
      let nextRow = 0;
      for (const [rowAttrs, rowBody] of elements(xml, 'row')) {
        const rn = attr(rowAttrs, 'r');
        const ri = rn ? Number(rn) - 1 : nextRow;
        nextRow = ri + 1;
        const cells: (string | null)[] = [];
        let nextCol = 0;
        for (const [cellAttrs, body = ''] of elements(rowBody ?? '', 'c')) {
          const ref = attr(cellAttrs, 'r');
          const ci = ref ? colIndex(ref) : nextCol;
          nextCol = ci + 1;
          const t = attr(cellAttrs, 't') ?? 'n';
          const v = firstContent(body, 'v');
          let out: string | null;
          if (/<f\b/.test(body)) out = '{formula}';
          else if (t === 'inlineStr') out = runsText(firstContent(body, 'is') ?? '');
          else if (v === undefined) out = '';
          else if (t === 's') out = sharedStrings()[Number(v)] ?? '';
          else if (t === 'str') out = xmlText(v);
          else if (t === 'b') out = v.trim() === '1' ? 'true' : 'false';
          else if (t === 'e') out = null;
          else out = numeric(Number(v));
          while (cells.length < ci) {
            count();
            cells.push('');
          }
          count();
          cells[ci] = out;
        }
        // XSSFRow.getLastCellNum: a row without cells is -1 (ExcelQuery stops there)
        sheet.set(ri, cells);
      }
      return sheet;
    },
  };
}

// ---- .xls (BIFF8 in an OLE2 compound file) ----

function cfbStream(buf: Buffer, wanted: string[]): Buffer {
  if (buf.length < 512) throw new BadWorkbook('the compound file is shorter than its header');
  // version 3: 512-byte sectors, version 4: 4096 (the header fills the first sector); mini sectors of 64
  const shift = buf.readUInt16LE(0x1e);
  const miniShift = buf.readUInt16LE(0x20);
  if ((shift !== 9 && shift !== 12) || miniShift !== 6)
    throw new BadWorkbook(`the compound file's sector shifts ${shift}/${miniShift} are not 9 or 12 / 6`);
  const sectorSize = 1 << shift;
  const miniSize = 1 << miniShift;
  const cutoff = buf.readUInt32LE(0x38);
  // the sectors the file holds: no FAT, chain or stream can be longer
  const sectors = Math.max(0, Math.ceil((buf.length - sectorSize) / sectorSize));
  const sector = (n: number) => {
    if (n >= sectors) throw new BadWorkbook(`sector ${n} lies outside the compound file`);
    return buf.subarray((n + 1) * sectorSize, (n + 2) * sectorSize);
  };
  // the FAT: its sectors listed in the header's DIFAT, then in DIFAT sectors
  const fatSectors: number[] = [];
  for (let i = 0; i < 109; i++) {
    const s = buf.readInt32LE(0x4c + i * 4);
    if (s >= 0) fatSectors.push(s);
  }
  let difat = buf.readInt32LE(0x44);
  for (let guard = 0; difat >= 0; guard++) {
    if (guard > sectors) throw new BadWorkbook("the compound file's DIFAT sectors make a cycle");
    const d = sector(difat);
    for (let i = 0; i < sectorSize / 4 - 1; i++) {
      const s = d.readInt32LE(i * 4);
      if (s >= 0) fatSectors.push(s);
    }
    difat = d.readInt32LE(sectorSize - 4);
  }
  if (fatSectors.length > sectors)
    throw new BadWorkbook('the compound file lists more FAT sectors than it has');
  const fat: number[] = [];
  for (const s of fatSectors) {
    const d = sector(s);
    for (let i = 0; i < sectorSize / 4; i++) fat.push(d.readInt32LE(i * 4));
  }
  // a chain longer than the sectors there are goes round in a cycle
  const chain = (start: number, table: number[], limit: number): number[] => {
    const out: number[] = [];
    for (let s = start; s >= 0; s = table[s] ?? -2) {
      if (out.length >= limit) throw new BadWorkbook("a chain of the compound file's sectors makes a cycle");
      out.push(s);
    }
    return out;
  };
  const read = (start: number) => Buffer.concat(chain(start, fat, sectors).map(sector));
  const dir = read(buf.readInt32LE(0x30));
  const entries: { name: string; type: number; start: number; size: number }[] = [];
  for (let o = 0; o + 128 <= dir.length; o += 128) {
    const len = dir.readUInt16LE(o + 0x40);
    entries.push({
      name: dir.toString('utf16le', o, o + Math.max(0, len - 2)),
      type: dir[o + 0x42],
      start: dir.readInt32LE(o + 0x74),
      size: dir.readUInt32LE(o + 0x78),
    });
  }
  const entry = entries.find((e) => e.type === 2 && wanted.includes(e.name));
  if (!entry) throw new Error(`The compound file has no ${wanted[0]} stream`);
  if (entry.size >= cutoff) return read(entry.start).subarray(0, entry.size);
  // a small stream lives in the mini stream (the root entry's), in mini sectors chained by the mini FAT
  const miniStream = read(entries[0].start);
  const miniFat: number[] = [];
  const mf = read(buf.readInt32LE(0x3c));
  for (let i = 0; i + 4 <= mf.length; i += 4) miniFat.push(mf.readInt32LE(i));
  return Buffer.concat(
    chain(entry.start, miniFat, miniStream.length / miniSize).map((s) =>
      miniStream.subarray(s * miniSize, (s + 1) * miniSize),
    ),
  ).subarray(0, entry.size);
}

/** RK: a 30-bit integer or the high bits of a double, divided by 100 when bit 0 says so. */
function rkValue(rk: number): number {
  let v: number;
  if (rk & 2) v = rk >> 2;
  else {
    const b = Buffer.alloc(8);
    b.writeUInt32LE((rk & 0xfffffffc) >>> 0, 4);
    v = b.readDoubleLE(0);
  }
  return rk & 1 ? v / 100 : v;
}

function readXls(buf: Buffer): Workbook {
  const wb = cfbStream(buf, ['Workbook', 'Book']);
  // the records, a CONTINUE's data kept apart (a string running over records starts it with a new flags byte)
  const recs: { type: number; pos: number; data: Buffer }[] = [];
  for (let p = 0; p + 4 <= wb.length;) {
    const type = wb.readUInt16LE(p);
    const len = wb.readUInt16LE(p + 2);
    recs.push({ type, pos: p, data: wb.subarray(p + 4, p + 4 + len) });
    p += 4 + len;
  }
  const boundSheets: { name: string; pos: number }[] = [];
  let sst: string[] = [];
  for (let i = 0; i < recs.length; i++) {
    const r = recs[i];
    if (r.type === 0x0085) {
      const cch = r.data[6];
      const high = r.data[7] & 1;
      boundSheets.push({
        pos: r.data.readUInt32LE(0),
        name: high ? r.data.toString('utf16le', 8, 8 + cch * 2) : r.data.toString('latin1', 8, 8 + cch),
      });
    } else if (r.type === 0x00fc) {
      const chunks = [r.data];
      for (let j = i + 1; j < recs.length && recs[j].type === 0x003c; j++) chunks.push(recs[j].data);
      sst = readSst(chunks);
    } else if (r.type === 0x000a) break;
  }
  const at = new Map<number, number>();
  recs.forEach((r, i) => at.set(r.pos, i));
  const byName = new Map<string, number>();
  for (const bs of boundSheets)
    if (at.has(bs.pos) && !byName.has(bs.name)) byName.set(bs.name, at.get(bs.pos)!);
  const sheet = (start: number): Sheet => {
    const sheet: Sheet = new Map();
    const rowLast = new Map<number, number>();
    const count = cellBudget();
    const put = (row: number, col: number, v: string | null) => {
      const cells = sheet.get(row) ?? [];
      while (cells.length < col) {
        count();
        cells.push('');
      }
      count();
      cells[col] = v;
      sheet.set(row, cells);
    };
    for (let i = start + 1; i < recs.length && recs[i].type !== 0x000a; i++) {
      const { type, data: d } = recs[i];
      if (type === 0x0208) rowLast.set(d.readUInt16LE(0), d.readUInt16LE(4));
      else if (type === 0x00fd) put(d.readUInt16LE(0), d.readUInt16LE(2), sst[d.readUInt32LE(6)] ?? '');
      else if (type === 0x0203) put(d.readUInt16LE(0), d.readUInt16LE(2), numeric(d.readDoubleLE(6)));
      else if (type === 0x027e) put(d.readUInt16LE(0), d.readUInt16LE(2), numeric(rkValue(d.readInt32LE(6))));
      else if (type === 0x00bd) {
        const row = d.readUInt16LE(0);
        const first = d.readUInt16LE(2);
        const n = (d.length - 6) / 6;
        for (let k = 0; k < n; k++) put(row, first + k, numeric(rkValue(d.readInt32LE(4 + k * 6 + 2))));
      } else if (type === 0x0201) put(d.readUInt16LE(0), d.readUInt16LE(2), '');
      else if (type === 0x00be) {
        const row = d.readUInt16LE(0);
        const first = d.readUInt16LE(2);
        const last = d.readUInt16LE(d.length - 2);
        for (let c = first; c <= last; c++) put(row, c, '');
      } else if (type === 0x0205)
        put(d.readUInt16LE(0), d.readUInt16LE(2), d[7] ? null : d[6] ? 'true' : 'false');
      else if (type === 0x0006) put(d.readUInt16LE(0), d.readUInt16LE(2), '{formula}');
      else if (type === 0x0204) {
        const cch = d.readUInt16LE(6);
        const high = d[8] & 1;
        put(
          d.readUInt16LE(0),
          d.readUInt16LE(2),
          high ? d.toString('utf16le', 9, 9 + cch * 2) : d.toString('latin1', 9, 9 + cch),
        );
      }
    }
    // a ROW record without cells is an empty row (HSSFRow.getLastCellNum -1); its last column otherwise
    for (const [row, last] of rowLast) {
      if (!sheet.has(row) && last > 0) sheet.set(row, []);
      const cells = sheet.get(row);
      if (cells)
        while (cells.length < last) {
          count();
          cells.push('');
        }
    }
    return sheet;
  };
  return { names: [...byName.keys()], sheet: (name) => sheet(byName.get(name)!) };
}

/** The shared strings (XLUnicodeRichExtendedString), reading on across CONTINUE records. */
function readSst(chunks: Buffer[]): string[] {
  let ci = 0;
  let p = 8;
  const unique = chunks[0].readUInt32LE(4);
  const out: string[] = [];
  const avail = () => chunks[ci].length - p;
  const next = () => {
    ci++;
    p = 0;
  };
  const u8 = () => {
    if (avail() < 1) next();
    return chunks[ci][p++];
  };
  const u16 = () => {
    if (avail() < 2) next();
    const v = chunks[ci].readUInt16LE(p);
    p += 2;
    return v;
  };
  const u32 = () => {
    if (avail() < 4) next();
    const v = chunks[ci].readUInt32LE(p);
    p += 4;
    return v;
  };
  const skip = (n: number) => {
    while (n > 0 && ci < chunks.length) {
      const k = Math.min(n, avail());
      p += k;
      n -= k;
      if (n > 0) next();
    }
  };
  for (let s = 0; s < unique && ci < chunks.length; s++) {
    const cch = u16();
    let flags = u8();
    const runs = flags & 0x08 ? u16() : 0;
    const ext = flags & 0x04 ? u32() : 0;
    let str = '';
    let left = cch;
    while (left > 0 && ci < chunks.length) {
      // (a record cannot end inside a UTF-16 character: a byte left over is skipped)
      if (avail() <= 0 || (flags & 1 && avail() < 2)) {
        next();
        // a continued string starts its part with the flags byte again
        flags = chunks[ci][p++];
      }
      const high = flags & 1;
      const n = Math.min(left, high ? Math.floor(avail() / 2) : avail());
      str += high ? chunks[ci].toString('utf16le', p, p + n * 2) : chunks[ci].toString('latin1', p, p + n);
      p += high ? n * 2 : n;
      left -= n;
    }
    skip(runs * 4 + ext);
    out.push(str);
  }
  return out;
}
