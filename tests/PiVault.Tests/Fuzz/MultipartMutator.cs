using System.Globalization;
using System.Text;

namespace PiVault.Tests.Fuzz;

/// <summary>An upload request body as sent on the wire, with the Content-Type header that goes with it.</summary>
public sealed record MultipartBody(byte[] Bytes, string ContentType, string Description);

public enum MultipartDamage
{
    None,
    BoundaryByte,
    WrongBoundaryHeader,
    Truncated,
    HugeHeader,
    TooManyHeaders,
    NoContentDisposition,
    NoFilePart,
    BadFileName,
    FramingBitFlips,
    BareLineFeeds,
    NoClosingBoundary,
    ManyFields,
    LongField,
}

/// <summary>
/// Seeded multipart/form-data bodies for the upload endpoints: a well-formed body (the file part and the fields a
/// phone sends) with at most one kind of damage to the framing, picked by the seed so every kind comes round.
/// </summary>
public static class MultipartMutator
{
    private static readonly byte[] Crlf = "\r\n"u8.ToArray();

    /// <param name="only">The damage to do; by default the seed picks it.</param>
    public static MultipartBody Build(byte[] file, string fileName, int seed, bool immich, MultipartDamage? only = null)
    {
        var random = new Random(seed);
        var damage = only ?? (MultipartDamage)(seed % Enum.GetValues<MultipartDamage>().Length);
        var boundary = $"pivault-fuzz-{seed.ToString(CultureInfo.InvariantCulture)}";
        var fields = new List<(string Name, string Value)>
        {
            ("deviceAssetId", $"fuzz-{seed}"), ("deviceId", "fuzzer"),
            ("fileCreatedAt", "2024-05-01T10:00:00Z"), ("fileModifiedAt", "2024-05-01T10:00:00Z"),
        };
        var fileHeaders = new List<string>
        {
            $"Content-Disposition: form-data; name=\"{(immich ? "assetData" : "file")}\"; filename=\"{fileName}\"",
            "Content-Type: application/octet-stream",
        };
        var detail = "";
        switch (damage)
        {
            case MultipartDamage.HugeHeader:
                var length = random.Next(17, 129) * 1024;
                fileHeaders.Add("X-Padding: " + new string('a', length));
                detail = $" ({length} B)";
                break;
            case MultipartDamage.TooManyHeaders:
                fileHeaders.AddRange(Enumerable.Range(0, random.Next(17, 200)).Select(i => $"X-H{i}: v"));
                break;
            case MultipartDamage.NoContentDisposition:
                fileHeaders.RemoveAt(0);
                break;
            case MultipartDamage.BadFileName:
                string[] names = ["", "../../etc/passwd", "a\u0000b.jpg", new string('n', 5000) + ".jpg", "%FF%FE.jpg"];
                var chosen = names[random.Next(names.Length)];
                fileHeaders[0] = random.Next(2) == 0
                    ? $"Content-Disposition: form-data; name=\"file\"; filename=\"{chosen}\""
                    : $"Content-Disposition: form-data; name=\"file\"; filename*=UTF-8''%FF%FE{Uri.EscapeDataString(chosen)}";
                detail = $" (name of {chosen.Length} chars)";
                break;
            case MultipartDamage.ManyFields:
                fields.AddRange(Enumerable.Range(0, random.Next(65, 500)).Select(i => ($"f{i}", "x")));
                break;
            case MultipartDamage.LongField:
                fields.Add(("deviceId", new string('d', 64 * 1024 + random.Next(1, 4096))));
                break;
        }
        var body = Assemble(boundary, fields, damage == MultipartDamage.NoFilePart ? null : (fileHeaders, file), damage != MultipartDamage.NoClosingBoundary);
        var contentType = $"multipart/form-data; boundary={boundary}";
        switch (damage)
        {
            case MultipartDamage.BoundaryByte:
                var delimiters = Occurrences(body, Encoding.ASCII.GetBytes("--" + boundary));
                var at = delimiters[random.Next(delimiters.Count)] + random.Next(boundary.Length + 2);
                body[at] ^= (byte)(1 << random.Next(8));
                detail = $" (byte {at})";
                break;
            case MultipartDamage.WrongBoundaryHeader:
                string[] headers = [$"multipart/form-data; boundary=other", "multipart/form-data; boundary=", "multipart/form-data; boundary=\"\"",
                    $"multipart/form-data; boundary={new string('b', 300)}", "multipart/form-data", "multipart/mixed; boundary=" + boundary, "text/plain"];
                contentType = headers[random.Next(headers.Length)];
                detail = $" ({contentType[..Math.Min(contentType.Length, 60)]})";
                break;
            case MultipartDamage.Truncated:
                var cut = random.Next(body.Length);
                body = body[..cut];
                detail = $" (at {cut} of the body)";
                break;
            case MultipartDamage.FramingBitFlips:
                var framing = FramingPositions(body, file.Length);
                for (var flips = random.Next(1, 9); flips > 0; flips--)
                {
                    body[framing[random.Next(framing.Count)]] ^= (byte)(1 << random.Next(8));
                }
                break;
            case MultipartDamage.BareLineFeeds:
                body = BareLineFeeds(body, file.Length);
                break;
        }
        return new MultipartBody(body, contentType, $"seed {seed}: {damage}{detail}, {(immich ? "Immich" : "PiVault")} API");
    }

    private static byte[] Assemble(string boundary, List<(string Name, string Value)> fields, (List<string> Headers, byte[] Bytes)? file, bool close)
    {
        using var body = new MemoryStream();
        void Line(string text)
        {
            body.Write(Encoding.UTF8.GetBytes(text));
            body.Write(Crlf);
        }
        foreach (var (name, value) in fields)
        {
            Line($"--{boundary}");
            Line($"Content-Disposition: form-data; name=\"{name}\"");
            Line("");
            Line(value);
        }
        if (file is var (headers, bytes))
        {
            Line($"--{boundary}");
            headers.ForEach(Line);
            Line("");
            body.Write(bytes);
            body.Write(Crlf);
        }
        if (close)
        {
            Line($"--{boundary}--");
        }
        return body.ToArray();
    }

    private static List<int> Occurrences(byte[] body, byte[] needle)
    {
        var found = new List<int>();
        for (var at = body.AsSpan().IndexOf(needle); at >= 0;)
        {
            found.Add(at);
            var next = body.AsSpan(at + 1).IndexOf(needle);
            at = next < 0 ? -1 : at + 1 + next;
        }
        return found;
    }

    /// <summary>Every byte position outside the file's own bytes (which sit just before the last delimiter).</summary>
    private static List<int> FramingPositions(byte[] body, int fileLength)
    {
        var fileEnd = body.AsSpan().LastIndexOf("\r\n--"u8);
        var fileStart = Math.Max(0, fileEnd - fileLength);
        return Enumerable.Range(0, body.Length).Where(i => i < fileStart || i >= fileEnd).ToList();
    }

    private static byte[] BareLineFeeds(byte[] body, int fileLength)
    {
        var framing = FramingPositions(body, fileLength).ToHashSet();
        return body.Where((b, i) => !(b == '\r' && framing.Contains(i) && i + 1 < body.Length && body[i + 1] == '\n')).ToArray();
    }
}
