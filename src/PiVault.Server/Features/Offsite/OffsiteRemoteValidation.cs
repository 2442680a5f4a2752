using System.Text.RegularExpressions;
using PiVault.Server.Configuration;
using PiVault.Server.Http;

namespace PiVault.Server.Features.Offsite;

/// <summary>
/// The checks a new remote passes before anything is written: a plain name, a known kind, only that kind's settings
/// and secrets, the required ones present, no line breaks (a value must not be able to add lines to the config file),
/// a sane schedule. Each refusal is a 400 with a sentence.
/// </summary>
public static partial class OffsiteRemoteValidation
{
    public const int DefaultIntervalHours = 24 * 7;
    public const int DefaultRetentionDays = 30;

    public static (OffsiteRemote Remote, Dictionary<string, string> Secrets) Check(OffsiteRemoteRequest request, DateTimeOffset now)
    {
        if (request.Name is not { } name || !NamePattern().IsMatch(name))
        {
            throw ApiException.BadRequest("name: 1 to 32 lower-case letters, digits and hyphens, starting with a letter or digit.");
        }
        var kind = OffsiteKind.Find(request.Kind)
            ?? throw ApiException.BadRequest($"kind: one of {string.Join(", ", OffsiteKind.All.Select(k => k.Name))}.");
        var settings = Values("settings", request.Settings, kind.Settings, kind.Required);
        var secrets = Values("secrets", request.Secrets, kind.Secrets, kind.RequiredSecrets, multiLine: ["key_pem"]);
        if (kind.Name == OffsiteKind.Sftp && secrets.Count == 0)
        {
            throw ApiException.BadRequest("secrets: an SFTP remote needs pass or key_pem.");
        }
        if (settings.TryGetValue("port", out var port) && !(int.TryParse(port, out var p) && p is > 0 and < 65536))
        {
            throw ApiException.BadRequest("settings.port: a number from 1 to 65535.");
        }
        if (request.EncryptionPassword is { } password && (!request.Encrypt || password.Length < 12 || password.Contains('\n') || password.Contains('\r')))
        {
            throw ApiException.BadRequest("encryptionPassword: only with encrypt, at least 12 characters on one line.");
        }
        var interval = request.IntervalHours ?? DefaultIntervalHours;
        var retention = request.RetentionDays ?? DefaultRetentionDays;
        CheckSchedule(interval, request.Window, request.BandwidthLimit, retention);
        return (new OffsiteRemote(name, kind.Name, settings, request.Encrypt, interval, request.Window, request.BandwidthLimit, retention, now), secrets);
    }

    /// <summary>
    /// <paramref name="remote"/> with <paramref name="request"/>'s changes, checked as a new remote's are; an empty window
    /// or bandwidth limit removes it.
    /// </summary>
    public static OffsiteRemote Change(OffsiteRemote remote, OffsiteRemoteUpdateRequest request)
    {
        var interval = request.IntervalHours ?? remote.IntervalHours;
        var retention = request.RetentionDays ?? remote.RetentionDays;
        var window = request.Window is { } w ? NullIfBlank(w) : remote.Window;
        var limit = request.BandwidthLimit is { } l ? NullIfBlank(l) : remote.BandwidthLimit;
        CheckSchedule(interval, window, limit, retention);
        return remote with { IntervalHours = interval, Window = window, BandwidthLimit = limit, RetentionDays = retention };
    }

    private static string? NullIfBlank(string value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static void CheckSchedule(int interval, string? window, string? limit, int retention)
    {
        if (interval is < 1 or > 24 * 90 || retention is < 0 or > 3650)
        {
            throw ApiException.BadRequest("intervalHours: 1 to 2160; retentionDays: 0 to 3650.");
        }
        if (window is not null && DailyWindow.TryParse(window, out var error) is null)
        {
            throw ApiException.BadRequest($"window: {error}");
        }
        if (limit is not null && !BandwidthPattern().IsMatch(limit))
        {
            throw ApiException.BadRequest("bandwidthLimit: rclone's --bwlimit form, e.g. 1M, 512k or 10M:off.");
        }
    }

    private static Dictionary<string, string> Values(string field, Dictionary<string, string>? given, IEnumerable<string> allowed, IEnumerable<string> required,
        string[]? multiLine = null)
    {
        var values = given ?? [];
        var allowedSet = allowed.ToHashSet(StringComparer.Ordinal);
        if (values.Keys.FirstOrDefault(k => !allowedSet.Contains(k)) is { } unknown)
        {
            throw ApiException.BadRequest($"{field}.{unknown} is not an option of this kind (allowed: {string.Join(", ", allowedSet)}).");
        }
        if (required.FirstOrDefault(r => string.IsNullOrWhiteSpace(values.GetValueOrDefault(r))) is { } missing)
        {
            throw ApiException.BadRequest($"{field}.{missing} is required.");
        }
        foreach (var (key, value) in values)
        {
            var ok = value.Length <= 16384 && !value.Contains('\0') && (multiLine?.Contains(key) == true || !value.Contains('\n') && !value.Contains('\r'));
            if (!ok)
            {
                throw ApiException.BadRequest($"{field}.{key}: one line of text.");
            }
        }
        return values.Where(v => v.Value.Length > 0).ToDictionary(v => v.Key, v => v.Value.Trim(), StringComparer.Ordinal);
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,31}$")]
    public static partial Regex NamePattern();

    [GeneratedRegex("^[0-9.]+[bBkKMGTP]?(:[0-9.]+[bBkKMGTP]?|:off)?$")]
    private static partial Regex BandwidthPattern();
}
