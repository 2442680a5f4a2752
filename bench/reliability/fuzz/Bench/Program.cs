using System.Text;
using PiVault.Bench.Crash;
using PiVault.Bench.Fuzz;

// bench/reliability/fuzz/run.sh: a long fuzz run of the upload parser, the metadata readers and the image pipeline
// against the real server; writes the markdown report.
var arguments = new BenchArguments(args);
string Setting(string name, string fallback) => arguments.Text(name, fallback);
int Number(string name, int fallback) => arguments.Number(name, fallback);

string[] imageEndings = [".jpg", ".jpeg", ".png", ".gif", ".webp", ".tif", ".tiff", ".bmp", ".heic", ".heif", ".avif", ".jxl",
    ".dng", ".nef", ".cr2", ".cr3", ".crw", ".arw", ".raf", ".rw2", ".orf", ".pef", ".mrw", ".x3f", ".iiq", ".srw"];
var corpus = Setting("corpus", "../shared/corpus");
var maxBytes = Number("max-file-kb", 2048) * 1024L;
var seedFiles = Directory.EnumerateFiles(corpus, "*", SearchOption.AllDirectories)
    .Where(f => imageEndings.Contains(Path.GetExtension(f).ToLowerInvariant()) && new FileInfo(f).Length is > 0 and var size && size <= maxBytes)
    .Order(StringComparer.Ordinal)
    .ToList();
var workDir = Path.Combine(Path.GetTempPath(), $"pivault-fuzz-{Environment.ProcessId}");
var options = new FuzzOptions
{
    Executable = "dotnet",
    ExecutableArgs = [Setting("server-dll", "src/PiVault.Server/bin/Release/net10.0/pivault.dll")],
    SeedFiles = seedFiles,
    WorkDir = workDir,
    Iterations = Number("iterations", 100_000),
    TimeLimit = TimeSpan.FromMinutes(Number("minutes", 15)),
    Seed = Number("seed", 1),
    Senders = Number("senders", 2),
    Log = line => Console.WriteLine($"{DateTime.UtcNow:HH:mm:ss} {line}"),
};
FuzzReport report;
try
{
    report = await new FuzzHarness(options).RunAsync();
}
finally
{
    arguments.CleanUp(workDir);
}

var md = new StringBuilder();
md.AppendLine("# Reliability: hostile input (fuzz)");
md.AppendLine();
md.AppendLine("Produced by `bench/reliability/fuzz/run.sh` (see Run below): the Release server (`dotnet pivault.dll`) as a child process;");
md.AppendLine($"{options.Senders} senders upload mutants of {seedFiles.Count} corpus images and RAW files (≤ {maxBytes / 1024} KB) made by the suite's");
md.AppendLine("seeded engine (`tests/PiVault.Tests/Fuzz/CorpusMutator.cs`: truncations, bit flips, byte runs, extreme length fields, huge");
md.AppendLine("dimensions in JPEG SOF / PNG IHDR / TIFF tags / HEIF ispe / WebP / GIF / BMP headers, IFD loops, wrong extensions); every second");
md.AppendLine("body also has damaged multipart framing (`MultipartMutator.cs`: boundaries, truncation, huge or too many part headers, missing");
md.AppendLine($"parts, bare LFs, too many or too long fields); half to `POST /api/v1/assets`, half to Immich's `POST /api/assets`. Every {options.CheckEvery}");
md.AppendLine("uploads the jobs (metadata reader, RAW preview, libvips) are drained and every new asset is served and classed. What is");
md.AppendLine("checked: [docs/security-fuzz.md](../../docs/security-fuzz.md).");
md.AppendLine();
md.AppendLine("| figure | value |");
md.AppendLine("|---|--:|");
md.AppendLine($"| iterations (uploads) | **{report.Iterations}** in {report.Elapsed.TotalMinutes:F1} min, seeds {options.Seed} … {options.Seed + report.Iterations - 1} |");
md.AppendLine($"| crashes (server process ended) | **{report.Crashes}** |");
md.AppendLine($"| hangs (no answer or a job running > {options.HangLimit.TotalSeconds:F0} s) | **{report.Hangs}** |");
md.AppendLine($"| answers | {string.Join(", ", report.Statuses.Select(s => $"{s.Key}: {s.Value}"))} |");
md.AppendLine($"| 5xx answers | **{report.Statuses.Where(s => s.Key >= 500).Sum(s => s.Value)}** |");
md.AppendLine($"| assets stored / thumbnails drawn / thumbnail jobs failed with a reason | {report.Stored} / {report.Drawn} / {report.Failed} |");
md.AppendLine($"| server memory: max VmRSS sampled every 250 ms / peak VmHWM (`MALLOC_ARENA_MAX={Environment.GetEnvironmentVariable("MALLOC_ARENA_MAX") ?? "unset"}`) | **{report.MaxRssBytes / 1048576} MB** / {report.PeakHwmBytes / 1048576} MB |");
md.AppendLine($"| `db check --verify` at the end | exit {report.DbCheckExit}: {report.DbCheckLine} |");
md.AppendLine($"| **violations** | **{report.Violations.Count}** |");
md.AppendLine();
foreach (var violation in report.Violations.Take(20))
{
    md.AppendLine($"- {violation}");
}
if (report.Violations.Count > 0)
{
    md.AppendLine();
}
AppendClasses(md, "Refusals (status and detail, numbers and names taken out)", report.RefusalClasses);
AppendClasses(md, "Thumbnail job errors (the decoder's reason, numbers and paths taken out)", report.JobErrorClasses);
md.Append(arguments.RunSection("bench/reliability/fuzz/run.sh"));
File.WriteAllText(Setting("out-md", "bench/results/reliability-fuzz.md"), md.ToString());
Console.WriteLine(md.ToString());
return report.Violations.Count == 0 ? 0 : 1;

static void AppendClasses(StringBuilder md, string title, Dictionary<string, int> classes)
{
    md.AppendLine($"## {title}");
    md.AppendLine();
    md.AppendLine("| count | class |");
    md.AppendLine("|--:|---|");
    foreach (var (text, count) in classes.OrderByDescending(c => c.Value).ThenBy(c => c.Key, StringComparer.Ordinal).Take(25))
    {
        md.AppendLine($"| {count} | {text.Replace("|", "\\|", StringComparison.Ordinal)} |");
    }
    if (classes.Count > 25)
    {
        md.AppendLine($"| {classes.Skip(25).Sum(c => c.Value)} | ({classes.Count - 25} more classes) |");
    }
    md.AppendLine();
}
