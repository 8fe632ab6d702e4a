export * from './errors';
export * from './signature';
export * from './crypto';
export * from './crypto-cache';
export * from './window';

export * from './codec/fields';
export * from './codec/xml';
export * from './codec/json';
export * from './codec/events';
export * from './codec/decode-push';
export * from './codec/handshake';
export * from './codec/encode-push';
export * from './codec/encode-reply';

export * from './client/errors';
export * from './client/messages';
export * from './client/token-cache';
export * from './client/stable-token';
export * from './client/credentials';
export * from './client/api-client';
export { DEFAULT_API_BASE_URL } from './client/http';
