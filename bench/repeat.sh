#!/usr/bin/env bash
# Not part of `make test`: runs the exit-cost part of the bench N times in a
# row per ISA (default 10, all ISAs that run here) and reports every failed
# run with its ISA, its number and the log it left. Writes no results, doc
# or baseline. usage: bench/repeat.sh [N] [ARCH...]
set -u
cd "$(dirname "$0")/.."
n=${1:-10}
shift || true
arches=("$@")
[ ${#arches[@]} -gt 0 ] || arches=(riscv64 aarch64 loongarch64)
logs=build/bench/repeat
mkdir -p "$logs"
fails=0
for arch in "${arches[@]}"; do
	for i in $(seq 1 "$n"); do
		out="$logs/$arch-$i.log"
		if python3 bench/run.py --arch "$arch" --parts exits --no-report >"$out" 2>&1; then
			echo "ok - $arch run $i"
		else
			fails=$((fails + 1))
			echo "FAIL - $arch run $i: $(grep -a '^bench: ' "$out" | tail -2 | tr '\n' ' ') (log $out)"
		fi
	done
done
echo "repeat: $fails failed runs"
[ "$fails" = 0 ]
