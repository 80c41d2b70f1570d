/** The engine's view of the catalog: which mediator names the editor knows (for the editor-only rule). */
import { getMediator, mediatorNames } from '../../core/catalog';

export function knownMediator(name: string): boolean {
  return getMediator(name) !== undefined;
}

export function catalogMediatorNames(): string[] {
  return [...mediatorNames()];
}
