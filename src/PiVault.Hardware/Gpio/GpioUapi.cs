using System.Buffers.Binary;
using System.Text;

namespace PiVault.Hardware.Gpio;

/// <summary>
/// The GPIO character-device uAPI v2 (linux/gpio.h) as byte layouts, without header structs: every field is fixed-width
/// with explicit padding and there are no pointers, so x86-64 and aarch64 share these offsets (checked byte for byte
/// against the 6.1 headers, and on a real arm64 kernel; see research/pi-platform.md section 2). Little-endian, as both are.
/// </summary>
internal static class GpioUapi
{
    /// <summary>_IOR(0xB4, 0x01, struct gpiochip_info) on the chip fd.</summary>
    public const uint GetChipInfo = 0x8044_B401;
    /// <summary>_IOWR(0xB4, 0x05, struct gpio_v2_line_info) on the chip fd.</summary>
    public const uint GetLineInfo = 0xC100_B405;
    /// <summary>_IOWR(0xB4, 0x07, struct gpio_v2_line_request) on the chip fd; the new line fd comes back in the struct.</summary>
    public const uint GetLine = 0xC250_B407;
    /// <summary>_IOWR(0xB4, 0x0E, struct gpio_v2_line_values) on the line fd.</summary>
    public const uint GetLineValues = 0xC010_B40E;
    /// <summary>_IOWR(0xB4, 0x0F, struct gpio_v2_line_values) on the line fd.</summary>
    public const uint SetLineValues = 0xC010_B40F;

    public const int ChipInfoSize = 68;
    public const int LineInfoSize = 256;
    public const int LineRequestSize = 592;
    public const int LineValuesSize = 16;
    public const int LineEventSize = 48;

    private const int NameSize = 32;
    private const int RequestConsumerOffset = 256;
    private const int RequestConfigOffset = 288;
    private const int ConfigAttrsOffset = RequestConfigOffset + 32;
    private const int RequestNumLinesOffset = 560;
    private const int RequestFdOffset = 588;

    /// <summary>gpio_v2_line_attr_id GPIO_V2_LINE_ATTR_ID_DEBOUNCE: the value is debounce_period_us.</summary>
    private const uint AttributeDebounce = 3;

    /// <summary>gpiochip_info: name[32] at 0, label[32] at 32, lines at 64.</summary>
    public static GpioChipInfo ParseChipInfo(ReadOnlySpan<byte> info) =>
        new(CString(info[..NameSize]), CString(info.Slice(32, NameSize)), BinaryPrimitives.ReadUInt32LittleEndian(info[64..]));

    /// <summary>A gpio_v2_line_info buffer asking about <paramref name="offset"/> (the only input field, at 64).</summary>
    public static byte[] LineInfoQuery(uint offset)
    {
        var buffer = new byte[LineInfoSize];
        BinaryPrimitives.WriteUInt32LittleEndian(buffer.AsSpan(64), offset);
        return buffer;
    }

    /// <summary>gpio_v2_line_info: name[32] at 0, consumer[32] at 32, offset at 64, flags (u64) at 72.</summary>
    public static GpioLineInfo ParseLineInfo(ReadOnlySpan<byte> info) =>
        new(BinaryPrimitives.ReadUInt32LittleEndian(info[64..]), CString(info[..NameSize]), CString(info.Slice(32, NameSize)),
            (GpioLineFlags)BinaryPrimitives.ReadUInt64LittleEndian(info[72..]));

    /// <summary>
    /// A gpio_v2_line_request for one line: offsets[0] at 0, consumer[32] at 256, config at 288 (flags u64 at +0,
    /// num_attrs at +8, attrs[10] of 24 bytes at +32), num_lines at 560; event_buffer_size 0 = the kernel's default.
    /// A debounce of zero adds no attribute.
    /// </summary>
    public static byte[] LineRequest(uint offset, string consumer, GpioLineFlags flags, uint debounceMicroseconds)
    {
        var buffer = new byte[LineRequestSize];
        var span = buffer.AsSpan();
        BinaryPrimitives.WriteUInt32LittleEndian(span, offset);
        var name = Encoding.UTF8.GetBytes(consumer);
        name.AsSpan(0, Math.Min(name.Length, NameSize - 1)).CopyTo(span[RequestConsumerOffset..]);
        BinaryPrimitives.WriteUInt64LittleEndian(span[RequestConfigOffset..], (ulong)flags);
        if (debounceMicroseconds > 0)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(span[(RequestConfigOffset + 8)..], 1); // num_attrs
            // gpio_v2_line_config_attribute: attr { id u32, padding u32, union at 8 } then mask u64 at 16 (bit 0 = offsets[0]).
            BinaryPrimitives.WriteUInt32LittleEndian(span[ConfigAttrsOffset..], AttributeDebounce);
            BinaryPrimitives.WriteUInt32LittleEndian(span[(ConfigAttrsOffset + 8)..], debounceMicroseconds);
            BinaryPrimitives.WriteUInt64LittleEndian(span[(ConfigAttrsOffset + 16)..], 1);
        }
        BinaryPrimitives.WriteUInt32LittleEndian(span[RequestNumLinesOffset..], 1);
        return buffer;
    }

    /// <summary>The line fd the kernel wrote into a successful request (fd s32 at 588).</summary>
    public static int RequestedFd(ReadOnlySpan<byte> request) => BinaryPrimitives.ReadInt32LittleEndian(request[RequestFdOffset..]);

    /// <summary>gpio_v2_line_values asking for line 0 of the request: bits at 0, mask (u64) at 8.</summary>
    public static byte[] ValuesQuery()
    {
        var buffer = new byte[LineValuesSize];
        BinaryPrimitives.WriteUInt64LittleEndian(buffer.AsSpan(8), 1);
        return buffer;
    }

    /// <summary>gpio_v2_line_values setting line 0 of the request to <paramref name="high"/>: bits at 0, mask (u64) at 8.</summary>
    public static byte[] ValuesSetting(bool high)
    {
        var buffer = ValuesQuery();
        BinaryPrimitives.WriteUInt64LittleEndian(buffer, high ? 1UL : 0UL);
        return buffer;
    }

    public static bool FirstValue(ReadOnlySpan<byte> values) => (BinaryPrimitives.ReadUInt64LittleEndian(values) & 1) != 0;

    /// <summary>
    /// gpio_v2_line_event: timestamp_ns (u64) at 0, id at 8 (1 rising, 2 falling), offset at 12, seqno at 16,
    /// line_seqno at 20, 24 bytes of padding.
    /// </summary>
    public static GpioLineEvent ParseEvent(ReadOnlySpan<byte> record) =>
        new(BinaryPrimitives.ReadUInt64LittleEndian(record),
            (GpioEdge)BinaryPrimitives.ReadUInt32LittleEndian(record[8..]),
            BinaryPrimitives.ReadUInt32LittleEndian(record[12..]),
            BinaryPrimitives.ReadUInt32LittleEndian(record[16..]),
            BinaryPrimitives.ReadUInt32LittleEndian(record[20..]));

    /// <summary>The inverse of <see cref="ParseEvent"/>: what the kernel writes, for tests and fakes.</summary>
    public static byte[] EncodeEvent(GpioLineEvent e)
    {
        var buffer = new byte[LineEventSize];
        var span = buffer.AsSpan();
        BinaryPrimitives.WriteUInt64LittleEndian(span, e.TimestampNs);
        BinaryPrimitives.WriteUInt32LittleEndian(span[8..], (uint)e.Edge);
        BinaryPrimitives.WriteUInt32LittleEndian(span[12..], e.Offset);
        BinaryPrimitives.WriteUInt32LittleEndian(span[16..], e.Seqno);
        BinaryPrimitives.WriteUInt32LittleEndian(span[20..], e.LineSeqno);
        return buffer;
    }

    private static string CString(ReadOnlySpan<byte> field)
    {
        var end = field.IndexOf((byte)0);
        return Encoding.UTF8.GetString(end >= 0 ? field[..end] : field);
    }
}
