/** The connectors the embedded runtime runs (import for side effects: each registers its operations). */
import './http/operations';
import './email';

export const CONNECTORS_LOADED = true;
