using PiVault.Native.Vips;
using PiVault.Server.Data;
using PiVault.Server.Features.Auth;
using PiVault.Server.Features.Media;
using PiVault.Server.Features.Notifications;
using PiVault.Server.Features.Users;
using PiVault.Tests.Infrastructure;

namespace PiVault.Tests.Services;

/// <summary>The fixture itself: a fully migrated copy per test, the overrides win over the real seams, users cannot log in.</summary>
public sealed class ServiceTierTests
{
    [Fact]
    public async Task Each_tier_has_its_own_fully_migrated_database_and_the_fakes_in_place_of_the_seams()
    {
        await using var first = new ServiceTier();
        await using var second = new ServiceTier();
        first.CreateUser("only-here");

        using (var db = first.Database.Open())
        {
            Assert.Equal(Migrator.LatestVersion, Migrator.CurrentVersion(db));
            Assert.Equal("wal", db.Scalar<string>("PRAGMA journal_mode;"));
        }
        Assert.NotEqual(first.Database.Path, second.Database.Path);
        using (var db = second.Database.Open())
        {
            Assert.Equal(0, second.Get<UserStore>().Count(db));
        }
        Assert.Same(first.Thumbnailer, first.Get<IThumbnailer>());
        Assert.Same(first.Video, first.Get<IVideoProbe>());
        Assert.Same(first.Encoder, first.Get<IVideoEncoder>());
        Assert.Same(first.Notifier, first.Get<IUserNotifier>());
        Assert.Same(first.Time, first.Get<TimeProvider>());
    }

    [Fact]
    public async Task Fixture_users_have_no_password_that_works()
    {
        await using var tier = new ServiceTier();
        var user = tier.CreateUser("someone");
        using var db = tier.Database.Open();
        var stored = tier.Get<UserStore>().FindById(db, user.UserId)!;
        Assert.False(PasswordHasher.Verify(ServiceTier.NoPassword, stored.PasswordHash));
        Assert.False(PasswordHasher.Verify("", stored.PasswordHash));
    }
}
