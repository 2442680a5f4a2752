using PiVault.Server.Http;

namespace PiVault.Server.Features.Assets;

/// <summary>
/// One page of a listing, numbered from 1: the one rule for paging in both APIs. The offset is computed in 64 bits, as
/// SQLite's OFFSET is: in 32 bits, page 2147483647 of 100 wrapped round to a small offset and served the first pages again.
/// </summary>
public readonly record struct PageRequest(int Number, int Size)
{
    public long Offset => ((long)Number - 1) * Size;

    public static PageRequest From(int? page, int? size, int defaultSize)
    {
        var request = new PageRequest(page ?? 1, size ?? defaultSize);
        return request.Number >= 1 && request.Size is >= 1 and <= AssetService.MaxPageSize
            ? request
            : throw ApiException.BadRequest($"page must be 1 or more and size between 1 and {AssetService.MaxPageSize}.");
    }

    /// <summary>The next page's number when more items follow this page's <paramref name="count"/>, else null.</summary>
    public int? Next(int count, long total) => Offset + count < total && Number < int.MaxValue ? Number + 1 : null;
}
