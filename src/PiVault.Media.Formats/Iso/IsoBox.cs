using System.Buffers.Binary;
using System.Text;

namespace PiVault.Media.Formats;

/// <summary>
/// One ISO-BMFF box or QuickTime atom (the same layout: HEIF/AVIF, MP4/MOV/3GP, Canon CR3, JPEG XL containers):
/// its four-character type and where its content lies in the source.
/// </summary>
public readonly record struct IsoBox(string Type, long Start, long ContentStart, long End)
{
    /// <summary>The default bound on boxes read at one level.</summary>
    public const int MaxBoxesPerLevel = 4096;

    /// <summary>A <c>uuid</c> box's 16-byte user type comes first in its content.</summary>
    public const int UserTypeLength = 16;

    public long ContentLength => End - ContentStart;

    /// <summary>
    /// The boxes between <paramref name="start"/> and <paramref name="end"/>, at most <paramref name="maxBoxes"/>. A size of
    /// 1 means a 64-bit size follows; 0 means "to the end of the parent". Stops at the first box whose size is smaller
    /// than its own header; a box running past the parent's end (a truncated file) is cut there, so what exists can
    /// still be read.
    /// </summary>
    public static IEnumerable<IsoBox> Children(ByteSource source, long start, long end, int maxBoxes = MaxBoxesPerLevel)
    {
        end = Math.Min(end, source.Length);
        var header = new byte[16];
        var pos = start;
        for (var count = 0; count < maxBoxes && pos >= 0 && pos + 8 <= end; count++)
        {
            if (!source.TryReadExactly(pos, header.AsSpan(0, 8)))
            {
                yield break;
            }
            long size = BinaryPrimitives.ReadUInt32BigEndian(header);
            long headerSize = 8;
            if (size == 1)
            {
                if (!source.TryReadExactly(pos + 8, header.AsSpan(8, 8)))
                {
                    yield break;
                }
                size = (long)Math.Min(BinaryPrimitives.ReadUInt64BigEndian(header.AsSpan(8)), long.MaxValue);
                headerSize = 16;
            }
            else if (size == 0)
            {
                size = end - pos;
            }
            if (size < headerSize)
            {
                yield break;
            }
            var boxEnd = size > end - pos ? end : pos + size;
            yield return new IsoBox(Encoding.Latin1.GetString(header, 4, 4), pos, pos + headerSize, boxEnd);
            pos = boxEnd;
        }
    }

    /// <summary>The boxes inside this one.</summary>
    public IEnumerable<IsoBox> Children(ByteSource source, int maxBoxes = MaxBoxesPerLevel) => Children(source, ContentStart, End, maxBoxes);

    /// <summary>The first child of type <paramref name="type"/> among the first <paramref name="maxBoxes"/>, or null.</summary>
    public IsoBox? Child(ByteSource source, string type, int maxBoxes = MaxBoxesPerLevel)
    {
        foreach (var box in Children(source, maxBoxes))
        {
            if (box.Type == type)
            {
                return box;
            }
        }
        return null;
    }

    /// <summary>The content as bytes, or null when it is larger than <paramref name="maxLength"/>.</summary>
    public byte[]? ReadContent(ByteSource source, int maxLength = ByteSource.MaxBlockBytes) =>
        source.ReadBlock(ContentStart, ContentLength, maxLength);

    /// <summary>True for a <c>uuid</c> box whose user type is <paramref name="userType"/> (16 bytes).</summary>
    public bool IsUuid(ByteSource source, ReadOnlySpan<byte> userType) =>
        Type == "uuid" && ContentLength >= UserTypeLength && source.StartsWith(ContentStart, userType);

    /// <summary>
    /// Where a <c>meta</c> box's children start: ISO's meta is a full box (4 bytes of version and flags, all zero),
    /// QuickTime's is not, so the four bytes are skipped only when they are zero.
    /// </summary>
    public long MetaChildrenStart(ByteSource source)
    {
        Span<byte> probe = stackalloc byte[8];
        return source.TryReadExactly(ContentStart, probe) && probe[..4].IndexOfAnyExcept((byte)0) < 0 ? ContentStart + 4 : ContentStart;
    }
}
