export * from './client';
export * from './errors';
export * from './tls';
export * from './types';
