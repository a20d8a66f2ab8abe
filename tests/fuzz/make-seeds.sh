#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Seed corpora for the fuzzers, generated from the zone descriptions:
#   OUT/zvcfg_dtb/<name>.dtb  every configs/*/*.dts and tests/configs/bad/*.dts
#                             that dtc compiles
#   OUT/config/<name>.bin     the zone table zvcfg makes of each configs/*/*.dts
#                             (its images stood in for by small dummy files)
#   OUT/<fuzzer>/*            tests/fuzz/regressions/<fuzzer>/*: inputs that
#                             once crashed, kept so they stay fixed
# usage: tests/fuzz/make-seeds.sh ZVCFG OUT
set -u

ZVCFG=$(realpath "$1")
OUT=$2
REPO=$(cd "$(dirname "$0")/../.." && pwd)
TMP=$(mktemp -d /tmp/zv-seeds.XXXXXX)
trap 'rm -rf "$TMP"' EXIT

mkdir -p "$OUT/zvcfg_dtb" "$OUT/config"
for dts in "$REPO"/configs/*/*.dts "$REPO"/tests/configs/bad/*.dts; do
	name=$(basename "$(dirname "$dts")")-$(basename "$dts" .dts)
	dtc -q -I dts -O dtb -o "$OUT/zvcfg_dtb/$name.dtb" "$dts" 2>/dev/null ||
		rm -f "$OUT/zvcfg_dtb/$name.dtb"
done

# Dummy images for every "build:X" / "cache:X" path the configs name.
for spec in $(grep -ho '"\(build\|cache\):[^"]*"' "$REPO"/configs/*/*.dts | tr -d '"' | sort -u); do
	f=$TMP/${spec%%:*}/${spec#*:}
	mkdir -p "$(dirname "$f")"
	head -c 8192 /dev/zero >"$f"
done
for dts in "$REPO"/configs/*/*.dts; do
	name=$(basename "$(dirname "$dts")")-$(basename "$dts" .dts)
	if ZV_CACHE=$TMP/cache "$ZVCFG" --build "$TMP/build" -o "$TMP/out-$name" "$dts" \
		>/dev/null 2>&1; then
		cp "$TMP/out-$name/zones.bin" "$OUT/config/$name.bin"
	fi
done
# Hand-made seeds for the decoder and register-model harnesses: each a few
# steps of what a guest does, so the fuzzer starts from deep states.
seed() { # seed FUZZER NAME HEX: write the bytes spelled in HEX (blanks ignored)
	local hex
	hex=$(tr -d ' \t\n' <<<"$3")
	mkdir -p "$OUT/$1"
	printf "$(sed 's/../\\x&/g' <<<"$hex")" >"$OUT/$1/$2"
}
le64() { # le64 VALUE: 8 bytes, little-endian, as hex
	local v=$1 i
	for i in 0 1 2 3 4 5 6 7; do printf '%02x' $(((v >> (8 * i)) & 0xff)); done
}
# a64_dabt: ESR_EL2, FAR_EL2, HPFAR_EL2, ignored-bit flips, load value.
far=$(le64 0xffff800009000010) hpfar=$(le64 0x90000) bus=$(le64 0x8080)
for esr in ldr-w1:0x93810007 strb-w2:0x93020046 ldrsh-x3:0x93638005 str-xzr:0x93df8047 \
	ldp-no-isv:0x92000007 s1ptw:0x93810087 ext-abort:0x93810210; do
	seed a64_dabt "${esr%%:*}" "$(le64 "${esr#*:}")$far$hpfar$(le64 0)$bus"
done
# a64_vgic: enable Group 1 and SPI 80, route it to vCPU 1, raise the line,
# flush vCPU 1, the guest acknowledges and completes, the line drops.
seed a64_vgic spi-to-vcpu1 "01 04 00 00 00 $(le64 2) 00  01 00 01 02 00 $(le64 0x10000) 00
	01 80 50 00 06 $(le64 1) 00  0b 05  04 01  05 01  05 81  03 05  04 01"
# a64_psci: 4 vCPUs (vCPU 0 on), vCPU 0 calls CPU_ON_64(MPIDR 1, RAM, 0).
seed a64_psci cpu-on "03 02 00 00 00  00 07 00 00 00 00  00 01  00 08 10 00  02 $(le64 0)
	02 $(le64 0) $(printf '00%.0s' {1..26})"
# la_decode: ld.w, stx.d, ldptr.d, iocsrrd.w, csrxchg, hvcl, amoswap.w (refused).
for insn in ld-w:0x28800c85 stx-d:0x381c14a4 ldptr-d:0x26000485 iocsrrd-w:0x06480885 \
	csrxchg:0x04000c85 hvcl:0x002b8000 amoswap-w:0x38601485; do
	seed la_decode "${insn%%:*}" "$(le64 "${insn#*:}" | cut -c1-8)$(le64 0x80)"
done
# la_vintc: Linux's secondary boot (entry into mailbox 0 of CPU 1, then
# IPI_SEND), EIOINTC enable, PCH-PIC unmask and vector for the uart,
# the uart line high, vCPU 1 updates its lines.
seed la_vintc boot-and-uart "01 00 0c 00 03 $(le64 0x0020000000010000)
	01 00 0b 00 00 $(le64 0x10006)  01 00 10 00 00 $(le64 0xffffffff)
	03 00 08 00 $(le64 0)  03 00 c0 02 02 05 $(le64 0x28)  3d 00  06 01"
for dir in "$REPO"/tests/fuzz/regressions/*/; do
	mkdir -p "$OUT/$(basename "$dir")"
	cp "$dir"* "$OUT/$(basename "$dir")/"
done
echo "  SEEDS   $(ls "$OUT/zvcfg_dtb" | wc -l) DTBs, $(ls "$OUT/config" | wc -l) zone tables"
