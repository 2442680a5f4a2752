using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.Data.Sqlite;

namespace PiVault.Tests.Infrastructure;

/// <summary>
/// The real <c>pivault</c> executable as a child process, for what an in-process server cannot show:
/// the command line, being killed with SIGKILL or stopped with SIGTERM, and what it tells systemd.
/// </summary>
public sealed class ServerProcess : IAsyncDisposable
{
    /// <summary>What systemd passes; the child gets them only when a test sets them, whatever the test runner has.</summary>
    private static readonly string[] SystemdVariables = ["NOTIFY_SOCKET", "WATCHDOG_USEC", "WATCHDOG_PID", "JOURNAL_STREAM"];

    private readonly Process process;
    private readonly StringBuilder output = new();
    private readonly List<string> standardOutput = [];

    private ServerProcess(Process process, Uri baseAddress, string dataDir)
    {
        this.process = process;
        BaseAddress = baseAddress;
        DataDir = dataDir;
        process.OutputDataReceived += (_, e) => Append(e.Data, standardOutput);
        process.ErrorDataReceived += (_, e) => Append(e.Data, null);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public Uri BaseAddress { get; }

    public string DataDir { get; }

    public int Id => process.Id;

    public bool IsRunning => !process.HasExited;

    /// <summary>The lines written to stdout so far (stderr is only in <see cref="Output"/>).</summary>
    public IReadOnlyList<string> StandardOutputLines
    {
        get
        {
            lock (output)
            {
                return standardOutput.ToList();
            }
        }
    }

    public string Output
    {
        get
        {
            lock (output)
            {
                return output.ToString();
            }
        }
    }

    /// <summary>The apphost the SDK copies beside the test assembly from the project reference.</summary>
    public static string Executable => Path.Combine(AppContext.BaseDirectory, "pivault");

    /// <param name="environment">Variables to set for the child (for instance <c>NOTIFY_SOCKET</c>).</param>
    /// <param name="waitUntilReady">Whether to return only once <c>/api/v1/server/ping</c> answers.</param>
    public static async Task<ServerProcess> StartAsync(string dataDir, IReadOnlyDictionary<string, string>? environment = null, bool waitUntilReady = true)
    {
        var port = FreePort();
        var start = new ProcessStartInfo(Executable)
        {
            ArgumentList = { "serve", "--data-dir", dataDir, "--urls", $"http://127.0.0.1:{port}" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var name in SystemdVariables)
        {
            start.Environment.Remove(name);
        }
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }
        var server = new ServerProcess(Process.Start(start)!, new Uri($"http://127.0.0.1:{port}"), dataDir);
        if (waitUntilReady)
        {
            try
            {
                await server.WaitUntilReadyAsync();
            }
            catch
            {
                await server.DisposeAsync(); // the caller never gets it: stop it here, or it outlives the test run
                throw;
            }
        }
        return server;
    }

    /// <summary>The database a child server keeps in <paramref name="dataDir"/>, opened from outside it (unpooled, so closing lets go of the file).</summary>
    public static SqliteConnection OpenDatabase(string dataDir)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = Path.Combine(dataDir, "pivault.db"),
            Pooling = false,
            DefaultTimeout = 30,
        }.ToString());
        connection.Open();
        return connection;
    }

    /// <summary>Runs a one-shot command (<c>db check</c>, <c>--help</c>) and returns its exit code and output.</summary>
    public static Task<(int ExitCode, string Output)> RunAsync(params string[] args) => Tool.RunAsync(Executable, args);

    /// <summary>Creates the first admin (bootstrap) and returns a session token for them.</summary>
    public async Task<string> BootstrapAdminAsync()
    {
        using var client = new HttpClient { BaseAddress = BaseAddress };
        var body = new { email = TestServer.AdminEmail, password = TestServer.Password };
        (await System.Net.Http.Json.HttpClientJsonExtensions.PostAsJsonAsync(client, "/api/v1/auth/bootstrap", body)).EnsureSuccessStatusCode();
        var login = await System.Net.Http.Json.HttpClientJsonExtensions.PostAsJsonAsync(client, "/api/v1/auth/login", body);
        var json = await System.Net.Http.Json.HttpContentJsonExtensions.ReadFromJsonAsync<System.Text.Json.JsonElement>(login.Content);
        return json.GetProperty("accessToken").GetString()!;
    }

    public void KillHard() => process.Kill(entireProcessTree: true);

    /// <summary>Sends SIGTERM, as <c>systemctl stop</c> does.</summary>
    public async Task TerminateAsync()
    {
        using var kill = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        await kill.WaitForExitAsync();
        Assert.Equal(0, kill.ExitCode);
    }

    /// <summary>Waits for the process to end and returns its exit code; fails the test after <paramref name="timeout"/>.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        try
        {
            await process.WaitForExitAsync().WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            Assert.Fail($"pivault did not exit within {timeout.TotalSeconds:F0} s:\n{Output}");
        }
        return process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
        process.Dispose();
    }

    private async Task WaitUntilReadyAsync()
    {
        using var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(2) };
        // Generous: a loaded CI machine can take long to start a process; a healthy start is far quicker.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"pivault exited with {process.ExitCode}:\n{Output}");
            }
            try
            {
                if ((await client.GetAsync("/api/v1/server/ping")).StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }
            await Task.Delay(100);
        }
        throw new TimeoutException($"pivault did not answer within 60 s:\n{Output}");
    }

    private void Append(string? line, List<string>? stream)
    {
        if (line is null)
        {
            return;
        }
        lock (output)
        {
            output.AppendLine(line);
            stream?.Add(line);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
