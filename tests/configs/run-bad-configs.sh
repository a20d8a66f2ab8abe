#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Zone-description suite for zvcfg.
#  - every tests/configs/bad/*.dts must be rejected: exit status 1, stderr
#    containing the text of its first line "// expect: <text>", and nothing
#    written to the output directory;
#  - every configs/*/*.dts must pass --check-only and compile fully, with
#    small dummy files standing in for the images they name.
# usage: tests/configs/run-bad-configs.sh [ZVCFG]   (default build/host/zvcfg)
set -u

ZVCFG=$(realpath "${1:-build/host/zvcfg}")
HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
TMP=$(mktemp -d /tmp/zvcfg-tests.XXXXXX)
trap 'rm -rf "$TMP"' EXIT

passed=0
failed=0

ok() {
	echo "ok   $1"
	passed=$((passed + 1))
}

fail() {
	echo "FAIL $1: $2"
	[ -s "$TMP/stderr" ] && sed 's/^/     | /' "$TMP/stderr"
	failed=$((failed + 1))
}

# Images the bad configs refer to as build:<name>.
mkdir -p "$TMP/build"
head -c 4096 /dev/zero >"$TMP/build/tiny.bin"
: >"$TMP/build/empty.bin"
head -c $((2 << 20)) /dev/zero >"$TMP/build/big.bin"
truncate -s $((128 << 20)) "$TMP/build/huge.bin" # sparse: costs no disk

run_bad() {
	local dts=$1 name expect status
	name=$(basename "$dts")
	expect=$(sed -n '1s|^// expect: ||p' "$dts")
	if [ -z "$expect" ]; then
		fail "$name" "first line is not '// expect: <text>'"
		return
	fi
	(cd "$TMP" && ZV_CACHE="$TMP/cache" "$ZVCFG" --build "$TMP/build" -o "$TMP/out-$name" \
		"$dts" >"$TMP/stdout" 2>"$TMP/stderr")
	status=$?
	if [ "$status" != 1 ]; then
		fail "$name" "exit status $status, expected 1"
	elif ! grep -qF -- "$expect" "$TMP/stderr"; then
		fail "$name" "stderr lacks: $expect"
	elif [ -e "$TMP/out-$name" ]; then
		fail "$name" "wrote $TMP/out-$name despite the error"
	else
		ok "$name"
	fi
}

# Dummy files for every cache:X and build:X image a good config names.
make_dummies() {
	local spec
	grep -o '"\(cache\|build\):[^"]*"' "$1" | tr -d '"' | while read -r spec; do
		case $spec in
		cache:*) spec="$TMP/cache/${spec#cache:}" ;;
		build:*) spec="$TMP/build/${spec#build:}" ;;
		esac
		mkdir -p "$(dirname "$spec")"
		[ -e "$spec" ] || dummy_image "$spec"
	done
}

# 8 KiB of noise behind a LoongArch Linux image header ("MZ", entry 0x1000
# at 0x8, load offset 0 at 0x18, PE magic at 0x38), so configs with
# entry = "kernel-header" find one; the other ports ignore it.
dummy_image() {
	{
		printf 'MZ\0\0\0\0\0\0\0\x10\0\0\0\0\0\0'
		head -c 40 /dev/zero
		printf '\xcd\x23\x82\x81\0\0\0\0'
		head -c 8128 /dev/urandom
	} >"$1"
}

# Generated guest device trees must be well-formed.
dtbs_ok() {
	local dtb
	for dtb in "$1"/*.dtb; do
		[ -e "$dtb" ] || continue
		dtc -q -I dtb -O dts -o /dev/null "$dtb" 2>"$TMP/stderr" || return 1
	done
}

run_good() {
	local dts=$1 name status out
	name=${dts#"$REPO"/}
	out="$TMP/good-$(basename "$dts" .dts)"
	make_dummies "$dts"
	ZV_CACHE="$TMP/cache" "$ZVCFG" --build "$TMP/build" --check-only "$dts" \
		>"$TMP/stdout" 2>"$TMP/stderr"
	status=$?
	if [ "$status" != 0 ]; then
		fail "$name" "--check-only exit status $status, expected 0"
		return
	fi
	# The same description precompiled to a DTB is accepted as well.
	dtc -q -I dts -O dtb -o "$out.dtb" "$dts" 2>"$TMP/stderr" &&
		ZV_CACHE="$TMP/cache" "$ZVCFG" --build "$TMP/build" --check-only "$out.dtb" \
			>"$TMP/stdout" 2>"$TMP/stderr"
	status=$?
	if [ "$status" != 0 ]; then
		fail "$name" "as a .dtb: exit status $status, expected 0"
		return
	fi
	ZV_CACHE="$TMP/cache" "$ZVCFG" --build "$TMP/build" -o "$out" "$dts" \
		>"$TMP/stdout" 2>"$TMP/stderr"
	status=$?
	if [ "$status" != 0 ]; then
		fail "$name" "exit status $status, expected 0"
	elif [ ! -s "$out/zones.bin" ] || ! grep -q "zones.bin,addr=0x" "$out/qemu-args"; then
		fail "$name" "zones.bin or qemu-args missing"
	elif ! dtbs_ok "$out"; then
		fail "$name" "a generated device tree does not decompile"
	else
		ok "$name"
	fi
}

for dts in "$HERE"/bad/*.dts; do
	run_bad "$dts"
done
for dts in "$REPO"/configs/*/*.dts; do
	run_good "$dts"
done

echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
