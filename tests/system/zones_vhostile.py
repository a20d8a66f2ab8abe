# SPDX-License-Identifier: MIT
"""The hostile virtio driver (configs/<board>/vhostile.dts,
guests/common/vhostile.c): zone vhostile breaks every rule of the
virtio-mmio transport and of its blk, console and net devices; each attack
must get what docs/virtio.md says, with the hypervisor's own line about it
where the policy prints one, while zone victim (its net peer) and zone beat
(the heartbeat) run on. Each check fails when the core check behind it
is turned off (docs/isolation.md, "A hostile virtio driver")."""
import re

from zones_common import boot, heartbeat_advances, suite
from zvtest import TestFailure

BLK = r"virtio-blk: "
NEEDS_RESET = r": device needs reset"
OUTSIDE = BLK + r"buffer outside the zone's RAM" + NEEDS_RESET
RINGS = BLK + r"queue size or rings outside the zone's RAM" + NEEDS_RESET
LOOP = BLK + r"descriptor chain loops or is longer than the queue" + NEEDS_RESET
INDEX = BLK + r"descriptor index out of range" + NEEDS_RESET
NET_FAIL = r"virtio-net: transmit chain without header or writable" + NEEDS_RESET


def net_len(n):
    return rf"virtio-net: dropped frame of {n} bytes, not 14-1518"


# Attack (guests/common/vhostile.c, in the order it runs them) -> the line
# the hypervisor must print for it between "trying" and the verdict, or
# None where the policy is an answer or a silently ignored access.
ATTACKS = [
    ("blk-baseline-get-id", None),
    ("desc-outside-ram", OUTSIDE),
    ("desc-into-hypervisor", OUTSIDE),
    ("desc-into-sibling", OUTSIDE),
    ("desc-into-device-window", OUTSIDE),
    ("desc-across-ram-end", OUTSIDE),
    ("length-near-4g", OUTSIDE),
    ("address-wraps", OUTSIDE),
    ("partial-chain-into-hypervisor", OUTSIDE),
    ("chain-loop", LOOP),
    ("chain-self-loop", LOOP),
    ("next-out-of-range", INDEX),
    ("head-out-of-range", INDEX),
    ("avail-index-runaway", BLK + r"more entries available than the queue holds" + NEEDS_RESET),
    ("readable-after-writable", BLK + r"readable descriptor after a writable one" + NEEDS_RESET),
    ("indirect-negotiated", None),
    ("packed-negotiated", None),
    ("indirect-descriptor", BLK + r"indirect descriptor, not negotiated" + NEEDS_RESET),
    ("packed-layout-descriptor", INDEX),
    ("used-ring-into-hypervisor", RINGS),
    ("used-ring-into-sibling", RINGS),
    ("used-ring-across-ram-end", RINGS),
    ("used-ring-in-device-window", RINGS),
    ("avail-ring-outside-ram", RINGS),
    ("avail-ring-into-hypervisor", RINGS),
    ("desc-table-into-sibling", RINGS),
    ("used-ring-misaligned", RINGS),
    ("queue-size-not-power-of-two", RINGS),
    ("queue-size-too-large", RINGS),
    ("notify-storm", None),
    ("queue-reconfig-live", None),
    ("queue-select-beyond", None),
    ("queue-moved-while-stopped", RINGS),
    ("config-space-out-of-bounds", None),
    ("blk-sector-past-end", None),
    ("blk-sector-overflow", None),
    ("blk-request-over-4m", None),
    ("blk-partial-sector", None),
    ("blk-unknown-type", None),
    ("blk-no-status-byte", BLK + r"block request without header or status byte" + NEEDS_RESET),
    ("console-tx-into-hypervisor",
     r"virtio-console: buffer outside the zone's RAM" + NEEDS_RESET),
    ("net-peer", None),
    ("net-frame-over-1518", net_len(1600)),
    ("net-frame-runt", net_len(8)),
    ("net-spoofed-mac", r"virtio-net: dropped frame from 02:7a:76:[0-9a-f]{2}:00:01, not its MAC"),
    ("net-tso-not-negotiated",
     r"virtio-net: dropped frame with header flags 1 gso 1, not valid or not negotiated"),
    ("net-frame-64k", net_len(65536)),
    ("net-tx-writable", NET_FAIL),
    ("net-tx-no-header", NET_FAIL),
    ("net-after-reset", None),
    # MRG_RXBUF and EVENT_IDX (guests/vhostile/net_mrg.c): answered, never
    # a failure, so no line.
    ("net-mrg-spread", None),
    ("net-mrg-chain-under-header", None),
    ("net-mrg-too-few-buffers", None),
    ("net-used-event-anywhere", None),
    ("net-avail-event-scribbled", None),
]
# Frames the switch must drop: the victim must never report them.
DROPPED_TAGS = ["big1600", "short", "spoof", "tso"]


def check_attack(out, name, hv_line):
    """The attack's verdict is PASS and, where the policy prints, the
    hypervisor's line is between its "trying" and its verdict."""
    t = re.search(rf"\[vhostile\] VATTACK {name}: trying\r?\n", out)
    v = re.search(rf"\[vhostile\] VATTACK {name}: (PASS|FAIL)([^\r\n]*)", out)
    if not t or not v:
        return "no trying or verdict line"
    if v.group(1) != "PASS":
        return "FAIL" + v.group(2)
    if hv_line and not re.search(r"\[zv\] zone vhostile: " + hv_line, out[t.end():v.start()]):
        return f"no hypervisor line /{hv_line}/ before the verdict"
    return ""


def test_vhostile():
    q = boot("vhostile")
    try:
        start = q.expect(r"\[vhostile\] VHOSTILE start", 60).end()
        done = q.expect(r"\[vhostile\] VHOSTILE DONE passed (\d+) failed (\d+) exceptions (\d+)",
                        240, start=start)
        out = q.text()
        for name, hv_line in ATTACKS:
            why = check_attack(out, name, hv_line)
            suite.ok(f"vhostile {name}", not why, why)
        ran = set(re.findall(r"VATTACK ([\w-]+): trying", out))
        extra = ran - {n for n, _ in ATTACKS}
        suite.ok("vhostile: every attack the guest ran is checked", not extra, f"{extra}")
        suite.ok("vhostile: no FAIL, no exception in the attacker",
                 done.group(2) == "0" and done.group(3) == "0" and
                 int(done.group(1)) == len(ATTACKS), done.group(0))
        got = re.findall(r"\[victim\] VNET got (\S+)", out)
        leaked = [t for t in DROPPED_TAGS if t in got]
        suite.ok("vhostile: the victim got no dropped frame, its NIC still works",
                 not leaked and "after-reset" in got and "device failed" not in out,
                 f"leaked {leaked}, got {got}")
        beats = len(re.findall(r"\[beat\] heartbeat \d+", out[start:done.start()]))
        heartbeat_advances(q, done.end(), beats=3)
        suite.ok("vhostile: sibling heartbeat throughout and after the attacks", beats >= 5,
                 f"{beats} beats during the attacks")
    except TestFailure as e:
        suite.ok("vhostile", False, f"{e}; log {suite.save_log('vhostile', q)}")
    finally:
        q.close()
