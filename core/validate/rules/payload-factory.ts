/** payloadFactory: every $n in the format must have an arg; every arg should be used. */
import type { Span, XmlElement } from '../../xml/types';
import { attr, childElements, firstChild, textContent } from '../../xml/query';
import type { Report } from '../report';
import { freeMarkerSyntaxError } from '../../../runtime-debug/engine/mediators/freemarker';

export function checkPayloadFactory(pf: XmlElement, text: string, report: Report): void {
  const format = firstChild(pf, 'format');
  if (!format || attr(format, 'key')) return; // a registry/local-entry format is not checked here
  if (attr(pf, 'template-type')?.value.toUpperCase() === 'FREEMARKER') {
    checkFreeMarkerFormat(format, text, report); // FreeMarker templates use ${...}, not $n
    // FreeMarkerTemplateProcessor.init compiles the template when MI deploys the mediator (payloadFactory builds
    // one only for the media types xml, json and text): what FreeMarker cannot parse is refused, as `synapse run` does
    const media = attr(pf, 'media-type')?.value ?? 'xml';
    const error =
      media === 'xml' || media === 'json' || media === 'text'
        ? freeMarkerSyntaxError(textContent(format), media)
        : undefined;
    if (error !== undefined)
      report.add(
        'RT_FREEMARKER_SYNTAX',
        format.nameSpan,
        `Error compiling FreeMarking template : ${error}. Micro Integrator refuses the artifact.`,
      );
    return;
  }
  const args = firstChild(pf, 'args');
  // PayloadFactoryMediatorFactory takes every child element of <args> as an argument, whatever its name
  const argEls = args ? childElements(args) : [];
  const inner = innerSpan(format);
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

function innerSpan(format: XmlElement): Span {
  return format.selfClosing
    ? { start: format.startTag.end, end: format.startTag.end }
    : { start: format.startTag.end, end: format.endTag ? format.endTag.start : format.span.end };
}

/**
 * A FreeMarker format that reads `var.x` (the form MI's payloadFactory documentation shows): MI 4.4's Synapse
 * (4.0.0-wso2v215) binds the variables as `vars` only (pfutils Constants.VARIABLE_INJECTING_NAME, renamed from `var`
 * in 4.0.0-wso2v177), so `var` is undefined there and the template fails when a message runs it (MI deploys it).
 * Only FreeMarker's own parts are read (`${...}`, `<#...>`, `<@...>`, string literals left out), and not when the
 * template names something `var` itself.
 */
function checkFreeMarkerFormat(format: XmlElement, text: string, report: Report): void {
  const inner = innerSpan(format);
  const body = text.slice(inner.start, inner.end);
  if (/(<#(assign|global|local)\s+|\sas\s+(\w+\s*,\s*)?)var\b/.test(body)) return;
  const parts = /\$\{[^}]*\}|<[#@][^>]*>/g;
  let m: RegExpExecArray | null;
  while ((m = parts.exec(body))) {
    const code = m[0].replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'/g, (q) => ' '.repeat(q.length));
    const re = /(?<![\w.$@])var(?=\s*[.[])/g;
    let v: RegExpExecArray | null;
    while ((v = re.exec(code))) {
      const start = inner.start + m.index + v.index;
      report.add(
        'SYN505',
        { start, end: start + 3 },
        "FreeMarker template reads 'var': Micro Integrator 4.4 binds the variables as 'vars' (use vars." +
          "name); 'var' is undefined there, so the template fails when a message runs it.",
        { replacement: 'vars' },
      );
    }
  }
}
