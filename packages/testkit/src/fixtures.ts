/**
 * Where the shared test fixtures are (Node only): espeak clips and their texts (`fixtures/audio`)
 * and the embedded model's reference outputs (`fixtures/reference`, rebuilt by training/finish.sh).
 */
import { fileURLToPath } from 'node:url';

/** The espeak clips at 16/24/48 kHz (scripts/make-fixtures.sh). */
export const AUDIO_FIXTURES = fileURLToPath(new URL('../fixtures/audio/', import.meta.url));
/** The embedded model's reference transcripts, logits and features (training/reference.py). */
export const REFERENCE_FIXTURES = fileURLToPath(new URL('../fixtures/reference/', import.meta.url));
