using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Net.Http.Headers;

namespace PiVault.Server.Web;

/// <summary>
/// Serves the built web app (web/dist, installed as <c>wwwroot</c> beside the binary). Hashed files under
/// <c>assets/</c> are cached for a year; <c>index.html</c> is revalidated on every load so a new version shows at once.
/// Pre-compressed <c>.br</c>/<c>.gz</c> siblings from the build are sent when the browser accepts them. Any other
/// path outside <c>/api</c> is a page of the app (SPA fallback) and gets <c>index.html</c>.
/// </summary>
public sealed class WebAppFiles(string root)
{
    private const string ImmutableCache = "public, max-age=31536000, immutable";
    private static readonly FileExtensionContentTypeProvider ContentTypes = new();
    private readonly string root = Path.GetFullPath(root) + Path.DirectorySeparatorChar;

    /// <summary>Paths the server answers itself: its APIs and Immich's discovery document.</summary>
    private static bool IsServerRoute(string path) =>
        new PathString(path).StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase) || path.StartsWith("/.well-known/", StringComparison.Ordinal);

    public bool Exists => File.Exists(Path.Combine(root, "index.html"));

    public Task InvokeAsync(HttpContext http, Func<Task> next)
    {
        var path = http.Request.Path.Value ?? "/";
        if (!(HttpMethods.IsGet(http.Request.Method) || HttpMethods.IsHead(http.Request.Method)) || IsServerRoute(path))
        {
            return next();
        }
        var relative = path.TrimStart('/') is { Length: > 0 } trimmed ? trimmed : "index.html";
        var file = Resolve(relative);
        if (file is null)
        {
            if (relative.StartsWith("assets/", StringComparison.Ordinal))
            {
                http.Response.StatusCode = StatusCodes.Status404NotFound; // a missing script must never be answered with HTML
                return Task.CompletedTask;
            }
            file = Path.Combine(root, "index.html");
            relative = "index.html";
        }
        return ServeAsync(http, file, relative);
    }

    private string? Resolve(string relative)
    {
        var full = Path.GetFullPath(Path.Combine(root, relative));
        return full.StartsWith(root, StringComparison.Ordinal) && File.Exists(full) ? full : null;
    }

    private static Task ServeAsync(HttpContext http, string file, string relative)
    {
        if (!ContentTypes.TryGetContentType(file, out var contentType))
        {
            contentType = "application/octet-stream";
        }
        var headers = http.Response.Headers;
        headers.CacheControl = relative.StartsWith("assets/", StringComparison.Ordinal) ? ImmutableCache : "no-cache";
        headers.Vary = "Accept-Encoding";
        headers.XContentTypeOptions = "nosniff";
        if (relative == "index.html")
        {
            // Share links carry their key in the URL: never leak it to another site.
            headers["Referrer-Policy"] = "no-referrer";
            headers.ContentSecurityPolicy =
                "default-src 'self'; img-src 'self' data: blob:; media-src 'self' blob:; style-src 'self' 'unsafe-inline'; frame-ancestors 'none'";
        }
        var (served, encoding) = Compressed(http, file);
        if (encoding is not null)
        {
            headers.ContentEncoding = encoding;
        }
        var info = new FileInfo(served);
        var etag = new EntityTagHeaderValue($"\"{info.LastWriteTimeUtc.Ticks:x}-{info.Length:x}\"");
        return TypedResults.PhysicalFile(served, contentType, lastModified: info.LastWriteTimeUtc, entityTag: etag).ExecuteAsync(http);
    }

    private static (string File, string? Encoding) Compressed(HttpContext http, string file)
    {
        var accept = http.Request.Headers.AcceptEncoding.ToString();
        if (accept.Contains("br", StringComparison.Ordinal) && File.Exists(file + ".br"))
        {
            return (file + ".br", "br");
        }
        return accept.Contains("gzip", StringComparison.Ordinal) && File.Exists(file + ".gz") ? (file + ".gz", "gzip") : (file, null);
    }
}

public static partial class WebAppFilesExtensions
{
    /// <summary>Serves the web app when it is built; without it the server is API-only and says so once.</summary>
    public static void UseWebApp(this WebApplication app, string webDir)
    {
        var files = new WebAppFiles(webDir);
        if (!files.Exists)
        {
            LogNoWebApp(app.Logger, webDir);
            return;
        }
        app.Use((http, next) => files.InvokeAsync(http, () => next(http)));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "No web app at {WebDir} (run the web build); serving the API only")]
    private static partial void LogNoWebApp(ILogger logger, string webDir);
}
