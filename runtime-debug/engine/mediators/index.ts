/** Registers every mediator implementation with the compiler (import for side effects). */
import './core';
import './flow';
import './transform';
import './routing';
import './eip';

export const MEDIATORS_LOADED = true;
