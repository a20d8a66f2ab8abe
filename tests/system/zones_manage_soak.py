# SPDX-License-Identifier: MIT
"""The 200-cycle soak from a Linux root (docs/management.md, "Soak from a
Linux root"): a shell loop inside the root runs zvctl stop, load and start
of the bare zone, and waits after each start for that boot's banner on the
root's own console port of the zone (zv-console-bare), so every cycle is
verified inside the root with no round trip over the test's serial line.
Before and after: zvctl list and stats (the zone's boots, the hypervisor's
stage-2 table pages) and the root's MemAvailable, to see no slot or memory
leak; afterwards the root must still answer."""
import re

from zones_common import suite


def run_soak(sh, cycles=200, image="/lib/banner.bin", timeout=900):
    """Run the soak: a dict of its figures (only "out" if it printed none)."""
    out = sh(f"zvsoak {cycles} {image}", timeout)
    res = re.search(r"soak-result (\d+) of (\d+) cycles in ([\d.]+) ([\d.]+)", out)
    pat = (r"soak-{} boots (\d+) hypervisor: (\d+) stage-2 table pages in use "
           r"MemAvailable: (\d+) kB")
    before, after = re.search(pat.format("before"), out), re.search(pat.format("after"), out)
    if not (res and before and after):
        return {"out": out}
    return {"ok": int(res.group(1)), "cycles": int(res.group(2)),
            "seconds": float(res.group(4)) - float(res.group(3)),
            "boots": (int(before.group(1)), int(after.group(1))),
            "pages": (int(before.group(2)), int(after.group(2))),
            "mem_kb": (int(before.group(3)), int(after.group(3))),
            "errors": re.findall(r"soak-error .*", out), "out": out}


def soak_check(q, sh, zvctl_run, cycles=200):
    """The soak as checks of test_manage_linux; the bare zone is running
    (any image) when called. sh(cmd, timeout) and zvctl_run(args, timeout)
    run at the root's shell, as in zones_manage_linux.py."""
    ok = suite.ok
    mark = len(q.text())
    r = run_soak(sh, cycles)
    if "ok" not in r:
        ok("manage-linux: soak: the loop ran", False, r["out"][-500:])
        return
    ok(f"manage-linux: soak: {cycles} stop/load/start cycles, each banner seen by the root",
       r["ok"] == cycles and not r["errors"], f"{r['ok']} ok; {r['errors'][:3]}")
    boots = {int(b) for b in re.findall(r"\[bare\] banner: the loaded image runs \(boot (\d+)\)",
                                        q.text()[mark:])}
    want = set(range(r["boots"][0] + 1, r["boots"][0] + cycles + 1))
    ok("manage-linux: soak: every cycle's banner on the hypervisor console",
       want <= boots, f"{len(want - boots)} missing")
    ok("manage-linux: soak: the zone's boots grew by the cycles",
       r["boots"][1] - r["boots"][0] == cycles, str(r["boots"]))
    ok("manage-linux: soak: no stage-2 table page leaked (hypervisor's count)",
       r["pages"][0] == r["pages"][1] and r["pages"][0] > 0, str(r["pages"]))
    lost = r["mem_kb"][0] - r["mem_kb"][1]
    ok("manage-linux: soak: the root's MemAvailable did not drop by 4 MiB or more",
       lost < 4096, f"{r['mem_kb']} kB")
    out, rc = zvctl_run("list")
    ok("manage-linux: soak: the root still answers (zvctl list), bare running",
       rc == 0 and re.search(r"bare\s+\d+\s+\d+M\s+running", out), out[-300:])
    print(f"    soak: {cycles} cycles in {r['seconds']:.1f} s "
          f"({r['seconds'] * 1000 / cycles:.0f} ms per stop/load/start), "
          f"root MemAvailable {r['mem_kb'][0]} -> {r['mem_kb'][1]} kB, "
          f"hypervisor stage-2 pages {r['pages'][0]} -> {r['pages'][1]}", flush=True)
    mark = len(q.text())
    out, rc = zvctl_run("restart bare")
    q.expect(r"\[bare\] heartbeat \d+", 20, start=mark)
    ok("manage-linux: soak: a restart after it boots the configured image", rc == 0)
