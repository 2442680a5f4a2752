using System.Globalization;

namespace PiVault.Tests.Fuzz;

/// <summary>
/// The seeds of the short fuzz runs in the suite: fixed, so CI runs the same mutants every time; <c>PIVAULT_FUZZ_SEED</c>
/// moves the base to explore other ones. Every failure message names the seed, and
/// <c>CorpusMutator.Mutate(bytes, name, seed)</c> gives the same mutant back.
/// </summary>
public static class FuzzSeed
{
    public static int Base { get; } =
        int.TryParse(Environment.GetEnvironmentVariable("PIVAULT_FUZZ_SEED"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var seed) ? seed : 20261205;

    /// <summary>The seed of mutant <paramref name="index"/> of a file: stable across runs and machines (no string.GetHashCode).</summary>
    public static int Of(string file, int index)
    {
        var hash = 17;
        foreach (var c in file)
        {
            hash = unchecked(hash * 31 + c);
        }
        return (int)(unchecked((uint)(Base + hash) + (uint)index * 7919u) & 0x7FFFFFFF);
    }
}
