using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using PiVault.Ml.Models;
using PiVault.Native.Vips;
using PiVault.Server.Configuration;
using PiVault.Server.Data;
using PiVault.Server.Features.Assets;
using PiVault.Server.Features.Auth;
using PiVault.Server.Features.Duplicates;
using PiVault.Server.Features.Media;
using PiVault.Server.Features.Notifications;
using PiVault.Server.Features.Users;
using PiVault.Server.Hosting;
using PiVault.Server.Http;
using PiVault.Server.Pipeline;
using PiVault.Server.Queue;
using PiVault.Server.Storage;

namespace PiVault.Tests.Infrastructure;

/// <summary>
/// The service tier: PiVault's own registrations (<see cref="ServerApp.Build"/>, never started, so no Kestrel, no
/// hosted services) over a copy of the migrated template database, with fakes only where hardware, native code or
/// time would be: <see cref="FakeThumbnailer"/>, <see cref="FakeVideoProbe"/>, <see cref="FakeVideoEncoder"/>, <see cref="FakePreviewHasher"/>,
/// <see cref="RecordingNotifier"/> and <see cref="ManualTime"/>. Users are rows written through <see cref="UserStore"/>
/// with an unusable password hash (no PBKDF2), and callers are made directly: login is the HTTP tier's business.
/// Jobs run only when a test calls <see cref="RunJobsAsync"/>, through the real runner and the real handler table.
/// </summary>
public sealed class ServiceTier : IAsyncDisposable
{
    /// <summary>What the fixture stores instead of a password hash: <see cref="PasswordHasher.Verify"/> never accepts it.</summary>
    public const string NoPassword = "no-login";

    public static readonly DateTimeOffset DefaultStart = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private readonly WebApplication app;
    private int users;

    /// <param name="existingDataDir">
    /// A data folder to run on as it is (a restored one): no template is copied, and disposing deletes it.
    /// </param>
    /// <param name="overrides">More seams to swap (after the tier's own fakes), e.g. the backup copier or the system bus.</param>
    public ServiceTier(ManualTime? time = null, Func<PiVaultOptions, PiVaultOptions>? configure = null, string? existingDataDir = null,
        Action<IServiceCollection>? overrides = null)
    {
        Time = time ?? new ManualTime(DefaultStart);
        var options = new PiVaultOptions { Profile = RunProfile.Development, DataDir = existingDataDir ?? MigratedTemplate.NewFolder(), Urls = "http://127.0.0.1:0" };
        Options = configure?.Invoke(options) ?? options;
        if (existingDataDir is null)
        {
            MigratedTemplate.CopyTo(Options.DatabasePath);
        }
        app = ServerApp.Build(Options, Time, services =>
        {
            services.RemoveAll<ILoggerProvider>(); // no console logger thread per test
            services.AddSingleton<IThumbnailer>(Thumbnailer);
            services.AddSingleton<IVideoProbe>(Video);
            services.AddSingleton<IVideoEncoder>(Encoder);
            services.AddSingleton<IUserNotifier>(Notifier);
            // Only models a test installs into the data folder: the OCR models beside the test binaries stay unused.
            services.AddSingleton(new ModelFolders([Path.GetFullPath(Options.ModelsRoot)]));
            services.AddSingleton<IPreviewHasher>(PreviewHasher);
            overrides?.Invoke(services);
        });
        Database = Get<Database>();
    }

    public ManualTime Time { get; }

    public PiVaultOptions Options { get; }

    public FakeThumbnailer Thumbnailer { get; } = new();

    public FakeVideoProbe Video { get; } = new();

    public FakeVideoEncoder Encoder { get; } = new();

    public RecordingNotifier Notifier { get; } = new();

    public FakePreviewHasher PreviewHasher { get; } = new();

    public Database Database { get; }

    public T Get<T>()
        where T : notnull => app.Services.GetRequiredService<T>();

    /// <summary>A household user (a row, as the admin API would write it) and the caller of a session of theirs.</summary>
    public Caller CreateUser(string name, bool isAdmin = false)
    {
        var now = Time.GetUtcNow();
        var user = new UserRecord(Guid.CreateVersion7(now).ToString(), $"{name}@example.com", name, NoPassword, isAdmin, null, now, now);
        using (var db = Database.Open(Durability.Relaxed))
        {
            Get<UserStore>().Insert(db, user);
        }
        return new Caller(user.Id, user.Email, user.Name, isAdmin, CredentialKind.Session,
            $"session-{Interlocked.Increment(ref users)}", new HashSet<string>(StringComparer.Ordinal));
    }

    /// <summary>
    /// Stores <paramref name="bytes"/> as an upload does once the body has arrived: a temp file in the library, its
    /// SHA-1 (from the BCL), the kind the sniffer gives, and the client's capture time when given.
    /// </summary>
    /// <param name="fields">More multipart form fields, as a client sends them (e.g. Immich's <c>livePhotoVideoId</c>).</param>
    public UploadResultDto Upload(Caller owner, byte[] bytes, string fileName, DateTimeOffset? takenAt = null, IReadOnlyDictionary<string, string>? fields = null)
    {
        string tempPath;
        using (var temp = Get<IFileStore>().CreateTemp())
        {
            temp.Stream.Write(bytes);
            tempPath = temp.Path;
        }
        var form = new Dictionary<string, string>(fields ?? new Dictionary<string, string>(), StringComparer.Ordinal);
        if (takenAt is { } when)
        {
            form["fileCreatedAt"] = when.ToString("O", CultureInfo.InvariantCulture);
        }
        MediaKind? kind = MediaSniffer.Classify(bytes.AsSpan(0, Math.Min(bytes.Length, MediaSniffer.HeadLength)), fileName);
        var media = kind ?? throw new ArgumentException($"The sniffer does not take {fileName} for a photo or video.", nameof(bytes));
        return Get<AssetService>().Store(owner, new ReceivedUpload(tempPath, Sha1(bytes), bytes.Length, fileName, media, form));
    }

    /// <summary>The content checksum Immich clients send, straight from the BCL (not the product's own helper).</summary>
    [SuppressMessage("Security", "CA5350:Do Not Use Weak Cryptographic Algorithms", Justification = "Immich's content identity, not a security control.")]
    public static byte[] Sha1(byte[] bytes) => SHA1.HashData(bytes);

    /// <summary>Uploads new bytes (asserting they were new) and returns the asset id.</summary>
    public string Photo(Caller owner, int seed, DateTimeOffset? takenAt = null, string? fileName = null)
    {
        var result = Upload(owner, Uploads.RandomBytes(2000, seed), fileName ?? $"img{seed}.jpg", takenAt);
        Assert.Equal(UploadStatus.Created, result.Status);
        return result.Id;
    }

    /// <summary>The asset row as stored, or null.</summary>
    public AssetRecord? Asset(string id)
    {
        using var db = Database.Open();
        return Get<AssetStore>().FindById(db, id);
    }

    /// <summary>
    /// Runs the real job runner (one worker per queue, the production handler table over the fakes) until no job is
    /// due or running; jobs waiting for a retry stay waiting until the test moves <see cref="Time"/>.
    /// </summary>
    public async Task RunJobsAsync()
    {
        var queue = Get<JobQueue>();
        var limits = new FixedWorkerLimits(JobSteps.Production.Queues.ToDictionary(q => q, _ => 1));
        using var runner = new JobRunner(queue, Get<JobPipeline>(), limits, Database, NullLogger<JobRunner>.Instance, Time);
        await runner.StartAsync(CancellationToken.None);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (JobSteps.Production.Queues.Select(queue.Counts).Any(c => (c.Pending > 0 && !c.Paused) || c.Running > 0))
        {
            Assert.True(DateTime.UtcNow < deadline, "jobs did not finish within 30 s");
            await Task.Delay(5);
        }
        await runner.StopAsync(CancellationToken.None);
    }

    /// <summary>Every original in the library (temp files excluded), as paths relative to it.</summary>
    public List<string> LibraryFiles() => Directory.EnumerateFiles(Options.LibraryDir, "*", SearchOption.AllDirectories)
        .Select(p => Path.GetRelativePath(Options.LibraryDir, p))
        .Where(p => !p.StartsWith(".tmp", StringComparison.Ordinal))
        .Order(StringComparer.Ordinal)
        .ToList();

    /// <summary>Asserts that <paramref name="act"/> throws the API error with this HTTP status, and returns its detail.</summary>
    public static string Refused(int status, Action act)
    {
        var e = Assert.Throws<ApiException>(act);
        Assert.Equal(status, e.Status);
        return e.Message;
    }

    public async ValueTask DisposeAsync()
    {
        using (var db = Database.Open())
        {
            SqliteConnection.ClearPool(db); // only this test's pool: other tests' connections stay
        }
        await app.DisposeAsync();
        TempDir.Delete(Options.DataDir);
    }
}
