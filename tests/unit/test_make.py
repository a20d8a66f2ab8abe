#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""The Makefile's user interface: CONFIG as a name or a path, `make help`,
and the short build lines (full commands with V=1)."""
import os
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "system"))
from zvtest import ROOT, Suite  # noqa: E402

suite = Suite("make")
check = suite.ok
RV = "configs/qemu-riscv64-virt"


# Flags of a make this runs under (make -s test) would change the output.
ENV = {k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL")}


def make(*args, cwd=ROOT):
    r = subprocess.run(["make", "--no-print-directory", *args], cwd=cwd, env=ENV,
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    return r.returncode, r.stdout


def config_of(config):
    """(file, output dir, extra prerequisites) the Makefile derives from CONFIG."""
    rc, out = make("-s", "ARCH=riscv64", f"CONFIG={config}", "--eval",
                   "zv-show-config: ; @echo '$(CONFIG_FILE)|$(CFG_DIR)|$(CONFIG_NEEDS)'",
                   "zv-show-config")
    return tuple(out.strip().split("|")) if rc == 0 else (out,)


check("CONFIG=<name> is configs/<board>/<name>.dts",
      config_of("selftest") == (f"{RV}/selftest.dts", "build/riscv64/cfg/selftest", ""),
      str(config_of("selftest")))
check("CONFIG=<relative path> is that file, output named after it",
      config_of(f"{RV}/selftest.dts") == (f"{RV}/selftest.dts", "build/riscv64/cfg/selftest", ""),
      str(config_of(f"{RV}/selftest.dts")))
ABS = os.path.join(ROOT, RV, "demo.dts")
check("CONFIG=<absolute path> is that file; a Linux zone's initramfs is built",
      config_of(ABS) == (ABS, "build/riscv64/cfg/demo", "initramfs"), str(config_of(ABS)))
check("CONFIG=<name>.dts in the source tree is taken as a path",
      config_of("x.dts")[:2] == ("x.dts", "build/riscv64/cfg/x"), str(config_of("x.dts")))

# Dry run: the zone compiler gets the file as given, never a path under
# configs/<board>/ made from it.
tmp = tempfile.mkdtemp(prefix="zv-make-")
try:
    mine = os.path.join(tmp, "mine.dts")
    shutil.copy(os.path.join(ROOT, RV, "selftest.dts"), mine)
    rc, out = make("-n", "ARCH=riscv64", "config", f"CONFIG={mine}")
    check("make -n config CONFIG=<path>: zvcfg compiles that file",
          rc == 0 and f"zvcfg -o build/riscv64/cfg/mine {mine}" in out,
          out[-500:])
    rc, out = make("-n", "ARCH=riscv64", "run", "CONFIG=selftest")
    check("make -n run CONFIG=<name>: zvcfg compiles configs/<board>/<name>.dts",
          rc == 0 and f"zvcfg -o build/riscv64/cfg/selftest {RV}/selftest.dts" in out
          and "qemu-system-riscv64" in out, out[-500:])
    if os.path.exists(os.path.join(ROOT, "build", "host", "zvcfg")) and \
            os.path.exists(os.path.join(ROOT, "build", "riscv64", "zonevisor.elf")):
        rc, out = make("-s", "ARCH=riscv64", "config", f"CONFIG={mine}")
        check("make config CONFIG=<path outside the tree> writes its zone table",
              rc == 0 and os.path.exists(os.path.join(ROOT, "build/riscv64/cfg/mine/zones.bin")),
              out[-500:])
        rc, out = make("-s", "ARCH=riscv64", "config", f"CONFIG={tmp}/absent.dts")
        check("a CONFIG file that does not exist is named in the error",
              rc != 0 and f"no file {tmp}/absent.dts" in out, out[-500:])
        shutil.rmtree(os.path.join(ROOT, "build/riscv64/cfg/mine"), ignore_errors=True)
    else:
        suite.skip("make config CONFIG=<path>", "riscv64 not built (make ARCH=riscv64 all)")
finally:
    shutil.rmtree(tmp)

rc, out = make("help")
check("make help lists the targets",
      rc == 0 and all(f"  {t} " in out for t in ("demo", "run", "test", "fuzz", "bench")),
      out)
check("make help lists the variables",
      all(v in out for v in ("ARCH=", "CONFIG=", "QEMU_LVZ=", "FUZZ_SECONDS=", "V=1")), out)

# A relink (-W: as if the linker script had changed): one short line, or
# the full command with V=1.
elf = "build/riscv64/zonevisor.elf"
if os.path.exists(os.path.join(ROOT, elf)):
    rc, short = make("ARCH=riscv64", "-W", "src/arch/riscv64/linker.ld", elf)
    check("build steps print short lines", rc == 0 and f"  LD      {elf}" in short
          and "ld.lld" not in short, short)
    rc, full = make("ARCH=riscv64", "V=1", "-W", "src/arch/riscv64/linker.ld", elf)
    check("V=1 prints the full commands", rc == 0 and "ld.lld-19 -nostdlib" in full
          and "  LD  " not in full, full)
    rc, quiet = make("-s", "ARCH=riscv64", "-W", "src/arch/riscv64/linker.ld", elf)
    check("make -s prints nothing", rc == 0 and quiet == "", quiet)
else:
    suite.skip("build lines", "riscv64 not built (make ARCH=riscv64 all)")
suite.finish()
