using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace PiVault.Bench.Crash;


/// <summary>
/// Crash consistency, end to end: the real server as a child process, uploads through both APIs (new files, resends of
/// acknowledged ones, resends of ones cut off by a kill) while its jobs run, SIGKILL at a random moment, start again,
/// and check after every kill:
/// <list type="bullet">
/// <item>every acknowledged upload has exactly one row, with the id it was acknowledged with, and its original has those bytes;</item>
/// <item>no orphan: every file in the library is held by a row, no row lacks its file, the upload journal and
/// <c>library/.tmp</c> are empty once the server is up again;</item>
/// <item>every asset's pipeline is done or has its next job pending or running (none lost, none failed);</item>
/// <item><c>PRAGMA integrity_check</c> answers ok on the database as the kill left it.</item>
/// </list>
/// At the end the server runs until no job is left, and every asset must have its metadata and thumbnails.
/// </summary>
public sealed partial class CrashHarness(CrashOptions options)
{
    private const string Email = "crash@example.com";
    private const string Password = "crash harness password";

    private readonly List<string> violations = [];
    private readonly Dictionary<string, Acked> acknowledged = new(StringComparer.Ordinal); // by SHA-1 hex
    private readonly List<Payload> cutOff = [];
    private readonly Lock gate = new();
    private readonly Random random = new(options.Seed);
    private int nextSeed;
    private int created;
    private int duplicates;
    private int cutOffCount;
    private int refused;
    private int recoveredOriginals;
    private int recoveredTemps;

    private string DataDir => Path.Combine(options.WorkDir, "data");

    private string DatabasePath => Path.Combine(DataDir, "pivault.db");

    private string LibraryDir => Path.Combine(DataDir, "library");

    public async Task<CrashReport> RunAsync()
    {
        Directory.CreateDirectory(options.WorkDir);
        var clock = Stopwatch.StartNew();
        string token;
        var server = await StartAsync(0);
        try
        {
            token = await BootstrapAsync(server.Base);
        }
        finally
        {
            server.Kill();
        }
        var kills = 0;
        var startupKills = 0;
        for (var run = 1; kills < options.Kills && clock.Elapsed < options.TimeLimit && violations.Count < 20; run++)
        {
            server = await StartAsync(run, waitUntilReady: false);
            try
            {
                if (random.NextDouble() < options.StartupKillShare)
                {
                    await Task.Delay(random.Next(0, 400));
                    startupKills++;
                }
                else
                {
                    await server.WaitUntilReadyAsync();
                    CountRecovery(server);
                    CheckAfterRestart(run);
                    await DriveAndKillAsync(server, token, TimeSpan.FromMilliseconds(random.NextDouble() * options.MaxKillDelay.TotalMilliseconds));
                }
            }
            finally
            {
                server.Kill();
            }
            kills++;
            CheckIntegrity(run);
            if (kills % 25 == 0)
            {
                options.Log($"{kills} kills, {acknowledged.Count} acknowledged, {violations.Count} violations, {clock.Elapsed.TotalMinutes:F1} min");
            }
        }

        var jobsLeft = -1;
        var assets = 0;
        server = await StartAsync(kills + 1);
        try
        {
            await server.WaitUntilReadyAsync();
            CountRecovery(server);
            CheckAfterRestart(kills + 1);
            (jobsLeft, assets) = await DrainAsync();
            CheckEverythingProcessed(jobsLeft);
        }
        finally
        {
            server.Kill();
        }
        CheckIntegrity(kills + 1);
        return new CrashReport(kills, startupKills, clock.Elapsed, acknowledged.Count, created, duplicates, cutOffCount, refused,
            recoveredOriginals, recoveredTemps, assets, jobsLeft, violations);
    }

    private async Task<ChildServer> StartAsync(int run, bool waitUntilReady = true)
    {
        var server = ChildServer.Start(options.Executable, options.ExecutableArgs, DataDir, Path.Combine(options.WorkDir, $"server-{run % 2}.log"));
        if (waitUntilReady)
        {
            await server.WaitUntilReadyAsync();
        }
        return server;
    }

    private void CountRecovery(ChildServer server)
    {
        foreach (var line in server.LogLines())
        {
            if (line.Contains("its upload was interrupted", StringComparison.Ordinal))
            {
                recoveredOriginals++;
            }
            else if (line.Contains("temp files left by interrupted uploads", StringComparison.Ordinal)
                && line.Split(' ').SkipWhile(w => w != "Removed").Skip(1).FirstOrDefault() is { } count
                && int.TryParse(count, CultureInfo.InvariantCulture, out var temps))
            {
                recoveredTemps += temps;
            }
        }
    }

    /// <summary>Uploads until the kill: each uploader sends new files, resends acknowledged ones and ones a kill cut off.</summary>
    private async Task DriveAndKillAsync(ChildServer server, string token, TimeSpan killAfter)
    {
        using var stop = new CancellationTokenSource();
        var uploaders = Enumerable.Range(0, options.Uploaders).Select(i => UploadLoopAsync(server.Base, token, immich: i % 2 == 1, stop.Token)).ToList();
        await Task.Delay(killAfter);
        server.Kill();
        await stop.CancelAsync();
        await Task.WhenAll(uploaders);
    }

    private void Violation(string what)
    {
        lock (gate)
        {
            violations.Add(what);
        }
        options.Log("VIOLATION " + what);
    }
}
