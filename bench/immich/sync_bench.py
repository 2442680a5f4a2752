#!/usr/bin/env python3
"""Mobile-style incremental sync against PiVault's Immich API (called by run.sh).

Waits until the media pipeline has worked through the CLI's uploads (so the sync figures are not those of a busy
server), seeds PIVAULT_BENCH_SEED assets (default 10,000) with their EXIF rows by SQL into the server's SQLite file,
does the phone's first full sync + ack, then rounds of "10 new photos": upload them as the app does (multipart
assetData + deviceAssetId/deviceId/...), sync, ack. Each incremental stream must carry the 10 new assets; it may carry
more: the previous round's assets again, updated by their metadata and thumbnail steps meanwhile, as a phone sees them.
Prints a Markdown table. Usage: sync_bench.py BASE_URL SESSION_TOKEN DB_PATH PHOTO_DIR
"""
import http.client
import json
import os
import sqlite3
import statistics
import sys
import time
import uuid
from urllib.parse import urlparse

SEED = int(os.environ.get("PIVAULT_BENCH_SEED", "10000"))
NEW = 10
ROUNDS = 5
TYPES = ["AuthUsersV1", "UsersV1", "AssetsV2", "AssetExifsV1", "PartnersV1", "PartnerAssetsV2", "AlbumsV2",
         "AlbumAssetsV2", "AlbumToAssetsV1", "MemoriesV1", "StacksV1", "PeopleV1", "AssetFacesV2"]

base, token, db_path, photo_dir = sys.argv[1:5]
url = urlparse(base)
conn = http.client.HTTPConnection(url.hostname, url.port)
auth = {"x-immich-user-token": token}


def request(method, path, body=None, headers=None):
    conn.request(method, path, body=body, headers={**auth, **(headers or {})})
    response = conn.getresponse()
    data = response.read()
    if response.status >= 300:
        raise SystemExit(f"{method} {path}: {response.status} {data[:300]!r}")
    return data


def sync():
    lines = request("POST", "/api/sync/stream", json.dumps({"types": TYPES}),
                    {"content-type": "application/json", "accept": "application/jsonlines+json"}).splitlines()
    return [json.loads(line) for line in lines]


def ack(lines):
    last = {}
    for line in lines:
        last[line["type"]] = line["ack"]
    request("POST", "/api/sync/ack", json.dumps({"acks": list(last.values())}), {"content-type": "application/json"})


def pipeline_idle():
    queues = json.loads(request("GET", "/api/v1/admin/jobs", headers={"authorization": f"Bearer {token}"}))
    return all(q["pending"] == 0 and q["running"] == 0 and q["delayed"] == 0 for q in queues)


def upload(name, data, device_asset_id):
    boundary = uuid.uuid4().hex
    fields = {"deviceAssetId": device_asset_id, "deviceId": "bench-phone", "fileCreatedAt": "2024-05-01T10:00:00.000Z",
              "fileModifiedAt": "2024-05-01T10:00:00.000Z", "isFavorite": "false", "duration": "0", "filename": name}
    parts = [f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode() for k, v in fields.items()]
    parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="assetData"; filename="{name}"\r\n'
                 f'Content-Type: application/octet-stream\r\n\r\n'.encode() + data + f'\r\n--{boundary}--\r\n'.encode())
    body = b"".join(parts)
    return json.loads(request("POST", "/api/assets", body, {"content-type": f"multipart/form-data; boundary={boundary}"}))["id"]


waited = time.perf_counter()
while not pipeline_idle():
    if time.perf_counter() - waited > 1800:
        raise SystemExit("the media pipeline did not finish the CLI's uploads within 30 min")
    time.sleep(1)
pipeline_s = time.perf_counter() - waited


# Seed the user's library with its metadata rows, straight into the real database (the server keeps running: WAL).
db = sqlite3.connect(db_path, timeout=30)
owner = db.execute("SELECT id FROM users LIMIT 1").fetchone()[0]
now = int(time.time() * 1000)
with db:
    db.executemany(
        "INSERT INTO assets (id, owner_id, checksum, type, original_path, original_file_name, mime_type, file_size, "
        "file_created_at, file_modified_at, taken_at, device_asset_id, device_id, is_favorite, created_at, updated_at, width, height) "
        "VALUES (?, ?, ?, 'image', ?, ?, 'image/jpeg', 3000000, ?, ?, ?, ?, 'seed-phone', 0, ?, ?, 4032, 3024)",
        [(str(uuid.uuid4()), owner, os.urandom(20), f"{owner}/seed/IMG_{i:05}.jpg", f"IMG_{i:05}.jpg",
          now - i * 60_000, now - i * 60_000, now - i * 60_000, f"seed-{i}", now, now) for i in range(SEED)])
    db.execute("INSERT INTO asset_metadata (asset_id, date_source, make, model, city, country) "
               "SELECT id, 'exif', 'Google', 'Pixel 8', 'Lyon', 'France' FROM assets WHERE owner_id = ? AND device_id = 'seed-phone'", (owner,))
total = db.execute("SELECT count(*) FROM assets WHERE owner_id = ?", (owner,)).fetchone()[0]
db.close()

start = time.perf_counter()
first = sync()
first_s = time.perf_counter() - start
ack(first)
first_assets = sum(1 for line in first if line["type"] == "AssetV2")
first_exif = sum(1 for line in first if line["type"] == "AssetExifV1")

photos = sorted(os.path.join(photo_dir, f) for f in os.listdir(photo_dir))[:NEW]
end_to_end, sync_only, upload_only, stream_lines = [], [], [], []
for round_number in range(ROUNDS):
    # New content each round: the photo's bytes plus 16 random bytes (decoders ignore trailing bytes).
    batch = [(os.path.basename(p), open(p, "rb").read() + os.urandom(16)) for p in photos]
    start = time.perf_counter()
    new_ids = {upload(name, data, f"bench-{round_number}-{i}") for i, (name, data) in enumerate(batch)}
    uploaded = time.perf_counter()
    lines = sync()
    ack(lines)
    done = time.perf_counter()
    streamed = {line["data"]["id"] for line in lines if line["type"] == "AssetV2"}
    if not new_ids <= streamed or lines[-1]["type"] != "SyncCompleteV1":
        raise SystemExit(f"round {round_number}: expected the {NEW} new assets, got {[line['type'] for line in lines]}")
    stream_lines.append(len(lines))
    end_to_end.append(done - start)
    sync_only.append(done - uploaded)
    upload_only.append(uploaded - start)

ms = lambda values: f"{statistics.median(values) * 1000:.0f} ms (min {min(values) * 1000:.0f}, max {max(values) * 1000:.0f})"
batch_mb = sum(len(data) for _, data in batch) / 1e6
print(f"""| Mobile-style sync ({total:,} assets seeded by SQL, {ROUNDS} rounds of {NEW} new photos, {batch_mb:.1f} MB per round) | value |
|---|---|
| first full sync ({first_assets:,} AssetV2 lines, {first_exif:,} AssetExifV1 lines) | {first_s * 1000:.0f} ms |
| 10 uploads + incremental sync + ack (end to end, median) | {ms(end_to_end)} |
| of which 10 uploads (multipart, one connection) | {ms(upload_only)} |
| of which incremental sync stream + ack | {ms(sync_only)} |
| incremental stream lines (the 10 new assets, their EXIF, earlier rounds' assets updated by the pipeline, SyncCompleteV1) | median {statistics.median(stream_lines):.0f} (min {min(stream_lines)}, max {max(stream_lines)}) |
| waited for the pipeline to finish the CLI's uploads before seeding | {pipeline_s:.1f} s |
| target end to end | <= 500 ms |""")
