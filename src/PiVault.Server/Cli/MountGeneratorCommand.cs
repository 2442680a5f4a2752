using PiVault.Server.Features.Drives;

namespace PiVault.Server.Cli;

/// <summary>
/// <c>pivault mount-generator NORMAL [EARLY LATE] [--table FILE]</c>: the systemd generator (installed as
/// <c>/usr/lib/systemd/system-generators/pivault-mount-generator</c>). Runs as root at boot and on every daemon-reload,
/// reads the drive table the service wrote and writes the mount units into NORMAL. A missing table means no drives;
/// a bad line is skipped and reported on stderr (the journal). Never fails the boot: the exit code is 0 unless
/// NORMAL is missing.
/// </summary>
public static class MountGeneratorCommand
{
    public const string DefaultTable = "/var/lib/pivault/drives/mounts.conf";

    public static int Run(CommandLine commandLine, TextWriter error)
    {
        if (commandLine.Words.Count < 2)
        {
            error.WriteLine("pivault mount-generator: usage: pivault mount-generator NORMAL_DIR [EARLY_DIR LATE_DIR] [--table FILE]");
            return 64;
        }
        var output = commandLine.Words[1];
        var table = commandLine.Flags.GetValueOrDefault("table", DefaultTable);
        string text;
        try
        {
            text = File.Exists(table) ? File.ReadAllText(table) : "";
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"pivault mount-generator: cannot read {table}: {e.Message}; no drive mounts generated");
            return 0;
        }
        var generated = MountGenerator.Generate(text);
        foreach (var reason in generated.Skipped)
        {
            error.WriteLine($"pivault mount-generator: {table}: skipped {reason}");
        }
        if (!Directory.Exists(output))
        {
            error.WriteLine($"pivault mount-generator: output folder {output} does not exist");
            return 1;
        }
        foreach (var (name, content) in generated.Units)
        {
            File.WriteAllText(Path.Combine(output, name), content);
        }
        foreach (var (name, target) in generated.Links)
        {
            var link = Path.Combine(output, name);
            Directory.CreateDirectory(Path.GetDirectoryName(link)!);
            File.Delete(link);
            File.CreateSymbolicLink(link, target);
        }
        return 0;
    }
}
