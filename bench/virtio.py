#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""bench: the virtio devices the hypervisor serves (docs/virtio.md).

usage: virtio.py --arch ARCH|all [--mib N] [--rounds N] [--report-only]

One QEMU run per ISA of bench/configs/<board>/virtio.dts: two Linux zones
on network lan0 (configs/<board>/net.dts as it was), alpha the root (so
zvctl reads both zones' exit counters, management op "stats") on hvc0
(virtio-console) with a 32 MiB zeroed disk, beta with its console on the
emulated UART. In that one run:

- network: zone-to-zone TCP throughput (busybox wget from beta's httpd,
  N MiB from tmpfs to /dev/null) and ping round trip, against the same
  wget and ping over loopback inside alpha;
- virtio-blk: sequential write and read of the disk with dd and O_DIRECT,
  against the same dd on tmpfs;
- exits per MiB: both zones' exit counters (all classes) before and after
  each bulk transfer, less those of an empty transfer (the zvctl calls);
- console: each zone's exits at its shell prompt, just after boot: alpha
  with console=hvc0, beta with the console on the emulated UART.

Writes build/bench/virtio-<arch>.json and the <!-- bench:virtio-<arch> -->
block of docs/benchmarks.md (after the per-ISA sections, which
bench/report.py owns). Goals from issue 16, not assertions.
"""
import argparse
import datetime
import json
import os
import re
import statistics
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import time  # noqa: E402

from tables import DOC, OUT_DIR, ROOT, default_arches  # noqa: E402
from tables import log as _log  # noqa: E402

T0 = time.monotonic()


def log(msg):
    _log(f"[{time.monotonic() - T0:5.0f} s] {msg}")
from zvtest import ARCHES, Qemu, TestFailure  # noqa: E402

DISK_MIB = 32
PING_N = 10
# Goals (issue 16).
GOAL_TCP_RATIO = 0.5
GOAL_BYTES_PER_EXIT = 16 << 10
GOAL_CONSOLE_FACTOR = 10
STATS_RX = re.compile(r"zone (\w+): \w+, \d+ vCPUs, \d+ boots\r?\n(?:.*\r?\n)?"
                      r"\s*exits port\s+(\d+)\r?\n\s*exits mmio\s+(\d+)\r?\n"
                      r"\s*exits hypercall\s+(\d+)\r?\n\s*exits other\s+(\d+)")
CLASSES = ("port", "mmio", "hypercall", "other")


def bench_config(arch):
    """bench/configs/<board>/virtio.dts compiled, its 32 MiB disk zeroed;
    the QEMU loader args."""
    plat = ARCHES[arch]["platform"]
    out = os.path.join(ROOT, "build", arch, "bench", "cfg-virtio")
    os.makedirs(out, exist_ok=True)
    disk = os.path.join(ROOT, "build", arch, "bench", "vdisk.img")
    with open(disk, "wb") as f:
        f.truncate(DISK_MIB << 20)
    subprocess.run([os.path.join(ROOT, "build", "host", "zvcfg"), "-o", out,
                    "--build", os.path.join(ROOT, "build"),
                    os.path.join(ROOT, "bench", "configs", plat, "virtio.dts")],
                   cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    return open(os.path.join(out, "qemu-args")).read().split()


class Shell:
    """Typing at the focused zone's shell."""

    def __init__(self, q):
        self.q = q
        self.n = 0
        self.zone = "alpha"

    def run(self, cmd, timeout=120):
        """Run cmd; the zone's output lines between two markers."""
        self.n += 1
        tag = f"zv{self.n}"
        mark = len(self.q.text())
        self.q.send(f"echo {tag}-b$((0)); {cmd}; echo {tag}-e$((0))\r")
        m0 = self.q.expect(rf"\[{self.zone}\] {tag}-b0", timeout, start=mark)
        m1 = self.q.expect(rf"\[{self.zone}\] {tag}-e0", timeout, start=m0.end())
        pfx = f"[{self.zone}] "
        return "\n".join(x[len(pfx):] for x in self.q.text()[m0.end():m1.start()].splitlines()
                         if x.startswith(pfx))

    def focus(self, zone):
        mark = len(self.q.text())
        self.q.send("\x1d")
        self.q.expect(r"\[zv\] input focus: " + zone, 20, start=mark)
        self.zone = zone


def stats(text):
    """{zone: {class: exits}} of the zvctl stats in text, in order, as a list."""
    return [(m.group(1), dict(zip(CLASSES, map(int, m.groups()[1:]))))
            for m in STATS_RX.finditer(text.replace("\r", ""))]


def delta(before, after):
    return {c: after[c] - before[c] for c in CLASSES}


def add(a, b):
    return {c: a[c] + b[c] for c in CLASSES}


def timed(sh, cmd, timeout=300):
    """Run cmd between two readings of both zones' exits and the uptime:
    (seconds, {zone: exits delta by class}, output)."""
    out = sh.run(f"s; a=$(cut -d' ' -f1 /proc/uptime); {cmd}; "
                 f"b=$(cut -d' ' -f1 /proc/uptime); s; echo T $a $b", timeout)
    st = stats(out)
    m = re.search(r"T ([0-9.]+) ([0-9.]+)", out)
    if len(st) != 4 or not m:
        raise TestFailure(f"no stats or times around {cmd!r}: {out[-400:]!r}")
    d = {st[0][0]: delta(st[0][1], st[2][1]), st[1][0]: delta(st[1][1], st[3][1])}
    return float(m.group(2)) - float(m.group(1)), d, out


def exits_of(d, base):
    """Both zones' exits less the empty transfer's, by class and total."""
    tot = {c: 0 for c in CLASSES}
    for z in d:
        tot = add(tot, delta(base[z], d[z]))
    tot["total"] = sum(tot[c] for c in CLASSES)
    return tot


def ping_rtts(out):
    v = [float(x) for x in re.findall(r"time=([0-9.]+) ms", out)]
    if len(v) < 3:
        raise TestFailure(f"ping: too few replies: {out[-300:]!r}")
    return v[1:]  # the first one resolves the neighbour


def run_arch(arch, mib, rounds, net_only=False):
    args = bench_config(arch)
    log(f"virtio {arch}: booting alpha (hvc0, disk, root) and beta (UART) on lan0")
    q = Qemu(arch, args)
    res = {"arch": arch, "mib": mib, "disk_mib": DISK_MIB,
           "date": datetime.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z"),
           "host": f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f} at start"}
    try:
        # An unfocused zone's prompt (a partial line) shows only later.
        q.expect(r"\[beta\] ZV-INIT: up", 400)
        q.expect(r"\[alpha\] ZV-INIT: up", 400)
        q.expect(r"\[alpha\] .*# ", 60)
        log(f"virtio {arch}: both zones at their shell")
        sh = Shell(q)
        # Exits to the shell prompt: console on hvc0 (alpha), on the UART (beta).
        st = stats(sh.run("zvctl stats alpha; zvctl stats beta"))
        res["boot_exits"] = {z: dict(v, total=sum(v.values())) for z, v in st}
        sh.run("s(){ zvctl stats alpha; zvctl stats beta; }; ip link set lo up;"
               " ip addr add 10.0.0.1/24 dev eth0 && ip link set eth0 up;"
               f" mkdir -p /tmp/www /mnt/t; dd if=/dev/zero of=/tmp/www/blob bs=1M count={mib};"
               " httpd -p 8080 -h /tmp/www; mount -t tmpfs tmpfs /mnt/t")
        sh.focus("beta")
        sh.run("ip addr add 10.0.0.2/24 dev eth0 && ip link set eth0 up;"
               f" mkdir -p /tmp/www; dd if=/dev/zero of=/tmp/www/blob bs=1M count={mib};"
               " httpd -p 80 -h /tmp/www")
        sh.focus("alpha")
        log(f"virtio {arch}: ping")
        res["ping_ms"] = {}
        for key, ip in (("zone", "10.0.0.2"), ("loopback", "127.0.0.1")):
            v = ping_rtts(sh.run(f"ping -c {PING_N + 1} -i 0.2 {ip}", 60))
            res["ping_ms"][key] = {"median": round(statistics.median(v), 3),
                                   "min": min(v), "max": max(v), "n": len(v)}
        _, base, _ = timed(sh, "true")
        res["empty_exits"] = base
        # What both zones take per second doing nothing (timer ticks, idle).
        t, d, _ = timed(sh, "sleep 2")
        idle = exits_of(d, {z: {c: 0 for c in CLASSES} for z in d})
        res["idle_raw_exits_per_s"] = {k: round(v / t) for k, v in idle.items()}
        tcp = {"zone": [], "loopback": []}
        ex = []
        for i in range(rounds):
            for key, url in (("zone", "http://10.0.0.2/blob"),
                             ("loopback", "http://127.0.0.1:8080/blob")):
                log(f"virtio {arch}: TCP {key} {mib} MiB, round {i + 1}/{rounds}")
                t, d, _ = timed(sh, f"wget -q -O /dev/null {url}")
                tcp[key].append(round(mib / t, 3))
                if key == "zone":
                    ex.append(exits_of(d, base))
        res["tcp_mib_s"] = {k: {"runs": v, "median": round(statistics.median(v), 3)}
                            for k, v in tcp.items()}
        res["tcp_ratio"] = round(res["tcp_mib_s"]["zone"]["median"] /
                                 res["tcp_mib_s"]["loopback"]["median"], 3)
        res["tcp_exits"] = sorted(ex, key=lambda x: x["total"])[len(ex) // 2]
        res["tcp_exits_runs"] = [x["total"] for x in ex]
        log(f"virtio {arch}: virtio-blk and tmpfs, {DISK_MIB} MiB")
        blk = {}
        for key, cmd in () if net_only else (
                ("blk_write", f"dd if=/dev/zero of=/dev/vda bs=1M count={DISK_MIB} oflag=direct"),
                ("blk_read", "dd if=/dev/vda of=/dev/null bs=1M iflag=direct"),
                ("tmpfs_write", f"dd if=/dev/zero of=/mnt/t/f bs=1M count={DISK_MIB}"),
                ("tmpfs_read", "dd if=/mnt/t/f of=/dev/null bs=1M")):
            t, d, _ = timed(sh, cmd + " 2>/dev/null")
            blk[key] = {"mib_s": round(DISK_MIB / t, 2), "s": round(t, 2),
                        "exits": exits_of(d, base)}
        res["blk"] = blk
        # Frames the switch dropped show as the sender's retransmissions.
        sh.focus("beta")
        out = sh.run("grep Tcp: /proc/net/snmp")
        rows = [x.split() for x in out.splitlines() if x.startswith("Tcp:")]
        if len(rows) == 2 and "RetransSegs" in rows[0]:
            snmp = dict(zip(rows[0][1:], rows[1][1:]))
            res["beta_tcp"] = {k: int(snmp[k]) for k in ("OutSegs", "RetransSegs")}
        res["needs_reset"] = "needs reset" in q.text()
    finally:
        q.close()
        path = os.path.join(OUT_DIR, "logs", f"{arch}-virtio.log")
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w") as f:
            f.write(q.text())
    return res


def goals(res):
    """Each goal: (text, figure, met)."""
    out = []
    out.append(("TCP zone-to-zone ≥ 0.5× loopback", f"{res['tcp_ratio']}×",
                res["tcp_ratio"] >= GOAL_TCP_RATIO))
    for key, label in (("tcp", "TCP"), ("blk_write", "blk write"), ("blk_read", "blk read")):
        if key != "tcp" and key not in res["blk"]:
            continue  # --net-only
        e = res["tcp_exits"] if key == "tcp" else res["blk"][key]["exits"]
        mib = res["mib"] if key == "tcp" else res["disk_mib"]
        per = e["total"] / mib
        out.append((f"{label}: ≤ 1 exit per 16 KiB (≤ 64 per MiB)", f"{per:.0f} per MiB",
                    per <= (1 << 20) / GOAL_BYTES_PER_EXIT))
    be = res["boot_exits"]
    f = be["beta"]["mmio"] / max(1, be["alpha"]["mmio"])
    out.append(("console: ≥ 10× fewer MMIO exits on hvc0 than on the UART", f"{f:.1f}×",
                f >= GOAL_CONSOLE_FACTOR))
    return out


def block(res):
    a = res["arch"]
    L = [f"<!-- bench:virtio-{a} begin -->", f"## virtio, {a}", "",
         f"`bench/virtio.py --arch {a}` (`make bench ARCH={a} BENCH_ARGS=--parts=virtio`), "
         f"{res['date']}, {res['host']}. One run of `bench/configs/<board>/virtio.dts`: "
         f"alpha, the root, on hvc0 with a {res['disk_mib']} MiB disk, beta on the emulated "
         "UART, both on `lan0`, 2 vCPUs each. Wall time under TCG: indicative only.", ""]
    if res.get("skipped"):
        return L + [f"Not run: {res['skipped']}", "", f"<!-- bench:virtio-{a} end -->"]
    t, p = res["tcp_mib_s"], res["ping_ms"]
    L += ["| figure | virtio (zone to zone) | reference | ratio |", "|---|---|---|---|",
          f"| TCP, {res['mib']} MiB by wget from httpd (MiB/s, median of "
          f"{len(t['zone']['runs'])}) | {t['zone']['median']:.3g} | loopback in alpha: "
          f"{t['loopback']['median']:.3g} | {res['tcp_ratio']}× |",
          f"| ping round trip (ms, median of {p['zone']['n']}) | {p['zone']['median']} | "
          f"loopback: {p['loopback']['median']} | "
          f"{p['zone']['median'] / max(p['loopback']['median'], 1e-3):.1f}× |"]
    b = res["blk"]
    for op in ("write", "read"):
        v, r = b[f"blk_{op}"]["mib_s"], b[f"tmpfs_{op}"]["mib_s"]
        L.append(f"| sequential {op}, dd bs=1M {'oflag' if op == 'write' else 'iflag'}=direct, "
                 f"{res['disk_mib']} MiB (MiB/s) | {v} | same dd on tmpfs: {r} | "
                 f"{v / r:.2f}× |")
    if res.get("beta_tcp"):
        bt = res["beta_tcp"]
        L += ["", f"beta, the TCP sender, over the whole run: {bt['OutSegs']} segments sent, "
              f"{bt['RetransSegs']} retransmitted."]
    L += ["", "Exits per MiB moved (both zones, every class, less an empty transfer's):", "",
          "| transfer | exits | per MiB | port | mmio | hypercall | other |",
          "|---|---|---|---|---|---|---|"]
    for label, e, mib in (("TCP zone to zone", res["tcp_exits"], res["mib"]),
                          ("blk write", b["blk_write"]["exits"], res["disk_mib"]),
                          ("blk read", b["blk_read"]["exits"], res["disk_mib"])):
        L.append(f"| {label}, {mib} MiB | {e['total']} | {e['total'] / mib:.0f} | "
                 + " | ".join(str(e[c]) for c in CLASSES) + " |")
    if res.get("idle_raw_exits_per_s"):
        i = res["idle_raw_exits_per_s"]
        L.append(f"| for scale: both zones idle (`sleep 2`, two zvctl readings included), "
                 f"per second | {i['total']} | — | "
                 + " | ".join(str(i[c]) for c in CLASSES) + " |")
    be = res["boot_exits"]
    L += ["", "Exits of a Linux boot to its shell prompt, same run (beta has no disk and "
          "no virtio-console):", "",
          "| zone, console | total | port | mmio | hypercall | other |",
          "|---|---|---|---|---|---|"]
    for z, label in (("beta", "beta, emulated UART"), ("alpha", "alpha, hvc0")):
        L.append(f"| {label} | {be[z]['total']} | " +
                 " | ".join(str(be[z][c]) for c in CLASSES) + " |")
    L += ["", "Goals (issue 16):", ""]
    for text, fig, met in goals(res):
        L.append(f"- {text}: {fig}, {'met' if met else '**not met**'}")
    L += ["", NOTE]
    L += ["", f"<!-- bench:virtio-{a} end -->"]
    return "\n".join(L)


NOTE = (
    "Timed with /proc/uptime in the guest (10 ms steps). The NIC offers checksum and TSO "
    "offloads (docs/virtio.md): Linux sends TCP as GSO frames of up to 64 KiB with a "
    "partial checksum, each one transmit chain and at most one notify, and the receiver "
    "takes each whole into a 64 KiB \"big\" receive chain. How large the frames are is "
    "the sender's TCP's choice: it sizes each to about 1 ms of its pacing rate plus a "
    "share of 64 KiB that shrinks as its minimum RTT grows (`tcp_tso_autosize`), so "
    "where a zone-to-zone round trip takes milliseconds (TCG) the frames stay at a few "
    "segments, and each still costs a notify, the receiver's interrupt, its ACK and, on "
    "riscv64, the vPLIC's claim and complete (MMIO exits): the exits per MiB are far "
    "from one per 16 KiB where the round trip is slow. The switch holds a unicast frame "
    "for a receiver without a posted receive buffer (up to 250 ms) instead of dropping "
    "it, so the sender no longer retransmits 2-10 % of its segments and stalls. The "
    "ping crosses two vCPU threads of a 4-vCPU QEMU on 2 host cores; loopback stays on "
    "one. virtio-blk meets its goal: a 1 MiB O_DIRECT dd goes out in large requests (up "
    "to 126 segments, SEG_MAX), each one notify and one interrupt.")


def write_block(arch, text):
    """Replace this ISA's virtio block, or put it after the last per-ISA
    section (and after the virtio blocks already there)."""
    doc = open(DOC).read()
    rx = re.compile(rf"<!-- bench:virtio-{arch} begin -->.*?<!-- bench:virtio-{arch} end -->",
                    re.S)
    if rx.search(doc):
        doc = rx.sub(lambda _: text, doc)
    else:
        order = ("riscv64", "aarch64", "loongarch64")
        later = [m.start() for m in re.finditer(r"<!-- bench:virtio-(\w+) begin -->", doc)
                 if m.group(1) in order and arch in order
                 and order.index(m.group(1)) > order.index(arch)]
        if later:  # before the next ISA's virtio block
            at = min(later)
            doc = doc[:at] + text + "\n\n" + doc[at:]
        else:  # after the last per-ISA section or virtio block
            ends = list(re.finditer(r"<!-- bench:(?:virtio-)?(?:riscv64|aarch64|loongarch64) "
                                    r"end -->", doc))
            at = ends[-1].end() if ends else len(doc)
            doc = doc[:at].rstrip("\n") + "\n\n" + text + "\n" + doc[at:]
    with open(DOC, "w") as f:
        f.write(doc)


def virtio_bench(arch, mib=4, rounds=2, write=True, net_only=False):
    """Build, run, write the JSON and the doc block (unless not write);
    False if a run broke."""
    if not ARCHES.get(arch, {}).get("qemu"):
        log(f"virtio {arch}: skipped, no QEMU for it")
        return True
    r = subprocess.run(["make", "-s", f"ARCH={arch}", "all", "initramfs", "tools"], cwd=ROOT,
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    if r.returncode:
        sys.stdout.write(r.stdout)
        log(f"virtio {arch}: build failed")
        return False
    try:
        res = run_arch(arch, mib, rounds, net_only)
    except (TestFailure, subprocess.CalledProcessError) as e:
        log(f"virtio {arch} failed: {e} (log build/bench/logs/{arch}-virtio.log)")
        return False
    res["goals"] = [{"goal": g, "figure": f, "met": m} for g, f, m in goals(res)]
    if net_only:
        print(json.dumps({k: res.get(k) for k in ("tcp_mib_s", "tcp_ratio", "tcp_exits", "tcp_exits_runs",
                                                  "ping_ms", "beta_tcp", "needs_reset")}))
    elif write:
        os.makedirs(OUT_DIR, exist_ok=True)
        with open(os.path.join(OUT_DIR, f"virtio-{arch}.json"), "w") as f:
            json.dump(res, f, indent=1)
        write_block(arch, block(res))
    for g in res["goals"]:
        log(f"virtio {arch}: {g['goal']}: {g['figure']} {'met' if g['met'] else 'NOT MET'}")
    return True


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--arch", required=True, help="an ISA, or all")
    ap.add_argument("--mib", type=int, default=4, help="MiB per TCP transfer")
    ap.add_argument("--rounds", type=int, default=2, help="TCP transfers of each kind")
    ap.add_argument("--report-only", action="store_true",
                    help="no runs: the doc block again from build/bench/virtio-<arch>.json")
    ap.add_argument("--net-only", action="store_true",
                    help="only the network figures, printed; no JSON or doc block written")
    args = ap.parse_args()
    arches = default_arches() if args.arch == "all" else [args.arch]
    if args.report_only:
        for a in arches:
            write_block(a, block(json.load(open(os.path.join(OUT_DIR, f"virtio-{a}.json")))))
        return
    failed = [a for a in arches if not virtio_bench(a, args.mib, args.rounds,
                                                 net_only=args.net_only)]
    if failed:
        sys.exit(f"bench virtio: {', '.join(failed)} failed")


if __name__ == "__main__":
    main()
