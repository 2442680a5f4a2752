namespace PiVault.Server.Features.Assets;

/// <summary>
/// Uploads in flight, for the governor: heavy work yields while a client is backing up. Besides the live count it
/// remembers whether any upload started since the governor last looked, so a phone sending files back to back
/// (short gaps between requests) counts as one continuous backup rather than flapping the queues.
/// </summary>
public sealed class UploadActivity
{
    private int active;
    private int startedSinceLook;

    public int Active => Volatile.Read(ref active);

    /// <summary>Marks one upload as running until the returned scope is disposed.</summary>
    public Scope Begin()
    {
        Interlocked.Increment(ref active);
        Interlocked.Increment(ref startedSinceLook);
        return new Scope(this);
    }

    /// <summary>True when an upload is running now or started since the previous call.</summary>
    public bool SeenSinceLastLook() => Interlocked.Exchange(ref startedSinceLook, 0) > 0 || Active > 0;

    public readonly struct Scope(UploadActivity owner) : IDisposable
    {
        public void Dispose() => Interlocked.Decrement(ref owner.active);
    }
}
