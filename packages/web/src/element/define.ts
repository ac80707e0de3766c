/**
 * `@earshot/web/element`: the element's API, and `<earshot-transcriber>` registered on import
 * (`defineTranscriber()`; a name already defined is left alone). Call `defineTranscriber('my-name')`
 * from `@earshot/web` instead to choose another tag name.
 */
import { defineTranscriber } from './index.ts';

export * from './index.ts';

defineTranscriber();
