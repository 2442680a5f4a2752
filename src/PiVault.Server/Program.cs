using PiVault.Ml.Sessions;
using PiVault.Server.Cli;
using PiVault.Server.Configuration;
using PiVault.Server.Health;
using PiVault.Server.Hosting;

const string Usage = """
    PiVault — a self-hosted photo and video backup appliance.

    Usage: pivault <command> [options]

    Commands:
      serve        Run the server (the default when no command is given).
      db check     Compare the database with the library on disk; --verify re-hashes every original.
      backup       Back up the data folder of a stopped server: --to TARGET (a drive's mount point) [--retention-days N, default 90];
                   incremental, verified, in TARGET/pivault-backup (see docs/backup.md).
      restore      Make a data folder from a backup: --from DIR --data-dir DIR2 (DIR2 empty or new); thumbnails are
                   redrawn on the next start. Or from an off-site copy: --from-remote NAME --rclone-config FILE --data-dir DIR2
                   (docs/offsite-backup.md).
      drive prepare  --device /dev/X: GPT + one ext4 partition on an empty drive (root only; run by pivault-prepare@.service
                   after the admin typed the confirmation in PiVault; see docs/adr/0018-drives-prepare-and-mount.md).
      mount-generator NORMAL [EARLY LATE]  The systemd generator: mount units for the drives in the drive table.
      models list | pull NAME | install DIR | verify | selftest
                   The ML models (models/manifest.json): where each is installed; download one (SHA-256 checked); copy
                   from a folder (an attached drive); re-hash the installed files (exit 1 on a mismatch); load and run each.
      import takeout PATH... --user EMAIL
                   Import a Google Takeout export (its .zip/.tgz parts, or a folder of them) into the user's library, on the
                   data folder of a stopped server; run it again to resume an interrupted import (see docs/takeout.md).
      version      Print the version, commit, architecture and the native libraries loaded (also --version).
      help         Show this text.

    Options (also PIVAULT_<NAME> environment variables, or keys in the JSON config file):
      --data-dir DIR           Database and library folder (PIVAULT_DATA_DIR; default ./data, /var/lib/pivault on the appliance)
      --urls URLS              Listen URLs, ';'-separated (PIVAULT_URLS; default http://127.0.0.1:2283, http://0.0.0.0:2283 on the appliance)
      --config FILE            JSON config file (PIVAULT_CONFIG; default ./pivault.json, /etc/pivault/pivault.json on the appliance)
      --profile NAME           development or appliance (PIVAULT_PROFILE)
      --max-upload-bytes N     Largest accepted upload (PIVAULT_MAX_UPLOAD_BYTES; default 50 GiB)
      --trash-days N           Days before trashed assets are deleted for good (PIVAULT_TRASH_DAYS; default 30)
      --health-root DIR        Root under which the health sensors, status LED and button read /sys, /proc and /dev (PIVAULT_HEALTH_ROOT; default /)
      --button-chip LABEL      The push button's GPIO chip, by label or kernel name; 'any' = every chip (PIVAULT_BUTTON_CHIP;
                               default pinctrl-bcm2711, the Pi 4's header; pinctrl-rp1 on a Pi 5; 9030000.pl061 on QEMU virt)
      --button-line LINE       The button's line: an offset (17) or a line name (GPIO17); 'none' = no button (PIVAULT_BUTTON_LINE; default GPIO17)
      --button-active LEVEL    auto, low or high: the level that means pressed; auto = opposite of the level the line rests at
                               (PIVAULT_BUTTON_ACTIVE; default auto)
      --button-long-press-seconds N  Held this long: a long press (PIVAULT_BUTTON_LONG_PRESS_SECONDS; default 4)
      --status-led NAMES       The status LED under /sys/class/leds, first found wins; 'none' = leave LEDs alone (PIVAULT_STATUS_LED; default ACT,led0)
      --cities-file FILE       GeoNames cities for place names (PIVAULT_CITIES_FILE; default: found beside the binary or in deps/)
      --cold-tier-dir DIR      The cold tier's folder on a second drive, when there is one (PIVAULT_COLD_TIER_DIR)
      --backup-targets DIRS    The backup drives' folders (mount points), comma-separated; a backup goes to whichever is attached
                               (PIVAULT_BACKUP_TARGETS; default none; see docs/backup.md)
      --backup-overdue-days N  Warn when the newest good backup is older than this (PIVAULT_BACKUP_OVERDUE_DAYS; default 7)
      --trusted-proxies LIST   Reverse proxies whose X-Forwarded-* headers count: addresses or CIDR networks, comma-separated
                               (PIVAULT_TRUSTED_PROXIES; default none; see docs/security-requests.md)
      --decode-memory-mb N     Memory all image decodes together may hold; an image needing more alone is refused, its original
                               kept (PIVAULT_DECODE_MEMORY_MB; default an eighth of memory, 256 to 640)
      --models-dir DIR         Where ML models are installed and looked for first; then models/ beside the binary, then
                               /usr/lib/pivault/models (PIVAULT_MODELS_DIR; default <data dir>/models)
      --model-idle-minutes N   Unload an ML model unused this long, so an idle server holds no model memory (PIVAULT_MODEL_IDLE_MINUTES; default 5)
      --stuck-job-minutes N    A job running longer counts as wedged: the systemd watchdog stops pinging (PIVAULT_STUCK_JOB_MINUTES; default 30)
      --system-bus BUS         Where a saved device name and time zone are applied to the system: system, off or a D-Bus address
                               (PIVAULT_SYSTEM_BUS; default off, system on the appliance; see docs/systemd.md)

    Under systemd (Type=notify) PiVault sends READY=1, STATUS= and STOPPING=1 to $NOTIFY_SOCKET, pings the watchdog
    (WATCHDOG_USEC) only while HTTP, the job workers and the database answer, and logs <N>-prefixed lines when
    JOURNAL_STREAM is set.
    """;

ProcessHeap.UseFewArenas();
NativeLibraries.Install();
try
{
    var commandLine = CommandLine.Parse(args);
    var command = string.Join(' ', commandLine.Words);
    if (commandLine.Has("help") || command is "help")
    {
        Console.WriteLine(Usage);
        return 0;
    }
    if (commandLine.Has("version") || command is "version")
    {
        return VersionCommand.Run(Console.Out);
    }
    // Run as root by systemd, before and without PiVault's configuration.
    if (commandLine.Words is ["mount-generator", ..])
    {
        return MountGeneratorCommand.Run(commandLine, Console.Error);
    }
    if (command is "drive prepare")
    {
        return DrivePrepareCommand.Run(commandLine, Console.Out, Console.Error);
    }
    var options = OptionsLoader.Load(commandLine.Flags, Environment.GetEnvironmentVariable);
    _ = GovernorRules.Pi4.With(options.Governor); // a wrong governor setting stops every command here, in one sentence
    switch (command)
    {
        case "" or "serve":
            var app = ServerApp.Build(options);
            ServerApp.PrepareStorage(app);
            var exitCode = ServerApp.ExitCodeSource(app); // resolved now: the stopped host has disposed its services
            await app.RunAsync();
            // After the setup wizard's restore: an exit code systemd restarts on (docs/offsite-backup.md).
            return exitCode.ExitCode;
        case "db check":
            return DbCheckCommand.Run(options, commandLine.Has("verify"), Console.Out);
        case "backup":
            return await BackupCommand.RunAsync(options, commandLine, Console.Out, Console.Error);
        case var models when commandLine.Words is ["models", ..]:
            return await ModelsCommand.RunAsync(options, commandLine, Console.Out, Console.Error);
        case var import when commandLine.Words is ["import", ..]:
            return await ImportCommand.RunAsync(options, commandLine, Console.Out, Console.Error);
        case "restore":
            return await RestoreCommand.RunAsync(options, commandLine, Console.Out, Console.Error);
        default:
            Console.Error.WriteLine($"Unknown command '{command}'. Run 'pivault --help' for the list.");
            return 64;
    }
}
catch (Exception e) when (e is CommandLineException or OptionsException)
{
    Console.Error.WriteLine($"pivault: {e.Message}");
    return 64;
}
