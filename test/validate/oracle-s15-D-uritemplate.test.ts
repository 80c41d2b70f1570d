/**
 * The validator's uri-template check reads the template with the runtime's parser (core/uriTemplate scanUriTemplate):
 * both drop the two trailing `/` MI drops (URITemplate's constructor, then URITemplateParser.parse) before reading it
 * brace by brace, so they find the same fault.
 */
import assert from 'node:assert/strict';
import { checkUriTemplate } from '../../core/validate/rules/api';
import { uriTemplateProblem } from '../../core/uriTemplate';
import type { XmlAttribute } from '../../core/xml/types';
import type { Report } from '../../core/validate/report';

function findings(value: string): string[] {
  const out: string[] = [];
  const report = {
    add: (
      code: string,
      span: { start: number; end: number },
      message: string,
      _f?: unknown,
      severity?: string,
    ) => out.push(`${code} ${span.start}-${span.end} ${severity ?? 'error'} ${message}`),
  } as unknown as Report;
  checkUriTemplate({ value, valueSpan: { start: 0, end: value.length } } as unknown as XmlAttribute, report);
  return out;
}

describe('uri-template: one parser for the validator and the runtime (URITemplate, URITemplateParser)', () => {
  it('a template ending in two slashes loses both before its braces are read', () => {
    // "/{}//" is read as "/{}": its `{` is next to the end (URITemplateParser "Illegal open brace character")
    assert.equal(uriTemplateProblem('/{}//'), 'Illegal open brace character');
    assert.deepEqual(findings('/{}//'), [
      "SYN400 1-3 error A '{' this close to the end of the uri-template: Micro Integrator's template parser refuses it.",
    ]);
    // one trailing slash: "/{id}/" is "/{id}", a valid template
    assert.equal(uriTemplateProblem('/{id}//'), undefined);
    assert.deepEqual(findings('/{id}//'), []);
  });

  it('a fault after a space is still an error: MI refuses the API whatever stands before it (URITemplateParser.parse)', () => {
    assert.equal(uriTemplateProblem('/a b/{}/c'), 'Illegal empty expression');
    assert.deepEqual(findings('/a b/{}/c'), ['SYN400 5-7 error Empty variable {} in the uri-template.']);
    assert.deepEqual(findings('/a b/{id}'), [
      'SYN400 2-3 warning A space in the uri-template: Micro Integrator deploys it, but a request path never holds a raw space, so this part never matches.',
    ]);
  });

  it('the validator reports the fault the runtime refuses the API for, with its span', () => {
    assert.equal(uriTemplateProblem('/a/{x{y}/b'), 'Already in expression');
    assert.deepEqual(findings('/a/{x{y}/b'), ["SYN400 5-6 error Nested '{' in a uri-template."]);
    assert.equal(uriTemplateProblem('/a/{;x}/b'), 'Unsupported template expression: {;x}');
    assert.match(findings('/a/{;x}/b')[0], /^SYN400 3-7 error Unsupported variable '\{;x\}'/);
    assert.equal(uriTemplateProblem('/a/{id'), undefined);
    assert.deepEqual(findings('/a/{id'), [
      "SYN400 3-6 warning Unclosed '{' in the uri-template: Micro Integrator deploys it as if the '}' were there.",
    ]);
  });
});
