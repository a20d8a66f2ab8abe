#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""make bench, part mgmt: managing a zone from the Linux root (docs/management.md).

usage: mgmt.py --arch ARCH [--reps N] [--icount yes|no]

One boot of configs/<board>/manage-linux.dts (a Linux root beside zone
bare) without -icount (wall time, indicative on a shared host) and one
under -icount shift=0 (virtual ns: about one per instruction retired by the
running vCPUs; idle time passes at the host's rate). At the root's shell:

- start to first instruction: zvctl start prints the CPU counter at its
  request, banner.bin (loaded into the stopped zone) prints its counter at
  its first C instruction. riscv64 and aarch64 zones read one counter
  (hcounteren, CNTVOFF_EL2 = 0), so the difference is the time from the
  request to the zone running. The loongarch64 port sets each vCPU's
  GCNTC at its reset, yet the started zone's counter reads as one that
  kept running (tens of seconds, not the time since its reset): the
  figure is the same difference, dropped if it is not 0..10 s.
- stop and start round trips as zvctl reports them, and one verified
  stop -> load -> start cycle (zvsoak, from the shell).
- image load throughput: an 8 MiB file through zvctl load, against
  dd of the same file with 4 KiB blocks to /dev/null inside the root (a
  memcpy from the page cache).

Writes build/bench/mgmt-<arch>.json and the block
<!-- bench:mgmt-<arch> begin/end --> of docs/benchmarks.md (after the ISA
sections report.py writes; only that block is replaced).
"""
import argparse
import datetime
import json
import os
import re
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, os.path.join(ROOT, "tests", "system"))
from zvtest import Qemu, build_config  # noqa: E402

sys.path.insert(0, HERE)
from runner import qemu_version  # noqa: E402
from tables import ARCHES, OUT_DIR, log  # noqa: E402

DOC = os.path.join(ROOT, "docs", "benchmarks.md")
LOAD_MIB = 8
SOAK_CYCLES = 10
COPIES = 8  # of the file, for the in-root memcpy rate


def sh(q, cmd, timeout=120):
    mark = len(q.text())
    q.send(f"{cmd}; echo sh-done-$((40+2))\r")
    m = q.expect(r"sh-done-42", timeout, start=mark)
    return q.text()[mark:m.start()]


def zvctl(q, args, timeout=120):
    out = sh(q, f"zvctl {args}; echo zvctl-rc=$?", timeout)
    m = re.search(r"zvctl-rc=(\d+)", out)
    if not m or m.group(1) != "0":
        raise RuntimeError(f"zvctl {args} failed: {out[-300:]!r}")
    return out


def round_trip(out, verb):
    m = re.search(rf"zone bare: {verb} in (\d+) us \(counter (\d+) at the request\)", out)
    if not m:
        raise RuntimeError(f"no '{verb}' timing in {out[-300:]!r}")
    return int(m.group(1)), int(m.group(2))


def start_to_first(q, arch):
    """One stop, load of banner.bin, start: (stop us, start us, ns from the
    start request to the zone's first C instruction)."""
    stop_us, _ = round_trip(zvctl(q, "stop bare"), "stopped")
    zvctl(q, "load bare /lib/banner.bin")
    mark = len(q.text())
    start_us, c0 = round_trip(zvctl(q, "start bare"), "started")
    m = q.expect(r"\[bare\] banner: the loaded image runs \(boot \d+\) at counter (\d+) "
                 r"of (\d+) Hz", 30, start=mark)
    c1, hz = int(m.group(1)), int(m.group(2))
    first_ns = (c1 - c0) * 10**9 // hz
    return stop_us, start_us, first_ns if 0 < first_ns < 10**10 else None


def load_vs_memcpy(q):
    """(zvctl load KiB/s, dd in the root KiB/s) for the same 8 MiB file."""
    sh(q, f"dd if=/dev/urandom of=/tmp/img bs=1048576 count={LOAD_MIB} 2>/dev/null")
    zvctl(q, "stop bare")
    out = zvctl(q, "load bare /tmp/img", 600)
    m = re.search(r"loaded (\d+) bytes in (\d+) ms \((\d+) KiB/s\)", out)
    if not m:
        raise RuntimeError(f"no load rate in {out[-300:]!r}")
    load_kibs = int(m.group(3))
    # busybox dd gives no time: COPIES copies between two /proc/uptime
    # readings (10 ms resolution), the file in tmpfs (the page cache).
    out = sh(q, "a=$(cut -d' ' -f1 /proc/uptime); i=0; while [ $i -lt %d ]; do "
                "dd if=/tmp/img of=/dev/null bs=4096 2>/dev/null; i=$((i+1)); done; "
                "echo copy-time $a $(cut -d' ' -f1 /proc/uptime)" % COPIES, 600)
    d = re.search(r"copy-time ([\d.]+) ([\d.]+)", out)
    secs = float(d.group(2)) - float(d.group(1)) if d else 0
    copy_kibs = int(COPIES * LOAD_MIB * 1024 / secs) if secs > 0 else None
    zvctl(q, "load bare /lib/banner.bin")  # not the random bytes: a runnable image
    zvctl(q, "start bare")
    return load_kibs, copy_kibs


def soak_cycle_ms(q):
    out = sh(q, f"zvsoak {SOAK_CYCLES} /lib/banner.bin", 600)
    m = re.search(r"soak-result (\d+) of (\d+) cycles in ([\d.]+) ([\d.]+)", out)
    if not m or m.group(1) != m.group(2):
        raise RuntimeError(f"zvsoak failed: {out[-300:]!r}")
    return (float(m.group(4)) - float(m.group(3))) * 1000 / SOAK_CYCLES


def one_boot(arch, args, icount, reps):
    extra = ["-icount", "shift=0", *ARCHES[arch].get("icount_extra", [])] if icount else []
    q = Qemu(arch, args, extra=extra)
    res = {}
    try:
        t0 = time.time()
        q.expect(r"\[linux\] ZV-INIT: up", 900)
        q.expect(r"\[linux\] .*# ", 120)
        res["boot_s"] = round(time.time() - t0, 1)
        runs = [start_to_first(q, arch) for _ in range(reps)]
        res["stop_us"] = statistics.median(r[0] for r in runs)
        res["start_us"] = statistics.median(r[1] for r in runs)
        firsts = [r[2] for r in runs if r[2] is not None]
        res["start_to_first_ns"] = statistics.median(firsts) if firsts else None
        res["start_to_first_all_ns"] = [r[2] for r in runs]
        res["load_kibs"], res["memcpy_kibs"] = load_vs_memcpy(q)
        res["cycle_ms"] = round(soak_cycle_ms(q), 1)
    finally:
        q.close()
    return res


def fmt_ns(ns):
    return "-" if ns is None else f"{ns / 1000:.0f} µs" if ns < 10**6 else f"{ns / 1e6:.2f} ms"


def spread(r):
    v = [x for x in r.get("start_to_first_all_ns") or [] if x is not None]
    if not v:
        return "-"
    return f"{fmt_ns(r['start_to_first_ns'])} ({fmt_ns(min(v))}-{fmt_ns(max(v))})"


def block(arch, res):
    w, i = res.get("wall", {}), res.get("icount", {})
    first_how = "counter at zvctl's request to the zone's"

    def row(name, key, f):
        return f"| {name} | {f(w.get(key))} | {f(i.get(key))} |"

    us = lambda v: "-" if v is None else f"{v / 1000:.2f} ms"  # noqa: E731
    kib = lambda v: "-" if not v else f"{v / 1024:.1f} MiB/s"  # noqa: E731
    ms = lambda v: "-" if v is None else f"{v:.0f} ms"  # noqa: E731
    ratio = [f"{r['load_kibs'] / r['memcpy_kibs']:.3f}" if r.get("memcpy_kibs") else "-"
             for r in (w, i)]
    L = [f"<!-- bench:mgmt-{arch} begin -->", f"### Managing zones: {arch}", "",
         f"`bench/mgmt.py --arch {arch}`, {res['date']}; {res['qemu']}; "
         f"{res['host']}. A Linux root beside zone bare (`manage-linux.dts`); "
         f"start figures: medians of {res['reps']} starts. Wall: without -icount, "
         f"indicative only (shared host, TCG). icount: virtual time under "
         f"`-icount shift=0`, about 1 ns per instruction the running vCPUs retire "
         f"(idle time passes at the host's rate).",
         *([] if i else ["", "No -icount run here (`--icount`: its Linux boot is too slow "
                             "under the one-instruction-per-block TCG mode it needs)."]),
         "", "| figure | wall | icount |", "|---|---|---|",
         f"| `zvctl start` to the zone's first instruction ({first_how}), median "
         f"(min-max) | {spread(w)} | {spread(i)} |",
         row("`zvctl stop` round trip (scrub of 16 MiB included)", "stop_us", us),
         row("`zvctl start` round trip", "start_us", us),
         row(f"one stop -> load -> start cycle, banner seen (zvsoak, {SOAK_CYCLES} cycles, "
             f"shell and processes included)", "cycle_ms", ms),
         row(f"image load, {LOAD_MIB} MiB through the control port", "load_kibs", kib),
         row(f"`dd` of the same {LOAD_MIB} MiB file from tmpfs to /dev/null, 4 KiB "
             f"blocks, in the root (a memcpy; {COPIES} copies timed)", "memcpy_kibs", kib),
         f"| load / memcpy | {ratio[0]} | {ratio[1]} |",
         "", f"<!-- bench:mgmt-{arch} end -->"]
    return "\n".join(L)


def write_block(arch, text):
    doc = open(DOC).read() if os.path.exists(DOC) else "# Benchmarks\n"
    rx = re.compile(rf"<!-- bench:mgmt-{arch} begin -->.*?<!-- bench:mgmt-{arch} end -->",
                    re.S)
    if rx.search(doc):
        doc = rx.sub(lambda _: text, doc)
    else:  # after the last block of any part: past the ISA sections
        ends = list(re.finditer(r"<!-- bench:[\w-]+ end -->\n?", doc))
        at = ends[-1].end() if ends else len(doc)
        doc = doc[:at].rstrip("\n") + "\n\n" + text + "\n" + doc[at:]
    with open(DOC, "w") as f:
        f.write(doc)


def bench_mgmt(arch, reps=3, icount=None, write=True):
    """The mgmt part for one ISA: its results (with write, also in
    build/bench/mgmt-<arch>.json and docs/benchmarks.md)."""
    if icount is None:
        icount = arch != "loongarch64"  # see --icount
    log(f"mgmt {arch}: building")
    subprocess.run(["make", "-s", f"ARCH={arch}", "all", "initramfs"], cwd=ROOT, check=True)
    args = build_config(arch, "manage-linux")
    res = {"arch": arch, "reps": reps,
           "date": datetime.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z"),
           "qemu": qemu_version(arch),
           "host": f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f} at start"}
    for kind in ("wall", "icount") if icount else ("wall",):
        t0 = time.time()
        log(f"mgmt {arch}: {kind} run")
        try:
            res[kind] = one_boot(arch, args, kind == "icount", reps)
        except Exception as e:  # a broken run, for run.py's report
            raise RuntimeError(f"mgmt {kind} run: {e}") from e
        res[kind]["run_s"] = round(time.time() - t0, 1)
        log(f"mgmt {arch}: {kind}: {res[kind]}")
    if not write:
        return res
    os.makedirs(OUT_DIR, exist_ok=True)
    with open(os.path.join(OUT_DIR, f"mgmt-{arch}.json"), "w") as f:
        json.dump(res, f, indent=1)
    write_block(arch, block(arch, res))
    log(f"mgmt {arch}: build/bench/mgmt-{arch}.json, docs/benchmarks.md")
    return res


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--arch", required=True, choices=sorted(ARCHES))
    ap.add_argument("--reps", type=int, default=3, help="start measurements (median)")
    ap.add_argument("--icount", choices=("yes", "no"),
                    help="the -icount boot too (default: not on loongarch64, where the "
                         "LVZ QEMU needs one instruction per block under -icount and the "
                         "root's Linux boot alone takes over 5 minutes)")
    args = ap.parse_args()
    icount = args.icount == "yes" if args.icount else args.arch != "loongarch64"
    bench_mgmt(args.arch, args.reps, icount)


if __name__ == "__main__":
    main()
