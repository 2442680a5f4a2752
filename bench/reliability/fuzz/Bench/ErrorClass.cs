using System.Text.RegularExpressions;

namespace PiVault.Bench.Fuzz;

/// <summary>An error message with its paths, names and numbers taken out, so the same failure counts as one class.</summary>
public static partial class ErrorClass
{
    public static string Of(string message)
    {
        var text = Path().Replace(message, "<file>");
        text = Quoted().Replace(text, "\"…\"");
        text = Number().Replace(text, "N");
        var first = text.Split(';')[0].Trim();
        return first.Length <= 110 ? first : first[..110] + "…";
    }

    [GeneratedRegex(@"(?<![\w.-])/[^\s:;]+")]
    private static partial Regex Path();

    [GeneratedRegex("\"[^\"]*\"")]
    private static partial Regex Quoted();

    [GeneratedRegex(@"\d+")]
    private static partial Regex Number();
}
