using System.Text.Json;
using PiVault.Tests.Infrastructure;

namespace PiVault.Tests.Appliance;

/// <summary>
/// The image's polkit rule (image/rootfs/usr/share/polkit-1/rules.d/50-pivault.rules), run under Node with a stand-in
/// <c>polkit</c> object: user pivault gets exactly its six actions, the generated drive mount units
/// (srv-pivault-&lt;slot&gt;.mount) only for start and stop, the prepare helper only for start, and everyone else falls through to the next rule. polkitd's own engine is not run here (no polkitd on
/// the build host); the rule is plain ES5 so both engines read it alike.
/// </summary>
public sealed class PolkitRuleTests
{
    private static readonly string Rule = Path.Combine(Uploads.RepoRoot, "image", "rootfs", "usr", "share", "polkit-1", "rules.d", "50-pivault.rules");

    private const string Harness = """
        const fs = require('fs'), vm = require('vm');
        const rules = [];
        const polkit = { Result: { YES: 'yes', NO: 'no', AUTH_ADMIN: 'auth_admin', NOT_HANDLED: null }, addRule: f => rules.push(f), log: () => {} };
        vm.runInNewContext(fs.readFileSync(process.argv[1], 'utf8'), { polkit });
        const decide = c => {
          const action = { id: c.id, lookup: key => (c.details || {})[key] };
          for (const rule of rules) { const result = rule(action, { user: c.user }); if (result) return result; }
          return 'not-handled';
        };
        console.log(JSON.stringify(JSON.parse(process.argv[2]).map(decide)));
        """;

    [Theory]
    [InlineData("pivault", "org.freedesktop.hostname1.set-static-hostname", null, null, "yes")]
    [InlineData("pivault", "org.freedesktop.hostname1.set-hostname", null, null, "yes")]
    [InlineData("pivault", "org.freedesktop.timedate1.set-timezone", null, null, "yes")]
    [InlineData("pivault", "org.freedesktop.login1.power-off", null, null, "yes")]
    [InlineData("pivault", "org.freedesktop.systemd1.reload-daemon", null, null, "yes")]
    [InlineData("pivault", "org.freedesktop.systemd1.manage-units", "srv-pivault-hot.mount", "start", "yes")]
    [InlineData("pivault", "org.freedesktop.systemd1.manage-units", "srv-pivault-backup1.mount", "start", "yes")]
    [InlineData("pivault", "org.freedesktop.systemd1.manage-units", "srv-pivault-cold.mount", "stop", "yes")]
    [InlineData("pivault", "org.freedesktop.systemd1.manage-units", "srv-pivault-backup1.mount", "enable", "not-handled")]
    [InlineData("pivault", "org.freedesktop.systemd1.manage-units", "srv-pivault-backup10.mount", "start", "not-handled")]
    [InlineData("pivault", "org.freedesktop.systemd1.manage-units", "srv-pivault.mount", "start", "not-handled")]
    [InlineData("pivault", "org.freedesktop.systemd1.manage-units", "srv-pivault-hot.mount.d", "start", "not-handled")]
    [InlineData("pivault", "org.freedesktop.systemd1.manage-units", "pivault-backup1.mount", "start", "not-handled")]
    [InlineData("pivault", "org.freedesktop.systemd1.manage-units", "pivault-prepare@dev-sda.service", "start", "yes")]
    [InlineData("pivault", "org.freedesktop.systemd1.manage-units", "pivault-prepare@dev-nvme0n1.service", "start", "yes")]
    [InlineData("pivault", "org.freedesktop.systemd1.manage-units", "pivault-prepare@dev-sda.service", "stop", "not-handled")]
    [InlineData("pivault", "org.freedesktop.systemd1.manage-units", "pivault-prepare@dev-sda1.service", "start", "not-handled")]
    [InlineData("pivault", "org.freedesktop.systemd1.manage-units", "pivault-prepare@dev-disk-by\\x2duuid-x.service", "start", "not-handled")]
    [InlineData("pivault", "org.freedesktop.systemd1.manage-units", "ssh.service", "start", "not-handled")]
    [InlineData("pivault", "org.freedesktop.systemd1.manage-units", "pivault.service", "stop", "not-handled")]
    [InlineData("pivault", "org.freedesktop.systemd1.manage-units", null, "start", "not-handled")]
    [InlineData("pivault", "org.freedesktop.systemd1.manage-unit-files", null, null, "not-handled")]
    [InlineData("pivault", "org.freedesktop.timedate1.set-time", null, null, "not-handled")]
    [InlineData("pivault", "org.freedesktop.hostname1.set-machine-info", null, null, "not-handled")]
    [InlineData("pivault", "org.freedesktop.login1.reboot", null, null, "not-handled")]
    [InlineData("pivault", "org.freedesktop.login1.power-off-multiple-sessions", null, null, "not-handled")]
    [InlineData("nobody", "org.freedesktop.login1.power-off", null, null, "not-handled")]
    [InlineData("pivault2", "org.freedesktop.timedate1.set-timezone", null, null, "not-handled")]
    [InlineData("nobody", "org.freedesktop.systemd1.manage-units", "srv-pivault-backup1.mount", "start", "not-handled")]
    [InlineData("nobody", "org.freedesktop.systemd1.manage-units", "pivault-prepare@dev-sda.service", "start", "not-handled")]
    [InlineData("nobody", "org.freedesktop.systemd1.reload-daemon", null, null, "not-handled")]
    public async Task Only_pivault_gets_only_its_actions(string user, string action, string? unit, string? verb, string expected)
    {
        var details = new Dictionary<string, string>();
        if (unit is not null)
        {
            details["unit"] = unit;
        }
        if (verb is not null)
        {
            details["verb"] = verb;
        }
        var cases = JsonSerializer.Serialize(new[] { new { user, id = action, details } });

        var (exit, output) = await Tool.RunAsync("node", "-e", Harness, Rule, cases);

        Assert.True(exit == 0, output);
        Assert.Equal($"[\"{expected}\"]", output.Trim());
    }
}
