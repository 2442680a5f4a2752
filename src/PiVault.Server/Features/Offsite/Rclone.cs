using System.Diagnostics;
using System.Text.Json;

namespace PiVault.Server.Features.Offsite;

/// <summary>What rclone's JSON log said about the transfer so far (its <c>stats</c> object).</summary>
public sealed record RcloneStats(long Bytes, long TotalBytes, int Transfers, int TotalTransfers, double Speed, double? EtaSeconds);

/// <summary>How an rclone command ended: its exit code and the errors it logged (no credentials: they are only in the config file).</summary>
public sealed record RcloneResult(int ExitCode, IReadOnlyList<string> Errors, string Output)
{
    public bool Succeeded => ExitCode == 0;

    public string Describe() => Errors.Count > 0 ? string.Join("; ", Errors.TakeLast(3)) : $"rclone exited with code {ExitCode}";
}

/// <summary>
/// Runs rclone as a child process: an argument list (never a shell), <c>--config</c> pointing at PiVault's own file,
/// an environment without the caller's <c>RCLONE_*</c> and <c>AWS_*</c> variables (they would change what the config
/// says), and its JSON log read line by line for progress. Cancelling kills it; rclone's copy and sync are idempotent,
/// so the next run goes on where it stopped.
/// </summary>
public sealed class Rclone(string configPath, string executable = "rclone")
{
    /// <summary>Called with the child's process id as soon as it started (the SIGKILL tests use it).</summary>
    public Action<int>? Started { get; init; }

    public async Task<RcloneResult> RunAsync(IReadOnlyList<string> arguments, Action<RcloneStats>? stats, CancellationToken cancel, string? input = null)
    {
        var start = new ProcessStartInfo(executable)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            RedirectStandardInput = input is not null,
            UseShellExecute = false,
        };
        foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("RCLONE_", StringComparison.Ordinal) || k.StartsWith("AWS_", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(key);
        }
        start.ArgumentList.Add("--config");
        start.ArgumentList.Add(configPath);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start) ?? throw new InvalidOperationException("rclone did not start.");
        Started?.Invoke(process.Id);
        var errors = new List<string>();
        var output = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        var log = ReadLogAsync(process.StandardError, errors, stats);
        if (input is not null)
        {
            await process.StandardInput.WriteAsync(input);
            process.StandardInput.Close();
        }
        try
        {
            await process.WaitForExitAsync(cancel);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
            throw;
        }
        await log;
        return new RcloneResult(process.ExitCode, errors, await output);
    }

    private static async Task ReadLogAsync(StreamReader log, List<string> errors, Action<RcloneStats>? stats)
    {
        while (await log.ReadLineAsync() is { } line)
        {
            if (!line.StartsWith('{'))
            {
                if (line.Contains("ERROR", StringComparison.Ordinal) || line.Contains("Failed", StringComparison.Ordinal) || line.Contains("CRITICAL", StringComparison.Ordinal))
                {
                    errors.Add(Trim(line));
                }
                continue;
            }
            try
            {
                using var json = JsonDocument.Parse(line);
                var root = json.RootElement;
                if (root.TryGetProperty("stats", out var s) && stats is not null)
                {
                    stats(new RcloneStats(Long(s, "bytes"), Long(s, "totalBytes"), (int)Long(s, "transfers"), (int)Long(s, "totalTransfers"),
                        s.TryGetProperty("speed", out var speed) && speed.ValueKind == JsonValueKind.Number ? speed.GetDouble() : 0,
                        s.TryGetProperty("eta", out var eta) && eta.ValueKind == JsonValueKind.Number ? eta.GetDouble() : null));
                }
                if (root.TryGetProperty("level", out var level) && level.GetString() is "error" or "critical" && root.TryGetProperty("msg", out var msg))
                {
                    var obj = root.TryGetProperty("object", out var o) ? o.GetString() + ": " : "";
                    errors.Add(Trim(obj + msg.GetString()));
                }
            }
            catch (JsonException)
            {
                errors.Add(Trim(line));
            }
        }
    }

    private static long Long(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetInt64() : 0;

    private static string Trim(string line) => line.Length > 400 ? line[..400] : line.Trim();
}
