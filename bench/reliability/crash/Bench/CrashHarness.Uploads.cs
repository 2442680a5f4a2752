using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace PiVault.Bench.Crash;

/// <summary>The upload drivers: seeded payloads sent through both APIs, and what each answer acknowledged.</summary>
public sealed partial class CrashHarness
{
    private async Task UploadLoopAsync(Uri baseAddress, string token, bool immich, CancellationToken stop)
    {
        using var client = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(60) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        while (!stop.IsCancellationRequested)
        {
            var payload = Next();
            var bytes = payload.Bytes(options.BaseJpeg);
            var sha1 = Sha1Hex(bytes);
            using var form = Form(bytes, payload, immich);
            HttpResponseMessage response;
            try
            {
                response = await client.PostAsync(immich ? "/api/assets" : "/api/v1/assets", form, CancellationToken.None);
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
            {
                lock (gate)
                {
                    cutOff.Add(payload); // not acknowledged: sent again later, as a phone would
                    cutOffCount++;
                }
                return; // the server is gone
            }
            using (response)
            {
                await Acknowledge(payload, sha1, response);
            }
        }
    }

    private Payload Next()
    {
        lock (gate)
        {
            var roll = random.NextDouble();
            if (roll < 0.1 && cutOff.Count > 0)
            {
                var index = random.Next(cutOff.Count);
                var again = cutOff[index];
                cutOff.RemoveAt(index);
                return again;
            }
            if (roll < 0.25 && acknowledged.Count > 0)
            {
                return acknowledged.Values.ElementAt(random.Next(acknowledged.Count)).Payload;
            }
            return new Payload(++nextSeed + (options.Seed * 1_000_000), random.Next(64, options.MaxUploadBytes));
        }
    }

    private async Task Acknowledge(Payload payload, string sha1, HttpResponseMessage response)
    {
        var status = (int)response.StatusCode;
        string? id = null;
        if (status is 200 or 201)
        {
            try
            {
                using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
                id = json.RootElement.GetProperty("id").GetString();
            }
            catch (Exception e) when (e is HttpRequestException or IOException or JsonException)
            {
                lock (gate)
                {
                    cutOff.Add(payload);
                    cutOffCount++;
                }
                return; // headers came, the body did not: not acknowledged
            }
        }
        lock (gate)
        {
            if (id is null)
            {
                refused++;
                Violation($"upload of {payload} answered {status}, not 200/201");
                return;
            }
            if (status == 201)
            {
                created++;
            }
            else
            {
                duplicates++;
            }
            if (acknowledged.TryGetValue(sha1, out var earlier))
            {
                if (earlier.Id != id)
                {
                    Violation($"{payload} was acknowledged as {earlier.Id} and later as {id}");
                }
                if (status == 201)
                {
                    Violation($"{payload} was created twice (as {earlier.Id}, then {id})");
                }
                return;
            }
            acknowledged[sha1] = new Acked(payload, id);
        }
    }

    private static MultipartFormDataContent Form(byte[] bytes, Payload payload, bool immich)
    {
        var form = new MultipartFormDataContent();
        var name = $"crash-{payload.Seed.ToString(CultureInfo.InvariantCulture)}.jpg";
        if (immich)
        {
            form.Add(new StringContent($"crash-{payload.Seed.ToString(CultureInfo.InvariantCulture)}"), "deviceAssetId");
            form.Add(new StringContent("crash-harness"), "deviceId");
            form.Add(new StringContent("2024-05-01T10:00:00.000Z"), "fileCreatedAt");
            form.Add(new StringContent("2024-05-01T10:00:00.000Z"), "fileModifiedAt");
        }
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue("image/jpeg");
        form.Add(file, immich ? "assetData" : "file", name);
        return form;
    }

    /// <summary>With the server up again (so start-up recovery has run) and before any upload of this run.</summary>
    private static async Task<string> BootstrapAsync(Uri baseAddress)
    {
        using var client = new HttpClient { BaseAddress = baseAddress };
        var body = new Dictionary<string, string> { ["email"] = Email, ["password"] = Password, ["name"] = "Crash" };
        (await client.PostAsJsonAsync("/api/v1/auth/bootstrap", body)).EnsureSuccessStatusCode();
        using var login = await client.PostAsJsonAsync("/api/v1/auth/login", body);
        login.EnsureSuccessStatusCode();
        using var json = JsonDocument.Parse(await login.Content.ReadAsStringAsync());
        return json.RootElement.GetProperty("accessToken").GetString()!;
    }

    internal static string Sha1Hex(byte[] bytes) => Convert.ToHexString(SHA1.HashData(bytes));

    private sealed record Acked(Payload Payload, string Id);

    /// <summary>An upload's content, made again from its seed whenever needed (nothing large is kept).</summary>
    private sealed record Payload(int Seed, int PaddingBytes)
    {
        public byte[] Bytes(byte[] baseJpeg)
        {
            var generator = new Random(Seed);
            using var jpeg = new MemoryStream(baseJpeg.Length + PaddingBytes + 1024);
            jpeg.Write(baseJpeg.AsSpan(0, 2)); // SOI, then comment segments of seeded bytes
            for (var left = PaddingBytes; left > 0;)
            {
                var length = Math.Min(left, 65_000);
                var segment = new byte[length];
                generator.NextBytes(segment);
                jpeg.Write([0xFF, 0xFE, (byte)((length + 2) >> 8), (byte)(length + 2)]);
                jpeg.Write(segment);
                left -= length;
            }
            jpeg.Write(baseJpeg.AsSpan(2));
            return jpeg.ToArray();
        }

        public override string ToString() => $"upload #{Seed.ToString(CultureInfo.InvariantCulture)} ({PaddingBytes.ToString(CultureInfo.InvariantCulture)} B padding)";
    }
}
