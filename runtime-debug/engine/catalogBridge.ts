/** The engine's view of the catalog: which mediator names the editor knows (for the editor-only rule). */
import { getMediator, mediatorNames, PROPERTY_SCOPES } from '../../core/catalog';

export function knownMediator(name: string): boolean {
  return getMediator(name) !== undefined;
}

export function catalogMediatorNames(): string[] {
  return [...mediatorNames()];
}

/** Property scopes the runtime accepts: the catalog's, plus `synapse` (MI's other name for the default scope). */
export const propertyScopes: ReadonlySet<string> = new Set([...PROPERTY_SCOPES, 'synapse']);
