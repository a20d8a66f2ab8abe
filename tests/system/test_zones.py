#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""System tests that run on every ISA port: boot, bare-metal self test,
isolation probe, Debian Linux in a zone beside a bare-metal zone, console
focus, and the hypervisor's own check of the zone table.

usage: test_zones.py ARCH [TEST...]  (TEST: a test function's name, e.g.
test_hostile_race, to run only those)

The tests are in zones_bare.py, zones_linux.py, zones_hostile.py,
zones_vhostile.py and zones_channels.py, zones_manage.py,
zones_manage_linux.py;
zones_common.py holds the ISA, the Suite and the helpers they share."""
import os
import sys
import time

sys.path.insert(0, os.path.dirname(__file__))
from zvtest import ARCHES, NO_QEMU_LVZ  # noqa: E402
from zones_common import ARCH, have_config, suite  # noqa: E402
from zones_channels import (test_chan_hostile_fatal, test_chan_hostile_nonfatal,  # noqa: E402
                            test_chan_pingpong)
from zones_bare import (test_corrupt_table, test_isolation, test_layout,  # noqa: E402
                        test_restart, test_selftest)
from zones_hostile import (test_hostile_fatal, test_hostile_nonfatal,  # noqa: E402
                           test_hostile_race)
from zones_linux import test_linux  # noqa: E402
from zones_manage import test_manage, test_manage_bare  # noqa: E402
from zones_manage_linux import test_manage_linux  # noqa: E402
from zones_vhostile import test_vhostile  # noqa: E402


if __name__ == "__main__":
    if ARCH == "loongarch64" and not ARCHES[ARCH]["qemu"]:
        suite.skip("LVZ zone tests", NO_QEMU_LVZ)
        suite.finish()
    print(f"{ARCH}: QEMU {ARCHES[ARCH]['qemu']}", flush=True)
    for config, test in [("selftest", test_selftest), ("isolation", test_isolation),
                         ("hostile", test_hostile_nonfatal), ("hostile", test_hostile_fatal),
                         ("hostile", test_hostile_race), ("vhostile", test_vhostile),
                         ("restart", test_restart), ("layout", test_layout),
                         ("selftest", test_corrupt_table),
                         ("chan", test_chan_pingpong),
                         ("chanhostile", test_chan_hostile_nonfatal),
                         ("chanhostile", test_chan_hostile_fatal),
                         ("demo", test_linux), ("manage", test_manage),
                         ("manage-bare", test_manage_bare),
                         ("manage-linux", test_manage_linux)]:
        if sys.argv[2:] and test.__name__ not in sys.argv[2:]:
            continue
        if have_config(config):
            t0 = time.time()
            test()
            print(f"# {ARCH} {test.__name__}: {time.time() - t0:.0f} s", flush=True)
    suite.finish()
