namespace PiVault.Server.Features.Export;

/// <summary>
/// The response body as <see cref="System.IO.Compression.ZipArchive"/> needs it. Kestrel refuses synchronous writes, and
/// .NET 10's async ZIP writer still makes a few small ones (an entry's data descriptor as its stream is disposed): those
/// are held here and sent, in order, before the next asynchronous write or flush. Only headers and descriptors are ever
/// written synchronously, so what is held stays a few dozen bytes; a limit guards against anything else.
/// </summary>
public sealed class AsyncResponseStream(Stream inner) : Stream
{
    private const int MaxHeld = 16 * 1024 * 1024;

    private readonly MemoryStream held = new();

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        if (held.Length + buffer.Length > MaxHeld)
        {
            throw new IOException("The export writer wrote more synchronously than a ZIP header; the response cannot hold it.");
        }
        held.Write(buffer);
    }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        await SendHeldAsync(cancellationToken);
        await inner.WriteAsync(buffer, cancellationToken);
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    /// <summary>Nothing is sent synchronously; <see cref="FlushAsync(CancellationToken)"/> sends what is held.</summary>
    public override void Flush()
    {
    }

    public override async Task FlushAsync(CancellationToken cancellationToken)
    {
        await SendHeldAsync(cancellationToken);
        await inner.FlushAsync(cancellationToken);
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            held.Dispose();
        }
        base.Dispose(disposing);
    }

    private async Task SendHeldAsync(CancellationToken cancel)
    {
        if (held.Length == 0)
        {
            return;
        }
        await inner.WriteAsync(held.GetBuffer().AsMemory(0, (int)held.Length), cancel);
        held.SetLength(0);
    }
}
