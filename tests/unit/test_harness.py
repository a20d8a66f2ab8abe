#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""The system-test harness's own logic: joining a focused zone's console
line that another writer cut (the hypervisor goes on under "[name]+ "), and
what a test says when QEMU dies early."""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "system"))
from zvtest import Qemu, Suite, TestFailure, join_cut_lines  # noqa: E402

suite = Suite("harness")
check = suite.ok

check("whole lines pass unchanged",
      join_cut_lines("[a] one\r\n[b] two\r\n[a] three") == "[a] one\r\n[b] two\r\n[a] three")
check("a cut line is joined, the other writer's line follows it",
      join_cut_lines("[sel] SELFTEST: 2 passed,\r\n[beat] heartbeat 3\r\n[sel]+  0 failed\r\n")
      == "[sel] SELFTEST: 2 passed, 0 failed\r\n[beat] heartbeat 3\r\n")
check("a cut between the guest's CR and LF gives one line ending",
      join_cut_lines("[a] x\r\r\n[zv] y\r\n[a]+ \n") == "[a] x\r\n[zv] y\r\n")
check("a line cut twice is joined twice",
      join_cut_lines("[a] 1\r\n[b] p\r\n[a]+ 2\r\n[b] q\r\n[a]+ 3\r\n")
      == "[a] 123\r\n[b] p\r\n[b] q\r\n")
check("a continuation with no line before it stays as it is",
      join_cut_lines("[a]+ orphan\r\n") == "[a]+ orphan\r\n")
check("a line still open after the join comes last",
      join_cut_lines("[linux] ~ # \r\n[beat] b\r\n[linux]+ ls") == "[beat] b\r\n[linux] ~ # ls")


def early_death():
    """A "QEMU" that writes on stderr and exits at once (this Python, which
    rejects QEMU's options): the failure names its status, its command line
    and its stderr."""
    q = Qemu("riscv64", [], qemu=sys.executable)
    try:
        q.expect("never", 20)
    except TestFailure as e:
        return str(e)
    finally:
        q.close()
    return ""


why = early_death()
check("QEMU dying early: its status, command line and stderr are shown",
      "QEMU exited (status 2)" in why and f"command: {sys.executable} -M virt" in why
      and "QEMU stderr: " in why and "-M" in why.split("QEMU stderr: ")[1], why)
suite.finish()
