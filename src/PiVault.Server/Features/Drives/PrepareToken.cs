using System.Globalization;
using System.Text.RegularExpressions;

namespace PiVault.Server.Features.Drives;

/// <summary>
/// The one-shot permission the service writes after the admin typed the right confirmation, and the root helper
/// (<c>pivault drive prepare</c>) reads and deletes before it touches the drive: which device, its size at the time,
/// whether data on it may be erased, the label, and when it was written (it is good for <see cref="Lifetime"/>).
/// </summary>
public sealed partial record PrepareToken(string Device, long SizeBytes, bool EraseData, string Label, DateTimeOffset Written)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(10);

    /// <summary>Disks PiVault may prepare: SATA/USB (<c>sdX</c>), NVMe, SD/eMMC and virtio disks, never a partition.</summary>
    public static bool IsDevice(string device) => DevicePattern().IsMatch(device);

    public static bool IsLabel(string label) => LabelPattern().IsMatch(label);

    /// <summary>The token's file name in the token folder: <c>sda.token</c> for <c>/dev/sda</c>.</summary>
    public static string FileName(string device) => device["/dev/".Length..] + ".token";

    /// <summary>The helper unit's instance for a device: <c>pivault-prepare@dev-sda.service</c> (systemd-escape --path).</summary>
    public static string HelperUnit(string device) => $"pivault-prepare@{device[1..].Replace('/', '-')}.service";

    public string Format() => string.Create(CultureInfo.InvariantCulture,
        $"device={Device}\nsize={SizeBytes}\nerase={(EraseData ? "yes" : "no")}\nlabel={Label}\nwritten={Written.ToUnixTimeSeconds()}\n");

    /// <summary>Null when the text is not a well-formed token.</summary>
    public static PrepareToken? Parse(string text)
    {
        var fields = text.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split('=', 2))
            .Where(pair => pair.Length == 2)
            .GroupBy(pair => pair[0], StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Last()[1].Trim(), StringComparer.Ordinal);
        return fields.TryGetValue("device", out var device) && IsDevice(device)
            && fields.TryGetValue("size", out var size) && long.TryParse(size, NumberStyles.None, CultureInfo.InvariantCulture, out var bytes)
            && fields.TryGetValue("erase", out var erase) && erase is "yes" or "no"
            && fields.TryGetValue("label", out var label) && IsLabel(label)
            && fields.TryGetValue("written", out var written) && long.TryParse(written, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            ? new PrepareToken(device, bytes, erase == "yes", label, DateTimeOffset.FromUnixTimeSeconds(seconds))
            : null;
    }

    [GeneratedRegex(@"^/dev/(sd[a-z]{1,2}|nvme[0-9]{1,2}n[0-9]{1,2}|mmcblk[0-9]{1,2}|vd[a-z])\z")]
    private static partial Regex DevicePattern();

    [GeneratedRegex(@"^pivault(-(hot|cold|backup))?\z")]
    private static partial Regex LabelPattern();
}
