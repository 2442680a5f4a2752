using PiVault.Tests.Infrastructure;

namespace PiVault.Tests.Systemd;

/// <summary>
/// The OS image's own systemd files (image/rootfs), checked by the same systemd tools the image runs. The image
/// itself is built and booted by tests/image/run.sh, outside this suite.
/// </summary>
public sealed class ImageUnitTests : IDisposable
{
    private static readonly string RootFs = Path.Combine(Uploads.RepoRoot, "image", "rootfs");
    private readonly string dir = TempDir.Create();

    public void Dispose() => TempDir.Delete(dir);

    [Fact]
    public async Task Systemd_analyze_verify_accepts_the_first_boot_unit_without_a_single_warning()
    {
        // verify checks that ExecStart exists: point it at the script in the checkout.
        var script = Path.Combine(RootFs, "usr", "lib", "pivault", "firstboot");
        var unit = Path.Combine(dir, "pivault-firstboot.service");
        File.WriteAllText(unit, File.ReadAllText(Path.Combine(RootFs, "usr", "lib", "systemd", "system", "pivault-firstboot.service"))
            .Replace("/usr/lib/pivault/firstboot", script, StringComparison.Ordinal));

        var (exit, output) = await Tool.RunAsync("systemd-analyze", "verify", unit);

        Assert.Equal("", output.Trim());
        Assert.Equal(0, exit);
    }

    [Fact]
    public async Task The_sysusers_snippet_makes_the_service_user_a_member_of_gpio_and_video()
    {
        Directory.CreateDirectory(Path.Combine(dir, "etc"));
        var (exit, output) = await Tool.RunAsync("systemd-sysusers", $"--root={dir}", Path.Combine(RootFs, "usr", "lib", "sysusers.d", "pivault.conf"));
        Assert.True(exit == 0, output);

        var passwd = File.ReadAllLines(Path.Combine(dir, "etc", "passwd")).Select(l => l.Split(':')).Single(f => f[0] == "pivault");
        Assert.Equal("/var/lib/pivault", passwd[5]);
        Assert.Equal("/usr/sbin/nologin", passwd[6]);
        Assert.True(int.Parse(passwd[2], System.Globalization.CultureInfo.InvariantCulture) < 1000, "a system user");
        var groups = File.ReadAllLines(Path.Combine(dir, "etc", "group")).Select(l => l.Split(':')).ToDictionary(f => f[0], f => f[3].Split(','));
        Assert.Contains("pivault", groups["gpio"]);
        Assert.Contains("pivault", groups["video"]);
    }

    [Fact]
    public void The_image_serves_the_wizard_on_port_80_with_no_capability_but_binding_it()
    {
        var dropIn = File.ReadAllLines(Path.Combine(RootFs, "etc", "systemd", "system", "pivault.service.d", "appliance.conf"))
            .Where(l => l.Contains('=', StringComparison.Ordinal) && !l.StartsWith('#')).ToList();

        Assert.Contains("Environment=\"PIVAULT_URLS=http://*:80;http://*:2283\"", dropIn);
        Assert.Contains("AmbientCapabilities=CAP_NET_BIND_SERVICE", dropIn);
        Assert.Contains("CapabilityBoundingSet=CAP_NET_BIND_SERVICE", dropIn);
    }
}
