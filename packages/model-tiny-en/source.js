// The `earshot-source` condition (the repository's dev flow, no build): the model folder in the repository.
import { fileURLToPath } from 'node:url';

/** Name of the model (its folder's name). */
export const MODEL_NAME = 'earshot-tiny-en';

/** Absolute path of the model folder: models/earshot-tiny-en at the repository's root. */
export const MODEL_DIR = fileURLToPath(new URL('../../models/earshot-tiny-en/', import.meta.url)).replace(
  /[\\/]$/,
  '',
);
