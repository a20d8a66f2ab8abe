# SPDX-License-Identifier: MIT
"""What every system-test module shares: the ISA under test (test_zones.py's
first argument), its Suite, and the zone boots and checks all of them use."""
import os
import sys

from zvtest import ARCHES, ROOT, Qemu, Suite, build_config

ARCH = sys.argv[1] if len(sys.argv) > 1 else "riscv64"
suite = Suite(ARCH)
PLATFORM_DIR = os.path.join(ROOT, "configs", ARCHES[ARCH]["platform"])


def have_config(name):
    if os.path.exists(os.path.join(PLATFORM_DIR, name + ".dts")):
        return True
    suite.skip(name, f"no configs/{ARCHES[ARCH]['platform']}/{name}.dts for {ARCH} yet")
    return False


def boot(name, **kw):
    return Qemu(ARCH, build_config(ARCH, name), **kw)


def heartbeat_advances(q, start, beats=2, timeout=20):
    """The sibling zone prints `beats` new heartbeats after offset start."""
    for _ in range(beats):
        m = q.expect(r"\[beat\] heartbeat \d+", timeout, start=start)
        start = m.end()
