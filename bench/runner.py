#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""bench: the runs. QEMU processes, the exit-cost guest, Linux natively and
in a zone (wall time and -icount), and the build they need."""
import os
import re
import select
import shutil
import statistics
import subprocess
import sys
import time

from tables import (ARCHES, CACHE, ICOUNT, OUT_DIR, ROOT, exit_stats_rx, hv_machine,
                    linux_native_machine, log, qemu_missing)


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


def bare_run(cmd, name):
    r = Run(cmd, name)
    ok = r.until(r"BENCH end|BENCH error", 300)
    path = r.close()
    text = [line for _, line in r.lines]
    if any("BENCH error" in x for x in text) or not ok:
        raise RuntimeError(f"{name}: no complete bench output (log {path})")
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
    dev = a.get("dev_irq_extra", [])  # what the device interrupt needs
    native = [a["qemu"], *a["native_machine"], "-nographic", "-kernel", native_elf, *dev]
    icount = ["-icount", "shift=0", *a.get("icount_extra", [])]
    runs = {}
    for key, cmd in [("zone_insns", hv_cmd(arch, a, "bare", [*dev, *icount])),
                     ("native_insns", native + icount),
                     ("zone_wall", hv_cmd(arch, a, "bare", dev)),
                     ("native_wall", native)]:
        log(f"exit costs: {key.replace('_', ' ')} run")
        runs[key] = bare_run(cmd, f"{arch}-bare-{key}")
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
        "dev-irq": "passthrough device interrupt (the RTC), line raised → handler (median)",
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
        if op == "dev-irq" and e["insns"] is None:
            continue  # no device the zone can own raises it on the instruction clock
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
# src/core/zone.c, when a zone's first vCPU is about to start.
ENTRY_RX = re.compile(r"zone \S+: loaded, vCPU 0 starts at (\d+) ms")


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
        m = ENTRY_RX.search(line)
        if m and "entry_ns" not in res:
            res["entry_ns"] = int(m.group(1)) * 1e6
        m = re.search(r"ZV-STAT up cpu ((?:\d+ ?)+)$", line)
        if m:
            res["stat"] = [int(x) for x in m.group(1).split()]
    if not ok or boot is None or "cpu" not in res or "mem" not in res:
        raise RuntimeError(f"{name}: Linux run incomplete (log {path})")
    return res



def linux_overhead(arch, a, runs):
    native = native_linux_cmd(arch, a)
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
    return out


def native_linux_cmd(arch, a):
    """QEMU's command line for the native Linux run."""
    kernel = (os.path.join(ROOT, a["native_kernel"]) if a.get("native_kernel")
              else os.path.join(CACHE, a["kernel"]))
    initrd = os.path.join(ROOT, "build", arch, "bench", "initramfs.cpio")
    return [a["qemu"], *linux_native_machine(a), "-nographic",
            "-kernel", kernel, "-initrd", initrd, "-append", a["bootargs"]]




def one_cpu_kernel(cmd):
    """The native command line on the same machine as the zone run (its
    -smp, so the firmware starts as many harts as under the hypervisor),
    with the kernel told to use one CPU (nr_cpus=1), as the zone's one
    vCPU: what differs is then the hypervisor alone."""
    return [(x + " nr_cpus=1" if i and cmd[i - 1] == "-append" else x)
            for i, x in enumerate(cmd)]


def linux_icount(arch, a):
    """One zone and one native Linux run with one vCPU under -icount: the
    figures, in virtual nanoseconds, bench/init read from the counter
    (ZV-CLOCK). One vCPU: with two, how long a vCPU that waits for the
    other spins depends on QEMU's round-robin slices, and counts moved by
    up to 10% between identical runs; with one, runs repeat to the
    instruction."""
    got = {}
    icount = ICOUNT + a.get("icount_extra", [])
    for kind, cmd in (("zone", hv_cmd(arch, a, "linux1") + icount),
                      ("native", one_cpu_kernel(native_linux_cmd(arch, a)) + icount)):
        log(f"linux: {kind} run under -icount (1 vCPU)")
        r = linux_run(cmd, f"{arch}-linux-{kind}-icount", zone=kind == "zone")
        if set(r.get("clock", {})) != {"boot", "cpu", "mem"}:
            raise RuntimeError(f"{arch}-linux-{kind}-icount: no ZV-CLOCK figures "
                               f"(log {os.path.join(OUT_DIR, 'logs')})")
        got[kind] = r
    z, n = got["zone"], got["native"]
    entry = z.get("entry_ns")
    if entry is None:
        raise RuntimeError(f"{arch}-linux-zone-icount: no 'vCPU 0 starts at' line "
                           f"(log {os.path.join(OUT_DIR, 'logs')})")
    # The zone's counter counts from QEMU's start, or from the zone's
    # entry where the port offsets it (LoongArch's GCNTC).
    if a.get("zone_counter_from_entry"):
        z["clock"]["boot"] += entry
    out = {"hash_identical": z["hash"] == n["hash"], "vcpus": 1,
           "entry": round(entry)}
    for job in ("boot", "cpu", "mem"):
        nv, zv = n["clock"][job], z["clock"][job]
        out[job] = {"native": round(nv), "zone": round(zv), "ratio": round(zv / nv, 4)}
    # The zone's boot from its first instruction, against native's from
    # QEMU's start (its firmware included).
    zg = z["clock"]["boot"] - entry
    out["boot_guest"] = {"native": out["boot"]["native"], "zone": round(zg),
                         "ratio": round(zg / n["clock"]["boot"], 4)}
    for kind in ("native", "zone"):
        if "stat" in got[kind]:
            out[f"stat_{kind}"] = got[kind]["stat"]
    out["exits"] = z.get("exits")
    return out


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
