using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;

namespace PiVault.Server.Configuration;

/// <summary>
/// Resolves <see cref="PiVaultOptions"/> from, in rising precedence: profile defaults, a JSON config file,
/// <c>PIVAULT_*</c> environment variables, and command-line flags.
/// </summary>
public static class OptionsLoader
{
    public const string ApplianceConfigPath = "/etc/pivault/pivault.json";

    public static PiVaultOptions Load(IReadOnlyDictionary<string, string> flags, Func<string, string?> env)
    {
        var profile = ParseProfile(Pick(flags, "profile", env("PIVAULT_PROFILE")) ?? "development");
        var configPath = Pick(flags, "config", env("PIVAULT_CONFIG")) ?? DefaultConfigPath(profile);
        var file = configPath is null ? EmptyFile : ReadConfigFile(configPath);

        string? Setting(string flag, string envName, string fileKey) =>
            Pick(flags, flag, env(envName)) ?? FileString(file, fileKey);

        var dataDir = Setting("data-dir", "PIVAULT_DATA_DIR", "dataDir") ?? PiVaultOptions.DefaultDataDir(profile);
        var options = new PiVaultOptions
        {
            Profile = profile,
            DataDir = Path.GetFullPath(dataDir),
            Urls = Setting("urls", "PIVAULT_URLS", "urls") ?? PiVaultOptions.DefaultUrls(profile),
            CitiesFile = Setting("cities-file", "PIVAULT_CITIES_FILE", "citiesFile"),
            HealthRoot = Setting("health-root", "PIVAULT_HEALTH_ROOT", "healthRoot") ?? "/",
            Systemd = SystemdEnvironment.Read(env, Environment.ProcessId),
            SystemBus = SystemBusSetting.Resolve(Setting("system-bus", "PIVAULT_SYSTEM_BUS", "systemBus"), profile, env),
            ColdTierDir = Setting("cold-tier-dir", "PIVAULT_COLD_TIER_DIR", "coldTierDir") is { } cold ? Path.GetFullPath(cold) : null,
            ModelsDir = Setting("models-dir", "PIVAULT_MODELS_DIR", "modelsDir") is { } models ? Path.GetFullPath(models) : null,
        };
        var maxUpload = Setting("max-upload-bytes", "PIVAULT_MAX_UPLOAD_BYTES", "maxUploadBytes");
        if (maxUpload is not null)
        {
            options = options with { MaxUploadBytes = ParsePositive(maxUpload, "max-upload-bytes") };
        }
        var trashDays = Setting("trash-days", "PIVAULT_TRASH_DAYS", "trashDays");
        if (trashDays is not null)
        {
            options = options with { TrashDays = (int)ParsePositive(trashDays, "trash-days") };
        }
        if (Setting("backup-targets", "PIVAULT_BACKUP_TARGETS", "backupTargets") is { } targets)
        {
            options = options with
            {
                BackupTargets = [.. targets.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(Path.GetFullPath)],
            };
        }
        if (Setting("library-roots", "PIVAULT_LIBRARY_ROOTS", "libraryRoots") is { } roots)
        {
            options = options with
            {
                LibraryRoots = [.. roots.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(Path.GetFullPath)],
            };
        }
        if (Setting("library-scan-minutes", "PIVAULT_LIBRARY_SCAN_MINUTES", "libraryScanMinutes") is { } scanMinutes)
        {
            options = options with { LibraryScanInterval = TimeSpan.FromMinutes(ParsePositive(scanMinutes, "library-scan-minutes")) };
        }
        if (Setting("library-watch", "PIVAULT_LIBRARY_WATCH", "libraryWatch") is { } watch)
        {
            options = options with { LibraryWatch = !string.Equals(watch, "false", StringComparison.OrdinalIgnoreCase) && watch != "0" };
        }
        if (Setting("backup-overdue-days", "PIVAULT_BACKUP_OVERDUE_DAYS", "backupOverdueDays") is { } overdue)
        {
            options = options with { BackupOverdueDays = (int)ParsePositive(overdue, "backup-overdue-days") };
        }
        if (FileString(file, "governor") is { } governor)
        {
            options = options with { Governor = GovernorSettings.Parse(governor) };
        }
        if (Setting("model-idle-minutes", "PIVAULT_MODEL_IDLE_MINUTES", "modelIdleMinutes") is { } idle)
        {
            options = options with { ModelIdleUnload = TimeSpan.FromMinutes(ParsePositive(idle, "model-idle-minutes")) };
        }
        if (Setting("duplicate-max-distance", "PIVAULT_DUPLICATE_MAX_DISTANCE", "duplicateMaxDistance") is { } distance)
        {
            options = options with { DuplicateMaxDistance = ParseDistance(distance, "duplicate-max-distance") };
        }
        if (Setting("face-min-score", "PIVAULT_FACE_MIN_SCORE", "faceMinScore") is { } minScore)
        {
            options = options with { FaceMinScore = (float)ParseBetween(minScore, "face-min-score", 0.1, 1, "a detector score between 0.1 and 1 (0.7 by default)") };
        }
        if (Setting("face-min-size", "PIVAULT_FACE_MIN_SIZE", "faceMinSize") is { } minSize)
        {
            options = options with { FaceMinSize = (float)ParseBetween(minSize, "face-min-size", 0, 1000, "a face size in preview pixels between 0 and 1000 (20 by default)") };
        }
        if (Setting("face-model", "PIVAULT_FACE_MODEL", "faceModel") is { } faceModel)
        {
            options = options with { FaceModel = faceModel.Trim() };
        }
        var stuckMinutes = Setting("stuck-job-minutes", "PIVAULT_STUCK_JOB_MINUTES", "stuckJobMinutes");
        if (stuckMinutes is not null)
        {
            options = options with { StuckJobLimit = TimeSpan.FromMinutes(ParsePositive(stuckMinutes, "stuck-job-minutes")) };
        }
        if (Setting("decode-memory-mb", "PIVAULT_DECODE_MEMORY_MB", "decodeMemoryMB") is { } decodeMb)
        {
            var mb = ParsePositive(decodeMb, "decode-memory-mb");
            options = options with
            {
                DecodeMemoryBytes = mb is >= 64 and <= 1024 * 1024
                    ? mb * 1024 * 1024
                    : throw new OptionsException($"'decode-memory-mb' must be between 64 and 1048576 (megabytes), not '{decodeMb}'."),
            };
        }
        if (Setting("trusted-proxies", "PIVAULT_TRUSTED_PROXIES", "trustedProxies") is { } proxies)
        {
            options = options with { TrustedProxies = ParseNetworks(proxies, "trusted-proxies") };
        }
        options = options with { Tiering = TieringSettings.Resolve(Setting) };
        return options with { Button = HardwareSettings.Button(Setting), StatusLed = HardwareSettings.StatusLed(Setting) };
    }

    private static readonly Dictionary<string, string> EmptyFile = [];

    private static string? DefaultConfigPath(RunProfile profile)
    {
        var path = profile == RunProfile.Appliance ? ApplianceConfigPath : Path.GetFullPath("pivault.json");
        return File.Exists(path) ? path : null;
    }

    private static string? Pick(IReadOnlyDictionary<string, string> flags, string flag, string? envValue) =>
        flags.TryGetValue(flag, out var value) ? value : string.IsNullOrWhiteSpace(envValue) ? null : envValue;

    private static string? FileString(Dictionary<string, string> file, string key) =>
        file.TryGetValue(key, out var value) ? value : null;

    private static RunProfile ParseProfile(string value) => value.ToLowerInvariant() switch
    {
        "development" or "dev" => RunProfile.Development,
        "appliance" => RunProfile.Appliance,
        _ => throw new OptionsException($"Unknown profile '{value}': use 'development' or 'appliance'."),
    };

    private static long ParsePositive(string value, string name) =>
        long.TryParse(value, out var number) && number > 0
            ? number
            : throw new OptionsException($"'{name}' must be a positive whole number, not '{value}'.");

    /// <summary>A cosine distance between 0.001 and 0.1, the range Immich's duplicate setting allows.</summary>
    private static double ParseDistance(string value, string name) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number)
            && number is >= 0.001 and <= 0.1
            ? number
            : throw new OptionsException($"'{name}' must be a cosine distance between 0.001 and 0.1 (0.01 by default), not '{value}'.");

    private static double ParseBetween(string value, string name, double min, double max, string what) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && number >= min && number <= max
            ? number
            : throw new OptionsException($"'{name}' must be {what}, not '{value}'.");

    /// <summary>
    /// Addresses ("10.0.0.2", "::1") and networks ("192.168.1.0/24") separated by commas or spaces; in the config file
    /// also a JSON array of them. A bare address trusts exactly that address.
    /// </summary>
    public static IReadOnlyList<IPNetwork> ParseNetworks(string value, string name)
    {
        var items = value.TrimStart().StartsWith('[')
            ? ReadStringArray(value, name)
            : value.Split([',', ' ', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return items.Select(item => item.Contains('/', StringComparison.Ordinal) && IPNetwork.TryParse(item, out var network) ? network
                : IPAddress.TryParse(item, out var address) ? new IPNetwork(address, address.AddressFamily == AddressFamily.InterNetwork ? 32 : 128)
                : throw new OptionsException($"'{name}' must list IP addresses or networks such as 192.168.1.0/24, not '{item}'."))
            .ToList();
    }

    private static string[] ReadStringArray(string json, string name)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            return document.RootElement.EnumerateArray().Select(e => e.GetString() ?? "").ToArray();
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            throw new OptionsException($"'{name}' must be a list of IP addresses or networks: {e.Message}");
        }
    }

    /// <summary>Reads a flat JSON object of settings; values may be strings or numbers.</summary>
    private static Dictionary<string, string> ReadConfigFile(string path)
    {
        if (!File.Exists(path))
        {
            throw new OptionsException($"Config file '{path}' does not exist.");
        }
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(path));
            var settings = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var property in document.RootElement.EnumerateObject())
            {
                settings[property.Name] = property.Value.ValueKind == JsonValueKind.String
                    ? property.Value.GetString()!
                    : property.Value.GetRawText();
            }
            return settings;
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            throw new OptionsException($"Config file '{path}' is not a JSON object of settings: {e.Message}");
        }
    }
}

/// <summary>A configuration mistake, reported to the operator as one plain sentence.</summary>
public sealed class OptionsException(string message) : Exception(message);
