namespace PiVault.Server.Features.Assets;

/// <summary>
/// Uploads in flight, for the governor: heavy work yields while a client is backing up. Besides the live count it
/// remembers whether any upload started since the governor last looked, so a phone sending files back to back
/// (short gaps between requests) counts as one continuous backup rather than flapping the queues. It also says when
/// an upload begins and when the last one running ends, so the governor need not wait for its next tick.
/// </summary>
public sealed class UploadActivity
{
    private int active;
    private int startedSinceLook;
    private long started;

    /// <summary>Raised as an upload begins, on the request's thread.</summary>
    public event Action? Began;

    /// <summary>Raised when the last running upload ends, on the request's thread.</summary>
    public event Action? AllEnded;

    public int Active => Volatile.Read(ref active);

    /// <summary>How many uploads ever began: unchanged between two reads means none began in between.</summary>
    public long Started => Interlocked.Read(ref started);

    /// <summary>Marks one upload as running until the returned scope is disposed.</summary>
    public Scope Begin()
    {
        Interlocked.Increment(ref active);
        Interlocked.Increment(ref startedSinceLook);
        Interlocked.Increment(ref started);
        Began?.Invoke();
        return new Scope(this);
    }

    /// <summary>True when an upload is running now or started since the previous call.</summary>
    public bool SeenSinceLastLook() => Interlocked.Exchange(ref startedSinceLook, 0) > 0 || Active > 0;

    /// <summary>Forgets the uploads that started before now: the caller has seen that all of them ended and none followed.</summary>
    public void Forget() => Interlocked.Exchange(ref startedSinceLook, 0);

    public readonly struct Scope(UploadActivity owner) : IDisposable
    {
        public void Dispose()
        {
            if (Interlocked.Decrement(ref owner.active) == 0)
            {
                owner.AllEnded?.Invoke();
            }
        }
    }
}
