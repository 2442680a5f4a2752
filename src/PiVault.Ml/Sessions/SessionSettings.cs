namespace PiVault.Ml.Sessions;

/// <summary>
/// How sessions are made and kept on a small board. <paramref name="IntraOpThreads"/> is asked at each load (the server
/// passes the health governor's allowance for ML); <paramref name="IdleUnload"/> is how long an unused session stays in
/// memory; <paramref name="CacheDir"/> keeps optimised graphs so the next load skips the optimiser (null = no cache).
/// </summary>
public sealed record SessionSettings(Func<int> IntraOpThreads, TimeSpan IdleUnload, string? CacheDir)
{
    public static readonly TimeSpan DefaultIdleUnload = TimeSpan.FromMinutes(5);

    public static SessionSettings ForThisMachine(string? cacheDir) =>
        new(() => Math.Max(1, Environment.ProcessorCount / 2), DefaultIdleUnload, cacheDir);
}
