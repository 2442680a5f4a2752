using System.Diagnostics;
using System.Runtime;
using System.Runtime.InteropServices;
using PiVault.Bench.Governor;
using PiVault.Hardware.Fakes;
using PiVault.Hardware.Health;
using PiVault.Hardware.Linux;

// The health governor's benchmark (issue 05): (1) the CPU cost of the sensor loop — one evaluation in a tight loop against
// this machine's / and a fake Raspberry Pi tree, then under its real timer against idle blocks; (2) the time from a
// threshold crossing to the thumbnails queue pausing (and back), with the real runner on a real SQLite queue.
var options = BenchOptions.Parse(args);
var total = Stopwatch.StartNew();
var machine = new MachineNote(File.ReadAllText("/proc/loadavg").Trim());
Console.WriteLine($"load average at start: {machine.LoadAtStart}");

var treeDir = Path.Combine(Path.GetTempPath(), "pivault-bench-governor", Guid.NewGuid().ToString("N"));
var tree = new FakeSysfsTree(treeDir).IdlePi4();
try
{
    // 1a. Tight loops: the sensors alone, the governor's whole evaluation, and the decision alone on an in-memory reading.
    var realSensors = new LinuxHealthSensors("/");
    var piSensors = new LinuxHealthSensors(tree.Root);
    using var realGovernor = SensorLoop.Governor(realSensors, TimeSpan.FromSeconds(5), Environment.ProcessorCount);
    using var piGovernor = SensorLoop.Governor(piSensors, TimeSpan.FromSeconds(5), 4);
    using var decideGovernor = SensorLoop.Governor(new FakeHealthSensors(piSensors.Read()), TimeSpan.FromSeconds(5), 4);
    int n = options.Evaluations, warm = options.Evaluations / 10;
    var loops = new List<LoopResult>
    {
        SensorLoop.Measure("read sensors, this machine's `/`", realSensors.Read, warm, n),
        SensorLoop.Measure("**evaluate** (read + decide), this machine's `/`", realGovernor.Evaluate, warm, n),
        SensorLoop.Measure("read sensors, fake Pi 4 tree", piSensors.Read, warm, n),
        SensorLoop.Measure("**evaluate** (read + decide), fake Pi 4 tree", piGovernor.Evaluate, warm, n),
        SensorLoop.Measure("decide only (in-memory Pi 4 reading)", decideGovernor.Evaluate, warm, n),
        SensorLoop.Measure("empty call (measurement overhead)", static () => null, warm, n),
    };
    foreach (var loop in loops)
    {
        Console.WriteLine($"{loop.Name}: wall median {loop.WallUs.Median:F1} µs, thread CPU median {loop.ThreadCpuUs.Median:F1} µs, {loop.AllocatedBytesPerCall:F0} B");
    }
    var presentHere = SensorLoop.Present(realSensors.Read());
    var presentPi = SensorLoop.Present(piSensors.Read());

    // 1b. The real timer at a short interval, against idle blocks of the same length.
    var timer = await SensorLoop.RunTimerAsync(tree, options.TimerInterval, options.TimerBlock, options.TimerPairs);
    foreach (var block in timer.Blocks)
    {
        Console.WriteLine($"  {(block.Active ? "timer" : "idle ")} {block.Seconds:F1} s: {block.ProcessCpuMs:F1} ms CPU, {block.Evaluations} evaluations, {block.Gen0Collections} GCs; "
            + string.Join(", ", block.ThreadNs.Where(t => t.Value > 100_000).Select(t => $"{t.Key} {t.Value / 1e6:F1} ms")));
    }
    Console.WriteLine($"timer at {options.TimerInterval.TotalMilliseconds} ms: {timer.CpuUsPerTick:F1} µs process CPU per tick");

    // 2. Threshold crossing → queue paused, and cooling → resumed, at the default interval and at 1 s.
    var pauses = new List<PauseResult>();
    foreach (var (interval, cycles) in new[] { (TimeSpan.FromSeconds(5), options.Cycles5s), (TimeSpan.FromSeconds(1), options.Cycles1s) })
    {
        var result = await PauseLatency.RunAsync(interval, cycles, options.Jobs, options.Seed);
        Console.WriteLine($"interval {interval.TotalSeconds} s: detection median {Summary.Of(result.Cycles.Select(c => c.PauseDetectMs)).Median:F0} ms");
        pauses.Add(result);
    }

    machine = machine with { LoadAtEnd = File.ReadAllText("/proc/loadavg").Trim(), Seconds = total.Elapsed.TotalSeconds };
    var markdown = Report.Markdown(options, machine, loops, presentHere, presentPi, timer, pauses);
    File.WriteAllText(options.OutMarkdown, markdown);
    Console.WriteLine($"wrote {options.OutMarkdown} ({total.Elapsed.TotalSeconds:F0} s)");
}
finally
{
    Directory.Delete(treeDir, recursive: true);
}

internal sealed record MachineNote(string LoadAtStart, string LoadAtEnd = "", double Seconds = 0)
{
    public static string Describe()
    {
        var model = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "unknown CPU";
        var memKB = File.ReadLines("/proc/meminfo").First(l => l.StartsWith("MemTotal:", StringComparison.Ordinal))
            .Split(' ', StringSplitOptions.RemoveEmptyEntries)[1];
        var gc = GCSettings.IsServerGC ? "server GC" : "workstation GC";
        return Format.Inv($"{Environment.ProcessorCount} cores, {model}, {double.Parse(memKB, System.Globalization.CultureInfo.InvariantCulture) / 1024 / 1024:F1} GiB RAM, {RuntimeInformation.OSDescription}, .NET {Environment.Version}, {gc}");
    }
}

internal sealed record BenchOptions(
    string OutMarkdown, string Command, string GitCommit, string GitState, int Evaluations, TimeSpan TimerInterval, TimeSpan TimerBlock,
    int TimerPairs, int Cycles5s, int Cycles1s, int Jobs, int Seed)
{
    public static BenchOptions Parse(string[] args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal))
            {
                throw new ArgumentException($"expected --option value, found '{args[i]}'");
            }
            values[args[i][2..]] = args[i + 1];
        }
        string S(string name, string fallback) => values.GetValueOrDefault(name, fallback);
        int I(string name, int fallback) => int.Parse(S(name, fallback.ToString(System.Globalization.CultureInfo.InvariantCulture)), System.Globalization.CultureInfo.InvariantCulture);
        return new BenchOptions(
            S("out-md", "bench/results/governor.md"), S("command", "bench/governor/run.sh"), S("git-commit", "unknown"), S("git-state", "unknown"),
            I("evaluations", 5000), TimeSpan.FromMilliseconds(I("timer-interval-ms", 100)), TimeSpan.FromSeconds(I("timer-block-s", 8)),
            I("timer-pairs", 3), I("cycles-5s", 10), I("cycles-1s", 20), I("jobs", 3000), I("seed", 5));
    }
}
