# SPDX-License-Identifier: MIT
"""Inter-zone channels (docs/channels.md): the bare-metal ping-pong over
the zvchan library, and the channel attacks of guests/common/chanhostile.c
beside a victim running the library and a heartbeat sibling."""
import re

from zones_common import ARCH, heartbeat_advances, suite
from zvtest import Qemu, TestFailure, build_config, build_config_variant

CHAN_BYTES = 65536  # guests/common/chanpp.c
SIDE_RX = re.compile(r"^\[(\w+)\] CHAN side (\d): sent (\d+) sum (0x[0-9a-f]+) received (\d+) "
                     r"sum (0x[0-9a-f]+) bad (\d+) corrupt (\d+)", re.M)


def fnv_stream(side):
    """The FNV-1a sum of the stream side `side` sends (chanpp.c pattern())."""
    h = 2166136261
    for i in range(CHAN_BYTES):
        b = (i * 31 + (i >> 9) + side * 0x5a) & 0xff
        h = ((h ^ b) * 16777619) & 0xffffffff
    return h


def test_chan_pingpong():
    q = Qemu(ARCH, build_config(ARCH, "chan"))
    try:
        q.expect(r"\[ping\] CHAN DONE", 180)
        q.expect(r"\[pong\] CHAN DONE", 60)
        out = q.text()
        sides = {int(m.group(2)): m for m in SIDE_RX.finditer(out)}
        for side in (0, 1):
            m = sides.get(side)
            if not m:
                suite.ok(f"ping-pong side {side}", False, "no CHAN side line")
                continue
            sent, sum_tx, recvd, sum_rx = int(m.group(3)), int(m.group(4), 16), \
                int(m.group(5)), int(m.group(6), 16)
            good = (sent == recvd == CHAN_BYTES and sum_tx == fnv_stream(side)
                    and sum_rx == fnv_stream(1 - side) and m.group(7) == "0"
                    and m.group(8) == "0")
            suite.ok(f"ping-pong side {side}: 64 KiB each way, pattern and sums checked", good,
                     "" if good else m.group(0))
        rt = re.search(r"\[ping\] CHAN round trip: (\d+) rounds, (\d+) insns (\d+) ticks", out)
        suite.ok("doorbell round trips: 100 one-byte echoes", bool(rt) and rt.group(1) == "100",
                 rt.group(0) if rt else "no round-trip line")
        if rt:
            print(f"# {ARCH} doorbell round trip: {rt.group(2)} insns, {rt.group(3)} ticks")
        waits = re.search(r"\[ping\] CHAN waits: (\d+) woken by a doorbell, (\d+) timed out", out)
        # A round trip whose echo is already there does not wait; a lost
        # doorbell shows as a 10 ms timeout.
        good = bool(waits) and int(waits.group(1)) >= 10 and int(waits.group(2)) <= 5
        suite.ok("round trips woken by the doorbell interrupt (not the 10 ms timer)", good,
                 waits.group(0) if waits else "no waits line")
        suite.ok("no guest exceptions", "unexpected exception" not in out)
    except TestFailure as e:
        suite.ok("ping-pong", False, f"{e}; log {suite.save_log('chan-pingpong', q)}")
    finally:
        q.close()


def hostile_boot(attack_id):
    def edit(t):
        return t.replace("id = <0>;", f"id = <{attack_id}>;", 1)
    return Qemu(ARCH, build_config_variant(ARCH, "chanhostile", f"chanhostile-{attack_id}",
                                           edit))


NONFATAL = ["ring-not-member", "ring-non-member-zone", "ring-unknown-channel",
            "ack-not-member", "doorbell-storm", "corrupt-ring-header"]


def test_chan_hostile_nonfatal():
    q = hostile_boot(0)
    try:
        q.expect(r"\[hostile\] CHANHOSTILE DONE", 120)
        out = q.text()
        for a in NONFATAL:
            good = f"ATTACK {a}: DENIED" in out
            suite.ok(f"channel attack {a}: refused, no effect", good,
                     "" if good else "no DENIED line")
        m = q.expect(r"\[victim\] VICTIM corrupt header detected \(\d+\), still serving", 30)
        suite.ok("victim's zvchan detected the out-of-range indices and survived", True)
        mark = len(q.text())
        alive = q.expect(r"\[victim\] VICTIM alive \d+ doorbells (\d+) private (\d+)", 20,
                         start=mark)
        heartbeat_advances(q, mark)
        suite.ok("victim and sibling responsive after the storm", "BREACH" not in q.text())
        suite.ok("victim got doorbells from the storm, none on the channel the attacker "
                 "is not in", int(alive.group(1)) > 0 and alive.group(2) == "0", alive.group(0))
        storm = re.search(r"\[hostile\] storm: (\d+) rings, (\d+) coalesced", q.text())
        if storm:
            print(f"# {ARCH} storm: {storm.group(1)} rings, {storm.group(2)} coalesced, "
                  f"victim took {alive.group(1)} doorbell interrupts")
    except TestFailure as e:
        suite.ok("channel hostile", False, f"{e}; log {suite.save_log('chanhostile', q)}")
    finally:
        q.close()


FATAL = [(1, "write-beyond-region", "outside the zone"),
         (2, "write-read-only-channel", "a channel region")]


def test_chan_hostile_fatal():
    for attack_id, name, meaning in FATAL:
        q = hostile_boot(attack_id)
        try:
            t = q.expect(rf"ATTACK {name}: trying", 60)
            m = q.expect(r"\[zv\] zone hostile stopped: fault", 30, start=t.end())
            heartbeat_advances(q, m.end())
            out = q.text()
            fault = re.search(r"\[zv\] zone hostile vcpu 0: [^\n]*", out[t.end():m.start()])
            line = fault.group(0) if fault else "no fault line"
            good = "BREACH" not in out and f"({meaning})" in line
            suite.ok(f"channel attack {name}: zone stopped ({meaning}), sibling runs on",
                     good, "" if good else line)
        except TestFailure as e:
            suite.ok(f"channel attack {name}", False,
                     f"{e}; log {suite.save_log('chanhostile-' + name, q)}")
        finally:
            q.close()
