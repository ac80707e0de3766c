// The conformance suite and its client, for the server and web packages to run against their hosts.
export { TestClient, type WebSocketLike, type WireError, type WireEvent } from './client.ts';
export { type Clip, type ConformanceTarget, defineConformanceSuite } from './suite.ts';
