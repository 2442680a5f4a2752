using PiVault.Server.Storage;
using PiVault.Tests.Infrastructure;

namespace PiVault.Tests.Unit;

public sealed class LibraryFileStoreTests
{
    [Theory]
    [InlineData("IMG_0001.JPG", "IMG_0001.JPG")]
    [InlineData("../../etc/passwd", "passwd")]
    [InlineData("C:\\Users\\me\\DSC_1.jpg", "DSC_1.jpg")]
    [InlineData(".hidden.jpg", "hidden.jpg")]
    [InlineData("..", "file")]
    [InlineData("", "file")]
    [InlineData("tab\there.jpg", "tab_here.jpg")]
    [InlineData("Ünïcödé 照片.heic", "Ünïcödé 照片.heic")]
    public void Client_names_are_kept_recognisable_but_safe(string name, string expected) =>
        Assert.Equal(expected, LibraryFileStore.SafeFileName(name));

    [Fact]
    public void Very_long_names_are_shortened_keeping_the_extension()
    {
        var safe = LibraryFileStore.SafeFileName(new string('ä', 300) + ".jpeg");
        Assert.True(System.Text.Encoding.UTF8.GetByteCount(safe) <= 200);
        Assert.EndsWith(".jpeg", safe, StringComparison.Ordinal);
    }

    [Fact]
    public void Paths_outside_the_library_are_refused()
    {
        var root = TempDir.Create();
        try
        {
            var store = new LibraryFileStore(root);
            Assert.Throws<InvalidOperationException>(() => store.FullPath("../outside.jpg"));
            Assert.Throws<InvalidOperationException>(() => store.FullPath("/etc/passwd"));
        }
        finally
        {
            TempDir.Delete(root);
        }
    }

    [Fact]
    public void Start_up_recovery_removes_only_temp_files()
    {
        var root = TempDir.Create();
        try
        {
            var store = new LibraryFileStore(root);
            using (var temp = store.CreateTemp())
            {
                temp.Stream.Write([1, 2, 3]);
            }
            var kept = Path.Combine(root, "user", "2024", "01", "a.jpg");
            Directory.CreateDirectory(Path.GetDirectoryName(kept)!);
            File.WriteAllBytes(kept, [1]);

            Assert.Equal(1, store.RemoveLeftoverTemps());
            Assert.Equal([Path.Combine("user", "2024", "01", "a.jpg")], store.EnumerateOriginals().ToArray());
        }
        finally
        {
            TempDir.Delete(root);
        }
    }
}
