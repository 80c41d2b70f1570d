/**
 * What MI's IterateMediatorFactory refuses about an iterate's attachPath when it deploys it, with MI's words. Shared by
 * `synapse run` (the artifact is not deployed) and `synapse validate` (an error), so the two agree.
 */
import type { XmlElement } from '../../../core/xml/types';
import { attrValue } from '../../../core/xml';

/** SynapsePathFactory.getSynapsePath's choice of path class for an attribute's text. */
function pathClass(text: string): 'jsonpath' | 'expression' | 'xpath' {
  if (text.startsWith('json-eval(')) return 'jsonpath';
  if (text.startsWith('${') && text.endsWith('}')) return 'expression';
  return 'xpath';
}

export function iterateRefusal(el: XmlElement): string | undefined {
  const attachPath = attrValue(el, 'attachPath');
  if (attachPath === undefined) return undefined;
  // preservePayload is read with Boolean.valueOf (any case)
  if (attrValue(el, 'preservePayload')?.toLowerCase() !== 'true')
    return 'Wrong configuration for the iterate mediator :: if the iterator should not preserve payload, then attachPath can not be present';
  const expression = attrValue(el, 'expression');
  if (expression !== undefined && pathClass(expression) !== pathClass(attachPath))
    return 'Wrong configuraton for the iterate mediator :: both expression and attachPath should be either jsonpath or xpath';
  return undefined;
}
