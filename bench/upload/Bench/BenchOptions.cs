using System.Globalization;

namespace PiVault.Bench.Upload;

/// <summary>One upload scenario: <see cref="Files"/> distinct files of <see cref="FileBytes"/> each, sent by <see cref="Clients"/> concurrent clients.</summary>
internal sealed record Scenario(string Name, int FileBytes, int Files, int Clients)
{
    public long TotalBytes => (long)FileBytes * Files;
}

/// <summary>Command-line settings. Sizes are decimal: 1 MB = 1,000,000 bytes, the unit GbE throughput is quoted in.</summary>
internal sealed record BenchOptions
{
    public const int SmallFileBytes = 1_000_000;
    public const int LargeFileBytes = 50_000_000;

    public required string ServerDll { get; init; }
    public string? OutMarkdown { get; init; }
    public string? OutJson { get; init; }
    public string Command { get; init; } = "";
    public string GitCommit { get; init; } = "unknown";
    public string GitState { get; init; } = "unknown";
    public string WorkRoot { get; init; } = Path.GetTempPath();
    public int SmallFiles { get; init; } = 400;
    public int LargeFiles { get; init; } = 24;
    public int Clients { get; init; } = 8;
    public bool Keep { get; init; }

    public IReadOnlyList<Scenario> Scenarios =>
    [
        new("1 MB, 1 client", SmallFileBytes, SmallFiles, 1),
        new($"1 MB, {Clients} clients", SmallFileBytes, SmallFiles, Clients),
        new("50 MB, 1 client", LargeFileBytes, LargeFiles, 1),
        new($"50 MB, {Clients} clients", LargeFileBytes, LargeFiles, Clients),
    ];

    public const string Usage = """
        Usage: pivault-bench-upload --server-dll PATH [options]
          --server-dll PATH     the Release build of the server (src/PiVault.Server/bin/Release/net10.0/pivault.dll)
          --out-md FILE         write the Markdown report here
          --out-json FILE       write the JSON results here
          --command TEXT        the command line to record in the report (run.sh passes its own)
          --git-commit SHA      the commit to record
          --git-state TEXT      e.g. "clean" or "uncommitted changes under src/"
          --work-root DIR       where the temp data dir goes (default: the system temp dir)
          --files-1mb N         files per 1 MB scenario (default 400)
          --files-50mb N        files per 50 MB scenario (default 24)
          --clients N           concurrency of the parallel scenarios (default 8)
          --keep                keep the temp dir (payloads, server data, server log)
        """;

    public static BenchOptions Parse(string[] args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var keep = false;
        for (var i = 0; i < args.Length; i++)
        {
            var name = args[i];
            if (name == "--keep")
            {
                keep = true;
                continue;
            }
            if (!name.StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Length)
            {
                throw new ArgumentException($"Unexpected argument '{name}'.");
            }
            values[name[2..]] = args[++i];
        }
        string? Get(string key) => values.Remove(key, out var value) ? value : null;
        int Int(string key, int fallback) => Get(key) is { } text
            ? int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : throw new ArgumentException($"--{key} must be a positive integer.")
            : fallback;

        var options = new BenchOptions
        {
            ServerDll = Path.GetFullPath(Get("server-dll") ?? throw new ArgumentException("--server-dll is required.")),
            OutMarkdown = Get("out-md"),
            OutJson = Get("out-json"),
            Command = Get("command") ?? "",
            GitCommit = Get("git-commit") ?? "unknown",
            GitState = Get("git-state") ?? "unknown",
            WorkRoot = Get("work-root") ?? Path.GetTempPath(),
            SmallFiles = Int("files-1mb", 400),
            LargeFiles = Int("files-50mb", 24),
            Clients = Int("clients", 8),
            Keep = keep,
        };
        if (values.Count > 0)
        {
            throw new ArgumentException($"Unknown option --{values.Keys.First()}.");
        }
        return File.Exists(options.ServerDll) ? options : throw new ArgumentException($"No server build at {options.ServerDll}.");
    }
}
