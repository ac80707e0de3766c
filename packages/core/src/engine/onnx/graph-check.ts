/**
 * Graph checks: that a loaded ONNX session has the inputs and outputs (names, ranks, dtypes) an
 * engine's contract names, and what its metadata says. Mismatches become
 * `EARSHOT_ERR_MODEL_GRAPH` errors naming the file.
 */
import { ModelLoadError } from '../../model/errors.ts';
import type { OrtSession } from './ort.ts';

/** One input or output: its rank and accepted element types. */
export interface ValueSpec {
  readonly rank: number;
  /** Accepted element types. */
  readonly types: readonly string[];
}

/** Names, ranks and dtypes of one graph's inputs and outputs. */
export interface GraphSpec {
  readonly inputs: Readonly<Record<string, ValueSpec>>;
  readonly outputs: Readonly<Record<string, ValueSpec>>;
}

/** Throws `EARSHOT_ERR_MODEL_GRAPH` when `session` lacks the names, ranks or dtypes of `spec`. */
export function checkGraph(session: OrtSession, spec: GraphSpec, file: string): void {
  const problems: string[] = [];
  for (const [side, names, metadata, expected] of [
    ['input', session.inputNames, safeMetadata(session, 'inputMetadata'), spec.inputs],
    ['output', session.outputNames, safeMetadata(session, 'outputMetadata'), spec.outputs],
  ] as const) {
    for (const [name, want] of Object.entries(expected)) {
      if (!names.includes(name)) {
        problems.push(`missing ${side} '${name}' (has ${names.map((n) => `'${n}'`).join(', ')})`);
        continue;
      }
      const meta = metadata?.find((m) => m.name === name);
      if (meta === undefined || !meta.isTensor) continue;
      if (meta.shape.length !== want.rank)
        problems.push(`${side} '${name}' has rank ${meta.shape.length}, expected ${want.rank}`);
      if (!want.types.includes(meta.type))
        problems.push(`${side} '${name}' is ${meta.type}, expected ${want.types.join(' or ')}`);
    }
  }
  if (problems.length > 0)
    throw new ModelLoadError('EARSHOT_ERR_MODEL_GRAPH', file, `${problems.join('; ')}.`);
}

/** The dtype a session expects for a float input (float16 graphs take Uint16 bits). */
export function inputFloatType(session: OrtSession, name: string): 'float32' | 'float16' {
  const meta = safeMetadata(session, 'inputMetadata')?.find((m) => m.name === name);
  return meta?.isTensor && meta.type === 'float16' ? 'float16' : 'float32';
}

/** Static dims of an output (numbers; symbolic dims as -1), or null when unknown. */
export function outputShape(session: OrtSession, name: string): number[] | null {
  const meta = safeMetadata(session, 'outputMetadata')?.find((m) => m.name === name);
  if (meta === undefined || !meta.isTensor) return null;
  return meta.shape.map((d) => (typeof d === 'number' ? d : -1));
}

function safeMetadata(session: OrtSession, key: 'inputMetadata' | 'outputMetadata') {
  try {
    return session[key];
  } catch {
    return undefined; // older runtimes do not expose metadata
  }
}
