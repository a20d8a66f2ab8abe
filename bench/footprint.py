#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""bench: the hypervisor's footprint (image, ELF span, board RAM, lines)."""
import os
import re
import struct

from runner import make
from tables import ROOT


def elf_span(path):
    """Bytes from the lowest to the highest address of the loadable
    segments (text, data and bss)."""
    with open(path, "rb") as f:
        data = f.read()
    phoff, = struct.unpack_from("<Q", data, 0x20)
    phentsize, phnum = struct.unpack_from("<HH", data, 0x36)
    lo, hi = None, 0
    for i in range(phnum):
        p_type, _, _, vaddr, _, _, memsz, _ = struct.unpack_from(
            "<IIQQQQQQ", data, phoff + i * phentsize)
        if p_type == 1 and memsz:
            lo = vaddr if lo is None else min(lo, vaddr)
            hi = max(hi, vaddr + memsz)
    return hi - (lo or 0), lo


def board_hv_range(plat):
    """The board's .hv = {base, size} range, from its board.h macros."""
    d = os.path.join(ROOT, "src", "platform", plat)
    macros = {}
    for line in open(os.path.join(d, "board.h")):
        m = re.match(r"#define\s+(\w+)\s+(0x[0-9a-fA-F]+|\d+)[uUlL]*\b", line)
        if m:
            macros[m.group(1)] = int(m.group(2), 0)
    src = open(os.path.join(d, "board.c")).read()
    m = re.search(r"\.hv\s*=\s*\{([^,]+),([^}]+)\}", src)
    if not m:
        return None

    def ev(expr):
        expr = re.sub(r"\b(\w+)\b", lambda x: str(macros.get(x.group(1), x.group(1))), expr)
        expr = re.sub(r"(0x[0-9a-fA-F]+|\d+)[uUlL]+", r"\1", expr)
        if not re.fullmatch(r"[0-9xa-fA-F+\-*/() <>]+", expr):
            return None
        return eval(expr)  # only numbers and operators left
    return ev(m.group(1)), ev(m.group(2))


def count_lines(path):
    total = code = 0
    with open(path, errors="replace") as f:
        for line in f:
            total += 1
            s = line.strip()
            if s and not s.startswith(("/*", "*", "//", "#include")) and s != "*/":
                code += 1
    return total, code


def footprint(arch):
    info = make(arch, "bench-info")
    if info is None or make(arch, "hv", quiet=False) is None:
        return {"error": "the hypervisor does not build for this ARCH"}
    kv = dict(line.split("=", 1) for line in info.splitlines() if "=" in line)
    plat, srcs = kv["platform"], kv["srcs"].split()
    binp = os.path.join(ROOT, "build", arch, "zonevisor.bin")
    elfp = os.path.join(ROOT, "build", arch, "zonevisor.elf")
    span, base = elf_span(elfp)
    out = {"platform": plat, "image_bytes": os.path.getsize(binp), "elf_span_bytes": span,
           "elf_base": hex(base)}
    hv = board_hv_range(plat)
    if hv:
        out["hv_ram_base"], out["hv_ram_bytes"] = hex(hv[0]), hv[1]
    # Headers: what the compiler's dependency files say was included.
    headers = set()
    for src in srcs:
        dep = os.path.join(ROOT, "build", arch, "hv", src + ".d")
        if os.path.exists(dep):
            text = open(dep).read().replace("\\\n", " ")
            for tok in text.split():
                if tok.endswith(".h") and not os.path.isabs(tok):
                    headers.add(os.path.normpath(tok))
    loc = {}
    for kind, files in (("c", [s for s in srcs if s.endswith(".c")]),
                        ("asm", [s for s in srcs if s.endswith(".S")]),
                        ("headers", sorted(headers))):
        t = c = 0
        for p in files:
            a, b = count_lines(os.path.join(ROOT, p))
            t, c = t + a, c + b
        loc[kind] = {"files": len(files), "lines": t, "code_lines": c}
    out["loc"] = loc
    return out
