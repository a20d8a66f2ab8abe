# SPDX-License-Identifier: MIT
"""bench: a passthrough device interrupt's latency with a sibling zone busy.

The bench guest (guests/common/bench.c bench_dev_irq) measures the RTC's
interrupt from the store that raises the device's line to its handler;
exit_costs() has it for the zone alone and natively. Here the same zone
runs beside a sibling that takes exits at full rate
(bench/configs/<board>/bare-busy.dts), under -icount and in wall time.
"""
import os

from runner import bare_run, hv_cmd
from tables import ROOT, log


def irq_latency(arch, a):
    """{"insns", "wall_ns"} of the device interrupt beside a busy sibling,
    or {"skipped": why}."""
    if a.get("no_dev_irq"):
        return {"skipped": a["no_dev_irq"]}
    if not os.path.exists(os.path.join(ROOT, "build", arch, "bench", "cfg-bare-busy")):
        return {"skipped": "no bench/configs/<board>/bare-busy.dts"}
    out = {}
    dev = a.get("dev_irq_extra", [])
    for key, extra in (("insns", [*dev, "-icount", "shift=0", *a.get("icount_extra", [])]),
                       ("wall_ns", dev)):
        log(f"device interrupt beside a busy zone: {key.replace('_ns', '')} run")
        ops, ext = bare_run(hv_cmd(arch, a, "bare-busy", extra), f"{arch}-bare-busy-{key}")
        v = ops.get("dev-irq")
        if v is None:
            raise RuntimeError(f"{arch}-bare-busy-{key}: no dev-irq figure "
                               f"(log {os.path.join('build', 'bench', 'logs')})")
        out[key] = round(v[0], 1) if key == "insns" else \
            round(v[1] * 1e9 / ext.get("timer_hz", 10**7), 1)
    return out
