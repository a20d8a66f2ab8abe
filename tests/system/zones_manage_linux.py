# SPDX-License-Identifier: MIT
"""Managing zones from a Linux root over its virtio-console control port
(configs/<board>/manage-linux.dts, docs/management.md): one Linux boot runs
zvctl list, stop, load of another image, start, restart, console attach
(the bare zone's output through the root's port, Ctrl-\\ back),
the refusals, measures load throughput, then runs the 200-cycle soak
(zones_manage_soak.py), the --generate-dtb checks
(zones_manage_gendtb.py) and boots a Debian Linux it loads into zone guest
(zones_manage_guest.py). The non-root check (no
control port for a Linux zone that is not the root) is in test_virtio.py's
test_console, which boots such a zone anyway."""
import re

from zones_common import ARCH, boot, suite
from zones_linux import linux_shell
from zones_manage import zvctl_run
from zones_manage_gendtb import gendtb_check
from zones_manage_guest import guest_linux_check
from zones_manage_soak import soak_check

BANNER = r"\[bare\] banner: the loaded image runs"


def sh(q, cmd, timeout=60):
    """Run a shell command at the root's shell; its output."""
    mark = len(q.text())
    q.send(f"{cmd}; echo sh-done-$((40+2))\r")
    m = q.expect(r"sh-done-42", timeout, start=mark)
    return q.text()[mark:m.start()]


def refusal(q, cmd, rc_want, text):
    out, rc = zvctl_run(q, cmd)
    suite.ok(f"manage-linux: refused: {cmd} (exit {rc_want}, '{text}')",
             rc == rc_want and text in out, f"rc {rc}: {out[-300:]!r}")


def load_throughput(q):
    """Load an 8 MiB file into the stopped zone: MiB/s, in the log."""
    sh(q, "dd if=/dev/zero of=/tmp/img8 bs=1048576 count=8 2>/dev/null")
    out, rc = zvctl_run(q, "load bare /tmp/img8", 240)
    m = re.search(r"loaded 8388608 bytes in (\d+) ms \((\d+) KiB/s\)", out)
    suite.ok("manage-linux: an 8 MiB image loads through the port", rc == 0 and m,
             f"rc {rc}: {out[-200:]!r}")
    if m:
        print(f"    load: 8 MiB in {m.group(1)} ms, {int(m.group(2)) / 1024:.1f} MiB/s",
              flush=True)


def console_attach(q):
    """zvctl console bare: the zone's heartbeat shows through the root's
    port (tagged [linux], not [bare]); Ctrl-\\ brings the shell back."""
    out = sh(q, "cat /sys/class/virtio-ports/*/name")
    suite.ok("manage-linux: the root has a console port for bare", "zv-console-bare" in out,
             out[-200:])
    mark = len(q.text())
    q.send("zvctl console bare; echo console-rc=$?\r")
    m = q.expect(r"\[linux\] heartbeat \d+", 30, start=mark)
    suite.ok("manage-linux: zvctl console shows the bare zone's output", True)
    mark = len(q.text())
    q.send("typed-in-$((1))\r")
    q.expect(r"\[linux\] heartbeat: typed typed-in-\$\(\(1\)\)", 30, start=mark)
    suite.ok("manage-linux: input typed in zvctl console reaches the bare zone", True)
    q.send("\x1c")
    m = q.expect(r"console-rc=(\d+)", 30, start=mark)
    suite.ok("manage-linux: Ctrl-\\ leaves the console, exit 0", m.group(1) == "0", m.group(0))
    run = sh(q, "echo back-$((2+5))")
    suite.ok("manage-linux: the root's shell works after the console", "back-7" in run)


def test_manage_linux():
    q = boot("manage-linux")
    ok = suite.ok
    try:
        q.expect(r"\[zv\] mgmt: control port zv-control on linux", 60)
        linux_shell(q, 0)
        out = sh(q, "cat /sys/class/virtio-ports/*/name")
        ok("manage-linux: the root sees the control port by name", "zv-control" in out,
           out[-200:])
        out, rc = zvctl_run(q, "list")
        ok("manage-linux: zvctl list shows both zones",
           rc == 0 and re.search(r"bare\s", out) and "linux" in out, f"rc {rc}: {out[-300:]!r}")
        q.expect(r"\[bare\] heartbeat \d+", 30, start=len(q.text()))
        refusal(q, "stop linux", 15, "not permitted")
        refusal(q, "stop nosuchzone", 14, "no such zone")
        refusal(q, "start bare", 16, "wrong zone state")
        refusal(q, "load bare /lib/banner.bin", 16, "wrong zone state")
        out, rc = zvctl_run(q, "stop bare")
        ok("manage-linux: zvctl stop bare", rc == 0, f"rc {rc}: {out[-200:]!r}")
        stop = q.expect(r"\[zv\] zone bare stopped: stopped by its root", 10)
        sh(q, "sleep 2")
        beats = re.findall(r"\[bare\] heartbeat", q.text()[stop.end():])
        ok("manage-linux: the stopped zone's heartbeat stops", len(beats) <= 1,
           f"{len(beats)} heartbeats in the 2 s after the stop")
        sh(q, "dd if=/dev/zero of=/tmp/big bs=1048576 count=17 2>/dev/null")
        refusal(q, "load bare /tmp/big", 17, "image check failed")
        load_throughput(q)
        sh(q, "rm -f /tmp/big /tmp/img8")  # the root's RAM: room for the guest's kernel
        out, rc = zvctl_run(q, "load bare /lib/banner.bin")
        ok("manage-linux: zvctl load of another image", rc == 0, f"rc {rc}: {out[-200:]!r}")
        mark = len(q.text())
        out, rc = zvctl_run(q, "start bare")
        ok("manage-linux: zvctl start bare", rc == 0, f"rc {rc}: {out[-200:]!r}")
        q.expect(BANNER, 20, start=mark)
        ok("manage-linux: the loaded image's banner appears", True)
        mark = len(q.text())
        out, rc = zvctl_run(q, "restart bare")
        ok("manage-linux: zvctl restart bare", rc == 0, f"rc {rc}: {out[-200:]!r}")
        q.expect(r"\[bare\] heartbeat \d+", 20, start=mark)
        ok("manage-linux: after a restart the configured image runs again", True)
        soak_check(q, lambda c, t=60: sh(q, c, t), lambda c, t=60: zvctl_run(q, c, t))
        gendtb_check(q, lambda c, t=60: zvctl_run(q, c, t))
        console_attach(q)
        out = q.text()
        ok("manage-linux: no device refused a request, no fault",
           "needs reset" not in out and "panic" not in out.lower())
        guest_linux_check(q, lambda c, t=60: sh(q, c, t), lambda c, t=60: zvctl_run(q, c, t))
    except Exception as e:  # noqa: BLE001 - any failure is a failed check
        ok("manage-linux", False, f"{e}; log {suite.save_log('manage-linux', q)}")
    finally:
        suite.save_log("manage-linux", q)
        q.close()
