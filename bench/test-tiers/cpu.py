#!/usr/bin/env python3
"""Runs a command as a child subreaper and prints the CPU time of it and of every descendant (orphans included):
/usr/bin/time misses the test host and the ffmpeg/libvips children that are not waited for by their own parent."""
import ctypes, os, resource, subprocess, sys, time
libc = ctypes.CDLL(None, use_errno=True)
libc.prctl(36, 1, 0, 0, 0)  # PR_SET_CHILD_SUBREAPER
env = dict(os.environ, MSBUILDDISABLENODEREUSE="1", DOTNET_CLI_USE_MSBUILD_SERVER="0")
start = time.monotonic()
p = subprocess.Popen(sys.argv[1:], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
out = p.communicate()[0]
deadline = time.monotonic() + 120
while True:
    try:
        pid, _ = os.waitpid(-1, os.WNOHANG)
    except ChildProcessError:
        break
    if pid == 0:
        if time.monotonic() > deadline:
            print("descendants still running after 120 s", file=sys.stderr); break
        time.sleep(0.2)
wall = time.monotonic() - start
r = resource.getrusage(resource.RUSAGE_CHILDREN)
summary = [l for l in out.splitlines() if "Passed!" in l or "Failed!" in l or "No test matches" in l or l.strip().startswith("Failed ")]
print("\n".join(summary))
print(f"cpu {r.ru_utime + r.ru_stime:.1f} s (user {r.ru_utime:.1f} + sys {r.ru_stime:.1f}), wall {wall:.0f} s, rc {p.returncode}")
