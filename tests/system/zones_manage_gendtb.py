# SPDX-License-Identifier: MIT
"""zvctl load --generate-dtb from the Linux root (docs/management.md): the
hypervisor writes the device tree zvcfg generated for zone bare (its
description has dtb = "generate" and an initrd) with the initrd range set
to the one the root loaded. banner.bin, loaded as the kernel, reads the
tree at the description's dtb-addr and prints its /chosen initrd range.
A Linux kernel loaded with it into a managed zone is
zones_manage_guest.py's."""
import os
import re

from zones_common import ARCH, suite

# The bare zone's memory base in configs/<board>/manage-linux.dts.
BARE_BASE = {"riscv64": 0x88000000, "aarch64": 0x48000000, "loongarch64": 0x0}


def gendtb_check(q, zvctl_run):
    """The checks, with bare running its configured image when called and
    again when they end. zvctl_run(args, timeout) as in zones_manage_linux."""
    ok = suite.ok
    base = BARE_BASE[ARCH]
    size = os.path.getsize(f"build/{ARCH}/guests/banner.bin")
    rd = base + 0x400000  # not the description's initrd-addr (base + 8 MiB)
    out, rc = zvctl_run("load bare /lib/banner.bin --dtb /lib/banner.bin --generate-dtb")
    ok("manage-linux: gendtb: --dtb with --generate-dtb is a usage error (exit 1)",
       rc == 1 and "not both" in out, f"rc {rc}: {out[-200:]!r}")
    zvctl_run("stop bare")
    if ARCH == "loongarch64":
        # zvcfg's LoongArch trees carry no initrd: Linux there finds it in
        # the EFI tables the hypervisor builds, which name the loaded one
        # (a Linux boots with it in zones_manage_guest.py).
        mark = len(q.text())
        out, rc = zvctl_run(f"load bare /lib/banner.bin --initrd /lib/banner.bin "
                            f"--initrd-addr {rd:#x} --generate-dtb")
        ok("manage-linux: gendtb: an initrd with it goes into the EFI hand-off, not the tree",
           rc == 0 and re.search(r"\[zv\] mgmt: zone bare: its configured device tree at "
                                 r"0x[0-9a-f]+, initrd in the boot hand-off",
                                 q.text()[mark:]) is not None, f"rc {rc}: {out[-200:]!r}")
        out, rc = zvctl_run(f"load bare /lib/banner.bin --kernel-addr {base:#x} "
                            f"--entry {base:#x}")
        ok("manage-linux: gendtb: an image under the EFI hand-off is refused (exit 17)",
           rc == 17 and "overlaps the boot hand-off" in out, f"rc {rc}: {out[-200:]!r}")
    else:
        initrd_range(q, zvctl_run, rd, size)
    zvctl_run("stop bare")
    mark = len(q.text())
    out, rc = zvctl_run("load bare /lib/banner.bin --generate-dtb")
    zvctl_run("start bare")
    m = q.expect(r"\[bare\] banner: device tree: ([^\r\n]*)", 20, start=mark)
    ok("manage-linux: gendtb: without an initrd the tree has no initrd range",
       rc == 0 and m.group(1).strip() == "no initrd", f"rc {rc}: {m.group(1)!r}")
    zvctl_run("stop bare")
    mark = len(q.text())
    out, rc = zvctl_run("load bare /lib/banner.bin")
    zvctl_run("start bare")
    m = q.expect(r"\[bare\] banner: (device tree: [^\r\n]*|no device tree)", 20, start=mark)
    ok("manage-linux: gendtb: a load without it leaves no tree in the zone",
       rc == 0 and m.group(1).strip() == "no device tree", f"rc {rc}: {m.group(1)!r}")
    mark = len(q.text())
    out, rc = zvctl_run("restart bare")
    q.expect(r"\[bare\] heartbeat \d+", 20, start=mark)
    ok("manage-linux: gendtb: a restart boots the configured image", rc == 0)


def initrd_range(q, zvctl_run, rd, size):
    """Load with an initrd at rd: the tree the zone gets has its range."""
    ok = suite.ok
    mark = len(q.text())
    out, rc = zvctl_run(f"load bare /lib/banner.bin --initrd /lib/banner.bin "
                        f"--initrd-addr {rd:#x} --generate-dtb")
    ok("manage-linux: gendtb: load with --generate-dtb and an initrd", rc == 0,
       f"rc {rc}: {out[-200:]!r}")
    out2, rc2 = zvctl_run("start bare")
    m = q.expect(r"\[bare\] banner: device tree: ([^\r\n]*)", 20, start=mark)
    want = f"initrd {rd:#x}-{rd + size:#x}"
    ok("manage-linux: gendtb: the zone's tree has the loaded initrd's range",
       rc2 == 0 and m.group(1).strip() == want, f"{m.group(1)!r}, want {want!r}")
    ok("manage-linux: gendtb: the hypervisor logs the tree it wrote",
       re.search(r"\[zv\] mgmt: zone bare: its configured device tree at 0x[0-9a-f]+, "
                 r"initrd range set", q.text()[mark:]) is not None)
