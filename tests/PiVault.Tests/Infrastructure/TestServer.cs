using System.Net;
using Microsoft.AspNetCore.Builder;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using PiVault.Ml.Models;
using PiVault.Server.Configuration;
using PiVault.Server.Hosting;

namespace PiVault.Tests.Infrastructure;

/// <summary>
/// The whole PiVault server on a real Kestrel listener at 127.0.0.1 (a free port), over a real SQLite file in its
/// own temp data folder. Disposing stops it and deletes the folder.
/// </summary>
public sealed class TestServer : IAsyncDisposable
{
    public const string AdminEmail = "admin@example.com";
    public const string Password = "correct horse battery";

    private readonly WebApplication app;
    private readonly bool ownsDataDir;

    private TestServer(WebApplication app, PiVaultOptions options, Uri baseAddress, bool ownsDataDir)
    {
        this.app = app;
        this.ownsDataDir = ownsDataDir;
        Options = options;
        BaseAddress = baseAddress;
    }

    public PiVaultOptions Options { get; }

    public Uri BaseAddress { get; }

    public IServiceProvider Services => app.Services;

    /// <param name="overrides">Swaps seams for fakes after PiVault's own registrations (see <see cref="ServerApp.Build"/>).</param>
    /// <param name="bundledModels">
    /// Whether the models the build puts beside the binary (the OCR models) are found, as in production. Off by default, so
    /// uploads in other tests do not run OCR; models a test installs into <see cref="PiVaultOptions.ModelsRoot"/> are found either way.
    /// </param>
    public static async Task<TestServer> StartAsync(Func<PiVaultOptions, PiVaultOptions>? configure = null, TimeProvider? time = null, string? dataDir = null,
        Action<Microsoft.Extensions.DependencyInjection.IServiceCollection>? overrides = null, bool bundledModels = false)
    {
        var options = new PiVaultOptions
        {
            Profile = RunProfile.Development,
            DataDir = dataDir ?? TempDir.Create(),
            Urls = "http://127.0.0.1:0",
        };
        options = configure?.Invoke(options) ?? options;
        var modelsRoot = Path.GetFullPath(options.ModelsRoot);
        var app = ServerApp.Build(options, time, services =>
        {
            if (!bundledModels)
            {
                Microsoft.Extensions.DependencyInjection.ServiceCollectionServiceExtensions.AddSingleton(services, new ModelFolders([modelsRoot]));
            }
            overrides?.Invoke(services);
        });
        ServerApp.PrepareStorage(app);
        await app.StartAsync();
        return new TestServer(app, options, new Uri(app.Urls.Single()), ownsDataDir: dataDir is null);
    }

    /// <summary>A client with its own cookie jar (one browser).</summary>
    public HttpClient Client() => new(new HttpClientHandler { UseCookies = true, CookieContainer = new CookieContainer() })
    {
        BaseAddress = BaseAddress,
    };

    /// <summary>A client that sends a session token as a bearer token, or an API key, on every request.</summary>
    public HttpClient Client(Credential credential)
    {
        var client = new HttpClient { BaseAddress = BaseAddress };
        if (credential.Kind == CredentialType.Session)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", credential.Secret);
        }
        else
        {
            client.DefaultRequestHeaders.Add("x-api-key", credential.Secret);
        }
        return client;
    }

    public async Task<Credential> BootstrapAdminAsync()
    {
        using var client = Client();
        var response = await client.PostAsJsonAsync("/api/v1/auth/bootstrap", new { email = AdminEmail, name = "Admin", password = Password });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return await LoginAsync(AdminEmail);
    }

    public async Task<Credential> LoginAsync(string email, string password = Password)
    {
        using var client = Client();
        var response = await client.PostAsJsonAsync("/api/v1/auth/login", new { email, password });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return new Credential(CredentialType.Session, body.GetProperty("accessToken").GetString()!, body.GetProperty("user").GetProperty("id").GetString()!);
    }

    /// <summary>Creates a household user through the admin API and logs them in.</summary>
    public async Task<Credential> CreateUserAsync(Credential admin, string email)
    {
        using var client = Client(admin);
        var response = await client.PostAsJsonAsync("/api/v1/admin/users", new { email, name = email, password = Password });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return await LoginAsync(email);
    }

    public async Task<Credential> CreateApiKeyAsync(Credential owner, params string[] permissions)
    {
        using var client = Client(owner);
        var response = await client.PostAsJsonAsync("/api/v1/api-keys", new { name = "test key", permissions });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return new Credential(CredentialType.ApiKey, body.GetProperty("secret").GetString()!, owner.UserId);
    }

    public string LibraryTempDir => Path.Combine(Options.LibraryDir, ".tmp");

    /// <summary>Every file under the library except in-flight temp files.</summary>
    public string[] LibraryFiles() =>
        Directory.EnumerateFiles(Options.LibraryDir, "*", SearchOption.AllDirectories)
            .Where(p => !p.StartsWith(LibraryTempDir, StringComparison.Ordinal))
            .ToArray();

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (ownsDataDir)
        {
            TempDir.Delete(Options.DataDir);
        }
    }
}

public enum CredentialType
{
    Session,
    ApiKey,
}

public sealed record Credential(CredentialType Kind, string Secret, string UserId);
