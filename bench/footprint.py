#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""bench: the hypervisor's footprint (image, ELF span, board RAM, lines)."""
import os
import struct
import sys

from runner import make
from tables import ROOT

sys.path.insert(0, os.path.join(ROOT, "tools"))
import boardinfo  # noqa: E402


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
    hv = boardinfo.hv_range(boardinfo.load(plat))
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
