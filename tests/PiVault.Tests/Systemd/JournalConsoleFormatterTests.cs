using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using PiVault.Server.Systemd;

namespace PiVault.Tests.Systemd;

/// <summary>One log call, one journal line, with the syslog priority journald reads from its &lt;N&gt; prefix.</summary>
public sealed class JournalConsoleFormatterTests
{
    private const string Category = "PiVault.Server.Pipeline.JobRunner";

    [Theory]
    [InlineData(LogLevel.Critical, "<2>")]
    [InlineData(LogLevel.Error, "<3>")]
    [InlineData(LogLevel.Warning, "<4>")]
    [InlineData(LogLevel.Information, "<6>")]
    [InlineData(LogLevel.Debug, "<7>")]
    [InlineData(LogLevel.Trace, "<7>")]
    public void Each_level_gets_its_syslog_priority_and_a_short_category(LogLevel level, string prefix) =>
        Assert.Equal($"{prefix}JobRunner: Queue thumbnails: 2 → 0 of 2 workers\n", Write(level, "Queue thumbnails: 2 → 0 of 2 workers"));

    [Fact]
    public void An_exception_stays_in_its_entry_at_its_priority()
    {
        var line = Write(LogLevel.Error, "Worker of queue metadata hit an error", Thrown());

        Assert.Single(line.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.EndsWith("\n", line, StringComparison.Ordinal);
        Assert.StartsWith("<3>JobRunner: Worker of queue metadata hit an error\\nSystem.IO.IOException: disk full\\n   at ", line, StringComparison.Ordinal);
        Assert.Contains(nameof(Thrown), line, StringComparison.Ordinal);
    }

    [Fact]
    public void An_exception_without_a_message_is_the_message()
    {
        var line = Write(LogLevel.Critical, "", Thrown());
        Assert.StartsWith("<2>JobRunner: System.IO.IOException: disk full\\n", line, StringComparison.Ordinal);
        Assert.Single(line.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public void A_newline_in_logged_data_cannot_forge_a_second_entry()
    {
        var line = Write(LogLevel.Information, "Uploaded holiday.jpg\r\n<3>pivault: disk on fire\u2028and more\n");
        Assert.Equal("<6>JobRunner: Uploaded holiday.jpg\\n<3>pivault: disk on fire\\nand more\n", line);
    }

    [Fact]
    public void Nothing_is_written_for_an_empty_message_without_an_exception() =>
        Assert.Equal("", Write(LogLevel.Warning, ""));

    [Theory]
    [InlineData("Microsoft.Hosting.Lifetime", "Lifetime")]
    [InlineData("pivault", "pivault")]
    [InlineData("Odd.", "Odd.")]
    public void Categories_keep_their_last_part(string category, string expected) =>
        Assert.Equal(expected, JournalConsoleFormatter.ShortCategory(category));

    /// <summary>Through the formatter's Write, as the console logger calls it.</summary>
    private static string Write(LogLevel level, string message, Exception? exception = null)
    {
        using var writer = new StringWriter();
        new JournalConsoleFormatter().Write(new LogEntry<string>(level, Category, default, message, exception, (state, _) => state), null, writer);
        return writer.ToString();
    }

    private static IOException Thrown()
    {
        try
        {
            throw new IOException("disk full");
        }
        catch (IOException e)
        {
            return e;
        }
    }
}
