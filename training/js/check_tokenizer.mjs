// Checks that a model folder's tokenizer loads in @huggingface/transformers from local JSON
// and that every vocabulary word (with and without a leading space) is one token.
// Usage (from the repository root): node training/js/check_tokenizer.mjs models/earshot-tiny-en
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PreTrainedTokenizer } from '@huggingface/transformers';

const dir = process.argv[2] ?? 'models/earshot-tiny-en';
const read = (f) => JSON.parse(readFileSync(join(dir, f), 'utf8'));
const tokenizer = new PreTrainedTokenizer(read('tokenizer.json'), read('tokenizer_config.json'));
const vocab = read('vocab.json');
const added = read('added_tokens.json');
const prompt = read('prompt_config.json');
const fail = (msg) => {
  console.error(`FAIL ${msg}`);
  process.exitCode = 1;
};
const same = (a, b) => a.length === b.length && a.every((x, i) => x === b[i]);

const text = 'language English<asr_text>turn on the lights';
const ids = tokenizer.encode(text, { add_special_tokens: false });
const expected = [
  vocab.language,
  vocab.ĠEnglish,
  added['<asr_text>'],
  vocab.turn,
  vocab.Ġon,
  vocab.Ġthe,
  vocab.Ġlights,
];
if (!same(ids, expected)) fail(`encode(${JSON.stringify(text)}) = ${ids}, expected ${expected}`);
if (!same(ids.slice(0, 3), prompt.language_prefix_ids.en))
  fail('language_prefix_ids.en differs from the tokenizer');
const back = tokenizer.decode(ids, { skip_special_tokens: false });
if (back !== text) fail(`decode round trip gave ${JSON.stringify(back)}`);
if (tokenizer.decode(ids.slice(3), { skip_special_tokens: true }) !== 'turn on the lights')
  fail('text decode');

const words = readFileSync(join(dir, 'vocabulary.txt'), 'utf8').split('\n').filter(Boolean);
let bad = 0;
for (const w of words) {
  for (const piece of [w, ` ${w}`, `x ${w}`]) {
    const got = tokenizer.encode(piece, { add_special_tokens: false });
    const want = piece.startsWith('x ') ? 2 : 1;
    if (got.length !== want) {
      bad++;
      fail(`${JSON.stringify(piece)} -> ${got}`);
    }
  }
  const sentence = `zero ${w} one`;
  if (tokenizer.decode(tokenizer.encode(sentence, { add_special_tokens: false })) !== sentence)
    fail(`round trip ${sentence}`);
}
const chat = '<|im_start|>system\n<|im_end|>\n<|im_start|>user\n<|audio_start|>';
if (!same(tokenizer.encode(chat, { add_special_tokens: false }), prompt.prompt.prefix_ids))
  fail('prefix_ids differ from the tokenizer');
const suffix = '<|audio_end|><|im_end|>\n<|im_start|>assistant\n';
if (!same(tokenizer.encode(suffix, { add_special_tokens: false }), prompt.prompt.suffix_ids))
  fail('suffix_ids differ from the tokenizer');
console.log(JSON.stringify({ ids, decoded: back, words: words.length, bad, ok: !process.exitCode }));
