// Element: <earshot-transcriber>.
export {
  defineTranscriber,
  EarshotTranscriber,
  type EarshotTranscriberEventMap,
  type ErrorDetail,
  type FinalDetail,
  type PartialDetail,
  type StateChangeDetail,
  TRANSCRIBER_EVENTS,
  type TranscriberCustomEvents,
  type TranscriberEventDetails,
  type TranscriberEventName,
  type TranscriberState,
  type TranscriberStats,
} from './earshot-transcriber.ts';
export { TRANSCRIBER_TEMPLATE } from './template.ts';
