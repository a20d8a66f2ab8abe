#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Board facts stated once (src/platform/<board>/board.mk): make, Python
(tools/boardinfo.py) and C (the generated header, through each board's
struct zv_board) must see the same values."""
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "system"))
from zvtest import ARCHES, ROOT, Suite  # noqa: E402
import boardinfo  # noqa: E402 (tools/, on the path zvtest sets)

suite = Suite("boardinfo")
check = suite.ok
ENV = {k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL")}


def make_var(arch, var, *args):
    r = subprocess.run(["make", "-s", "--no-print-directory", f"ARCH={arch}", *args, "--eval",
                        f"zv-show: ; @echo '$({var})'", "zv-show"], cwd=ROOT, env=ENV,
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    return r.stdout.strip() if r.returncode == 0 else f"make failed: {r.stdout}"


# What C makes of the facts: every board's struct zv_board, printed by a
# host program linked with the boards as zvcfg links them.
C_DUMP = r"""
#include <stdio.h>
#include <zv/board.h>
int main(void)
{
	for (const struct zv_board *const *p = zv_boards; *p; p++) {
		const struct zv_board *b = *p;
		printf("%s ram=%#llx,%#llx hv=%#llx,%#llx config=%#llx staging=%#llx "
		       "uart=%#llx,%u testdev=%#llx,%u cpus=%u", b->name,
		       (unsigned long long)b->ram.base, (unsigned long long)b->ram.size,
		       (unsigned long long)b->hv.base, (unsigned long long)b->hv.size,
		       (unsigned long long)b->config_addr, (unsigned long long)b->staging.base,
		       (unsigned long long)b->uart_gpa, b->uart_irq,
		       (unsigned long long)b->testdev_gpa, b->testdev_irq, b->nr_cpus);
		for (unsigned i = 0; i < 4 && b->emulated[i].name; i++)
			printf(" %s=%#llx,%#llx", b->emulated[i].name,
			       (unsigned long long)b->emulated[i].base,
			       (unsigned long long)b->emulated[i].size);
		printf("\n");
	}
	return 0;
}
"""


def c_boards():
    """{board: {field: value}} from the boards as compiled."""
    r = subprocess.run(["make", "-s", "--no-print-directory", "tools"], cwd=ROOT, env=ENV,
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    if r.returncode:
        return {"error": r.stdout}
    srcs = ["src/platform/boards.c"] + sorted(
        os.path.join("src/platform", d, "board.c") for d in os.listdir(
            os.path.join(ROOT, "src/platform")) if os.path.isdir(
                os.path.join(ROOT, "src/platform", d)))
    with tempfile.TemporaryDirectory() as tmp:
        prog = os.path.join(tmp, "dump.c")
        with open(prog, "w") as f:
            f.write(C_DUMP)
        exe = os.path.join(tmp, "dump")
        r = subprocess.run(["clang-19", "-std=c11", "-DZV_HOST", "-Isrc/core/include",
                            "-Ibuild/gen", prog, *srcs, "-o", exe], cwd=ROOT,
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        if r.returncode:
            return {"error": r.stdout}
        out = subprocess.run([exe], stdout=subprocess.PIPE, text=True).stdout
    boards = {}
    for line in out.splitlines():
        name, *fields = line.split()
        boards[name] = {k: tuple(int(x, 0) for x in v.split(","))
                        for k, v in (f.split("=", 1) for f in fields)}
    return boards


# The loader itself: references, continuation lines, sizes, bad lines.
with tempfile.TemporaryDirectory() as tmp:
    os.makedirs(os.path.join(tmp, "b"))
    with open(os.path.join(tmp, "b", "board.mk"), "w") as f:
        f.write("# comment\nBOARD_A := 0x10\nBOARD_M := -m $(BOARD_A) \\\n\t-x y\n"
                "BOARD_S := 2G\n")
    saved = boardinfo.PLATFORM_DIR
    boardinfo.PLATFORM_DIR = tmp
    try:
        f = boardinfo.load("b")
        check("loader: $(NAME) expands, continuations join with one space",
              f["BOARD_M"] == "-m 0x10 -x y", repr(f["BOARD_M"]))
        check("loader: sizes as -m takes them", boardinfo.number(f, "BOARD_S") == 2 << 30,
              f["BOARD_S"])
        hdr = boardinfo.header("b")
        check("header: hexadecimal numbers unsigned long, sizes in bytes, no strings",
              "#define BOARD_A BOARD_UL(0x10)" in hdr and
              "#define BOARD_S BOARD_UL(0x80000000)" in hdr and "BOARD_M" not in hdr, hdr)
        with open(os.path.join(tmp, "b", "board.mk"), "a") as g:
            g.write("BOARD_BAD = 1\n")
        try:
            boardinfo.load("b")
            check("loader: a line that is not `NAME := value` is refused", False)
        except ValueError as e:
            check("loader: a line that is not `NAME := value` is refused", True, str(e))
    finally:
        boardinfo.PLATFORM_DIR = saved

c = c_boards()
check("C: the boards compile and print", "error" not in c, c.get("error", ""))
for arch in ("riscv64", "aarch64", "loongarch64"):
    board = boardinfo.for_arch(arch)
    facts = boardinfo.load(board)
    num = lambda k: boardinfo.number(facts, k)  # noqa: E731
    # make: the QEMU machine line arch.mk hands to `make run`.
    want = " ".join(boardinfo.machine(facts) + ["-nographic"])
    if arch == "loongarch64":
        # No LVZ-capable QEMU (an empty QEMU_LVZ on the command line wins
        # over arch.mk's search): the stock machine line.
        got_nolvz = make_var(arch, "QEMU_MACHINE", "QEMU_LVZ=")
        check(f"{arch}: make's stock-QEMU machine line is board.mk's",
              got_nolvz == " ".join(boardinfo.machine(facts, "BOARD_QEMU_MACHINE_NOLVZ") +
                                    ["-nographic"]), got_nolvz)
        got = make_var(arch, "QEMU_MACHINE", "QEMU_LVZ=/bin/true")
    else:
        got = make_var(arch, "QEMU_MACHINE")
    check(f"{arch}: make's QEMU machine line is board.mk's", got == want, f"{got} != {want}")
    # Python: the system tests' machine line.
    check(f"{arch}: zvtest's machine line is board.mk's",
          ARCHES[arch]["machine"] == boardinfo.machine(facts), str(ARCHES[arch]["machine"]))
    # C: struct zv_board as built from the generated header.
    b = c.get(board, {})
    hv = boardinfo.hv_range(facts)
    uart = facts.get("BOARD_UART_BASE", facts.get("BOARD_UART_PHYS"))
    ok = (b.get("ram", (None,))[0] == num("BOARD_RAM_BASE") and
          b.get("hv") == hv and b.get("config") == (num("BOARD_CONFIG_ADDR"),) and
          b.get("staging") == (num("BOARD_STAGING_BASE"),) and
          b.get("uart") == (int(uart, 0), num("BOARD_UART_IRQ")) and
          b.get("testdev") == (num("BOARD_TESTDEV_GPA"), num("BOARD_TESTDEV_IRQ")) and
          b.get("cpus") == (num("BOARD_NR_CPUS"),))
    check(f"{arch}: C's struct zv_board has board.mk's RAM, UART, testdev, CPUs", ok, str(b))
    windows = {"riscv64": [("plic", "BOARD_PLIC_BASE", "BOARD_PLIC_SIZE")],
               "aarch64": [("gicd", "BOARD_GICD_BASE", "BOARD_GICD_SIZE")],
               "loongarch64": [("pch-pic", "BOARD_PCH_PIC_BASE", "BOARD_PCH_PIC_SIZE"),
                               ("ged", "BOARD_GED_BASE", "BOARD_GED_SIZE")]}[arch]
    for name, base, size in windows:
        check(f"{arch}: C's emulated {name} window is board.mk's",
              b.get(name) == (num(base), num(size)), str(b.get(name)))
    ram_size = b.get("ram", (0, 0))[1]
    low = num("BOARD_LOW_RAM_SIZE") if "BOARD_LOW_RAM_SIZE" in facts else 0
    check(f"{arch}: C's RAM size is -m {facts['BOARD_QEMU_MEM']} (less low RAM)",
          ram_size == num("BOARD_QEMU_MEM") - low, hex(ram_size))

suite.finish()
