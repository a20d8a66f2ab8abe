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
"""
import argparse
import datetime
import json
import os
import platform
import re
import select
import shutil
import statistics
import struct
import subprocess
import sys
import time

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
sys.path.insert(0, os.path.join(ROOT, "tests", "system"))
from zvtest import ARCHES as TEST_ARCHES, NO_QEMU_LVZ, exit_stats_rx, qemu_lvz  # noqa: E402
CACHE = os.environ.get("ZV_CACHE", os.path.expanduser("~/.cache/zonevisor"))
DOC = os.path.join(ROOT, "docs", "benchmarks.md")
OUT_DIR = os.path.join(ROOT, "build", "bench")

# Per ISA: how QEMU boots the native references (the hypervisor's machine
# is the system tests', hv_machine()), and the goals. An ISA is run when it
# has an entry with "qemu", bench configs and guest hooks; the rest get a
# footprint and a reason.
ARCHES = {
    "riscv64": {
        "qemu": "qemu-system-riscv64",
        # The hypervisor's board has 4 CPUs and 2 GiB; the zones use 2 vCPUs
        # and 256 MiB, and CPUs 2-3 idle in wfi.
        "native_machine": ["-M", "virt,aclint=on", "-smp", "2", "-m", "256M", "-bios",
                           "default"],
        "kernel": "riscv64/Image",
        "bootargs": "console=ttyS0 earlycon=sbi rdinit=/init",
        "firmware": "OpenSBI (QEMU's -bios default)",
        "firmware_call": "SBI get_spec_version (BASE fid 0)",
        # Where the zone's Linux time goes, measured (perf on the host).
        "linux_note": (
            "Where the difference comes from (host `perf` over one whole run each, "
            "QEMU 10.0): the exits counted above cost QEMU about 10 µs each (each change of "
            "virtualization mode empties QEMU's TLB), and zone load (scrub and copy of "
            "256 MiB) about 0.1 s. The rest is QEMU's two-stage translation: a guest TLB "
            "fill walks the guest's Sv39 table with a G-stage walk for every level (11 "
            "page-table reads, each with a PMP check, against 5 for native Sv57), so the "
            "QEMU functions of the page walk (`pmp_hart_has_privs`, `address_space_ldq`) "
            "take about 0.25 s more CPU time per run, and the kernel's early boot, before "
            "its clock starts, takes 1.16 s against 0.73 s with only about a hundred "
            "exits (console writes) in it."),
        "targets": {
            "exit.firmware-call.insns": (117, "≤ 117 (Bao 233, native S→M OpenSBI 301)"),
            "exit.hypercall.insns": (150, "≤ 150 (Bao 330)"),
            "timer.exits_per_tick": (0, "0 (Sstc)"),
            "linux.boot.ratio": (1.10, "≤ 1.10×"),
            "linux.cpu.ratio": (1.02, "≤ 1.02×"),
            "linux.mem.ratio": (1.02, "≤ 1.02×"),
        },
    },
    "aarch64": {
        "qemu": "qemu-system-aarch64",
        # Natively, the hypervisor's machine without EL2 runs the guest (or
        # Linux) at EL1.
        "native_machine": ["-M", "virt,gic-version=3", "-cpu", "max", "-smp", "2",
                           "-m", "256M"],
        "kernel": "arm64/Image",
        "bootargs": "console=ttyAMA0 rdinit=/init",
        "firmware": "QEMU's built-in PSCI (HVC conduit, no EL2/EL3: the guest at EL1)",
        "firmware_call": "PSCI_VERSION (HVC)",
        "linux_note": (
            "Where the boot difference comes from, measured: QEMU records a translation "
            "at the larger of the stage-1 and stage-2 page sizes, and any guest TLBI by VA "
            "inside such a large page empties QEMU's whole EL1 TLB. With the zone's RAM in "
            "2 MiB stage-2 blocks every guest translation counted as a large page: 1.45M TLB "
            "fills during boot in the zone against 166k natively. This board therefore maps "
            "zones with 4 KiB stage-2 pages (BOARD_S2_LEAF_MAX in its board.h; a board on "
            "hardware keeps the blocks for TLB reach): 295k fills. Boot ratio, this benchmark "
            "run back to back on one host: 1.71 and 1.57 with blocks, 1.32 and 1.44 with "
            "pages. What is left comes with those fills (still 1.8 times native's, each a "
            "two-stage walk); the exits counted above, at the MMIO round trip's wall time, "
            "account for under 0.1 s. Wall-time ratios move by about 0.1 between runs on "
            "this shared host."),
        # How the exit path is built, after the instruction paragraph.
        "exit_note": (
            "Since issue #6 every synchronous exit is handled on the hypervisor stack "
            "without the vCPU loop: an HVC saves only the registers C may clobber and "
            "`a64_hvc_fast()` answers the constant calls (PSCI_VERSION, SMCCC_VERSION, "
            "PSCI_FEATURES, MIGRATE_INFO_TYPE, HC_NULL, HC_VERSION) without building an "
            "exit; any other exit saves every GPR and completes in `a64_sync_fast()`; a "
            "vGIC flush ranks the waiting interrupts in one scan (before: hypercall 170, "
            "PSCI_VERSION 121, MMIO read/write 428/426, IPI one-way 1855, timer 1011). "
            "Interrupt exits too: a physical IRQ from the guest saves only the registers C "
            "may clobber and `a64_irq_fast()` handles it there, a trapped WFI waits there "
            "and resumes the guest after the interrupt that woke the CPU, and a private "
            "interrupt made pending (the timer's PPI, an SGI from another vCPU) goes "
            "straight into a free list register without a scan of the zone's interrupts "
            "(before: timer 777, IPI one-way 1270, round trip 2579)."),
        "targets": {
            "exit.hypercall.insns": (150, "≤ 150 (close to PSCI_VERSION)"),
            "exit.firmware-call.insns": (94, "≤ 94 (Bao 188)"),
            "timer.exits_per_tick": (1, "1 (the EL1 timer's interrupt goes to EL2)"),
            "linux.boot.ratio": (1.10, "≤ 1.10×"),
            "linux.cpu.ratio": (1.02, "≤ 1.02×"),
            "linux.mem.ratio": (1.02, "≤ 1.02×"),
        },
    },
    # Zones need an LVZ-capable QEMU (qemu_lvz()): run only when there is one.
    # Natively, the same binary without LVZ runs the guest (or Linux) in root.
    "loongarch64": {
        "qemu": qemu_lvz(),
        "native_machine": ["-M", "virt", "-cpu", "la464", "-smp", "2", "-m", "256M"],
        "kernel": "loong64/Image",
        # The fork (QEMU 9.0) boots only ELF kernels: bench-prep wraps the
        # raw Image (tools/image2elf) for the native run; the zone gets the
        # Image itself. 512 MiB as the zone (linux.dts).
        "native_kernel": "build/loongarch64/bench/Image.elf",
        "linux_native_machine": ["-M", "virt", "-cpu", "la464", "-smp", "2", "-m", "512M"],
        "linux_mem": "512 MiB",
        # The hypervisor starts each vCPU's counter near 0 (CSR.GCNTC), as a
        # guest's counter starts on hardware: the zone's boot figure counts
        # from the zone's start, the native one from QEMU's.
        "icount_boot_note": " (zone: from the zone's start, see note)",
        "bootargs": "console=ttyS0,115200 rdinit=/init initcall_blacklist=i8042_init",
        # On the fork's older commit 42b4d34 guest ASID.ASIDBITS reads 0 and
        # Linux user space cannot run in a zone (docs/loongarch64.md).
        "linux_blocker": (r"LVZ quirk: guest ASID\.ASIDBITS reads 0",
                          "this LVZ model leaves guest ASID.ASIDBITS 0 (the hypervisor "
                          "prints 'LVZ quirk' at boot), so the zone's Linux user space "
                          "faults before /init prints its marker; see docs/loongarch64.md"),
        "firmware": "none (QEMU's direct boot, the guest in root at PLV0; its hvcl "
                    "raises INE there and answers \"no hypervisor\")",
        "firmware_call": "cpucfg 0 (emulated on a GSPR exit)",
        # Under -icount the fork aborts ("Bad icount read") at the first exit
        # taken with the guest timer armed, which the bench guest does only
        # in its last part (the wfi timer): the instruction run keeps every
        # figure before it; the wall-time run completes.
        "partial_after": 60,
        "needs_qemu": NO_QEMU_LVZ,
        "note": "stock QEMU has no LVZ, so the hypervisor runs no guest there "
                "(set QEMU_LVZ to an LVZ-capable qemu-system-loongarch64)",
        # How the exits are taken (after the figures' explanation).
        "exit_note": "Since issues #4 and #6 every exit is handled on the hypervisor "
                     "stack and the guest resumes from there without the vCPU loop: "
                     "`hvcl` saves only the registers C may clobber and `la_hvc_fast()` "
                     "answers the constant hypercalls (HC_NULL, HC_VERSION) itself, "
                     "the others through the core; GSPR and interrupt exits save the "
                     "same registers and complete in `la_lean_fast()` (an iocsr, cpucfg "
                     "or csr naming r21-r31 saves the rest, then `la_gspr_full()`); "
                     "every other exit saves all GPRs and completes in `la_trap_fast()` "
                     "(MMIO through the core's `vcpu_exit_fast()`). A guest `idle` with "
                     "nothing due waits in root on its exit's stack and resumes the "
                     "guest from there when the IPI (or its timer) arrives; an IPI "
                     "write updates only the "
                     "sender's and the target's IPI line. The IPI one-way figure "
                     "includes the sender's `idle` exit and the receiving guest's two "
                     "IOCSR exits (status read, clear). Before: hypercall 296, cpucfg "
                     "286 then 230, MMIO read/write 414/392 then 377/356, IPI one-way "
                     "2150, round trip 4340.",
        "targets": {
            "exit.hypercall.insns": (134, "≤ 134 (hvcl round trip of a minimal LVZ root: 134)"),
            "timer.exits_per_tick": (0, "0 (LVZ guest timer)"),
        },
    },
}


def thresholds_text():
    """THRESHOLDS as the doc states them."""
    def one(thr, slack, name):
        if thr is None:
            return f"{name} not compared"
        parts = ([f"{thr:.0%}"] if thr else []) + ([f"+{slack:g}"] if slack else [])
        return f"{name} {' '.join(parts)}"
    return "; ".join(one(t, s, n) for _, t, s, n in THRESHOLDS)


def hv_machine(arch):
    """QEMU's machine options for the hypervisor: the system tests' own."""
    return TEST_ARCHES[arch]["machine"]


def qemu_missing(a):
    """Why the ISA's QEMU is missing ("needs_qemu": no LVZ-capable QEMU
    found), or None."""
    return a["needs_qemu"] if "needs_qemu" in a and not a["qemu"] else None


def default_arches():
    """What --arch all (make bench) runs: every ISA but those without the
    QEMU they need."""
    return [arch for arch, a in ARCHES.items() if not qemu_missing(a)]

# Comparison against the baseline: (threshold, absolute slack, what the doc
# calls it). Lower is better for every figure compared.
THRESHOLDS = [
    (re.compile(r"^exit\..*\.(native_)?insns$"), 0.10, 0.0, "instructions"),
    # Wall time of one vCPU's exits; the IPI and the wfi timer depend on
    # how the host schedules QEMU's threads and are not compared.
    (re.compile(r"^exit\.(ipi-|timer-latency).*wall_ns$"), None, 0.0,
     "IPI and wfi-timer wall times"),
    (re.compile(r"^exit\..*wall_ns$"), 0.50, 0.0, "single-vCPU exit wall time"),
    (re.compile(r"^timer\.exits_per_tick$"), 0.0, 0.5, "exits per tick"),
    (re.compile(r"^linux\.icount\..*\.ratio$"), 0.02, 0.0, "instruction ratios"),
    (re.compile(r"^linux\..*\.ratio$"), 0.15, 0.0, "wall-time ratios"),
    (re.compile(r"^linux\.exits\.total$"), 0.10, 100, "Linux exits"),
    (re.compile(r"^footprint\.(image_bytes|elf_span_bytes|hv_ram_bytes)$"), 0.10, 0.0,
     "sizes"),
]


def log(msg):
    print(f"bench: {msg}", flush=True)


def make(arch, *targets, quiet=True):
    r = subprocess.run(["make", "-s", f"ARCH={arch}", *targets], cwd=ROOT,
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    if r.returncode:
        if not quiet:
            sys.stdout.write(r.stdout)
        return None
    return r.stdout


class Run:
    """One QEMU process; console lines with the host time they arrived."""

    def __init__(self, cmd, name):
        self.cmd = cmd
        self.name = name
        self.lines = []
        self.t0 = time.monotonic()
        self.proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.STDOUT)

    def until(self, pattern, timeout):
        """Collect output until a line matches pattern, QEMU exits or the
        timeout passes; True if the pattern was seen."""
        rx = re.compile(pattern)
        fd = self.proc.stdout.fileno()
        buf = b""
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            ready, _, _ = select.select([fd], [], [], 0.5)
            if not ready:
                if self.proc.poll() is not None:
                    break
                continue
            chunk = os.read(fd, 65536)
            now = time.monotonic() - self.t0
            if not chunk:
                break
            buf += chunk
            *done, buf = buf.split(b"\n")
            for raw in done:
                line = raw.decode("utf-8", "replace").rstrip("\r")
                self.lines.append((now, line))
                if rx.search(line):
                    return True
        return False

    def time_of(self, pattern):
        rx = re.compile(pattern)
        for t, line in self.lines:
            if rx.search(line):
                return t
        return None

    def close(self):
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait()
        path = os.path.join(OUT_DIR, "logs", f"{self.name}.log")
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w") as f:
            f.write(" ".join(self.cmd) + "\n")
            f.writelines(f"{t:9.3f} {line}\n" for t, line in self.lines)
        return path


def hv_cmd(arch, a, cfg, extra=()):
    with open(os.path.join(ROOT, "build", arch, "bench", f"cfg-{cfg}", "qemu-args")) as f:
        args = f.read().split()
    return [a["qemu"], *hv_machine(arch), "-nographic", "-kernel",
            os.path.join(ROOT, "build", arch, "zonevisor.elf"), *args, *extra]


# ---- 1. exit costs ----

BENCH_RX = re.compile(r"BENCH (\S+) round=(\d+) n=(\d+) insns=(-?\d+) ticks=(-?\d+)")


def bare_run(cmd, name, partial_after=None):
    """partial_after: seconds after which an unfinished run's figures are
    kept (the ISA's "partial_after"), else it is an error."""
    r = Run(cmd, name)
    ok = r.until(r"BENCH end|BENCH error", partial_after or 300)
    path = r.close()
    text = [line for _, line in r.lines]
    if any("BENCH error" in x for x in text) or not (ok or partial_after):
        raise RuntimeError(f"{name}: no complete bench output (log {path})")
    if not ok:
        log(f"{name}: no `BENCH end` (QEMU exited or {partial_after} s passed), "
            f"figures so far kept (log {path})")
    ops = {}
    extra = {}
    for line in text:
        m = BENCH_RX.search(line)
        if m:
            op, n, insns, ticks = m.group(1), int(m.group(3)), int(m.group(4)), int(m.group(5))
            ops.setdefault(op, []).append((insns / n, ticks / n))
            continue
        m = re.search(r"BENCH timer-exits n=(\d+) exits=(-?\d+)", line)
        if m:
            extra["exits_per_tick"] = int(m.group(2)) / int(m.group(1))
        m = re.search(r"BENCH counter-shared (\d)", line)
        if m:
            extra["counter_shared"] = m.group(1) == "1"
        m = re.search(r"BENCH begin env=(\S+) timer_hz=(\d+)", line)
        if m:
            extra["env"], extra["timer_hz"] = m.group(1), int(m.group(2))
    med = {op: (statistics.median(x[0] for x in v), statistics.median(x[1] for x in v))
           for op, v in ops.items()}
    return med, extra


def exit_costs(arch, a):
    native_elf = os.path.join(ROOT, "build", arch, "bench", "bench-native.elf")
    native = [a["qemu"], *a["native_machine"], "-nographic", "-kernel", native_elf]
    icount = ["-icount", "shift=0"]
    runs = {}
    for key, cmd in [("zone_insns", hv_cmd(arch, a, "bare", icount)),
                     ("native_insns", native + icount),
                     ("zone_wall", hv_cmd(arch, a, "bare")),
                     ("native_wall", native)]:
        log(f"exit costs: {key.replace('_', ' ')} run")
        runs[key] = bare_run(cmd, f"{arch}-bare-{key}", a.get("partial_after"))
    hz = runs["zone_wall"][1]["timer_hz"]
    ns = 1e9 / hz

    def fig(key, op, col):
        v = runs[key][0].get(op)
        return None if v is None else round(v[col] * (ns if col else 1), 1)

    rows = {
        "hypercall": "null hypercall round trip (HC_NULL)",
        "firmware-call": f"firmware call: {a['firmware_call']}",
        "mmio-read": "emulated MMIO read round trip (testdev SCRATCH, 64-bit)",
        "mmio-write": "emulated MMIO write round trip (testdev SCRATCH, 64-bit)",
        "ipi-oneway": "virtual IPI, send → receiving vCPU's handler",
        "ipi-roundtrip": "virtual IPI ping-pong round trip",
        "timer-expired": "timer interrupt, deadline already passed → handler",
        "timer-latency": "timer interrupt, wfi until expiry → handler",
    }
    out = {}
    for op, label in rows.items():
        e = {"label": label,
             "insns": fig("zone_insns", op, 0), "native_insns": fig("native_insns", op, 0),
             "wall_ns": fig("zone_wall", op, 1), "native_wall_ns": fig("native_wall", op, 1)}
        if op == "ipi-oneway":
            # Wall time cannot be stamped across vCPUs at 100 ns: half the
            # round trip instead.
            for k, src in (("wall_ns", "zone_wall"), ("native_wall_ns", "native_wall")):
                rt = fig(src, "ipi-roundtrip", 1)
                e[k] = None if rt is None else round(rt / 2, 1)
        if op == "timer-latency":
            e["insns"] = e["native_insns"] = None  # icount idles: not instructions
        out[op] = e
    extra = {
        "timer_exits_per_tick": runs["zone_insns"][1].get("exits_per_tick"),
        "counter_shared_across_vcpus": runs["zone_insns"][1].get("counter_shared"),
        "empty_loop_insns_per_iteration": None,
        "timer_hz": hz,
    }
    for line in open(os.path.join(OUT_DIR, "logs", f"{arch}-bare-zone_insns.log")):
        m = re.search(r"BENCH empty round=0 n=(\d+) .*empty_insns=(\d+)", line)
        if m:
            extra["empty_loop_insns_per_iteration"] = int(m.group(2)) / int(m.group(1))
    return out, extra


# ---- 2. Linux against native ----

class LinuxBlocked(Exception):
    """The zone's Linux cannot run on this model (the ISA's linux_blocker)."""


EXITS_RX = re.compile(exit_stats_rx())


def linux_run(cmd, name, blocker=None, zone=False):
    r = Run(cmd, name)
    ok = r.until(r"ZV-BENCH end" + (f"|{blocker[0]}" if blocker else ""), 600)
    if blocker and any(re.search(blocker[0], x) for _, x in r.lines):
        r.close()
        raise LinuxBlocked(blocker[1])
    if ok and zone:  # the hypervisor's count of the run's exits, at power-off
        r.until(EXITS_RX.pattern, 30)
    path = r.close()
    boot = r.time_of(r"ZV-INIT: up")
    res = {"boot": boot}
    for _, line in r.lines:
        m = re.search(r"ZV-BENCH (cpu|mem) ([0-9.]+)$", line)
        if m:
            res[m.group(1)] = float(m.group(2))
        m = re.search(r"ZV-BENCH cpu-check (\S+)", line)
        if m:
            res["hash"] = m.group(1)
        m = re.search(r"ZV-CLOCK up (\d+) (\d+)$", line)
        if m and int(m.group(2)):
            res.setdefault("clock", {})["boot"] = int(m.group(1)) * 1e9 / int(m.group(2))
        m = re.search(r"ZV-CLOCK (cpu|mem) (\d+) (\d+) (\d+)$", line)
        if m and int(m.group(4)):
            res.setdefault("clock", {})[m.group(1)] = \
                (int(m.group(3)) - int(m.group(2))) * 1e9 / int(m.group(4))
        m = EXITS_RX.search(line)
        if m:
            res["exits"] = {k: int(x) for k, x in m.groupdict().items()}
    if not ok or boot is None or "cpu" not in res or "mem" not in res:
        raise RuntimeError(f"{name}: Linux run incomplete (log {path})")
    return res


def linux_native_machine(a):
    """QEMU's machine options for the native Linux run."""
    return a.get("linux_native_machine", a["native_machine"])


def linux_overhead(arch, a, runs):
    kernel = (os.path.join(ROOT, a["native_kernel"]) if a.get("native_kernel")
              else os.path.join(CACHE, a["kernel"]))
    initrd = os.path.join(ROOT, "build", arch, "bench", "initramfs.cpio")
    native = [a["qemu"], *linux_native_machine(a), "-nographic",
              "-kernel", kernel, "-initrd", initrd, "-append", a["bootargs"]]
    zone = hv_cmd(arch, a, "linux")
    got = {"native": [], "zone": []}
    for i in range(runs):
        for kind, cmd in (("zone", zone), ("native", native)):
            log(f"linux: {kind} run {i + 1}/{runs}")
            try:
                got[kind].append(linux_run(cmd, f"{arch}-linux-{kind}-{i + 1}",
                                           a.get("linux_blocker") if kind == "zone" else None,
                                           zone=kind == "zone"))
            except LinuxBlocked as e:
                log(f"linux: not measured: {e}")
                return {"blocked": str(e)}
    hashes = {x["hash"] for k in got for x in got[k]}
    out = {"runs": runs, "hash_identical": len(hashes) == 1}
    for job in ("boot", "cpu", "mem"):
        n = [x[job] for x in got["native"]]
        z = [x[job] for x in got["zone"]]
        mn, mz = statistics.median(n), statistics.median(z)
        out[job] = {"native_s": [round(x, 3) for x in n], "zone_s": [round(x, 3) for x in z],
                    "native_median_s": round(mn, 3), "zone_median_s": round(mz, 3),
                    "ratio": round(mz / mn, 3)}
    exits = [x["exits"] for x in got["zone"] if "exits" in x]
    if exits:  # the run with the median total
        out["exits"] = sorted(exits, key=lambda x: x["total"])[len(exits) // 2]
    out["icount"] = linux_icount(arch, a, zone, native)
    return out


# Under -icount shift=0 QEMU's virtual clock, and with it every guest's
# time counter, advances one nanosecond per instruction retired on any CPU,
# and jumps over periods when every CPU waits (sleep=off: at once).
ICOUNT = ["-icount", "shift=0,sleep=off"]


def linux_icount(arch, a, zone, native):
    """One zone and one native Linux run under -icount: the figures, in
    virtual nanoseconds, bench/init read from the counter (ZV-CLOCK)."""
    got = {}
    for kind, cmd in (("zone", zone + ICOUNT), ("native", native + ICOUNT)):
        log(f"linux: {kind} run under -icount")
        r = linux_run(cmd, f"{arch}-linux-{kind}-icount", zone=kind == "zone")
        if set(r.get("clock", {})) != {"boot", "cpu", "mem"}:
            raise RuntimeError(f"{arch}-linux-{kind}-icount: no ZV-CLOCK figures "
                               f"(log {os.path.join(OUT_DIR, 'logs')})")
        got[kind] = r
    out = {"hash_identical": got["zone"]["hash"] == got["native"]["hash"]}
    for job in ("boot", "cpu", "mem"):
        n, z = got["native"]["clock"][job], got["zone"]["clock"][job]
        out[job] = {"native": round(n), "zone": round(z), "ratio": round(z / n, 4)}
    out["exits"] = got["zone"].get("exits")
    return out


# ---- 3. footprint ----

def elf_span(path):
    """Bytes from the lowest to the highest address of the loadable
    segments (text, data and bss)."""
    with open(path, "rb") as f:
        data = f.read()
    phoff, = struct.unpack_from("<Q", data, 0x20)
    phentsize, phnum = struct.unpack_from("<HH", data, 0x36)
    lo, hi = None, 0
    for i in range(phnum):
        p_type, _, _, vaddr, _, _, memsz, _ = struct.unpack_from(
            "<IIQQQQQQ", data, phoff + i * phentsize)
        if p_type == 1 and memsz:
            lo = vaddr if lo is None else min(lo, vaddr)
            hi = max(hi, vaddr + memsz)
    return hi - (lo or 0), lo


def board_hv_range(plat):
    """The board's .hv = {base, size} range, from its board.h macros."""
    d = os.path.join(ROOT, "src", "platform", plat)
    macros = {}
    for line in open(os.path.join(d, "board.h")):
        m = re.match(r"#define\s+(\w+)\s+(0x[0-9a-fA-F]+|\d+)[uUlL]*\b", line)
        if m:
            macros[m.group(1)] = int(m.group(2), 0)
    src = open(os.path.join(d, "board.c")).read()
    m = re.search(r"\.hv\s*=\s*\{([^,]+),([^}]+)\}", src)
    if not m:
        return None

    def ev(expr):
        expr = re.sub(r"\b(\w+)\b", lambda x: str(macros.get(x.group(1), x.group(1))), expr)
        expr = re.sub(r"(0x[0-9a-fA-F]+|\d+)[uUlL]+", r"\1", expr)
        if not re.fullmatch(r"[0-9xa-fA-F+\-*/() <>]+", expr):
            return None
        return eval(expr)  # only numbers and operators left
    return ev(m.group(1)), ev(m.group(2))


def count_lines(path):
    total = code = 0
    with open(path, errors="replace") as f:
        for line in f:
            total += 1
            s = line.strip()
            if s and not s.startswith(("/*", "*", "//", "#include")) and s != "*/":
                code += 1
    return total, code


def footprint(arch):
    info = make(arch, "bench-info")
    if info is None or make(arch, "hv", quiet=False) is None:
        return {"error": "the hypervisor does not build for this ARCH"}
    kv = dict(line.split("=", 1) for line in info.splitlines() if "=" in line)
    plat, srcs = kv["platform"], kv["srcs"].split()
    binp = os.path.join(ROOT, "build", arch, "zonevisor.bin")
    elfp = os.path.join(ROOT, "build", arch, "zonevisor.elf")
    span, base = elf_span(elfp)
    out = {"platform": plat, "image_bytes": os.path.getsize(binp), "elf_span_bytes": span,
           "elf_base": hex(base)}
    hv = board_hv_range(plat)
    if hv:
        out["hv_ram_base"], out["hv_ram_bytes"] = hex(hv[0]), hv[1]
    # Headers: what the compiler's dependency files say was included.
    headers = set()
    for src in srcs:
        dep = os.path.join(ROOT, "build", arch, "hv", src + ".d")
        if os.path.exists(dep):
            text = open(dep).read().replace("\\\n", " ")
            for tok in text.split():
                if tok.endswith(".h") and not os.path.isabs(tok):
                    headers.add(os.path.normpath(tok))
    loc = {}
    for kind, files in (("c", [s for s in srcs if s.endswith(".c")]),
                        ("asm", [s for s in srcs if s.endswith(".S")]),
                        ("headers", sorted(headers))):
        t = c = 0
        for p in files:
            a, b = count_lines(os.path.join(ROOT, p))
            t, c = t + a, c + b
        loc[kind] = {"files": len(files), "lines": t, "code_lines": c}
    out["loc"] = loc
    return out


# ---- 4. results, baseline, document ----

def flatten(res):
    m = {}
    for op, e in res.get("exit_costs", {}).items():
        for k in ("insns", "native_insns", "wall_ns", "native_wall_ns"):
            if e.get(k) is not None:
                m[f"exit.{op}.{k}"] = e[k]
    t = res.get("exit_extra", {}).get("timer_exits_per_tick")
    if t is not None:
        m["timer.exits_per_tick"] = t
    for job in ("boot", "cpu", "mem"):
        if job in res.get("linux", {}):
            m[f"linux.{job}.ratio"] = res["linux"][job]["ratio"]
    if "exits" in res.get("linux", {}):
        m["linux.exits.total"] = res["linux"]["exits"]["total"]
    for job in ("boot", "cpu", "mem"):
        if job in res.get("linux", {}).get("icount", {}):
            m[f"linux.icount.{job}.ratio"] = res["linux"]["icount"][job]["ratio"]
    fp = res.get("footprint", {})
    for k in ("image_bytes", "elf_span_bytes", "hv_ram_bytes"):
        if k in fp:
            m[f"footprint.{k}"] = fp[k]
    for kind, v in fp.get("loc", {}).items():
        m[f"footprint.loc.{kind}"] = v["lines"]
    return m


def compare(metrics, baseline):
    worse, rows = [], []
    for name, val in sorted(metrics.items()):
        if name not in baseline:
            continue
        b = baseline[name]
        for rx, thr, slack, _ in THRESHOLDS:
            if rx.match(name):
                break
        else:
            continue
        if thr is None:
            continue
        limit = b * (1 + thr) + slack if b >= 0 else b * (1 - thr) + slack
        change = (val - b) / b * 100 if b else 0.0
        bad = val > limit
        rows.append({"metric": name, "value": val, "baseline": b, "change_pct": round(change, 1),
                     "threshold_pct": thr * 100, "worse": bad})
        if bad:
            worse.append(rows[-1])
    return rows, worse


def fmt(v, unit=""):
    if v is None:
        return "—"
    if isinstance(v, float) and v.is_integer():
        v = int(v)
    return f"{v}{unit}"


def fmt_ns(v):
    if v is None:
        return "—"
    return f"{v / 1000:.2f} µs" if v >= 1000 else f"{v:.0f} ns"


# Goals for every ISA unless its ARCHES entry says otherwise.
COMMON_TARGETS = {"footprint.image_bytes": (128 * 1024, "≤ 128 KiB")}


def target_cell(a, name, value):
    t = a.get("targets", {}).get(name) or COMMON_TARGETS.get(name)
    if not t:
        return ""
    if value is None:
        return t[1]
    return f"{t[1]} — {'met' if value <= t[0] else '**not met**'}"


def section(arch, res):
    a = ARCHES.get(arch, {})
    L = [f"<!-- bench:{arch} begin -->", f"## {arch}", ""]
    L.append(f"Measured {res['date']} with {res['qemu']}, host: {res['host']}.")
    if res.get("skipped"):
        L += ["", f"**Not benchmarked**: {res['skipped']}."]
    ex = res.get("exit_costs")
    if ex:
        xe = res["exit_extra"]
        L += ["", "### Exit costs", "",
              "Instructions: everything the machine retires per operation under "
              "`-icount shift=0` (guest, hypervisor and firmware), averaged over "
              "1000 iterations (IPI: 200), net of the empty loop, median of 3 rounds. "
              "Wall time: the same without `-icount`, from the time counter "
              f"({fmt_ns(1e9 / xe.get('timer_hz', 10**7))} resolution), "
              "TCG on a shared host: indicative only. Native: the same guest booted "
              f"by QEMU on {a.get('firmware', 'the firmware')} without the hypervisor.", "",
              "| operation | zone insns | native insns | zone wall | native wall | target |",
              "|---|---:|---:|---:|---:|---|"]
        for op, e in ex.items():
            L.append(f"| {e['label']} | {fmt(e['insns'])} | {fmt(e['native_insns'])} | "
                     f"{fmt_ns(e['wall_ns'])} | {fmt_ns(e['native_wall_ns'])} | "
                     f"{target_cell(a, f'exit.{op}.insns', e['insns'])} |")
        L.append(f"| hypervisor exits per guest timer tick | {fmt(xe['timer_exits_per_tick'])}"
                 f" | — | — | — | {target_cell(a, 'timer.exits_per_tick', xe['timer_exits_per_tick'])} |")
        L += ["", f"The instruction counter counts the hypervisor and firmware too (a null "
              f"hypercall costs {fmt(ex['hypercall']['insns'])} instructions, the guest's own "
              f"part is a dozen); the empty loop costs "
              f"{fmt(xe['empty_loop_insns_per_iteration'])} instructions per iteration. "
              f"Under icount it is QEMU's one virtual instruction clock, the same on every "
              f"vCPU (checked: every receiver stamp fell between the sender's two stamps: "
              f"{'yes' if xe['counter_shared_across_vcpus'] else 'no'}), so the one-way IPI "
              f"is stamped across vCPUs and counts what both CPUs execute; its wall time is "
              f"half the round trip. Timer exits per tick come from the HC_VCPU_EXITS "
              f"hypercall read around 100 ticks of 100 µs while the guest computes (spins "
              f"with interrupts on); the deadline-passed timer is taken the same way, so "
              f"neither includes the cost of waiting in wfi/idle."]
        if a.get("exit_note"):
            L += ["", a["exit_note"]]
    lx = res.get("linux")
    if lx and lx.get("blocked"):
        L += ["", "### Linux against native", "", f"Not measured: {lx['blocked']}."]
    elif lx:
        L += ["", "### Linux against native", "",
              f"Debian's kernel ({a.get('kernel')}) with bench/init as initramfs, 2 vCPUs, "
              f"{a.get('linux_mem', '256 MiB')}: natively `{' '.join(linux_native_machine(a))}`, in a zone "
              f"(bench/configs/{res['footprint'].get('platform', '')}/linux.dts, the demo's "
              f"Linux zone alone) under `{' '.join(hv_machine(arch))}`. "
              f"{lx['runs']} runs of each, alternating; medians. Boot: host time from QEMU's "
              f"start to `ZV-INIT: up`. Jobs: timed by the guest (/proc/uptime). "
              f"Output identical across runs: {'yes' if lx['hash_identical'] else 'NO'}.", "",
              "| job | native (s) | zone (s) | zone/native | target | all runs native / zone |",
              "|---|---:|---:|---:|---|---|"]
        labels = {"boot": "boot to `ZV-INIT: up`",
                  "cpu": "CPU: sha256sum of a 16 MiB tmpfs file, twice",
                  "mem": "memory: dd 96 × 32 MiB from /dev/zero into one buffer"}
        for job, label in labels.items():
            j = lx[job]
            L.append(f"| {label} | {j['native_median_s']:.2f} | {j['zone_median_s']:.2f} | "
                     f"{j['ratio']:.3f} | {target_cell(a, f'linux.{job}.ratio', j['ratio'])} | "
                     f"{', '.join(map(str, j['native_s']))} / {', '.join(map(str, j['zone_s']))} |")
        L += icount_section(arch, a, lx.get("icount"))
        ex = lx.get("exits")
        if ex:
            L += ["", f"Hypervisor exits over the whole zone run (boot, both jobs, power-off; "
                  f"the zone's own count at power-off, run with the median total): "
                  f"**{ex['total']}**: completed in the port (firmware calls, interrupts, "
                  f"waits) {ex['port']}, emulated MMIO {ex['mmio']}, hypercalls "
                  f"{ex['hypercall']}, other {ex['other']}."]
        if a.get("linux_note"):
            L += ["", a["linux_note"]]
    fp = res.get("footprint", {})
    L += ["", "### Footprint", ""]
    if "error" in fp:
        L.append(f"Not measured: {fp['error']}.")
    elif fp:
        loc = fp["loc"]
        L += ["| figure | value | target |", "|---|---:|---|",
              f"| image (build/{arch}/zonevisor.bin) | {fp['image_bytes']} B "
              f"({fp['image_bytes'] / 1024:.1f} KiB) | "
              f"{target_cell(a, 'footprint.image_bytes', fp['image_bytes'])} |",
              f"| loaded span incl. bss and stacks (ELF) | {fp['elf_span_bytes']} B "
              f"({fp['elf_span_bytes'] / 1024:.1f} KiB) | |"]
        if "hv_ram_bytes" in fp:
            L.append(f"| RAM the board keeps from zones (zv_board.hv at {fp['hv_ram_base']}: "
                     f"firmware if any, hypervisor, zone table, image staging) | "
                     f"{fp['hv_ram_bytes'] // (1 << 20)} MiB | |")
        for kind, label in (("c", "C"), ("asm", "assembly"), ("headers", "headers included")):
            v = loc[kind]
            L.append(f"| {label}: lines (non-blank, non-comment) in {v['files']} files | "
                     f"{v['lines']} ({v['code_lines']}) | |")
    cmp_ = res.get("baseline")
    L += ["", "### Against the baseline", ""]
    if cmp_ is None:
        L.append(f"No bench/baseline-{arch}.json yet.")
    else:
        worse = [r for r in cmp_["rows"] if r["worse"]]
        L.append(f"Baseline of {cmp_['date']}: {len(cmp_['rows'])} figures compared, "
                 f"{len(worse)} worse than the threshold ({thresholds_text()}).")
        for r in worse:
            L.append(f"- **WORSE** {r['metric']}: {r['value']} vs {r['baseline']} "
                     f"({r['change_pct']:+.1f}%)")
    L += ["", f"<!-- bench:{arch} end -->"]
    return "\n".join(L)


def icount_section(arch, a, ic):
    """The deterministic half of the Linux table: the -icount run."""
    if not ic:
        return []
    L = ["", "#### Counted in instructions (`-icount shift=0`)", "",
         "One zone and one native run of the same kernel and bench/init under "
         f"`{' '.join(ICOUNT)}`: QEMU's virtual clock, and every guest's time counter with "
         "it, then advances one nanosecond per instruction retired on any CPU (guest, "
         "hypervisor, firmware), and jumps over periods when every CPU waits. bench/init "
         "reads the counter (`guests/linux/zvclock.c`) at `ZV-INIT: up` and around each job. "
         "Runs are repeatable to the instruction only up to the host's timing of device "
         "events (the console), so the figures move by well under 1% between runs. "
         "**zone/native is the figure of merit for what the hypervisor adds** (goal ≤ 1.02); "
         "it says what TCG executes, not how a real core's caches and TLBs behave.", "",
         "| job | native (M insns) | zone (M insns) | zone/native | goal |",
         "|---|---:|---:|---:|---|"]
    labels = {"boot": "QEMU start to `ZV-INIT: up`" + a.get("icount_boot_note", ""),
              "cpu": "CPU job", "mem": "memory job"}
    for job, label in labels.items():
        j = ic[job]
        L.append(f"| {label} | {j['native'] / 1e6:.1f} | {j['zone'] / 1e6:.1f} | "
                 f"{j['ratio']:.4f} | ≤ 1.02 |")
    ex = ic.get("exits")
    if ex:
        L += ["", f"Exits in that zone run, by class: port {ex['port']}, MMIO {ex['mmio']}, "
              f"hypercall {ex['hypercall']}, other {ex['other']} (total {ex['total']}). "
              f"Same output as native: {'yes' if ic['hash_identical'] else 'NO'}."]
    return L


DOC_HEAD = """# Benchmarks: what the hypervisor costs, measured against native

Generated by `make bench` (riscv64, aarch64 and loongarch64, the last on an LVZ-capable QEMU:
`QEMU_LVZ`, else `../shared/qemu-lvz` beside the repository;
`make bench ARCH=<arch>` runs and rewrites only that ISA's section, and `--skip-linux`
in `BENCH_ARGS` leaves its Linux table out;
`build/bench/results-<arch>.json` has every figure, `build/bench/logs/` the consoles).
Nothing here is asserted: the targets are goals, and a figure worse than the committed
`bench/baseline-<arch>.json` by more than its threshold is flagged (a `BENCH-WORSE:` line
in the output, **WORSE** below). All of it runs on QEMU TCG on a shared 2-core host, so
wall times and ratios are indicative; instruction counts under `-icount shift=0` are
deterministic.
"""


def write_doc(arch, res):
    os.makedirs(os.path.dirname(DOC), exist_ok=True)
    text = open(DOC).read() if os.path.exists(DOC) else DOC_HEAD
    sec = section(arch, res)
    rx = re.compile(rf"<!-- bench:{arch} begin -->.*?<!-- bench:{arch} end -->", re.S)
    if rx.search(text):
        text = rx.sub(lambda _: sec, text)
    else:
        text = text.rstrip("\n") + "\n\n" + sec + "\n"
    with open(DOC, "w") as f:
        f.write(text)


def runnable(arch):
    """None if ARCH can be benchmarked, else why not."""
    a = ARCHES.get(arch)
    if a is None:
        return f"unknown ARCH {arch}"
    plat = ((make(arch, "bench-info") or "platform=?").split("platform=")[-1].split() or ["?"])[0]
    missing = [p for p in (f"guests/arch/{arch}", f"bench/configs/{plat}/bare.dts",
                           f"bench/configs/{plat}/linux.dts")
               if not os.path.exists(os.path.join(ROOT, p))]
    if missing:
        why = "port not runnable for bench yet, missing " + ", ".join(missing)
        return why + (f"; {a['note']}" if "note" in a else "")
    if qemu_missing(a):
        return qemu_missing(a)
    if not os.path.exists(os.path.join(CACHE, a["kernel"])):
        return f"no kernel at $ZV_CACHE/{a['kernel']} (tools/setup.sh fetches it)"
    if not shutil.which(a["qemu"]):
        return f"{a['qemu']} is not installed"
    return None


def qemu_version(arch):
    q = ARCHES.get(arch, {}).get("qemu", f"qemu-system-{arch}")
    try:
        out = subprocess.run([q, "--version"], capture_output=True, text=True).stdout
        return out.splitlines()[0].replace("QEMU emulator version", "QEMU").strip()
    except (OSError, IndexError):
        return "QEMU (not installed)"


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--arch", required=True, help="an ISA, or all (default_arches())")
    ap.add_argument("--runs", type=int, default=5, help="Linux runs of each kind (median)")
    ap.add_argument("--skip-linux", action="store_true")
    ap.add_argument("--save-baseline", action="store_true")
    ap.add_argument("--no-report", action="store_true",
                    help="runs only: no results file, doc section or baseline (bench/repeat.sh)")
    ap.add_argument("--report-only", action="store_true",
                    help="no runs: compare the last results with the baseline, rewrite the doc")
    args = ap.parse_args()
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
            res["exit_costs"], res["exit_extra"] = exit_costs(arch, a)
            if not args.skip_linux:
                res["linux"] = linux_overhead(arch, a, args.runs)
        except RuntimeError as e:
            log(f"{arch}: {e}")
            return False
    if not args.no_report:
        report(arch, res, args.save_baseline)
    return True


def report(arch, res, save_baseline):
    res["metrics"] = flatten(res)
    base_path = os.path.join(ROOT, "bench", f"baseline-{arch}.json")
    if os.path.exists(base_path):
        base = json.load(open(base_path))
        rows, worse = compare(res["metrics"], base["metrics"])
        res["baseline"] = {"date": base["date"], "rows": rows}
        for r in worse:
            print(f"BENCH-WORSE: {arch} {r['metric']} = {r['value']} vs baseline "
                  f"{r['baseline']} ({r['change_pct']:+.1f}%, threshold "
                  f"{r['threshold_pct']:.0f}%)", flush=True)
        log(f"{len(rows)} figures compared with the baseline of {base['date']}, "
            f"{len(worse)} worse")
    out = os.path.join(OUT_DIR, f"results-{arch}.json")
    with open(out, "w") as f:
        json.dump(res, f, indent=1)
    write_doc(arch, res)
    if save_baseline:
        with open(base_path, "w") as f:
            json.dump({"arch": arch, "date": res["date"], "qemu": res["qemu"],
                       "metrics": res["metrics"]}, f, indent=1)
            f.write("\n")
        log(f"baseline written to {os.path.relpath(base_path, ROOT)}")
    for name, v in res["metrics"].items():
        print(f"  {name:40s} {v}")
    log(f"results in {os.path.relpath(out, ROOT)}, table in docs/benchmarks.md")


if __name__ == "__main__":
    main()
