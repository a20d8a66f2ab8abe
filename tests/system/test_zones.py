#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""System tests that run on every ISA port: boot, bare-metal self test,
isolation probe, Debian Linux in a zone beside a bare-metal zone, console
focus, and the hypervisor's own check of the zone table.

usage: test_zones.py ARCH [TEST...]  (TEST: a test function's name, e.g.
test_hostile_race, to run only those)"""
import os
import re
import sys

sys.path.insert(0, os.path.dirname(__file__))
from zvtest import (ARCHES, ROOT, Qemu, Suite, TestFailure, build_config,  # noqa: E402
                    build_config_variant, EXIT_CLASSES, exit_stats_rx)

ARCH = sys.argv[1] if len(sys.argv) > 1 else "riscv64"
suite = Suite(ARCH)
# Host address of the sibling zone's RAM, which the probe touches.
PROBE_ADDR = {"riscv64": "0x89000000", "aarch64": "0x49000000",
              "loongarch64": "0x89000000"}.get(ARCH)
# RAM of the Linux zone in configs/<platform>/demo.dts.
LINUX_ZONE_MIB = {"loongarch64": 512}
PLATFORM_DIR = os.path.join(ROOT, "configs", ARCHES[ARCH]["platform"])


def have_config(name):
    if os.path.exists(os.path.join(PLATFORM_DIR, name + ".dts")):
        return True
    suite.skip(name, f"no configs/{ARCHES[ARCH]['platform']}/{name}.dts for {ARCH} yet")
    return False
SELFTESTS = ["hypercall-version", "hypercall-zone-id", "hypercall-console",
             "hypercall-bad-pointer", "hypercall-unknown", "firmware-call",
             "mmio-id", "mmio-rw64", "mmio-rw32", "mmio-rw16-8", "mmio-counter",
             "timer-irq", "timer-not-early", "device-irq", "passthrough-irq", "cpu-start",
             "ipi-roundtrip", "cpu-start-again-refused", "cpu-stop", "cpu-restart",
             "irq-burst", "exit-regs"]
# Checks whose guest side exists only on some ISAs (more interrupts at once
# than GICv3 list registers; every GPR kept across each kind of exit,
# loongarch64's exit_regs.S): skipped elsewhere.
SELFTEST_ONLY_ON = {"irq-burst": ("aarch64",), "exit-regs": ("loongarch64",)}


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
            if ARCH not in SELFTEST_ONLY_ON.get(t, (ARCH,)):
                suite.skip(f"selftest {t}", "no guest side for this check on this ISA yet")
                continue
            good = f"[selftest] TEST {t}: PASS" in out
            suite.ok(f"selftest {t}", good,
                     "" if good else f"no PASS line; log {suite.save_log('selftest', q)}")
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
                 f"access outside the zone: addr {PROBE_ADDR}" in out)
        suite.ok("probe never escaped", "PROBE ESCAPED" not in out
                 and "probe: read" not in out)
        heartbeat_advances(q, m.end())
        suite.ok("sibling heartbeat advances after the fault", True)
    except TestFailure as e:
        suite.ok("isolation", False, f"{e}; log {suite.save_log('isolation', q)}")
    finally:
        q.close()


ASID_QUIRK = "LVZ quirk: guest ASID.ASIDBITS reads 0"


def test_linux():
    q = boot("demo")
    try:
        q.expect(r"\[linux\] .*Linux version", 120)
        suite.ok("linux: stock Debian kernel starts in a zone", True)
        if ASID_QUIRK in q.text():
            # The CPU model (the QEMU-LVZ fork) cannot give the guest an
            # ASID width: user space faults whatever the hypervisor does.
            q.expect(r"\[linux\] .*Run /init as init process", 240)
            suite.ok("linux: kernel boots to user space (Run /init)", True)
            suite.skip("linux: shell, vCPUs, memory, console focus",
                       "this LVZ model leaves guest ASID.ASIDBITS 0 (hypervisor: "
                       "'LVZ quirk'); Linux user space cannot run on it")
            return
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
        # The zone's RAM less the kernel image and reservations; the board
        # has 2 GiB. LoongArch's Debian kernel reserves ~128 MiB by itself.
        mib = LINUX_ZONE_MIB.get(ARCH, 256)
        suite.ok(f"linux: sees only its own {mib} MiB",
                 mib * 1024 * 0.5 < kb <= mib * 1024, f"{kb} kB")
        out = q.text()
        suite.ok("bare zone passes its selftest beside Linux",
                 re.search(r"\[bare\] SELFTEST: \d+ passed, 0 failed", out) is not None)
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


NONFATAL_ATTACKS = ["random-hypercalls", "hypercall-foreign-pointers",
                    "firmware-foreign-pointers", "hypercall-flood", "ipi-flood",
                    "foreign-cpus", "irqc-unowned-source",
                    "irqc-out-of-range-source", "privileged-instructions"]
FATAL_ATTACKS = ["read-sibling-ram", "write-sibling-ram", "read-hypervisor-ram",
                 "write-hypervisor-ram", "unassigned-device", "exec-sibling-ram",
                 "corrupt-vectors", "corrupt-page-tables"]


def heartbeat_advances(q, start, beats=2, timeout=20):
    """The sibling zone prints `beats` new heartbeats after offset start."""
    for _ in range(beats):
        m = q.expect(r"\[beat\] heartbeat \d+", timeout, start=start)
        start = m.end()


MEMORY_RX = re.compile(r"memory = <0x0 (0x[0-9a-f]+)\s+0x0 (0x[0-9a-f]+)\s+0x0 (0x[0-9a-f]+)>;")


def split_ram(text):
    """The first zone's one RAM region as two halves, back to back."""
    m = MEMORY_RX.search(text)
    gpa, hpa, size = (int(x, 16) for x in m.groups())
    half = size // 2
    regions = "  ".join(f"0x0 {g:#x}  0x0 {h:#x}  0x0 {half:#x}"
                        for g, h in ((gpa, hpa), (gpa + half, hpa + half)))
    return text[:m.start()] + f"memory = <{regions}>;" + text[m.end():]


def hostile_boot(attack_id, two_regions=False):
    def edit(t):
        t = t.replace("id = <0>;", f"id = <{attack_id}>;", 1)
        return split_ram(t) if two_regions else t
    return Qemu(ARCH, build_config_variant(ARCH, "hostile", f"hostile-{attack_id}", edit))


def second_region_listed(q):
    """The boot-time zone table lists the hostile zone's second RAM region
    (split_ram()) on a line of its own."""
    m = MEMORY_RX.search(open(os.path.join(PLATFORM_DIR, "hostile.dts")).read())
    gpa, hpa, size = (int(x, 16) for x in m.groups())
    line = rf"\[zv\] \s+{gpa + size // 2:#x}->{hpa + size // 2:#x}\+{size >> 21}M\r?\n"
    return re.search(line, q.text()) is not None


def test_hostile_nonfatal():
    q = hostile_boot(0)
    try:
        q.expect(r"\[hostile\] HOSTILE DONE", 120)
        out = q.text()
        for a in NONFATAL_ATTACKS:
            good = f"ATTACK {a}: DENIED" in out
            suite.ok(f"hostile {a}: denied, hypervisor up", good,
                     "" if good else "no DENIED line")
        heartbeat_advances(q, len(out))
        suite.ok("hostile: sibling heartbeat advances after the attacks", True)
    except TestFailure as e:
        suite.ok("hostile", False, f"{e}; log {suite.save_log('hostile', q)}")
    finally:
        q.close()


def test_hostile_fatal():
    for i, name in enumerate(FATAL_ATTACKS, start=1):
        q = hostile_boot(i)
        try:
            q.expect(rf"ATTACK {name}: trying", 60)
            m = q.expect(r"\[zv\] zone hostile stopped: fault", 30)
            heartbeat_advances(q, m.end())
            good = "BREACH" not in q.text()
            suite.ok(f"hostile {name}: zone stopped, sibling runs on", good,
                     "" if good else "BREACH printed")
        except TestFailure as e:
            suite.ok(f"hostile {name}", False,
                     f"{e}; log {suite.save_log('hostile-' + name, q)}")
        finally:
            q.close()


# Lifecycle races (guests/common/hostile.c, ids 9-12): one vCPU stops or
# resets the zone while the other keeps starting it.
RACES = [(9, "stop-race"), (10, "stop-race-reverse"), (11, "reset-race"),
         (12, "reset-race-reverse")]
RACE_BOOTS = 8  # hostile.c: the reset races power off after this many restarts
HOSTILE_EXITS_RX = r"\[zv\] " + exit_stats_rx("hostile")


def console_input_works(q, word):
    """Console input still reaches a zone: focus moves to the heartbeat
    zone (the hypervisor answers Ctrl-]) and a typed line comes back."""
    mark = len(q.text())
    q.send("\x1d")
    q.expect(r"\[zv\] input focus: beat", 20, start=mark)
    q.send(word + "\r")
    q.expect(r"\[beat\] heartbeat: typed " + word, 20, start=mark)


def race_reset_boots(q, name):
    """The zone restarts RACE_BOOTS times, each time at its configured
    entry (boots counted 1..RACE_BOOTS+1), then powers itself off; the
    match of its stop line and what went wrong, if anything."""
    q.expect(rf"\[hostile\] ATTACK {name}: DENIED", 180)
    stop = q.expect(r"\[zv\] zone hostile stopped: guest powered off", 30)
    out = q.text()
    boots = [int(b) for b in re.findall(
        rf"\[hostile\] ATTACK {re.escape(name)}: boot (\d+) at the configured entry", out)]
    restarts = out.count("[zv] zone hostile restarting: guest reset")
    good = boots == list(range(1, RACE_BOOTS + 2)) and restarts == RACE_BOOTS
    return stop, "" if good else f"boots {boots}, restarts {restarts}"


def test_hostile_race():
    for attack_id, name in RACES:
        q = hostile_boot(attack_id, two_regions=True)
        try:
            q.expect(rf"\[hostile\] ATTACK {name}: boot 1 at", 60)
            suite.ok(f"hostile {name}: zone table lists both RAM regions",
                     second_region_listed(q))
            if "reset" in name:
                stop, why = race_reset_boots(q, name)
            else:
                stop, why = q.expect(r"\[zv\] zone hostile stopped: fault", 60), ""
            m = q.expect(HOSTILE_EXITS_RX + r"[^\n]*\n", 30, start=stop.end())
            heartbeat_advances(q, m.end(), beats=10)
            console_input_works(q, f"zv-race-{attack_id}")
            out = q.text()
            late = [ln for ln in out[stop.end():].splitlines() if ln.startswith("[hostile]")]
            if "BREACH" in out or late:
                why += f" BREACH or output after the stop: {late[:3]}"
            suite.ok(f"hostile {name}: zone down as asked, sibling and console live",
                     not why, why and f"{why}; log {suite.save_log('hostile-' + name, q)}")
        except TestFailure as e:
            suite.ok(f"hostile {name}", False,
                     f"{e}; log {suite.save_log('hostile-' + name, q)}")
        finally:
            q.close()


EXITS_RX = r"\[zv\] " + exit_stats_rx("reset")


def check_exit_stats(first, second, chars):
    """The exit statistics a zone prints at restart and at power-off: the
    classes add up, each boot's own console bytes, hypercall and power
    request are counted, and the counts start again at the restart."""
    ok = True
    for boot, m in ((0, first), (1, second)):
        n = {k: int(x) for k, x in m.groupdict().items()}
        ok &= n["total"] == sum(n[k] for k in EXIT_CLASSES if k != "total")
        ok &= n["mmio"] >= chars[boot] and n["hypercall"] >= 1 and n["other"] >= 1
    per_char = int(first.group("mmio")) / chars[0]
    # Counted since the restart: the second boot's bytes at the first
    # boot's rate, not on top of the first boot's count.
    ok &= int(second.group("mmio")) <= per_char * chars[1] + 8
    return ok


def zone_bytes(text, zone):
    """Bytes the zone printed in text (each line and its newline)."""
    tag = f"[{zone}] "
    return sum(len(line) - len(tag) + 1 for line in text.splitlines() if line.startswith(tag))


def test_restart():
    q = boot("restart")
    try:
        q.expect(r"\[reset\] reset: secret planted", 60)
        q.expect(r"\[zv\] zone reset restarting: guest reset", 30)
        first = q.expect(EXITS_RX, 30)
        chars = [zone_bytes(q.text()[:first.start()], "reset")]
        q.expect(r"\[reset\] reset: boot 2", 60)
        m = q.expect(r"\[reset\] reset: RAM (SCRUBBED|LEAKED)", 30)
        suite.ok("restart: only the zone restarts, its RAM scrubbed",
                 m.group(1) == "SCRUBBED")
        m = q.expect(r"\[zv\] zone reset stopped: guest powered off", 30)
        second = q.expect(EXITS_RX, 30, start=m.end())
        chars.append(zone_bytes(q.text()[first.end():m.start()], "reset"))
        suite.ok("restart: exit statistics printed, counted per boot",
                 check_exit_stats(first, second, chars),
                 f"{first.group(0)} / {second.group(0)} / bytes {chars}")
        heartbeat_advances(q, second.end())
        suite.ok("restart: sibling keeps running through restart and power-off", True)
    except TestFailure as e:
        suite.ok("restart", False, f"{e}; log {suite.save_log('restart', q)}")
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
    if ARCH == "loongarch64" and not os.environ.get("QEMU_LVZ"):
        suite.skip("LVZ zone tests", "QEMU_LVZ is not set: stock QEMU has no LoongArch "
                   "virtualization extension; point QEMU_LVZ at an LVZ-capable "
                   "qemu-system-loongarch64 to run them")
        suite.finish()
    for config, test in [("selftest", test_selftest), ("isolation", test_isolation),
                         ("hostile", test_hostile_nonfatal), ("hostile", test_hostile_fatal),
                         ("hostile", test_hostile_race),
                         ("restart", test_restart), ("selftest", test_corrupt_table),
                         ("demo", test_linux)]:
        if sys.argv[2:] and test.__name__ not in sys.argv[2:]:
            continue
        if have_config(config):
            test()
    suite.finish()
