using System.Text;
using PiVault.Server.Features.Backup;
using PiVault.Server.Storage;

namespace PiVault.Server.Features.Offsite;

/// <summary>
/// The rclone config file PiVault writes (<c>&lt;data&gt;/offsite/rclone.conf</c>): one INI section per storage and
/// one <c>NAME_dest</c> over it. It holds the credentials, so it is created with mode 0600 in a 0700 folder, replaced
/// atomically (temp, fsync, rename), and never logged. Values are checked for line breaks before they get here
/// (<see cref="OffsiteRemoteValidation"/>): one value can never start another section.
/// </summary>
public sealed class RcloneConfigFile(string path)
{
    public string Path { get; } = path;

    /// <summary>The section rclone is pointed at for a remote's backup folder (an alias, or the crypt over the storage).</summary>
    public static string Destination(string remote) => remote + "_dest";

    /// <summary>Replaces (or adds) the named sections; other remotes' sections stay as they are.</summary>
    public void Put(IReadOnlyList<(string Name, IReadOnlyList<KeyValuePair<string, string>> Values)> sections)
    {
        var names = sections.Select(s => s.Name).ToHashSet(StringComparer.Ordinal);
        var kept = Read().Where(s => !names.Contains(s.Name)).ToList();
        Write(kept.Concat(sections.Select(s => (s.Name, s.Values.Select(v => $"{v.Key} = {v.Value}").ToList()))).ToList());
    }

    /// <summary>Removes the named sections.</summary>
    public void Remove(params string[] sectionNames) => Write(Read().Where(s => !sectionNames.Contains(s.Name, StringComparer.Ordinal)).ToList());

    public bool Has(string sectionName) => Read().Any(s => s.Name == sectionName);

    /// <summary>Whether the section sets <paramref name="key"/> (to show a masked secret without reading its value out).</summary>
    public bool HasKey(string sectionName, string key) =>
        Read().Any(s => s.Name == sectionName && s.Lines.Any(l => l.StartsWith(key + " = ", StringComparison.Ordinal)));

    private List<(string Name, List<string> Lines)> Read()
    {
        var sections = new List<(string Name, List<string> Lines)>();
        if (!File.Exists(Path))
        {
            return sections;
        }
        foreach (var line in File.ReadAllLines(Path))
        {
            if (line.StartsWith('[') && line.EndsWith(']'))
            {
                sections.Add((line[1..^1], []));
            }
            else if (sections.Count > 0 && line.Trim().Length > 0)
            {
                sections[^1].Lines.Add(line);
            }
        }
        return sections;
    }

    private void Write(List<(string Name, List<string> Lines)> sections)
    {
        var folder = System.IO.Path.GetDirectoryName(Path)!;
        if (!Directory.Exists(folder))
        {
            if (OperatingSystem.IsWindows())
            {
                Directory.CreateDirectory(folder);
            }
            else
            {
                Directory.CreateDirectory(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }
            DirectorySync.Flush(System.IO.Path.GetDirectoryName(folder)!);
        }
        var text = new StringBuilder("# Written by PiVault (docs/offsite-backup.md): holds credentials, keep it private.\n");
        foreach (var (name, lines) in sections)
        {
            text.Append('\n').Append('[').Append(name).Append("]\n");
            foreach (var line in lines)
            {
                text.Append(line).Append('\n');
            }
        }
        var temp = BackupLayout.TempFor(Path);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }
        using (var stream = new FileStream(temp, options))
        {
            stream.Write(Encoding.UTF8.GetBytes(text.ToString()));
            stream.Flush(flushToDisk: true);
        }
        File.Move(temp, Path, overwrite: true);
        DirectorySync.Flush(folder);
    }
}
