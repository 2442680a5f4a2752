using System.Text.RegularExpressions;
using PiVault.Tests.Infrastructure;

namespace PiVault.Tests.Unit;

/// <summary>
/// The server's folders (<c>Features/X</c> each one, the others by their top folder) depend on each other without cycles,
/// computed from the source: a file depends on the folders it names in <c>using PiVault.Server.…</c> or a qualified name
/// (<c>PiVault.Server.Health.X</c>, <c>Auth.Caller</c>). <c>Hosting</c> (the composition root) and <c>Json</c> (the one
/// source-generated serializer context, which must list every DTO for AOT) see everything and are left out.
/// </summary>
public sealed partial class FolderDependencyTests
{
    private static readonly string ServerRoot = Path.Combine(Uploads.RepoRoot, "src", "PiVault.Server");

    private static readonly HashSet<string> CompositionRoots = ["Hosting", "Json"];

    /// <summary>
    /// Dependencies that close a cycle and are not cut yet, each with the reason. The test fails when one of them is gone
    /// (delete its line) and when a cycle appears outside them, so the list only shrinks.
    /// </summary>
    private static readonly Dictionary<(string From, string To), string> NotYetCut = new()
    {
    };

    [Fact]
    public void The_folder_graph_has_no_cycles()
    {
        var graph = Graph();
        foreach (var (edge, _) in NotYetCut)
        {
            Assert.True(graph.TryGetValue(edge.From, out var targets) && targets.ContainsKey(edge.To),
                $"{edge.From} → {edge.To} is cut: remove it from {nameof(NotYetCut)}.");
            targets.Remove(edge.To);
        }
        var cycles = Cycles(graph);
        Assert.True(cycles.Count == 0, "Folders that depend on each other (cut one edge of each cycle):\n" + string.Join("\n", cycles.Select(c => Describe(c, graph))));
    }

    [Fact]
    public void The_graph_sees_using_directives_and_qualified_names()
    {
        var graph = Graph();
        Assert.Contains("Features/Auth", graph["Features/Albums"].Keys); // using PiVault.Server.Features.Auth
        Assert.Contains(graph["Features/Albums"]["Features/Auth"], f => f.EndsWith("AlbumService.cs", StringComparison.Ordinal));
        Assert.Contains("Features/Auth", graph["Features/Assets"].Keys);
        Assert.Contains(graph["Features/SharedLinks"]["Features/Users"], f => f.EndsWith("SharedLinkService.cs", StringComparison.Ordinal)); // Users.AccountRules, qualified
        Assert.DoesNotContain("Hosting", graph.Keys);
        // A cycle made on purpose is found.
        var looped = graph.ToDictionary(p => p.Key, p => new Dictionary<string, List<string>>(p.Value));
        looped["Features/Auth"]["Features/Albums"] = ["made up"];
        Assert.Contains(Cycles(looped), c => c.Contains("Features/Auth") && c.Contains("Features/Albums"));
    }

    /// <summary>Folder → the folders it depends on → the files that make each dependency.</summary>
    private static Dictionary<string, Dictionary<string, List<string>>> Graph()
    {
        var files = Directory.EnumerateFiles(ServerRoot, "*.cs", SearchOption.AllDirectories)
            .Select(f => (Path: Path.GetRelativePath(ServerRoot, f).Replace('\\', '/'), Node: NodeOf(Path.GetRelativePath(ServerRoot, f))))
            .Where(f => f.Node is not null && !CompositionRoots.Contains(f.Node) && !f.Path.Contains("/obj/", StringComparison.Ordinal) && !f.Path.StartsWith("obj/", StringComparison.Ordinal) && !f.Path.StartsWith("bin/", StringComparison.Ordinal))
            .Select(f => (f.Path, Node: f.Node!, Code: WithoutCommentsAndStrings(File.ReadAllText(Path.Combine(ServerRoot, f.Path)))))
            .ToList();
        var typesByNode = files.GroupBy(f => f.Node)
            .ToDictionary(g => g.Key, g => g.SelectMany(f => TypeDeclaration().Matches(f.Code).Select(m => m.Groups["name"].Value)).ToHashSet(StringComparer.Ordinal));
        var nodeByLeaf = typesByNode.Keys.ToDictionary(n => n.Split('/')[^1], StringComparer.Ordinal);

        var graph = typesByNode.Keys.ToDictionary(n => n, _ => new Dictionary<string, List<string>>(StringComparer.Ordinal), StringComparer.Ordinal);
        foreach (var (path, node, code) in files)
        {
            var named = NamespaceReference().Matches(code).Select(m => NodeOfNamespace(m.Groups["ns"].Value))
                .Concat(QualifiedName().Matches(code)
                    .Where(m => nodeByLeaf.TryGetValue(m.Groups["folder"].Value, out var folder) && typesByNode[folder].Contains(m.Groups["type"].Value))
                    .Select(m => nodeByLeaf[m.Groups["folder"].Value]));
            foreach (var target in named.Where(t => t != node && graph.ContainsKey(t)).Distinct())
            {
                (graph[node].TryGetValue(target, out var why) ? why : graph[node][target] = []).Add(path);
            }
        }
        return graph;
    }

    private static string? NodeOf(string relativePath)
    {
        var parts = relativePath.Replace('\\', '/').Split('/');
        return parts.Length switch
        {
            1 => null, // Program.cs
            _ when parts[0] == "Features" => parts.Length > 2 ? "Features/" + parts[1] : null,
            _ => parts[0],
        };
    }

    private static string NodeOfNamespace(string ns)
    {
        var parts = ns.Split('.');
        return parts[0] == "Features" && parts.Length > 1 ? "Features/" + parts[1] : parts[0];
    }

    private static string WithoutCommentsAndStrings(string code) =>
        StringLiteral().Replace(BlockComment().Replace(LineComment().Replace(code, ""), ""), "\"\"");

    /// <summary>Every cycle's folders (strongly connected components of more than one folder), by Tarjan's algorithm.</summary>
    private static List<List<string>> Cycles(Dictionary<string, Dictionary<string, List<string>>> graph)
    {
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        var low = new Dictionary<string, int>(StringComparer.Ordinal);
        var stack = new Stack<string>();
        var onStack = new HashSet<string>(StringComparer.Ordinal);
        var found = new List<List<string>>();

        void Visit(string node)
        {
            index[node] = low[node] = index.Count;
            stack.Push(node);
            onStack.Add(node);
            foreach (var next in graph[node].Keys)
            {
                if (!index.TryGetValue(next, out var nextIndex))
                {
                    Visit(next);
                    low[node] = Math.Min(low[node], low[next]);
                }
                else if (onStack.Contains(next))
                {
                    low[node] = Math.Min(low[node], nextIndex);
                }
            }
            if (low[node] == index[node])
            {
                var component = new List<string>();
                string member;
                do
                {
                    member = stack.Pop();
                    onStack.Remove(member);
                    component.Add(member);
                }
                while (member != node);
                if (component.Count > 1)
                {
                    found.Add(component);
                }
            }
        }

        foreach (var node in graph.Keys.Order(StringComparer.Ordinal).Where(n => !index.ContainsKey(n)))
        {
            Visit(node);
        }
        return found;
    }

    private static string Describe(List<string> cycle, Dictionary<string, Dictionary<string, List<string>>> graph) =>
        "  {" + string.Join(", ", cycle.Order(StringComparer.Ordinal)) + "}\n" + string.Join("\n",
            from source in cycle.Order(StringComparer.Ordinal)
            from target in graph[source].Keys.Where(cycle.Contains).Order(StringComparer.Ordinal)
            select $"    {source} → {target}: {string.Join(", ", graph[source][target].Distinct().Take(4))}");

    [GeneratedRegex(@"\b(?:class|record|struct|interface|enum)\s+(?<name>[A-Z]\w*)")]
    private static partial Regex TypeDeclaration();

    [GeneratedRegex(@"\bPiVault\.Server\.(?<ns>[A-Z]\w*(?:\.[A-Z]\w*)?)")]
    private static partial Regex NamespaceReference();

    /// <summary>A folder-qualified type name such as <c>Auth.Caller</c> (code inside PiVault.Server may omit the prefix).</summary>
    [GeneratedRegex(@"(?<![\w.])(?<folder>[A-Z]\w*)\.(?<type>[A-Z]\w*)")]
    private static partial Regex QualifiedName();

    [GeneratedRegex(@"//[^\n]*")]
    private static partial Regex LineComment();

    [GeneratedRegex(@"/\*.*?\*/", RegexOptions.Singleline)]
    private static partial Regex BlockComment();

    /// <summary>Raw (""" … """), verbatim and regular string literals.</summary>
    [GeneratedRegex("\"\"\"[\\s\\S]*?\"\"\"|@\"(?:[^\"]|\"\")*\"|\"(?:[^\"\\\\\\n]|\\\\.)*\"")]
    private static partial Regex StringLiteral();
}
