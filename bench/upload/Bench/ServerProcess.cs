using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace PiVault.Bench.Upload;

/// <summary>The benchmark failed in a way the results must not paper over (wrong status, server died, ...).</summary>
internal sealed class BenchFailureException(string message) : Exception(message);

/// <summary>
/// The PiVault server as a child process: <c>dotnet pivault.dll serve</c> with a fresh data dir, its output in a log
/// file (through <c>sh -c exec</c>, so the PID we watch is the server's own and nobody has to drain a pipe).
/// </summary>
internal sealed class ServerProcess : IDisposable
{
    private readonly Process process;

    private readonly PosixSignalRegistration[] signals;
    private volatile bool interrupted;

    private ServerProcess(Process process, Uri baseUri, string logPath)
    {
        this.process = process;
        BaseUri = baseUri;
        LogPath = logPath;
        // Ctrl-C or kill of the bench must not leave a server running: stop it, then let the signal do its default.
        signals = [.. new[] { PosixSignal.SIGINT, PosixSignal.SIGTERM, PosixSignal.SIGHUP }.Select(s => PosixSignalRegistration.Create(s, _ =>
        {
            interrupted = true;
            Stop();
        }))];
    }

    public Uri BaseUri { get; }

    public string LogPath { get; }

    public int Pid => process.Id;

    public static ServerProcess Start(string serverDll, string dataDir, string logPath)
    {
        var port = FreePort();
        var url = $"http://127.0.0.1:{port}";
        var start = new ProcessStartInfo("/bin/sh") { UseShellExecute = false };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add("exec \"$@\" >\"$LOG\" 2>&1");
        start.ArgumentList.Add("sh");
        foreach (var arg in new[] { "dotnet", serverDll, "serve", "--data-dir", dataDir, "--urls", url })
        {
            start.ArgumentList.Add(arg);
        }
        start.Environment["LOG"] = logPath;
        // The server must see the same environment a user would give it, minus anything that would make it a dev box.
        start.Environment.Remove("ASPNETCORE_ENVIRONMENT");
        start.Environment.Remove("DOTNET_ENVIRONMENT");
        var process = Process.Start(start) ?? throw new BenchFailureException("Could not start the server process.");
        return new ServerProcess(process, new Uri(url + "/"), logPath);
    }

    /// <summary>Polls <c>/api/v1/server/ping</c> until it answers "pong"; returns how long start-up took.</summary>
    public async Task<TimeSpan> WaitForPingAsync(HttpClient http, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < timeout)
        {
            if (process.HasExited)
            {
                throw new BenchFailureException($"The server exited with code {process.ExitCode} during start-up:\n{Tail()}");
            }
            try
            {
                var body = await http.GetStringAsync(new Uri(BaseUri, "api/v1/server/ping"));
                if (body.Contains("pong", StringComparison.Ordinal))
                {
                    return clock.Elapsed;
                }
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }
            await Task.Delay(25);
        }
        throw new BenchFailureException($"The server did not answer /api/v1/server/ping within {timeout.TotalSeconds} s:\n{Tail()}");
    }

    public void EnsureRunning()
    {
        if (interrupted)
        {
            throw new BenchFailureException("Interrupted by a signal; the server was stopped.");
        }
        if (process.HasExited)
        {
            throw new BenchFailureException($"The server died (exit code {process.ExitCode}):\n{Tail()}");
        }
    }

    /// <summary>User + system CPU time the server has used so far.</summary>
    public TimeSpan CpuTime()
    {
        EnsureRunning();
        process.Refresh();
        return process.TotalProcessorTime;
    }

    /// <summary>A <c>/proc/PID/status</c> field in bytes (VmRSS, VmHWM, ...).</summary>
    public long StatusBytes(string field) => ProcStatus.ReadBytes(process.Id, field);

    public string Tail(int lines = 30)
    {
        try
        {
            return string.Join('\n', File.ReadLines(LogPath).TakeLast(lines));
        }
        catch (IOException)
        {
            return "(no server log)";
        }
    }

    public void Dispose()
    {
        foreach (var signal in signals)
        {
            signal.Dispose();
        }
        Stop();
        process.Dispose();
    }

    private void Stop()
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit(10_000);
            }
        }
        catch (InvalidOperationException)
        {
            // already gone
        }
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>Reads memory figures from <c>/proc/PID/status</c> (Linux only; the numbers the kernel itself reports).</summary>
internal static class ProcStatus
{
    public static long ReadBytes(int pid, string field)
    {
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
        {
            if (line.StartsWith(field, StringComparison.Ordinal) && line.Length > field.Length && line[field.Length] == ':')
            {
                var parts = line[(field.Length + 1)..].Split((char[])[' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
                return long.Parse(parts[0], CultureInfo.InvariantCulture) * 1024; // always "kB"
            }
        }
        throw new BenchFailureException($"/proc/{pid}/status has no {field} line.");
    }
}

/// <summary>Samples a process's VmRSS every few milliseconds while a scenario runs, keeping the peak.</summary>
internal sealed class RssSampler : IAsyncDisposable
{
    private readonly int pid;
    private readonly CancellationTokenSource stop = new();
    private readonly Task loop;
    private long peak;
    private int samples;
    private int stopped;

    public RssSampler(int pid, TimeSpan interval)
    {
        this.pid = pid;
        peak = ProcStatus.ReadBytes(pid, "VmRSS");
        loop = Task.Run(async () =>
        {
            using var timer = new PeriodicTimer(interval);
            try
            {
                while (await timer.WaitForNextTickAsync(stop.Token))
                {
                    Sample();
                }
            }
            catch (OperationCanceledException)
            {
                // stopped
            }
        });
    }

    public long PeakBytes => Interlocked.Read(ref peak);

    public int Samples => Volatile.Read(ref samples);

    private void Sample()
    {
        try
        {
            var rss = ProcStatus.ReadBytes(pid, "VmRSS");
            Interlocked.Increment(ref samples);
            long seen;
            while (rss > (seen = Interlocked.Read(ref peak)) && Interlocked.CompareExchange(ref peak, rss, seen) != seen)
            {
            }
        }
        catch (IOException)
        {
            // the process went away; the caller notices through EnsureRunning
        }
    }

    /// <summary>Stops sampling after one last sample; safe to call more than once.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref stopped, 1) != 0)
        {
            return;
        }
        await stop.CancelAsync();
        await loop;
        Sample();
        stop.Dispose();
    }
}
