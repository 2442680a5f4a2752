using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using PiVault.Tests.Infrastructure;

namespace PiVault.Tests.Offsite;

/// <summary>A server process the off-site tests start on 127.0.0.1 and kill at the end.</summary>
public abstract class LocalServer : IDisposable
{
    private Process? process;

    protected LocalServer()
    {
        Folder = MigratedTemplate.NewFolder();
        Port = FreePort();
    }

    /// <summary>The server's own temp folder (its data, keys, config).</summary>
    public string Folder { get; }

    public int Port { get; }

    protected void Start(string program, params string[] args)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            try
            {
                using var client = new TcpClient();
                client.Connect(IPAddress.Loopback, Port);
                return;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline && !process.HasExited)
            {
                Thread.Sleep(100);
            }
        }
    }

    /// <summary>Stops the server process (a test starts it again with <see cref="Start"/>).</summary>
    protected void Kill()
    {
        if (process is { HasExited: false })
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
        }
        process?.Dispose();
        process = null;
    }

    public void Dispose()
    {
        Kill();
        TempDir.Delete(Folder);
        GC.SuppressFinalize(this);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>
/// s3rver (deps/node_modules, from npm) on 127.0.0.1 with one bucket, <c>pivault-test</c>; its objects are plain files under
/// <see cref="DataDir"/>, so a test can read and damage what the remote holds. Credentials: S3RVER / S3RVER.
/// </summary>
public sealed class S3Server : LocalServer
{
    public const string Bucket = "pivault-test"; // S3 bucket names are 3–63 characters: s3rver refuses a server-side copy from a shorter one
    public const string Key = "S3RVER";

    /// <summary>Where s3rver is: deps/node_modules, or PIVAULT_S3RVER_JS (a development machine with it elsewhere).</summary>
    public static string Script => Environment.GetEnvironmentVariable("PIVAULT_S3RVER_JS")
        ?? Path.Combine(Uploads.RepoRoot, "deps", "node_modules", "s3rver", "bin", "s3rver.js");

    /// <param name="anySecret">Accept any secret key (the API tests use one that must never show up again).</param>
    public S3Server(bool anySecret = false)
    {
        Assert.True(File.Exists(Script), $"s3rver is not installed at {Script}: run scripts/install-deps.sh");
        Directory.CreateDirectory(DataDir);
        string[] args = ["-d", DataDir, "-a", "127.0.0.1", "-p", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-s", "--configure-bucket", Bucket];
        Start("node", [Script, .. args, .. anySecret ? new[] { "--allow-mismatched-signatures" } : []]);
    }

    public string DataDir => Path.Combine(Folder, "data");

    public string Endpoint => $"http://127.0.0.1:{Port}";

    /// <summary>The files that hold the objects' bytes (s3rver keeps metadata files beside them).</summary>
    public IEnumerable<string> ObjectFiles() => Directory.EnumerateFiles(DataDir, "*._S3rver_object", SearchOption.AllDirectories);

    /// <summary>The object keys under the bucket, as s3rver stores them.</summary>
    public List<string> Keys() => ObjectFiles().Select(f => Path.GetRelativePath(Path.Combine(DataDir, Bucket), f)[..^"._S3rver_object".Length])
        .Order(StringComparer.Ordinal).ToList();
}

/// <summary>
/// OpenSSH's sshd on 127.0.0.1 as the current user: throwaway host and user keys in a temp folder, a generated
/// sshd_config, sftp served by internal-sftp. Running as root needs /run/sshd (privilege separation), made if missing.
/// </summary>
public sealed class SftpServer : LocalServer
{
    public SftpServer()
    {
        Tool.Run("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", Path.Combine(Folder, "host"));
        Tool.Run("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", Path.Combine(Folder, "user"));
        File.Copy(Path.Combine(Folder, "user.pub"), Path.Combine(Folder, "authorized_keys"));
        Directory.CreateDirectory(Root);
        File.WriteAllText(Path.Combine(Folder, "sshd_config"), $"""
            Port {Port}
            ListenAddress 127.0.0.1
            HostKey {Path.Combine(Folder, "host")}
            AuthorizedKeysFile {Path.Combine(Folder, "authorized_keys")}
            PidFile {Path.Combine(Folder, "sshd.pid")}
            UsePAM no
            StrictModes no
            PasswordAuthentication no
            KbdInteractiveAuthentication no
            PermitRootLogin prohibit-password
            Subsystem sftp internal-sftp

            """);
        if (Environment.UserName == "root" && !Directory.Exists("/run/sshd"))
        {
            Directory.CreateDirectory("/run/sshd");
        }
        Start("/usr/sbin/sshd", "-D", "-e", "-f", Path.Combine(Folder, "sshd_config"));
    }

    /// <summary>The host key's SHA256 fingerprint as OpenSSH's ssh-keygen prints it.</summary>
    public string HostKeyFingerprint => Tool.Run("ssh-keygen", "-l", "-E", "sha256", "-f", Path.Combine(Folder, "host.pub")).Output.Split(' ')[1];

    /// <summary>The server reinstalled (or someone in between): stopped, a new host key, started again on the same port.</summary>
    public void ReplaceHostKey()
    {
        Kill();
        File.Delete(Path.Combine(Folder, "host"));
        File.Delete(Path.Combine(Folder, "host.pub"));
        Tool.Run("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", Path.Combine(Folder, "host"));
        Start("/usr/sbin/sshd", "-D", "-e", "-f", Path.Combine(Folder, "sshd_config"));
    }

    /// <summary>The folder the remote's files go to.</summary>
    public string Root => Path.Combine(Folder, "remote");

    public string PrivateKey => File.ReadAllText(Path.Combine(Folder, "user"));

    public static string User => Environment.UserName;
}
