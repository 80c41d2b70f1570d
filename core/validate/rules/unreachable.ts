/** Mediators after respond/drop/loopback (or another terminal mediator) in the same mediator list never run. */
import type { XmlElement } from '../../xml/types';
import type { Report } from '../report';

/**
 * `list` is an element whose content is a mediator list; `isTerminal` says whether a child mediator ends the flow.
 */
export function checkUnreachable(
  list: XmlElement,
  isTerminal: (el: XmlElement) => boolean,
  report: Report,
): void {
  let terminal: XmlElement | undefined;
  for (const c of list.children) {
    if (c.kind !== 'element') continue;
    if (c.local === 'description') continue;
    if (terminal) {
      const last = [...list.children].reverse().find((n) => n.kind === 'element')!;
      report.add(
        'SYN300',
        c.nameSpan,
        `Unreachable: <${c.name}> comes after <${terminal.name}>, which ends the flow.`,
        {
          removeStart: c.span.start,
          removeEnd: last.span.end,
          after: terminal.name,
        },
      );
      return;
    }
    if (isTerminal(c)) terminal = c;
  }
}
