using System.Globalization;

namespace PiVault.Tests.Fuzz;

/// <summary>One mutated copy of a corpus file: its bytes, the name it is sent under, and what was done to it.</summary>
public sealed record Mutant(byte[] Bytes, string FileName, string Description)
{
    public override string ToString() => $"{FileName} ({Bytes.Length} B): {Description}";
}

public enum Mutation
{
    Truncation,
    BitFlips,
    ByteRuns,
    ExtremeField,
    HugeDimensions,
    IfdLoop,
    WrongExtension,
}

/// <summary>
/// The seeded mutation engine of the fuzz tests and of <c>bench/reliability/fuzz</c>: the same file and seed always
/// give the same mutant, so a failure's seed reproduces it. The first mutation is picked by the seed (every kind comes
/// round), up to two more at random. Damage lands mostly in the first 64 KB, where headers and metadata live.
/// </summary>
public static class CorpusMutator
{
    private const int HotBytes = 64 * 1024;
    private static readonly uint[] Extremes = [0, 1, 0xFFFF, 0x10000, 0x7FFFFFFF, 0x80000000, 0xFFFFFFFF];
    private static readonly string[] Extensions = [".jpg", ".png", ".heic", ".mp4", ".mov", ".cr2", ".dng", ".webp", ".gif", ".tif", ".txt", ""];

    public static Mutant Mutate(byte[] original, string fileName, int seed)
    {
        var random = new Random(seed);
        var data = (byte[])original.Clone();
        var name = fileName;
        var done = new List<string>();
        var kind = (Mutation)(seed % Enum.GetValues<Mutation>().Length);
        for (var round = 0; round < 3; round++)
        {
            data = Apply(kind, data, ref name, random, done);
            if (random.Next(3) != 0)
            {
                break;
            }
            kind = (Mutation)random.Next(Enum.GetValues<Mutation>().Length);
        }
        return new Mutant(data, name, $"seed {seed}: {string.Join("; ", done)}");
    }

    private static byte[] Apply(Mutation kind, byte[] data, ref string name, Random random, List<string> done)
    {
        switch (kind)
        {
            case Mutation.Truncation when data.Length > 1:
                var cut = random.Next(2) == 0 ? random.Next(Math.Min(data.Length, HotBytes)) : random.Next(data.Length);
                done.Add(Say($"cut at {cut}"));
                return data[..cut];
            case Mutation.BitFlips:
                var flips = random.Next(1, 17);
                for (var i = 0; i < flips && data.Length > 0; i++)
                {
                    data[Position(data, random)] ^= (byte)(1 << random.Next(8));
                }
                done.Add(Say($"{flips} bit flips"));
                return data;
            case Mutation.ByteRuns:
                ByteRuns(data, random, done);
                return data;
            case Mutation.HugeDimensions when ImageStructure.Dimensions(data) is { Count: > 0 } fields:
                HugeDimensions(data, fields, random, done);
                return data;
            case Mutation.IfdLoop when ImageStructure.IfdPointers(data) is { Count: > 0 } pointers:
                IfdLoop(data, pointers, random, done);
                return data;
            case Mutation.WrongExtension:
                var extension = Extensions[random.Next(Extensions.Length)];
                name = Path.ChangeExtension(name, extension.Length == 0 ? null : extension);
                done.Add($"named {name}");
                return data;
            default:
                ExtremeField(data, random, done);
                return data;
        }
    }

    private static int Position(byte[] data, Random random) =>
        random.Next(4) == 0 ? random.Next(data.Length) : random.Next(Math.Min(data.Length, HotBytes));

    private static void ByteRuns(byte[] data, Random random, List<string> done)
    {
        for (var runs = random.Next(1, 4); runs > 0 && data.Length > 0; runs--)
        {
            var start = Position(data, random);
            var length = Math.Min(random.Next(1, 257), data.Length - start);
            var fill = random.Next(3);
            if (fill == 0)
            {
                random.NextBytes(data.AsSpan(start, length));
            }
            else
            {
                data.AsSpan(start, length).Fill(fill == 1 ? (byte)0 : (byte)0xFF);
            }
            done.Add(Say($"{length} {(fill == 0 ? "random" : fill == 1 ? "zero" : "0xFF")} bytes at {start}"));
        }
    }

    /// <summary>A 4-byte length, count or offset set to an extreme value, in either byte order.</summary>
    private static void ExtremeField(byte[] data, Random random, List<string> done)
    {
        if (data.Length < 4)
        {
            done.Add("too short to edit");
            return;
        }
        var at = Math.Min(Position(data, random), data.Length - 4);
        var value = random.Next(3) == 0 ? (uint)random.Next(data.Length + 64) : Extremes[random.Next(Extremes.Length)];
        Write(data, at, 4, value, bigEndian: random.Next(2) == 0);
        done.Add(Say($"0x{value:X8} written at {at}"));
    }

    private static void HugeDimensions(byte[] data, List<DimensionField> fields, Random random, List<string> done)
    {
        foreach (var field in fields.Where(_ => random.Next(2) == 0).DefaultIfEmpty(fields[random.Next(fields.Count)]))
        {
            var max = field.Size == 4 ? 0xFFFFFFFFu : (1u << (8 * field.Size)) - 1;
            uint[] choices = [max, max >> 1, 0, 65_535, 100_000, 1_000_000];
            var value = Math.Min(max, choices[random.Next(choices.Length)]);
            Write(data, field.Offset, field.Size, value, field.BigEndian);
            done.Add(Say($"{field.Where} = {value}"));
        }
        ImageStructure.FixPngHeaderCrc(data);
    }

    /// <summary>A directory pointer aimed back at the directory holding it, or at the first one: a reference loop.</summary>
    private static void IfdLoop(byte[] data, List<IfdPointer> pointers, Random random, List<string> done)
    {
        var pointer = pointers[random.Next(pointers.Count)];
        var target = random.Next(2) == 0 ? pointer.Holder : pointers[0].Holder;
        Write(data, pointer.Offset, 4, (uint)target, pointer.BigEndian);
        done.Add(Say($"{pointer.Kind} of the IFD at {pointer.Holder} points to the IFD at {target}"));
    }

    private static void Write(byte[] data, int at, int size, uint value, bool bigEndian)
    {
        for (var i = 0; i < size; i++)
        {
            var shift = 8 * (bigEndian ? size - 1 - i : i);
            data[at + i] = (byte)(value >> shift);
        }
    }

    private static string Say(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
