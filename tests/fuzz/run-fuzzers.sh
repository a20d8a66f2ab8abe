#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Run each libFuzzer harness for SECONDS; one ok/FAIL line per harness and
# a closing "N passed, N failed"; exit status 1 if any harness failed.
# usage: tests/fuzz/run-fuzzers.sh SECONDS DIR NAME...
#   DIR/fuzz_NAME       the harness
#   DIR/corpus/NAME     its corpus (created; grows across runs)
#   DIR/seeds/NAME      read-only seeds, if present
#   DIR/crashes/NAME-*  crashing inputs;  DIR/logs/NAME.log  the full output
# FUZZ_FLAGS_NAME in the environment adds libFuzzer flags for one harness.
# FUZZ_JOBS harnesses run at once (default: one per online CPU; each is one
# process), so every harness still gets its SECONDS; lines print in order.
set -u

seconds=$1 dir=$2
shift 2
passed=0
failed=0
mkdir -p "$dir/crashes" "$dir/logs"

stat() { # stat NAME LOG: a number from libFuzzer's -print_final_stats
	sed -n "s/^stat::$1: *//p" "$2" | tail -n 1
}

fuzz_one() { # fuzz_one NAME: runs it; its line goes to DIR/logs/NAME.line
	local name=$1
	local bin=$dir/fuzz_$name
	local log=$dir/logs/$name.log flags=FUZZ_FLAGS_$name status
	local corpus=($dir/corpus/$name)
	mkdir -p "${corpus[0]}"
	[ -d "$dir/seeds/$name" ] && corpus+=("$dir/seeds/$name")
	# shellcheck disable=SC2086 # the flags are a word list
	"$bin" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
		-artifact_prefix="$dir/crashes/$name-" ${!flags:-} "${corpus[@]}" >"$log" 2>&1
	status=$?
	{
		if [ "$status" = 0 ]; then
			printf 'ok   %-12s %9s runs, %7s exec/s, corpus %s\n' "$name" \
				"$(stat number_of_executed_units "$log")" "$(stat average_exec_per_sec "$log")" \
				"$(find "${corpus[0]}" -type f | wc -l)"
		else
			echo "FAIL $name: exit status $status, see $log"
			grep -m 1 -E 'ERROR|SUMMARY|deadly signal' "$log" | sed 's/^/     | /'
			ls "$dir/crashes/$name-"* 2>/dev/null | sed 's/^/     | input: /'
		fi
	} >"$dir/logs/$name.line"
	return "$status"
}

jobs=${FUZZ_JOBS:-$(nproc 2>/dev/null || echo 1)}
[ "$jobs" -ge 1 ] 2>/dev/null || jobs=1
running=0
for name in "$@"; do
	rm -f "$dir/logs/$name.line"
	if [ "$running" -ge "$jobs" ]; then
		wait -n
		running=$((running - 1))
	fi
	fuzz_one "$name" &
	running=$((running + 1))
done
wait
for name in "$@"; do
	[ -s "$dir/logs/$name.line" ] || echo "FAIL $name: the runner left no result" >"$dir/logs/$name.line"
	cat "$dir/logs/$name.line"
	read -r verdict _ <"$dir/logs/$name.line"
	if [ "$verdict" = ok ]; then
		passed=$((passed + 1))
	else
		failed=$((failed + 1))
	fi
done
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
