// Errors: the one catalogue of codes and the one error class every package uses.
export {
  type ClosingErrorCode,
  ERROR_CODES,
  type ErrorCode,
  type ErrorCodeInfo,
  errorInfo,
  isErrorCode,
} from './catalogue.ts';
export {
  type CloseFrame,
  type ClosingError,
  closingError,
  EarshotError,
  type EarshotErrorOptions,
  type ErrorDetails,
  errorDetails,
  quoteName,
} from './earshot-error.ts';
