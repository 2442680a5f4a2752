using System.Text;
using PiVault.Server.Health;
using PiVault.Server.Pipeline;
using PiVault.Server.Queue;

namespace PiVault.Server.Systemd;

/// <summary>
/// The one-line <c>STATUS=</c> that <c>systemctl status pivault</c> shows: queue progress and any queue the governor
/// or the admin holds back, e.g. <c>Serving; metadata 3 pending, thumbnails 120 pending (2 running); thumbnails
/// paused: CPU at 83.0 °C</c>.
/// </summary>
/// <param name="background">Long work outside the queues in a few words (the off-site backup's progress and ETA), or null.</param>
public sealed class ServiceStatus(JobQueue queue, HealthGovernor governor, Func<string?>? background = null)
{
    /// <summary>Reads the queues (so it also fails when the database does) and the governor's latest decision.</summary>
    public string Describe()
    {
        var line = Format(JobSteps.Production.Queues.Select(queue.Counts).ToList(), governor.Current.Queues);
        return background?.Invoke() is { } extra ? OneLine($"{line}; {extra}") : line;
    }

    public static string Format(IReadOnlyList<QueueCounts> counts, IReadOnlyList<QueueDecision> decisions)
    {
        var line = new StringBuilder("Serving; ").AppendJoin(", ", counts.Select(Depth));
        foreach (var paused in counts.Where(c => c.Paused))
        {
            line.Append("; ").Append(paused.Queue).Append(" paused by the admin");
        }
        foreach (var held in decisions.Where(d => d.AllowedWorkers < d.MaxWorkers))
        {
            line.Append("; ").Append(held.Queue)
                .Append(held.AllowedWorkers == 0 ? " paused: " : $" slowed to {held.AllowedWorkers} of {held.MaxWorkers} workers: ")
                .AppendJoin(", ", held.Reasons.Select(Headline));
        }
        return OneLine(line.ToString());
    }

    /// <summary>systemd takes the status up to the end of the line: nothing after a newline would show.</summary>
    public static string OneLine(string text) => text.ReplaceLineEndings(" ");

    private static string Depth(QueueCounts counts)
    {
        var extra = new List<string>();
        if (counts.Running > 0)
        {
            extra.Add($"{counts.Running} running");
        }
        if (counts.Failed > 0)
        {
            extra.Add($"{counts.Failed} failed");
        }
        var pending = $"{counts.Queue} {counts.Pending + counts.Delayed} pending";
        return extra.Count == 0 ? pending : $"{pending} ({string.Join(", ", extra)})";
    }

    /// <summary>The governor's reasons read "what: details"; the status keeps the "what" (e.g. "CPU at 83.0 °C").</summary>
    private static string Headline(string reason)
    {
        var colon = reason.IndexOf(':', StringComparison.Ordinal);
        return colon > 0 ? reason[..colon] : reason;
    }
}
