using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace PiVault.Bench.Crash;

/// <summary>
/// The real server as a child process (<c>dotnet pivault.dll serve</c>, or the <c>pivault</c> binary) with its output in a
/// log file (through <c>sh -c exec</c>, so the PID is the server's); shared by the crash harness and the fuzz harness
/// (bench/reliability/fuzz).
/// </summary>
public sealed class ChildServer
{
    private readonly Process process;
    private readonly string logPath;
    private bool killed;

    private ChildServer(Process process, Uri baseAddress, string logPath)
    {
        this.process = process;
        Base = baseAddress;
        this.logPath = logPath;
    }

    public Uri Base { get; }

    public int ProcessId => process.Id;

    /// <summary>Whether the server has ended on its own (a crash, when nobody stopped it).</summary>
    public bool HasExited => process.HasExited;

    public int ExitCode => process.ExitCode;

    public static ChildServer Start(string executable, IReadOnlyList<string> executableArgs, string dataDir, string logPath)
    {
        var port = FreePort();
        var start = new ProcessStartInfo("/bin/sh") { UseShellExecute = false };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add("exec \"$@\" >\"$LOG\" 2>&1");
        start.ArgumentList.Add("sh");
        start.ArgumentList.Add(executable);
        foreach (var arg in executableArgs.Concat(["serve", "--data-dir", dataDir, "--urls", $"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}"]))
        {
            start.ArgumentList.Add(arg);
        }
        start.Environment["LOG"] = logPath;
        start.Environment.Remove("ASPNETCORE_ENVIRONMENT");
        start.Environment.Remove("DOTNET_ENVIRONMENT");
        start.Environment.Remove("NOTIFY_SOCKET");
        start.Environment.Remove("WATCHDOG_USEC");
        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the server.");
        return new ChildServer(process, new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}"), logPath);
    }

    public async Task WaitUntilReadyAsync()
    {
        using var client = new HttpClient { BaseAddress = Base, Timeout = TimeSpan.FromSeconds(5) };
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(120))
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"The server exited with {process.ExitCode}:\n{string.Join('\n', LogLines().TakeLast(30))}");
            }
            try
            {
                using var response = await client.GetAsync(new Uri("/api/v1/server/ping", UriKind.Relative));
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                // not listening yet
            }
            await Task.Delay(25);
        }
        throw new TimeoutException("The server did not answer within 120 s.");
    }

    /// <summary>SIGKILL, and wait until it is gone (its files are then exactly as the kill left them).</summary>
    public void Kill()
    {
        lock (process)
        {
            if (killed)
            {
                return;
            }
            killed = true;
            if (!process.HasExited)
            {
                process.Kill();
            }
            process.WaitForExit();
            process.Dispose();
        }
    }

    public string[] LogLines()
    {
        try
        {
            using var stream = new FileStream(logPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var reader = new StreamReader(stream);
            return reader.ReadToEnd().Split('\n');
        }
        catch (IOException)
        {
            return [];
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>SIGTERM, as <c>systemctl stop</c> sends, and wait up to <paramref name="timeout"/> for the exit; SIGKILL after that.</summary>
    public void Stop(TimeSpan timeout)
    {
        lock (process)
        {
            if (!process.HasExited)
            {
                using var term = Process.Start("kill", ["-TERM", process.Id.ToString(CultureInfo.InvariantCulture)]);
                term.WaitForExit();
            }
            if (!process.WaitForExit(timeout))
            {
                process.Kill();
                process.WaitForExit();
            }
            killed = true;
        }
    }
}
