/**
 * Indents an XML payload for display (one element per line, an element holding only text stays on one line).
 * Display only: the message itself is never changed. Bounded: very large texts are returned as they are.
 */
const MAX_PRETTY = 2 * 1024 * 1024;

export function prettyXml(text: string, indent = '  '): string {
  if (text.length > MAX_PRETTY || !text.trimStart().startsWith('<')) return text;
  const tokens = text.match(/<!\[CDATA\[[\s\S]*?\]\]>|<!--[\s\S]*?-->|<[^>]*>|[^<]+/g);
  if (!tokens) return text;
  const out: string[] = [];
  let depth = 0;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (t.startsWith('<') && !t.startsWith('<![CDATA[')) {
      if (t.startsWith('</')) {
        depth = Math.max(0, depth - 1);
        out.push(indent.repeat(depth) + t);
      } else if (t.startsWith('<?') || t.startsWith('<!') || t.endsWith('/>')) {
        out.push(indent.repeat(depth) + t);
      } else {
        // <a>text</a> on one line
        const text = tokens[i + 1];
        const close = tokens[i + 2];
        if (text !== undefined && !text.startsWith('<') && close?.startsWith('</')) {
          out.push(indent.repeat(depth) + t + text + close);
          i += 2;
        } else if (text?.startsWith('</')) {
          out.push(indent.repeat(depth) + t + text);
          i += 1;
        } else {
          out.push(indent.repeat(depth) + t);
          depth++;
        }
      }
    } else {
      const s = t.trim();
      if (s) out.push(indent.repeat(depth) + s);
    }
  }
  return out.join('\n');
}
