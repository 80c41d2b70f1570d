/** EIP mediators: foreach (v1 and v2), iterate, clone, aggregate, scatter-gather (MI 4.4). */
export const EIP_LOADED = true;
