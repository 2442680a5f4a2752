using System.Diagnostics;
using System.Globalization;
using System.Text;
using PiVault.Server.Features.Media;

// Video playback-copy benchmark: PiVault's VideoEncoder (the exact arguments the pipeline uses) against ffmpeg with
// Immich's default transcoding settings, on clips like the ones households upload. Both run the same ffmpeg binary
// through a wrapper that records /usr/bin/time's wall time, CPU time and peak RSS of the ffmpeg process.
var options = Options.Parse(args);
var work = Directory.CreateTempSubdirectory("pivault-bench-video-").FullName;
try
{
    var wrapper = Path.Combine(work, "ffmpeg-timed");
    File.WriteAllText(wrapper, "#!/bin/sh\nexec /usr/bin/time -f '%e %U %S %M' -o \"$PIVAULT_BENCH_TIME\" ffmpeg \"$@\"\n");
    File.SetUnixFileMode(wrapper, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    var clips = Clips.Make(work, options.Seconds, options.CorpusRoot);
    var probe = new VideoProbe();
    var encoder = new VideoEncoder(wrapper);
    var results = new List<Run>();
    foreach (var clip in clips)
    {
        var info = await probe.ProbeAsync(clip.Path, CancellationToken.None);
        Console.WriteLine($"{clip.Name}: {info.Codec} {info.PixelFormat} {info.Width}x{info.Height} {info.DurationSeconds:F1} s; PiVault policy: {PlaybackPolicy.WhyEncode(info) ?? "plays as it is"}");
        for (var i = 0; i < options.Repeats; i++)
        {
            // Alternate which runs first, so neither always meets a warm or a cold page cache.
            foreach (var who in i % 2 == 0 ? new[] { "PiVault", "Immich defaults" } : ["Immich defaults", "PiVault"])
            {
                var output = Path.Combine(work, $"out-{Guid.NewGuid():N}.mp4");
                var timing = Path.Combine(work, "time.txt");
                Environment.SetEnvironmentVariable("PIVAULT_BENCH_TIME", timing);
                if (who == "PiVault")
                {
                    await encoder.EncodeAsync(clip.Path, info, output, CancellationToken.None);
                }
                else
                {
                    Tools.Run(wrapper, ImmichDefaults.Arguments(clip.Path, info, output));
                }
                var fields = File.ReadAllText(timing).Trim().Split('\n')[^1].Split(' ').Select(f => double.Parse(f, CultureInfo.InvariantCulture)).ToArray();
                results.Add(new Run(clip, info.DurationSeconds, who, fields[0], fields[1] + fields[2], fields[3] / 1024, new FileInfo(output).Length, Tools.Describe(output)));
                File.Delete(output);
                Console.WriteLine($"  {who}: {fields[0]:F2} s wall, {fields[1] + fields[2]:F2} s CPU, {fields[3] / 1024:F0} MiB");
            }
        }
    }
    File.WriteAllText(options.OutMd, Report.Markdown(results, options));
    Console.WriteLine($"wrote {options.OutMd}");
}
finally
{
    Directory.Delete(work, recursive: true);
}

internal sealed record Options(string OutMd, string Command, int Seconds, int Repeats, string CorpusRoot, string GitCommit)
{
    public static Options Parse(string[] args)
    {
        string Value(string name, string fallback) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault() ?? fallback;
        return new Options(Value("--out-md", "video.md"), Value("--command", "bench/video/run.sh"), int.Parse(Value("--seconds", "10"), CultureInfo.InvariantCulture),
            int.Parse(Value("--repeats", "3"), CultureInfo.InvariantCulture), Value("--corpus", "../shared/corpus"), Value("--git-commit", "unknown"));
    }
}

internal sealed record Clip(string Name, string Path, string What);

internal sealed record Run(Clip Clip, double Duration, string Who, double WallSeconds, double CpuSeconds, double PeakMiB, long Bytes, string Output);

internal static class Clips
{
    /// <summary>ffmpeg's moving test pattern with grain (so the encoder has detail to work on) and a tone.</summary>
    public static List<Clip> Make(string dir, int seconds, string corpusRoot)
    {
        var t = seconds.ToString(CultureInfo.InvariantCulture);
        var half = (seconds / 2).ToString(CultureInfo.InvariantCulture);
        var phone = Path.Combine(dir, "phone-landscape.mov");
        Tools.Run("ffmpeg", Source("1920x1080", 30, t, ["-c:v", "libx265", "-preset", "ultrafast", "-x265-params", "log-level=error", "-tag:v", "hvc1", "-pix_fmt", "yuv420p", "-c:a", "aac"], phone));
        var portrait = Path.Combine(dir, "phone-portrait.mov");
        Tools.Run("ffmpeg", ["-nostdin", "-v", "error", "-y", "-i", phone, "-c", "copy", "-metadata:s:v:0", "rotate=90", portrait]);
        var hdr = Path.Combine(dir, "phone-4k-10bit.mov");
        Tools.Run("ffmpeg", Source("3840x2160", 30, half, ["-c:v", "libx265", "-preset", "ultrafast", "-x265-params", "log-level=error", "-tag:v", "hvc1", "-pix_fmt", "yuv420p10le", "-c:a", "aac"], hdr));
        var camera = Path.Combine(dir, "old-camera.avi");
        Tools.Run("ffmpeg", Source("1280x720", 30, t, ["-c:v", "mjpeg", "-q:v", "3", "-pix_fmt", "yuvj420p", "-c:a", "pcm_s16le"], camera));
        return
        [
            new("iPhone-style 1080p30 HEVC, portrait", portrait, $"{seconds} s, 8-bit, AAC, rotation 90"),
            new("iPhone-style 4K30 HEVC 10-bit", hdr, $"{seconds / 2} s, yuv420p10le, AAC"),
            new("Old camera 720p30 Motion-JPEG AVI", camera, $"{seconds} s, PCM sound"),
            new("Real MPEG-4 Part 2 clip (corpus)", Path.Combine(corpusRoot, "mei", "mov", "sample_iTunes.mov"), "mei/mov/sample_iTunes.mov, AAC"),
        ];
    }

    private static string[] Source(string size, int rate, string seconds, string[] encode, string path) =>
    [
        "-nostdin", "-v", "error", "-y", "-f", "lavfi", "-i", $"testsrc2=size={size}:rate={rate},noise=alls=12:allf=t",
        "-f", "lavfi", "-i", "sine=frequency=440", "-t", seconds, .. encode, path,
    ];
}

/// <summary>
/// Immich's default video transcoding settings (H.264, preset ultrafast, CRF 23, target 720p, AAC, faststart, all
/// threads), written out as one ffmpeg command: the peer PiVault's copy is compared with.
/// </summary>
internal static class ImmichDefaults
{
    public static List<string> Arguments(string input, VideoInfo info, string output)
    {
        var scale = Math.Min(info.Width, info.Height) <= 720 ? "format=yuv420p" : info.Width <= info.Height ? "scale=720:-2,format=yuv420p" : "scale=-2:720,format=yuv420p";
        return ["-nostdin", "-v", "error", "-y", "-i", input, "-map", "0:v:0", "-map", "0:a:0?", "-c:v", "libx264", "-preset", "ultrafast", "-crf", "23",
            "-vf", scale, "-c:a", "aac", "-movflags", "faststart", "-fps_mode", "passthrough", "-threads", "0", output];
    }
}

internal static class Tools
{
    public static void Run(string tool, IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo(tool) { RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start)!;
        var errors = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{tool} failed: {errors}");
        }
    }

    /// <summary>ffprobe's "codec pix_fmt WxH" of the output's video stream.</summary>
    public static string Describe(string path)
    {
        var start = new ProcessStartInfo("ffprobe") { RedirectStandardOutput = true };
        foreach (var argument in (string[])["-v", "error", "-select_streams", "v:0", "-show_entries", "stream=codec_name,pix_fmt,width,height", "-of", "csv=p=0", path])
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start)!;
        var line = process.StandardOutput.ReadToEnd().Trim().Split(',');
        process.WaitForExit();
        return line.Length == 4 ? $"{line[0]} {line[3]} {line[1]}×{line[2]}" : string.Join(",", line);
    }
}

internal static class Report
{
    public static string Markdown(List<Run> runs, Options options)
    {
        static double Median(IEnumerable<double> values)
        {
            var sorted = values.Order().ToArray();
            return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
        }
        var text = new StringBuilder();
        void Line(FormattableString line) => text.AppendLine(line.ToString(CultureInfo.InvariantCulture));
        Line($"# Video playback copies");
        Line($"");
        Line($"PiVault's `VideoEncoder` (the arguments the `video` queue uses: libx264 ultrafast CRF 23, short side ≤ 720, AAC,");
        Line($"faststart, **2 threads**) against ffmpeg with Immich's default transcoding settings (the same codec, preset, CRF, 720p");
        Line($"target and AAC, but **all threads**), on the same clips and the same ffmpeg. Each ffmpeg run is measured by `/usr/bin/time`:");
        Line($"wall time, CPU (user + system) and peak RSS. Realtime = clip length / wall time (above 1: faster than playing it).");
        Line($"");
        Line($"- Command: `{options.Command}` ({options.Repeats} runs per clip and encoder, alternating which goes first)");
        Line($"- Date: {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC; git `{options.GitCommit}`; {Environment.ProcessorCount} cores; load average at the end: `{File.ReadAllText("/proc/loadavg").Trim()}`");
        Line($"- {FfmpegVersion()}");
        Line($"");
        Line($"| clip | encoder | output | wall s (median) | realtime | CPU s | peak RSS MiB | size KiB |");
        Line($"|---|---|---|--:|--:|--:|--:|--:|");
        foreach (var group in runs.GroupBy(r => (r.Clip.Name, r.Who)))
        {
            var first = group.First();
            var wall = Median(group.Select(r => r.WallSeconds));
            Line($"| {first.Clip.Name} ({first.Clip.What}) | {first.Who} | {first.Output} | {wall:F2} | {first.Duration / wall:F2}× | {Median(group.Select(r => r.CpuSeconds)):F2} | {Median(group.Select(r => r.PeakMiB)):F0} | {Median(group.Select(r => (double)r.Bytes)) / 1024:F0} |");
        }
        Line($"");
        Line($"Ratios (PiVault / Immich defaults, medians):");
        Line($"");
        foreach (var clip in runs.GroupBy(r => r.Clip.Name))
        {
            var ours = clip.Where(r => r.Who == "PiVault").ToList();
            var peer = clip.Where(r => r.Who != "PiVault").ToList();
            Line($"- {clip.Key}: wall {Median(ours.Select(r => r.WallSeconds)) / Median(peer.Select(r => r.WallSeconds)):F2}×, CPU {Median(ours.Select(r => r.CpuSeconds)) / Median(peer.Select(r => r.CpuSeconds)):F2}×, peak RSS {Median(ours.Select(r => r.PeakMiB)) / Median(peer.Select(r => r.PeakMiB)):F2}×");
        }
        Line($"");
        Line($"On this {Environment.ProcessorCount}-core machine \"all threads\" is 2 as well, so the two differ only in the few");
        Line($"arguments (scaling only when needed, on the displayed size; no metadata); on a 4-core Pi 4, Immich's all-threads run");
        Line($"would take every core from uploads and the web, which is why PiVault's copy uses two and one worker.");
        var phone = runs.Where(r => r.Who == "PiVault" && r.Clip.Name.Contains("1080p", StringComparison.Ordinal)).ToList();
        if (phone.Count > 0)
        {
            var realtime = phone[0].Duration / Median(phone.Select(r => r.WallSeconds));
            Line($"Pi 4 estimate (not measured): a Cortex-A72 runs libx264 roughly 3–5× slower than this x86 core, so the 1080p phone");
            Line($"clip would encode at about {realtime / 5:F2}–{realtime / 3:F2}× realtime there; the queue works through an initial backlog");
            Line($"over hours, paused by the governor when hot and slowed while phones upload.");
        }
        return text.ToString();
    }

    private static string FfmpegVersion()
    {
        var start = new ProcessStartInfo("ffmpeg", "-version") { RedirectStandardOutput = true };
        using var process = Process.Start(start)!;
        var first = process.StandardOutput.ReadLine() ?? "ffmpeg";
        process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return first;
    }
}
