using System.Globalization;
using System.Text;
using System.Text.Json;

namespace PiVault.Bench.Upload;

/// <summary>Writes the results as a Markdown report (bench/results/upload.md) and as JSON (bench/results/upload.json).</summary>
internal static class Report
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static string Markdown(BenchResult r)
    {
        var m = r.Machine;
        var s = new StringBuilder();
        void Line(FormattableString text) => s.Append(text.ToString(Invariant)).Append('\n');

        Line($"# Upload throughput");
        Line($"");
        Line($"PiVault's upload path (`POST /api/v1/assets`, multipart, SHA-1 in-stream, one write, fsync, rename, one SQLite");
        Line($"transaction) against two ceilings measured in the same run on the same bytes and with the same concurrency:");
        Line($"");
        Line($"- **disk + hash**: the bench copies the files to the same disk itself, SHA-1 in-stream, fsync per file;");
        Line($"- **loopback HTTP**: the same HttpClient sends the same multipart bodies to a minimal Kestrel endpoint in the bench");
        Line($"  process that reads the body and discards it.");
        Line($"");
        Line($"Each ceiling is measured right before and right after PiVault's phase; the table shows the better run and, in");
        Line($"brackets, both (before / after). This machine's disk is a VM disk with host-side caching whose fsync throughput");
        Line($"swings by up to 2× between runs, so read the disk ratios as approximate; the HTTP ceiling is steadier.");
        Line($"");
        Line($"MB = 10^6 bytes. Server and clients share the machine's {m.ProcessorCount} cores over loopback, so this measures the");
        Line($"server's cost per byte, not a network: the target (DESIGN.md) is to be GbE-bound, i.e. about 110 MB/s on the wire.");
        Line($"");
        Line($"| scenario | files | PiVault MB/s | files/s | disk + hash ceiling MB/s (runs) | loopback HTTP ceiling MB/s (runs) | PiVault / disk | PiVault / HTTP | server peak RSS (MB) | server CPU (s) |");
        Line($"|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|");
        foreach (var x in r.Scenarios)
        {
            Line($"| {x.Scenario.Name} | {x.Scenario.Files} | **{x.PiVault.MegabytesPerSecond:F1}** | {x.PiVault.FilesPerSecond:F1} | {x.Disk.MegabytesPerSecond:F1} ({Runs(x.DiskRuns)}) | {x.Http.MegabytesPerSecond:F1} ({Runs(x.HttpRuns)}) | **{x.VsDisk:F2}** | **{x.VsHttp:F2}** | {Bench.Mb(x.ServerPeakRssBytes):F1} | {x.ServerCpu.TotalSeconds:F1} |");
        }
        Line($"");
        Line($"- Server idle RSS after start-up (VmRSS, {r.StartupToPing.TotalMilliseconds:F0} ms to first ping + 2 s settle): **{Bench.Mb(r.IdleRssBytes):F1} MB** (VmHWM then {Bench.Mb(r.IdleHwmBytes):F1} MB).");
        Line($"- Server peak RSS over the whole run (VmHWM at the end): **{Bench.Mb(r.FinalHwmBytes):F1} MB**. Per-scenario peaks are the highest VmRSS sampled every 20 ms.");
        Line($"- Server CPU is user + system time of the server process during the PiVault phase (out of {m.ProcessorCount} cores × wall time).");
        Line($"- Verified: all {r.AssetsVerified} uploads answered 201 `created`, and the server's listing has exactly those assets with the SHA-1 and size the bench sent.");
        Line($"- Total bench time {r.TotalElapsed.TotalSeconds:F0} s (including generating the payloads and a warm-up of {Bench.WarmUp.Files} × {Bench.WarmUp.FileBytes / 1e6:0.###} MB uploads to both endpoints that is not measured).");
        Line($"");
        Line($"## Run");
        Line($"");
        Line($"- Command: `{r.Options.Command}`");
        Line($"- Date: {r.StartedAt:yyyy-MM-dd HH:mm} UTC");
        Line($"- Git commit: `{r.Options.GitCommit}` ({r.Options.GitState})");
        Line($"- Machine: {m.ProcessorCount} cores (nproc), {m.CpuModel}, {m.MemTotalBytes / (1024.0 * 1024 * 1024):F1} GiB RAM, Linux {m.Kernel}, {m.Runtime}");
        Line($"- Disk: temp data dir on {m.WorkDirFileSystem}");
        Line($"- Server: `dotnet pivault.dll serve` as a child process (Release build, default settings, {GcMode(r.Options.ServerDll)}, log to a file), fresh data dir");
        Line($"");
        Line($"Details per phase (seconds, bench-process CPU) are in `upload.json`.");
        return s.ToString();
    }

    /// <summary>What the server's runtimeconfig.json says about the GC, since it shapes RSS.</summary>
    private static string GcMode(string serverDll)
    {
        try
        {
            using var json = JsonDocument.Parse(File.ReadAllBytes(Path.ChangeExtension(serverDll, ".runtimeconfig.json")));
            return json.RootElement.GetProperty("runtimeOptions").TryGetProperty("configProperties", out var props)
                && props.TryGetProperty("System.GC.Server", out var server) && server.ValueKind == JsonValueKind.True
                ? "Server GC"
                : "workstation GC";
        }
        catch (Exception e) when (e is IOException or JsonException or KeyNotFoundException)
        {
            return "GC mode unknown";
        }
    }

    private static string Runs(IReadOnlyList<Phase> runs) =>
        string.Join(" / ", runs.Select(p => p.MegabytesPerSecond.ToString("F0", Invariant)));

    public static byte[] Json(BenchResult r)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteString("benchmark", "upload");
            w.WriteString("command", r.Options.Command);
            w.WriteString("date", r.StartedAt);
            w.WriteString("gitCommit", r.Options.GitCommit);
            w.WriteString("gitState", r.Options.GitState);
            w.WriteStartObject("machine");
            w.WriteNumber("nproc", r.Machine.ProcessorCount);
            w.WriteString("cpuModel", r.Machine.CpuModel);
            w.WriteNumber("memTotalBytes", r.Machine.MemTotalBytes);
            w.WriteString("kernel", r.Machine.Kernel);
            w.WriteString("runtime", r.Machine.Runtime);
            w.WriteString("workDirFileSystem", r.Machine.WorkDirFileSystem);
            w.WriteEndObject();
            w.WriteString("units", "MB = 1e6 bytes; seconds are wall time");
            w.WriteNumber("totalSeconds", Round(r.TotalElapsed.TotalSeconds));
            w.WriteNumber("startupToPingMs", Round(r.StartupToPing.TotalMilliseconds));
            w.WriteNumber("idleRssBytes", r.IdleRssBytes);
            w.WriteNumber("idleHwmBytes", r.IdleHwmBytes);
            w.WriteNumber("peakRssBytes", r.FinalHwmBytes);
            w.WriteNumber("assetsVerified", r.AssetsVerified);
            w.WriteStartArray("scenarios");
            foreach (var x in r.Scenarios)
            {
                w.WriteStartObject();
                w.WriteString("name", x.Scenario.Name);
                w.WriteNumber("fileBytes", x.Scenario.FileBytes);
                w.WriteNumber("files", x.Scenario.Files);
                w.WriteNumber("clients", x.Scenario.Clients);
                w.WriteNumber("totalBytes", x.Scenario.TotalBytes);
                WritePhase(w, "pivault", x.PiVault);
                WritePhase(w, "diskHashCeiling", x.Disk);
                WritePhase(w, "loopbackHttpCeiling", x.Http);
                WriteRuns(w, "diskHashCeilingRuns", x.DiskRuns);
                WriteRuns(w, "loopbackHttpCeilingRuns", x.HttpRuns);
                w.WriteNumber("pivaultVsDisk", Round(x.VsDisk, 3));
                w.WriteNumber("pivaultVsHttp", Round(x.VsHttp, 3));
                w.WriteNumber("pivaultVsTighterCeiling", Round(x.VsTighter, 3));
                w.WriteNumber("serverPeakRssBytes", x.ServerPeakRssBytes);
                w.WriteNumber("rssSamples", x.RssSamples);
                w.WriteNumber("serverCpuSeconds", Round(x.ServerCpu.TotalSeconds));
                w.WriteNumber("benchCpuSecondsDuringPivault", Round(x.BenchCpuDuringPiVault.TotalSeconds));
                w.WriteNumber("benchCpuSecondsDuringSink", Round(x.BenchCpuDuringSink.TotalSeconds));
                w.WriteNumber("generateSeconds", Round(x.GenerateElapsed.TotalSeconds));
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        buffer.WriteByte((byte)'\n');
        return buffer.ToArray();
    }

    private static void WriteRuns(Utf8JsonWriter w, string name, IReadOnlyList<Phase> runs)
    {
        w.WriteStartArray(name);
        foreach (var p in runs)
        {
            w.WriteStartObject();
            WritePhaseFields(w, p);
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }

    private static void WritePhase(Utf8JsonWriter w, string name, Phase p)
    {
        w.WriteStartObject(name);
        WritePhaseFields(w, p);
        w.WriteEndObject();
    }

    private static void WritePhaseFields(Utf8JsonWriter w, Phase p)
    {
        w.WriteNumber("seconds", Round(p.Elapsed.TotalSeconds));
        w.WriteNumber("megabytesPerSecond", Round(p.MegabytesPerSecond));
        w.WriteNumber("filesPerSecond", Round(p.FilesPerSecond));
    }

    private static double Round(double value, int digits = 2) => Math.Round(value, digits);
}
