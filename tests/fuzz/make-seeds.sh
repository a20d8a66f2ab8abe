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
for dir in "$REPO"/tests/fuzz/regressions/*/; do
	mkdir -p "$OUT/$(basename "$dir")"
	cp "$dir"* "$OUT/$(basename "$dir")/"
done
echo "  SEEDS   $(ls "$OUT/zvcfg_dtb" | wc -l) DTBs, $(ls "$OUT/config" | wc -l) zone tables"
