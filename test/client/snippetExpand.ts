/**
 * Expands a VS Code snippet body the way the editor does when the user accepts every default: placeholders take their
 * default text, choices their first option, empty tab stops and variables nothing. Follows the snippet grammar's
 * escapes (`\$`, `\}`, `\\`) and nesting. Test helper only.
 */
export function expandSnippet(body: string): string {
  let i = 0;
  const parse = (inPlaceholder: boolean): string => {
    let out = '';
    while (i < body.length) {
      const c = body[i];
      if (c === '\\' && i + 1 < body.length && '$}\\'.includes(body[i + 1])) {
        out += body[i + 1];
        i += 2;
      } else if (inPlaceholder && c === '}') {
        return out;
      } else if (c === '$' && /[0-9]/.test(body[i + 1] ?? '')) {
        i++;
        while (/[0-9]/.test(body[i] ?? '')) i++;
      } else if (c === '$' && body[i + 1] === '{') {
        i += 2;
        while (/[A-Za-z0-9_]/.test(body[i] ?? '')) i++;
        if (body[i] === '}') {
          i++;
        } else if (body[i] === ':') {
          i++;
          out += parse(true);
          i++; // the closing brace
        } else if (body[i] === '|') {
          const end = body.indexOf('|}', i);
          out += body.slice(i + 1, end).split(',')[0];
          i = end + 2;
        } else {
          throw new Error(`bad snippet syntax at ${i}: ${body.slice(i - 5, i + 10)}`);
        }
      } else if (c === '$' && /[A-Z_]/.test(body[i + 1] ?? '')) {
        i++;
        while (/[A-Za-z0-9_]/.test(body[i] ?? '')) i++;
      } else {
        out += c;
        i++;
      }
    }
    if (inPlaceholder) throw new Error('unterminated placeholder');
    return out;
  };
  return parse(false);
}
