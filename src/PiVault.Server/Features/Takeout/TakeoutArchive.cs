using System.Formats.Tar;
using System.IO.Compression;

namespace PiVault.Server.Features.Takeout;

/// <summary>A file inside an archive part: its position (stable from one reading to the next), path and size.</summary>
public sealed record ArchiveFile(int Ordinal, string Path, long Size);

/// <summary>
/// One part of a Takeout export (<c>.zip</c>, <c>.tgz</c>/<c>.tar.gz</c> or <c>.tar</c>, told apart by its first bytes), read
/// as a stream and never unpacked to disk: a zip through its central directory on the seekable file, a tar through
/// <see cref="TarReader"/> over <see cref="GZipStream"/> front to back. A damaged part throws <see cref="InvalidDataException"/>.
/// </summary>
public static class TakeoutArchive
{
    /// <summary>
    /// Visits the files of the part in order; <paramref name="wanted"/> decides which are opened (the others are passed
    /// over: a tar still reads through them, a zip does not). The stream is valid only during the call to <paramref name="visit"/>.
    /// </summary>
    public static async Task ForEachFileAsync(string path, Func<ArchiveFile, bool> wanted, Func<ArchiveFile, Stream, Task> visit, CancellationToken cancel)
    {
        await using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024, FileOptions.SequentialScan);
        var head = new byte[4];
        var length = await file.ReadAtLeastAsync(head, head.Length, throwOnEndOfStream: false, cancel);
        file.Position = 0;
        if (length >= 2 && head[0] == 'P' && head[1] == 'K')
        {
            await ZipAsync(file, wanted, visit, cancel);
        }
        else if (length >= 2 && head[0] == 0x1f && head[1] == 0x8b)
        {
            await using var gzip = new GZipStream(file, CompressionMode.Decompress);
            await TarAsync(gzip, wanted, visit, cancel);
        }
        else if (IsTar(file))
        {
            await TarAsync(file, wanted, visit, cancel);
        }
        else
        {
            throw new InvalidDataException($"{Path.GetFileName(path)} is not a .zip, .tgz or .tar archive.");
        }
    }

    private static async Task ZipAsync(FileStream file, Func<ArchiveFile, bool> wanted, Func<ArchiveFile, Stream, Task> visit, CancellationToken cancel)
    {
        using var zip = new ZipArchive(file, ZipArchiveMode.Read, leaveOpen: true);
        var entries = zip.Entries;
        for (var i = 0; i < entries.Count; i++)
        {
            cancel.ThrowIfCancellationRequested();
            var entry = entries[i];
            if (entry.FullName.EndsWith('/') || entry.FullName.EndsWith('\\'))
            {
                continue; // a folder
            }
            var info = new ArchiveFile(i, entry.FullName, entry.Length);
            if (wanted(info))
            {
                await using var data = entry.Open();
                await visit(info, data);
            }
        }
    }

    private static async Task TarAsync(Stream stream, Func<ArchiveFile, bool> wanted, Func<ArchiveFile, Stream, Task> visit, CancellationToken cancel)
    {
        var tail = new TailStream(stream);
        await using var tar = new TarReader(tail, leaveOpen: true);
        var ordinal = 0;
        while (await tar.GetNextEntryAsync(copyData: false, cancel) is { } entry)
        {
            var info = new ArchiveFile(ordinal++, entry.Name, entry.Length);
            if (entry.EntryType is TarEntryType.RegularFile or TarEntryType.V7RegularFile && wanted(info))
            {
                await visit(info, entry.DataStream ?? Stream.Null);
            }
        }
        // TarReader takes a stream that simply stops at a header for the end; a whole tar ends with zero records.
        if (!tail.EndsWithZeroRecord)
        {
            throw new InvalidDataException("the archive ends without the tar end-of-archive records: it is cut off");
        }
    }

    /// <summary>A read-only pass-through that remembers whether the last 512-byte record read was all zeros.</summary>
    private sealed class TailStream(Stream inner) : Stream
    {
        private readonly byte[] last = new byte[512];
        private long total;

        public bool EndsWithZeroRecord => total >= 1024 && !last.AsSpan().ContainsAnyExcept((byte)0);

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => total; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Remember(buffer.AsSpan(offset, inner.Read(buffer, offset, count)));

        public override int Read(Span<byte> buffer) => Remember(buffer[..inner.Read(buffer)]);

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            var read = await inner.ReadAsync(buffer, cancellationToken);
            return Remember(buffer.Span[..read]);
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        private int Remember(ReadOnlySpan<byte> read)
        {
            if (read.Length >= last.Length)
            {
                read[^last.Length..].CopyTo(last);
            }
            else if (read.Length > 0)
            {
                last.AsSpan(read.Length).CopyTo(last); // shift left, append
                read.CopyTo(last.AsSpan(last.Length - read.Length));
            }
            total += read.Length;
            return read.Length;
        }
    }

    /// <summary>A POSIX tar has "ustar" at byte 257 of its first header.</summary>
    private static bool IsTar(FileStream file)
    {
        var header = new byte[262];
        var read = file.ReadAtLeast(header, header.Length, throwOnEndOfStream: false);
        file.Position = 0;
        return read == header.Length && header.AsSpan(257, 5).SequenceEqual("ustar"u8);
    }
}
