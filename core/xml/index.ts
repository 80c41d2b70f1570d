export * from './types';
export * from './parse';
export * from './lines';
export * from './query';
export * from './decode';
export * from './escape';
