using System.Collections.Concurrent;
using System.Globalization;
using Tmds.DBus.Protocol;

namespace PiVault.Tests.Appliance;

/// <summary>One method call as a stand-in service saw it: destination name, interface, member and the arguments as text.</summary>
public sealed record ReceivedCall(string Service, string Interface, string Member, string Signature, IReadOnlyList<string> Arguments)
{
    public override string ToString() => $"{Interface}.{Member}({string.Join(", ", Arguments)})";
}

/// <summary>
/// Stand-ins for hostnamed, timedated, logind and the systemd manager, exported on a <see cref="PrivateBus"/> with
/// Tmds.DBus.Protocol's server side: one connection owns the well-known names and answers at their object paths,
/// recording every call. A member listed in <see cref="Refuse"/> gets that D-Bus error reply instead.
/// </summary>
public sealed class StandInServices : IDisposable
{
    public const string JobPath = "/org/freedesktop/systemd1/job/42";

    private static readonly (string Name, string Path)[] All =
    [
        ("org.freedesktop.hostname1", "/org/freedesktop/hostname1"),
        ("org.freedesktop.timedate1", "/org/freedesktop/timedate1"),
        ("org.freedesktop.login1", "/org/freedesktop/login1"),
        ("org.freedesktop.systemd1", "/org/freedesktop/systemd1"),
    ];

    private readonly DBusConnection connection;

    private StandInServices(DBusConnection connection) => this.connection = connection;

    public ConcurrentQueue<ReceivedCall> Calls { get; } = new();

    /// <summary>Member name → (D-Bus error name, message) to answer with.</summary>
    public ConcurrentDictionary<string, (string Name, string Message)> Refuse { get; } = new(StringComparer.Ordinal);

    /// <param name="without">Well-known names not to own, to play a system without that service.</param>
    public static async Task<StandInServices> StartAsync(PrivateBus bus, params string[] without)
    {
        var connection = new DBusConnection(bus.Address);
        await connection.ConnectAsync();
        var services = new StandInServices(connection);
        foreach (var (name, path) in All.Where(s => !without.Contains(s.Name)))
        {
            connection.AddMethodHandler(new Handler(services, name, path));
            await connection.RequestNameAsync(name, RequestNameOptions.None);
        }
        return services;
    }

    public void Dispose() => connection.Dispose();

    private sealed class Handler(StandInServices services, string service, string path) : IPathMethodHandler
    {
        public string Path => path;

        public bool HandlesChildPaths => false;

        public ValueTask HandleMethodAsync(MethodContext context)
        {
            var request = context.Request;
            var call = new ReceivedCall(service, request.InterfaceAsString ?? "", request.MemberAsString ?? "", request.SignatureAsString ?? "",
                Arguments(request));
            services.Calls.Enqueue(call);
            if (services.Refuse.TryGetValue(call.Member, out var error))
            {
                context.ReplyError(error.Name, error.Message);
            }
            else if (call.Member is "StartUnit" or "StopUnit")
            {
                using var writer = context.CreateReplyWriter("o");
                writer.WriteObjectPath(JobPath);
                context.Reply(writer.CreateMessage());
            }
            else
            {
                using var writer = context.CreateReplyWriter(null);
                context.Reply(writer.CreateMessage());
            }
            return ValueTask.CompletedTask;
        }

        /// <summary>The arguments of the signatures the client sends (strings and booleans), as text.</summary>
        private static List<string> Arguments(Message request)
        {
            var reader = request.GetBodyReader();
            var arguments = new List<string>();
            foreach (var type in request.SignatureAsString ?? "")
            {
                arguments.Add(type switch
                {
                    's' => reader.ReadString(),
                    'b' => reader.ReadBool().ToString(CultureInfo.InvariantCulture).ToLowerInvariant(),
                    _ => throw new NotSupportedException($"The stand-in reads only s and b, not {type}."),
                });
            }
            return arguments;
        }
    }
}
