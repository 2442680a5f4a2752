#!/usr/bin/env python3
"""Start-up and idle memory of a PiVault binary on an existing library.

  startup.py BINARY DATA_DIR [runs] [NAME=VALUE ...]     extra NAME=VALUE pairs go into the server's environment

Each run starts `BINARY serve` with NOTIFY_SOCKET pointing at a datagram socket of its own (as systemd does) and
records: start → READY=1 (what systemd waits for), the CPU time (user + system) the process had used by then (the
figure to trust on a loaded machine, where wall times mostly measure the wait for a core), start → first 200 from
/api/v1/server/ping, then RSS after 5 s idle (VmRSS, split into anonymous and file-backed from /proc/PID/status) and the thread count. Prints the median of
each figure as one JSON line.
"""
import json, os, signal, socket, statistics, subprocess, sys, tempfile, time, urllib.request

binary, data_dir = sys.argv[1], sys.argv[2]
runs = int(sys.argv[3]) if len(sys.argv) > 3 and "=" not in sys.argv[3] else 5
extra = dict(a.split("=", 1) for a in sys.argv[3:] if "=" in a)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def status_kb(pid):
    fields = {}
    for line in open(f"/proc/{pid}/status"):
        name, _, value = line.partition(":")
        if name in ("VmRSS", "RssAnon", "RssFile", "Threads"):
            fields[name] = int(value.split()[0])
    return fields


def cpu_seconds(pid):
    fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


results = []
with tempfile.TemporaryDirectory() as tmp:
    for run in range(runs):
        notify_path = os.path.join(tmp, f"notify-{run}")
        notify = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        notify.bind(notify_path)
        notify.settimeout(0.05)
        port = free_port()
        env = {k: v for k, v in os.environ.items() if not k.startswith("PIVAULT_")}
        env.update(extra)
        env["NOTIFY_SOCKET"] = notify_path
        started = time.monotonic()
        server = subprocess.Popen([binary, "serve", "--data-dir", data_dir, "--urls", f"http://127.0.0.1:{port}"],
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, cwd=tmp)
        ready = pinged = ready_cpu = None
        try:
            while ready is None or pinged is None:
                if time.monotonic() - started > 60:
                    raise SystemExit("startup: no READY=1 and ping within 60 s")
                if server.poll() is not None:
                    raise SystemExit(f"startup: the server exited {server.returncode}")
                try:
                    message = notify.recv(4096).decode()
                    if "READY=1" in message.split("\n") and ready is None:
                        ready = time.monotonic() - started
                        ready_cpu = cpu_seconds(server.pid)
                except socket.timeout:
                    pass
                if pinged is None:
                    try:
                        with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v1/server/ping", timeout=1) as r:
                            if r.status == 200:
                                pinged = time.monotonic() - started
                    except OSError:
                        pass
            time.sleep(5)
            memory = status_kb(server.pid)
            results.append({"ready_s": ready, "ready_cpu_s": ready_cpu, "ping_s": pinged, "rss_mib": memory["VmRSS"] / 1024,
                            "anon_mib": memory["RssAnon"] / 1024, "file_mib": memory["RssFile"] / 1024,
                            "threads": memory["Threads"]})
        finally:
            server.send_signal(signal.SIGTERM)
            server.wait(30)
            notify.close()

median = {key: round(statistics.median(r[key] for r in results), 3) for key in results[0]}
median["runs"] = runs
median["env"] = extra
print(json.dumps(median))
