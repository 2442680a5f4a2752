using System.Text.RegularExpressions;
using Microsoft.AspNetCore.HttpOverrides;
using PiVault.Server.Configuration;
using PiVault.Server.Data;
using PiVault.Server.Features.Albums;
using PiVault.Server.Features.ApiKeys;
using PiVault.Server.Features.Ocr;
using PiVault.Server.Features.People;
using PiVault.Server.Features.Memories;
using PiVault.Server.Features.Stacks;
using PiVault.Server.Features.Tags;
using PiVault.Server.Features.Map;
using PiVault.Server.Features.Partners;
using PiVault.Server.Features.Appliance;
using PiVault.Server.Features.Duplicates;
using PiVault.Server.Features.Export;
using PiVault.Server.Features.Libraries;
using PiVault.Server.Features.Drives;
using PiVault.Server.Features.Assets;
using PiVault.Server.Features.Auth;
using PiVault.Server.Features.Backup;
using PiVault.Server.Features.Offsite;
using PiVault.Server.Features.Immich.Realtime;
using PiVault.Server.Features.Immich;
using PiVault.Server.Features.Login;
using PiVault.Server.Features.Metadata;
using PiVault.Server.Features.Ml;
using PiVault.Server.Features.Notifications;
using PiVault.Server.Features.Server;
using PiVault.Server.Features.Settings;
using PiVault.Server.Features.SharedLinks;
using PiVault.Server.Features.SmartSearch;
using PiVault.Server.Features.Takeout;
using PiVault.Server.Features.Tiering;
using PiVault.Server.Features.Timeline;
using PiVault.Server.Features.Users;
using PiVault.Server.Health;
using PiVault.Server.Http;
using PiVault.Server.Json;
using PiVault.Server.Pipeline;
using PiVault.Server.Storage;
using PiVault.Server.Web;
using PiVault.Server.Features.LockedFolder;

namespace PiVault.Server.Hosting;

/// <summary>Builds the whole server: services registered explicitly (no scanning), then the HTTP pipeline and routes.</summary>
public static partial class ServerApp
{
    /// <summary>Request bodies other than uploads (JSON) are small; uploads raise their own limit.</summary>
    private const long DefaultMaxRequestBodyBytes = 1024 * 1024;

    /// <param name="overrides">
    /// Runs after PiVault's own registrations, so what it adds wins: the service test tier swaps seams (libvips, ffmpeg,
    /// the live notifier) for fakes here. Explicit registrations only, as everywhere (AOT).
    /// </param>
    public static WebApplication Build(PiVaultOptions options, TimeProvider? time = null, Action<IServiceCollection>? overrides = null)
    {
        Directory.CreateDirectory(options.DataDir);
        // Before anything is built over the data folder (services create folders in it): a restore waiting to be put in place.
        var restored = RestoreSwap.Apply(options.DataDir);
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = options.DataDir });
        builder.WebHost.UseUrls(options.Urls);
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = DefaultMaxRequestBodyBytes);
        builder.Services.ConfigureHttpJsonOptions(json => json.SerializerOptions.TypeInfoResolverChain.Insert(0, PiVaultJsonContext.Default));
        builder.Services.AddProblemDetails();
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.Hosting.Lifetime", LogLevel.Information);
        AddPiVault(builder.Services, options, time ?? TimeProvider.System);
        builder.AddSystemd(options);
        overrides?.Invoke(builder.Services);

        var app = builder.Build();
        if (restored)
        {
            LogRestoreSwapped(app.Logger);
        }
        if (options.TrustedProxies.Count > 0)
        {
            app.UseForwardedHeaders(ForwardedHeadersFrom(options.TrustedProxies));
        }
        app.Use(CollapseSlashes);
        app.UseWebApp(options.WebDir);
        app.UseWebSockets(new WebSocketOptions { KeepAliveInterval = TimeSpan.Zero }); // Engine.IO pings instead
        app.UseRouting();
        app.UseStatusCodePages(ProblemMiddleware.WriteStatusCodePage);
        app.UseMiddleware<ProblemMiddleware>();
        app.UseMiddleware<CallerMiddleware>();

        var api = app.MapGroup("/api/v1");
        api.MapServer().MapAuth().MapUsers().MapApiKeys().MapAssets().MapMetadata().MapJobAdmin().MapSystemHealth().MapMl().MapOcr().MapSmartSearch();
        api.MapTimeline().MapAlbums().MapSharedLinks().MapSettings().MapBackup().MapOffsite().MapDrives().MapDuplicates().MapPeople().MapTakeout();
        api.MapLibraries().MapExport().MapMemories().MapStacks().MapMap().MapPartners().MapTags().MapLockedFolder().MapLockedFolderMoves();
        api.MapNoSuchEndpoint();
        app.MapImmich();
        return app;
    }

    /// <summary>
    /// X-Forwarded-For/-Proto/-Host are believed only from the configured proxies; the framework's defaults (any loopback
    /// peer) would let a client on the box, or behind a proxy that passes headers through, pick its own address and
    /// so escape the login limit. A chain of trusted proxies is followed to the first address that is not one.
    /// </summary>
    private static ForwardedHeadersOptions ForwardedHeadersFrom(IReadOnlyList<System.Net.IPNetwork> proxies)
    {
        var forwarded = new ForwardedHeadersOptions
        {
            ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto | ForwardedHeaders.XForwardedHost,
            ForwardLimit = null,
        };
        forwarded.KnownProxies.Clear();
        forwarded.KnownIPNetworks.Clear();
        foreach (var network in proxies)
        {
            forwarded.KnownIPNetworks.Add(network);
        }
        return forwarded;
    }

    /// <summary>Clients that join a base URL ending in "/" with "/assets" ask for "/api//assets" (the Immich CLI does): serve it.</summary>
    private static Task CollapseSlashes(HttpContext context, RequestDelegate next)
    {
        if (context.Request.Path.Value is { } path && path.Contains("//", StringComparison.Ordinal))
        {
            context.Request.Path = new PathString(RepeatedSlashes().Replace(path, "/"));
        }
        return next(context);
    }

    [GeneratedRegex("/{2,}")]
    private static partial Regex RepeatedSlashes();

    private static void AddPiVault(IServiceCollection services, PiVaultOptions options, TimeProvider time)
    {
        var database = new Database(options.DatabasePath);
        services.AddSingleton(options);
        services.AddSingleton<ServerPathRedaction>();
        services.AddSingleton(time);
        services.AddSingleton(database);
        services.AddSingleton<IFileStore>(new LibraryFileStore(options.LibraryDir));
        // The cold tier: --cold-tier-dir when given, else the mount point of the drive with the cold role (appliance).
        services.AddSingleton(provider =>
        {
            var assigned = provider.GetRequiredService<AssignedDrives>();
            var configured = options.ColdTierDir is { } dir ? new ColdTierPlace(dir, MountedDrive: false) : null;
            return new ColdTierStore(() => configured ?? (assigned.ColdDir is { } slot ? new ColdTierPlace(slot, MountedDrive: true) : null));
        });
        services.AddSingleton<OriginalLocator>();
        services.AddSingleton(new DerivedFileStore(Path.Combine(options.DataDir, "thumbs")));
        services.AddSingleton<StorageFaults>();
        services.AddSingleton<UploadJournal>();
        services.AddSingleton<UploadRecovery>();

        services.AddSingleton<UserStore>();
        services.AddSingleton<SessionStore>();
        services.AddSingleton<ApiKeyStore>();
        services.AddSingleton<IApiKeyCallers, ApiKeyCallers>();
        services.AddSingleton<AssetStore>();

        services.AddSingleton<LoginThrottle>();
        services.AddSingleton<UserService>();
        services.AddSingleton<AuthService>();
        services.AddSingleton<ApiKeyService>();
        services.AddSingleton<AssetService>();
        services.AddSingleton<UploadReceiver>();
        services.AddSingleton<SyncAckStore>();
        services.AddSingleton<ImmichSyncService>();
        services.AddSingleton<ImmichPreferencesStore>();
        services.AddSingleton<ImmichPreferencesService>();
        services.AddSingleton<ImmichAssetMetadataStore>();
        services.AddSingleton<ImmichAssetMetadataService>();
        services.AddSingleton<ImmichUserMetadataStore>();
        services.AddSingleton<SocketIoHub>();
        services.AddSingleton<IUserNotifier, ImmichLiveNotifier>();

        AddWebFeatures(services);
        services.AddSingleton<ISystemBus>(new SystemBus(options.SystemBus));
        services.AddSingleton<SystemSettingsApplier>();
        services.AddHostedService<TrashPurgeService>();
        AddTiering(services);
        AddLibrariesAndExport(services, options);
        services.AddPipeline();
        services.AddHardware();
        services.AddBackupRotation();
        services.AddOffsite(options);
        services.AddMedia(options);
        services.AddMl(options);
        services.AddDuplicates();
        services.AddPeople();
        services.AddTakeout();
        services.AddMemoriesStacksAndMap();
        services.AddTags();
    }

    /// <summary>Hot/cold tiering of originals: the move, its start-up recovery, the planner and its hourly scheduler.</summary>
    private static void AddTiering(IServiceCollection services)
    {
        services.AddSingleton<TierMoveStore>();
        services.AddSingleton<TierMoveRecovery>();
        services.AddSingleton<TierMoveService>();
        services.AddSingleton<TieringPlanner>();
        services.AddSingleton<TieringJob>();
        services.AddSingleton<TieringScheduler>();
        services.AddHostedService(provider =>
        {
            var scheduler = provider.GetRequiredService<TieringScheduler>();
            provider.GetRequiredService<AssignedDrives>().Changed += scheduler.Nudge;
            provider.GetRequiredService<TimelineService>().Favorited += scheduler.Nudge; // a cold favourite comes back hot
            return scheduler;
        });
    }

    /// <summary>Folder libraries (indexed in place, watched and rescanned) and exports as streamed ZIPs.</summary>
    private static void AddLibrariesAndExport(IServiceCollection services, PiVaultOptions options)
    {
        services.AddSingleton(new LibraryPaths(options.LibraryRoots, options.DataDir));
        services.AddSingleton<LibraryStore>();
        services.AddSingleton<LibraryScanner>();
        services.AddSingleton<LibraryService>();
        services.AddSingleton<LibraryWatcher>();
        services.AddHostedService(provider => provider.GetRequiredService<LibraryWatcher>());
        services.AddSingleton<ExportService>();
        services.AddSingleton<ExportArchive>();
    }

    /// <summary>Timeline, albums, share links and the settings the setup wizard writes.</summary>
    private static void AddWebFeatures(IServiceCollection services)
    {
        services.AddSingleton<LockedFolderService>();
        services.AddSingleton<LockedFolderGate>(provider => provider.GetRequiredService<LockedFolderService>());
        services.AddSingleton<AssetAccess>();
        services.AddSingleton<AssetEditStore>();
        services.AddSingleton<AssetEditService>();
        services.AddSingleton<ProfileImageService>();
        services.AddSingleton<TimelineStore>();
        services.AddSingleton<TimelineService>();
        services.AddSingleton<AlbumStore>();
        services.AddSingleton<AlbumService>();
        services.AddSingleton<SharedLinkStore>();
        services.AddSingleton<SharedLinkService>();
        services.AddSingleton<SettingsStore>();
        services.AddSingleton<SettingsService>();
        services.AddSingleton<IBlockDevices, LsblkBlockDevices>();
        services.AddSingleton<DriveRegistry>();
        services.AddSingleton<AssignedDrives>();
        services.AddSingleton<DriveService>();
        services.AddSingleton(provider =>
        {
            var assigned = provider.GetRequiredService<AssignedDrives>();
            return new LibraryRelocation(provider.GetRequiredService<PiVaultOptions>().DataDir,
                () => assigned.HotDir is { } hot ? new DriveFolder(hot, MountedDrive: true, LibraryRelocation.Folders[0]) : null,
                provider.GetRequiredService<ILogger<LibraryRelocation>>());
        });
    }

    /// <summary>
    /// What the process exits with once the host stopped: 0, or the restart code after the setup wizard's restore. Take it
    /// before <c>RunAsync</c>: the host disposes its services when it stops, and its <c>ExitCode</c> is read after that.
    /// </summary>
    public static OffsiteSetupRestore ExitCodeSource(WebApplication app) => app.Services.GetRequiredService<OffsiteSetupRestore>();

    /// <summary>
    /// Everything that must happen before the listener opens: schema migrated, the library moved onto a drive newly
    /// given the hot role (<see cref="LibraryRelocation"/>, while nothing else touches it), then <see cref="UploadRecovery"/>
    /// settles what a crash or power cut interrupted (unacknowledged originals, temp files of uploads and video
    /// conversions), and <see cref="TierMoveRecovery"/> finishes or undoes moves to the cold tier.
    /// </summary>
    public static void PrepareStorage(WebApplication app)
    {
        app.Services.GetRequiredService<Database>().Initialize();
        MediaWiring.ReportMissingParts(app.Services, app.Logger);
        using (var notice = new Systemd.LongStartNotice(app.Services.GetRequiredService<PiVaultOptions>().Systemd))
        {
            var relocation = app.Services.GetRequiredService<LibraryRelocation>();
            relocation.Progress = (done, total) => notice.Report($"Moving the library onto the hot drive: {done} of {total} files");
            relocation.Run();
        }
        app.Services.GetRequiredService<UploadRecovery>().Run();
        app.Services.GetRequiredService<TierMoveRecovery>().Run();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The restore from an off-site backup is in place: serving the restored library")]
    private static partial void LogRestoreSwapped(ILogger logger);
}
