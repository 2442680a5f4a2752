namespace PiVault.Tests.Infrastructure;

/// <summary>A test class's own <see cref="TestServer"/> with its first admin logged in, started before each test and stopped after.</summary>
public abstract class ServerWithAdmin : IAsyncLifetime
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
