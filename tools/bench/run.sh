#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# run.sh: `make bench [KERNEL=<kver>] [ROUNDS=5]` (FDB_ENTRIES=1000000 in
# the environment sets the big FDB). Builds the
# modules and the load generator, boots ONE instruction-clocked guest
# (tools/vm/run -i) and runs tools/bench/bench.sh in it, then prints the
# table and writes bench/results/bench.json and bench.png.
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top"

kver=${KERNEL:-$(ls /lib/modules | sort -V | tail -n 1)}
rounds=${ROUNDS:-5}
secs=${SECONDS_PER_RUN:-2}
res=bench/results
mkdir -p build/bench "$res"

tools/deps.sh
make -s userspace
tools/build-modules.sh "$kver" "build/$kver" -s
cc -O2 -Wall -o build/bench/udpblast tools/bench/udpblast.c

raw=build/bench/raw.txt
rm -f "$raw"
echo "bench: $kver, $rounds interleaved rounds of ${secs}s runs, instruction-clocked guest"
tools/vm/run -i -k "$kver" -t 3600 -o build/bench/vm -q -- \
	tools/bench/bench.sh "$top/$raw" "$rounds" "$secs" "${FDB_ENTRIES:-1000000}" >build/bench/vm.log 2>&1 || {
	tail -n 30 build/bench/vm.log
	echo "bench: the guest run failed" >&2
	exit 1
}
python3 tools/bench/report.py "$raw" "$res/bench.json" "$kver" | tee "$res/bench.txt"
if command -v gnuplot >/dev/null; then
	python3 tools/bench/report.py --gnuplot "$res/bench.json" >build/bench/chart.dat
	gnuplot -e "set terminal png size 900,500 noenhanced; set output '$res/bench.png';
		set xtics rotate by -25; set bmargin 6;
		set style data histograms; set style fill solid; set boxwidth 0.8;
		set ylabel 'ratio (median)'; set yrange [0:*]; set grid ytics;
		set title 'cveth and cbr against the kernel (one boot, instruction-clocked)';
		plot 'build/bench/chart.dat' using 2:xtic(1) title 'ratio', 1 with lines title 'parity'"
	echo "bench: wrote $res/bench.json $res/bench.txt $res/bench.png"
else
	echo "bench: wrote $res/bench.json $res/bench.txt (no gnuplot: no chart)"
fi
