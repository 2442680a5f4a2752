// Pipeline benchmark, PiVault side: one fresh server, photos uploaded through the Immich API until both outputs are served.
//   node pivault-bench.mjs SERVER LIST WARMUP_PHOTO [--upload-concurrency N] [--ml-pass]
// SERVER is the native-AOT executable (the product) or the JIT build's pivault.dll (run with `dotnet`).
// Starts `SERVER serve` on a fresh data dir, makes the first admin and an API key, uploads WARMUP_PHOTO and
// waits for its outputs (untimed, like the sharp side's warm-up), samples the idle RSS, then times: every photo of LIST
// POSTed to /api/assets with x-api-key (N at a time, 1 = a phone backing up), each polled until
// GET /api/assets/{id}/thumbnail?size=thumbnail and ?size=preview both answer 200 with their bytes.
// Prints one JSON line: wall time, ms/photo, per-photo latencies (upload answered → both served), idle and peak RSS.
// --ml-pass then also waits until every queue is empty (text, smart search, faces, people, duplicates: the photos fully
// indexed, GET /api/v1/admin/jobs) and adds the ML pass: seconds from the last preview served, CPU, peak RSS.
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';

const [serverPath, list, warmupPhoto, ...rest] = process.argv.slice(2);
const uploadConcurrency = rest.includes('--upload-concurrency') ? Number(rest[rest.indexOf('--upload-concurrency') + 1]) : 1;
const mlPass = rest.includes('--ml-pass');
const photos = readFileSync(list, 'utf8').split('\n').filter(Boolean);

const port = await new Promise((resolve) => {
  const s = createServer().listen(0, '127.0.0.1', () => { const p = s.address().port; s.close(() => resolve(p)); });
});
const base = `http://127.0.0.1:${port}`;
const dataDir = mkdtempSync(join(process.env.TMPDIR || tmpdir(), 'pivault-pipeline-bench-'));
const env = { ...process.env };
delete env.ASPNETCORE_ENVIRONMENT;
delete env.DOTNET_ENVIRONMENT;
const serveArgs = ['serve', '--data-dir', dataDir, '--urls', base];
const server = serverPath.endsWith('.dll')
  ? spawn('dotnet', [serverPath, ...serveArgs], { env, stdio: ['ignore', 'pipe', 'pipe'] })
  : spawn(serverPath, serveArgs, { env, stdio: ['ignore', 'pipe', 'pipe'] });
let log = '';
server.stdout.on('data', (d) => { log += d; });
server.stderr.on('data', (d) => { log += d; });
const stop = () => { try { server.kill('SIGTERM'); } catch { /* gone */ } };
process.on('exit', stop);

const status = () => readFileSync(`/proc/${server.pid}/status`, 'utf8');
const kib = (field) => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status())[1]);
const cpuSeconds = () => {
  const fields = readFileSync(`/proc/${server.pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100; // utime + stime, clock ticks of 1/100 s
};
// CPU seconds per kind of server thread (by name, digits dropped): the thread pool running the steps, libvips' own
// workers, the JIT's background compiler, the GC, Kestrel's I/O. Threads that ended are not counted.
const threadCpu = () => {
  const byName = {};
  for (const task of readdirSync(`/proc/${server.pid}/task`)) {
    try {
      const name = readFileSync(`/proc/${server.pid}/task/${task}/comm`, 'utf8').trim().replace(/[0-9]+/g, '#');
      const fields = readFileSync(`/proc/${server.pid}/task/${task}/stat`, 'utf8').split(') ')[1].split(' ');
      byName[name] = (byName[name] || 0) + (Number(fields[11]) + Number(fields[12])) / 100;
    } catch { /* ended meanwhile */ }
  }
  return byName;
};
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function json(method, path, body, headers = {}) {
  const response = await fetch(base + path, { method, headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text}`);
  return JSON.parse(text);
}

try {
  for (let i = 0; ; i++) {
    if (server.exitCode !== null) throw new Error(`server exited:\n${log}`);
    try { if ((await fetch(`${base}/api/v1/server/ping`)).ok) break; } catch { /* not yet */ }
    if (i > 600) throw new Error(`server did not start:\n${log}`);
    await sleep(50);
  }
  const email = 'bench@example.com';
  const password = 'pipeline-bench-password';
  await json('POST', '/api/v1/auth/bootstrap', { email, name: 'Pipeline Bench', password });
  const { accessToken } = await json('POST', '/api/v1/auth/login', { email, password });
  const { secret } = await json('POST', '/api/v1/api-keys', { name: 'bench', permissions: ['all'] }, { authorization: `Bearer ${accessToken}` });
  const auth = { 'x-api-key': secret };

  async function upload(path, n) {
    const bytes = readFileSync(path);
    const form = new FormData();
    const stamp = statSync(path).mtime.toISOString();
    form.set('deviceAssetId', `bench-${n}-${basename(path)}`);
    form.set('deviceId', 'pipeline-bench');
    form.set('fileCreatedAt', stamp);
    form.set('fileModifiedAt', stamp);
    form.set('assetData', new Blob([bytes]), basename(path));
    const response = await fetch(`${base}/api/assets`, { method: 'POST', headers: auth, body: form });
    const body = await response.json();
    if (response.status !== 201) throw new Error(`upload ${path}: ${response.status} ${JSON.stringify(body)}`);
    return body.id;
  }

  async function served(id, size) {
    const response = await fetch(`${base}/api/assets/${id}/thumbnail?size=${size}`, { headers: auth });
    const bytes = await response.arrayBuffer();
    if (response.status === 200 && bytes.byteLength > 0) return bytes.byteLength;
    if (response.status !== 404) throw new Error(`${size} of ${id}: ${response.status} ${Buffer.from(bytes).toString()}`);
    return 0;
  }

  // Polls the oldest photo not yet served every 20 ms (the pipeline works in upload order, so this costs the server one
  // small 404 per round); once it is served, the following ones are checked at once, as workers may finish out of order.
  async function waitServed(items) {
    const pending = [...items];
    while (pending.length > 0) {
      const item = pending[0];
      const ready = item.id !== undefined && (item.thumbnail ||= await served(item.id, 'thumbnail')) > 0
        && (item.preview ||= await served(item.id, 'preview')) > 0;
      if (!ready) {
        if (server.exitCode !== null) throw new Error(`server exited:\n${log}`);
        await sleep(20);
        continue;
      }
      item.servedAt ??= performance.now();
      pending.shift();
    }
  }

  const warm = { path: warmupPhoto };
  warm.id = await upload(warmupPhoto, 0);
  await waitServed([warm]);
  await sleep(6000); // past a governor tick, so the warm-up's "uploads in progress" is over
  const idleRssKib = kib('VmRSS');

  const items = photos.map((path) => ({ path }));
  let peakSampled = 0;
  const sampler = setInterval(() => { peakSampled = Math.max(peakSampled, kib('VmRSS')); }, 50);
  const cpuBefore = cpuSeconds();
  const threadsBefore = threadCpu();
  const start = performance.now();
  let nextUpload = 0;
  const uploads = Promise.all(Array.from({ length: uploadConcurrency }, async () => {
    while (nextUpload < items.length) {
      const item = items[nextUpload++];
      item.uploadStartedAt = performance.now();
      item.id = await upload(item.path, nextUpload);
      item.uploadedAt = performance.now();
    }
  }));
  await Promise.all([uploads, waitServed(items)]);
  const seconds = (performance.now() - start) / 1000;
  clearInterval(sampler);
  const cpu = cpuSeconds() - cpuBefore;
  const threadsAfter = threadCpu();
  const threads = Object.fromEntries(Object.entries(threadsAfter).map(([k, v]) => [k, Math.round((v - (threadsBefore[k] || 0)) * 100) / 100])
    .filter(([, v]) => v > 0).sort((x, y) => y[1] - x[1]));
  const latencies = items.map((i) => i.servedAt - i.uploadedAt).sort((a, b) => a - b);
  const ml = mlPass ? await waitIndexed() : {};
  console.log(JSON.stringify({
    ...ml,
    tool: 'pivault', photos: items.length, upload_concurrency: uploadConcurrency, seconds, ms_per_photo: seconds * 1000 / items.length,
    photos_per_second: items.length / seconds, uploads_done_s: (Math.max(...items.map((i) => i.uploadedAt)) - start) / 1000,
    latency_ms_median: latencies[Math.floor(latencies.length / 2)], latency_ms_max: latencies.at(-1),
    cpu_seconds: cpu, cpu_ms_per_photo: cpu * 1000 / items.length, cpu_seconds_by_thread: threads,
    idle_rss_kib: idleRssKib, peak_rss_kib: Math.max(peakSampled, kib('VmHWM')), vmhwm_kib: kib('VmHWM'), sampled_peak_rss_kib: peakSampled,
    thumbnail_bytes: items.reduce((s, i) => s + i.thumbnail, 0), preview_bytes: items.reduce((s, i) => s + i.preview, 0),
    timeline: items.map((i) => ({ file: basename(i.path), upload_start_ms: Math.round(i.uploadStartedAt - start), uploaded_ms: Math.round(i.uploadedAt - start), served_ms: Math.round(i.servedAt - start) })),
  }));

  // Until no queue has a job pending, running or waiting for a retry, seen twice 300 ms apart (a finished step
  // enqueues its follow-ups in its completion transaction, so an empty look between two steps cannot last).
  async function waitIndexed() {
    const started = performance.now();
    const cpuStart = cpuSeconds();
    let peak = 0;
    const sampling = setInterval(() => { peak = Math.max(peak, kib('VmRSS')); }, 50);
    for (let quiet = 0; quiet < 2;) {
      const queues = await json('GET', '/api/v1/admin/jobs', undefined, auth);
      quiet = queues.every((q) => q.pending + q.running + q.delayed === 0) ? quiet + 1 : 0;
      if (server.exitCode !== null) throw new Error(`server exited:\n${log}`);
      await sleep(quiet > 0 ? 300 : 50);
    }
    clearInterval(sampling);
    const seconds = (performance.now() - started - 300) / 1000;
    const queues = await json('GET', '/api/v1/admin/jobs', undefined, auth);
    return {
      ml_seconds: seconds, ml_ms_per_photo: seconds * 1000 / photos.length, ml_cpu_ms_per_photo: (cpuSeconds() - cpuStart) * 1000 / photos.length,
      ml_peak_rss_kib: peak, ml_failed: queues.reduce((n, q) => n + q.failed, 0),
      ml_missing: Object.fromEntries(queues.filter((q) => q.missing > 0).map((q) => [q.queue, q.missing])),
    };
  }
} finally {
  stop();
  await new Promise((r) => (server.exitCode !== null ? r() : server.on('exit', r)));
  if (process.env.PIPELINE_BENCH_LOG) process.stderr.write(log);
  rmSync(dataDir, { recursive: true, force: true });
}
