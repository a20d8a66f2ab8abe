#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""make bench: what the hypervisor costs, measured against native, on QEMU.

usage: run.py --arch ARCH|all [--save-baseline] [--runs N] [--skip-linux] [--report-only]

--arch all (make bench without ARCH=) runs every ISA default_arches() names:
riscv64 and aarch64, and loongarch64 when an LVZ-capable QEMU is found
(QEMU_LVZ, else ../shared/qemu-lvz beside the repository: zvtest.qemu_lvz()).
--skip-linux leaves the Linux section out of that ISA's results and its part
of docs/benchmarks.md; the other ISAs' sections are not touched.

Writes build/bench/results-<arch>.json and the <arch> section of
docs/benchmarks.md. Asserts nothing about time: figures worse than
bench/baseline-<arch>.json by more than a threshold are flagged with a
"BENCH-WORSE:" line, and the exit status stays 0 unless a run broke.

1. Exit costs: guests/common/bench.c as a zone (bench/configs/<platform>/
   bare.dts) and natively (the same guest linked at the firmware's payload
   address), once under -icount shift=0 (retired instructions) and once
   without (wall time from the time counter).
2. Linux against native: Debian's kernel and bench/init, same vCPUs and
   RAM, alternating native and zone runs, medians, ratios zone/native.
3. Footprint: image size, the RAM the board reserves for the hypervisor,
   the ELF's span, lines of C/assembly/headers compiled for the ARCH.
4. Comparison against the committed baseline.
5. Inter-zone channels (--parts chan): bench/chan.py, which writes its own
   build/bench/chan-<arch>.json and docs/benchmarks.md block.

Modules: tables.py (what each ISA runs on, goals, thresholds), runner.py
(the QEMU runs), footprint.py, report.py (results, baseline, the doc).
"""
import argparse
import datetime
import json
import os
import platform
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from footprint import footprint  # noqa: E402
from report import report  # noqa: E402
from runner import (exit_costs, linux_icount, linux_overhead, make,  # noqa: E402
                    qemu_version, runnable)
from tables import ARCHES, OUT_DIR, default_arches, log  # noqa: E402
from irq import irq_latency  # noqa: E402
from mgmt import bench_mgmt  # noqa: E402
from virtio import virtio_bench  # noqa: E402
from chan import bench_chan  # noqa: E402

# What a run measures (--parts): exit costs, Linux wall time, Linux under
# -icount, device interrupt latency, the virtio devices (bench/virtio.py:
# its own JSON and block of docs/benchmarks.md), zone management from a
# Linux root (bench/mgmt.py: likewise), inter-zone channels (bench/chan.py:
# likewise).
PARTS = ("exits", "linux", "icount", "irq", "virtio", "mgmt", "chan")


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--arch", required=True, help="an ISA, or all (default_arches())")
    ap.add_argument("--runs", type=int, default=5, help="Linux runs of each kind (median)")
    ap.add_argument("--skip-linux", action="store_true",
                    help="no Linux runs (--parts without linux and icount)")
    ap.add_argument("--parts", default=",".join(PARTS),
                    help=f"what to run, comma-separated from {','.join(PARTS)} (default all)")
    ap.add_argument("--save-baseline", action="store_true")
    ap.add_argument("--no-report", action="store_true",
                    help="runs only: no results file, doc section or baseline (bench/repeat.sh)")
    ap.add_argument("--report-only", action="store_true",
                    help="no runs: compare the last results with the baseline, rewrite the doc")
    args = ap.parse_args()
    args.parts = set(args.parts.split(","))
    if args.parts - set(PARTS):
        ap.error(f"--parts: unknown {','.join(sorted(args.parts - set(PARTS)))}")
    if args.skip_linux:
        args.parts -= {"linux", "icount"}
    os.makedirs(OUT_DIR, exist_ok=True)
    arches = default_arches() if args.arch == "all" else [args.arch]
    failed = [arch for arch in arches if not bench_arch(arch, args)]
    if failed:
        sys.exit(f"bench: {', '.join(failed)} failed")


def bench_arch(arch, args):
    """One ISA's runs, results and doc section; False if a run broke."""
    if args.report_only:
        res = json.load(open(os.path.join(OUT_DIR, f"results-{arch}.json")))
        res.pop("baseline", None)
        report(arch, res, args.save_baseline)
        return True
    res = {"arch": arch,
           "date": datetime.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z"),
           "qemu": qemu_version(arch),
           "host": f"{platform.machine()}, {os.cpu_count()} CPUs, load average "
                   f"{os.getloadavg()[0]:.1f} at start"}
    why = runnable(arch)
    if why:
        log(f"{arch} skipped: {why}")
        res["skipped"] = why
        res["footprint"] = footprint(arch)
    else:
        a = ARCHES[arch]
        log(f"{arch}: building")
        if make(arch, "bench-prep", quiet=False) is None:
            log(f"{arch}: build failed")
            return False
        res["footprint"] = footprint(arch)
        try:
            run_parts(arch, a, args, res)
        except RuntimeError as e:
            log(f"{arch} failed: {e}")
            return False
    # --parts virtio and/or mgmt alone: bench/virtio.py and bench/mgmt.py
    # wrote their own blocks; the ISA's section is left as it was.
    if not args.no_report and args.parts - {"virtio", "mgmt"}:
        report(arch, res, args.save_baseline)
    return True


def run_parts(arch, a, args, res):
    """The runs --parts asks for, into res; RuntimeError names the run
    that broke and its log."""
    if "exits" in args.parts:
        res["exit_costs"], res["exit_extra"] = exit_costs(arch, a)
    if "linux" in args.parts:
        res["linux"] = linux_overhead(arch, a, args.runs)
    if "icount" in args.parts and not res.get("linux", {}).get("blocked"):
        res.setdefault("linux", {})["icount"] = linux_icount(arch, a)
    if "irq" in args.parts:
        res["irq"] = irq_latency(arch, a)
    if "virtio" in args.parts and not virtio_bench(arch, write=not args.no_report):
        raise RuntimeError("virtio: see build/bench/logs/<arch>-virtio.log")
    if "mgmt" in args.parts:
        bench_mgmt(arch, write=not args.no_report)
    if "chan" in args.parts and not bench_chan(arch, not args.no_report):
        raise RuntimeError("chan: see the lines above")


if __name__ == "__main__":
    main()
