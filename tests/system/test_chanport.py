#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""System tests of the Linux end of a channel (docs/channels.md, src/core/
chan_port.c) on every ISA port: Debian's stock Linux with console=hvc0
(configs/<board>/chanlinux.dts) finds channel "echo" as a named virtio-
console port, writes 1 MiB of random data to it and reads back what the
bare zone (guests/common/chanecho.c) echoes over the zvchan rings; the md5
sums must match. The hostile variant's bare zone corrupts the ring headers
after 64 KiB: the hypervisor stops the port and says so, Linux stays up.

usage: test_chanport.py ARCH [TEST...]  (TEST: a test function's name)"""
import os
import re
import sys
import time

sys.path.insert(0, os.path.dirname(__file__))
from zvtest import (ARCHES, NO_QEMU_LVZ, ROOT, Qemu, Suite, TestFailure,  # noqa: E402
                    build_config, build_config_variant, focus, linux_shell, shell_run)

ARCH = sys.argv[1] if len(sys.argv) > 1 else "riscv64"
suite = Suite(ARCH)
PLATFORM_DIR = os.path.join(ROOT, "configs", ARCHES[ARCH]["platform"])
MIB = 1 << 20


def find_port_cmd(name):
    """Shell line printing the /dev name of the port named name."""
    return ("P=; for f in /sys/class/virtio-ports/*; do "
            f"[ \"$(cat $f/name)\" = {name} ] && P=$(basename $f); done; echo port-$P-end")


def find_port(q, name="echo", zone="linux"):
    m = shell_run(q, find_port_cmd(name), r"\[" + zone + r"\] port-(\S*)-end")
    return m.group(1)


def echo_cmd(port, size, limit):
    """Shell line: one open of the port (Linux allows one), a reader in the
    background, size bytes of /tmp/in written, wait (limit s at most) for
    the echo; prints the md5 sums, byte count and uptime bounds.
    The wait's condition is two tests joined by &&, not test's -a: Debian
    loong64's BusyBox 1.38.0 gets `[ 5 -lt 5 -a 1 -lt 600 ]` wrong (true),
    so such a loop ran to its bound however soon the echo was complete."""
    return (f"exec 3<>/dev/{port}; cat <&3 >/tmp/out & "
            f"t0=$(cut -d' ' -f1 /proc/uptime); dd if=/tmp/in bs=4096 2>/dev/null >&3; i=0; "
            f"while [ $(wc -c </tmp/out) -lt {size} ] && [ $i -lt {limit * 10} ]; do "
            f"usleep 100000; i=$((i+1)); done; t1=$(cut -d' ' -f1 /proc/uptime); "
            f"kill $!; exec 3>&-; echo echo-$(wc -c </tmp/out)-$t0-$t1-"
            f"$(md5sum </tmp/in | cut -c1-32)-$(md5sum </tmp/out | cut -c1-32)-end")


ECHO_RX = r"\[linux\] echo-(\d+)-([\d.]+)-([\d.]+)-([0-9a-f]{32})-([0-9a-f]{32})-end"
PAIR_BYTES = 512 << 10


def test_echo():
    q = Qemu(ARCH, build_config(ARCH, "chanlinux"))
    try:
        linux_shell(q, 0)
        q.expect(r"\[echo\] ECHO ready", 30)
        port = find_port(q)
        suite.ok("linux sees channel 'echo' as a named virtio-console port",
                 bool(re.fullmatch(r"vport\d+p\d+", port)), f"port '{port}'")
        shell_run(q, f"dd if=/dev/urandom of=/tmp/in bs=4096 count={MIB // 4096} 2>/dev/null; "
            "echo made-$((2*3))", r"made-6")
        mark = len(q.text())
        t_start = time.monotonic()
        q.send(echo_cmd(port, MIB, 60) + "\r")
        # The bare zone counts what it sent back; then Linux must have it all
        # within 60 s of guest time.
        q.expect(r"\[echo\] ECHO echoed 1048576 bytes", 900, start=mark)
        print(f"# {ARCH}: the bare zone echoed 1 MiB after {time.monotonic() - t_start:.0f} s "
              "wall", flush=True)
        m = q.expect(ECHO_RX, 300, start=mark)
        got, t0, t1, md5_in, md5_out = m.groups()
        suite.ok("1 MiB written to the port comes back whole through the bare echo",
                 int(got) == MIB and md5_in == md5_out, f"{got} bytes, {md5_in} vs {md5_out}")
        secs = max(float(t1) - float(t0), 0.01)
        print(f"# {ARCH} channel port echo: 1 MiB each way in {secs:.2f} s guest time "
              f"({int(MIB / secs)} bytes/s, TCG)", flush=True)
        # The wait ends as soon as the echo is whole: well inside its 60 s
        # bound (a wait that only ended at the bound took 130 to 160 s).
        suite.ok("the echo is complete within 30 s of guest time", secs < 30, f"{secs:.1f} s")
        out = q.text()
        suite.ok("no ring corruption reported, no device reset",
                 "outside the ring" not in out and "needs reset" not in out)
        shell_run(q, "echo still-$((20+22))", r"still-42")
        suite.ok("linux shell still answers after the transfer", True)
    except TestFailure as e:
        suite.ok("echo", False, f"{e}; log {suite.save_log('chanport-echo', q)}")
    finally:
        q.close()


def test_hostile():
    hostile = build_config_variant(
        ARCH, "chanlinux", "chanlinux-hostile",
        lambda t: t.replace("echo {\n\t\t\tid = <1>;", "echo {\n\t\t\tid = <2>;", 1))
    q = Qemu(ARCH, hostile)
    try:
        linux_shell(q, 0)
        q.expect(r"\[echo\] ECHO ready", 30)
        port = find_port(q)
        shell_run(q, "dd if=/dev/urandom of=/tmp/in bs=4096 count=64 2>/dev/null; echo made-$((2*4))",
            r"made-8")
        mark = len(q.text())
        m = shell_run(q, echo_cmd(port, 256 << 10, 20), ECHO_RX, 200)
        out = q.text()[mark:]
        suite.ok("hostile peer: it corrupted the ring headers",
                 "[echo] ECHO corrupted the ring headers" in out)
        suite.ok("hostile peer: the hypervisor refuses the index and stops the port",
                 bool(re.search(r"\[zv\] channel echo: peer wrote index \d+ outside the ring",
                                q.text())), "no refusal line")
        suite.ok("hostile peer: Linux got at most what was echoed before", int(m.group(1)) < 256 << 10,
                 m.group(1))
        shell_run(q, "echo alive-$((40+3))", r"alive-43")
        suite.ok("hostile peer: Linux stays up and its shell answers", True)
        q.expect(r"\[echo\] ECHO alive \d+", 30)
        suite.ok("hostile peer: the hypervisor and the bare zone keep running",
                 "panic" not in q.text().lower())
    except TestFailure as e:
        suite.ok("hostile", False, f"{e}; log {suite.save_log('chanport-hostile', q)}")
    finally:
        q.close()


def test_linux_pair():
    """Two Linux zones on channel "link" (chanlinux2.dts), both ends served
    by the hypervisor: beta echoes what it reads (and keeps a copy), alpha
    writes 512 KiB and reads the echo; three md5 sums must agree."""
    q = Qemu(ARCH, build_config(ARCH, "chanlinux2"))
    try:
        q.expect(r"\[beta\] ZV-INIT: up", 240)
        q.expect(r"\[alpha\] ZV-INIT: up", 240)
        q.expect(r"\[alpha\] .*# ", 60)
        pa = find_port(q, "link", "alpha")
        focus(q, "beta")
        pb = find_port(q, "link", "beta")
        suite.ok("two Linux zones: both see channel 'link' as a named port",
                 all(re.fullmatch(r"vport\d+p\d+", p) for p in (pa, pb)), f"'{pa}' '{pb}'")
        # One open of the port (Linux allows one): cat reads it, tee keeps
        # a copy and writes it back.
        shell_run(q, f"exec 3<>/dev/{pb}; (cat <&3 | tee /tmp/got >&3) & echo beta-$((3*3))",
            r"\[beta\] beta-9")
        focus(q, "alpha")
        shell_run(q, f"dd if=/dev/urandom of=/tmp/in bs=4096 count={PAIR_BYTES // 4096} "
            "2>/dev/null; echo made-$((2*5))", r"\[alpha\] made-10")
        mark = len(q.text())
        m = shell_run(q, echo_cmd(pa, PAIR_BYTES, 120).replace("echo echo-", "echo pair-"),
                r"\[alpha\] pair-(\d+)-([\d.]+)-([\d.]+)-([0-9a-f]{32})-([0-9a-f]{32})-end",
                400)
        got, t0, t1, md5_in, md5_out = m.groups()
        suite.ok("two Linux zones: 512 KiB from alpha comes back from beta whole",
                 int(got) == PAIR_BYTES and md5_in == md5_out,
                 f"{got} bytes, {md5_in} vs {md5_out}")
        secs = max(float(t1) - float(t0), 0.01)
        print(f"# {ARCH} Linux-Linux channel echo: 512 KiB each way in {secs:.2f} s guest time "
              f"({int(PAIR_BYTES / secs)} bytes/s, TCG)", flush=True)
        focus(q, "beta")
        m = shell_run(q, "echo got-$(wc -c </tmp/got)-$(md5sum </tmp/got | cut -c1-32)-end",
                r"\[beta\] got-(\d+)-([0-9a-f]{32})-end")
        suite.ok("two Linux zones: beta received exactly what alpha wrote",
                 int(m.group(1)) == PAIR_BYTES and m.group(2) == md5_in,
                 f"{m.group(1)} bytes, {m.group(2)} vs {md5_in}")
        out = q.text()[mark:]
        suite.ok("two Linux zones: no ring corruption, no device reset",
                 "outside the ring" not in out and "needs reset" not in out)
    except TestFailure as e:
        suite.ok("linux pair", False, f"{e}; log {suite.save_log('chanport-pair', q)}")
    finally:
        q.close()


if __name__ == "__main__":
    if ARCH == "loongarch64" and not ARCHES[ARCH]["qemu"]:
        suite.skip("LVZ zone tests", NO_QEMU_LVZ)
        suite.finish()
    print(f"{ARCH}: QEMU {ARCHES[ARCH]['qemu']}", flush=True)
    configs = {test_echo: "chanlinux", test_hostile: "chanlinux",
               test_linux_pair: "chanlinux2"}
    for test in (test_echo, test_hostile, test_linux_pair):
        if sys.argv[2:] and test.__name__ not in sys.argv[2:]:
            continue
        if os.path.exists(os.path.join(PLATFORM_DIR, configs[test] + ".dts")):
            test()
        else:
            suite.skip(test.__name__, f"no {configs[test]}.dts for {ARCH}")
    suite.finish()
