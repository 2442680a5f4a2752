namespace PiVault.Server.Cli;

/// <summary>A parsed command line: the command words (<c>db check</c>) and the <c>--flag value</c> options.</summary>
public sealed record CommandLine(IReadOnlyList<string> Words, IReadOnlyDictionary<string, string> Flags)
{
    /// <summary>Flags that take no value.</summary>
    private static readonly HashSet<string> Switches = new(StringComparer.Ordinal) { "help", "version", "verify" };

    public bool Has(string flag) => Flags.ContainsKey(flag);

    public static CommandLine Parse(IReadOnlyList<string> args)
    {
        var words = new List<string>();
        var flags = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (arg is "-h")
            {
                flags["help"] = "true";
            }
            else if (arg.StartsWith("--", StringComparison.Ordinal))
            {
                var (name, value) = SplitFlag(arg[2..], args, ref i);
                flags[name] = value;
            }
            else
            {
                words.Add(arg);
            }
        }
        return new CommandLine(words, flags);
    }

    private static (string Name, string Value) SplitFlag(string flag, IReadOnlyList<string> args, ref int i)
    {
        var equals = flag.IndexOf('=', StringComparison.Ordinal);
        if (equals >= 0)
        {
            return (flag[..equals], flag[(equals + 1)..]);
        }
        if (Switches.Contains(flag))
        {
            return (flag, "true");
        }
        if (i + 1 >= args.Count || args[i + 1].StartsWith("--", StringComparison.Ordinal))
        {
            throw new CommandLineException($"--{flag} needs a value.");
        }
        return (flag, args[++i]);
    }
}

public sealed class CommandLineException(string message) : Exception(message);
