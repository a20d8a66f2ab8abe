#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""System tests that run on every ISA port: boot, bare-metal self test,
isolation probe, Debian Linux in a zone beside a bare-metal zone, console
focus, and the hypervisor's own check of the zone table.

usage: test_zones.py ARCH"""
import os
import sys

sys.path.insert(0, os.path.dirname(__file__))
from zvtest import ROOT, Qemu, Suite, TestFailure, build_config  # noqa: E402

ARCH = sys.argv[1] if len(sys.argv) > 1 else "riscv64"
suite = Suite(ARCH)
SELFTESTS = ["hypercall-version", "hypercall-zone-id", "hypercall-console",
             "hypercall-bad-pointer", "hypercall-unknown", "firmware-call",
             "mmio-id", "mmio-rw64", "mmio-rw32", "mmio-rw16-8", "mmio-counter",
             "timer-irq", "timer-not-early", "device-irq", "cpu-start",
             "ipi-roundtrip", "cpu-start-again-refused"]


def boot(name, **kw):
    return Qemu(ARCH, build_config(ARCH, name), **kw)


def test_selftest():
    q = boot("selftest")
    try:
        q.expect(r"\[zv\] zonevisor .* on ", 30)
        suite.ok("banner", True)
        q.expect(r"4 cpus online, starting 2 zones", 30)
        suite.ok("all cpus online", True)
        q.expect(r"SELFTEST: \d+ passed, \d+ failed", 120)
        out = q.text()
        for t in SELFTESTS:
            good = f"[selftest] TEST {t}: PASS" in out
            suite.ok(f"selftest {t}", good, "" if good else "no PASS line")
        suite.ok("selftest hypercall console output tagged",
                 "[selftest] hello through HC_CONSOLE_WRITE" in out)
        beats = q.count(r"\[beat\] heartbeat \d+")
        q.expect(r"\[beat\] heartbeat \d+", 30, start=len(out))
        suite.ok("sibling zone runs beside the selftest", beats > 0)
    except TestFailure as e:
        suite.ok("selftest boot", False, f"{e}; log {suite.save_log('selftest', q)}")
    finally:
        q.close()


def test_isolation():
    q = boot("isolation")
    try:
        q.expect(r"probe: touching", 60)
        m = q.expect(r"zone probe stopped: fault", 60)
        suite.ok("probe stopped by the hypervisor", True)
        out = q.text()
        suite.ok("probe reported at the faulting address",
                 "access outside the zone: addr 0x89000000" in out)
        suite.ok("probe never escaped", "PROBE ESCAPED" not in out
                 and "probe: read" not in out)
        before = q.count(r"\[beat\] heartbeat \d+")
        q.expect(r"\[beat\] heartbeat \d+", 20, start=m.end())
        q.expect(r"\[beat\] heartbeat \d+", 20, start=len(q.text()))
        after = q.count(r"\[beat\] heartbeat \d+")
        suite.ok("sibling heartbeat advances after the fault", after >= before + 2)
    except TestFailure as e:
        suite.ok("isolation", False, f"{e}; log {suite.save_log('isolation', q)}")
    finally:
        q.close()


def test_linux():
    q = boot("demo")
    try:
        q.expect(r"\[linux\] .*Linux version", 120)
        suite.ok("linux: stock Debian kernel starts in a zone", True)
        q.expect(r"\[linux\] ZV-INIT: up", 240)
        suite.ok("linux: reaches /init", True)
        q.expect(r"\[linux\] .*# ", 60)
        mark = len(q.text())
        q.send("echo zv-$((6*7))\r")
        q.expect(r"zv-42", 60, start=mark)
        suite.ok("linux: typed command runs at the shell", True)
        mark = len(q.text())
        q.send("grep -c ^processor /proc/cpuinfo\r")
        m = q.expect(r"\[linux\] (\d+)\r?\n", 60, start=mark)
        suite.ok("linux: sees its 2 vCPUs", m.group(1) == "2", f"saw {m.group(1)}")
        mark = len(q.text())
        q.send("cat /proc/interrupts | grep -c ttyS0; grep MemTotal /proc/meminfo\r")
        m = q.expect(r"MemTotal:\s+(\d+) kB", 60, start=mark)
        kb = int(m.group(1))
        # 256 MiB less the kernel image and reservations; the board has 2 GiB.
        suite.ok("linux: sees only its own 256 MiB", 150000 < kb <= 262144, f"{kb} kB")
        out = q.text()
        suite.ok("bare zone passes its selftest beside Linux",
                 "[bare] SELFTEST: 17 passed, 0 failed" in out)
        mark = len(out)
        q.expect(r"\[bare\] heartbeat \d+", 30, start=mark)
        suite.ok("bare zone keeps running beside Linux", True)
        q.send("\x1d")
        q.expect(r"\[zv\] input focus: bare", 20, start=mark)
        q.send("\x1d")
        q.expect(r"\[zv\] input focus: linux", 20, start=mark)
        mark = len(q.text())
        q.send("echo back-$((1+1))\r")
        q.expect(r"back-2", 60, start=mark)
        suite.ok("console focus switches and returns", True)
    except TestFailure as e:
        suite.ok("linux", False, f"{e}; log {suite.save_log('linux', q)}")
    finally:
        q.close()


def test_corrupt_table():
    """The hypervisor re-checks the zone table and refuses a corrupted one."""
    args = build_config(ARCH, "selftest")
    src = [a for a in args if "zones.bin" in a][0]
    path = src.split("file=")[1].split(",addr")[0]
    bad = os.path.join(ROOT, "build", ARCH, "cfg", "corrupt-zones.bin")
    data = bytearray(open(path, "rb").read())
    data[40] ^= 0xff  # inside zone 0's name
    open(bad, "wb").write(data)
    q = Qemu(ARCH, [a.replace(path, bad) for a in args])
    try:
        q.expect(r"zone table rejected, nothing booted", 30)
        out = q.text()
        suite.ok("corrupted zone table refused before any guest runs",
                 "checksum" in out and "[selftest]" not in out)
        q.wait_exit(30)
        suite.ok("machine powered off after refusing the table", True)
    except TestFailure as e:
        suite.ok("corrupt table", False, f"{e}; log {suite.save_log('corrupt', q)}")
    finally:
        q.close()


if __name__ == "__main__":
    test_selftest()
    test_isolation()
    test_corrupt_table()
    test_linux()
    suite.finish()
