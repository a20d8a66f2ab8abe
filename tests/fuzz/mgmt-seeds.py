#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Seeds for fuzz_mgmt: request streams a root sends (zv/mgmt_abi.h), so
the fuzzer starts from deep states: list, stop, a whole load, start,
restart. The first byte is the harness's write size (0: all at once).
usage: tests/fuzz/mgmt-seeds.py OUTDIR"""
import os
import struct
import sys


def frame(op, payload=b"", seq=1):
    return b"ZV" + bytes([op, seq]) + struct.pack("<I", len(payload)) + payload


def ref(name):
    return name.encode().ljust(24, b"\0")


def load(name, entry, kernel_gpa, data):
    begin = ref(name) + struct.pack("<Q", entry) + struct.pack("<QQ", kernel_gpa, len(data))
    begin += bytes(32)
    s = frame(6, begin)
    for off in range(0, len(data), 0x80):
        s += frame(7, struct.pack("<IIQ", 0, 0, off) + data[off:off + 0x80])
    return s + frame(8, ref(name))


def main():
    out = os.path.join(sys.argv[1], "mgmt")
    os.makedirs(out, exist_ok=True)
    seeds = {
        "list": b"\0" + frame(1) + frame(2),
        "stop-start": b"\0" + frame(3, ref("bare")) + frame(4, ref("bare")),
        "restart-stats": b"\x05" + frame(5, ref("bare")) + frame(9, ref("bare")),
        "load": b"\0" + frame(3, ref("bare")) +
        load("bare", 0x88000100, 0x88000100, bytes(range(256)) * 2) + frame(4, ref("bare")),
        "refusals": b"\x03" + frame(3, ref("linux")) + frame(3, ref("other")) +
        frame(6, ref("bare") + bytes(56)) + frame(10, ref("bare")),
    }
    for name, data in seeds.items():
        with open(os.path.join(out, name), "wb") as f:
            f.write(data)


if __name__ == "__main__":
    main()
