// Element: <earshot-transcriber>.
export {
  defineTranscriber,
  EarshotTranscriber,
  type ErrorDetail,
  type FinalDetail,
  type PartialDetail,
  type TranscriberState,
  type TranscriberStats,
} from './earshot-transcriber.ts';
export { TRANSCRIBER_TEMPLATE } from './template.ts';
