// Verifies an exported model folder with onnxruntime-node against torch references:
// encoder output length = A formula, encoder output, decoder_init logits, every decoder_step
// logits (max abs diff <= 1e-3) and greedy tokens (exact) for every <name>.json reference.
// Usage (from the repository root):
//   node training/js/verify_export.mjs [--variant=q4] models/earshot-tiny-en <reference dir>...
// (the q4 variant is compared with references made by `reference.py --int4`)
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';

const args = process.argv.slice(2);
const variantName = (args.find((a) => a.startsWith('--variant=')) ?? '--variant=fp32').slice(
  '--variant='.length,
);
const [dir = 'models/earshot-tiny-en', ...refDirs] = args.filter((a) => !a.startsWith('--'));
const read = (f) => JSON.parse(readFileSync(join(dir, f), 'utf8'));
const cfg = read('prompt_config.json');
const variant = cfg.variants[variantName];
const opts = { executionProviders: ['cpu'] };
const encoder = await ort.InferenceSession.create(join(dir, variant.encoder), opts);
const init = await ort.InferenceSession.create(join(dir, variant.decoder_init), opts);
const step = await ort.InferenceSession.create(join(dir, variant.decoder_step), opts);
const [vocab, hidden] = cfg.embedding.shape;
// Node may hand out small files as views into a shared pool: copy exactly the file's bytes.
const bytes = (buf) => buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength);
const f32 = (buf) => new Float32Array(bytes(buf));
const q = new Int8Array(bytes(readFileSync(join(dir, cfg.embedding.file))));
const scales = f32(readFileSync(join(dir, cfg.embedding.scales_file)));
if (q.length !== vocab * hidden || scales.length !== vocab) throw new Error('embedding size mismatch');
const embedRow = (id, out, at) => {
  for (let j = 0; j < hidden; j++) out[at + j] = q[id * hidden + j] * scales[id];
};
const fromB64 = (s) => f32(Buffer.from(s, 'base64'));
const maxDiff = (a, b) => {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
};
const argmax = (a) => {
  let k = 0;
  for (let i = 1; i < a.length; i++) if (a[i] > a[k]) k = i;
  return k;
};
const conv = (t) => Math.floor((t + 1) / 2);
const audioTokens = (t) => conv(conv(conv(t % 100))) + 13 * Math.floor(t / 100);
let failures = 0;
const check = (ok, msg) => {
  if (!ok) {
    failures++;
    console.error(`FAIL ${msg}`);
  }
};

for (const t of [1100, 150, 100, 1, 250, 437]) {
  const mel = new ort.Tensor(
    'float32',
    Float32Array.from({ length: 128 * t }, () => Math.random() * 2 - 1),
    [1, 128, t],
  );
  const { audio_features } = await encoder.run({ mel });
  check(
    audio_features.dims[1] === audioTokens(t) && audio_features.dims[2] === hidden,
    `T=${t}: audio_features ${audio_features.dims} expected A=${audioTokens(t)}`,
  );
  console.log(`T=${t} -> A=${audio_features.dims[1]} (formula ${audioTokens(t)})`);
}

async function decode(audio) {
  const {
    prefix_ids: prefix,
    suffix_ids: suffix,
    audio_pad_id: pad,
    eos_ids: eos,
    max_new_tokens: maxNew,
  } = cfg.prompt;
  const a = audio.dims[1];
  const ids = [...prefix, ...Array(a).fill(pad), ...suffix];
  const emb = new Float32Array(ids.length * hidden);
  for (const [i, id] of ids.entries()) embedRow(id, emb, i * hidden);
  emb.set(audio.data, prefix.length * hidden);
  let out = await init.run({
    input_embeds: new ort.Tensor('float32', emb, [1, ids.length, hidden]),
    position_ids: new ort.Tensor('int64', BigInt64Array.from(ids.map((_, i) => BigInt(i))), [1, ids.length]),
  });
  const logits = [out.logits.data];
  const tokens = [];
  let next = argmax(out.logits.data);
  let pos = ids.length;
  while (!eos.includes(next) && tokens.length < maxNew) {
    tokens.push(next);
    const e = new Float32Array(hidden);
    embedRow(next, e, 0);
    out = await step.run({
      input_embeds: new ort.Tensor('float32', e, [1, 1, hidden]),
      position_ids: new ort.Tensor('int64', BigInt64Array.from([BigInt(pos)]), [1, 1]),
      past_keys: out.present_keys,
      past_values: out.present_values,
    });
    check(out.present_keys.dims[3] === pos + 1, `present length ${out.present_keys.dims[3]} != ${pos + 1}`);
    logits.push(out.logits.data);
    next = argmax(out.logits.data);
    pos++;
  }
  return { tokens, logits };
}

let worstEnc = 0;
let worstLogit = 0;
let clips = 0;
let tokenMatches = 0;
for (const refDir of refDirs) {
  for (const file of readdirSync(refDir)
    .filter((f) => f.endsWith('.json'))
    .sort()) {
    const ref = JSON.parse(readFileSync(join(refDir, file), 'utf8'));
    const melData = f32(readFileSync(join(refDir, ref.mel.file)));
    const { audio_features } = await encoder.run({ mel: new ort.Tensor('float32', melData, ref.mel.shape) });
    check(audio_features.dims[1] === audioTokens(ref.mel.shape[2]), `${file}: A`);
    const encDiff = maxDiff(audio_features.data, f32(readFileSync(join(refDir, ref.audio_features.file))));
    const { tokens, logits } = await decode(audio_features);
    const want = [ref.decoder_init_logits, ...ref.decoder_step_logits].map(fromB64);
    let logitDiff = 0;
    for (let i = 0; i < Math.min(want.length, logits.length); i++)
      logitDiff = Math.max(logitDiff, maxDiff(logits[i], want[i]));
    if (process.env.VERBOSE)
      console.log(
        file,
        encDiff,
        want.slice(0, 6).map((w, i) => maxDiff(logits[i], w)),
      );
    const same = tokens.length === ref.token_ids.length && tokens.every((t, i) => t === ref.token_ids[i]);
    check(same, `${file}: tokens ${tokens} != torch ${ref.token_ids}`);
    check(logitDiff <= 1e-3, `${file}: max logit diff ${logitDiff}`);
    worstEnc = Math.max(worstEnc, encDiff);
    worstLogit = Math.max(worstLogit, logitDiff);
    clips++;
    tokenMatches += same;
  }
}
console.log(
  JSON.stringify({
    variant: variantName,
    clips,
    tokenMatches,
    maxEncoderDiff: worstEnc,
    maxLogitDiff: worstLogit,
    failures,
  }),
);
process.exitCode = failures ? 1 : 0;
