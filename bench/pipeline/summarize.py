#!/usr/bin/env python3
"""Writes bench/results/pipeline.md from run.sh's raw rounds and its breakdown run (see run.sh for the arguments)."""
import json
import re
import statistics
import sys

(raw_path, breakdown_json, breakdown_log, out_md, command, started, load_before, load_after, commit, cpu, cores, ram_gb,
 kernel, dotnet, node, jpegs, heics, warmup) = sys.argv[1:]

runs = {}
for line in open(raw_path, encoding='utf-8'):
    round_, name, photo_set, result = line.rstrip('\n').split('\t', 3)
    if round_ == '0':
        continue  # warm-up round, discarded
    runs.setdefault(name, []).append(json.loads(result))


def ms_per_photo(r):
    return r['ms_per_photo'] if 'ms_per_photo' in r else r['seconds'] * 1000 / r['photos']


def med(name, key):
    values = [key(r) for r in runs.get(name, [])]
    return statistics.median(values) if values else None


def mib(kib):
    return kib / 1024 if kib is not None else None


def ok(name):
    return all(r.get('failures', 0) == 0 for r in runs.get(name, []))


pv = med('pivault', ms_per_photo)
two = med('sharp-two-pipelines', ms_per_photo)
one = med('sharp-one-decode', ms_per_photo)
pv_peak = med('pivault', lambda r: r['peak_rss_kib'])
pv_idle = med('pivault', lambda r: r['idle_rss_kib'])
two_peak = med('sharp-two-pipelines', lambda r: r['vmhwm_kib'])
one_peak = med('sharp-one-decode', lambda r: r['vmhwm_kib'])
two_idle = med('sharp-two-pipelines', lambda r: r['idle_rss_kib'])
pv_heic = med('pivault-heic', ms_per_photo)
sharp_heic = runs.get('sharp-heic', [{}])[0]

lines = []
w = lines.append
w('# Pipeline benchmark, end to end: upload → thumbnail and preview served, PiVault vs sharp')
w('')
w(f'{jpegs} corpus JPEGs of 8 MP or more (35 MB) and {heics} phone HEICs of 7 MP or more. **PiVault**: a fresh server '
  '(the native-AOT binary, `pivault serve`, default settings), the photos uploaded one after another through the Immich '
  'API (`POST /api/assets`, multipart, `x-api-key`), each polled until `GET /api/assets/{id}/thumbnail?size=thumbnail` '
  'and `?size=preview` both answer 200 with their bytes; the time runs from the first upload to the last output served. '
  f'**sharp** 0.35.5: one Node process making the same two outputs (WebP short side 250 q80, JPEG short side 1440 q80, '
  f'auto-rotated) from the same files, {cores} photos at a time (as many as cores), timed from the first decode to the '
  'last encode (no HTTP, no disk writes, no database). Both sides warm up untimed on one other JPEG first.')
w('')
w('## Result (JPEG)')
w('')
w('| | ms per photo (median) | photos/s | peak RSS MiB | idle RSS MiB | CPU ms per photo |')
w('| --- | --- | --- | --- | --- | --- |')
w(f'| **PiVault**, upload → both served | **{pv:.0f}** | {1000 / pv:.2f} | {mib(pv_peak):.0f} | {mib(pv_idle):.0f} (server after start-up and one photo) | {med("pivault", lambda r: r["cpu_ms_per_photo"]):.0f} (server) |')
w(f'| PiVault, same, JIT build (`dotnet pivault.dll`, `DOTNET_TieredCompilation=0`) | {med("pivault-jit", ms_per_photo):.0f} | {1000 / med("pivault-jit", ms_per_photo):.2f} | {mib(med("pivault-jit", lambda r: r["peak_rss_kib"])):.0f} | | {med("pivault-jit", lambda r: r["cpu_ms_per_photo"]):.0f} (server) |')
w(f'| sharp, two pipelines per photo (as Immich), {cores} at a time | {two:.0f} | {1000 / two:.2f} | {mib(two_peak):.0f} | {mib(two_idle):.0f} (sharp loaded) | {med("sharp-two-pipelines", lambda r: r["cpu_ms_per_photo"]):.0f} |')
w(f'| sharp, one decode per photo, {cores} at a time | {one:.0f} | {1000 / one:.2f} | {mib(one_peak):.0f} | | {med("sharp-one-decode", lambda r: r["cpu_ms_per_photo"]):.0f} |')
w('')
w('| ratio | value |')
w('| --- | --- |')
w(f'| **throughput, PiVault ÷ sharp (two pipelines)** | **{two / pv:.2f}×** |')
w(f'| throughput, PiVault ÷ sharp (one decode) | {one / pv:.2f}× |')
w(f'| throughput, PiVault\'s JIT build ÷ sharp (two pipelines) | {two / med("pivault-jit", ms_per_photo):.2f}× |')
w(f'| peak RSS, PiVault ÷ sharp (two pipelines) | {pv_peak / two_peak:.2f} |')
w(f'| peak RSS, PiVault ÷ sharp (one decode) | {pv_peak / one_peak:.2f} |')
w('')
target_met = two / pv >= 1.6 and pv_peak < two_peak
w(f'Target (issue 12): PiVault ≥ 1.6× sharp\'s throughput end to end, peak RSS below sharp\'s: '
  f'**{"met" if target_met else "not met"}** against sharp as Immich uses it (two pipelines)'
  f'{"" if one / pv >= 1.6 else "; against the one-decode variant " + f"{one / pv:.2f}×"}.')
w('')
w('## HEIC (phone photos)')
w('')
w(f'PiVault: **{pv_heic:.0f} ms per photo** end to end (median), peak RSS {mib(med("pivault-heic", lambda r: r["peak_rss_kib"])):.0f} MiB. '
  f'sharp: {sharp_heic.get("failures", "?")} of {sharp_heic.get("photos", "?")} failed'
  + (f' — `{sharp_heic["first_error"].strip().splitlines()[-1]}`' if sharp_heic.get('first_error') else '') + ' (its prebuilt libvips has no HEVC decoder), so there is no ratio.')
w('')

# Breakdown from the debug run.
b = json.load(open(breakdown_json, encoding='utf-8'))
log = open(breakdown_log, encoding='utf-8').read()
flat = re.sub(r'\n\s+', ' ', log)
jobs = [(k, float(wt), float(rn), float(fn)) for k, wt, rn, fn in
        re.findall(r'Job (\S+) for asset \S+: waited (\d+) ms, ran (\d+) ms, finished in (\d+) ms', flat)]
draws = [tuple(map(float, m)) for m in re.findall(r'drawn in (\d+) ms, files written in (\d+) ms, row in (\d+) ms', flat)]
changes = re.findall(r'Queue (\S+): (\d+) → (\d+) of (\d+) workers \(([^)]*)\)', flat)
timeline = b['timeline']
n = len(timeline)
uploads = [t['uploaded_ms'] - t['upload_start_ms'] for t in timeline]
meta = [j for j in jobs if j[0] == 'asset.metadata'][-n:]
thumbs = [j for j in jobs if j[0] == 'asset.thumbnails'][-n:]
draws = draws[-n:]
last_upload = max(t['uploaded_ms'] for t in timeline)


def stat(values):
    return f'{statistics.median(values):.0f} (max {max(values):.0f})' if values else '–'


w('## Where the wall time goes (one run with debug timings)')
w('')
w(f'One more PiVault run of the JPEG set with the job runner\'s and the thumbnail step\'s debug timings in the server log '
  f'(`Logging__LogLevel__PiVault.Server.Pipeline=Debug`, `…Features.Media=Debug`): {b["seconds"] * 1000 / n:.0f} ms per photo, '
  f'uploads done after {last_upload / 1000:.1f} s, last photo served after {b["seconds"]:.1f} s.')
w('')
w('| phase, per photo | median ms (max) | sum over the set, s |')
w('| --- | --- | --- |')
w(f'| upload answered (client sends, server streams to disk with SHA-1, fsync, rename, row with synchronous=FULL) | {stat(uploads)} | {sum(uploads) / 1000:.1f} |')
w(f'| metadata job: wait from enqueue to claim (queue wake-up) | {stat([j[1] for j in meta])} | |')
w(f'| metadata job: run (read EXIF, place, write rows) | {stat([j[2] for j in meta])} | {sum(j[2] for j in meta) / 1000:.2f} |')
w(f'| thumbnail job: wait from enqueue to claim (behind other photos: the backlog) | {stat([j[1] for j in thumbs])} | |')
w(f'| thumbnail: decode + resize + encode both + ThumbHash (libvips) | {stat([d[0] for d in draws])} | {sum(d[0] for d in draws) / 1000:.1f} |')
w(f'| thumbnail: write both files (temp, fsync, rename) | {stat([d[1] for d in draws])} | {sum(d[1] for d in draws) / 1000:.2f} |')
w(f'| thumbnail: row update with synchronous=FULL | {stat([d[2] for d in draws])} | {sum(d[2] for d in draws) / 1000:.2f} |')
w(f'| completion transaction (delete job, enqueue follow-ups) | {stat([j[3] for j in meta + thumbs])} | |')
w('')
w('Server CPU during the run by thread (seconds; `libvips worker` is the image work, `.NET TP Worker` the thread pool '
  'running HTTP, uploads, metadata and the steps\' managed code):')
w('')
w('| thread | CPU s | per photo ms |')
w('| --- | --- | --- |')
for name, seconds in b.get('cpu_seconds_by_thread', {}).items():
    w(f'| {name} | {seconds:.2f} | {seconds * 1000 / n:.0f} |')
w('')
w('Governor decisions during the run (thumbnail workers):')
w('')
for queue, before, after, of, why in changes:
    w(f'- `{queue}`: {before} → {after} of {of} ({why})')
if not changes:
    w('- none: every queue kept all its workers for the whole run')
w('')
w('Per photo (ms from the first upload):')
w('')
w('| file | upload started | upload answered | both outputs served |')
w('| --- | --- | --- | --- |')
for t in timeline:
    w(f'| {t["file"]} | {t["upload_start_ms"]} | {t["uploaded_ms"]} | {t["served_ms"]} |')
w('')
w('## Every timed round (ms per photo)')
w('')
names = ['pivault', 'pivault-jit', 'sharp-two-pipelines', 'sharp-one-decode', 'pivault-heic']
count = max(len(runs.get(x, [])) for x in names)
w('| configuration | ' + ' | '.join(f'round {i + 1}' for i in range(count)) + ' | median |')
w('| --- |' + ' --- |' * (count + 1))
for x in names:
    values = [ms_per_photo(r) for r in runs.get(x, [])]
    w(f'| {x} | ' + ' | '.join(f'{v:.0f}' for v in values) + f' | {statistics.median(values):.0f} |')
w('')
w('## Method')
w('')
w(f'- Command: `{command}` (publishes the native-AOT binary with `scripts/publish.sh --arch amd64 --no-archive` unless '
  '`PIVAULT_BINARY` names one, builds the JIT server in Release, installs the sharp peer with `npm ci` in bench/thumbnails, '
  'runs everything, writes this file).')
w('- One process per configuration and round (a fresh PiVault server and data dir each time); rounds rotate the order; '
  'round 0 is a discarded warm-up; figures are medians over the timed rounds.')
w('- PiVault runs as what ships: the native-AOT binary (`artifacts/pivault-<version>-linux-amd64/pivault`). The '
  '`pivault-jit` row runs the JIT build (`dotnet pivault.dll`) with `DOTNET_TieredCompilation=0`, so that every method is '
  'compiled once, fully optimised, before the timed run instead of being recompiled in the background during it.')
w('- PiVault\'s peak RSS is the server\'s VmHWM (start-up, warm-up and run) and the highest VmRSS sampled every 50 ms; '
  'its idle RSS is VmRSS 6 s after the warm-up photo was served. sharp\'s peak RSS is the Node process\'s VmHWM; its '
  'idle RSS is VmRSS with sharp loaded, before the first decode. CPU is user + system of that process.')
w('- The PiVault side pays for what sharp\'s does not do: HTTP, the upload\'s hashing and fsyncs, the metadata step, '
  'the ThumbHash, the files and rows, and the client\'s polling; the upload client (Node) shares the same cores.')
w(f'- Warm-up photo: `{warmup.split("/corpus/")[-1]}`.')
w(f'- Started {started}, load average before {load_before}, after {load_after} (other builds share this machine).')
w(f'- Machine: {cpu}, {cores} cores, {ram_gb} GB RAM, Linux {kernel}; .NET {dotnet}, Node {node}; commit {commit}.')
open(out_md, 'w', encoding='utf-8').write('\n'.join(lines) + '\n')
