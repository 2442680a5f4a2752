using System.Diagnostics;
using System.Globalization;
using PiVault.Tests.Infrastructure;

namespace PiVault.Tests.Media;

/// <summary>Independent judge for produced images: ffmpeg decodes every pixel and ffprobe reports the size.</summary>
public static class FfmpegImageCheck
{
    /// <summary>Decodes <paramref name="image"/> fully; fails the test with ffmpeg's message when it cannot.</summary>
    public static (int Width, int Height) Decode(byte[] image)
    {
        var dir = TempDir.Create();
        try
        {
            var path = Path.Combine(dir, "image.jpg");
            File.WriteAllBytes(path, image);
            var (decodeExit, _, decodeErrors) = Run("ffmpeg", "-nostdin", "-v", "error", "-i", path, "-f", "null", "-");
            Assert.True(decodeExit == 0 && decodeErrors.Length == 0, $"ffmpeg could not decode the image: {decodeErrors}");
            var (exit, output, errors) = Run("ffprobe", "-v", "error", "-select_streams", "v:0", "-show_entries", "stream=width,height", "-of", "csv=p=0", path);
            Assert.True(exit == 0, errors);
            var parts = output.Trim().Split(',');
            return (int.Parse(parts[0], CultureInfo.InvariantCulture), int.Parse(parts[1], CultureInfo.InvariantCulture));
        }
        finally
        {
            TempDir.Delete(dir);
        }
    }

    internal static (int Exit, string Output, string Errors) Run(string tool, params string[] args)
    {
        var start = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        Assert.True(process.WaitForExit(30_000), $"{tool} did not finish");
        return (process.ExitCode, output.Result, errors.Result);
    }
}
