using System.Security.Cryptography;
using PiVault.Server.Http;

namespace PiVault.Server.Features.Offsite;

/// <summary>
/// Adding and removing remotes: the checked settings go to <c>offsite_remotes</c>, the credentials only to the rclone
/// config file (passwords obscured with <c>rclone obscure</c>, read from its stdin so they never show in a process
/// list). What the API shows of a remote names each secret with a mask, never its value.
/// </summary>
public sealed class OffsiteRemotes(OffsitePaths paths, OffsiteRemoteStore store, OffsiteRunStore runs, TimeProvider time)
{
    public const string Mask = "********";

    public const string PasswordWarning = "Keep this password somewhere safe, away from this box (a password manager, or on paper). "
        + "The off-site backup is encrypted with it: if it is lost, the backup cannot be read by anyone, you included. PiVault shows it only now.";

    private readonly Lock gate = new();

    public string RcloneExecutable { get; init; } = "rclone";

    /// <summary>SFTP host keys: read, shown, pinned (<see cref="OffsiteHostKeys"/>).</summary>
    public OffsiteHostKeys HostKeys { get; init; } = new(paths);

    public async Task<OffsiteRemoteCreatedDto> AddAsync(OffsiteRemoteRequest request, CancellationToken cancel)
    {
        var (remote, secrets) = OffsiteRemoteValidation.Check(request, time.GetUtcNow());
        if (store.Find(remote.Name) is not null)
        {
            throw ApiException.Conflict($"A remote named {remote.Name} already exists: remove it first to change its credentials.");
        }
        if (remote.Kind == OffsiteKind.Sftp && !remote.Settings.ContainsKey("known_hosts_file"))
        {
            if (string.IsNullOrWhiteSpace(request.HostKeyFingerprint))
            {
                throw ApiException.BadRequest("hostKeyFingerprint: confirm the SFTP server's key first (POST /api/v1/offsite/host-key shows it).");
            }
            var port = int.Parse(remote.Settings.GetValueOrDefault("port", "22"), System.Globalization.CultureInfo.InvariantCulture);
            var knownHosts = await HostKeys.PinAsync(remote.Name, remote.Settings["host"], port, request.HostKeyFingerprint, cancel);
            remote = remote with { Settings = new(remote.Settings, StringComparer.Ordinal) { ["known_hosts_file"] = knownHosts } };
        }
        // rclone obscure runs first (outside the lock); then the file and the row change together under it.
        var password = remote.Encrypted ? request.EncryptionPassword ?? NewPassword() : null;
        var sections = await SectionsAsync(remote, secrets, password, cancel);
        lock (gate)
        {
            if (store.Find(remote.Name) is not null)
            {
                throw ApiException.Conflict($"A remote named {remote.Name} already exists: remove it first to change its credentials.");
            }
            paths.Config.Put(sections);
            store.Add(remote);
        }
        return new OffsiteRemoteCreatedDto(Dto(remote), password, password is null ? null : PasswordWarning);
    }

    /// <summary>
    /// Changes the remote's schedule, time window, bandwidth limit or retention; the credentials and the config file
    /// stay as they are. A run already going keeps what it started with; the next one uses the new values.
    /// </summary>
    public OffsiteRemoteDto Update(string name, OffsiteRemoteUpdateRequest request)
    {
        OffsiteRemote changed;
        lock (gate)
        {
            changed = OffsiteRemoteValidation.Change(Find(name), request);
            if (!store.UpdateSchedule(changed))
            {
                throw ApiException.NotFound($"No remote named {name}.");
            }
        }
        return Dto(changed);
    }

    /// <summary>Removes the remote, its credentials and its staged tree; the copy on the storage itself is left alone.</summary>
    public void Remove(string name)
    {
        lock (gate)
        {
            if (!store.Remove(name))
            {
                throw ApiException.NotFound($"No remote named {name}.");
            }
            paths.Config.Remove(name, RcloneConfigFile.Destination(name));
            HostKeys.Remove(name);
        }
        var staging = paths.Staging(name);
        if (Directory.Exists(staging))
        {
            Directory.Delete(staging, recursive: true);
        }
    }

    public OffsiteRemote Find(string name) => store.Find(name) ?? throw ApiException.NotFound($"No remote named {name}.");

    public List<OffsiteRemote> List() => store.List();

    public OffsiteRemoteDto Dto(OffsiteRemote remote)
    {
        var kind = OffsiteKind.Find(remote.Kind);
        var secrets = (kind?.Secrets ?? []).Where(s => paths.Config.HasKey(remote.Name, s)).ToDictionary(s => s, _ => Mask, StringComparer.Ordinal);
        return new OffsiteRemoteDto(remote.Name, remote.Kind, remote.Settings, secrets, remote.Encrypted, remote.IntervalHours, remote.Window,
            remote.BandwidthLimit, remote.RetentionDays, remote.CreatedAt, runs.Last(remote.Name), runs.Last(remote.Name, goodOnly: true));
    }

    /// <summary>
    /// The two rclone config sections of a checked remote: the storage (its credentials, passwords obscured) and
    /// <c>NAME_dest</c> over it, an alias of its folder or, with <paramref name="password"/>, the crypt over it.
    /// </summary>
    public async Task<IReadOnlyList<(string Name, IReadOnlyList<KeyValuePair<string, string>> Values)>> SectionsAsync(OffsiteRemote remote,
        Dictionary<string, string> secrets, string? password, CancellationToken cancel)
    {
        var kind = OffsiteKind.Find(remote.Kind)!;
        var storage = new List<KeyValuePair<string, string>> { new("type", kind.RcloneType) };
        storage.AddRange(kind.Fixed);
        storage.AddRange(remote.Settings.Where(s => s.Key is not ("bucket" or "path")));
        if (kind.Name == OffsiteKind.S3 && !remote.Settings.ContainsKey("provider"))
        {
            storage.Add(new("provider", "Other"));
        }
        foreach (var (key, value) in secrets)
        {
            var stored = kind.Obscured.Contains(key) ? await ObscureAsync(value, cancel) : value.ReplaceLineEndings("\\n");
            storage.Add(new(key, stored));
        }
        var target = $"{remote.Name}:{kind.Folder(remote.Settings)}";
        List<KeyValuePair<string, string>> destination = password is null
            ? [new("type", "alias"), new("remote", target)]
            : [new("type", "crypt"), new("remote", target), new("password", await ObscureAsync(password, cancel)),
                new("filename_encryption", "standard"), new("directory_name_encryption", "true")];
        return [(remote.Name, storage), (RcloneConfigFile.Destination(remote.Name), destination)];
    }

    /// <summary>A random password for <c>crypt</c>: 24 bytes, URL-safe Base64 (32 characters).</summary>
    private static string NewPassword() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(24)).Replace('+', '-').Replace('/', '_');

    private async Task<string> ObscureAsync(string secret, CancellationToken cancel)
    {
        var result = await new Rclone(paths.ConfigPath, RcloneExecutable).RunAsync(["obscure", "-"], null, cancel, input: secret);
        return result.Succeeded && result.Output.Trim() is { Length: > 0 } obscured
            ? obscured
            : throw new OffsiteException($"rclone could not obscure a password: {result.Describe()}");
    }
}
