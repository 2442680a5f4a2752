using Microsoft.Extensions.Logging;

namespace PiVault.Tests.Infrastructure;

/// <summary>A logger that keeps what it was given, for tests that assert what was logged.</summary>
public sealed class LogCapture : ILogger
{
    private readonly List<(LogLevel Level, string Message)> entries = [];

    public IReadOnlyList<(LogLevel Level, string Message)> Entries
    {
        get
        {
            lock (entries)
            {
                return entries.ToList();
            }
        }
    }

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        lock (entries)
        {
            entries.Add((logLevel, formatter(state, exception)));
        }
    }

    /// <summary>Waits until an entry matches; fails the test after the timeout.</summary>
    public async Task<string> WaitForAsync(LogLevel level, Func<string, bool> match, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var found = Entries.FirstOrDefault(e => e.Level == level && match(e.Message));
            if (found.Message is not null)
            {
                return found.Message;
            }
            Assert.True(DateTime.UtcNow < deadline,
                $"nothing like that was logged at {level} within {timeout.TotalSeconds:F0} s; got:\n{string.Join("\n", Entries.Select(e => $"{e.Level}: {e.Message}"))}");
            await Task.Delay(20);
        }
    }
}
