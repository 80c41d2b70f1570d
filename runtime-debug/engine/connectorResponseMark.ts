/**
 * The mark of a connector response variable's value. In MI it is a java.util.Map (InvokeMediator
 * processConnectorResponse), which a Synapse expression read whole (`${vars.r}`) answers as nothing (PayloadAccessNode
 * returns null for a Map), while `vars.r.payload`, `vars.r.headers.x` and `vars.r.attributes.statusCode` read its
 * entries. Kept apart from the connectors layer so that the expression engine can ask without importing it.
 */
export const CONNECTOR_RESPONSE_MAP: unique symbol = Symbol.for('synapse.connectorResponseMap') as never;

/** A connector response variable's value. */
export function isConnectorResponseMap(v: unknown): boolean {
  return typeof v === 'object' && v !== null && CONNECTOR_RESPONSE_MAP in v;
}
