using System.Security.Cryptography;
using System.Text;
using Microsoft.ML.OnnxRuntime;

namespace PiVault.Ml.Sessions;

/// <summary>
/// Makes ONNX Runtime CPU sessions for a small board: intra-op threads from the governor, one inter-op thread
/// (sequential execution), no CPU memory arena (it keeps its peak for the session's life; without it memory goes back
/// after each run), every graph optimisation. The optimised graph is saved under the cache folder, keyed by the model
/// file's path, size, modification time and the ORT version, so a replaced model is optimised again.
/// </summary>
internal sealed class SessionFactory(SessionSettings settings)
{
    public InferenceSession Create(string modelPath)
    {
        var cached = CachePath(modelPath);
        if (cached is not null && File.Exists(cached))
        {
            try
            {
                // Already optimised offline: optimising again would only cost start-up time.
                return Open(cached, GraphOptimizationLevel.ORT_DISABLE_ALL, saveTo: null);
            }
            catch (OnnxRuntimeException)
            {
                TryDelete(cached); // a stale or damaged cache entry: optimise from the model again
            }
        }
        if (cached is null)
        {
            return Open(modelPath, GraphOptimizationLevel.ORT_ENABLE_ALL, saveTo: null);
        }
        // ORT writes the optimised graph while it creates the session; the rename makes a half-written cache impossible.
        var temp = $"{cached}.{Environment.ProcessId}.{Environment.CurrentManagedThreadId}.tmp";
        try
        {
            var session = Open(modelPath, GraphOptimizationLevel.ORT_ENABLE_ALL, saveTo: temp);
            TryRename(temp, cached);
            return session;
        }
        finally
        {
            TryDelete(temp);
        }
    }

    private InferenceSession Open(string path, GraphOptimizationLevel level, string? saveTo)
    {
        using var options = new SessionOptions
        {
            IntraOpNumThreads = Math.Max(1, settings.IntraOpThreads()),
            InterOpNumThreads = 1,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            EnableCpuMemArena = false,
            GraphOptimizationLevel = level,
        };
        if (saveTo is not null)
        {
            options.OptimizedModelFilePath = saveTo;
        }
        return new InferenceSession(path, options);
    }

    private string? CachePath(string modelPath)
    {
        if (settings.CacheDir is null)
        {
            return null;
        }
        try
        {
            Directory.CreateDirectory(settings.CacheDir);
            var file = new FileInfo(modelPath);
            var key = $"{file.FullName}|{file.Length}|{file.LastWriteTimeUtc.Ticks}|{OrtEnv.Instance().GetVersionString()}";
            var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)))[..16];
            return Path.Combine(settings.CacheDir, $"{Path.GetFileNameWithoutExtension(modelPath)}.{hash}.ort.onnx");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null; // an unwritable cache only costs the optimiser's time at each load
        }
    }

    private static void TryRename(string from, string to)
    {
        try
        {
            if (File.Exists(from))
            {
                File.Move(from, to, overwrite: true);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
    }
}
