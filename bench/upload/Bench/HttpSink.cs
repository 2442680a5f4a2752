using System.Buffers;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace PiVault.Bench.Upload;

/// <summary>
/// The "loopback HTTP ceiling": a minimal Kestrel endpoint in the bench process that reads the request body into a
/// buffer, discards it and answers 201 with an upload-shaped JSON body. The same HttpClient sends it the same multipart
/// bodies as the server gets, so the gap between the two is what PiVault does beyond moving bytes over HTTP.
/// </summary>
internal sealed class HttpSink : IAsyncDisposable
{
    private const int BufferBytes = 256 * 1024;
    private readonly WebApplication app;
    private long bytesReceived;

    private HttpSink(WebApplication app, Uri uploadUri)
    {
        this.app = app;
        UploadUri = uploadUri;
    }

    public Uri UploadUri { get; }

    public long BytesReceived => Interlocked.Read(ref bytesReceived);

    public static async Task<HttpSink> StartAsync()
    {
        var port = ServerProcess.FreePort();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = null);
        var app = builder.Build();
        var sink = new HttpSink(app, new Uri($"http://127.0.0.1:{port}/sink"));
        app.MapPost("/sink", sink.ReceiveAsync);
        await app.StartAsync();
        return sink;
    }

    private async Task ReceiveAsync(HttpContext context)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(BufferBytes);
        long total = 0;
        try
        {
            int read;
            while ((read = await context.Request.Body.ReadAsync(buffer.AsMemory(0, BufferBytes), context.RequestAborted)) > 0)
            {
                total += read;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
        Interlocked.Add(ref bytesReceived, total);
        context.Response.StatusCode = StatusCodes.Status201Created;
        context.Response.ContentType = "application/json; charset=utf-8";
        await context.Response.Body.WriteAsync(Encoding.UTF8.GetBytes($$"""{"id":"{{Guid.CreateVersion7()}}","status":"created"}"""), context.RequestAborted);
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
