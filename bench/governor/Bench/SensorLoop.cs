using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using PiVault.Hardware.Fakes;
using PiVault.Hardware.Health;
using PiVault.Hardware.Linux;
using PiVault.Server.Health;

namespace PiVault.Bench.Governor;

/// <summary>One tight loop: per call wall and thread CPU time, plus the whole process's CPU and allocation over it.</summary>
internal sealed record LoopResult(string Name, int Count, Summary WallUs, Summary ThreadCpuUs, double ProcessCpuUsPerCall, double AllocatedBytesPerCall, int Gen0Collections);

/// <summary>Idle or timer-driven stretch of the real-time run.</summary>
internal sealed record TimerBlock(bool Active, double Seconds, double ProcessCpuMs, int Evaluations, long AllocatedBytes, int Gen0Collections, Dictionary<string, long> ThreadNs);

/// <param name="EvaluationCpuUs">The timer thread's CPU time inside each timed evaluation (read start → Evaluated).</param>
internal sealed record TimerResult(
    TimeSpan Interval, TimeSpan Block, IReadOnlyList<TimerBlock> Blocks, Summary EvaluationCpuUs, Summary EvaluationWallUs,
    long HeapBytesBefore, long HeapBytesAfter, long RssKBBefore, long RssKBAfter)
{
    public IEnumerable<TimerBlock> Idle => Blocks.Where(b => !b.Active);

    public IEnumerable<TimerBlock> Busy => Blocks.Where(b => b.Active);

    /// <summary>Extra process CPU per timer tick: the active blocks' CPU minus the idle blocks' rate over the same time.</summary>
    public double CpuUsPerTick
    {
        get
        {
            var idleRate = Idle.Sum(b => b.ProcessCpuMs) / Idle.Sum(b => b.Seconds);
            var extra = Busy.Sum(b => b.ProcessCpuMs) - idleRate * Busy.Sum(b => b.Seconds);
            return extra * 1000 / Busy.Sum(b => b.Evaluations);
        }
    }

    /// <summary>Per thread name: CPU µs per tick in the active blocks minus the idle rate over the same time.</summary>
    public IEnumerable<(string Thread, double UsPerTick)> ThreadUsPerTick()
    {
        var idleSeconds = Idle.Sum(b => b.Seconds);
        var busySeconds = Busy.Sum(b => b.Seconds);
        var ticks = Busy.Sum(b => b.Evaluations);
        var names = Blocks.SelectMany(b => b.ThreadNs.Keys).Distinct();
        return names
            .Select(n => (n, (Busy.Sum(b => b.ThreadNs.GetValueOrDefault(n)) - Idle.Sum(b => b.ThreadNs.GetValueOrDefault(n)) / idleSeconds * busySeconds) / 1000.0 / ticks))
            .OrderByDescending(t => t.Item2);
    }

    public double AllocatedBytesPerTick =>
        (Busy.Sum(b => (double)b.AllocatedBytes) - Idle.Sum(b => (double)b.AllocatedBytes) / Idle.Sum(b => b.Seconds) * Busy.Sum(b => b.Seconds)) / Busy.Sum(b => b.Evaluations);
}

/// <summary>Part 1: what one governor evaluation costs, in a tight loop and under its real timer.</summary>
internal static class SensorLoop
{
    /// <summary>Production's worker counts: one per queue per two cores (PipelineWiring), i.e. two on a Pi 4.</summary>
    public static Dictionary<string, int> Workers(int cores) => new(StringComparer.Ordinal)
    {
        ["metadata"] = Math.Max(1, cores / 2),
        ["thumbnails"] = Math.Max(1, cores / 2),
    };

    public static HealthGovernor Governor(IHealthSensors sensors, TimeSpan interval, int cores) =>
        new(sensors, GovernorRules.Pi4 with { Interval = interval }, new UploadActivity(), TimeProvider.System, NullLogger<HealthGovernor>.Instance, Workers(cores));

    public static LoopResult Measure(string name, Func<object?> call, int warmup, int count)
    {
        for (var i = 0; i < warmup; i++)
        {
            call();
        }
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var wall = new double[count];
        var cpu = new double[count];
        long allocated = 0;
        var gen0 = GC.CollectionCount(0);
        var process0 = CpuClock.ProcessNs();
        for (var i = 0; i < count; i++)
        {
            var a0 = GC.GetAllocatedBytesForCurrentThread();
            var c0 = CpuClock.ThreadNs();
            var t0 = Stopwatch.GetTimestamp();
            call();
            var t1 = Stopwatch.GetTimestamp();
            var c1 = CpuClock.ThreadNs();
            allocated += GC.GetAllocatedBytesForCurrentThread() - a0;
            wall[i] = CpuClock.ElapsedUs(t0, t1);
            cpu[i] = (c1 - c0) / 1000.0;
        }
        var process = (CpuClock.ProcessNs() - process0) / 1000.0 / count;
        return new LoopResult(name, count, Summary.Of(wall), Summary.Of(cpu), process, (double)allocated / count, GC.CollectionCount(0) - gen0);
    }

    /// <summary>Which signals this root offers, as the governor's notes would list them.</summary>
    public static string Present(HealthReading r)
    {
        var present = new List<string>();
        var absent = new List<string>();
        void Add(string name, bool has) => (has ? present : absent).Add(name);
        Add("cpu-thermal temperature", r.CpuTemperatureC is not null);
        Add("get_throttled", r.Throttled is not null);
        Add("rpi_volt alarm", r.UndervoltageAlarm is not null);
        Add("cpufreq", r.CpuFrequencyKHz is not null);
        Add("meminfo", r.Memory is not null);
        Add("PSI memory", r.MemoryPressure is not null);
        Add("PSI cpu", r.CpuPressure is not null);
        Add("PSI io", r.IoPressure is not null);
        var problems = r.Problems.Count > 0 ? $"; problems: {string.Join("; ", r.Problems)}" : "";
        return $"present: {(present.Count > 0 ? string.Join(", ", present) : "none")}; absent: {(absent.Count > 0 ? string.Join(", ", absent) : "none")}{problems}";
    }

    /// <summary>
    /// The governor under its own timer, alternating idle and active blocks of the same length, so slow drifts in the
    /// machine's background load fall on both sides. The extra CPU of the active blocks per tick includes the timer
    /// and thread-pool wake-up that a tight loop does not see.
    /// </summary>
    public static async Task<TimerResult> RunTimerAsync(FakeSysfsTree tree, TimeSpan interval, TimeSpan block, int pairs)
    {
        var sensors = new TimedSensors(new LinuxHealthSensors(tree.Root));
        using var governor = Governor(sensors, interval, 4);
        var ticks = 0;
        var measuring = false;
        var cpu = new List<double>();
        var wall = new List<double>();
        governor.Evaluated += _ =>
        {
            var (at, ns) = (Stopwatch.GetTimestamp(), CpuClock.ThreadNs());
            Interlocked.Increment(ref ticks);
            if (Volatile.Read(ref measuring))
            {
                lock (cpu)
                {
                    cpu.Add((ns - sensors.ReadStartedThreadNs) / 1000.0);
                    wall.Add(CpuClock.ElapsedUs(sensors.ReadStartedAt, at));
                }
            }
        };
        // Not measured: an active and an idle stretch, so the timer path is compiled and the process has settled after
        // the tight loops (background tier-up and the GC's decommit otherwise land in the first blocks).
        // Tier-up needs 30 calls of a method and then a quiet moment: at least 60 ticks, then until a 2 s stretch passes
        // without the tiered compiler working (at most 20 s).
        await governor.StartAsync(CancellationToken.None);
        await Task.Delay(interval * 60);
        for (var i = 0; i < 10; i++)
        {
            var before = ThreadCpu.Snapshot();
            await Task.Delay(TimeSpan.FromSeconds(2));
            if (ThreadCpu.Delta(before, ThreadCpu.Snapshot()).GetValueOrDefault(".NET Tiered Com") < 1_000_000)
            {
                break;
            }
        }
        await governor.StopAsync(CancellationToken.None);
        await Task.Delay(TimeSpan.FromSeconds(2));
        var heapBefore = Heap();
        Volatile.Write(ref measuring, true);
        var rssBefore = RssKB();
        var blocks = new List<TimerBlock>();
        for (var i = 0; i < pairs * 2; i++)
        {
            var active = i % 2 == 1;
            var threads0 = ThreadCpu.Snapshot();
            var gen0 = GC.CollectionCount(0);
            var ticks0 = Volatile.Read(ref ticks);
            var allocated0 = GC.GetTotalAllocatedBytes(precise: true);
            var cpu0 = CpuClock.ProcessNs();
            var t0 = Stopwatch.GetTimestamp();
            if (active)
            {
                await governor.StartAsync(CancellationToken.None);
            }
            await Task.Delay(block);
            if (active)
            {
                await governor.StopAsync(CancellationToken.None);
            }
            var t1 = Stopwatch.GetTimestamp();
            var processMs = (CpuClock.ProcessNs() - cpu0) / 1e6;
            var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocated0;
            blocks.Add(new TimerBlock(active, CpuClock.ElapsedMs(t0, t1) / 1000, processMs, Volatile.Read(ref ticks) - ticks0, allocated,
                GC.CollectionCount(0) - gen0, ThreadCpu.Delta(threads0, ThreadCpu.Snapshot())));
        }
        Volatile.Write(ref measuring, false);
        lock (cpu)
        {
            return new TimerResult(interval, block, blocks, Summary.Of(cpu), Summary.Of(wall), heapBefore, Heap(), rssBefore, RssKB());
        }
    }

    private static long Heap()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        return GC.GetTotalMemory(forceFullCollection: true);
    }

    public static long RssKB() => File.ReadLines("/proc/self/status")
        .Where(l => l.StartsWith("VmRSS:", StringComparison.Ordinal))
        .Select(l => long.Parse(l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture))
        .FirstOrDefault();
}
