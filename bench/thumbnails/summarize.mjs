// Turns out/raw.tsv from run.sh into bench/results/thumbnails.{md,json}. Round 0 is the warm-up and is dropped.
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

const [rawPath, outBase, commandLine, started, loadBefore, loadAfter, commit, cpu, cores, memoryGiB, kernel, dotnet, node, jpegCount, heicCount] = process.argv.slice(2);
const rows = readFileSync(rawPath, 'utf8').split('\n').filter(Boolean).map((line) => {
  const [round, name, set, json] = line.split('\t');
  return { round: Number(round), name, set, ...JSON.parse(json) };
});
const timed = rows.filter((row) => row.round > 0);
const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};
const mib = (kib) => kib / 1024;

const configs = {};
for (const name of [...new Set(timed.map((row) => row.name))]) {
  const runs = timed.filter((row) => row.name === name);
  const first = runs[0];
  configs[name] = {
    tool: first.tool, set: first.set, threads: first.threads, libvips: first.libvips, rounds: runs.length, photos_per_run: first.photos,
    failures: first.failures, first_error: first.first_error ?? null,
    photos_per_second: median(runs.map((row) => row.photos_per_second)),
    photos_per_second_by_round: runs.map((row) => row.photos_per_second),
    cpu_ms_per_photo: median(runs.map((row) => row.cpu_ms_per_photo)),
    peak_rss_mib: median(runs.map((row) => mib(row.vmhwm_kib))),
    peak_rss_mib_max: Math.max(...runs.map((row) => mib(row.vmhwm_kib))),
    thumbnail_bytes_per_pass: first.thumbnail_bytes_per_pass, preview_bytes_per_pass: first.preview_bytes_per_pass,
  };
}

const ratio = (a, b, field) => configs[a] && configs[b] && configs[b][field] > 0 ? configs[a][field] / configs[b][field] : null;
const ratios = {
  throughput_vs_sharp_two_pipelines_1_thread: ratio('pivault-1', 'sharp-two-pipelines-1', 'photos_per_second'),
  throughput_vs_sharp_two_pipelines_2_threads: ratio('pivault-2', 'sharp-two-pipelines-2', 'photos_per_second'),
  throughput_vs_sharp_one_decode_1_thread: ratio('pivault-1', 'sharp-one-decode-1', 'photos_per_second'),
  throughput_vs_sharp_one_decode_2_threads: ratio('pivault-2', 'sharp-one-decode-2', 'photos_per_second'),
  cpu_efficiency_vs_sharp_two_pipelines: ratio('sharp-two-pipelines-1', 'pivault-1', 'cpu_ms_per_photo'),
  cpu_efficiency_vs_sharp_one_decode: ratio('sharp-one-decode-1', 'pivault-1', 'cpu_ms_per_photo'),
  peak_rss_vs_sharp_two_pipelines_1_thread: ratio('pivault-1', 'sharp-two-pipelines-1', 'peak_rss_mib'),
  peak_rss_vs_sharp_two_pipelines_2_threads: ratio('pivault-2', 'sharp-two-pipelines-2', 'peak_rss_mib'),
};
const target = 1.6;
const meetsTarget = ratios.throughput_vs_sharp_two_pipelines_1_thread >= target && ratios.throughput_vs_sharp_two_pipelines_2_threads >= target;

const meta = {
  command: commandLine, started, commit, cpu, cores: Number(cores), memory_gib: Number(memoryGiB), kernel, dotnet, node,
  load_average_before: loadBefore, load_average_after: loadAfter,
  photos: { jpeg_12mp_plus: Number(jpegCount), phone_heic: Number(heicCount) },
};
mkdirSync(dirname(outBase), { recursive: true });
writeFileSync(`${outBase}.json`, JSON.stringify({ meta, target, meets_target: meetsTarget, ratios, configs, runs: rows }, null, 2) + '\n');

const sharpVersion = timed.find((row) => row.sharp)?.sharp ?? '?';
const order = ['pivault-1', 'sharp-two-pipelines-1', 'sharp-one-decode-1', 'pivault-2', 'sharp-two-pipelines-2', 'sharp-one-decode-2', 'pivault-2-arena2', 'pivault-heic-1', 'pivault-heic-2', 'sharp-heic-1'];
const f = (value, digits = 2) => value == null ? '–' : value.toFixed(digits);
const c = (name) => configs[name] ?? {};
const line = (cells) => `| ${cells.join(' | ')} |`;
const md = [];
md.push('# Thumbnail benchmark: PiVault (libvips binding) vs sharp in-process', '');
md.push(`Each photo gets both outputs: WebP thumbnail (short side 250, q80) and JPEG preview (short side 1440, q80), auto-rotated, never enlarged. PiVault also computes the ThumbHash. ${meta.photos.jpeg_12mp_plus} corpus JPEGs of 12 MP or more (manifest.tsv), ${meta.photos.phone_heic} phone HEICs of 7 MP or more.`, '');
md.push('## Result (JPEG, 12–24 MP)', '');
md.push(line(['', '1 thread photos/s', `${meta.cores} threads photos/s`, 'CPU ms per photo (1 thread)', 'peak RSS MiB, 1 thread', `peak RSS MiB, ${meta.cores} threads`]));
md.push(line(['---', '---', '---', '---', '---', '---']));
const toolRow = (label, one, two) => line([label, f(c(one).photos_per_second), f(c(two).photos_per_second), f(c(one).cpu_ms_per_photo, 0), f(c(one).peak_rss_mib, 0), f(c(two).peak_rss_mib, 0)]);
md.push(toolRow(`**PiVault** VipsThumbnailer, Debian libvips ${c('pivault-1').libvips}`, 'pivault-1', 'pivault-2'));
md.push(toolRow(`sharp ${sharpVersion}, two pipelines per photo (as Immich), libvips ${c('sharp-two-pipelines-1').libvips}`, 'sharp-two-pipelines-1', 'sharp-two-pipelines-2'));
md.push(toolRow(`sharp ${sharpVersion}, one decode per photo (raw preview, thumbnail from it)`, 'sharp-one-decode-1', 'sharp-one-decode-2'));
md.push(line([`PiVault, same, with MALLOC_ARENA_MAX=2 (glibc)`, '', f(c('pivault-2-arena2').photos_per_second), '', '', f(c('pivault-2-arena2').peak_rss_mib, 0)]));
md.push('');
md.push('| ratio | 1 thread | ' + `${meta.cores} threads |`, '| --- | --- | --- |');
md.push(line(['**PiVault ÷ sharp (two pipelines), photos/s**', `**${f(ratios.throughput_vs_sharp_two_pipelines_1_thread)}×**`, `**${f(ratios.throughput_vs_sharp_two_pipelines_2_threads)}×**`]));
md.push(line(['PiVault ÷ sharp (one decode), photos/s', `${f(ratios.throughput_vs_sharp_one_decode_1_thread)}×`, `${f(ratios.throughput_vs_sharp_one_decode_2_threads)}×`]));
md.push(line(['CPU time per photo, sharp (two pipelines) ÷ PiVault', `${f(ratios.cpu_efficiency_vs_sharp_two_pipelines)}×`, '']));
md.push(line(['CPU time per photo, sharp (one decode) ÷ PiVault', `${f(ratios.cpu_efficiency_vs_sharp_one_decode)}×`, '']));
md.push(line(['peak RSS, PiVault ÷ sharp (two pipelines)', f(ratios.peak_rss_vs_sharp_two_pipelines_1_thread), f(ratios.peak_rss_vs_sharp_two_pipelines_2_threads)]));
md.push('');
md.push(`Target (DESIGN.md): thumbnail + preview ≥ ${target}× in-process sharp's throughput, peak RSS well under sharp's. **${meetsTarget ? 'Met' : 'Not met'}** against sharp used as Immich uses it (two pipelines).`, '');
md.push('## HEIC (phone photos)', '');
md.push(line(['', '1 thread photos/s', `${meta.cores} threads photos/s`, 'CPU ms per photo', 'peak RSS MiB (1 / 2 threads)', 'failures']));
md.push(line(['---', '---', '---', '---', '---', '---']));
md.push(line(['PiVault', f(c('pivault-heic-1').photos_per_second), f(c('pivault-heic-2').photos_per_second), f(c('pivault-heic-1').cpu_ms_per_photo, 0), `${f(c('pivault-heic-1').peak_rss_mib, 0)} / ${f(c('pivault-heic-2').peak_rss_mib, 0)}`, `${c('pivault-heic-1').failures} of ${c('pivault-heic-1').photos_per_run}`]));
md.push(line([`sharp ${sharpVersion} prebuilt`, '–', '–', '–', f(c('sharp-heic-1').peak_rss_mib, 0), `${c('sharp-heic-1').failures} of ${c('sharp-heic-1').photos_per_run}`]));
md.push('', `sharp's prebuilt libvips has no HEVC decoder; its error: \`${(c('sharp-heic-1').first_error ?? '').split('\n').pop()}\``, '');
md.push('## Output size (all photos of the JPEG set, one pass)', '');
md.push('| | thumbnails (WebP) bytes | previews (JPEG) bytes |', '| --- | --- | --- |');
for (const name of ['pivault-1', 'sharp-two-pipelines-1', 'sharp-one-decode-1']) md.push(line([name, c(name).thumbnail_bytes_per_pass, c(name).preview_bytes_per_pass]));
md.push('');
md.push('## Every timed round (photos/s)', '');
const names = order.filter((name) => configs[name]);
md.push(line(['configuration', ...c(names[0]).photos_per_second_by_round.map((_, i) => `round ${i + 1}`), 'median']));
md.push(line(['---', ...c(names[0]).photos_per_second_by_round.map(() => '---'), '---']));
for (const name of names) md.push(line([name, ...c(name).photos_per_second_by_round.map((v) => f(v)), f(c(name).photos_per_second)]));
md.push('');
md.push('## Method', '');
md.push(`- Command: \`${meta.command}\` (installs the npm peer with \`npm ci\`, builds bench/thumbnails/Thumbnails.csproj in Release, runs everything, writes this file).`);
md.push('- One process per configuration and round; each process warms up on one photo (untimed), then times all photos × passes; photos/s counts photos that got both outputs. Peak RSS is the process\'s VmHWM (for sharp, the whole Node process). CPU time is user + system of the whole process.');
md.push('- Rounds interleave the tools, rotating the order each round; round 0 is a discarded warm-up; figures are medians over the timed rounds. Runs use `nice -n -10` when root, the same for every tool.');
md.push('- PiVault: `new VipsThumbnailer()` defaults (WebP effort 4, JPEG without optimised Huffman tables), libvips concurrency 1, one photo per worker thread. sharp: defaults (`sharp.concurrency()` = ' + `${timed.find((row) => row.sharp_concurrency)?.sharp_concurrency ?? '?'}` + ' here), `rotate()`, `resize({ width, height, fit: "outside", withoutEnlargement: true })`, `webp({ quality: 80 })` / `jpeg({ quality: 80 })`; N photos in flight for N threads.');
md.push(`- Machine: ${meta.cpu}, ${meta.cores} cores, ${meta.memory_gib} GiB, Linux ${meta.kernel}; .NET SDK ${meta.dotnet}, Node ${meta.node}. Load average ${meta.load_average_before} before, ${meta.load_average_after} after: the machine is shared with other builds, so single runs vary a lot; compare ratios within this run, and the CPU-time ratio, which other load disturbs least.`);
md.push(`- Started ${meta.started}, commit ${meta.commit}.`, '');
writeFileSync(`${outBase}.md`, md.join('\n'));
