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

/// <summary>How a crash run is driven; the bench and the test suite differ only in these.</summary>
public sealed record CrashOptions
{
    /// <summary>The server: an executable and the arguments before <c>serve …</c> (e.g. <c>dotnet</c>, <c>[pivault.dll]</c>).</summary>
    public required string Executable { get; init; }

    public IReadOnlyList<string> ExecutableArgs { get; init; } = [];

    /// <summary>A decodable JPEG; every upload is it with a comment segment of seeded random bytes (its own checksum).</summary>
    public required byte[] BaseJpeg { get; init; }

    public required string WorkDir { get; init; }

    public int Kills { get; init; } = 300;

    public TimeSpan TimeLimit { get; init; } = TimeSpan.FromMinutes(30);

    /// <summary>Kills land uniformly between 0 and this long after the server answers.</summary>
    public TimeSpan MaxKillDelay { get; init; } = TimeSpan.FromMilliseconds(1500);

    /// <summary>Share of kills made during start-up (before it answers), which is when recovery runs.</summary>
    public double StartupKillShare { get; init; } = 0.1;

    /// <summary>Uploaders running at once (half through PiVault's API, half through Immich's).</summary>
    public int Uploaders { get; init; } = 4;

    /// <summary>The largest upload's padding; sizes are uniform up to it, so kills also land mid-body.</summary>
    public int MaxUploadBytes { get; init; } = 2 * 1024 * 1024;

    /// <summary>How long the last start may take to finish every job.</summary>
    public TimeSpan DrainTimeout { get; init; } = TimeSpan.FromMinutes(10);

    public int Seed { get; init; } = 1;

    public Action<string> Log { get; init; } = _ => { };
}

/// <summary>What a crash run found. <see cref="Violations"/> empty means every invariant held after every kill.</summary>
public sealed record CrashReport(
    int Kills, int StartupKills, TimeSpan Elapsed, int Acknowledged, int Created, int Duplicates, int CutOff, int Refused,
    int RecoveredOriginals, int RecoveredTemps, int AssetsAtEnd, int JobsLeftAtEnd, IReadOnlyList<string> Violations);
