using System.Text;

namespace PiVault.Media.Formats;

/// <summary>One PNG chunk: its four-letter type and where its data lies (a 4-byte CRC follows it).</summary>
public readonly record struct PngChunk(string Type, long DataStart, long Length);

/// <summary>
/// The chunks of a PNG after its 8-byte signature, in file order up to IEND: a big-endian length, the type, the data, a
/// CRC. Only the 8-byte headers are read; a length over 2^31 − 1 (invalid by the spec) or more than
/// <see cref="MaxChunks"/> chunks end the walk. The last chunk of a truncated file may reach past the end.
/// </summary>
public static class PngChunks
{
    public const int MaxChunks = 100_000;

    public static ReadOnlySpan<byte> Signature => [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    public static IEnumerable<PngChunk> Walk(ByteSource source)
    {
        var header = new byte[8];
        long pos = 8;
        for (var count = 0; count < MaxChunks && source.TryReadExactly(pos, header); count++)
        {
            var length = ByteOrder.Big.U32(header);
            var type = Encoding.Latin1.GetString(header, 4, 4);
            if (type == "IEND" || length > int.MaxValue)
            {
                yield break;
            }
            yield return new PngChunk(type, pos + 8, length);
            pos += 8 + length + 4;
        }
    }
}
