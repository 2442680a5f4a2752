using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;

namespace PiVault.Server.Systemd;

/// <summary>
/// Console output for when stdout is connected to the journal (<c>JOURNAL_STREAM</c> set). journald reads one
/// line as one entry and takes a leading <c>&lt;N&gt;</c> as its syslog priority (<c>SyslogLevelPrefix=yes</c>,
/// the default), so every log call becomes exactly one line: <c>&lt;N&gt;Category: message</c>, with the newlines
/// of a multi-line message or an exception's stack trace written as the two characters <c>\n</c>. A stack trace
/// thus stays in its entry, at its priority, and a newline in logged data cannot forge a second entry;
/// <c>journalctl -o cat | sed 's/\\n/\n/g'</c> unfolds it. The journal adds the time, so no timestamp.
/// </summary>
public sealed class JournalConsoleFormatter() : ConsoleFormatter(FormatterName)
{
    public const string FormatterName = "journal";

    public override void Write<TState>(in LogEntry<TState> logEntry, IExternalScopeProvider? scopeProvider, TextWriter textWriter)
    {
        var message = logEntry.Formatter?.Invoke(logEntry.State, logEntry.Exception);
        if (string.IsNullOrEmpty(message) && logEntry.Exception is null)
        {
            return;
        }
        textWriter.Write(Format(logEntry.LogLevel, logEntry.Category, message, logEntry.Exception));
    }

    /// <summary>One journal line, ending in '\n'.</summary>
    public static string Format(LogLevel level, string category, string? message, Exception? exception)
    {
        var text = exception is null ? message ?? "" : string.IsNullOrEmpty(message) ? exception.ToString() : $"{message}\n{exception}";
        return $"<{Priority(level)}>{ShortCategory(category)}: {Flatten(text)}\n";
    }

    /// <summary>syslog(3) priorities: 2 crit, 3 err, 4 warning, 6 info, 7 debug.</summary>
    public static int Priority(LogLevel level) => level switch
    {
        LogLevel.Critical => 2,
        LogLevel.Error => 3,
        LogLevel.Warning => 4,
        LogLevel.Information => 6,
        _ => 7,
    };

    /// <summary>The class name is enough in the journal: <c>PiVault.Server.Pipeline.JobRunner</c> → <c>JobRunner</c>.</summary>
    public static string ShortCategory(string category)
    {
        var dot = category.LastIndexOf('.');
        return dot >= 0 && dot < category.Length - 1 ? category[(dot + 1)..] : category;
    }

    private static string Flatten(string text) => text.TrimEnd('\r', '\n').ReplaceLineEndings("\\n");
}
