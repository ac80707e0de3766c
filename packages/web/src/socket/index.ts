// Socket: the browser WebSocket surface over a MessagePort, and the opt-in WebSocket router.
export { createCloseEvent } from './close-event.ts';
export {
  type InstallLocalRealtimeOptions,
  installLocalRealtime,
  type LocalUrlMatcher,
  matchesLocalUrl,
} from './install-local-realtime.ts';
export { LocalRealtimeSocket, type LocalRealtimeSocketOptions } from './local-realtime-socket.ts';
export { isPortControl, type PortControl } from './port-messages.ts';
