using System.Text.RegularExpressions;

namespace PiVault.Server.Features.Appliance;

/// <summary>What a hostname may be here: one DNS label (RFC 1123), so the device answers as <c>&lt;name&gt;.local</c>.</summary>
public static partial class Hostname
{
    public const int MaxLength = 63;

    /// <summary>Letters, digits and hyphens, 1–63 characters, not starting or ending with a hyphen.</summary>
    public static bool IsValid(string name) => Label().IsMatch(name);

    [GeneratedRegex(@"^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\z")]
    private static partial Regex Label();
}
