"""A PiVault image booted in QEMU (software emulation) for tests/image/run.sh: the disk, the probe, the HTTP ports."""
import json
import os
import re
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))


class TestFailure(Exception):
    pass


def log(message):
    print(time.strftime("%H:%M:%S"), message, flush=True)


def run(*args, **kwargs):
    return subprocess.run(args, check=True, text=True, capture_output=True, **kwargs).stdout


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def partition_start_bytes(disk, number):
    """Byte offset of partition NUMBER in a disk image (sfdisk --dump)."""
    for line in run("sfdisk", "--dump", disk).splitlines():
        match = re.match(rf"^\S*?{number}\s*:\s*start=\s*(\d+)", line)
        if match:
            return int(match.group(1)) * 512
    raise TestFailure(f"{disk} has no partition {number}")


def inject(disk, partition, files, links=()):
    """Writes test-only files into the ext4 partition of a disk image with debugfs (no mount):
    files = [(local path, path in the image, mode)], links = [(link path, target)]."""
    device = f"{disk}?offset={partition_start_bytes(disk, partition)}"
    commands = []
    for local, target, mode in files:
        commands += [f"rm {target}", f"write {local} {target}", f"sif {target} mode 0{0o100000 | mode:o}",
                     f"sif {target} uid 0", f"sif {target} gid 0"]
    for link, target in links:
        commands += [f"rm {link}", f"symlink {link} {target}"]
    subprocess.run(["debugfs", "-w", "-f", "-", device], input="\n".join(commands) + "\n", text=True,
                   check=True, capture_output=True)
    listing = run("debugfs", "-R", f"stat {files[0][1]}", device) if files else ""
    if files and "Type: regular" not in listing:
        raise TestFailure(f"debugfs did not write {files[0][1]}: {listing}")


def read_from_image(disk, partition, path):
    device = f"{disk}?offset={partition_start_bytes(disk, partition)}"
    return run("debugfs", "-R", f"cat {path}", device)


class Vm:
    """One boot of a disk image. The probe's reports arrive on a virtio console (a file on the host)."""

    def __init__(self, arch, disk, work, name, kernel=None, initrd=None, append=None, extra_disks=()):
        """extra_disks: [(id, image file, serial)] as hot-pluggable virtio disks (amd64: one PCIe root port each)."""
        self.arch, self.disk, self.work, self.name = arch, disk, work, name
        self.extra_disks = list(extra_disks)
        self.plugs = 0
        self.kernel, self.initrd, self.append = kernel, initrd, append
        self.http_port, self.immich_port = free_port(), free_port()
        self.console = os.path.join(work, f"{name}.console.log")
        self.probe_log = os.path.join(work, f"{name}.probe.log")
        self.monitor = os.path.join(work, f"{name}.monitor.sock")
        self.process = None
        self.started = None

    def command(self):
        forwards = f"hostfwd=tcp:127.0.0.1:{self.http_port}-:80,hostfwd=tcp:127.0.0.1:{self.immich_port}-:2283"
        common = ["-accel", "tcg", "-smp", "2", "-m", "2048", "-display", "none", "-no-reboot",
                  "-serial", f"file:{self.console}", "-monitor", f"unix:{self.monitor},server,nowait",
                  "-netdev", f"user,id=net0,{forwards}",
                  "-chardev", f"file,id=probe,path={self.probe_log}"]
        if self.arch == "amd64":
            extra = []
            for port, (disk_id, path, serial) in enumerate(self.extra_disks, start=1):
                extra += ["-device", f"pcie-root-port,id=rp{port},chassis={port},slot={port}",
                          "-drive", f"file={path},if=none,id=drv-{disk_id},format=raw",
                          "-device", f"virtio-blk-pci,drive=drv-{disk_id},id={disk_id},bus=rp{port},serial={serial}"]
            return ["qemu-system-x86_64", "-machine", "q35", "-cpu", "max", "-bios", "/usr/share/ovmf/OVMF.fd",
                    "-drive", f"file={self.disk},if=virtio,format=raw", "-device", "virtio-net-pci,netdev=net0",
                    "-device", "virtio-serial-pci", "-device", "virtconsole,chardev=probe", *extra, *common]
        return ["qemu-system-aarch64", "-machine", "virt", "-cpu", "cortex-a72",
                "-kernel", self.kernel, "-initrd", self.initrd, "-append", self.append,
                "-drive", f"file={self.disk},if=none,id=disk0,format=raw", "-device", "virtio-blk-device,drive=disk0",
                "-device", "virtio-net-device,netdev=net0",
                "-device", "virtio-serial-device", "-device", "virtconsole,chardev=probe", *common]

    def start(self):
        for path in (self.console, self.probe_log, self.monitor):
            if os.path.exists(path):
                os.remove(path)
        log(f"{self.name}: booting ({' '.join(self.command()[:1])}, TCG), HTTP 80 -> 127.0.0.1:{self.http_port}, "
            f"2283 -> 127.0.0.1:{self.immich_port}")
        self.started = time.monotonic()
        self.process = subprocess.Popen(self.command(), stdout=subprocess.DEVNULL,
                                        stderr=open(os.path.join(self.work, f"{self.name}.qemu.log"), "w"))

    def alive(self):
        return self.process is not None and self.process.poll() is None

    def probe(self, key):
        return run("python3", os.path.join(HERE, "probe.py"), self.probe_log, key).strip()

    def journal(self):
        lines = run("python3", os.path.join(HERE, "probe.py"), self.probe_log, "--journal").splitlines()
        return [(line.split(" ", 1)[0], line.split(" ", 1)[1] if " " in line else "") for line in lines]

    def wait_for(self, what, check, timeout):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if not self.alive():
                raise TestFailure(f"{self.name}: QEMU exited while waiting for {what}; console:\n{self.tail()}")
            value = check()
            if value:
                return value
            time.sleep(2)
        raise TestFailure(f"{self.name}: no {what} within {timeout} s; console:\n{self.tail()}")

    def tail(self, lines=40):
        try:
            with open(self.console, encoding="utf-8", errors="replace") as f:
                return "".join(f.readlines()[-lines:])
        except FileNotFoundError:
            return "(no console output)"

    def monitor_command(self, command):
        with socket.socket(socket.AF_UNIX) as s:
            s.connect(self.monitor)
            s.settimeout(5)
            time.sleep(0.3)
            s.recv(4096)
            s.sendall(command.encode() + b"\n")
            time.sleep(0.5)

    def unplug(self, disk_id):
        """Pulls an extra disk out, as a hand pulls a USB cable (PCIe hot-unplug: the guest sees the device go)."""
        self.monitor_command(f"device_del {disk_id}")

    def plug(self, disk_id):
        """Plugs an extra disk back in on its own root port, with a fresh QEMU drive for the same image file."""
        port, (_, path, serial) = next((i, d) for i, d in enumerate(self.extra_disks, start=1) if d[0] == disk_id)
        self.plugs += 1
        drive = f"drv-{disk_id}-{self.plugs}"
        self.monitor_command(f"drive_add 0 file={path},if=none,id={drive},format=raw")
        self.monitor_command(f"device_add virtio-blk-pci,drive={drive},id={disk_id},bus=rp{port},serial={serial}")

    def power_off(self, timeout):
        """ACPI power button (amd64): logind shuts the system down cleanly; QEMU exits (-no-reboot)."""
        self.monitor_command("system_powerdown")
        try:
            self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            raise TestFailure(f"{self.name}: did not power off within {timeout} s; console:\n{self.tail()}")

    def kill(self):
        if self.alive():
            self.process.kill()
            self.process.wait()

    def url(self, path, port=None):
        return f"http://127.0.0.1:{port or self.http_port}{path}"


class Http:
    """JSON over HTTP to PiVault in the VM."""

    def __init__(self, base):
        self.base = base
        self.token = None

    def request(self, method, path, body=None, expect=200, headers=None, raw=False):
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(self.base + path, data=data, method=method)
        if data is not None:
            request.add_header("Content-Type", "application/json")
        if self.token:
            request.add_header("Authorization", f"Bearer {self.token}")
        for key, value in (headers or {}).items():
            request.add_header(key, value)
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                status, content, kind = response.status, response.read(), response.headers.get("Content-Type", "")
        except urllib.error.HTTPError as error:
            status, content, kind = error.code, error.read(), error.headers.get("Content-Type", "")
        if expect is not None and status != expect:
            raise TestFailure(f"{method} {path}: HTTP {status}, expected {expect}: {content[:300]!r}")
        if raw:
            return status, content, kind
        return json.loads(content) if content and "json" in kind else content


def wait_http(url, timeout, vm):
    def answered():
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                return response.status == 200
        except (urllib.error.URLError, OSError):
            return False
    return vm.wait_for(f"HTTP answer from {url}", answered, timeout)


def copy_sparse(source, target, grow_bytes):
    """Decompresses the shipped .img.xz (or copies a --raw build's .img) to a test disk and makes the 'card' bigger."""
    if not source.endswith(".xz"):
        subprocess.run(["cp", "--sparse=always", source, target], check=True)
    else:
        with open(target, "wb") as out:
            subprocess.run(["xz", "-dc", source], stdout=out, check=True)
    with open(target, "r+b") as out:
        out.truncate(os.path.getsize(target) + grow_bytes)


def have(tool):
    return shutil.which(tool) is not None
