#!/usr/bin/env bash
# loongarch64 on stock QEMU (no LVZ): the hypervisor must boot from DMW
# windows, print the banner, detect that CPUCFG2.LVZ is absent, say so and
# power the board off through the GED so QEMU exits by itself.
# With an LVZ-capable QEMU (QEMU_LVZ, else ../shared/qemu-lvz beside the
# repository) it also boots the hypervisor there with the board's machine
# line (lvz=on) and checks that LVZ is found. Both machine lines come from
# src/platform/qemu-loongarch64-virt/board.mk.
set -u
cd "$(dirname "$0")/../.."

ELF=build/loongarch64/zonevisor.elf
BOARD=qemu-loongarch64-virt
board() { python3 tools/boardinfo.py get "$BOARD" "$1"; }
QEMU=${QEMU:-$(board BOARD_QEMU)}
MACHINE_NOLVZ=$(board BOARD_QEMU_MACHINE_NOLVZ)
MACHINE_LVZ=$(board BOARD_QEMU_MACHINE)
SHARED_QEMU_LVZ=../shared/qemu-lvz/bin/qemu-system-loongarch64
if [ -z "${QEMU_LVZ:-}" ] && [ -x "$SHARED_QEMU_LVZ" ]; then
	QEMU_LVZ=$(cd "$(dirname "$SHARED_QEMU_LVZ")" && pwd)/$(basename "$SHARED_QEMU_LVZ")
fi
TIMEOUT=${TIMEOUT:-20}
pass=0 fail=0 skip=0
log=build/test-logs/loongarch64-nolvz.log
mkdir -p "$(dirname "$log")"

ok() { echo "ok - $1"; pass=$((pass + 1)); }
bad() { echo "FAIL - $1"; fail=$((fail + 1)); }
check() { # description pattern file
	if grep -qF -- "$2" "$3"; then ok "$1"; else bad "$1"; fi
}

if ! make -s ARCH=loongarch64 hv >/dev/null; then
	bad "build: make ARCH=loongarch64 hv"
	echo "$pass passed, $fail failed, $skip skipped"
	exit 1
fi

boot() { # qemu machine-options log: run to completion or timeout, return QEMU's status
	# shellcheck disable=SC2086 # the machine options are words
	timeout "$TIMEOUT" "$1" $2 -nographic -no-reboot \
		-kernel "$ELF" </dev/null >"$3" 2>&1
}

boot "$QEMU" "$MACHINE_NOLVZ" "$log"
rc=$?
tr -d '\r' <"$log" >"$log.txt"
sed 's/^/    /' "$log.txt"
if [ $rc = 124 ]; then bad "QEMU exits by itself (timed out after ${TIMEOUT}s)"; else ok "QEMU exits by itself (status $rc)"; fi
[ $rc = 0 ] && ok "QEMU exit status 0 (GED power-off)" || bad "QEMU exit status 0 (GED power-off), got $rc"
check "banner" "[zv] zonevisor 0.1 on qemu-loongarch64-virt (loongarch64), boot cpu 0" "$log.txt"
check "LVZ absence reported" "LVZ (CPUCFG2.LVZ) not present on this CPU: zonevisor needs the LoongArch virtualization extension" "$log.txt"
check "CPUCFG2 value shown" "cpucfg2 = 0x" "$log.txt"
check "names the LVZ-capable QEMU" "QEMU_LVZ" "$log.txt"
if grep -qF "lvz=on" "$log.txt"; then bad "no stock-QEMU-rejected lvz=on advice"; else ok "no stock-QEMU-rejected lvz=on advice"; fi
if grep -qE "panic|hypervisor exception" "$log.txt"; then bad "no panic"; else ok "no panic"; fi

if [ -z "${QEMU_LVZ:-}" ]; then
	echo "skip - LVZ guest tests: no LVZ-capable QEMU (QEMU_LVZ is not set and there is"
	echo "       no $SHARED_QEMU_LVZ; stock QEMU has no LoongArch virtualization extension)"
	skip=$((skip + 1))
else
	lvzlog=build/test-logs/loongarch64-lvz.log
	boot "$QEMU_LVZ" "$MACHINE_LVZ" "$lvzlog"
	tr -d '\r' <"$lvzlog" >"$lvzlog.txt"
	sed 's/^/    /' "$lvzlog.txt"
	check "LVZ: banner" "[zv] zonevisor 0.1 on qemu-loongarch64-virt" "$lvzlog.txt"
	check "LVZ: extension found" "LVZ version" "$lvzlog.txt"
	# No zone table is loaded here: the boot must stop at the table check.
	check "LVZ: stops at the missing zone table" "no zone table at" "$lvzlog.txt"
fi

echo "$pass passed, $fail failed, $skip skipped"
[ "$fail" = 0 ]
