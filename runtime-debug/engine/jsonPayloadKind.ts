/**
 * What MI's JsonUtil.getNewJsonPayload makes of a text that is to become a JSON payload (payloadFactory's JSON
 * result, the HTTP connector's JSON request body): an empty string is `{}`; else it reads up to the first character
 * that can start JSON (then resets: the text is kept whole). `{` or `[`: the text is the payload as it is, not parsed
 * (`stream`). A value character: the whole text must be a quoted string, true, false, null or a plain number, as
 * written (leading blanks included), else it is refused (`invalid`). Nothing that starts JSON: only spaces (char 32)
 * is an empty payload (`blank`: the message is left alone); other text is `none`, which MI refuses unless the
 * message is a GET or DELETE (isValidPayloadRequired), where it is left alone too.
 */
export function jsonPayloadKind(text: string): 'empty' | 'stream' | 'invalid' | 'none' | 'blank' {
  if (text === '') return 'empty';
  let onlySpaces = true;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 123 || c === 91) return 'stream'; // { [
    // " t n f - digit: a lone value, checked as a whole
    if (c === 34 || c === 116 || c === 110 || c === 102 || c === 45 || (c >= 48 && c <= 57))
      return (text.startsWith('"') && text.endsWith('"') && text.length > 1) ||
        text === 'true' ||
        text === 'false' ||
        text === 'null' ||
        /^-?\d+(\.\d+)?$/.test(text)
        ? 'stream'
        : 'invalid';
    if (c !== 32) onlySpaces = false;
  }
  return onlySpaces ? 'blank' : 'none';
}
