export * from './serve';
export * from './server';
export * from './registry';
export * from './cert';
export { loadCredentials, TokenStore, type AdminCredentials } from './auth';
export { LogBuffer } from './logs';
