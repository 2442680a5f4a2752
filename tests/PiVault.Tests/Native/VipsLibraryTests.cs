using PiVault.Native.Vips;

namespace PiVault.Tests.Native;

public sealed class VipsLibraryTests
{
    [Fact]
    public void Initialises_the_installed_libvips_8()
    {
        Assert.True(VipsLibrary.TryInitialize(out var error), error);
        Assert.Null(error);
        Assert.True(VipsLibrary.IsAvailable);
        Assert.Equal(8, VipsLibrary.LoadedVersion!.Major);
        Assert.True(VipsLibrary.LoadedVersion >= VipsLibrary.MinimumVersion);
    }

    [Fact]
    public void Initialising_twice_is_harmless()
    {
        Assert.True(VipsLibrary.TryInitialize(out _));
        Assert.True(VipsLibrary.TryInitialize(new VipsSettings(Concurrency: 1), out var error), error);
    }

    [Fact]
    public void Format_modules_load_locally_and_never_bring_in_the_system_sqlite()
    {
        Assert.True(VipsLibrary.TryInitialize(out _));

        Assert.Equal(["vips-heif.so", "vips-jxl.so", "vips-magick.so"], VipsLibrary.LoadedModules);
        Assert.Empty(VipsLibrary.ModuleProblems);
        // vips-openslide.so would map libopenslide and the system libsqlite3 into the global symbol scope,
        // where they hijack the bundled SQLite's internal calls (SIGSEGV in sqlite3_open_v2).
        var mapped = File.ReadAllText("/proc/self/maps");
        Assert.DoesNotContain("libopenslide", mapped, StringComparison.Ordinal);
        Assert.DoesNotContain("/libsqlite3.so", mapped, StringComparison.Ordinal);
        Assert.DoesNotContain("vips-poppler", mapped, StringComparison.Ordinal);
    }

    [Fact]
    public void Sqlite_still_works_after_libvips_started()
    {
        Assert.True(VipsLibrary.TryInitialize(out _));
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection("Data Source=:memory:");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "select count(*) from (select 1 union select 2)";
        Assert.Equal(2L, command.ExecuteScalar());
    }

    [Fact]
    public void Probe_reports_a_missing_library_with_the_install_hint()
    {
        Assert.False(VipsLibrary.Probe("libvips-bogus.so.99", out var error));
        Assert.NotNull(error);
        Assert.StartsWith("libvips 8.x not found (libvips-bogus.so.99", error, StringComparison.Ordinal);
        Assert.EndsWith("apt-get install libvips42", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Probe_rejects_a_library_that_is_not_libvips()
    {
        Assert.False(VipsLibrary.Probe("libglib-2.0.so.0", out var error));
        Assert.Contains("does not export vips_init", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Probe_accepts_the_real_library()
    {
        Assert.True(VipsLibrary.Probe(VipsLibrary.LibraryName, out var error), error);
    }

    [Fact]
    public void Locate_finds_the_installed_library_without_loading_it()
    {
        var path = VipsLibrary.Locate(VipsLibrary.LibraryName);

        Assert.NotNull(path);
        Assert.EndsWith("/" + VipsLibrary.LibraryName, path, StringComparison.Ordinal);
        Assert.True(File.Exists(path));
        Assert.Null(VipsLibrary.Locate("libvips-bogus.so.99"));
    }
}
