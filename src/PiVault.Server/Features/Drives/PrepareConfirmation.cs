using System.Globalization;

namespace PiVault.Server.Features.Drives;

/// <summary>
/// What the admin types before a disk is prepared: for an empty disk its model and size (<c>Samsung SSD 870 1000 GB</c>),
/// so the right one of several is meant; for a disk holding data its name (<c>sda</c>), which is never shown by
/// default next to a "prepare" button and has to be read off the list on purpose.
/// </summary>
public static class PrepareConfirmation
{
    public static bool HoldsData(BlockDevice disk) => disk.Partitions > 0 || disk.FileSystem is not null || disk.PartitionTable is not null;

    public static string Expected(BlockDevice disk) => HoldsData(disk)
        ? disk.Name
        : string.Create(CultureInfo.InvariantCulture, $"{disk.Model ?? disk.Name} {Math.Round(disk.SizeBytes / 1e9):0} GB");

    /// <summary>Case and runs of spaces do not count; for a disk holding data its path (<c>/dev/sda</c>) counts too.</summary>
    public static bool Matches(BlockDevice disk, string? typed)
    {
        var text = Normal(typed);
        return text.Length > 0 && (text == Normal(Expected(disk)) || HoldsData(disk) && text == Normal(disk.Path));
    }

    private static string Normal(string? text) =>
        string.Join(' ', (text ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToLowerInvariant();
}
