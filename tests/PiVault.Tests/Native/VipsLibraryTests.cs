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
}
