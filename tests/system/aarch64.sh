#!/usr/bin/env bash
# aarch64 system test: the hypervisor on QEMU virt (EL2, GICv3) with
# bare-metal zones. Prints one "ok"/"FAIL" line per check and a closing
# "N passed, N failed"; exits non-zero when anything failed.
#   tests/system/aarch64.sh [--no-build]
set -u
cd "$(dirname "$0")/../.."

QEMU=(qemu-system-aarch64 -M virt,virtualization=on,gic-version=3 -cpu max -smp 4 -m 2G
      -nographic -kernel build/aarch64/zonevisor.elf)
OUT=build/aarch64/systest
ZVCFG=${ZVCFG:-build/host/zvcfg} # a zvcfg with the aarch64 guest-DT generator for Linux
passed=0
failed=0

ok() { echo "ok   $1"; passed=$((passed + 1)); }
fail() { echo "FAIL $1"; failed=$((failed + 1)); }
check() { # name, extended regex expected in the log
	if grep -Eq -- "$2" "$LOG"; then ok "$1"; else fail "$1"; fi
}
# A zone's output with its lines joined: another zone's output can cut a
# line on the shared console, the core resumes it under a new tag.
check_zone() { # zone, name, extended regex expected in that zone's output
	if grep "^\[$1\] " "$LOG" | sed "s/^\[$1\] //" | tr -d '\n' | grep -Eq -- "$3"; then
		ok "$2"
	else
		fail "$2"
	fi
}
check_absent() {
	if grep -Eq -- "$2" "$LOG"; then fail "$1"; else ok "$1"; fi
}

wait_for() { # regex, seconds
	for _ in $(seq $(($2 * 10))); do
		grep -Eq -- "$1" "$LOG" && return 0
		kill -0 "$pid" 2>/dev/null || return 1
		sleep 0.1
	done
	return 1
}
type_slowly() { # the emulated UART has a 64-byte receive FIFO
	local s=$1 i
	for ((i = 0; i < ${#s}; i++)); do
		printf '%s' "${s:i:1}" >&3
		sleep 0.02
	done
	printf '\r' >&3
}

# Boot QEMU with config $1 until regex $2 shows up (or $3 seconds pass).
run() {
	local cfg=$1 until=$2 secs=$3 name pid
	name=$(basename "$cfg" .dts)
	LOG=$OUT/$name.log
	if ! "$ZVCFG" -o "$OUT/$name" "$cfg" >"$OUT/$name.zvcfg" 2>&1; then
		cat "$OUT/$name.zvcfg"
		fail "$name: zvcfg"
		return 1
	fi
	rm -f "$OUT/stdin" && mkfifo "$OUT/stdin"
	# shellcheck disable=SC2046
	"${QEMU[@]}" $(cat "$OUT/$name/qemu-args") <"$OUT/stdin" >"$LOG" 2>&1 &
	pid=$!
	exec 3>"$OUT/stdin"
	wait_for "$until" "$secs"
	[ -n "${TYPE:-}" ] && type_slowly "$TYPE" && wait_for "$TYPE_UNTIL" 10
	exec 3>&-
	kill "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	tr -d '\r' <"$LOG" >"$LOG.txt" && mv "$LOG.txt" "$LOG"
}

if [ "${1:-}" != "--no-build" ]; then
	make -s ARCH=aarch64 hv guests tools >/dev/null || { echo "FAIL build"; exit 1; }
fi
mkdir -p "$OUT"

echo "== selftest + heartbeat"
run configs/qemu-aarch64-virt/selftest.dts '\[selftest\] heartbeat 2' 60
check "boots at EL2, banner" '^\[zv\] zonevisor .* on qemu-aarch64-virt \(aarch64\), boot cpu 0'
check "zone table: selftest" '^\[zv\] 1 +selftest +0,1 +0x48000000->0x48000000\+16M'
check "zone table: beat" '^\[zv\] 2 +beat +2 +0x48000000->0x49000000\+16M'
check "all 4 cpus online" '^\[zv\] 4 cpus online, starting 2 zones'
check_zone selftest "guest prints through the emulated uart" 'selftest: vcpu 0 up'
check_zone selftest "hypercall round trip (HC_VERSION)" 'TEST hypercall-version: PASS'
check_zone selftest "hypercall console write" 'hello through HC_CONSOLE_WRITE'
for t in hypercall-zone-id hypercall-bad-pointer hypercall-unknown firmware-call mmio-id \
	mmio-rw64 mmio-rw32 mmio-rw16-8 mmio-counter timer-irq timer-not-early device-irq \
	cpu-start ipi-roundtrip cpu-start-again-refused cpu-stop cpu-restart; do
	check_zone selftest "selftest $t" "TEST $t: PASS"
done
check_zone selftest "selftest summary" 'SELFTEST: [0-9]+ passed, 0 failed'
check "second zone runs beside it" '^\[beat\] heartbeat 3'
check_absent "no panic or fault" 'PANIC|stopped: fault|unhandled trap'

echo "== isolation"
run configs/qemu-aarch64-virt/isolation.dts 'zone probe stopped' 30
sleep 1
check_zone probe "probe reached its access" 'probe: touching 0x49000000 in 1'
check "stage-2 fault reported" 'zone probe vcpu 0: access outside the zone: addr 0x49000000'
check "probe zone stopped" 'zone probe stopped: fault'
check_absent "probe did not escape" 'PROBE ESCAPED|ESCAPED'
check "heartbeat zone still running" '^\[beat\] heartbeat [0-9]+'

echo "== linux + bare-metal zone"
if "$ZVCFG" --check-only configs/qemu-aarch64-virt/demo.dts 2>&1 | grep -q "cannot generate device trees"; then
	echo "skip linux: $ZVCFG has no aarch64 guest-DT generator (set ZVCFG=...)"
else
	TYPE='echo zz$((6*7))' TYPE_UNTIL='zz42' \
		run configs/qemu-aarch64-virt/demo.dts 'built-in shell' 120
	check "linux boots in a zone" '^\[linux\] \[ +[0-9.]+\] Booting Linux on physical CPU'
	check "linux: PSCI 1.1 over HVC" 'psci: PSCIv1.1 detected in firmware'
	check "linux: vGICv3 redistributor per vCPU" 'GICv3: CPU1: found redistributor 1'
	check "linux: second vCPU via PSCI CPU_ON" 'smp: Brought up 1 node, 2 CPUs'
	check "linux: virtual timer" 'arch_timer: cp15 timer\(s\) running at .*\(virt\)'
	check "linux: 16550 console with an interrupt" 'ttyS0 at MMIO 0x9100000 \(irq = [0-9]+'
	check "linux: init runs" 'built-in shell'
	check "linux: console input reaches the shell" '^\[linux\] zz42$'
	check_zone bare "bare zone beside linux" 'SELFTEST: [0-9]+ passed, 0 failed'
	check_absent "no panic or fault" 'PANIC|stopped: fault|Kernel panic|Oops'
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
