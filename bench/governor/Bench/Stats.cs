using System.Globalization;

namespace PiVault.Bench.Governor;

/// <summary>Order statistics of one series (nearest-rank percentiles).</summary>
internal sealed record Summary(int Count, double Min, double Median, double Mean, double P99, double Max)
{
    public static Summary Of(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        if (sorted.Length == 0)
        {
            return new Summary(0, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN);
        }
        return new Summary(sorted.Length, sorted[0], Rank(sorted, 0.5), sorted.Average(), Rank(sorted, 0.99), sorted[^1]);
    }

    private static double Rank(double[] sorted, double p) => sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
}

internal static class Format
{
    public static string N(double value, int decimals) => double.IsNaN(value) ? "–" : value.ToString("N" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);

    /// <summary>Enough significant digits for a small share (0.0012 %) without a wall of zeros for a large one.</summary>
    public static string Share(double value) => value switch
    {
        double.NaN => "–",
        >= 1 => N(value, 2),
        >= 0.01 => N(value, 3),
        _ => value.ToString("0.#####", CultureInfo.InvariantCulture),
    };

    public static string Inv(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
