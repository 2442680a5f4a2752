using PiVault.Server.Features.Assets;

namespace PiVault.Tests.Unit;

public sealed class PageRequestTests
{
    [Theory]
    [InlineData(1, 100, 0L)]
    [InlineData(3, 100, 200L)]
    [InlineData(int.MaxValue, 1000, 2_147_483_646_000L)]
    [InlineData(int.MaxValue, 1, 2_147_483_646L)]
    public void The_offset_is_page_minus_one_times_size_without_wrapping(int page, int size, long offset) =>
        Assert.Equal(offset, PageRequest.From(page, size, 100).Offset);

    [Fact]
    public void The_last_possible_page_has_no_next_page()
    {
        Assert.Null(new PageRequest(int.MaxValue, 1).Next(1, long.MaxValue));
        Assert.Equal(2, new PageRequest(1, 10).Next(10, 11));
        Assert.Null(new PageRequest(2, 10).Next(1, 11));
    }
}
