using Microsoft.Extensions.DependencyInjection;
using PiVault.Hardware.Fakes;
using PiVault.Hardware.Button;
using PiVault.Hardware.Led;
using PiVault.Server.Features.Appliance;
using PiVault.Server.Features.Backup;
using PiVault.Tests.Infrastructure;

namespace PiVault.Tests.Backup;

/// <summary>
/// A service tier with two folders configured as backup drives (neither attached until a test plugs one in), and fakes
/// for the copier (it can hold a run), the system bus, the button and the LED.
/// </summary>
public sealed class RotationFixture : IAsyncDisposable
{
    public RotationFixture(int overdueDays = 7)
    {
        DriveA = MigratedTemplate.NewFolder();
        DriveB = MigratedTemplate.NewFolder();
        Tier = new ServiceTier(configure: o => o with { BackupTargets = [DriveA, DriveB], BackupOverdueDays = overdueDays }, overrides: s =>
        {
            s.AddSingleton<IBackupFileCopier>(Copier);
            s.AddSingleton<ISystemBus>(Bus);
            s.AddSingleton<IButton>(Button);
            s.AddSingleton<IStatusLed>(Led);
        });
        Owner = Tier.CreateUser("owner");
    }

    public ServiceTier Tier { get; }

    public string DriveA { get; }

    public string DriveB { get; }

    public HoldingCopier Copier { get; } = new();

    public FakeSystemBus Bus { get; } = new();

    public FakeButton Button { get; } = new();

    public FakeStatusLed Led { get; } = new();

    public Server.Features.Auth.Caller Owner { get; }

    public BackupRotation Rotation => Tier.Get<BackupRotation>();

    /// <summary>"Plugs in" a drive: a folder with <c>pivault-backup/</c>, which is what counts as attached off a real mount point.</summary>
    public static void Attach(string drive) => Directory.CreateDirectory(Path.Combine(drive, BackupLayout.FolderName));

    /// <summary>Backs up now and waits for the run to end.</summary>
    public async Task<BackupStatusDto> BackUpAsync()
    {
        Rotation.Start("test");
        await Rotation.Running;
        return Rotation.Status();
    }

    public async ValueTask DisposeAsync()
    {
        Copier.Release();
        await Rotation.Running;
        await Tier.DisposeAsync();
        TempDir.Delete(DriveA);
        TempDir.Delete(DriveB);
    }
}

/// <summary>
/// The real copier, which can hold the run before a file (to test "already running") and can fail a copy by running
/// <see cref="BeforeCopy"/> (a drive pulled out mid-run).
/// </summary>
public sealed class HoldingCopier : IBackupFileCopier
{
    private readonly DurableFileCopier real = new();
    private readonly ManualResetEventSlim open = new(true);

    public int Copies { get; private set; }

    /// <summary>Called with the number of files copied so far, before each copy.</summary>
    public Action<int>? BeforeCopy { get; set; }

    /// <summary>Set when the run reached a held copy.</summary>
    public ManualResetEventSlim Reached { get; } = new(false);

    public void Hold() => open.Reset();

    public void Release() => open.Set();

    public void Copy(string source, string target)
    {
        Reached.Set();
        open.Wait(TimeSpan.FromSeconds(30));
        BeforeCopy?.Invoke(Copies);
        real.Copy(source, target);
        Copies++;
    }
}

/// <summary>A system bus that records the units stopped and the power-offs asked for; <see cref="Off"/> makes every call fail as with no bus.</summary>
public sealed class FakeSystemBus : ISystemBus
{
    public bool Off { get; set; }

    public List<string> Stopped { get; } = [];

    public int PowerOffs { get; private set; }

    public Task SetHostnameAsync(string hostname, CancellationToken cancellationToken = default) => Task.CompletedTask;

    public Task SetTimeZoneAsync(string timeZone, CancellationToken cancellationToken = default) => Task.CompletedTask;

    public Task PowerOffAsync(CancellationToken cancellationToken = default)
    {
        ThrowIfOff();
        PowerOffs++;
        return Task.CompletedTask;
    }

    public Task<string> StartUnitAsync(string unit, CancellationToken cancellationToken = default) => Task.FromResult("/job/1");

    public Task ReloadAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

    public Task<string> StopUnitAsync(string unit, CancellationToken cancellationToken = default)
    {
        ThrowIfOff();
        Stopped.Add(unit);
        return Task.FromResult("/job/2");
    }

    private void ThrowIfOff()
    {
        if (Off)
        {
            throw new SystemBusException("org.freedesktop.DBus.Error.NotSupported", "system changes are off (no system bus)");
        }
    }
}
