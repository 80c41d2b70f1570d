export * from './types';
export * from './errors';
export * from './project';
export * from './build';
export * from './read';
export * from './unzip';
export { readPom, type PomInfo } from './pom';
export * from './versioned';
