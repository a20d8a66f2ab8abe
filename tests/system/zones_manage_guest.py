# SPDX-License-Identifier: MIT
"""A stock Debian Linux booted at run time in a managed zone (docs/
management.md): the Linux root of manage-linux.dts unpacks the Debian
kernel its initramfs holds (/lib/guest-Image.gz) and runs
`zvctl load guest /tmp/Image --initrd /lib/guest-initramfs.cpio
--generate-dtb`: the root streams kernel and initramfs, the hypervisor
writes the tree zvcfg generated for zone guest with the loaded initrd
handed over (/chosen on riscv64 and aarch64, the EFI initrd table on
loongarch64). The zone's configured images are no Linux (a heartbeat and a
non-cpio initrd), and the initrd goes to another address than the
configured one: unless the loaded kernel gets the loaded initrd, no
ZV-INIT marker comes. The guest then answers a command at its shell (its
vCPUs, its memory, its initramfs), and stop/start boot its configured
image again."""
import os
import re
import struct
import time

from zones_common import ARCH, suite
from zvtest import focus, shell_run

# Zone guest of configs/<board>/manage-linux.dts: its memory base and size,
# where its kernel goes (the description's kernel-addr), the Debian
# architecture of the cached kernel.
GUEST = {"riscv64": (0xa0000000, 0xa0000000, "riscv64"),
         "aarch64": (0x60000000, 0x60000000, "arm64"),
         "loongarch64": (0x0, 0x200000, "loong64")}
GUEST_MEM = 128 << 20
INITRD_OFFSET = 0x5000000  # not the description's initrd-addr (base + 96 MiB)


def kernel_entry(kaddr, deb):
    """The loaded kernel's entry: its first byte on riscv64 and aarch64;
    on loongarch64 the physical entry its header names (at 0x8) over the
    load offset it was linked for (at 0x18), as zvcfg's kernel-header."""
    if ARCH != "loongarch64":
        return kaddr
    with open(os.path.join(os.path.expanduser("~/.cache/zonevisor"), deb, "Image"), "rb") as f:
        h = f.read(0x20)
    entry, load = struct.unpack_from("<Q", h, 8)[0], struct.unpack_from("<Q", h, 0x18)[0]
    return kaddr + (entry - load)


def guest_linux_check(q, sh, zvctl_run):
    """The checks; zone guest is stopped when called and when they end.
    sh(cmd, timeout) and zvctl_run(args, timeout) as in
    zones_manage_linux."""
    ok = suite.ok
    base, kaddr, deb = GUEST[ARCH]
    rd = base + INITRD_OFFSET
    t0 = time.time()
    out = sh("gunzip -c /lib/guest-Image.gz >/tmp/Image && echo unpacked-$(wc -c </tmp/Image)",
             240)
    if not re.search(r"unpacked-\d{7,}", out):
        ok("manage-linux: guest: the root unpacks the Debian kernel", False, out[-200:])
        return
    ok("manage-linux: guest: the root unpacks the Debian kernel", True)
    t1 = time.time()
    mark = len(q.text())
    out, rc = zvctl_run(f"load guest /tmp/Image --initrd /lib/guest-initramfs.cpio "
                        f"--initrd-addr {rd:#x} --entry {kernel_entry(kaddr, deb):#x} "
                        f"--generate-dtb", 300)
    m = re.search(r"loaded (\d+) bytes in (\d+) ms", out)
    ok("manage-linux: guest: zvctl load of a Debian kernel and initramfs, --generate-dtb",
       rc == 0 and m, f"rc {rc}: {out[-300:]!r}")
    if rc:
        return
    ok("manage-linux: guest: the hypervisor hands the tree the loaded initrd",
       re.search(r"\[zv\] mgmt: zone guest: its configured device tree at 0x[0-9a-f]+, "
                 r"initrd (range set|in the boot hand-off)", q.text()[mark:]) is not None)
    t2 = time.time()
    out, rc = zvctl_run("start guest")
    ok("manage-linux: guest: zvctl start guest", rc == 0, f"rc {rc}: {out[-200:]!r}")
    # The guest's prompt, a line without its end, shows only with the
    # input focus: wait for its init's marker and its shell's greeting.
    q.expect(r"\[guest\] ZV-INIT: up", 240, start=mark)
    prompt = q.expect(r"\[guest\] Enter 'help'", 60, start=mark).end()
    t3 = time.time()
    ok("manage-linux: guest: the loaded Linux reaches its init and shell", True)
    print(f"    guest: unpack {t1 - t0:.1f} s, load {m.group(1) if m else '?'} bytes in "
          f"{m.group(2) if m else '?'} ms ({t2 - t1:.1f} s at the shell), start to shell "
          f"{t3 - t2:.1f} s", flush=True)
    focus(q, "guest", 3)
    m = shell_run(q, "echo guest-says cpus=$(nproc) $(grep MemTotal /proc/meminfo) "
                  "zvctl=$(ls /bin/zvctl 2>/dev/null | wc -l) "
                  "cmdline=$(cat /proc/cmdline | cut -d' ' -f2)",
                  r"\[guest\] guest-says cpus=(\d+) MemTotal:\s*(\d+) kB zvctl=(\d) "
                  r"cmdline=(\S+)", 60)
    mem = int(m.group(2)) << 10
    ok("manage-linux: guest: the loaded Linux answers: 1 vCPU, at most its 128 MiB, its own "
       "initramfs, the description's bootargs",
       m.group(1) == "1" and GUEST_MEM // 4 < mem <= GUEST_MEM and m.group(3) == "0"
       and m.group(4) == "rdinit=/init", m.group(0))
    focus(q, "linux", 3)
    run = sh("echo root-back-$((3+4))")
    ok("manage-linux: guest: the root's shell works beside it", "root-back-7" in run)
    out, rc = zvctl_run("stop guest")
    q.expect(r"\[zv\] zone guest stopped: stopped by its root", 30, start=prompt)
    ok("manage-linux: guest: zvctl stop guest", rc == 0, f"rc {rc}: {out[-200:]!r}")
    mark = len(q.text())
    out, rc = zvctl_run("start guest")
    q.expect(r"\[guest\] heartbeat \d+", 30, start=mark)
    ok("manage-linux: guest: a start after the stop boots its configured image", rc == 0,
       f"rc {rc}: {out[-200:]!r}")
    out, rc = zvctl_run("stop guest")
    ok("manage-linux: guest: stopped again", rc == 0, f"rc {rc}: {out[-200:]!r}")
    sh("rm -f /tmp/Image")
