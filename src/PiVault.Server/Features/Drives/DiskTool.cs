using System.Diagnostics;

namespace PiVault.Server.Features.Drives;

/// <summary>Runs one of the disk tools (sfdisk, wipefs, mkfs.ext4, blkid, udevadm) with an argument list, never a shell.</summary>
public static class DiskTool
{
    public sealed record Result(int ExitCode, string Output, string Error)
    {
        public bool Ok => ExitCode == 0;
    }

    public static Result Run(string file, IEnumerable<string> arguments, string? input = null, int timeoutMs = 300_000)
    {
        var start = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = input is not null,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{file} did not start");
        if (input is not null)
        {
            process.StandardInput.Write(input);
            process.StandardInput.Close();
        }
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeoutMs))
        {
            process.Kill();
            return new Result(-1, output.Result, $"{file} did not finish within {timeoutMs / 1000} s");
        }
        return new Result(process.ExitCode, output.Result, error.Result);
    }
}
