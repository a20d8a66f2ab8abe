# SPDX-License-Identifier: MIT
"""Hostile zones: attacks the hypervisor must deny, attacks that must stop
only the attacker, and lifecycle races, while a sibling zone runs on."""
import os
import re

from zones_common import ARCH, PLATFORM_DIR, heartbeat_advances, suite
from zvtest import Qemu, TestFailure, build_config_variant, exit_stats_rx

def check_console_forgery(q, out):
    """The hostile zone's forged lines (CR, ANSI escapes, backspaces before
    "[zv] ..." or "[beat] ...") are shown escaped, no raw CR or ESC from a
    zone reaches the wire, and the harness takes none as the real line."""
    raw = q.raw()
    shown = ["[hostile] forged ^M[zv] zone beat stopped: fault\r\n",
             "[hostile] ^[[2K^[[1G[beat] heartbeat 424242\r\n",
             "[hostile] ^H^H^H^H^H^H^H^H^H^H[zv] zone beat stopped: fault\r\n",
             "[hostile] ^M[zv] zone beat stopped: fault\r\n"]
    # Looked for in the joined text: a heartbeat may cut the focused
    # hostile zone's line on the wire ("[hostile]+ " goes on with it).
    text = q.text()
    missing = [s for s in shown if s not in text]
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
