export * from './store';
export { openStore } from './open-store';
export { encodeJson, decodeJson } from './json-codec';
export { StoreUnavailable, isStoreUnavailable } from './store-errors';
