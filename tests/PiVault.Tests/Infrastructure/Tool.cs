using System.Diagnostics;

namespace PiVault.Tests.Infrastructure;

/// <summary>Runs a command-line tool (systemd-analyze, mount, the server's one-shot commands) to its end.</summary>
public static class Tool
{
    /// <summary>Runs <paramref name="program"/> with <paramref name="args"/>; returns its exit code and its stdout followed by its stderr.</summary>
    /// <exception cref="TimeoutException">It ran longer than <paramref name="timeout"/> (60 s by default).</exception>
    public static async Task<(int ExitCode, string Output)> RunAsync(string program, IEnumerable<string> args, TimeSpan? timeout = null)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{program} did not start");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        try
        {
            await process.WaitForExitAsync().WaitAsync(timeout ?? TimeSpan.FromSeconds(60));
        }
        catch (TimeoutException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }
        return (process.ExitCode, await output + await errors);
    }

    public static Task<(int ExitCode, string Output)> RunAsync(string program, params string[] args) => RunAsync(program, args, null);

    /// <summary>The same, for the synchronous set-up code of fixtures.</summary>
    public static (int ExitCode, string Output) Run(string program, params string[] args) => RunAsync(program, args, null).GetAwaiter().GetResult();
}
