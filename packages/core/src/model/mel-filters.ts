/**
 * `mel_filters.json`: the mel filterbank, `n_mels` rows of `n_fft / 2 + 1` weights. Earshot's
 * models store the bare 2-D array; the public export stores `{ n_mels, n_freqs, data }`.
 */
import { z } from 'zod';
import { ModelLoadError } from './errors.ts';
import { parseJsonFile } from './prompt-config.ts';

const rows = z.array(z.array(z.number()));
const filtersSchema = z.union([
  rows,
  z.looseObject({
    n_mels: z.number().int().positive().optional(),
    n_freqs: z.number().int().positive().optional(),
    data: rows,
  }),
]);

/** Parses the filterbank of `file` into `nMels × bins` weights, row-major; throws `EARSHOT_ERR_MODEL_CONFIG` on a shape mismatch. */
export function parseMelFilters(file: string, text: string, nMels: number, bins: number): Float32Array {
  const parsed = parseJsonFile(file, text, filtersSchema);
  const data = Array.isArray(parsed) ? parsed : parsed.data;
  const declared: { n_mels?: number; n_freqs?: number } = Array.isArray(parsed) ? {} : parsed;
  const badDeclared =
    (declared.n_mels !== undefined && declared.n_mels !== nMels) ||
    (declared.n_freqs !== undefined && declared.n_freqs !== bins);
  if (badDeclared || data.length !== nMels || data.some((r) => r.length !== bins)) {
    throw new ModelLoadError('EARSHOT_ERR_MODEL_CONFIG', file, `must be ${nMels} rows of ${bins} weights.`);
  }
  return Float32Array.from(data.flat());
}
