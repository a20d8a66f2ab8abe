#!/usr/bin/env bash
# The whole test run (`make test`): builds every ISA, runs
# each suite, shows its output, and closes with the total over all suites.
# A suite reports with a closing "N passed, N failed[, N skipped]" line, or
# cmocka's "[  PASSED  ] N test(s)" / "[  FAILED  ] N test(s)" lines.
set -u
cd "$(dirname "$0")/.."

pass=0 fail=0 skip=0
log=build/test-logs
mkdir -p "$log"

count_suite() { # name file status
	local name=$1 file=$2 status=$3 line p f s
	line=$(grep -aE '^([A-Za-z0-9_-]+: )?[0-9]+ passed, [0-9]+ failed' "$file" | tail -1)
	if [ -n "$line" ]; then
		p=$(grep -oE '[0-9]+ passed' <<<"$line" | grep -oE '[0-9]+')
		f=$(grep -oE '[0-9]+ failed' <<<"$line" | grep -oE '[0-9]+')
		s=$(grep -oE '[0-9]+ skipped' <<<"$line" | grep -oE '[0-9]+' || echo 0)
	else
		p=$(awk '/^\[  PASSED  \] [0-9]+ test/ {n += $4} END {print n + 0}' "$file")
		f=$(awk '/^\[  FAILED  \] [0-9]+ test/ {n += $4} END {print n + 0}' "$file")
		s=0
	fi
	# A suite that failed without counting a failure still counts as one.
	if [ "$status" != 0 ] && [ "${f:-0}" = 0 ]; then
		echo "FAIL - $name: exited $status without a counted failure"
		f=1
	fi
	pass=$((pass + p)) fail=$((fail + f)) skip=$((skip + ${s:-0}))
}

times=""
took() { # name start: the wall time a build or suite took, for the summary
	times="$times$1 $((SECONDS - $2))s, "
}

build() { # name command...: a build counts as one test
	local name=$1
	shift
	echo "=== $name"
	local t0=$SECONDS
	if "$@" >"$log/$name.out" 2>&1; then
		echo "ok - $name"
		pass=$((pass + 1))
	else
		tail -30 "$log/$name.out"
		echo "FAIL - $name"
		fail=$((fail + 1))
	fi
	took "$name" "$t0"
}

suite() { # name command...
	local name=$1
	shift
	echo "=== $name"
	local t0=$SECONDS
	"$@" 2>&1 | tee "$log/$name.out"
	count_suite "$name" "$log/$name.out" "${PIPESTATUS[0]}"
	took "$name" "$t0"
}

build build-riscv64 make -s ARCH=riscv64 all initramfs
suite unit make -s unit-c
suite configs make -s unit-configs
suite tools python3 tests/unit/test_image2elf.py
suite harness python3 tests/unit/test_harness.py
suite make python3 tests/unit/test_make.py
suite boards python3 tests/unit/test_boardinfo.py
suite fuzz make -s -j"$(nproc)" fuzz FUZZ_SECONDS="${FUZZ_SECONDS:-10}"
suite system-riscv64 python3 tests/system/test_zones.py riscv64
suite virtio-riscv64 python3 tests/system/test_virtio.py riscv64
suite chanport-riscv64 python3 tests/system/test_chanport.py riscv64
build build-aarch64 make -s ARCH=aarch64 all initramfs
suite system-aarch64 python3 tests/system/test_zones.py aarch64
suite virtio-aarch64 python3 tests/system/test_virtio.py aarch64
suite chanport-aarch64 python3 tests/system/test_chanport.py aarch64
build build-loongarch64 make -s ARCH=loongarch64 all initramfs
suite system-loongarch64 tests/system/loongarch64-nolvz.sh
# Zones on LVZ: on QEMU_LVZ or ../shared/qemu-lvz; skipped (with why) without.
suite system-loongarch64-lvz python3 tests/system/test_zones.py loongarch64
suite virtio-loongarch64-lvz python3 tests/system/test_virtio.py loongarch64
suite chanport-loongarch64-lvz python3 tests/system/test_chanport.py loongarch64

echo "=== times"
echo "# ${times%, } (whole run ${SECONDS}s)"
echo "=== total"
echo "$pass passed, $fail failed, $skip skipped"
[ "$fail" = 0 ]
