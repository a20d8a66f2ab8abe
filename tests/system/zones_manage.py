# SPDX-License-Identifier: MIT
"""Managing zones at runtime (docs/management.md): a Linux root with zvctl,
and a bare-metal root driving the management service over the hypercall
pipe (stop, load, start, restart, refusals, a refused non-root zone, a
200-cycle soak)."""
import re

from zones_common import ARCH, boot, suite
from zones_linux import linux_shell
from zvtest import Qemu, build_config_variant


def zvctl_run(q, cmd, timeout=60):
    """Run zvctl at the root's shell; (its output, its exit status)."""
    mark = len(q.text())
    q.send(f"zvctl {cmd}; echo zvctl-rc=$?\r")
    m = q.expect(r"zvctl-rc=(\d+)", timeout, start=mark)
    return q.text()[mark:m.start()], int(m.group(1))


def test_manage():
    """Management (docs/management.md): a Linux root zone beside a bare
    zone marked boot-stopped, which waits for its root; zvctl runs on the
    root on every ISA, with its usage and exit codes."""
    args = build_config_variant(ARCH, "manage", "manage-boot-stopped",
                                lambda t: t.replace("\t\tbare {\n",
                                                    "\t\tbare {\n\t\t\tboot-stopped;\n"))
    q = Qemu(ARCH, args)
    try:
        q.expect(r"\[zv\] mgmt: root zone linux manages: bare", 60)
        q.expect(r"\[zv\] zone bare stays stopped at boot", 60)
        linux_shell(q, 0)
        suite.ok("manage: a boot-stopped zone stays stopped while its root boots",
                 "[bare]" not in q.text())
        out, rc = zvctl_run(q, "--help")
        suite.ok("manage: zvctl --help prints its usage, exit 0",
                 rc == 0 and "usage: zvctl" in out and "load ZONE KERNEL" in out, f"rc {rc}")
        out, rc = zvctl_run(q, "frobnicate bare")
        suite.ok("manage: zvctl with an unknown command exits 1", rc == 1, f"rc {rc}")
        out, rc = zvctl_run(q, "list")
        suite.ok("manage: zvctl without a control port says so, exit 2",
                 rc == 2 and "no control port 'zv-control'" in out, f"rc {rc}: {out[-200:]}")
        suite.ok("manage: the bare zone is still stopped", "[bare]" not in q.text())
    finally:
        suite.save_log("manage", q)
        q.close()


def mgmt_status(q, what, start, timeout=60):
    m = q.expect(r"\[root\] mgmtroot: " + re.escape(what) + r": status (\d+)", timeout,
                 start=start)
    return int(m.group(1)), m


def test_manage_bare():
    """Management through the service, from a bare-metal root zone over
    the hypercall pipe (guests/common/mgmtroot.c): list, refusals, stop,
    load of another image and its start, restart, stats; a non-root zone
    running the same program is refused everything."""
    q = boot("manage-bare")
    ok = suite.ok
    try:
        m = q.expect(r"\[spy\] mgmtroot: control refused: write (\d+), read (-?\d+)", 60)
        ok("manage-bare: a non-root zone's management calls are refused",
           m.group(1) == "102" and m.group(2) == "-2", m.group(0))
        st, m = mgmt_status(q, "list", 0)
        zl = q.expect(r"\[root\] mgmtroot: zone bare id 1 state (\d+) cpus 1 flags (\d+)", 30)
        ok("manage-bare: list shows the managed zone running", st == 0 and
           zl.group(1) == "1" and zl.group(2) == "2", zl.group(0))
        q.expect(r"\[bare\] heartbeat \d+", 30)
        for what, code in (("stop self", 5), ("stop unknown", 4), ("start running", 6),
                           ("load running", 6)):
            st, _ = mgmt_status(q, what, 0)
            ok(f"manage-bare: refused: {what} (status {code})", st == code, f"status {st}")
        st, stop = mgmt_status(q, "stop bare", 0)
        ok("manage-bare: stop bare", st == 0, f"status {st}")
        q.expect(r"\[zv\] zone bare stopped: stopped by its root", 10)
        st, big = mgmt_status(q, "load too big", stop.end())
        # Lines already queued when the stop came may still be printed;
        # none may come from a run after the stop's log line.
        after = q.text()[stop.end():big.start()]
        beats = re.findall(r"\[bare\] heartbeat", after)
        ok("manage-bare: the stopped zone's heartbeat stops", len(beats) <= 1,
           f"{len(beats)} heartbeats in the 1.5 s after the stop")
        ok("manage-bare: refused: image too big (status 7)", st == 7, f"status {st}")
        st, load = mgmt_status(q, "load bare", stop.end())
        ok("manage-bare: load of another image into the stopped zone", st == 0, f"status {st}")
        st, start = mgmt_status(q, "start bare", stop.end())
        ok("manage-bare: start bare", st == 0, f"status {st}")
        # The banner may come before the root prints the start's status.
        m = q.expect(r"\[bare\] banner: the loaded image runs \(boot (\d+)\)", 20,
                     start=load.end())
        ok("manage-bare: the loaded image's banner appears", m.group(1) == "2", m.group(0))
        st, rs = mgmt_status(q, "restart bare", start.end())
        ok("manage-bare: restart bare", st == 0, f"status {st}")
        q.expect(r"\[bare\] heartbeat \d+", 20, start=rs.start())
        ok("manage-bare: after a restart the configured image runs again", True)
        m = q.expect(r"\[root\] mgmtroot: stats bare: status (\d+) state (\d+) boots (\d+)",
                     30, start=rs.end())
        ok("manage-bare: stats counts the boots", m.group(1) == "0" and m.group(2) == "1"
           and m.group(3) == "3", m.group(0))
        for line in ("stops zone bare", "loads zone bare", "starts zone bare (the loaded image)",
                     "restarts zone bare", "stop refused"):
            ok(f"manage-bare: hypervisor logs '{line}'", f"[zv] mgmt: " in q.text()
               and line in q.text())
        ok("manage-bare: the spy zone took no action", "[zv] mgmt: spy" not in q.text())
        # Soak: 200 stop-load-start cycles, each checked by the root (the
        # zone runs its new boot and left the guest since) and here (its
        # banner with that boot's number).
        m = q.expect(r"\[root\] mgmtroot: soak: (\d+) cycles, (\d+) failed.*", 600,
                     start=rs.end())
        ok("manage-bare: soak: 200 stop/load/start cycles, each verified by the root",
           m.group(1) == "200" and m.group(2) == "0", m.group(0))
        perf = q.expect(r"\[root\] mgmtroot: soak: (\d+) us per cycle.*", 30, start=m.end())
        q.expect(r"\[root\] mgmtroot: soak done", 30, start=m.end())
        boots = {int(b) for b in re.findall(
            r"\[bare\] banner: the loaded image runs \(boot (\d+)\)", q.text()[rs.end():])}
        ok("manage-bare: soak: every cycle's banner appears",
           set(range(4, 204)) <= boots, f"{len(set(range(4, 204)) - boots)} missing")
        print(f"    {perf.group(0).split('] ', 1)[1]}", flush=True)
        out, _ = q.text(), None
        ok("manage-bare: soak: no pipe answer dropped, no fault",
           "fault" not in out.lower() and "panic" not in out.lower())
    finally:
        suite.save_log("manage-bare", q)
        q.close()
