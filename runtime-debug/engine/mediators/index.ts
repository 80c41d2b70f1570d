/** Registers every mediator implementation with the compiler (import for side effects). */
import './core';
import './flow';
import './transform';
import './routing';
import './eip';
import './advanced';
import './script';
import './callout';
import './xslt';
import './rewrite';
import './jsontransform';
import './conditionalRouter';
import './datamapper';
import './xquery';
import '../connectors';
import '../connectors/file';

export const MEDIATORS_LOADED = true;
