using System.Text;

namespace PiVault.Media.Formats;

/// <summary>One RIFF chunk: its four-character id, where its data lies (cut at its parent's end) and how deep in LISTs it sits.</summary>
public readonly record struct RiffChunk(string Id, long DataStart, long DataLength, int Depth);

/// <summary>
/// The chunks of a RIFF file (WebP, AVI, WAV) after its 12-byte header: id, little-endian size, data padded to an even
/// length. <c>LIST</c> chunks are listed and then entered (their 4-byte list type skipped), at most
/// <see cref="MaxDepth"/> deep; at most <see cref="MaxChunks"/> chunks in all, whatever the nesting.
/// </summary>
public static class RiffChunks
{
    public const int MaxChunks = 10_000;
    public const int MaxDepth = 4;

    public static ReadOnlySpan<byte> Magic => "RIFF"u8;

    /// <summary>The form type after the RIFF header ("WEBP", "AVI ", "WAVE"), or "" when there is none.</summary>
    public static string FormType(ByteSource source) => source.ReadBlock(8, 4) is { } form ? Encoding.Latin1.GetString(form) : "";

    public static IEnumerable<RiffChunk> Walk(ByteSource source) => Walk(source, 12, source.Length, 0, new Budget());

    private static IEnumerable<RiffChunk> Walk(ByteSource source, long start, long end, int depth, Budget budget)
    {
        var header = new byte[8];
        var pos = start;
        while (budget.Left-- > 0 && pos + 8 <= end && source.TryReadExactly(pos, header))
        {
            var id = Encoding.Latin1.GetString(header, 0, 4);
            long size = ByteOrder.Little.U32(header.AsSpan(4));
            var dataStart = pos + 8;
            var dataLength = Math.Min(size, end - dataStart);
            yield return new RiffChunk(id, dataStart, dataLength, depth);
            if (id == "LIST" && depth < MaxDepth && dataLength > 4)
            {
                foreach (var inner in Walk(source, dataStart + 4, dataStart + dataLength, depth + 1, budget))
                {
                    yield return inner;
                }
            }
            pos = dataStart + size + (size & 1);
        }
    }

    private sealed class Budget
    {
        public int Left { get; set; } = MaxChunks;
    }
}
