using System.Collections.Concurrent;
using PiVault.Server.Configuration;

namespace PiVault.Server.Features.Login;

/// <summary>
/// Limits password guessing: after N failures for one account from one address, or 4N from one address
/// across accounts, within the window, further attempts get 429 until the window has passed.
/// </summary>
public sealed class LoginThrottle(PiVaultOptions options, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, Failures> failures = new(StringComparer.Ordinal);

    /// <returns>Seconds to wait, or null when an attempt is allowed.</returns>
    public int? RetryAfter(string address, string email)
    {
        var now = time.GetUtcNow();
        var wait = new[]
        {
            Blocked(AccountKey(address, email), options.LoginAttemptsPerWindow, now),
            Blocked(AddressKey(address), options.LoginAttemptsPerWindow * 4, now),
        }.Max();
        return wait > TimeSpan.Zero ? (int)Math.Ceiling(wait.TotalSeconds) : null;
    }

    public void RecordFailure(string address, string email)
    {
        var now = time.GetUtcNow();
        Add(AccountKey(address, email), now);
        Add(AddressKey(address), now);
        if (failures.Count > 10_000)
        {
            Prune(now);
        }
    }

    public void RecordSuccess(string address, string email) => failures.TryRemove(AccountKey(address, email), out _);

    private TimeSpan Blocked(string key, int limit, DateTimeOffset now)
    {
        if (!failures.TryGetValue(key, out var entry))
        {
            return TimeSpan.Zero;
        }
        lock (entry)
        {
            entry.Times.RemoveAll(t => now - t >= options.LoginWindow);
            return entry.Times.Count >= limit ? entry.Times[0] + options.LoginWindow - now : TimeSpan.Zero;
        }
    }

    private void Add(string key, DateTimeOffset now)
    {
        var entry = failures.GetOrAdd(key, _ => new Failures());
        lock (entry)
        {
            entry.Times.Add(now);
        }
    }

    private void Prune(DateTimeOffset now)
    {
        foreach (var (key, entry) in failures)
        {
            lock (entry)
            {
                if (entry.Times.TrueForAll(t => now - t >= options.LoginWindow))
                {
                    failures.TryRemove(key, out _);
                }
            }
        }
    }

    private static string AccountKey(string address, string email) => $"{address}|{email.ToUpperInvariant()}";

    private static string AddressKey(string address) => address;

    private sealed class Failures
    {
        public List<DateTimeOffset> Times { get; } = [];
    }
}
