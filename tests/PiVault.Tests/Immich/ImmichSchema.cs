using System.Text.Json;
using System.Text.RegularExpressions;
using PiVault.Tests.Infrastructure;

namespace PiVault.Tests.Immich;

/// <summary>
/// The Immich 3.2.2 response types, read from <c>@immich/sdk</c>'s <c>build/fetch-client.d.ts</c> (a typed copy of the
/// server's OpenAPI spec), and a checker: every required field present, every field of the right JSON type, enum
/// values from the enum. This is what the mobile app's generated models demand.
/// </summary>
public sealed partial class ImmichSchema
{
    private readonly Dictionary<string, List<(string Name, bool Optional, string Type)>> types = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<string>> enums = new(StringComparer.Ordinal);

    private static readonly Lazy<ImmichSchema> Shared = new(() => new ImmichSchema(File.ReadAllLines(Path.Combine(
        Uploads.RepoRoot, "deps", "node_modules", "@immich", "sdk", "build", "fetch-client.d.ts"))));

    public static ImmichSchema Instance => Shared.Value;

    private ImmichSchema(string[] lines)
    {
        string? type = null;
        string? enumName = null;
        foreach (var line in lines)
        {
            if (TypeStart().Match(line) is { Success: true } t)
            {
                type = t.Groups[2].Success ? null : t.Groups[1].Value; // "= {};" is an empty object type
                types[t.Groups[1].Value] = [];
            }
            else if (EnumStart().Match(line) is { Success: true } e)
            {
                enumName = e.Groups[1].Value;
                enums[enumName] = [];
            }
            else if (line.StartsWith('}'))
            {
                type = enumName = null;
            }
            else if (type is not null && Field().Match(line) is { Success: true } f)
            {
                types[type].Add((f.Groups[1].Value, f.Groups[2].Value == "?", f.Groups[3].Value));
            }
            else if (enumName is not null && EnumValue().Match(line) is { Success: true } v)
            {
                enums[enumName].Add(v.Groups[1].Value);
            }
        }
        Assert.True(types.Count > 100 && enums.Count > 20, "fetch-client.d.ts could not be read");
    }

    /// <summary>Asserts that <paramref name="json"/> is a valid <paramref name="typeName"/>, listing every problem found.</summary>
    public void AssertValid(JsonElement json, string typeName)
    {
        var errors = new List<string>();
        CheckType(json, typeName, typeName, errors);
        Assert.True(errors.Count == 0, $"{typeName} does not match the Immich 3.2.2 schema:\n  {string.Join("\n  ", errors)}\n{json}");
    }

    public IReadOnlyList<string> RequiredFields(string typeName) =>
        [.. types[typeName].Where(f => !f.Optional).Select(f => f.Name)];

    private void CheckType(JsonElement json, string typeName, string path, List<string> errors)
    {
        if (json.ValueKind != JsonValueKind.Object)
        {
            errors.Add($"{path}: expected an object ({typeName}), got {json.ValueKind}");
            return;
        }
        foreach (var (name, optional, type) in types[typeName])
        {
            if (!json.TryGetProperty(name, out var value))
            {
                if (!optional)
                {
                    errors.Add($"{path}.{name}: required field missing");
                }
                continue;
            }
            Check(value, type, $"{path}.{name}", errors);
        }
    }

    private void Check(JsonElement value, string type, string path, List<string> errors)
    {
        var alternatives = SplitUnion(type);
        var failures = new List<string>();
        foreach (var alternative in alternatives)
        {
            var attempt = new List<string>();
            CheckOne(value, alternative, path, attempt);
            if (attempt.Count == 0)
            {
                return;
            }
            failures.AddRange(attempt);
        }
        errors.AddRange(alternatives.Count == 1 ? failures : [$"{path}: {value.ValueKind} '{value}' matches none of {type}"]);
    }

    private void CheckOne(JsonElement value, string type, string path, List<string> errors)
    {
        type = type.Trim();
        if (type.StartsWith('(') && type.EndsWith(')') && !type.EndsWith("[]", StringComparison.Ordinal))
        {
            Check(value, type[1..^1], path, errors);
            return;
        }
        if (type.EndsWith("[]", StringComparison.Ordinal))
        {
            if (value.ValueKind != JsonValueKind.Array)
            {
                errors.Add($"{path}: expected an array ({type}), got {value.ValueKind}");
                return;
            }
            var index = 0;
            foreach (var item in value.EnumerateArray())
            {
                Check(item, type[..^2], $"{path}[{index++}]", errors);
            }
            return;
        }
        var ok = type switch
        {
            "null" => value.ValueKind == JsonValueKind.Null,
            "string" => value.ValueKind == JsonValueKind.String,
            "number" => value.ValueKind == JsonValueKind.Number,
            "boolean" => value.ValueKind is JsonValueKind.True or JsonValueKind.False,
            "any" or "object" or "unknown" => true,
            _ when type.StartsWith('{') => value.ValueKind == JsonValueKind.Object,
            _ when type.StartsWith('"') => value.ValueKind == JsonValueKind.String && value.GetString() == type.Trim('"'),
            _ when enums.TryGetValue(type, out var values) => value.ValueKind == JsonValueKind.String && values.Contains(value.GetString()!),
            _ when types.ContainsKey(type) => CheckNested(value, type, path, errors),
            _ => true,
        };
        if (!ok)
        {
            errors.Add($"{path}: {value.ValueKind} '{value}' is not a {type}");
        }
    }

    private bool CheckNested(JsonElement value, string type, string path, List<string> errors)
    {
        CheckType(value, type, path, errors);
        return true;
    }

    private static List<string> SplitUnion(string type)
    {
        var parts = new List<string>();
        var depth = 0;
        var start = 0;
        for (var i = 0; i < type.Length; i++)
        {
            depth += type[i] is '(' or '{' ? 1 : type[i] is ')' or '}' ? -1 : 0;
            if (depth == 0 && type[i] == '|')
            {
                parts.Add(type[start..i].Trim());
                start = i + 1;
            }
        }
        parts.Add(type[start..].Trim());
        return parts;
    }

    [GeneratedRegex(@"^export type (\w+) = \{(\};)?$")]
    private static partial Regex TypeStart();

    [GeneratedRegex(@"^export declare enum (\w+) \{$")]
    private static partial Regex EnumStart();

    [GeneratedRegex(@"^    ""?(\w+)""?(\??): (.+);$")]
    private static partial Regex Field();

    [GeneratedRegex(@"^    \w+ = ""([^""]*)"",?$")]
    private static partial Regex EnumValue();
}
