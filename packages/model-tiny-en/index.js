// The model folder inside this package (copied from the repository's models/earshot-tiny-en by `npm run build`).
import { fileURLToPath } from 'node:url';

/** Name of the model (its folder's name). */
export const MODEL_NAME = 'earshot-tiny-en';

/** Absolute path of the model folder (holds earshot-model.json, the graphs, tokenizer and configs). */
export const MODEL_DIR = fileURLToPath(new URL('./earshot-tiny-en/', import.meta.url)).replace(/[\\/]$/, '');
