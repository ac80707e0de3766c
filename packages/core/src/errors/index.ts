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
  capText,
  closingError,
  EarshotError,
  type EarshotErrorOptions,
  type ErrorDetails,
  errorDetails,
  MAX_MESSAGE_LENGTH,
  MAX_PARAM_LENGTH,
  MAX_QUOTED_NAME_LENGTH,
  quoteName,
} from './earshot-error.ts';
