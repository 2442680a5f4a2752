namespace PiVault.Server.Features.Offsite;

/// <summary>
/// A remote to add (POST /api/v1/offsite/remotes). <paramref name="Settings"/> and <paramref name="Secrets"/> use rclone's
/// option names for the kind (docs/offsite-backup.md). With <paramref name="Encrypt"/>, everything is encrypted by rclone's
/// <c>crypt</c> before it leaves the box, with <paramref name="EncryptionPassword"/> or, when absent, a generated one.
/// </summary>
/// An SFTP remote names the server's key the admin confirmed, <paramref name="HostKeyFingerprint"/> (<c>SHA256:…</c>, from
/// POST /api/v1/offsite/host-key), unless its settings give a <c>known_hosts_file</c> of their own.
public sealed record OffsiteRemoteRequest(string? Name, string? Kind, Dictionary<string, string>? Settings, Dictionary<string, string>? Secrets,
    bool Encrypt, string? EncryptionPassword, int? IntervalHours, string? Window, string? BandwidthLimit, int? RetentionDays, string? HostKeyFingerprint = null);

/// <summary>
/// A change to a remote (PATCH /api/v1/offsite/remotes/{name}): each field left out (null) stays as it is; an empty
/// <paramref name="Window"/> or <paramref name="BandwidthLimit"/> removes it. Kind, settings, secrets and encryption
/// cannot change here (remove the remote and add it again).
/// </summary>
public sealed record OffsiteRemoteUpdateRequest(int? IntervalHours, string? Window, string? BandwidthLimit, int? RetentionDays);

/// <summary>
/// A remote as the API shows it: the secrets only by name, each masked; the schedule; its last runs.
/// </summary>
public sealed record OffsiteRemoteDto(string Name, string Kind, Dictionary<string, string> Settings, Dictionary<string, string> Secrets, bool Encrypted,
    int IntervalHours, string? Window, string? BandwidthLimit, int RetentionDays, DateTimeOffset CreatedAt, OffsiteRunDto? LastRun, OffsiteRunDto? LastGoodRun);

/// <summary>
/// The answer to adding a remote. <paramref name="EncryptionPassword"/> is given this once (generated or typed) and never
/// again, with <paramref name="Warning"/>: without it the encrypted backup cannot be read.
/// </summary>
public sealed record OffsiteRemoteCreatedDto(OffsiteRemoteDto Remote, string? EncryptionPassword, string? Warning);

/// <summary>One off-site run (a row of <c>offsite_runs</c>).</summary>
public sealed record OffsiteRunDto(long Id, string Remote, DateTimeOffset StartedAt, DateTimeOffset? FinishedAt, string Outcome, string Trigger,
    int FilesUploaded, long BytesUploaded, int FilesOnRemote, int FilesSampled, string? Error);

/// <summary>
/// A running off-site backup: the phase (<c>staging</c>, <c>uploading</c>, <c>verifying</c>, <c>pruning</c>), rclone's
/// byte counts, speed and ETA for the phase, and what it waits for (the governor, the time window) when paused.
/// </summary>
public sealed record OffsiteProgressDto(string Remote, string Phase, long Bytes, long TotalBytes, int Files, int TotalFiles, double BytesPerSecond,
    double? EtaSeconds, string? WaitingFor, DateTimeOffset StartedAt);

/// <summary>GET /api/v1/offsite: the remotes, the running backup, and the newest good off-site copy's time and age.</summary>
public sealed record OffsiteStatusDto(List<OffsiteRemoteDto> Remotes, OffsiteProgressDto? Current, DateTimeOffset? NewestGoodCopyAt, double? NewestGoodCopyAgeDays,
    int OverdueDays);

/// <summary>The answer to "back up now".</summary>
public sealed record OffsiteStartDto(bool Started, string Message, OffsiteStatusDto Status);

/// <summary>
/// The setup wizard's restore (GET/POST /api/v1/offsite/restore): <c>idle</c>, <c>downloading</c> (with rclone's
/// progress), <c>restoring</c> (originals checked and put in place), <c>restarting</c> (done: the service restarts into
/// the restored library), or <c>failed</c> with the sentence why.
/// </summary>
public sealed record OffsiteSetupRestoreDto(string Phase, OffsiteProgressDto? Progress, string? Error, int? Originals, long? Bytes);

/// <summary>POST /api/v1/offsite/host-key: the SFTP server whose keys to read (port 22 when left out).</summary>
public sealed record OffsiteHostKeyRequest(string? Host, int? Port);

/// <summary>One of the server's host keys: its type (<c>ssh-ed25519</c>…) and SHA256 fingerprint, as <c>ssh-keygen -l</c> shows it.</summary>
public sealed record OffsiteHostKeyDto(string Type, string Fingerprint);

/// <summary>The keys an SFTP server shows now, for the admin to confirm before the remote is added.</summary>
public sealed record OffsiteHostKeysDto(string Host, int Port, List<OffsiteHostKeyDto> Keys);
