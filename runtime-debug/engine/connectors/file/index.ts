/** The File connector (local files): registers its operations with the compiler (import for side effects). */
import './operations';

export const FILE_CONNECTOR_LOADED = true;
