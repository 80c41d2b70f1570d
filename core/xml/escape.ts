/** The XML escapes of text written into markup by hand (the serializer of nodes has its own, Axiom's). */

/** Element text: `&`, `<` and `>` escaped. */
export function escapeXmlText(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** An attribute value between double quotes: `&`, `<` and `"` escaped. */
export function escapeXmlAttr(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');
}
