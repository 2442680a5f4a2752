using PiVault.Server.Configuration;
using PiVault.Server.Data;
using PiVault.Server.Features.Auth;
using PiVault.Server.Features.Tiering;
using PiVault.Tests.Infrastructure;

namespace PiVault.Tests.Tiering;

/// <summary>
/// A service tier with a cold tier in a real folder standing in for the second drive: <see cref="Unplug"/> moves the
/// drive's contents away and leaves the empty mount point, as an unmounted drive does; <see cref="PlugIn"/> puts them back.
/// </summary>
public sealed class ColdDrive : IAsyncDisposable
{
    public static readonly DateTimeOffset LongAgo = ServiceTier.DefaultStart.AddYears(-3);

    private readonly string unplugged;

    public ColdDrive(Func<TieringSettings, TieringSettings>? settings = null, bool configured = true)
    {
        Tier = new ServiceTier(configure: o => o with
        {
            ColdTierDir = configured ? Path.Combine(o.DataDir, "cold-drive") : null,
            Tiering = settings?.Invoke(TieringSettings.Default) ?? TieringSettings.Default,
        });
        Root = Path.Combine(Tier.Options.DataDir, "cold-drive");
        unplugged = Root + ".unplugged";
        if (configured)
        {
            Directory.CreateDirectory(Root);
        }
        Owner = Tier.CreateUser("owner");
    }

    public ServiceTier Tier { get; }

    public string Root { get; }

    public Caller Owner { get; }

    public TierMoveService Mover => Tier.Get<TierMoveService>();

    public TierMoveRecovery Recovery => Tier.Get<TierMoveRecovery>();

    public string HotPath(string relative) => Path.Combine(Tier.Options.LibraryDir, relative);

    public string ColdPath(string relative) => Path.Combine(Root, relative);

    public void Unplug()
    {
        Directory.Move(Root, unplugged);
        Directory.CreateDirectory(Root); // the empty mount point
    }

    public void PlugIn()
    {
        Directory.Delete(Root);
        Directory.Move(unplugged, Root);
    }

    /// <summary>Every file on the cold drive, temp files included, relative to it.</summary>
    public List<string> ColdFiles() => Directory.Exists(Root)
        ? Directory.EnumerateFiles(Root, "*", SearchOption.AllDirectories).Select(p => Path.GetRelativePath(Root, p)).Order(StringComparer.Ordinal).ToList()
        : [];

    public void Favourite(string id)
    {
        using var db = Tier.Database.Open();
        db.Execute("UPDATE assets SET is_favorite = 1 WHERE id = $id;", ("$id", id));
    }

    public long JournalledMoves()
    {
        using var db = Tier.Database.Open();
        return db.Scalar<long>("SELECT count(*) FROM tier_moves;");
    }

    public ValueTask DisposeAsync() => Tier.DisposeAsync();
}

/// <summary>What a test throws from the step hook: a crash at that point (not an I/O error, which the move would handle).</summary>
public sealed class SimulatedCrashException(TierMoveStep step) : Exception($"crash after {step}");
