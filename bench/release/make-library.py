#!/usr/bin/env python3
"""Makes a PiVault library of N assets by real uploads: starts the given binary on a fresh data folder, creates the
admin, uploads N distinct small JPEGs (a 64x48 ffmpeg-made JPEG with a numbered COM segment, so each has its own
checksum) through POST /api/v1/assets with 4 clients, waits until every job is done, and stops the server.

  make-library.py BINARY DATA_DIR [N]      (N defaults to 10000)
"""
import concurrent.futures, json, os, signal, socket, subprocess, sys, tempfile, time, urllib.request, uuid

binary, data_dir = sys.argv[1], sys.argv[2]
count = int(sys.argv[3]) if len(sys.argv) > 3 else 10000


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def call(method, url, token=None, body=None, content_type="application/json"):
    request = urllib.request.Request(url, data=body, method=method)
    if body is not None:
        request.add_header("Content-Type", content_type)
    if token:
        request.add_header("Authorization", f"Bearer {token}")
    with urllib.request.urlopen(request, timeout=60) as response:
        return response.status, json.loads(response.read() or b"null")


with tempfile.TemporaryDirectory() as tmp:
    base_jpeg = os.path.join(tmp, "base.jpg")
    subprocess.run(["ffmpeg", "-v", "error", "-f", "lavfi", "-i", "testsrc=size=64x48", "-frames:v", "1", base_jpeg], check=True)
    base = open(base_jpeg, "rb").read()
    assert base[:2] == b"\xff\xd8"

    def photo(i):
        comment = f"pivault bench photo {i}".encode()
        return base[:2] + b"\xff\xfe" + (len(comment) + 2).to_bytes(2, "big") + comment + base[2:]

    port = free_port()
    root = f"http://127.0.0.1:{port}/api/v1"
    env = {k: v for k, v in os.environ.items() if not k.startswith("PIVAULT_")}
    server = subprocess.Popen([binary, "serve", "--data-dir", data_dir, "--urls", f"http://127.0.0.1:{port}"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, cwd=tmp)
    try:
        for _ in range(300):
            try:
                call("GET", f"{root}/server/ping")
                break
            except OSError:
                time.sleep(0.1)
        credentials = {"email": "bench@pivault.test", "name": "Bench", "password": "bench-password-1"}
        call("POST", f"{root}/auth/bootstrap", body=json.dumps(credentials).encode())
        _, login = call("POST", f"{root}/auth/login", body=json.dumps({k: credentials[k] for k in ("email", "password")}).encode())
        token = login["accessToken"]

        def upload(i):
            boundary = uuid.uuid4().hex
            body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"bench-{i:06}.jpg\"\r\n"
                    f"Content-Type: image/jpeg\r\n\r\n").encode() + photo(i) + f"\r\n--{boundary}--\r\n".encode()
            status, answer = call("POST", f"{root}/assets", token, body, f"multipart/form-data; boundary={boundary}")
            assert status == 201 and answer["status"] == "created", answer

        started = time.monotonic()
        with concurrent.futures.ThreadPoolExecutor(4) as pool:
            list(pool.map(upload, range(count)))
        uploaded = time.monotonic() - started
        while True:
            _, jobs = call("GET", f"{root}/admin/jobs", token)
            waiting = sum(q["pending"] + q["running"] + q["delayed"] for q in jobs)
            if waiting == 0:
                break
            time.sleep(2)
        print(f"make-library: {count} assets uploaded in {uploaded:.0f} s, jobs done after {time.monotonic() - started:.0f} s")
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(30)
