#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""bench chan: what an inter-zone channel costs (docs/channels.md).

usage: chan.py --arch ARCH|all [--no-report]
       (also bench/run.py --parts chan)

1. Doorbell round trip in instructions: configs/<board>/chan.dts (two bare
   zones, guests/common/chanpp.c) under -icount shift=0; the pinging zone
   counts its instructions over 100 one-byte round trips (send, ring, the
   peer's interrupt, claim, acknowledge, complete, echo, ring back, the
   same on the way back). Shown beside the virtual IPI round trip of the
   exit-cost part (build/bench/results-<arch>.json, else the committed
   bench/baseline-<arch>.json).
2. Bare <-> bare throughput: the same guests' 64 KiB each way at once
   (pattern generation and checksums included), in instructions under
   -icount and in guest time without it (TCG).
3. Linux <-> bare throughput: configs/<board>/chanlinux.dts, Linux writes
   1 MiB to its channel port and reads the bare zone's echo (md5 checked),
   timed by Linux's /proc/uptime (guest time, TCG).

Writes build/bench/chan-<arch>.json and its own block of docs/benchmarks.md
between "<!-- bench:chan-<arch> begin -->" and "... end -->": replaced if
present, else put after the last block of the file, so the ISA sections
bench/report.py rewrites are never touched. Asserts nothing about time.
"""
import argparse
import datetime
import json
import os
import re
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from tables import ARCHES, DOC, OUT_DIR, ROOT, default_arches, log  # noqa: E402
from zvtest import Qemu, TestFailure, build_config  # noqa: E402

MIB = 1 << 20
RT_RX = r"\[ping\] CHAN round trip: (\d+) rounds, (\d+) insns (\d+) ticks each \((\d+) Hz\)"
XFER_RX = (r"\[(?:ping|pong)\] CHAN transfer side (\d): (\d+) bytes each way, (\d+) insns "
           r"(\d+) ticks \((\d+) Hz\)")


def icount_args(arch):
    """-icount shift=0, and what the ISA's QEMU needs with it (tables.py)."""
    return ["-icount", "shift=0", *ARCHES[arch].get("icount_extra", [])]


def pingpong(arch, icount):
    """One boot of chan.dts; the round trip and both sides' transfers."""
    q = Qemu(arch, build_config(arch, "chan"), icount_args(arch) if icount else ())
    try:
        q.expect(r"\[ping\] CHAN DONE", 300)
        q.expect(r"\[pong\] CHAN DONE", 60)
        out = q.text()
    finally:
        q.close()
    rt = re.search(RT_RX, out, re.M)
    xfer = {int(m.group(1)): m for m in re.finditer(XFER_RX, out, re.M)}
    if not rt or len(xfer) != 2 or "FAIL" in out:
        raise RuntimeError(f"chan.dts ({'icount' if icount else 'wall'}): incomplete output")
    r = {"rounds": int(rt.group(1)), "rt_insns": int(rt.group(2)),
         "rt_ticks": int(rt.group(3)), "hz": int(rt.group(4))}
    # Both streams run at once; the slower side ends the transfer.
    side = max(xfer.values(), key=lambda m: int(m.group(4)))
    r["xfer_bytes"] = int(side.group(2))
    r["xfer_insns"] = max(int(m.group(3)) for m in xfer.values())
    r["xfer_s"] = int(side.group(4)) / int(side.group(5))
    return r


def linux_echo(arch):
    """Linux <-> bare: 1 MiB each way through the channel port."""
    q = Qemu(arch, build_config(arch, "chanlinux"))

    def run(cmd, pattern, timeout=60):
        mark = len(q.text())
        q.send(cmd + "\r")
        return q.expect(pattern, timeout, start=mark)
    try:
        q.expect(r"\[linux\] ZV-INIT: up", 240)
        q.expect(r"\[linux\] .*# ", 60)
        q.expect(r"\[echo\] ECHO ready", 30)
        port = run("P=; for f in /sys/class/virtio-ports/*; do [ \"$(cat $f/name)\" = echo ] "
                   "&& P=$(basename $f); done; echo port-$P-end",
                   r"\[linux\] port-(\S+)-end").group(1)
        run(f"dd if=/dev/urandom of=/tmp/in bs=4096 count={MIB // 4096} 2>/dev/null; "
            "echo made-$((2*3))", r"made-6")
        # Two tests joined by &&: see tests/system/test_chanport.py echo_cmd.
        m = run(f"exec 3<>/dev/{port}; cat <&3 >/tmp/out & t0=$(cut -d' ' -f1 /proc/uptime); "
                "dd if=/tmp/in bs=4096 2>/dev/null >&3; i=0; "
                f"while [ $(wc -c </tmp/out) -lt {MIB} ] && [ $i -lt 600 ]; do usleep 20000; "
                "i=$((i+1)); done; t1=$(cut -d' ' -f1 /proc/uptime); kill $!; exec 3>&-; "
                "echo echo-$(wc -c </tmp/out)-$t0-$t1-$(md5sum </tmp/in | cut -c1-32)-"
                "$(md5sum </tmp/out | cut -c1-32)-end",
                r"\[linux\] echo-(\d+)-([\d.]+)-([\d.]+)-([0-9a-f]{32})-([0-9a-f]{32})-end", 400)
    finally:
        q.close()
    got, t0, t1, a, b = m.groups()
    if int(got) != MIB or a != b:
        raise RuntimeError(f"chanlinux.dts: echo came back wrong ({got} bytes)")
    return {"bytes": MIB, "s": max(float(t1) - float(t0), 0.01)}


def ipi_figure(arch):
    """The virtual IPI round trip in instructions and where it comes from."""
    path = os.path.join(OUT_DIR, f"results-{arch}.json")
    try:
        e = json.load(open(path))["exit_costs"]["ipi-roundtrip"]
        if e.get("insns"):
            return e["insns"], "this build's make bench (build/bench)"
    except (OSError, KeyError, ValueError):
        pass
    try:
        m = json.load(open(os.path.join(ROOT, "bench", f"baseline-{arch}.json")))["metrics"]
        return m["exit.ipi-roundtrip.insns"], f"bench/baseline-{arch}.json"
    except (OSError, KeyError, ValueError):
        return None, "none"


def measure(arch):
    res = {"arch": arch,
           "date": datetime.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z"),
           "host": f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f} at start"}
    if subprocess.run(["make", "-s", f"ARCH={arch}", "all", "initramfs"], cwd=ROOT,
                      stdout=subprocess.DEVNULL).returncode:
        raise RuntimeError("build failed")
    t = time.monotonic()
    log(f"chan {arch}: chan.dts under -icount")
    res["icount"] = pingpong(arch, True)
    log(f"chan {arch}: chan.dts, guest time")
    res["wall"] = pingpong(arch, False)
    log(f"chan {arch}: Linux <-> bare echo")
    res["linux"] = linux_echo(arch)
    res["ipi_rt_insns"], res["ipi_source"] = ipi_figure(arch)
    res["seconds"] = round(time.monotonic() - t)
    return res


def block(res):
    """The doc block of one ISA."""
    arch, ic, w, lx = res["arch"], res["icount"], res["wall"], res["linux"]
    ipi = res["ipi_rt_insns"]
    ratio = f" ({ic['rt_insns'] / ipi:.1f} × the virtual IPI's)" if ipi else ""
    per_byte = ic["xfer_insns"] / ic["xfer_bytes"]
    rate = w["xfer_bytes"] / w["xfer_s"]
    lrate = lx["bytes"] / lx["s"]
    L = [f"<!-- bench:chan-{arch} begin -->",
         f"## Channels: {arch}", "",
         f"Generated by `bench/chan.py --arch {arch}` (or `bench/run.py --parts chan`) on "
         f"{res['date']}, host {res['host']}; figures in `build/bench/chan-{arch}.json`. "
         "Round trip and bare transfer: `configs/<board>/chan.dts` (guests/common/chanpp.c); "
         "Linux: `configs/<board>/chanlinux.dts`, 1 MiB written to the port and echoed by "
         "the bare zone (docs/channels.md).", "",
         "| figure | value |", "|---|---|",
         f"| doorbell round trip, one byte each way (instructions of the pinging vCPU, "
         f"`-icount shift=0`, mean of 100) | {ic['rt_insns']:,}{ratio} |",
         f"| virtual IPI round trip, for comparison (instructions; {res['ipi_source']}) | "
         f"{'-' if ipi is None else f'{ipi:,.0f}'} |",
         f"| bare ↔ bare, 64 KiB each way at once: instructions per byte (`-icount`) | "
         f"{per_byte:.1f} |",
         f"| bare ↔ bare, 64 KiB each way at once: guest time, TCG | {w['xfer_s'] * 1e3:.1f} ms "
         f"({rate / 1e6:.2f} MB/s each way) |",
         f"| Linux ↔ bare, 1 MiB each way through the port: guest time, TCG | "
         f"{lx['s']:.2f} s ({lrate / 1e6:.2f} MB/s each way) |", "",
         "Instructions are counted as the exit costs above count them: riscv64 the "
         "pinging hart's `instret` (its own guest and hypervisor instructions: two rings, "
         "the doorbell interrupt with claim, acknowledgement and completion, the ring "
         "bookkeeping; the peer's half runs on another hart), aarch64 and loongarch64 the "
         "virtual clock under `-icount shift=0` (one tick per instruction on whichever "
         "vCPU runs, so both halves). The guest-time figures move with the host's load "
         "(TCG, a shared 2-core host).", "",
         f"<!-- bench:chan-{arch} end -->"]
    return "\n".join(L)


def write_block(arch, text):
    """Replace this ISA's chan block, or add it after the file's last block."""
    doc = open(DOC).read()
    rx = re.compile(rf"<!-- bench:chan-{arch} begin -->.*?<!-- bench:chan-{arch} end -->", re.S)
    if rx.search(doc):
        doc = rx.sub(lambda _: text, doc)
    else:
        ends = list(re.finditer(r"<!-- bench:[\w-]+ end -->", doc))
        at = ends[-1].end() if ends else len(doc.rstrip("\n"))
        doc = doc[:at] + "\n\n" + text + doc[at:]
    doc = doc.rstrip("\n") + "\n"
    with open(DOC, "w") as f:
        f.write(doc)


def bench_chan(arch, report=True):
    """Measure one ISA and write its results; False if a run broke."""
    os.makedirs(OUT_DIR, exist_ok=True)
    try:
        res = measure(arch)
    except (RuntimeError, TestFailure) as e:
        log(f"chan {arch} failed: {e}")
        return False
    log(f"chan {arch}: round trip {res['icount']['rt_insns']} insns, "
        f"bare {res['wall']['xfer_s'] * 1e3:.1f} ms, Linux {res['linux']['s']:.2f} s "
        f"({res['seconds']} s)")
    if report:
        with open(os.path.join(OUT_DIR, f"chan-{arch}.json"), "w") as f:
            json.dump(res, f, indent=1)
        write_block(arch, block(res))
    return True


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--arch", required=True, help="an ISA, or all (default_arches())")
    ap.add_argument("--no-report", action="store_true", help="runs only: no json, no doc")
    args = ap.parse_args()
    arches = default_arches() if args.arch == "all" else [args.arch]
    failed = [a for a in arches if not bench_chan(a, not args.no_report)]
    if failed:
        sys.exit(f"bench chan: {', '.join(failed)} failed")


if __name__ == "__main__":
    main()
