// Auth: API keys (Bearer header or browser subprotocol) and the browser Origin allow-list.
export { type ApiKeySources, ApiKeys, parseKeyFile, parseKeyList } from './api-keys.ts';
export {
  bearerKey,
  KEY_SUBPROTOCOL_PREFIX,
  offeredSubprotocols,
  REALTIME_SUBPROTOCOL,
  requestKey,
  selectSubprotocol,
} from './credentials.ts';
export { type AllowedOrigins, OriginPolicy, parseOrigins } from './origins.ts';
