using PiVault.Ml.Models;
using PiVault.Server.Configuration;
using PiVault.Server.Features.Ml;

namespace PiVault.Server.Cli;

/// <summary>
/// <c>pivault models list | pull NAME | install DIR | verify | selftest</c>: the models in the manifest and where they are
/// installed (<see cref="ModelFolders"/>; pull and install write to <c>--models-dir</c>, default &lt;data dir&gt;/models).
/// Exit codes: 0 done, 1 a check failed (mismatch, download or copy refused), 64 a usage mistake.
/// </summary>
public static class ModelsCommand
{
    public static async Task<int> RunAsync(PiVaultOptions options, CommandLine commandLine, TextWriter output, TextWriter error,
        ModelManifest? manifest = null, HttpClient? http = null)
    {
        manifest ??= ModelManifest.Installed();
        var folders = ModelFolders.Default(options.ModelsRoot);
        try
        {
            switch (commandLine.Words.Skip(1).ToArray())
            {
                case ["list"] or []:
                    return List(new ModelReport(manifest, folders), output);
                case ["verify"]:
                    return Verify(new ModelReport(manifest, folders), output, error);
                case ["selftest"]:
                    return SelfTest(options, manifest, folders, output, error);
                case ["pull", var name]:
                    using (var client = http is null ? Download() : null)
                    {
                        var pulled = await new ModelInstaller(manifest, folders, http ?? client!).PullAsync(name, CancellationToken.None);
                        return Done($"{name} installed in {Path.Combine(folders.Primary, name)}", pulled, output);
                    }
                case ["install", var dir]:
                    var copied = await new ModelInstaller(manifest, folders, http ?? new HttpClient()).InstallAsync(dir, CancellationToken.None);
                    return Done($"installed from {Path.GetFullPath(dir)} into {folders.Primary}", copied, output);
                default:
                    error.WriteLine("usage: pivault models list | pull NAME | install DIR | verify | selftest");
                    return 64;
            }
        }
        catch (Exception e) when (e is ModelInstallException or HttpRequestException or IOException or UnauthorizedAccessException
            or TaskCanceledException)
        {
            error.WriteLine($"pivault models: {e.Message}");
            return 1;
        }
    }

    private static HttpClient Download() => new() { Timeout = TimeSpan.FromMinutes(30) };

    private static int Done(string summary, IReadOnlyList<string> lines, TextWriter output)
    {
        foreach (var line in lines)
        {
            output.WriteLine($"  {line}");
        }
        output.WriteLine(summary);
        return 0;
    }

    private static int List(ModelReport report, TextWriter output)
    {
        foreach (var row in report.List())
        {
            var where = row.InstalledIn is { } folder ? $"installed in {folder}" : $"missing ({string.Join(", ", row.Missing)})";
            output.WriteLine($"{row.Name}  [{row.Task}{(row.Optional ? ", optional" : "")}]  {where}");
            output.WriteLine($"    licence: {row.Licence}");
        }
        return 0;
    }

    private static int Verify(ModelReport report, TextWriter output, TextWriter error)
    {
        var checks = report.Verify();
        foreach (var check in checks)
        {
            output.WriteLine($"{check.Model}/{check.File}: {check.Message}");
        }
        var bad = checks.Count(c => c.Verdict is FileVerdict.Mismatch or FileVerdict.Missing);
        if (checks.Count == 0)
        {
            output.WriteLine("no model is installed");
        }
        if (bad > 0)
        {
            error.WriteLine($"pivault models verify: {bad} file(s) do not match the manifest: reinstall with 'pivault models pull NAME'");
            return 1;
        }
        return 0;
    }

    /// <summary>Loads every installed model's ONNX files and runs each once on blank inputs; 1 when one fails.</summary>
    private static int SelfTest(PiVaultOptions options, ModelManifest manifest, ModelFolders folders, TextWriter output, TextWriter error)
    {
        using var library = new ModelLibrary(manifest, folders, PiVault.Ml.Sessions.SessionSettings.ForThisMachine(options.ModelCacheDir), TimeProvider.System);
        var failed = 0;
        foreach (var model in manifest.Models.Where(m => folders.Locate(m) is not null))
        {
            foreach (var file in model.Files.Where(f => f.IsOnnx))
            {
                var started = TimeProvider.System.GetTimestamp();
                try
                {
                    var outputs = library.Run(new ModelPart(model.Name, file.Path), ModelSmokeRun.Run);
                    output.WriteLine($"{model.Name}/{file.Path}: ran in {TimeProvider.System.GetElapsedTime(started).TotalMilliseconds:F0} ms -> {outputs}");
                }
                catch (Exception e) when (e is ModelUnavailableException or ModelInferenceException or NotSupportedException)
                {
                    error.WriteLine($"{model.Name}/{file.Path}: FAILED: {e.Message}");
                    failed++;
                }
            }
        }
        return failed == 0 ? 0 : 1;
    }
}
