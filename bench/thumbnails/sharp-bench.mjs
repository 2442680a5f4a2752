// Thumbnail benchmark, peer side: sharp in-process over a list of photos, THREADS photos at a time.
//   node sharp-bench.mjs LIST THREADS PASSES [two-pipelines|one-decode]
// two-pipelines: a thumbnail and a preview pipeline per photo, each decoding the file (as Immich does).
// one-decode: decode once to the preview size as raw pixels, encode the preview and resize it for the thumbnail.
// Both: short side 250 WebP q80 and short side 1440 JPEG q80, auto-rotated, never enlarged.
import { readFileSync } from 'node:fs';
import sharp from 'sharp';

const [list, threadsArg, passesArg, variant = 'two-pipelines'] = process.argv.slice(2);
const photos = readFileSync(list, 'utf8').split('\n').filter(Boolean);
const threads = Number(threadsArg);
const passes = Number(passesArg);
const shortSide = (size) => ({ width: size, height: size, fit: 'outside', withoutEnlargement: true });

async function twoPipelines(path) {
  const thumbnail = await sharp(path).rotate().resize(shortSide(250)).webp({ quality: 80 }).toBuffer();
  const preview = await sharp(path).rotate().resize(shortSide(1440)).jpeg({ quality: 80 }).toBuffer();
  return [thumbnail, preview];
}

async function oneDecode(path) {
  const { data, info } = await sharp(path).rotate().resize(shortSide(1440)).raw().toBuffer({ resolveWithObject: true });
  const raw = { raw: { width: info.width, height: info.height, channels: info.channels } };
  const preview = await sharp(data, raw).jpeg({ quality: 80 }).toBuffer();
  const thumbnail = await sharp(data, raw).resize(shortSide(250)).webp({ quality: 80 }).toBuffer();
  return [thumbnail, preview];
}

const generate = variant === 'one-decode' ? oneDecode : twoPipelines;
const idleRss = Number(/VmRSS:\s+(\d+)/.exec(readFileSync('/proc/self/status', 'utf8'))[1]); // sharp loaded, nothing decoded yet
let failures = 0;
let thumbnailBytes = 0;
let previewBytes = 0;
const firstError = [];
async function tryGenerate(path) {
  try {
    const [thumbnail, preview] = await generate(path);
    thumbnailBytes += thumbnail.length;
    previewBytes += preview.length;
    return true;
  } catch (e) {
    if (firstError.length === 0) firstError.push(`${path}: ${e.message}`);
    return false;
  }
}

// Warm-up, untimed.
await tryGenerate(photos[0]);
failures = 0; thumbnailBytes = 0; previewBytes = 0;

const work = Array.from({ length: passes }, () => photos).flat();
let next = 0;
const cpuBefore = process.cpuUsage();
const start = process.hrtime.bigint();
await Promise.all(Array.from({ length: threads }, async () => {
  while (next < work.length) {
    const path = work[next++];
    if (!(await tryGenerate(path))) failures++;
  }
}));
const seconds = Number(process.hrtime.bigint() - start) / 1e9;
const cpu = process.cpuUsage(cpuBefore);
const cpuSeconds = (cpu.user + cpu.system) / 1e6;
const vmhwm = Number(/VmHWM:\s+(\d+)/.exec(readFileSync('/proc/self/status', 'utf8'))[1]);
console.log(JSON.stringify({
  tool: `sharp-${variant}`, sharp: sharp.versions.sharp, libvips: sharp.versions.vips, sharp_concurrency: sharp.concurrency(),
  threads, photos: work.length, failures, seconds, photos_per_second: (work.length - failures) / seconds,
  cpu_seconds: cpuSeconds, cpu_ms_per_photo: cpuSeconds * 1000 / work.length, vmhwm_kib: vmhwm, idle_rss_kib: idleRss, thumbnail_bytes_per_pass: Math.round(thumbnailBytes / passes), preview_bytes_per_pass: Math.round(previewBytes / passes),
  first_error: firstError[0] ?? null,
}));
