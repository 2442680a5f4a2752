using System.ComponentModel;
using System.Diagnostics;
using System.Text;

namespace PiVault.Server.Features.Media;

/// <summary>What an external tool printed and how it ended.</summary>
/// <param name="Errors">The tail of stderr (at most <see cref="ToolProcess.MaxErrorChars"/> characters).</param>
internal sealed record ToolResult(int ExitCode, byte[] Output, string Errors)
{
    /// <summary>Epilogue lines ffmpeg adds after the real error; they say nothing about the file.</summary>
    private static readonly string[] GenericLines =
        ["Conversion failed!", "Error marking filters as finished", "Could not read packets in interval", "Could not seek to position", "Exiting normally"];

    /// <summary>The last stderr line that names a problem, without ffmpeg's "[component @ 0x…] " prefix; empty when none.</summary>
    public string LastMeaningfulError
    {
        get
        {
            var lines = Errors.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            var cleaned = lines.Select(StripComponent).Where(line => line.Length > 0).ToList();
            return cleaned.LastOrDefault(line => !GenericLines.Any(generic => line.StartsWith(generic, StringComparison.Ordinal)))
                ?? cleaned.LastOrDefault() ?? "";
        }
    }

    private static string StripComponent(string line) =>
        line.StartsWith('[') && line.IndexOf("] ", StringComparison.Ordinal) is > 0 and var end ? line[(end + 2)..].Trim() : line;
}

/// <summary>
/// Runs an external tool without a shell: arguments through <see cref="ProcessStartInfo.ArgumentList"/>, stdin
/// closed, stdout collected up to a limit, stderr's tail kept. On timeout or cancellation the whole process tree
/// is killed before the method returns.
/// </summary>
internal static class ToolProcess
{
    public const int MaxErrorChars = 16 * 1024;

    /// <exception cref="InvalidOperationException">The tool is not installed (the message says how to install it).</exception>
    /// <exception cref="VideoDecodeException">The tool ran past <paramref name="timeout"/> or wrote more than <paramref name="maxOutputBytes"/> (it is killed).</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancel"/> fired.</exception>
    public static async Task<ToolResult> RunAsync(string tool, IReadOnlyList<string> arguments, TimeSpan timeout, int maxOutputBytes, CancellationToken cancel)
    {
        var start = new ProcessStartInfo(tool)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        using var process = new Process { StartInfo = start };
        try
        {
            process.Start();
        }
        catch (Win32Exception e)
        {
            throw new InvalidOperationException(MissingMessage(tool), e);
        }
        LowerPriority(process);
        process.StandardInput.Close();
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        limit.CancelAfter(timeout);
        var output = ReadBoundedAsync(process.StandardOutput.BaseStream, maxOutputBytes, limit);
        var errors = ReadTailAsync(process.StandardError, limit.Token);
        try
        {
            await process.WaitForExitAsync(limit.Token);
            var bytes = await output ?? throw new OperationCanceledException();
            return new ToolResult(process.ExitCode, bytes, await errors);
        }
        catch (OperationCanceledException e)
        {
            await KillAsync(process);
            cancel.ThrowIfCancellationRequested();
            var tooLarge = output.IsCompletedSuccessfully && output.Result is null;
            throw new VideoDecodeException(tooLarge
                ? $"{Path.GetFileName(tool)} wrote more than {maxOutputBytes} bytes"
                : $"{Path.GetFileName(tool)} did not finish within {timeout.TotalSeconds:0} s", e);
        }
    }

    /// <summary>Background work yields the CPU to requests (<see cref="BackgroundPriority"/>); a tool that has already exited is left alone.</summary>
    private static void LowerPriority(Process process)
    {
        try
        {
            process.PriorityClass = BackgroundPriority.ToolProcesses;
        }
        catch (Exception e) when (e is Win32Exception or InvalidOperationException)
        {
        }
    }

    /// <summary>The message for a tool that cannot be started.</summary>
    public static string MissingMessage(string tool) => $"{Path.GetFileName(tool)} not found: apt-get install ffmpeg";

    private static async Task KillAsync(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            return; // already exited
        }
        using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            await process.WaitForExitAsync(grace.Token);
        }
        catch (OperationCanceledException)
        {
            // the kernel reaps it later; nothing more to do here
        }
    }

    /// <summary>All of <paramref name="stream"/>, or null (after cancelling <paramref name="limit"/>) when it exceeds <paramref name="maxBytes"/>.</summary>
    private static async Task<byte[]?> ReadBoundedAsync(Stream stream, int maxBytes, CancellationTokenSource limit)
    {
        using var collected = new MemoryStream();
        var buffer = new byte[64 * 1024];
        int read;
        while ((read = await stream.ReadAsync(buffer, limit.Token)) > 0)
        {
            if (collected.Length + read > maxBytes)
            {
                await limit.CancelAsync();
                return null;
            }
            collected.Write(buffer, 0, read);
        }
        return collected.ToArray();
    }

    private static async Task<string> ReadTailAsync(StreamReader reader, CancellationToken cancel)
    {
        var text = new StringBuilder();
        var buffer = new char[4096];
        int read;
        while ((read = await reader.ReadAsync(buffer, cancel)) > 0)
        {
            text.Append(buffer, 0, read);
            if (text.Length > 2 * MaxErrorChars)
            {
                text.Remove(0, text.Length - MaxErrorChars);
            }
        }
        return text.Length > MaxErrorChars ? text.ToString(text.Length - MaxErrorChars, MaxErrorChars) : text.ToString();
    }
}
