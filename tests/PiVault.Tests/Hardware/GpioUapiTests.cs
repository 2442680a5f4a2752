using System.Buffers.Binary;
using System.Text;
using PiVault.Hardware.Gpio;

namespace PiVault.Tests.Hardware;

/// <summary>
/// The byte layouts against the offsets in research/pi-platform.md section 2 (dumped from the 6.1 uapi headers for
/// x86_64 and aarch64, identical, and used on a real arm64 kernel): each buffer is checked byte by byte, not through
/// the code's own parser.
/// </summary>
public sealed class GpioUapiTests
{
    [Fact]
    public void The_ioctl_numbers_are_the_kernels()
    {
        // _IOC(dir, 0xB4, nr, size): dir in bits 30-31 (2 = read, 3 = read/write), size in bits 16-29.
        static uint Ioc(uint dir, uint nr, uint size) => (dir << 30) | (size << 16) | (0xB4u << 8) | nr;
        Assert.Equal(GpioUapi.GetChipInfo, Ioc(2, 0x01, 68));
        Assert.Equal(GpioUapi.GetLineInfo, Ioc(3, 0x05, 256));
        Assert.Equal(GpioUapi.GetLine, Ioc(3, 0x07, 592));
        Assert.Equal(GpioUapi.GetLineValues, Ioc(3, 0x0E, 16));
    }

    [Fact]
    public void A_line_request_puts_every_field_at_its_offset()
    {
        var flags = GpioLineFlags.Input | GpioLineFlags.EdgeRising | GpioLineFlags.EdgeFalling | GpioLineFlags.BiasPullUp;

        var request = GpioUapi.LineRequest(17, "pivault-button", flags, 20_000);

        Assert.Equal(592, request.Length);
        Assert.Equal(17u, BinaryPrimitives.ReadUInt32LittleEndian(request.AsSpan(0)));                 // offsets[0]
        Assert.Equal("pivault-button\0", Encoding.ASCII.GetString(request, 256, 15));                  // consumer[32]
        Assert.Equal(0x134ul, BinaryPrimitives.ReadUInt64LittleEndian(request.AsSpan(288)));           // config.flags
        Assert.Equal(1u, BinaryPrimitives.ReadUInt32LittleEndian(request.AsSpan(296)));                // config.num_attrs
        Assert.Equal(3u, BinaryPrimitives.ReadUInt32LittleEndian(request.AsSpan(320)));                // attrs[0].attr.id = DEBOUNCE
        Assert.Equal(20_000u, BinaryPrimitives.ReadUInt32LittleEndian(request.AsSpan(328)));           // attrs[0].attr.debounce_period_us
        Assert.Equal(1ul, BinaryPrimitives.ReadUInt64LittleEndian(request.AsSpan(336)));               // attrs[0].mask
        Assert.Equal(1u, BinaryPrimitives.ReadUInt32LittleEndian(request.AsSpan(560)));                // num_lines
        Assert.Equal(0u, BinaryPrimitives.ReadUInt32LittleEndian(request.AsSpan(564)));                // event_buffer_size: default
        Assert.Equal(0, BinaryPrimitives.ReadInt32LittleEndian(request.AsSpan(588)));                  // fd, written by the kernel
    }

    [Fact]
    public void Without_debounce_no_attribute_is_sent_and_a_long_consumer_is_cut_to_31_bytes()
    {
        var request = GpioUapi.LineRequest(3, new string('x', 40), GpioLineFlags.Input, 0);

        Assert.Equal(0u, BinaryPrimitives.ReadUInt32LittleEndian(request.AsSpan(296)));
        Assert.All(request.AsSpan(320, 24).ToArray(), b => Assert.Equal(0, b));
        Assert.Equal(31, request.AsSpan(256, 32).IndexOf((byte)0));
    }

    [Fact]
    public void The_line_fd_comes_back_at_588()
    {
        var request = new byte[592];
        BinaryPrimitives.WriteInt32LittleEndian(request.AsSpan(588), 42);

        Assert.Equal(42, GpioUapi.RequestedFd(request));
    }

    [Fact]
    public void Chip_and_line_info_are_read_from_their_offsets()
    {
        var chip = new byte[68];
        Encoding.ASCII.GetBytes("gpiochip0").CopyTo(chip, 0);
        Encoding.ASCII.GetBytes("9030000.pl061").CopyTo(chip, 32);
        BinaryPrimitives.WriteUInt32LittleEndian(chip.AsSpan(64), 8);
        Assert.Equal(new GpioChipInfo("gpiochip0", "9030000.pl061", 8), GpioUapi.ParseChipInfo(chip));

        var line = GpioUapi.LineInfoQuery(3);
        Assert.Equal(3u, BinaryPrimitives.ReadUInt32LittleEndian(line.AsSpan(64)));
        Encoding.ASCII.GetBytes("GPIO17").CopyTo(line, 0);
        Encoding.ASCII.GetBytes("GPIO Key Poweroff").CopyTo(line, 32);
        BinaryPrimitives.WriteUInt64LittleEndian(line.AsSpan(72), 0x5); // USED | INPUT
        Assert.Equal(new GpioLineInfo(3, "GPIO17", "GPIO Key Poweroff", GpioLineFlags.Used | GpioLineFlags.Input), GpioUapi.ParseLineInfo(line));
    }

    [Fact]
    public void An_event_record_decodes_from_48_bytes()
    {
        var record = new byte[48];
        BinaryPrimitives.WriteUInt64LittleEndian(record.AsSpan(0), 1_234_567_890_123);
        BinaryPrimitives.WriteUInt32LittleEndian(record.AsSpan(8), 2);  // falling
        BinaryPrimitives.WriteUInt32LittleEndian(record.AsSpan(12), 3); // offset
        BinaryPrimitives.WriteUInt32LittleEndian(record.AsSpan(16), 4); // seqno
        BinaryPrimitives.WriteUInt32LittleEndian(record.AsSpan(20), 2); // line_seqno

        var decoded = GpioUapi.ParseEvent(record);

        Assert.Equal(new GpioLineEvent(1_234_567_890_123, GpioEdge.Falling, 3, 4, 2), decoded);
        Assert.Equal(record, GpioUapi.EncodeEvent(decoded));
    }

    [Fact]
    public void The_values_query_asks_for_the_first_line()
    {
        var values = GpioUapi.ValuesQuery();
        Assert.Equal(1ul, BinaryPrimitives.ReadUInt64LittleEndian(values.AsSpan(8)));
        values[0] = 1;
        Assert.True(GpioUapi.FirstValue(values));
    }
}
