#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""System tests of the virtio devices the hypervisor serves, on every ISA
port: Debian's stock Linux with its virtio_mmio and virtio_blk modules
mounts the zone's disk (configs/<board>/virtio.dts), writes a file, restarts
its zone with reboot -f and finds the file again; with console=hvc0 on the
virtio console (configs/<board>/virtio-console.dts) it reaches its shell
and runs typed commands; the bare zone runs on beside. test_console_exits
compares the exits of a boot with the console on the UART and on hvc0;
test_net puts two Linux zones on one virtio-net switch (net.dts).

usage: test_virtio.py ARCH [TEST...]  (TEST: a test function's name)"""
import hashlib
import os
import random
import re
import sys

sys.path.insert(0, os.path.dirname(__file__))
from zvtest import (ARCHES, NO_QEMU_LVZ, ROOT, Qemu, Suite, TestFailure,  # noqa: E402
                    build_config, exit_stats_rx, focus, linux_shell, shell_run)
from zones_common import heartbeat_advances  # noqa: E402

ARCH = sys.argv[1] if len(sys.argv) > 1 else "riscv64"
suite = Suite(ARCH)
PLATFORM_DIR = os.path.join(ROOT, "configs", ARCHES[ARCH]["platform"])
# What the disk image holds when the machine starts (tools/zvcfg/zvcfg.mk).
DISK_README = f"zonevisor disk for {ARCH}"


def boot(name, **kw):
    return Qemu(ARCH, build_config(ARCH, name), **kw)


def test_blk():
    q = boot("virtio")
    try:
        start = linux_shell(q, 0)
        out = q.text()[:start]
        suite.ok("blk: /init loads virtio_mmio and virtio_blk",
                 "ZV-INIT: insmod" not in out and "virtio_blk virtio0" in out,
                 "an insmod failed, or no virtio-blk device")
        m = shell_run(q, "echo $(cat /sys/block/vda/size) $(cat /sys/block/vda/serial) id-end",
                r"\[linux\] (\d+) (\S*) id-end")
        suite.ok("blk: Linux sees /dev/vda, 8 MiB", m.group(1) == str(8 << 20 >> 9),
                 f"{m.group(1)} sectors")
        suite.ok("blk: GET_ID names the zone", m.group(2) == "zv-linux", m.group(2))
        shell_run(q, "mount -t ext2 /dev/vda /mnt && echo mounted-$((1+1))", r"mounted-2")
        m = shell_run(q, "cat /mnt/README", r"\[linux\] (zonevisor disk for \S+)")
        suite.ok("blk: mounts the ext2 image and reads it", m.group(1) == DISK_README,
                 m.group(1))
        # 64 KiB of a known pattern: more than one request's segment.
        shell_run(q, "i=0; while [ $i -lt 1024 ]; do echo line-$i-of-the-zonevisor-disk-test-xxxxx;"
            " i=$((i+1)); done >/mnt/kept.txt; sync; md5sum /mnt/kept.txt; echo written-3",
            r"written-3")
        want = shell_run(q, "md5sum /mnt/kept.txt", r"\[linux\] ([0-9a-f]{32})  /mnt/kept.txt").group(1)
        shell_run(q, "umount /mnt && echo unmounted-4", r"unmounted-4")
        mark = len(q.text())
        q.send("reboot -f\r")
        q.expect(r"\[zv\] zone linux restarting: guest reset", 120, start=mark)
        q.expect(r"\[zv\] " + exit_stats_rx("linux"), 30, start=mark)
        start = linux_shell(q, mark)
        suite.ok("blk: Linux restarts with reboot -f", True)
        shell_run(q, "mount -t ext2 /dev/vda /mnt && echo mounted-$((2+3))", r"mounted-5")
        m = shell_run(q, "md5sum /mnt/kept.txt", r"\[linux\] ([0-9a-f]{32})  /mnt/kept.txt")
        suite.ok("blk: the file written before the restart is there, same content",
                 m.group(1) == want, f"{m.group(1)} != {want}")
        m = shell_run(q, "wc -l < /mnt/kept.txt", r"\[linux\] +(\d+)\r?\n")
        suite.ok("blk: ... all 1024 lines", m.group(1) == "1024", m.group(1))
        out = q.text()
        suite.ok("blk: no device refused a request", "needs reset" not in out)
        q.expect(r"\[bare\] heartbeat \d+", 30, start=len(out))
        suite.ok("blk: bare zone keeps running beside", True)
    except TestFailure as e:
        suite.ok("blk", False, f"{e}; log {suite.save_log('virtio-blk', q)}")
    finally:
        q.close()


def boot_to_shell_and_off(name):
    """Boot config name to Linux's shell, check a typed command runs, power
    the zone off; the zone's exit counts (a match of exit_stats_rx)."""
    q = boot(name)
    try:
        linux_shell(q, 0)
        shell_run(q, "echo typed-$((6*7))", r"typed-42")
        mark = len(q.text())
        q.send("poweroff -f\r")
        q.expect(r"\[zv\] zone linux stopped: guest powered off", 120, start=mark)
        return q, q.expect(r"\[zv\] " + exit_stats_rx("linux"), 30, start=mark)
    except TestFailure:
        q.close()
        raise


def test_console():
    q = boot("virtio-console")
    try:
        linux_shell(q, 0)
        suite.ok("console: Linux with console=hvc0 reaches its shell", True)
        m = shell_run(q, "echo $(cat /sys/class/tty/console/active) $(tty) tty-end",
                r"\[linux\] (.*) tty-end")
        suite.ok("console: the shell runs on hvc0, the kernel's console",
                 m.group(1).split() == ["hvc0", "/dev/hvc0"], m.group(1))
        shell_run(q, "echo hvc-$((6*7))", r"hvc-42")
        suite.ok("console: typed commands run", True)
        # A paste longer than the receive queue: back-pressure, nothing lost.
        line = "".join(chr(97 + i % 26) for i in range(300))
        m = shell_run(q, f"echo {line} | wc -c", r"\[linux\] +(\d+)\r?\n", 120)
        suite.ok("console: a 300-character line arrives whole", m.group(1) == "301",
                 m.group(1))
        shell_run(q, "echo zv-kmsg-$((3+4)) >/dev/kmsg", r"\[linux\] \[ *[0-9.]+\] zv-kmsg-7")
        suite.ok("console: kernel messages reach the console through hvc0", True)
        # Not the root: its device has port 0 only, so zvctl finds no
        # control port (docs/management.md).
        mark = len(q.text())
        m = shell_run(q, "ls /sys/class/virtio-ports; cat /sys/class/virtio-ports/*/name;"
                " zvctl list; echo zvctl-rc=$?", r"zvctl-rc=(\d+)")
        ports = q.text()[mark:m.start()]
        suite.ok("console: a non-root zone has port 0 only and no control port, zvctl exits 2",
                 m.group(1) == "2" and "vport0p0" in ports and "vport0p1" not in ports
                 and "zv-console" not in ports, f"{m.group(0)}: {ports[-300:]!r}")
        out = q.text()
        q.expect(r"\[bare\] heartbeat \d+", 30, start=len(out))
        suite.ok("console: bare zone keeps running beside", True)
        suite.ok("console: no device refused a request", "needs reset" not in q.text())
    except TestFailure as e:
        suite.ok("console", False, f"{e}; log {suite.save_log('virtio-console', q)}")
    finally:
        q.close()


def test_console_exits():
    """Exits of a boot to the shell and one command, console on the UART
    (demo) against console on hvc0: printed for the report; the hvc boot
    must cost fewer emulated-device exits."""
    counts = {}
    for name in ("demo", "virtio-console"):
        try:
            q, m = boot_to_shell_and_off(name)
            q.close()
        except TestFailure as e:
            suite.ok(f"exits: {name}", False, str(e))
            return
        counts[name] = m.groupdict()
        print(f"  {name}: {m.group(0)}", flush=True)
    uart, hvc = int(counts["demo"]["mmio"]), int(counts["virtio-console"]["mmio"])
    suite.ok(f"exits: console on hvc0 costs fewer MMIO exits ({hvc}) than on the UART ({uart})",
             hvc < uart, f"hvc {hvc}, uart {uart}")


def zrun(q, zone, cmd, pattern, timeout=60):
    """Type cmd at the focused zone's shell; the match of [zone] pattern."""
    return shell_run(q, cmd, r"\[" + zone + r"\] " + pattern, timeout)


PING_RX = r"\d+ packets transmitted, (\d+) packets received"


def test_net():
    """Two Linux zones on one network (configs/<board>/net.dts), alpha with a
    disk, beside a bare-metal zone: ping each way, 4 MiB over TCP (busybox
    nc) checked by md5, alpha's disk mounted, the bare zone's heartbeat
    going on, and a zone that changes its MAC is cut off, the hypervisor
    counting the spoofed frames."""
    q = boot("net")
    try:
        # An unfocused zone's partial line (its prompt) shows only later.
        q.expect(r"\[beta\] ZV-INIT: up", 240)
        q.expect(r"\[alpha\] ZV-INIT: up", 240)
        q.expect(r"\[alpha\] .*# ", 60)
        suite.ok("net: both zones load virtio_net", "ZV-INIT: insmod" not in q.text(),
                 "an insmod failed")
        m = zrun(q, "alpha", "cat /sys/class/net/eth0/address; echo mac-$((0+1))",
                 r"([0-9a-f:]{17})\r?\n")
        suite.ok("net: alpha's MAC is 02:7a:76:00:00:00", m.group(1) == "02:7a:76:00:00:00",
                 m.group(1))
        # The negotiated features, one '0'/'1' per bit from bit 0: CSUM (0),
        # GUEST_CSUM (1), GUEST_TSO4 (7), HOST_TSO4 (11) in use.
        m = zrun(q, "alpha", "echo feat-$((0+7)) $(cat /sys/class/net/eth0/device/features)",
                 r"feat-7 ([01]+)")
        f = m.group(1)
        suite.ok("net: alpha's driver took the offloads (CSUM, GUEST_CSUM, TSO4 both ways)",
                 len(f) > 11 and all(f[b] == "1" for b in (0, 1, 7, 11)), f)
        # MRG_RXBUF (15): the 4 MiB below arrives spread over RX chains;
        # EVENT_IDX (29): notifies and interrupts by the event indexes.
        suite.ok("net: alpha's driver took MRG_RXBUF and EVENT_IDX",
                 len(f) > 29 and f[15] == "1" and f[29] == "1", f)
        zrun(q, "alpha", "ip addr add 10.0.0.1/24 dev eth0 && ip link set eth0 up &&"
             " echo up-$((1+1))", r"up-2")
        focus(q, "beta", presses=3)
        m = zrun(q, "beta", "cat /sys/class/net/eth0/address; echo mac-$((0+1))",
                 r"([0-9a-f:]{17})\r?\n")
        suite.ok("net: beta's MAC is 02:7a:76:00:00:01", m.group(1) == "02:7a:76:00:00:01",
                 m.group(1))
        zrun(q, "beta", "ip addr add 10.0.0.2/24 dev eth0 && ip link set eth0 up &&"
             " echo up-$((1+2))", r"up-3")
        m = zrun(q, "beta", "ping -c 3 -W 5 10.0.0.1", PING_RX, 60)
        suite.ok("net: beta pings alpha, 3 of 3", m.group(1) == "3", m.group(1))
        # busybox nc serves the file to the first connection and closes
        # the connection at the file's end, so the client's nc ends too.
        # 524288 numbers of 8 bytes: 4 MiB in which a lost, doubled or
        # reordered segment changes the md5 (not /dev/urandom: a fresh
        # 1-vCPU zone may wait long for its entropy).
        want = zrun(q, "beta", "seq 1000000 1524287 >/tmp/blob && md5sum /tmp/blob &&"
                    " (nc -l -p 5000 </tmp/blob &)",
                    r"([0-9a-f]{32})  /tmp/blob", 240).group(1)
        focus(q, "alpha", presses=3)
        m = zrun(q, "alpha", "ping -c 3 -W 5 10.0.0.2", PING_RX, 60)
        suite.ok("net: alpha pings beta, 3 of 3", m.group(1) == "3", m.group(1))
        m = zrun(q, "alpha", "nc 10.0.0.2 5000 | md5sum",
                 r"([0-9a-f]{32})  -", 240)
        suite.ok("net: 4 MiB from beta to alpha over TCP (nc), same md5", m.group(1) == want,
                 f"{m.group(1)} != {want}")
        m = zrun(q, "alpha", "mount -t ext2 /dev/vda /mnt && cat /mnt/README",
                 r"(zonevisor disk for \S+)")
        suite.ok("net: alpha mounts its virtio-blk disk beside its NIC", m.group(1) == DISK_README,
                 m.group(1))
        heartbeat_advances(q, len(q.text()))
        suite.ok("net: the bare-metal zone beside them keeps its heartbeat", True)
        rx = "echo rx-$((0+5)) $(cat /sys/class/net/eth0/statistics/rx_packets)"
        mark = len(q.text())
        zrun(q, "alpha", "ip link set eth0 address 02:00:00:00:00:99 && echo spoof-$((2+2))",
             r"spoof-4")
        # Counted from after the change: alpha's frames from then on all
        # carry the new source (before it, e.g. a late TCP ACK may pass).
        focus(q, "beta", presses=3)
        before = int(zrun(q, "beta", rx, r"rx-5 (\d+)").group(1))
        focus(q, "alpha", presses=3)
        m = zrun(q, "alpha", "ping -c 2 -W 2 10.0.0.2", PING_RX, 60)
        suite.ok("net: with another MAC alpha no longer reaches beta", m.group(1) == "0",
                 m.group(1))
        spoof_log = q.text()[mark:]
        focus(q, "beta", presses=3)
        after = int(zrun(q, "beta", rx, r"rx-5 (\d+)").group(1))
        suite.ok("net: beta receives none of alpha's spoofed frames", after == before,
                 f"rx_packets {before} -> {after}")
        suite.ok("net: the hypervisor reports the spoofed frames",
                 re.search(r"zone alpha: virtio-net: dropped frame from 02:00:00:00:00:99",
                           spoof_log) is not None, "no message")
    except TestFailure as e:
        suite.ok("net", False, f"{e}; log {suite.save_log('virtio-net', q)}")
    finally:
        q.close()


PT_DISK_SECTORS = 8192  # 4 MiB
PT_WRITE_SECTOR = 4096  # where the zone writes its marker


def pt_disk():
    """A 4 MiB raw disk of a fixed pseudo-random pattern for QEMU's own
    virtio-blk device; its md5."""
    path = os.path.join(ROOT, "build", "test-logs", f"pt-disk-{ARCH}.img")
    rnd = random.Random(ARCH)
    data = rnd.randbytes(PT_DISK_SECTORS * 512)
    with open(path, "wb") as f:
        f.write(data)
    return path, hashlib.md5(data).hexdigest()


def test_passthrough():
    """QEMU's own virtio-mmio transport with a virtio-blk disk, passed through
    to the Linux zone (passthrough.dts): the stock driver finds it from the
    generated tree, its interrupt arrives, reads match the host file and a
    write lands in it, while the sibling's heartbeat goes on."""
    path, want = pt_disk()
    q = boot("passthrough", extra=["-drive", f"file={path},if=none,format=raw,id=pt0",
                                   "-device", "virtio-blk-device,drive=pt0"])
    try:
        start = linux_shell(q, 0)
        m = shell_run(q, "echo $(cat /sys/block/vda/size) size-end", r"\[linux\] (\d+) size-end")
        suite.ok("passthrough: Linux finds QEMU's virtio-blk as /dev/vda, 4 MiB",
                 m.group(1) == str(PT_DISK_SECTORS), f"{m.group(1)} sectors")
        m = shell_run(q, "md5sum /dev/vda", r"\[linux\] ([0-9a-f]{32})  /dev/vda", 120)
        suite.ok("passthrough: the zone reads the host's disk file, same md5",
                 m.group(1) == want, f"{m.group(1)} != {want}")
        shell_run(q, f"echo zone-wrote-this | dd of=/dev/vda bs=512 seek={PT_WRITE_SECTOR}"
            " conv=fsync 2>/dev/null; echo wrote-$((3+4))", r"wrote-7")
        with open(path, "rb") as f:
            f.seek(PT_WRITE_SECTOR * 512)
            got = f.read(16)
        suite.ok("passthrough: the zone's write lands in the host's disk file",
                 got == b"zone-wrote-this\n", repr(got))
        # The counts of every CPU on the virtio line, summed.
        m = shell_run(q, "awk '/virtio/ {n = 0; for (i = 2; i <= NF && $i ~ /^[0-9]+$/; i++)"
                " n += $i; print \"irqs\", n}' /proc/interrupts", r"\[linux\] irqs (\d+)")
        suite.ok("passthrough: the device's interrupt reaches the zone", int(m.group(1)) > 0,
                 m.group(1))
        heartbeat_advances(q, len(q.text()))
        suite.ok("passthrough: the sibling's heartbeat goes on", True)
    except TestFailure as e:
        suite.ok("passthrough", False, f"{e}; log {suite.save_log('virtio-pt', q)}")
    finally:
        q.close()


if __name__ == "__main__":
    if ARCH == "loongarch64" and not ARCHES[ARCH]["qemu"]:
        suite.skip("LVZ zone tests", NO_QEMU_LVZ)
        suite.finish()
    print(f"{ARCH}: QEMU {ARCHES[ARCH]['qemu']}", flush=True)
    for config, test in [("virtio", test_blk), ("virtio-console", test_console),
                         ("virtio-console", test_console_exits), ("net", test_net),
                         ("passthrough", test_passthrough)]:
        if sys.argv[2:] and test.__name__ not in sys.argv[2:]:
            continue
        if os.path.exists(os.path.join(PLATFORM_DIR, config + ".dts")):
            test()
        elif config == "passthrough":
            suite.skip(test.__name__, f"QEMU's {ARCHES[ARCH]['platform']} board has no "
                       "virtio-mmio transport of its own, and the stock kernel finds PCI "
                       "only through ACPI (docs/virtio.md, Passthrough)")
        else:
            suite.skip(test.__name__, f"no {config}.dts for {ARCH}")
    suite.finish()
