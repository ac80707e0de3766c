/**
 * One greedy generation's bookkeeping, shared by the single decode and every row of a batched one,
 * so that both stop at the same token: EOS, the token bound, or a repetition loop (cut), unless the
 * request asks for a fixed length. It also builds the prompt ids of model-contract §6.
 */
import type { Tokenizer } from '@huggingface/tokenizers';
import type { PromptConfig } from '../../model/prompt-config.ts';
import { repetitionCut } from './transcript-parser.ts';

/** What a decode is asked for, beside its audio. */
export interface GenerationRequest {
  readonly audioTokens: number;
  /** Context text ids inserted into the system turn (hot words, domain). */
  readonly contextIds?: readonly number[];
  /** Ids forced after the assistant turn starts (language header, already-fixed text). */
  readonly assistantIds?: readonly number[];
  /** Bound on new tokens; default the config's `max_new_tokens`. */
  readonly maxNewTokens?: number;
  /** Generate exactly `maxNewTokens` tokens, ignoring EOS and the repetition guard. */
  readonly fixedLength?: boolean;
  /** Also keep each generated token's log-probability. */
  readonly logprobs?: boolean;
}

/** A decode's prompt: its ids, and where the audio rows start. */
export interface Prompt {
  readonly ids: readonly number[];
  /** Index of the first audio row (the length of the prefix with its context). */
  readonly audioStart: number;
}

/** `prefix (+ context) + audio_pad × A + suffix + assistant ids`. */
export function buildPrompt(config: PromptConfig, tokenizer: Tokenizer, request: GenerationRequest): Prompt {
  const { prompt } = config;
  const prefix = withContext(prompt.prefix_ids, request.contextIds ?? [], tokenizer);
  return {
    ids: [
      ...prefix,
      ...new Array<number>(request.audioTokens).fill(prompt.audio_pad_id),
      ...prompt.suffix_ids,
      ...(request.assistantIds ?? []),
    ],
    audioStart: prefix.length,
  };
}

/** Inserts context ids into the system turn: before the first `<|im_end|>` of the prefix. */
function withContext(
  prefix: readonly number[],
  context: readonly number[],
  tokenizer: Tokenizer,
): readonly number[] {
  if (context.length === 0) return prefix;
  const imEnd = tokenizer.token_to_id('<|im_end|>');
  const at = imEnd === undefined ? -1 : prefix.indexOf(imEnd);
  return at < 0 ? prefix : [...prefix.slice(0, at), ...context, ...prefix.slice(at)];
}

export class Generation {
  readonly ids: number[] = [];
  readonly logprobs: number[] = [];
  private stopped = false;
  private readonly fixed: boolean;
  private readonly maxNew: number;

  constructor(
    private readonly request: GenerationRequest,
    private readonly eosIds: readonly number[],
    defaultMaxNew: number,
  ) {
    this.fixed = request.fixedLength === true;
    this.maxNew = request.maxNewTokens ?? defaultMaxNew;
  }

  /** True once the generation has stopped: nothing more to feed. */
  get done(): boolean {
    return this.stopped;
  }

  /**
   * Takes the token the model chose (with its log-probability when asked for); returns true when
   * the model must run once more with it as input, false when the generation is over.
   */
  accept(token: number, logprob: number): boolean {
    if (this.stopped) return false;
    if (!this.fixed && this.eosIds.includes(token)) return this.stop();
    this.ids.push(token);
    if (this.request.logprobs === true) this.logprobs.push(logprob);
    const loop = this.fixed ? null : repetitionCut(this.ids);
    if (loop !== null) {
      this.ids.length = loop;
      this.logprobs.length = Math.min(this.logprobs.length, loop);
      return this.stop();
    }
    if (this.ids.length >= this.maxNew) return this.stop();
    return true;
  }

  /** Stops the generation where it is (its decode was cancelled); returns false. */
  stop(): false {
    this.stopped = true;
    return false;
  }
}
