using System.Reflection;
using System.Runtime.InteropServices;
using Microsoft.Data.Sqlite;
using PiVault.Native.Vips;
using PiVault.Server.Hosting;

namespace PiVault.Server.Cli;

/// <summary>
/// <c>pivault --version</c>: the version, the commit it was built from, the architecture, and the native libraries
/// this process actually loaded (libvips from the system, SQLite from the release folder) with their versions.
/// </summary>
public static class VersionCommand
{
    public static int Run(TextWriter output)
    {
        var informational = typeof(VersionCommand).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "";
        var plus = informational.IndexOf('+', StringComparison.Ordinal);
        var commit = plus < 0 ? "unknown" : informational[(plus + 1)..];
        var build = NativeLibraries.RunsFromDepsFile ? "jit" : "native-aot";

        output.WriteLine($"pivault {Features.Server.ServerEndpoints.Version}");
        output.WriteLine($"commit {commit}");
        output.WriteLine($"arch {RuntimeInformation.OSArchitecture.ToString().ToLowerInvariant()} ({build}, {RuntimeInformation.FrameworkDescription})");
        output.WriteLine($"sqlite {SqliteVersion()}");
        output.WriteLine($"libvips {VipsVersion()}");
        return 0;
    }

    private static string SqliteVersion()
    {
        try
        {
            using var connection = new SqliteConnection("Data Source=:memory:");
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT sqlite_version()";
            var version = command.ExecuteScalar() as string ?? "?";
            return NativeLibraries.Loaded.TryGetValue("e_sqlite3", out var path) ? $"{version} ({path})" : version;
        }
        catch (Exception e) when (e is DllNotFoundException or SqliteException or TypeInitializationException)
        {
            return $"not loaded: {(e.InnerException ?? e).Message}";
        }
    }

    private static string VipsVersion() =>
        VipsLibrary.TryInitialize(out var error)
            ? $"{VipsLibrary.LoadedVersion} ({VipsLibrary.LibraryName})"
            : $"unavailable: {error}";
}
