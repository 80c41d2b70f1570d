/** The engine's view of the catalog: which mediator names the editor knows (for the editor-only rule). */
import { MEDIATORS, isConnectorOperation } from '../../core/catalog/mediators';

const names = new Set(MEDIATORS.map((m) => m.name));

export function knownMediator(name: string): boolean {
  return names.has(name) || isConnectorOperation(name);
}

export function catalogMediatorNames(): string[] {
  return [...names];
}
