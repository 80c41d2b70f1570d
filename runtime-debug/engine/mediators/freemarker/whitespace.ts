/** FreeMarker's white-space stripping (TextBlock's rules) and offsets to line/column. */
import { type El } from './ast';

// ------------------------------------------------------------------ white-space stripping (TextBlock)
function lineStarts(text: string): number[] {
  const out = [0];
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\n' || (c === '\r' && text[i + 1] !== '\n')) out.push(i + 1);
  }
  return out;
}

/** The 1-based line of offset `at`, given the offsets where lines start. */
function lineIn(starts: readonly number[], at: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid] <= at) lo = mid;
    else hi = mid - 1;
  }
  return lo + 1;
}

export function lineCol(text: string, at: number): { line: number; column: number } {
  const starts = lineStarts(text);
  const line = lineIn(starts, at);
  return { line, column: columnAt(text, starts[line - 1], at) };
}

/** FreeMarker's column of a character (SimpleCharStream: a tab moves to the next multiple of 8). */
function columnAt(text: string, lineStart: number, at: number): number {
  let col = 0;
  for (let i = lineStart; i <= at && i < text.length; i++) {
    col++;
    if (text[i] === '\t') {
      col--;
      col += 8 - (col % 8);
    }
  }
  return col;
}

export function cleanup(root: El, full: string): void {
  const starts = lineStarts(full);
  const lineOf = (at: number) => lineIn(starts, at);
  const beginLine = (el: El) => lineOf(el.b);
  const endLine = (el: El) => lineOf(Math.max(el.b, el.end - 1));
  const beginColumn = (el: El) => columnAt(full, starts[lineOf(el.b) - 1], el.b);
  // TemplateElement.getFirstLeaf/getLastLeaf: a macro and a capturing assignment count as leaves
  const isLeafStop = (el: El) => el.t === 'macro' || el.t === 'capture';
  const firstLeaf = (el: El): El => {
    while (el.kids.length && !isLeafStop(el)) el = el.kids[0];
    return el;
  };
  const lastLeaf = (el: El): El => {
    while (el.kids.length && !isLeafStop(el)) el = el.kids[el.kids.length - 1];
    return el;
  };
  const sibling = (el: El, d: number): El | undefined => {
    const p = el.parent;
    if (!p) return undefined;
    return p.kids[p.kids.indexOf(el) + d];
  };
  const nextTerminal = (el: El): El | undefined => {
    const n = sibling(el, 1);
    if (n) return firstLeaf(n);
    return el.parent && el.parent.t !== 'root' ? nextTerminal(el.parent) : undefined;
  };
  const prevTerminal = (el: El): El | undefined => {
    const n = sibling(el, -1);
    if (n) return lastLeaf(n);
    return el.parent && el.parent.t !== 'root' ? prevTerminal(el.parent) : undefined;
  };
  const topLevel = (el: El) => !el.parent || el.parent.t === 'root';
  const nonOutputting = (el: El | undefined) =>
    !!el && ['macro', 'assign', 'setting', 'comment'].includes(el.t);
  const trimmable = (s: string) => /^\s*$/.test(s);
  const isIgnorable = (el: El): boolean => {
    if (el.t !== 'text') return false;
    if (el.s.length === 0) return true;
    if (!trimmable(el.s)) return false;
    const prev = sibling(el, -1);
    const next = sibling(el, 1);
    const top = topLevel(el);
    return ((!prev && top) || nonOutputting(prev)) && ((!next && top) || nonOutputting(next));
  };
  const heedsOpening = (el: El): boolean => {
    if (el.t === 'out') return true;
    if (el.t !== 'text') return false;
    if (isIgnorable(el)) return false;
    for (let i = el.s.length - 1; i >= 0; i--) {
      const c = el.s[i];
      if (c === '\n' || c === '\r') return false;
      if (!/\s/.test(c)) return true;
    }
    return true;
  };
  const heedsTrailing = (el: El): boolean => {
    if (el.t === 'out') return true;
    if (el.t !== 'text') return false;
    if (isIgnorable(el)) return false;
    for (let i = 0; i < el.s.length; i++) {
      const c = el.s[i];
      if (c === '\n' || c === '\r') return false;
      if (!/\s/.test(c)) return true;
    }
    return true;
  };
  const lastNl = (s: string) => Math.max(s.lastIndexOf('\n'), s.lastIndexOf('\r'));
  const firstNl = (s: string) => {
    const m = /[\r\n]/.exec(s);
    return m ? m.index : -1;
  };
  const cleanText = (el: El & { t: 'text' }) => {
    if (el.s.length === 0 || el.unparsed) return;
    // deliberate trims on the same line
    let leftTrim = false;
    for (let n = nextTerminal(el); n && beginLine(n) === endLine(el); n = nextTerminal(n)) {
      if (n.t !== 'trim') continue;
      if (!n.left && !n.right) leftTrim = true;
      if (n.left) {
        leftTrim = true;
        const li = lastNl(el.s);
        if (li >= 0 || beginColumn(el) === 1) {
          const firstPart = el.s.slice(0, li + 1);
          const last = el.s.slice(li + 1);
          el.s = trimmable(last) ? firstPart : firstPart + last.replace(/^\s+/, '');
        }
      }
    }
    let rightTrim = false;
    // TextBlock.deliberateRightTrim: dropping the first line moves the block's begin to the next line
    let bl = beginLine(el);
    let bc = beginColumn(el);
    for (let n = prevTerminal(el); n && endLine(n) === bl; n = prevTerminal(n)) {
      if (n.t !== 'trim') continue;
      if (!n.left && !n.right) rightTrim = true;
      if (n.right) {
        rightTrim = true;
        let fi = firstNl(el.s) + 1;
        if (fi === 0) {
          rightTrim = false;
          break;
        }
        if (el.s.length > fi && el.s[fi - 1] === '\r' && el.s[fi] === '\n') fi++;
        let trailing = el.s.slice(fi);
        const opening = el.s.slice(0, fi);
        if (trimmable(opening)) {
          el.s = trailing;
          bl++;
          bc = 1;
        } else {
          if (trimmable(trailing)) {
            // the rest of the line goes unless something later on the line heeds it (and no <#lt> follows)
            let trimTrailing = true;
            for (let t = nextTerminal(el); t && beginLine(t) === endLine(el); t = nextTerminal(t)) {
              if (heedsOpening(t)) trimTrailing = false;
              if (t.t === 'trim' && t.left) {
                trimTrailing = true;
                break;
              }
            }
            if (trimTrailing) trailing = '';
          }
          el.s = opening.replace(/\s+$/, '') + trailing;
        }
      }
    }
    // the first top-level text is not stripped (its deliberate trims above still apply)
    if (topLevel(el) && !sibling(el, -1)) return;
    let trailingStrip = 0;
    let openingStrip = 0;
    if (!leftTrim) {
      const li = lastNl(el.s);
      if (!(li === -1 && bc !== 1) && trimmable(el.s.slice(li + 1))) {
        let heeds = false;
        for (let n = nextTerminal(el); n && beginLine(n) === endLine(el); n = nextTerminal(n))
          if (heedsTrailing(n)) heeds = true;
        if (!heeds) trailingStrip = el.s.length - (li + 1);
      }
    }
    if (!rightTrim) {
      let ni = firstNl(el.s);
      if (!(ni === -1 && bc !== 1)) {
        ni++;
        if (el.s.length > ni && ni > 0 && el.s[ni - 1] === '\r' && el.s[ni] === '\n') ni++;
        if (trimmable(el.s.slice(0, ni))) {
          let heeds = false;
          for (let n = prevTerminal(el); n && endLine(n) === beginLine(el); n = prevTerminal(n))
            if (heedsOpening(n)) heeds = true;
          if (!heeds) openingStrip = ni;
        }
      }
    }
    if (openingStrip || trailingStrip) el.s = el.s.slice(openingStrip, el.s.length - trailingStrip);
  };
  // TemplateElement.postParseCleanup: the children first, then the ignorable ones go one by one (a later text's
  // siblings are those left): empty text, white-space between non-outputting siblings, every <#t>/<#lt>/<#rt>/<#nt>
  // (TrimInstruction.isIgnorable), an empty <#compress> (CompressedBlock.isIgnorable). So a trim directive inside a
  // finished block no longer reaches the text after it.
  const ignorable = (el: El): boolean =>
    el.t === 'trim' || (el.t === 'compress' && el.kids.length === 0) || isIgnorable(el);
  const visit = (el: El) => {
    for (const k of el.kids) {
      if (k.t === 'text') cleanText(k);
      else visit(k);
    }
    for (let i = 0; i < el.kids.length; i++) {
      if (ignorable(el.kids[i])) {
        el.kids.splice(i, 1);
        i--;
      }
    }
  };
  visit(root);
}
