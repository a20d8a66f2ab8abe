#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""System tests that run on every ISA port: boot, bare-metal self test,
isolation probe, Debian Linux in a zone beside a bare-metal zone, console
focus, and the hypervisor's own check of the zone table.

usage: test_zones.py ARCH [TEST...]  (TEST: a test function's name, e.g.
test_hostile_race, to run only those)"""
import hashlib
import os
import re
import sys
import time

sys.path.insert(0, os.path.dirname(__file__))
from zvtest import (ARCHES, NO_QEMU_LVZ, ROOT, Qemu, Suite, TestFailure,  # noqa: E402
                    build_config, build_config_variant, EXIT_CLASSES, exit_stats_rx)

ARCH = sys.argv[1] if len(sys.argv) > 1 else "riscv64"
suite = Suite(ARCH)
# Host address of the sibling zone's RAM, which the probe touches.
PROBE_ADDR = {"riscv64": "0x89000000", "aarch64": "0x49000000",
              "loongarch64": "0x89000000"}.get(ARCH)
# RAM of the Linux zone in configs/<platform>/demo.dts.
LINUX_ZONE_MIB = {"loongarch64": 512}
# The Linux zone's console UART as its serial driver reports it: the file
# under /proc/tty/driver/ and the line of port 0 there (which must have
# counted typed input). aarch64 zones get the board's PL011.
LINUX_TTY = {"aarch64": ("ttyAMA", r"0: uart:PL011 rev\d+ mmio:0x09000000 irq:\d+ "
                                    r"tx:\d+ rx:(\d+)")}
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
             "irq-burst", "exit-regs", "user-priv", "misaligned-load", "misaligned-store",
             "misaligned-exclusive", "misaligned-amo", "wfit-timeout",
             "aarch32-el0-timer-undef", "aarch32-el0-wfi-t16"]
# Checks that mean something only on some ISAs, skipped elsewhere with why:
# irq-burst raises more interrupts at once than a GICv3 has list registers;
# riscv64 (hvip bits and the vPLIC's claim register) and loongarch64 (guest
# ESTAT bits and the emulated EIOINTC) present pending interrupts without
# such slots, so there is nothing to overflow. The others test a feature of
# their ISAs: LoongArch user mode against emulated privileged operations
# (user.S), misaligned atomics the guest must take itself, WFIT's timeout
# (FEAT_WFxT) and AArch32 EL0.
SELFTEST_ONLY_ON = {"irq-burst": ("aarch64",), "user-priv": ("loongarch64",),
                    "wfit-timeout": ("aarch64",), "aarch32-el0-timer-undef": ("aarch64",),
                    "aarch32-el0-wfi-t16": ("aarch64",)}
for _t in ("load", "store", "exclusive", "amo"):
    SELFTEST_ONLY_ON[f"misaligned-{_t}"] = ("riscv64", "aarch64")
SELFTEST_SKIP_WHY = {
    "irq-burst": "GICv3 list registers: this ISA has no slots to overflow",
    "user-priv": "LoongArch's emulated privileged operations (GSPR) from user mode",
    "wfit-timeout": "FEAT_WFxT is aarch64's", "aarch32-el0-timer-undef": "AArch32 EL0 is aarch64's",
    "aarch32-el0-wfi-t16": "AArch32 EL0 is aarch64's",
    **{f"misaligned-{_t}": "no guest side for loongarch64 yet (its guest takes ALE itself, "
       "reviewed only)" for _t in ("load", "store", "exclusive", "amo")}}


def boot(name, **kw):
    return Qemu(ARCH, build_config(ARCH, name), **kw)


def test_selftest():
    q = boot("selftest")
    try:
        q.expect(r"\[zv\] zonevisor .* on ", 30)
        suite.ok("banner", True)
        q.expect(r"\[zv\] 4 cpus online, starting 2 zones", 30)
        suite.ok("all cpus online", True)
        q.expect(r"SELFTEST: \d+ passed, \d+ failed", 120)
        out = q.text()
        for t in SELFTESTS:
            if ARCH not in SELFTEST_ONLY_ON.get(t, (ARCH,)):
                suite.skip(f"selftest {t}", SELFTEST_SKIP_WHY[t])
                continue
            good = f"[selftest] TEST {t}: PASS" in out
            suite.ok(f"selftest {t}", good,
                     "" if good else f"no PASS line; log {suite.save_log('selftest', q)}")
        suite.ok("selftest hypercall console output tagged, ends in CR LF",
                 "[selftest] hello through HC_CONSOLE_WRITE\r\n" in out)
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
        m = q.expect(r"\[zv\] zone probe stopped: fault", 60)
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


# Printed by the LoongArch port on the QEMU-LVZ fork's older commit 42b4d34,
# whose guest ASID width reads 0: Linux user space faults there.
ASID_QUIRK = "LVZ quirk: guest ASID.ASIDBITS reads 0"
# The process-heavy check: 1000 short-lived processes, then two loops in
# parallel hashing the same known data, each result compared with the
# host's. A stale guest translation (a wrong ASID, a missed TLB flush)
# shows as a crash or a wrong hash.
PROCS = 1000
HASH_ROUNDS = 30
SEQ_MD5 = hashlib.md5("".join(f"{i}\n" for i in range(1, 2001)).encode()).hexdigest()
HASH_CMD = (f"for k in 1 2; do (j=0; while [ $j -lt {HASH_ROUNDS} ]; do seq 1 2000 | md5sum; "
            "j=$((j+1)); done | sort | uniq -c >/tmp/h$k) & done; wait; "
            "cat /tmp/h1 /tmp/h2; echo hashed-$((6+6))\r")


def linux_shell(q, start):
    """Linux reaches /init and its shell after offset start."""
    q.expect(r"\[linux\] ZV-INIT: up", 240, start=start)
    m = q.expect(r"\[linux\] .*# ", 60, start=start)
    return m.end()


def linux_process_heavy(q):
    mark = len(q.text())
    q.send(f"i=0; while [ $i -lt {PROCS} ]; do /bin/true; i=$((i+1)); done; echo procs-$i\r")
    m = q.expect(r"procs-(\d+)", 600, start=mark)
    suite.ok(f"linux: {PROCS} short-lived processes run", m.group(1) == str(PROCS),
             f"loop ended at {m.group(1)}")
    mark = len(q.text())
    q.send(HASH_CMD)
    m = q.expect(r"hashed-12", 600, start=mark)
    out = q.text()[mark:m.start()]
    got = re.findall(r"^\[linux\] +(\d+) ([0-9a-f]{32})  -", out, re.M)
    good = got == [(str(HASH_ROUNDS), SEQ_MD5)] * 2
    suite.ok(f"linux: two parallel hashing loops give {HASH_ROUNDS} right hashes each", good,
             f"expected {HASH_ROUNDS} x {SEQ_MD5} twice, got {got}")


def linux_reboot_poweroff(q):
    """reboot -f restarts only the Linux zone, poweroff -f stops it; the
    hypervisor reports both and the bare zone runs on."""
    mark = len(q.text())
    q.send("reboot -f\r")
    q.expect(r"\[zv\] zone linux restarting: guest reset", 120, start=mark)
    q.expect(r"\[zv\] " + exit_stats_rx("linux"), 30, start=mark)
    suite.ok("linux: reboot -f restarts the zone, reported", True)
    start = linux_shell(q, mark)
    q.send("echo again-$((2+3))\r")
    q.expect(r"again-5", 60, start=start)
    suite.ok("linux: shell again after the reboot", True)
    mark = len(q.text())
    q.send("poweroff -f\r")
    m = q.expect(r"\[zv\] zone linux stopped: guest powered off", 120, start=mark)
    q.expect(r"\[zv\] " + exit_stats_rx("linux"), 30, start=mark)
    out = q.text()[mark:]
    suite.ok("linux: poweroff -f stops the zone, reported",
             "Power off not available" not in out and "System halted" not in out)
    q.expect(r"\[bare\] heartbeat \d+", 30, start=m.end())
    suite.ok("bare zone keeps running after Linux powered off", True)


def check_linux_tty(q):
    """The console is the board's UART model, and its driver took input."""
    name, rx = LINUX_TTY[ARCH]
    mark = len(q.text())
    q.send(f"cat /proc/tty/driver/{name}\r")
    m = q.expect(r"\[linux\] " + rx, 60, start=mark)
    suite.ok(f"linux: console is {name}0 on the board's UART, input counted",
             int(m.group(1)) > 0, m.group(0))


# The demo's bare zone shows it is alive every 10 s (guests/common/selftest.c),
# not so often that Linux's output scrolls away.
BARE_HEARTBEAT_S = 10


def test_linux():
    q = boot("demo")
    t0 = time.time()
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
        if ARCH in LINUX_TTY:
            check_linux_tty(q)
            mark = len(q.text())
        q.send("grep MemTotal /proc/meminfo\r")
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
        q.expect(r"\[bare\] heartbeat \d+", 3 * BARE_HEARTBEAT_S, start=mark)
        suite.ok("bare zone keeps running beside Linux", True)
        beats = q.count(r"\[bare\] heartbeat \d+")
        most = (time.time() - t0) / BARE_HEARTBEAT_S + 1
        suite.ok("bare zone's heartbeat leaves the screen to Linux", beats <= most,
                 f"{beats} heartbeats in {time.time() - t0:.0f} s")
        q.send("\x1d")
        q.expect(r"\[zv\] input focus: bare \(reads no input: keys are dropped\)", 20,
                 start=mark)
        suite.ok("focus: a zone that reads no input says so", True)
        # Typed while the bare zone has focus: Linux must not run it.
        q.send("echo leak-$((3+4))\r")
        q.send("\x1d")
        q.expect(r"\[zv\] input focus: linux \(its screen is not redrawn: press Enter", 20,
                 start=mark)
        suite.ok("focus: back at Linux, the hint says to press Enter", True)
        mark = len(q.text())
        q.send("echo back-$((1+1))\r")
        q.expect(r"back-2", 60, start=mark)
        suite.ok("console focus switches and returns", True)
        suite.ok("console input reaches only the focused zone", "leak-7" not in q.text())
        linux_paste(q)
        linux_process_heavy(q)
        linux_reboot_poweroff(q)
        linux_poweroff_focus(q)
    except TestFailure as e:
        hint = ""
        if ASID_QUIRK in q.text():
            hint = ("; this LVZ model leaves guest ASID.ASIDBITS 0 (the older QEMU-LVZ "
                    "fork commit 42b4d34): Linux user space cannot run on it")
        suite.ok("linux", False, f"{e}{hint}; log {suite.save_log('linux', q)}")
    finally:
        q.close()


PASTE = "".join(f"{i:03d} " + "".join(chr(33 + (i * 7 + j) % 94) for j in range(59)) + "\n"
                for i in range(64)).encode()  # 4096 bytes, 64 lines


def send_expect_more(q, keys, pattern, timeout):
    """Type keys, then wait until pattern matches once more than it did
    before. (Offsets into the joined console text move when a cut line is
    joined, so a test that must not match an earlier line counts instead.)"""
    before = q.count(pattern)
    q.send(keys)
    end = time.time() + timeout
    while q.count(pattern) <= before:
        if time.time() > end or q.proc.poll() is not None:
            raise TestFailure(f"no new /{pattern}/ within {timeout}s")
        time.sleep(0.1)


def linux_paste(q):
    """4 KiB pasted in one burst reaches the shell whole: the file cat
    writes has the host's checksum (the console holds input back while the
    zone's UART is full instead of dropping it)."""
    assert len(PASTE) == 4096
    q.send("cat > /tmp/paste\r")
    q.expect(r"cat > /tmp/paste\r?\n", 30)
    time.sleep(1)  # cat is reading: the shell's line editor gets none of it
    q.proc.stdin.write(PASTE)
    q.proc.stdin.flush()
    time.sleep(1)
    q.send("\x04")
    q.send("echo size=$(wc -c < /tmp/paste); md5sum /tmp/paste\r")
    m = q.expect(r"\[linux\] ([0-9a-f]{32})  /tmp/paste\r?\n", 120)
    size = q.expect(r"\[linux\] size=(\d+)", 5).group(1)
    want = hashlib.md5(PASTE).hexdigest()
    suite.ok("console: a 4 KiB paste reaches Linux whole (md5sum)",
             m.group(1) == want and size == "4096",
             f"{size} bytes, md5 {m.group(1)}, want 4096, {want}")


def linux_poweroff_focus(q):
    """After Linux powered off (linux_reboot_poweroff()): focus on its
    stopped zone says so, keys typed there say they are dropped, and Ctrl-]
    moves on to the zone still running."""
    q.expect(r"\[zv\] input focus: linux is stopped; Ctrl-\] moves to a running zone", 20)
    q.send("x")
    q.expect(r"\[zv\] zone linux is stopped: input dropped", 20)
    suite.ok("focus: a stopped zone says it is stopped and what to press", True)
    send_expect_more(q, "\x1d", r"\[zv\] input focus: bare \(reads no input", 20)
    q.send("\x1d")
    q.expect(r"\[zv\] input focus: stays on bare \(no other running zone", 20)
    suite.ok("focus: Ctrl-] skips the stopped zone", True)


def check_console_forgery(q, out):
    """The hostile zone's forged lines (CR, ANSI escapes, backspaces before
    "[zv] ..." or "[beat] ...") are shown escaped, no raw CR or ESC from a
    zone reaches the wire, and the harness takes none as the real line."""
    raw = q.raw()
    shown = ["[hostile] forged ^M[zv] zone beat stopped: fault\r\n",
             "[hostile] ^[[2K^[[1G[beat] heartbeat 424242\r\n",
             "[hostile] ^H^H^H^H^H^H^H^H^H^H[zv] zone beat stopped: fault\r\n",
             "[hostile] ^M[zv] zone beat stopped: fault\r\n"]
    missing = [s for s in shown if s not in raw]
    stray = re.findall(r".{0,30}(?:\r(?!\n)|\x1b|\x08).{0,30}", raw)
    suite.ok("hostile console-forgery: control characters shown escaped",
             not missing and not stray, f"missing {missing!r}, raw {stray[:3]!r}")
    forged = q.count(r"\[zv\] zone beat stopped") + q.count(r"\[beat\] heartbeat 424242")
    suite.ok("hostile console-forgery: the harness takes no forged line as real",
             forged == 0 and "ATTACK console-forgery: sent" in out, f"{forged} matched")


NONFATAL_ATTACKS = ["random-hypercalls", "hypercall-foreign-pointers",
                    "firmware-foreign-pointers", "hypercall-flood", "ipi-flood",
                    "foreign-cpus", "irqc-unowned-source",
                    "irqc-out-of-range-source", "privileged-instructions"]
FATAL_ATTACKS = ["read-sibling-ram", "write-sibling-ram", "read-hypervisor-ram",
                 "write-hypervisor-ram", "unassigned-device", "exec-sibling-ram",
                 "corrupt-vectors", "corrupt-page-tables", "page-table-in-device"]
# Fatal attacks whose guest side exists only on some ISAs (g_arch_paging_via).
FATAL_ONLY_ON = {"page-table-in-device": ("riscv64", "aarch64")}


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
        check_console_forgery(q, out)
        heartbeat_advances(q, len(out))
        suite.ok("hostile: sibling heartbeat advances after the attacks", True)
    except TestFailure as e:
        suite.ok("hostile", False, f"{e}; log {suite.save_log('hostile', q)}")
    finally:
        q.close()


def test_hostile_fatal():
    for i, name in enumerate(FATAL_ATTACKS, start=1):
        if ARCH not in FATAL_ONLY_ON.get(name, (ARCH,)):
            suite.skip(f"hostile {name}", "no guest side for this attack on this ISA yet")
            continue
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


# Lifecycle races (guests/common/hostile.c, ids 10-13, after the fatal
# attacks): one vCPU stops or resets the zone while the other keeps
# starting it.
RACES = [(10, "stop-race"), (11, "stop-race-reverse"), (12, "reset-race"),
         (13, "reset-race-reverse")]
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


LAYOUT_CHECKS = ["ram-at-0 copy", "ram-at-0 write", "flash copy", "flash write", "rom copy"]


def test_layout():
    """Images at guest address 0 and in flash and ROM regions
    (configs/<platform>/layout.dts): each zone finds its copy of the layout
    guest; a store to the ROM stops that zone alone."""
    q = boot("layout")
    try:
        q.expect(r"\[rom\] LAYOUT rom write: trying", 60)
        m = q.expect(r"\[zv\] zone rom stopped: fault", 30)
        heartbeat_advances(q, m.end())
        out = q.text()
        for check in LAYOUT_CHECKS:
            zone = check.split("-")[0].split()[0]
            zone = {"ram": "low"}.get(zone, zone)
            good = f"[{zone}] LAYOUT {check}: PASS" in out
            suite.ok(f"layout {check}", good, "" if good else
                     f"no PASS line; log {suite.save_log('layout', q)}")
        good = "LAYOUT rom write: WRITTEN" not in out and "LAYOUT exception" not in out
        suite.ok("layout: a store to the ROM stops its zone, the others run on", good,
                 "" if good else f"log {suite.save_log('layout', q)}")
    except TestFailure as e:
        suite.ok("layout", False, f"{e}; log {suite.save_log('layout', q)}")
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
        q.expect(r"\[zv\] PANIC: zone table rejected, nothing booted", 30)
        out = q.text()
        suite.ok("corrupted zone table refused before any guest runs",
                 "checksum" in out and "[selftest]" not in out)
        q.wait_exit(30)
        suite.ok("machine powered off after refusing the table", True)
    except TestFailure as e:
        suite.ok("corrupt table", False, f"{e}; log {suite.save_log('corrupt', q)}")
    finally:
        q.close()


def zvctl_run(q, cmd, timeout=60):
    """Run zvctl at the root's shell; (its output, its exit status)."""
    mark = len(q.text())
    q.send(f"zvctl {cmd}; echo zvctl-rc=$?\r")
    m = q.expect(r"zvctl-rc=(\d+)", timeout, start=mark)
    return q.text()[mark:m.start()], int(m.group(1))


def test_manage():
    """Management (docs/management.md): a Linux root zone beside a bare
    zone marked boot-stopped, which waits for its root; zvctl runs on the
    root on every ISA, with its usage and exit codes."""
    args = build_config_variant(ARCH, "manage", "manage-boot-stopped",
                                lambda t: t.replace("\t\tbare {\n",
                                                    "\t\tbare {\n\t\t\tboot-stopped;\n"))
    q = Qemu(ARCH, args)
    try:
        q.expect(r"\[zv\] mgmt: root zone linux manages: bare", 60)
        q.expect(r"\[zv\] zone bare stays stopped at boot", 60)
        linux_shell(q, 0)
        suite.ok("manage: a boot-stopped zone stays stopped while its root boots",
                 "[bare]" not in q.text())
        out, rc = zvctl_run(q, "--help")
        suite.ok("manage: zvctl --help prints its usage, exit 0",
                 rc == 0 and "usage: zvctl" in out and "load ZONE KERNEL" in out, f"rc {rc}")
        out, rc = zvctl_run(q, "frobnicate bare")
        suite.ok("manage: zvctl with an unknown command exits 1", rc == 1, f"rc {rc}")
        out, rc = zvctl_run(q, "list")
        suite.ok("manage: zvctl without a control port says so, exit 2",
                 rc == 2 and "no control port 'zv-control'" in out, f"rc {rc}: {out[-200:]}")
        suite.ok("manage: the bare zone is still stopped", "[bare]" not in q.text())
    finally:
        suite.save_log("manage", q)
        q.close()


def mgmt_status(q, what, start, timeout=60):
    m = q.expect(r"\[root\] mgmtroot: " + re.escape(what) + r": status (\d+)", timeout,
                 start=start)
    return int(m.group(1)), m


def test_manage_bare():
    """Management through the service, from a bare-metal root zone over
    the hypercall pipe (guests/common/mgmtroot.c): list, refusals, stop,
    load of another image and its start, restart, stats; a non-root zone
    running the same program is refused everything."""
    q = boot("manage-bare")
    ok = suite.ok
    try:
        m = q.expect(r"\[spy\] mgmtroot: control refused: write (\d+), read (-?\d+)", 60)
        ok("manage-bare: a non-root zone's management calls are refused",
           m.group(1) == "102" and m.group(2) == "-2", m.group(0))
        st, m = mgmt_status(q, "list", 0)
        zl = q.expect(r"\[root\] mgmtroot: zone bare id 1 state (\d+) cpus 1 flags (\d+)", 30)
        ok("manage-bare: list shows the managed zone running", st == 0 and
           zl.group(1) == "1" and zl.group(2) == "2", zl.group(0))
        q.expect(r"\[bare\] heartbeat \d+", 30)
        for what, code in (("stop self", 5), ("stop unknown", 4), ("start running", 6),
                           ("load running", 6)):
            st, _ = mgmt_status(q, what, 0)
            ok(f"manage-bare: refused: {what} (status {code})", st == code, f"status {st}")
        st, stop = mgmt_status(q, "stop bare", 0)
        ok("manage-bare: stop bare", st == 0, f"status {st}")
        q.expect(r"\[zv\] zone bare stopped: stopped by its root", 10)
        st, big = mgmt_status(q, "load too big", stop.end())
        # Lines already queued when the stop came may still be printed;
        # none may come from a run after the stop's log line.
        after = q.text()[stop.end():big.start()]
        beats = re.findall(r"\[bare\] heartbeat", after)
        ok("manage-bare: the stopped zone's heartbeat stops", len(beats) <= 1,
           f"{len(beats)} heartbeats in the 1.5 s after the stop")
        ok("manage-bare: refused: image too big (status 7)", st == 7, f"status {st}")
        st, load = mgmt_status(q, "load bare", stop.end())
        ok("manage-bare: load of another image into the stopped zone", st == 0, f"status {st}")
        st, start = mgmt_status(q, "start bare", stop.end())
        ok("manage-bare: start bare", st == 0, f"status {st}")
        # The banner may come before the root prints the start's status.
        m = q.expect(r"\[bare\] banner: the loaded image runs \(boot (\d+)\)", 20,
                     start=load.end())
        ok("manage-bare: the loaded image's banner appears", m.group(1) == "2", m.group(0))
        st, rs = mgmt_status(q, "restart bare", start.end())
        ok("manage-bare: restart bare", st == 0, f"status {st}")
        q.expect(r"\[bare\] heartbeat \d+", 20, start=rs.start())
        ok("manage-bare: after a restart the configured image runs again", True)
        m = q.expect(r"\[root\] mgmtroot: stats bare: status (\d+) state (\d+) boots (\d+)",
                     30, start=rs.end())
        ok("manage-bare: stats counts the boots", m.group(1) == "0" and m.group(2) == "1"
           and m.group(3) == "3", m.group(0))
        for line in ("stops zone bare", "loads zone bare", "starts zone bare (the loaded image)",
                     "restarts zone bare", "stop refused"):
            ok(f"manage-bare: hypervisor logs '{line}'", f"[zv] mgmt: " in q.text()
               and line in q.text())
        ok("manage-bare: the spy zone took no action", "[zv] mgmt: spy" not in q.text())
        # Soak: 200 stop-load-start cycles, each checked by the root (the
        # zone runs its new boot and left the guest since) and here (its
        # banner with that boot's number).
        m = q.expect(r"\[root\] mgmtroot: soak: (\d+) cycles, (\d+) failed.*", 600,
                     start=rs.end())
        ok("manage-bare: soak: 200 stop/load/start cycles, each verified by the root",
           m.group(1) == "200" and m.group(2) == "0", m.group(0))
        perf = q.expect(r"\[root\] mgmtroot: soak: (\d+) us per cycle.*", 30, start=m.end())
        q.expect(r"\[root\] mgmtroot: soak done", 30, start=m.end())
        boots = {int(b) for b in re.findall(
            r"\[bare\] banner: the loaded image runs \(boot (\d+)\)", q.text()[rs.end():])}
        ok("manage-bare: soak: every cycle's banner appears",
           set(range(4, 204)) <= boots, f"{len(set(range(4, 204)) - boots)} missing")
        print(f"    {perf.group(0).split('] ', 1)[1]}", flush=True)
        out, _ = q.text(), None
        ok("manage-bare: soak: no pipe answer dropped, no fault",
           "fault" not in out.lower() and "panic" not in out.lower())
    finally:
        suite.save_log("manage-bare", q)
        q.close()


if __name__ == "__main__":
    if ARCH == "loongarch64" and not ARCHES[ARCH]["qemu"]:
        suite.skip("LVZ zone tests", NO_QEMU_LVZ)
        suite.finish()
    print(f"{ARCH}: QEMU {ARCHES[ARCH]['qemu']}", flush=True)
    for config, test in [("selftest", test_selftest), ("isolation", test_isolation),
                         ("hostile", test_hostile_nonfatal), ("hostile", test_hostile_fatal),
                         ("hostile", test_hostile_race),
                         ("restart", test_restart), ("layout", test_layout),
                         ("selftest", test_corrupt_table),
                         ("demo", test_linux), ("manage", test_manage),
                         ("manage-bare", test_manage_bare)]:
        if sys.argv[2:] and test.__name__ not in sys.argv[2:]:
            continue
        if have_config(config):
            test()
    suite.finish()
