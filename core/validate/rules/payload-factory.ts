/** payloadFactory: every $n in the format must have an arg; every arg should be used. */
import type { XmlElement } from '../../xml/types';
import { attr, childElements, firstChild } from '../../xml/query';
import type { Report } from '../report';

export function checkPayloadFactory(pf: XmlElement, text: string, report: Report): void {
  if (attr(pf, 'template-type')?.value.toUpperCase() === 'FREEMARKER') return; // FreeMarker templates use ${...}
  const format = firstChild(pf, 'format');
  if (!format || attr(format, 'key')) return; // a registry/local-entry format is not checked here
  const args = firstChild(pf, 'args');
  // PayloadFactoryMediatorFactory takes every child element of <args> as an argument, whatever its name
  const argEls = args ? childElements(args) : [];
  const inner = format.selfClosing
    ? { start: format.startTag.end, end: format.startTag.end }
    : { start: format.startTag.end, end: format.endTag ? format.endTag.start : format.span.end };
  const body = text.slice(inner.start, inner.end);
  const used = new Set<number>();
  const re = /\$(\d+)/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(body))) {
    // `$` preceded by a backslash is a literal in some templates; `${` is a Synapse expression, not an arg
    if (m.index > 0 && body[m.index - 1] === '\\') continue;
    const n = Number(m[1]);
    used.add(n);
    if (n < 1 || n > argEls.length) {
      report.add(
        'SYN500',
        { start: inner.start + m.index, end: inner.start + m.index + m[0].length },
        // MI deploys it; at run time it logs a mismatch there and leaves the rest of the format as written
        (n < 1
          ? `'$${n}': arguments are numbered from $1.`
          : `'$${n}' has no matching <arg>: the payloadFactory declares ${argEls.length} arg${argEls.length === 1 ? '' : 's'}.`) +
          ' Micro Integrator logs a mismatch there and leaves the rest of the format as written.',
        { argCount: argEls.length, index: n },
      );
    }
  }
  argEls.forEach((a, i) => {
    if (!used.has(i + 1))
      report.add('SYN501', a.nameSpan, `Arg ${i + 1} is never used in the format (no '$${i + 1}').`, {
        index: i + 1,
      });
  });
}
