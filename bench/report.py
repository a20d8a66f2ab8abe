#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""bench: results, the comparison with the baseline and docs/benchmarks.md."""
import json
import os
import re

from tables import (ARCHES, COMMON_TARGETS, DOC, ICOUNT, OUT_DIR, ROOT, THRESHOLDS,
                    hv_machine, linux_native_machine, log, thresholds_text)


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
    for job in ("boot", "boot_guest", "cpu", "mem"):
        if job in res.get("linux", {}).get("icount", {}):
            m[f"linux.icount.{job}.ratio"] = res["linux"]["icount"][job]["ratio"]
    for k, v in (res.get("irq") or {}).items():
        if k in ("insns", "wall_ns"):
            m[f"irq.busy.{k}"] = v
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
    L += irq_section(res)
    lx = res.get("linux")
    if lx and lx.get("blocked"):
        L += ["", "### Linux against native", "", f"Not measured: {lx['blocked']}."]
    elif lx and "boot" not in lx:
        L += ["", "### Linux against native"]
        L += icount_section(arch, a, lx.get("icount"), res.get("exit_costs"))
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
        L += icount_section(arch, a, lx.get("icount"), res.get("exit_costs"))
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


def irq_section(res):
    """Device interrupt latency: native, zone, zone beside a busy sibling."""
    ir, ex = res.get("irq"), res.get("exit_costs") or {}
    if not ir:
        return []
    L = ["", "### Passthrough device interrupt latency", ""]
    if ir.get("skipped"):
        return L + [f"Not measured: {ir['skipped']}."]
    d = ex.get("dev-irq")
    if not d:
        return L + ["Not measured: no exit-cost run in these results."]
    L += ["The board's RTC passed through to the bench zone (bare.dts: goldfish on "
          "riscv64, PL031 on aarch64). The guest makes the device's interrupt pending "
          "with its output masked, stamps the counters and unmasks it: the line rises "
          "at that store, so the figure runs from the device raising its line to the "
          "first line of the guest's handler (trap entry included, natively too; in "
          "the zone also the hypervisor taking the physical interrupt and injecting "
          "it). Median of 200, the median of 3 rounds. Busy sibling: bare-busy.dts "
          "adds a zone on CPU 2 doing emulated MMIO writes back to back.", "",
          "| | instructions | wall |", "|---|---:|---:|",
          f"| native | {fmt(d['native_insns'])} | {fmt_ns(d['native_wall_ns'])} |",
          f"| zone | {fmt(d['insns'])} | {fmt_ns(d['wall_ns'])} |",
          f"| zone, sibling zone busy taking exits | {fmt(ir.get('insns'))} | "
          f"{fmt_ns(ir.get('wall_ns'))} |"]
    if ARCHES.get(res.get("arch"), {}).get("dev_irq_note"):
        L += ["", ARCHES[res["arch"]]["dev_irq_note"]]
    grow = []
    for k, unit in (("insns", "instructions"), ("wall_ns", "wall time")):
        if d.get(k) and ir.get(k) is not None:
            grow.append(f"{unit} ×{ir[k] / d[k]:.2f}")
    if grow:
        L += ["", f"Growth with the busy sibling: {', '.join(grow)}. Under `-icount` QEMU "
              "runs the CPUs one after another (round-robin), so the instruction figure "
              "cannot show contention between CPUs (a median hides the rare wait for "
              "another CPU's time slice); the wall-time run has one host thread per CPU "
              "and shows what sharing the hypervisor costs on this host, indicatively."]
    return L


# Exit class (the hypervisor's count) -> the exit-cost row that prices it.
EXIT_PRICE = {"mmio": "mmio-write", "port": "firmware-call", "hypercall": "hypercall"}


def exits_priced(ex, costs):
    """Instructions the zone's exits cost, each class at its round trip in
    the exit-cost table (None if that table is missing)."""
    if not ex or not costs:
        return None
    total = 0
    for cls, op in EXIT_PRICE.items():
        c = costs.get(op, {}).get("insns")
        if c is None:
            return None
        total += ex.get(cls, 0) * c
    return total


def icount_section(arch, a, ic, costs=None):
    """The deterministic half of the Linux table: the -icount run."""
    if not ic:
        return []
    L = ["", "#### Counted in instructions (`-icount shift=0`)", "",
         "One zone and one native run of the same kernel and bench/init, with one vCPU, under "
         f"`{' '.join(ICOUNT)}`: QEMU's virtual clock, and every guest's time counter with "
         "it, then advances one nanosecond per instruction retired on any CPU (guest, "
         "hypervisor, firmware), and jumps over periods when every CPU waits. bench/init "
         "reads the counter (`guests/linux/zvclock.c`) at `ZV-INIT: up` and around each job; "
         "the hypervisor prints the counter (in ms) when the zone's first vCPU starts. "
         "One vCPU (bench/configs/*/linux1.dts; native: the same QEMU machine, its firmware on "
         "as many harts, the kernel told `nr_cpus=1`): with two, a vCPU that "
         "waits for the other spins for as long as QEMU's round-robin slice lets it, and "
         "identical two-vCPU runs moved by up to 10%; with one, zone runs repeat to the "
         "instruction and native runs within 1%. "
         "**zone/native is the figure of merit for what the hypervisor adds** (goal ≤ 1.02); "
         "it says what TCG executes, not how a real core's caches and TLBs behave.", "",
         "| job | native (M insns) | zone (M insns) | zone/native | goal |",
         "|---|---:|---:|---:|---|"]
    labels = {"boot": "QEMU start to `ZV-INIT: up`",
              "boot_guest": "zone's first instruction to `ZV-INIT: up` (native: QEMU start)",
              "cpu": "CPU job", "mem": "memory job"}
    for job, label in labels.items():
        j = ic.get(job)
        if j:
            L.append(f"| {label} | {j['native'] / 1e6:.1f} | {j['zone'] / 1e6:.1f} | "
                     f"{j['ratio']:.4f} | {'≤ 1.02' if job != 'boot_guest' else ''} |")
    if "entry" in ic:
        L += ["", f"Before the zone's first instruction: {ic['entry'] / 1e6:.0f} M instructions "
              f"(firmware, the hypervisor's boot, and the zone's load: its RAM around the "
              f"images zeroed with the ISA's cache-block zero or wide stores, the images "
              f"copied in, one cache pass)."]
    ex = ic.get("exits")
    if ex:
        priced = exits_priced(ex, costs)
        L += ["", f"Exits in that zone run, by class: port {ex['port']}, MMIO {ex['mmio']}, "
              f"hypercall {ex['hypercall']}, other {ex['other']} (total {ex['total']})"
              + (f"; at the round trips of the exit-cost table (MMIO at the write's) they "
                 f"cost about {priced / 1e6:.1f} M instructions" if priced is not None else "")
              + f". Same output as native: {'yes' if ic['hash_identical'] else 'NO'}."]
    if a.get("icount_note"):
        L += ["", a["icount_note"]]
    return L


DOC_HEAD = """# Benchmarks: what the hypervisor costs, measured against native

Generated by `make bench` (riscv64, aarch64 and loongarch64, the last on an LVZ-capable QEMU:
`QEMU_LVZ`, else `../shared/qemu-lvz` beside the repository, and the native LoongArch runs
use the same binary). `make bench ARCH=<arch>` runs and rewrites only that ISA's section;
`BENCH_ARGS` passes options to `bench/run.py`: `--runs N` (Linux wall-time runs of each kind,
default 5), `--parts exits,linux,icount,irq,virtio,mgmt,chan` (what to run; the last
three are bench/virtio.py, bench/mgmt.py and bench/chan.py, which write their own blocks
after the ISA sections and can be run alone), `--skip-linux`, `--save-baseline`. `build/bench/results-<arch>.json` has every figure, `build/bench/logs/`
the consoles. `bench/repeat.sh [N] [ARCH...]` runs the exit-cost part N times (default 10)
and names the ISA, the run and the log of any failure.
Nothing here is asserted: the targets are goals, and a figure worse than the committed
`bench/baseline-<arch>.json` by more than its threshold is flagged (a `BENCH-WORSE:` line
in the output, **WORSE** below).

## What each kind of figure can tell you

Everything runs on QEMU's TCG on a shared 2-core host.

- **Instructions under `-icount shift=0`** (exit costs, Linux counted in instructions,
  device interrupt latency) are deterministic: the same build gives the same count, so
  they are the figures to compare between commits and between zone and native. They
  count what is *executed*, by the guest, the hypervisor and the firmware alike. They
  cannot tell you about caches, TLBs, pipelines or memory bandwidth: a world switch that
  costs 100 instructions here may cost hundreds of cycles on a real core, and the extra
  stage-2 walks of a zone's TLB misses cost no instructions at all. The instruction
  ratio zone/native is therefore a lower bound on the overhead on real hardware, for
  the part of it the hypervisor's code causes.
- **Wall-time figures** (exit wall times, Linux against native in seconds) are indicative
  only: TCG emulates a two-stage MMU far more slowly than hardware does, a world switch
  empties QEMU's TLB, and the host is shared (the same ratios have moved by 0.1-0.5
  between runs). They show where QEMU itself is slow, not what a board would do.
- **What real hardware would add** is not measured here at all: cache and TLB
  interference between zones, memory-bus contention, interrupt controller latency.
"""


def write_doc(arch, res):
    os.makedirs(os.path.dirname(DOC), exist_ok=True)
    text = open(DOC).read() if os.path.exists(DOC) else DOC_HEAD
    # The head is generated too: everything before the first ISA section.
    first = text.find("<!-- bench:")
    text = DOC_HEAD + ("\n" + text[first:] if first >= 0 else "")
    sec = section(arch, res)
    rx = re.compile(rf"<!-- bench:{arch} begin -->.*?<!-- bench:{arch} end -->", re.S)
    if rx.search(text):
        text = rx.sub(lambda _: sec, text)
    else:
        text = text.rstrip("\n") + "\n\n" + sec + "\n"
    with open(DOC, "w") as f:
        f.write(text)



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
