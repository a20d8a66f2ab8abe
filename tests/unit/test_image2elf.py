#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""tools/image2elf: the ELF a LoongArch raw Image becomes for the fork's
native boot, and the refusal of files that are not such an Image."""
import os
import struct
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
TOOL = os.path.join(ROOT, "tools", "image2elf")
sys.path.insert(0, os.path.join(ROOT, "tests", "system"))
from zvtest import Suite  # noqa: E402

suite = Suite("image2elf")
check = suite.ok


def image(entry, size, load, body=0x3000):
    head = b"MZ" + b"\0" * 6 + struct.pack("<QQQ", entry, size, load)
    return head + bytes(range(256)) * ((body - len(head)) // 256 + 1)


def run(data):
    with tempfile.TemporaryDirectory() as d:
        src, out = os.path.join(d, "Image"), os.path.join(d, "Image.elf")
        with open(src, "wb") as f:
            f.write(data)
        r = subprocess.run([sys.executable, TOOL, src, out], capture_output=True, text=True)
        elf = open(out, "rb").read() if r.returncode == 0 else None
        return r, elf


data = image(0x201000, 0x10000, 0x200000)
r, elf = run(data)
check("a valid Image converts", r.returncode == 0 and elf is not None)
if elf:
    machine, = struct.unpack_from("<H", elf, 18)
    entry, phoff = struct.unpack_from("<QQ", elf, 24)
    ptype, _, off, vaddr, paddr, filesz, memsz, _ = struct.unpack_from("<IIQQQQQQ", elf, phoff)
    check("ELF64 little-endian for LoongArch (258)",
          elf[:6] == b"\x7fELF\x02\x01" and machine == 258)
    check("entry is the header's entry", entry == 0x201000)
    check("one PT_LOAD at the load offset, bss included",
          ptype == 1 and vaddr == paddr == 0x200000 and filesz == len(data) and memsz == 0x10000)
    check("segment bytes are the Image", elf[off:off + len(data)] == data)
r, _ = run(b"\x7fELF" + b"\0" * 100)
check("a file without the MZ header is refused by name",
      r.returncode != 0 and "not a LoongArch Linux Image" in r.stderr)
r, _ = run(image(0x100, 0x10000, 0x200000))
check("an entry outside the image is refused", r.returncode != 0 and "implausible" in r.stderr)
r, _ = run(image(0x201000, 0x100, 0x200000))
check("an image size below the file size is refused",
      r.returncode != 0 and "implausible" in r.stderr)
suite.finish()
