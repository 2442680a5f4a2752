using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using PiVault.Server.Features.Backup;
using PiVault.Server.Http;
using PiVault.Server.Storage;

namespace PiVault.Server.Features.Offsite;

/// <summary>One SSH host key as <c>ssh-keyscan</c> printed it: its known_hosts line, its type and its SHA256 fingerprint.</summary>
public sealed record OffsiteHostKey(string Line, string Type, string Fingerprint);

/// <summary>
/// Host key pinning for SFTP remotes: the server's keys are read with <c>ssh-keyscan</c> (Debian's openssh-client; an
/// argument list, the host after <c>--</c>, bound to the given port), shown to the admin as SHA256 fingerprints (as
/// <c>ssh-keygen -l</c> prints them), and, once the admin confirmed one, written to <c>&lt;data&gt;/offsite/NAME.known_hosts</c>
/// (0600 in the 0700 folder) that rclone gets as <c>known_hosts_file</c>. A run against a server whose key changed then
/// fails with <see cref="ChangedMessage"/>.
/// </summary>
public sealed partial class OffsiteHostKeys(OffsitePaths paths)
{
    public string KeyscanExecutable { get; init; } = "ssh-keyscan";

    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);

    public string KnownHostsPath(string remote) => Path.Combine(paths.Root, remote + ".known_hosts");

    /// <summary>The keys the server at <paramref name="host"/>:<paramref name="port"/> shows now; a 400 when there are none.</summary>
    public async Task<List<OffsiteHostKey>> ScanAsync(string? host, int port, CancellationToken cancel)
    {
        if (host is null || !HostPattern().IsMatch(host))
        {
            throw ApiException.BadRequest("host: a host name or an IP address.");
        }
        if (port is < 1 or > 65535)
        {
            throw ApiException.BadRequest("port: a number from 1 to 65535.");
        }
        var start = new ProcessStartInfo(KeyscanExecutable) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { "-T", "10", "-p", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--", host })
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start) ?? throw new OffsiteException("ssh-keyscan did not start.");
        var output = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        var errors = process.StandardError.ReadToEndAsync(CancellationToken.None);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        limit.CancelAfter(Timeout);
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
        }
        await errors;
        var keys = Parse(await output);
        return keys.Count > 0 ? keys : throw ApiException.BadRequest($"No SSH server answered at {host} port {port}: check the host and the port.");
    }

    /// <summary>The lines of ssh-keyscan's output, each with its key's fingerprint.</summary>
    public static List<OffsiteHostKey> Parse(string keyscan)
    {
        var keys = new List<OffsiteHostKey>();
        foreach (var line in keyscan.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (line.StartsWith('#') || parts.Length < 3)
            {
                continue;
            }
            try
            {
                keys.Add(new OffsiteHostKey($"{parts[0]} {parts[1]} {parts[2]}", parts[1], Fingerprint(Convert.FromBase64String(parts[2]))));
            }
            catch (FormatException)
            {
                // Not a key line.
            }
        }
        return keys;
    }

    /// <summary>OpenSSH's SHA256 fingerprint: the key blob's SHA-256 in Base64 without padding.</summary>
    public static string Fingerprint(byte[] blob) => "SHA256:" + Convert.ToBase64String(SHA256.HashData(blob)).TrimEnd('=');

    /// <summary>
    /// Reads the server's keys again and pins them if one is the key the admin confirmed; a 400 when none is (the key
    /// changed since it was shown, or a typing slip). Returns the known_hosts file's path.
    /// </summary>
    public async Task<string> PinAsync(string remote, string host, int port, string? confirmed, CancellationToken cancel)
    {
        var keys = await ScanAsync(host, port, cancel);
        if (string.IsNullOrWhiteSpace(confirmed) || !keys.Any(k => string.Equals(k.Fingerprint, confirmed.Trim(), StringComparison.Ordinal)))
        {
            throw ApiException.BadRequest(
                $"hostKeyFingerprint: the server at {host} port {port} now shows {string.Join(", ", keys.Select(k => $"{k.Type} {k.Fingerprint}"))}, not the key that was confirmed.");
        }
        var path = KnownHostsPath(remote);
        DirectorySync.CreateDirectoryDurably(paths.Root);
        var temp = BackupLayout.TempFor(path);
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }
        using (var stream = new FileStream(temp, options))
        {
            stream.Write(Encoding.UTF8.GetBytes(string.Concat(keys.Select(k => k.Line + "\n"))));
            stream.Flush(flushToDisk: true);
        }
        File.Move(temp, path, overwrite: true);
        DirectorySync.Flush(paths.Root);
        return path;
    }

    public void Remove(string remote) => File.Delete(KnownHostsPath(remote));

    /// <summary>Whether rclone failed because the server's key is not the pinned one.</summary>
    public static bool Changed(RcloneResult result) =>
        result.Errors.Any(e => e.Contains("knownhosts: key mismatch", StringComparison.Ordinal) || e.Contains("knownhosts: key is unknown", StringComparison.Ordinal))
        || result.Output.Contains("knownhosts: key", StringComparison.Ordinal);

    public static string ChangedMessage(OffsiteRemote remote) =>
        $"The SFTP server of {remote.Name} ({remote.Settings.GetValueOrDefault("host")}) no longer shows the host key confirmed when the remote was added: "
        + "nothing was sent. If the server was reinstalled, remove the remote and add it again to confirm its new key; if not, someone may be in between.";

    [GeneratedRegex(@"^(?!-)[A-Za-z0-9.:\-\[\]_]{1,253}$")]
    private static partial Regex HostPattern();
}
