using System.Text;
using static PiVault.Bench.Governor.Format;

namespace PiVault.Bench.Governor;

/// <summary>Writes bench/results/governor.md: the run, the three parts' tables and the ratios they come to.</summary>
internal static class Report
{
    public static string Markdown(BenchOptions o, MachineNote machine, IReadOnlyList<LoopResult> loops, string presentHere, string presentPi, TimerResult timer, IReadOnlyList<PauseResult> pauses)
    {
        var md = new StringBuilder();
        void Line(FormattableString text) => md.AppendLine(Inv(text));
        var piEvaluate = loops[3];
        var hereEvaluate = loops[1];
        Line($"# Health governor: sensor-loop overhead and pause latency");
        Line($"");
        Line($"Issue 05's benchmark clause: the CPU cost of the governor's sensor loop at its default interval, and the time from a");
        Line($"threshold crossing to the queue pausing. Everything runs in one process on the real code: `LinuxHealthSensors` over");
        Line($"this machine's `/` and over a fake Raspberry Pi 4 tree (`FakeSysfsTree.IdlePi4`, every sensor present), `HealthGovernor`");
        Line($"with the Pi 4 rules, and in part 3 the real `JobRunner` on a real SQLite `JobQueue` (temp dir, migrated), with");
        Line($"`TimeProvider.System`. The machine is shared and noisy (2 cores, other builds running): read the ratios, not the absolutes.");
        Line($"");
        Line($"## Run");
        Line($"");
        Line($"- Command: `{o.Command}` (Release build; {o.Evaluations:N0} calls per tight loop after {o.Evaluations / 10:N0} warm-up calls)");
        Line($"- Date: {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, total bench time {machine.Seconds:F0} s");
        Line($"- Git commit: `{o.GitCommit}` ({o.GitState})");
        Line($"- Machine: {MachineNote.Describe()}");
        Line($"- Load average (/proc/loadavg) at start: `{machine.LoadAtStart}`, at end: `{machine.LoadAtEnd}`");
        Line($"- This machine's `/`: {presentHere}");
        Line($"- Fake Pi 4 tree (regular files under $TMPDIR on ext4, page cache warm): {presentPi}");
        Line($"");

        Headlines(md, loops, timer, pauses);
        Line($"## 1. One evaluation in a tight loop");
        Line($"");
        Line($"Per call: wall time (Stopwatch) and the calling thread's CPU time (user + system, `clock_gettime(CLOCK_THREAD_CPUTIME_ID)`),");
        Line($"median and p99. \"Process CPU/call\" is `CLOCK_PROCESS_CPUTIME_ID` over the whole loop divided by the calls: it includes");
        Line($"the GC's threads. Allocation is `GC.GetAllocatedBytesForCurrentThread` per call. The share of one core is process CPU per");
        Line($"call divided by the interval. \"Decide\" evaluates on a fixed in-memory reading (`FakeHealthSensors`): the policy, the snapshot");
        Line($"and the change check, without file reads. The `Evaluated` subscribers (HealthHistory's per-minute sample) are not attached.");
        Line($"");
        Line($"| loop | wall median µs | wall p99 µs | thread CPU median µs | thread CPU p99 µs | process CPU/call µs | allocated B/call | gen0 GCs | % of one core at 5 s | at 1 s |");
        Line($"|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|");
        foreach (var l in loops)
        {
            Line($"| {l.Name} | {N(l.WallUs.Median, 1)} | {N(l.WallUs.P99, 1)} | {N(l.ThreadCpuUs.Median, 1)} | {N(l.ThreadCpuUs.P99, 1)} | {N(l.ProcessCpuUsPerCall, 1)} | {N(l.AllocatedBytesPerCall, 0)} | {l.Gen0Collections} | {Share(CorePercent(l.ProcessCpuUsPerCall, 5))} | {Share(CorePercent(l.ProcessCpuUsPerCall, 1))} |");
        }
        Line($"");
        Line($"- **Sensor loop on the fake Pi 4 tree = {Share(CorePercent(piEvaluate.ProcessCpuUsPerCall, 5))} % of one core at the default 5 s** ({Share(CorePercent(piEvaluate.ProcessCpuUsPerCall, 1))} % at 1 s); on this machine's `/` {Share(CorePercent(hereEvaluate.ProcessCpuUsPerCall, 5))} % at 5 s.");
        Line($"- Reading the files is {N(100 * loops[2].ThreadCpuUs.Median / piEvaluate.ThreadCpuUs.Median, 0)} % of an evaluation's thread CPU (median); deciding is {N(loops[4].ThreadCpuUs.Median, 1)} µs.");
        Line($"- Allocation: {N(piEvaluate.AllocatedBytesPerCall / 1024, 1)} KiB per evaluation = {N(piEvaluate.AllocatedBytesPerCall / 5 / 1024, 2)} KiB/s at 5 s, {N(piEvaluate.AllocatedBytesPerCall / 1024 / 1024 * 86400 / 5, 0)} MiB a day of short-lived garbage.");
        Line($"- Raspberry Pi 4 (estimate, not a measurement): a Cortex-A72 core is roughly 3–4× slower than this x86 core, so about");
        Line($"  {Share(3 * CorePercent(piEvaluate.ProcessCpuUsPerCall, 5))}–{Share(4 * CorePercent(piEvaluate.ProcessCpuUsPerCall, 5))} % of one of its four cores at 5 s. Not covered by the fake tree: the kernel's own work behind the Pi's");
        Line($"  pseudo-files (`get_throttled` asks the VideoCore firmware over the mailbox; the thermal and hwmon drivers read the SoC),");
        Line($"  which a Pi run has to measure. The `/proc` files this machine has (meminfo, PSI) are real procfs reads in the `/` rows.");
        Line($"");

        Line($"## 2. Under the real timer");
        Line($"");
        Line($"The fake-Pi governor hosted with its own timer (`StartAsync`, `TimeProvider.System`) at {timer.Interval.TotalMilliseconds:F0} ms, in");
        Line($"{timer.Busy.Count()} active blocks alternating with {timer.Idle.Count()} idle blocks of {timer.Block.TotalSeconds:F0} s each (same process, timer stopped), after an");
        Line($"unmeasured warm-up (the timer for at least 60 ticks and until the tiered compiler is quiet for 2 s, then 2 s idle).");
        Line($"Process CPU from `CLOCK_PROCESS_CPUTIME_ID`, allocation from `GC.GetTotalAllocatedBytes(precise)`.");
        Line($"");
        Line($"| block | seconds | evaluations | process CPU ms | allocated KiB | gen0 GCs |");
        Line($"|---|--:|--:|--:|--:|--:|");
        foreach (var (b, i) in timer.Blocks.Select((b, i) => (b, i)))
        {
            Line($"| {i + 1}: {(b.Active ? "timer running" : "idle")} | {b.Seconds:F1} | {b.Evaluations} | {N(b.ProcessCpuMs, 1)} | {N(b.AllocatedBytes / 1024.0, 1)} | {b.Gen0Collections} |");
        }
        Line($"");
        Line($"- Extra process CPU per tick (active minus the idle rate): **{N(timer.CpuUsPerTick, 1)} µs**, against {N(piEvaluate.ProcessCpuUsPerCall, 1)} µs per");
        Line($"  evaluation in the tight loop (ratio {N(timer.CpuUsPerTick / piEvaluate.ProcessCpuUsPerCall, 2)}).");
        Line($"- Inside each timed evaluation (the timer thread's CPU from its first read to `Evaluated`): median {N(timer.EvaluationCpuUs.Median, 1)} µs, p99 {N(timer.EvaluationCpuUs.P99, 1)} µs");
        Line($"  (wall median {N(timer.EvaluationWallUs.Median, 1)} µs, p99 {N(timer.EvaluationWallUs.P99, 1)} µs), against {N(piEvaluate.ThreadCpuUs.Median, 1)} µs in the tight loop: {N(timer.EvaluationCpuUs.Median / piEvaluate.ThreadCpuUs.Median, 2)}× (caches gone cold between ticks).");
        Line($"  The rest of the extra CPU, {N(timer.CpuUsPerTick - timer.EvaluationCpuUs.Mean, 1)} µs per tick, is outside the evaluation: the timer firing, the thread-pool");
        Line($"  wake-up and spinning, and the runtime's own background work. By thread (schedstat, active minus idle rate, µs per tick):");
        Line($"  {string.Join(", ", timer.ThreadUsPerTick().Where(t => Math.Abs(t.UsPerTick) >= 1).Select(t => Inv($"{t.Thread} {t.UsPerTick:F0}")))}.");
        Line($"  At 5 s that is **{Share(CorePercent(timer.CpuUsPerTick, 5))} % of one core** ({Share(CorePercent(timer.CpuUsPerTick, 1))} % at 1 s), assuming a tick at 5 s costs what one at");
        Line($"  {timer.Interval.TotalMilliseconds:F0} ms does (if anything more: colder caches, and a thread-pool worker that may have gone to sleep).");
        Line($"- Allocation per tick: {N(timer.AllocatedBytesPerTick / 1024, 1)} KiB. Memory: GC heap after a full collection {N(timer.HeapBytesBefore / 1024.0, 0)} KiB before the timed run,");
        Line($"  {N(timer.HeapBytesAfter / 1024.0, 0)} KiB after {timer.Busy.Sum(b => b.Evaluations)} timed evaluations ({N((timer.HeapBytesAfter - timer.HeapBytesBefore) / 1024.0, 0):+0;-0} KiB); process RSS {N(timer.RssKBBefore / 1024.0, 1)} → {N(timer.RssKBAfter / 1024.0, 1)} MiB.");
        Line($"");

        Line($"## 3. Threshold crossing → queue paused, and back");
        Line($"");
        Line($"Fake Pi 4 tree at {PauseLatency.CoolC:F0} °C (thumbnails at 1 of 2 workers: above the 70 °C slow-down), {pauses[0].Jobs:N0} pending thumbnails");
        Line($"jobs that each sleep 50–200 ms. Each cycle: once a job is running, the bench writes {PauseLatency.HotC:F0} °C (above the thumbnails pause");
        Line($"threshold, 82 °C) at a chosen phase of the governor's timer, waits for the pause decision and for the in-flight job to end,");
        Line($"then writes {PauseLatency.CoolC:F0} °C (below the release at 82 − 4 = 78 °C) at another phase and waits for the first job to start.");
        Line($"Phases are stratified random (one per equal slice of the interval, shuffled), so few cycles cover the whole interval.");
        Line($"Times run from the moment the new value was in the file (written beside it and renamed over it, atomically as sysfs is).");
        Line($"\"Timer wait\" is the time to the governor's next tick, what the phase alone predicts; uniform over the interval, mean interval/2.");
        Line($"A resume decision wakes the queue's idle workers at once (`IWorkerLimits.LimitRaised`); without it they would look again");
        Line($"only at their 2 s idle poll, so the wake-up would depend on the parity of the pause's length in intervals. Every other");
        Line($"cycle's pause is one interval longer, so both parities are measured and should now look the same.");
        Line($"");
        foreach (var p in pauses)
        {
            PauseTable(md, p);
        }
        return md.ToString();
    }

    private static void PauseTable(StringBuilder md, PauseResult p)
    {
        void Line(FormattableString text) => md.AppendLine(Inv(text));
        var s = p.Interval.TotalSeconds;
        var c = p.Cycles;
        var detect = Summary.Of(c.Select(x => x.PauseDetectMs));
        var drain = Summary.Of(c.Select(x => x.DrainMs));
        Line($"### Interval {s:F0} s ({c.Count} cycles)");
        Line($"");
        Line($"| ms | min | median | mean | max | expected |");
        Line($"|---|--:|--:|--:|--:|--:|");
        Row("heat written → the next evaluation starts reading (timer wait)", c.Select(x => x.HeatWaitMs), $"0–{s * 1000:F0}, mean {s * 500:F0}");
        Row("that evaluation: first read → decision visible", c.Select(x => x.PauseEvaluationMs), "one evaluation");
        Row("**heat written → AllowedWorkers(thumbnails) = 0** (detection)", c.Select(x => x.PauseDetectMs), $"mean {s * 500:F0}");
        Row("pause decision → in-flight job finished (drained)", c.Select(x => x.DrainMs), "< 200 (one job)");
        Row("**heat written → no thumbnails job running**", c.Select(x => x.PauseDetectMs + x.DrainMs), $"mean {s * 500:F0} + drain");
        Row("cool written → the next evaluation starts reading (timer wait)", c.Select(x => x.CoolWaitMs), $"0–{s * 1000:F0}, mean {s * 500:F0}");
        Row("cool written → AllowedWorkers(thumbnails) > 0 (detection)", c.Select(x => x.ResumeDetectMs), $"mean {s * 500:F0}");
        Row("resume decision → first job started (runner wake-up)", c.Select(x => x.FirstStartMs - x.ResumeDetectMs), "a few ms (woken by the resume)");
        Row("**cool written → first job started**", c.Select(x => x.FirstStartMs), $"mean {s * 500:F0} + wake-up");
        Line($"");
        Line($"- Jobs in flight at the pause decision: {string.Join(", ", c.GroupBy(x => x.InFlightAtPause).OrderBy(g => g.Key).Select(g => Inv($"{g.Key} in {g.Count()} cycles")))}.");
        var started = c.Sum(x => x.StartedWhilePaused);
        var asked = c.Sum(x => x.AskedAfterPause);
        var raced = c.SelectMany(x => x.Raced).ToList();
        Line($"- **Jobs started between the pause decision and the resume decision: {started}**, of which asked for their limit after the decision: **{asked}**.");
        if (raced.Count > 0)
        {
            Line($"  Each, relative to the pause decision (one that asked before it raced the decision: the runner checks, then claims in a separate SQLite round trip):");
            Line($"  {string.Join("; ", raced.Select(r => Inv($"asked {Math.Abs(r.AskedBeforeMs):F1} ms {(r.AskedBeforeMs >= 0 ? "before" : "after")}, started {r.StartedAfterMs:F1} ms after")))}.");
        }
        Line($"  Check-then-claim window over all {p.AskToStartMs.Count} jobs (limit read → handler started): median {N(p.AskToStartMs.Median, 2)} ms, p99 {N(p.AskToStartMs.P99, 1)} ms, max {N(p.AskToStartMs.Max, 1)} ms:");
        Line($"  a worker that read its limit just before a pause decision can still start a job this long after it (it claims without reading the limit again).");
        Line($"- Detection mean / (interval / 2) = **{N(detect.Mean / (s * 500), 2)}** (the phases are stratified, so the timer wait's mean is close to interval/2 by design; the ratio checks that nothing adds to it).");
        Line($"  Evaluation inside the detection: median {N(Summary.Of(c.Select(x => x.PauseEvaluationMs)).Median, 2)} ms. Drain: median {N(drain.Median, 0)} ms, max {N(drain.Max, 0)} ms.");
        foreach (var parity in c.GroupBy(x => x.PausedTicks % 2).OrderBy(g => g.Key))
        {
            var w = Summary.Of(parity.Select(x => x.FirstStartMs - x.ResumeDetectMs));
            Line($"- Runner wake-up after pauses of {(parity.Key == 0 ? "an even" : "an odd")} number of intervals ({string.Join(", ", parity.Select(x => x.PausedTicks).Distinct().Order())}): median {N(w.Median, 0)} ms, min {N(w.Min, 0)}, max {N(w.Max, 0)} ({w.Count} cycles).");
        }
        Line($"- Timer period between evaluations: median {N(p.TickPeriodMs.Median, 1)} ms, min {N(p.TickPeriodMs.Min, 1)}, max {N(p.TickPeriodMs.Max, 1)} ({p.TickPeriodMs.Count} periods).");
        Line($"- Jobs started in this run: {p.JobsStarted}; still pending at the end: {p.PendingLeft:N0}{(p.PendingLeft > 0 ? " (the queue never ran dry)" : " (**the queue ran dry: the figures are not valid**)")}.");
        Line($"");

        void Row(string name, IEnumerable<double> values, string expected)
        {
            var v = Summary.Of(values);
            Line($"| {name} | {N(v.Min, 1)} | {N(v.Median, 1)} | {N(v.Mean, 1)} | {N(v.Max, 1)} | {expected} |");
        }
    }

    private static void Headlines(StringBuilder md, IReadOnlyList<LoopResult> loops, TimerResult timer, IReadOnlyList<PauseResult> pauses)
    {
        void Line(FormattableString text) => md.AppendLine(Inv(text));
        var tight = loops[3].ProcessCpuUsPerCall;
        Line($"## Summary");
        Line($"");
        Line($"- **Sensor loop = {Share(CorePercent(timer.CpuUsPerTick, 5))} % of one core at the default 5 s** under the real timer ({N(timer.CpuUsPerTick, 0)} µs of process CPU per tick,");
        Line($"  everything included), {Share(CorePercent(timer.CpuUsPerTick, 1))} % at 1 s. The evaluation alone in a tight loop: {N(tight, 0)} µs = {Share(CorePercent(tight, 5))} % at 5 s;");
        Line($"  a tick under the real timer costs {N(timer.CpuUsPerTick / tight, 1)}× that. Pi 4 estimate (×3–4, not measured): {Share(3 * CorePercent(timer.CpuUsPerTick, 5))}–{Share(4 * CorePercent(timer.CpuUsPerTick, 5))} % of one core.");
        Line($"- Allocation {N(loops[3].AllocatedBytesPerCall / 1024, 0)} KiB per evaluation, {N(100 - loops[4].AllocatedBytesPerCall / loops[3].AllocatedBytesPerCall * 100, 0)} % of it in reading the files; no retained growth (heap {N((timer.HeapBytesAfter - timer.HeapBytesBefore) / 1024.0, 0):+0;-0} KiB over {timer.Busy.Sum(b => b.Evaluations)} ticks).");
        foreach (var p in pauses)
        {
            var s = p.Interval.TotalSeconds;
            var detect = Summary.Of(p.Cycles.Select(c => c.PauseDetectMs));
            var stopped = Summary.Of(p.Cycles.Select(c => c.PauseDetectMs + c.DrainMs));
            var resumed = Summary.Of(p.Cycles.Select(c => c.FirstStartMs));
            Line($"- **{s:F0} s interval**: heat → pause decision mean {N(detect.Mean, 0)} ms = **{N(detect.Mean / (s * 500), 2)} × interval/2** (max {N(detect.Max, 0)} ms); heat → no job running mean {N(stopped.Mean, 0)} ms,");
            Line($"  max {N(stopped.Max, 0)} ms; jobs started while paused {p.Cycles.Sum(c => c.StartedWhilePaused)} (asked after the decision: {p.Cycles.Sum(c => c.AskedAfterPause)}); cool → first job mean {N(resumed.Mean, 0)} ms, max {N(resumed.Max, 0)} ms ({p.Cycles.Count} cycles).");
        }
        Line($"");
    }

    private static double CorePercent(double cpuUs, double intervalSeconds) => cpuUs / (intervalSeconds * 1e6) * 100;
}
