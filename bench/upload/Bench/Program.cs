using System.Diagnostics;
using PiVault.Bench.Upload;

BenchOptions options;
try
{
    options = BenchOptions.Parse(args);
}
catch (ArgumentException e)
{
    Console.Error.WriteLine($"pivault-bench-upload: {e.Message}\n\n{BenchOptions.Usage}");
    return 64;
}

try
{
    var result = await Bench.RunAsync(options);
    var markdown = Report.Markdown(result);
    Console.WriteLine();
    Console.WriteLine(markdown);
    if (options.OutMarkdown is { } md)
    {
        await File.WriteAllTextAsync(md, markdown);
        Console.WriteLine($"wrote {md}");
    }
    if (options.OutJson is { } json)
    {
        await File.WriteAllBytesAsync(json, Report.Json(result));
        Console.WriteLine($"wrote {json}");
    }
    return 0;
}
catch (Exception e) when (e is BenchFailureException or HttpRequestException or IOException)
{
    Console.Error.WriteLine($"\nUPLOAD BENCH FAILED: {e.Message}");
    return 1;
}

namespace PiVault.Bench.Upload
{
    /// <summary>Throughput of one phase (PiVault, disk ceiling or HTTP ceiling) of a scenario.</summary>
    internal sealed record Phase(TimeSpan Elapsed, long Bytes, int Files)
    {
        public double MegabytesPerSecond => Bytes / 1e6 / Elapsed.TotalSeconds;

        public double FilesPerSecond => Files / Elapsed.TotalSeconds;
    }

    internal sealed record ScenarioResult(
        Scenario Scenario,
        Phase PiVault,
        IReadOnlyList<Phase> DiskRuns,
        IReadOnlyList<Phase> HttpRuns,
        long ServerPeakRssBytes,
        int RssSamples,
        TimeSpan ServerCpu,
        TimeSpan BenchCpuDuringPiVault,
        TimeSpan BenchCpuDuringSink,
        TimeSpan GenerateElapsed)
    {
        /// <summary>The disk + hash ceiling: the better of its runs.</summary>
        public Phase Disk => DiskRuns.MinBy(p => p.Elapsed)!;

        /// <summary>The loopback HTTP ceiling: the better of its runs.</summary>
        public Phase Http => HttpRuns.MinBy(p => p.Elapsed)!;

        public double VsDisk => PiVault.MegabytesPerSecond / Disk.MegabytesPerSecond;

        public double VsHttp => PiVault.MegabytesPerSecond / Http.MegabytesPerSecond;

        public double VsTighter => PiVault.MegabytesPerSecond / Math.Min(Disk.MegabytesPerSecond, Http.MegabytesPerSecond);
    }

    internal sealed record Machine(int ProcessorCount, string CpuModel, long MemTotalBytes, string Kernel, string Runtime, string WorkDirFileSystem);

    internal sealed record BenchResult(
        BenchOptions Options,
        Machine Machine,
        DateTimeOffset StartedAt,
        TimeSpan TotalElapsed,
        TimeSpan StartupToPing,
        long IdleRssBytes,
        long IdleHwmBytes,
        long FinalHwmBytes,
        int AssetsVerified,
        IReadOnlyList<ScenarioResult> Scenarios);

    internal static class Bench
    {
        private static readonly TimeSpan Settle = TimeSpan.FromSeconds(2);
        private static readonly TimeSpan SampleInterval = TimeSpan.FromMilliseconds(20);

        public static readonly Scenario WarmUp = new("warm-up", 256_000, 64, 4);

        public static async Task<BenchResult> RunAsync(BenchOptions options)
        {
            var startedAt = DateTimeOffset.UtcNow;
            var total = Stopwatch.StartNew();
            var work = Path.Combine(options.WorkRoot, $"pivault-upload-bench-{Guid.NewGuid():N}");
            Directory.CreateDirectory(work);
            Log($"work dir {work}");
            try
            {
                await using var sink = await HttpSink.StartAsync();
                using var http = Uploader.CreateClient();
                using var server = ServerProcess.Start(options.ServerDll, Path.Combine(work, "server-data"), Path.Combine(work, "server.log"));
                var startup = await server.WaitForPingAsync(http, TimeSpan.FromSeconds(60));
                await Task.Delay(Settle);
                server.EnsureRunning();
                var idleRss = server.StatusBytes("VmRSS");
                var idleHwm = server.StatusBytes("VmHWM");
                Log($"server pid {server.Pid} answered ping after {startup.TotalMilliseconds:F0} ms; idle VmRSS {Mb(idleRss):F1} MB (VmHWM {Mb(idleHwm):F1} MB)");

                var api = new PiVaultApi(http, server.BaseUri);
                var (token, apiKey) = await api.SetUpAdminAsync();
                var uploadUri = new Uri(server.BaseUri, "api/v1/assets");
                var runStamp = startedAt.ToUnixTimeMilliseconds();

                // Warm-up (not measured): enough calls for tiered JIT to promote the upload path (30 calls, then a
                // background re-compile), plus the connection and thread pools of both endpoints.
                var warmUp = WarmUp;
                var warmFiles = Payloads.Generate(Path.Combine(work, "payload-warm"), "warm", 99, warmUp, runStamp);
                await Uploader.UploadAllAsync(http, sink.UploadUri, apiKey, warmFiles, warmUp.Clients);
                var (_, warmIds) = await Uploader.UploadAllAsync(http, uploadUri, apiKey, warmFiles, warmUp.Clients);
                var expected = new Dictionary<string, (string Checksum, long Size)>(StringComparer.Ordinal);
                var (_, warmHashes) = DiskCeiling.Run(warmFiles, Path.Combine(work, "disk-ceiling"), 1);
                for (var i = 0; i < warmIds.Length; i++)
                {
                    expected[warmIds[i]] = (warmHashes[i], warmUp.FileBytes);
                }
                Directory.Delete(Path.GetDirectoryName(warmFiles[0])!, recursive: true);
                await Task.Delay(Settle);

                var results = new List<ScenarioResult>();
                for (var index = 0; index < options.Scenarios.Count; index++)
                {
                    var scenario = options.Scenarios[index];
                    Log($"[{scenario.Name}] generating {scenario.Files} × {scenario.FileBytes / 1e6:0.#} MB");
                    var generate = Stopwatch.StartNew();
                    var payloadDir = Path.Combine(work, $"payload-{index}");
                    var files = Payloads.Generate(payloadDir, $"s{index}", index, scenario, runStamp);
                    generate.Stop();

                    // Each ceiling runs before and after PiVault's phase and the better run counts: this VM's disk
                    // swings a lot (host-side caching), and bracketing keeps drift from favouring either side.
                    var (diskBefore, hashes) = MeasureDisk(files, work, scenario);
                    var sinkBefore = await MeasureSinkAsync(http, sink, apiKey, files, scenario);

                    var serverCpu = server.CpuTime();
                    var benchCpu = Process.GetCurrentProcess().TotalProcessorTime;
                    TimeSpan elapsed;
                    string[] ids;
                    long peak;
                    int samples;
                    await using (var sampler = new RssSampler(server.Pid, SampleInterval))
                    {
                        (elapsed, ids) = await Uploader.UploadAllAsync(http, uploadUri, apiKey, files, scenario.Clients);
                        await sampler.DisposeAsync();
                        peak = sampler.PeakBytes;
                        samples = sampler.Samples;
                    }
                    var benchCpuPiVault = Process.GetCurrentProcess().TotalProcessorTime - benchCpu;
                    serverCpu = server.CpuTime() - serverCpu;
                    server.EnsureRunning();
                    var piVault = new Phase(elapsed, scenario.TotalBytes, scenario.Files);
                    Log($"[{scenario.Name}] PiVault               {piVault.MegabytesPerSecond,7:F1} MB/s  {piVault.FilesPerSecond,6:F1} files/s");

                    var (diskAfter, hashesAgain) = MeasureDisk(files, work, scenario);
                    var sinkAfter = await MeasureSinkAsync(http, sink, apiKey, files, scenario);
                    if (!hashes.SequenceEqual(hashesAgain))
                    {
                        throw new BenchFailureException("The payload files changed between the two disk-ceiling runs.");
                    }
                    var result = new ScenarioResult(scenario, piVault, [diskBefore, diskAfter], [sinkBefore.Phase, sinkAfter.Phase],
                        peak, samples, serverCpu, benchCpuPiVault, sinkBefore.BenchCpu, generate.Elapsed);
                    results.Add(result);
                    Log($"[{scenario.Name}] => {result.VsDisk:P0} of disk + hash, {result.VsHttp:P0} of loopback HTTP; " +
                        $"peak RSS {Mb(peak):F1} MB; server CPU {serverCpu.TotalSeconds:F1} s");

                    for (var i = 0; i < ids.Length; i++)
                    {
                        if (!expected.TryAdd(ids[i], (hashes[i], scenario.FileBytes)))
                        {
                            throw new BenchFailureException($"The server returned asset id {ids[i]} twice.");
                        }
                    }
                    Directory.Delete(payloadDir, recursive: true);
                }

                var finalHwm = server.StatusBytes("VmHWM");
                var verified = await VerifyAsync(api, token, expected);
                Log($"verified {verified} assets: every checksum and size the server stored matches the bytes sent");
                return new BenchResult(options, MachineInfo.Read(work), startedAt, total.Elapsed, startup, idleRss, idleHwm, finalHwm, verified, results);
            }
            finally
            {
                if (options.Keep)
                {
                    Log($"kept {work}");
                }
                else
                {
                    Directory.Delete(work, recursive: true);
                }
            }
        }

        private static (Phase Phase, string[] Hashes) MeasureDisk(List<string> files, string work, Scenario scenario)
        {
            var (elapsed, hashes) = DiskCeiling.Run(files, Path.Combine(work, "disk-ceiling"), scenario.Clients);
            var phase = new Phase(elapsed, scenario.TotalBytes, scenario.Files);
            Log($"[{scenario.Name}] disk + hash ceiling   {phase.MegabytesPerSecond,7:F1} MB/s");
            return (phase, hashes);
        }

        private static async Task<(Phase Phase, TimeSpan BenchCpu)> MeasureSinkAsync(HttpClient http, HttpSink sink, string apiKey, List<string> files, Scenario scenario)
        {
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var (elapsed, _) = await Uploader.UploadAllAsync(http, sink.UploadUri, apiKey, files, scenario.Clients);
            cpu = Process.GetCurrentProcess().TotalProcessorTime - cpu;
            var phase = new Phase(elapsed, scenario.TotalBytes, scenario.Files);
            Log($"[{scenario.Name}] loopback HTTP ceiling {phase.MegabytesPerSecond,7:F1} MB/s");
            return (phase, cpu);
        }

        /// <summary>The server's own record of every upload must match what was sent: same count, SHA-1 and size.</summary>
        private static async Task<int> VerifyAsync(PiVaultApi api, string token, Dictionary<string, (string Checksum, long Size)> expected)
        {
            var stored = await api.ListAssetsAsync(token);
            if (stored.Count != expected.Count)
            {
                throw new BenchFailureException($"The server lists {stored.Count} assets; the bench uploaded {expected.Count}.");
            }
            foreach (var (id, want) in expected)
            {
                if (!stored.TryGetValue(id, out var got))
                {
                    throw new BenchFailureException($"Asset {id} is missing from the server's listing.");
                }
                if (got != want)
                {
                    throw new BenchFailureException($"Asset {id}: server has SHA-1 {got.Checksum} / {got.Size} bytes, the bench sent {want.Checksum} / {want.Size} bytes.");
                }
            }
            return expected.Count;
        }

        public static double Mb(long bytes) => bytes / 1e6;

        private static void Log(string message) => Console.WriteLine($"{DateTime.Now:HH:mm:ss} {message}");
    }

    internal static class MachineInfo
    {
        public static Machine Read(string workDir)
        {
            var cpu = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal)) is { } line
                ? line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim()
                : "unknown";
            var memTotal = File.ReadLines("/proc/meminfo").FirstOrDefault(l => l.StartsWith("MemTotal:", StringComparison.Ordinal)) is { } mem
                ? long.Parse(mem.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) * 1024
                : 0;
            var kernel = File.ReadAllText("/proc/sys/kernel/osrelease").Trim();
            return new Machine(Environment.ProcessorCount, cpu, memTotal, kernel, System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription, FileSystemOf(workDir));
        }

        /// <summary>"ext4 on /dev/vda (mounted at /)": the mount with the longest prefix of the path.</summary>
        private static string FileSystemOf(string path)
        {
            var best = (Mount: "", Text: "unknown");
            foreach (var line in File.ReadLines("/proc/mounts"))
            {
                var f = line.Split(' ');
                if (f.Length >= 3 && (path.StartsWith(f[1].TrimEnd('/') + "/", StringComparison.Ordinal) || path == f[1]) && f[1].Length >= best.Mount.Length)
                {
                    best = (f[1], $"{f[2]} on {f[0]} (mounted at {f[1]})");
                }
            }
            return best.Text;
        }
    }
}
