using System.Text;
using PiVault.Bench.Crash;

// bench/reliability/crash/run.sh: hundreds of SIGKILLs of the real server under uploads and jobs; writes the markdown report.
var arguments = new BenchArguments(args);
string Setting(string name, string fallback) => arguments.Text(name, fallback);
int Number(string name, int fallback) => arguments.Number(name, fallback);

var workDir = Path.Combine(Path.GetTempPath(), $"pivault-crash-{Environment.ProcessId}");
var options = new CrashOptions
{
    Executable = "dotnet",
    ExecutableArgs = [Setting("server-dll", "src/PiVault.Server/bin/Release/net10.0/pivault.dll")],
    BaseJpeg = File.ReadAllBytes(Setting("base-jpeg", "../shared/corpus/exif-orientation-examples/Landscape_1.jpg")),
    WorkDir = workDir,
    Kills = Number("kills", 300),
    TimeLimit = TimeSpan.FromMinutes(Number("minutes", 30)),
    MaxKillDelay = TimeSpan.FromMilliseconds(Number("max-kill-ms", 1500)),
    Uploaders = Number("uploaders", 4),
    MaxUploadBytes = Number("max-upload-kb", 2048) * 1024,
    Seed = Number("seed", 1),
    Log = line => Console.WriteLine($"{DateTime.UtcNow:HH:mm:ss} {line}"),
};
CrashReport report;
try
{
    report = await new CrashHarness(options).RunAsync();
}
finally
{
    arguments.CleanUp(workDir);
}

var md = new StringBuilder();
md.AppendLine("# Reliability: crash consistency");
md.AppendLine();
md.AppendLine("Produced by `bench/reliability/crash/run.sh` (see Run below): the Release server (`dotnet pivault.dll`) as a child process,");
md.AppendLine($"{options.Uploaders} uploaders (half `POST /api/v1/assets`, half Immich's `POST /api/assets`) sending new JPEGs of up to {options.MaxUploadBytes / 1024} KB,");
md.AppendLine("resends of acknowledged ones and of ones a kill cut off, while the server's jobs (metadata, thumbnails) run; SIGKILL at a");
md.AppendLine($"uniformly random moment up to {options.MaxKillDelay.TotalMilliseconds:F0} ms after the server answers ({options.StartupKillShare:P0} of kills during start-up instead), start again, check.");
md.AppendLine("What is checked after every kill is listed in [docs/security-crash.md](../../docs/security-crash.md).");
md.AppendLine();
md.AppendLine("| figure | value |");
md.AppendLine("|---|--:|");
md.AppendLine($"| SIGKILLs | **{report.Kills}** ({report.StartupKills} during start-up) |");
md.AppendLine($"| wall time | {report.Elapsed.TotalMinutes:F1} min |");
md.AppendLine($"| uploads acknowledged (distinct files) | {report.Acknowledged} |");
md.AppendLine($"| answers `201 created` / `200 duplicate` | {report.Created} / {report.Duplicates} |");
md.AppendLine($"| uploads cut off by a kill (not acknowledged, resent later) | {report.CutOff} |");
md.AppendLine($"| unacknowledged originals removed by start-up recovery (journal) | {report.RecoveredOriginals} |");
md.AppendLine($"| temp files removed by start-up recovery | {report.RecoveredTemps} |");
md.AppendLine($"| assets at the end / jobs left after the final drain | {report.AssetsAtEnd} / {report.JobsLeftAtEnd} |");
md.AppendLine($"| other answers than 200/201 | {report.Refused} |");
md.AppendLine($"| **invariant violations** | **{report.Violations.Count}** |");
md.AppendLine();
foreach (var violation in report.Violations.Take(20))
{
    md.AppendLine($"- {violation}");
}
if (report.Violations.Count > 0)
{
    md.AppendLine();
}
md.Append(arguments.RunSection("bench/reliability/crash/run.sh"));
var outPath = Setting("out-md", "bench/results/reliability-crash.md");
File.WriteAllText(outPath, md.ToString());
Console.WriteLine(md.ToString());
return report.Violations.Count == 0 ? 0 : 1;
