namespace PiVault.Tests.Infrastructure;

/// <summary>
/// A test class over one real server (Kestrel on 127.0.0.1, a fresh data folder) started for each test with its first
/// admin bootstrapped: the setup the Immich API tests share.
/// </summary>
public abstract class AdminServerTests : IAsyncLifetime
{
    protected TestServer Server { get; private set; } = null!;

    protected Credential Admin { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Server = await TestServer.StartAsync();
        Admin = await Server.BootstrapAdminAsync();
    }

    public async Task DisposeAsync() => await Server.DisposeAsync();
}
