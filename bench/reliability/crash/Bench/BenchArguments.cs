using System.Globalization;

namespace PiVault.Bench.Crash;

/// <summary>
/// A reliability harness's <c>--name value</c> options (as its run.sh passes them), its work folder, and the "Run" lines
/// its report ends with; shared by the crash and fuzz harnesses.
/// </summary>
public sealed class BenchArguments
{
    private readonly Dictionary<string, string> settings = new(StringComparer.Ordinal);

    public BenchArguments(string[] args)
    {
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            settings[args[i].TrimStart('-')] = args[i + 1];
        }
    }

    public string Text(string name, string fallback) => settings.TryGetValue(name, out var value) ? value : fallback;

    public int Number(string name, int fallback) => int.Parse(Text(name, fallback.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture);

    /// <summary>Deletes the work folder unless <c>--keep</c> was given.</summary>
    public void CleanUp(string workDir)
    {
        if (settings.ContainsKey("keep"))
        {
            return;
        }
        try
        {
            Directory.Delete(workDir, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    /// <summary>The report's last section: the exact command, the commit and the machine.</summary>
    public string RunSection(string defaultCommand)
    {
        var load = File.ReadAllText("/proc/loadavg").Split(' ')[0];
        return $"## Run\n\n    {Text("command", defaultCommand)}\n\n" +
               $"Commit {Text("git-commit", "?")} ({Text("git-state", "?")}), {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, " +
               $"{Environment.ProcessorCount} cores, load average {load} at the end.\n";
    }
}
