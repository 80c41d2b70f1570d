/** The engine's view of the catalog: which mediator names the editor knows (for the editor-only rule). */
import {
  getMediator,
  mediatorNames,
  PROPERTY_SCOPES,
  PROPERTY_TYPES,
  VARIABLE_TYPES,
} from '../../core/catalog';

export function knownMediator(name: string): boolean {
  return getMediator(name) !== undefined;
}

export function catalogMediatorNames(): string[] {
  return [...mediatorNames()];
}

/**
 * Property scopes the runtime accepts: the catalog's, which are PropertyMediatorFactory's (any other, `synapse` too, is
 * refused there: "Only 'axis2' or 'transport' or ... values are allowed for attribute scope").
 */
export const propertyScopes: ReadonlySet<string> = new Set(PROPERTY_SCOPES);

/** The property mediator's types, as the catalog declares them (MI's DATA_TYPES, as written). */
export const propertyTypes: ReadonlySet<string> = new Set(PROPERTY_TYPES);

/** The variable mediator's types: the catalog's, plus OM (MI 4.4 previews), which still runs as XML. */
export const variableTypes: ReadonlySet<string> = new Set([...VARIABLE_TYPES, 'OM']);
