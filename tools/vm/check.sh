#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# check.sh: `make check`. Installs what is missing, builds the userspace
# parts once and the modules once per kernel, boots each kernel in QEMU,
# runs the selftests there and prints per-kernel, per-test results, each
# phase's time against its budget (tools/vm/budget.sh) and one final line
# "N passed, N failed, N skipped".
#
#   KERNELS="<kver> ..."  kernels to test (default: "debian debug");
#                         "debian" stands for the newest installed kernel
#                         of each series that has headers (the 6.1 and the
#                         6.12 of Debian bookworm), a series ("6.1",
#                         "6.12") for its newest; "debug" and "kasan" name
#                         the self-built debug kernel's flavours
#                         (tools/vm/debug-kernel.sh), built first if the
#                         cache does not hold them yet
#   QUICK=1               for development: Debian's 6.12 only, no lane
#                         self-checks (not what CI runs)
#   T="<test> ..."        only these selftests (file names in selftests/);
#                         T=vm_selftest runs only the lane's own checks
#   VM_JOBS=<n>           guests at once (default: the number of CPUs);
#                         each has one vCPU and runs one shard of a lane
#   VM_TIMEOUT=<s>        a guest's whole budget (default 1800; 3600 for
#                         debug, 9000 for kasan)
#   WAIT_SCALE=<n>        is set to 4 in debug's guests, 10 in kasan's:
#                         the tests' deadlines and timeouts are that many
#                         times longer
#   STRESS_SCALE=<pct>    scale of the stress tests' counts (default: 1
#                         on debug and kasan, 100 on other kernels)
#   STRESS_RATE=<pps>     the stress tests' senders' rate (default 2000;
#                         200 on kasan)
#
# Every lane's tests are sharded over VM_JOBS guests (longest first, by
# the weights in tools/vm/test-times), and all shards of all lanes share
# one pool of VM_JOBS one-vCPU guests: the tests in a guest run one after
# the other, so one guest per CPU keeps every CPU busy until the end.
#
# The guest runs the tests with CNET_REQUIRE_MODULES=1: the modules were
# built for that kernel, so a cveth or cbr that does not load fails a
# test there instead of skipping it (selftests/lib.sh).
#
# Exits non-zero on any failed test, on a guest that did not finish
# (timeout, panic), on a kernel splat in a guest's log and on a lane that
# ran past its budget (tools/vm/budget.sh) by more than its margin.
set -uo pipefail

top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top" || exit 1
mkdir -p build/check
# Each phase's time: "name|seconds|budget" lines.
phases=build/check/phases.$$
: >"$phases"
phase() { echo "$1|$2|${3:-}" >>"$phases"; }
t_all=$SECONDS

# shellcheck source=tools/vm/budget.sh
. tools/vm/budget.sh
# shellcheck source=tools/vm/ktap.sh
. tools/vm/ktap.sh

t=$SECONDS
tools/deps.sh || exit 1
phase "deps (apt-get)" $((SECONDS - t)) "$BUDGET_DEPS"

default_kernels()	# the newest kernel of each installed series
{
	local series
	for series in $(ls /lib/modules | cut -d. -f1-2 | sort -u -V); do
		kernel_series "$series"
	done
}

# shellcheck source=tools/vm/kernel.sh
. tools/vm/kernel.sh

quick=${QUICK:-}
[ "$quick" = 0 ] && quick=
default=${KERNELS:-debian debug}
[ -n "$quick" ] && default=${KERNELS:-6.12}

# "debian" stands for Debian's kernels, a series ("6.1") for its newest
# installed kernel. By default Debian's kernels and the debug kernel;
# kasan is asked for by name.
kernels=
for k in $default; do
	if [ "$k" = debian ]; then
		kernels+="$(default_kernels | tr '\n' ' ')"
	else
		name=$(kernel_name "$k") ||
			{ echo "check: no installed $k kernel with image and headers (make deps)" >&2; exit 1; }
		kernels+="$name "
	fi
done
[ -n "${kernels// /}" ] || { echo "check: no kernel with image and headers installed" >&2; exit 1; }
tests=${T:-}
vm_timeout=${VM_TIMEOUT:-1800}
vm_jobs=${VM_JOBS:-$(nproc)}
[ "$vm_jobs" -ge 1 ] || vm_jobs=1

# Every result line also goes here; the totals are counted from it, so
# results printed by the jobs running in parallel count too.
results=build/check/results.$$
: >"$results"
# Every test's checks: "KVER|TEST|PASSED|FAILED|SKIPPED" lines.
checks=build/check/checks.$$
: >"$checks"

result()	# result KVER STATUS NAME [DETAIL]
{
	local line
	line=$(printf '[%s] %-7s %s%s' "$1" "$2" "$3" "${4:+  ($4)}")
	echo "$line"
	echo "$line" >>"$results"
}

echo "== build userspace"
t=$SECONDS
# The guests run the selftests from an installed tree, as people do
# (make -C selftests install; run_kselftest.sh).
ksft=build/ksft
rm -rf "$ksft"
if ! { make -s userspace selftests &&
       make -s -C selftests install INSTALL_PATH="$top/$ksft"; } >build-userspace.log 2>&1; then
	cat build-userspace.log
	rm -f build-userspace.log
	echo "check: the userspace build failed"
	echo "0 passed, 1 failed"
	exit 1
fi
rm -f build-userspace.log
phase "build userspace" $((SECONDS - t)) "$BUDGET_USERSPACE"

run_lane_selftest=1
run_suite=1
if [ -n "$tests" ]; then
	run_lane_selftest=0
	if [ "$tests" = vm_selftest ]; then
		run_lane_selftest=1
		run_suite=0
	fi
fi
[ -n "$quick" ] && [ "$tests" != vm_selftest ] && run_lane_selftest=0

# prepare_kernel KVER: build our modules for it (and, for Debian's
# kernels, the DKMS tree selftests/dkms.sh installs in the guest).
prepare_kernel()
{
	local kver=$1 bdir t0=$SECONDS
	if ! kernel_resolve "$kver"; then
		result "$kver" FAIL "kernel" "cannot boot or build kernel $kver"
		return 1
	fi
	bdir=build/$K_REL
	mkdir -p "$bdir"
	if ! KDIR=$K_BUILD tools/build-modules.sh "$K_REL" "$bdir" -s >"$bdir/build.log" 2>&1; then
		cat "$bdir/build.log"
		result "$kver" FAIL "build modules" "see $bdir/build.log"
		return 1
	fi
	# selftests/dkms.sh installs and loads what DKMS builds here (for
	# Debian's kernels: a self-built one has no headers package).
	if [ "$K_DEBIAN" = 1 ] && { [ -z "$tests" ] || [[ " $tests " == *" dkms.sh "* ]]; }; then
		# One DKMS tree per kernel: kernels are prepared in parallel.
		if ! make -s dkms DKMS_ROOT="$top/build/dkms/$kver" DKMS_ACTION=build \
			DKMS_KERNELS="$kver" >"$bdir/dkms.log" 2>&1; then
			tail -n 20 "$bdir/dkms.log"
			result "$kver" FAIL "dkms build" "see $bdir/dkms.log"
		fi
	fi
	phase "modules for $kver" $((SECONDS - t0)) "$BUDGET_MODULES"
}

# suite_of KVER: the tests KVER's lane runs. The debug kernels are there
# to find kernel bugs: they run the tests that drive our kernel code and
# the stress tests, not the ones of userspace packaging and the tool's
# argument parsing (selftests/Makefile: list-kernel), which Debian's
# kernels run; kasan (ten times slower again) only the stress tests.
suite_of()
{
	if [ -n "$tests" ]; then
		echo "$tests"
		return
	fi
	case $1 in
	debug) echo "$(make -s -C selftests list-kernel) $(make -s -C selftests list-stress)" ;;
	kasan) make -s -C selftests list-stress ;;
	*) make -s -C selftests list ;;
	esac
}

# weight TEST: its time in tools/vm/test-times, 30 if it is not there.
weight()
{
	awk -v t="${1#selftests/}" '$1 == t { print $2; f = 1; exit } END { if (!f) print 30 }' \
		tools/vm/test-times
}

# shard N TEST...: the tests in N shards of about equal weight (longest
# first, each to the lightest shard), one line per shard: "WEIGHT TEST...".
shard()
{
	local n=$1 t
	shift
	for t in "$@"; do
		echo "$(weight "$t") $t"
	done | sort -k1,1nr -k2 | awk -v n="$n" '
		{ best = 1
		  for (i = 2; i <= n; i++) if (w[i] < w[best]) best = i
		  w[best] += $1; s[best] = s[best] " " $2 }
		END { for (i = 1; i <= n; i++) if (s[i] != "") print w[i] s[i] }'
}

# run_shard KVER SHARD TEST...: boot KVER, run TESTs, print the results.
run_shard()
{
	local kver=$1 sh=$2 out vrc seen name scale rate budget wscale kinds t0
	local st detail t sel=()
	shift 2
	kernel_resolve "$kver" || return
	# The debug kernels run the stress tests too (selftests/stress/).
	# Their counts are scaled (STRESS_SCALE percent, selftests/stress/
	# lib.sh): under TCG a debug kernel creates and deletes devices ten
	# times slower than Debian's, and KASAN ten times slower again. On
	# debug too they run at 1% (each test's floor): at 10% churn alone
	# ran over 11 minutes there.
	scale=${STRESS_SCALE:-100}
	rate=${STRESS_RATE:-2000}
	budget=$vm_timeout
	wscale=1
	kinds="bridge cbr"
	case $kver in
	debug | kasan)
		# The side-by-side tests' kernel-bridge half checks the
		# reference, not our code: Debian's lanes run it.
		kinds=cbr
		scale=${STRESS_SCALE:-1}
		budget=${VM_TIMEOUT:-3600}
		wscale=4	# lib.sh's wait_until deadlines
		if [ "$kver" = kasan ]; then
			# About ten times slower again: a tenth of the
			# traffic (a 2000/s sender eats a KASAN guest's
			# CPU), ten times the deadlines.
			rate=${STRESS_RATE:-200}
			budget=${VM_TIMEOUT:-9000}
			wscale=10
		fi
		;;
	esac
	out=$lanedir/$kver/shard$sh
	mkdir -p "$out"
	for t in "$@"; do
		sel+=(-t "cnet:${t#selftests/}")
	done
	t0=$SECONDS
	# The installed tree's runner; CNET_SRC points the tests at the
	# plugins and cnet built here (elsewhere: where make install put
	# them) and at the source tree dkms.sh builds from.
	VM_SMP=1 tools/vm/run -q -k "$kver" -t "$budget" -o "$out" -- \
		env CNET_SRC="$top" CNET_REQUIRE_MODULES=1 CNET_KINDS="$kinds" \
		STRESS_SCALE="$scale" STRESS_RATE="$rate" WAIT_SCALE="$wscale" \
		"$ksft/run_kselftest.sh" "${sel[@]}" >"$out/ktap" 2>"$out/vm.err"
	vrc=$?
	echo "$kver|$((SECONDS - t0))" >"$out/took"
	seen=0
	while IFS='|' read -r st name detail; do
		case $st in
		ok | skip | FAIL)
			result "$kver" "$st" "$name" "$detail"
			seen=1 ;;
		*) echo "$st${name:+|$name}${detail:+|$detail}" ;;	# a failed test's output
		esac
	done < <(ktap_results "$out/ktap" "$out/checks")
	sed "s/^/$kver|/" "$out/checks" >>"$checks"
	case $vrc in
	0 | 1) ;;
	124) result "$kver" FAIL "guest" "TIMEOUT after ${budget}s: $out/console" ;;
	125) result "$kver" FAIL "guest" "died before the tests finished: $out/console" ;;
	126)
		sed 's/^/    /' "$out/vm.err"
		result "$kver" FAIL "kernel log" "splat: see $out/dmesg" ;;
	*)
		cat "$out/vm.err"
		result "$kver" FAIL "guest" "vm/run exit $vrc" ;;
	esac
	[ $seen -eq 1 ] || [ $vrc -ne 0 ] || result "$kver" FAIL "suite" "no test result in $out/ktap"
}

# The lane's own checks, one pool job: an installed kernel (check-install
# builds against its headers), and with the debug kernel in the run,
# kmemleak's positive control there.
lane_selftest()
{
	local st name detail t0=$SECONDS
	while IFS='|' read -r st name detail; do
		result "$lane_kver" "$st" "$name" "$detail"
	done < <(VM_SMP=1 tools/vm/selftest.sh "$lane_kver" $leakver)
	echo "lane-selftest|$((SECONDS - t0))" >"$lanedir/selftest.took"
}

lane_kver=$(echo "$kernels" | tr ' ' '\n' | grep -v -x -E 'debug|kasan' | grep . | tail -n 1)
[ -n "$lane_kver" ] || lane_kver=$(default_kernels | tail -n 1)
leakver=
[[ " $kernels " == *" debug "* ]] && leakver=debug

# Per run, so that two `make check` at once do not trample each other;
# build/check/<kver> points at the latest run's shards of that kernel.
lanedir=build/check/run.$$
mkdir -p "$lanedir"

if [ $run_suite -eq 1 ]; then
	# A self-built kernel not in the cache yet is built first, alone: the
	# build wants every CPU, the guests would only slow it down.
	for kver in $kernels; do
		case $kver in
		debug | kasan)
			echo "== $kver: the self-built kernel (built once, then cached)"
			t=$SECONDS
			if ! dir=$(tools/vm/debug-kernel.sh "$kver"); then
				result "$kver" FAIL "kernel build" "tools/vm/debug-kernel.sh $kver failed"
				kernels=$(echo " $kernels " | sed "s/ $kver / /")
			elif [ $((SECONDS - t)) -gt 5 ]; then
				phase "kernel build: $kver" $((SECONDS - t)) "$BUDGET_KERNEL_BUILD"
			else
				phase "kernel build: $kver (cached: $(basename "$dir"))" 0
			fi
			;;
		esac
	done
	echo "== build modules for: $kernels"
	t=$SECONDS
	for kver in $kernels; do
		prepare_kernel "$kver" >"$lanedir/prepare.$kver.log" 2>&1 || echo "$kver" >>"$lanedir/unprepared" &
	done
	wait
	cat "$lanedir"/prepare.*.log
	ready=
	for kver in $kernels; do
		grep -qx "$kver" "$lanedir/unprepared" 2>/dev/null || ready+="$kver "
	done
	phase "modules, all kernels (wall)" $((SECONDS - t))

	# The jobs: every lane's shards, heaviest first (a debug kernel's
	# tests take about twice as long, kasan ten times).
	: >"$lanedir/jobs"
	for kver in $ready; do
		ln -sfn "run.$$/$kver" "build/check/$kver"
		case $kver in debug) f=2 ;; kasan) f=20 ;; *) f=1 ;; esac
		# shellcheck disable=SC2046
		set -- $(suite_of "$kver")
		n=$vm_jobs
		[ $# -lt "$n" ] && n=$#
		i=0
		shard "$n" "$@" | while read -r w list; do
			i=$((i + 1))
			echo "$((w * f)) $kver $i $list"
		done >>"$lanedir/jobs"
	done
	[ $run_lane_selftest -eq 1 ] && echo "$BUDGET_LANE_SELFTEST selftest" >>"$lanedir/jobs"
	sort -k1,1nr -o "$lanedir/jobs" "$lanedir/jobs"
	echo "== running $(wc -l <"$lanedir/jobs") guests, $vm_jobs at a time (1 vCPU each):"
	sed 's/^[0-9]* /   /' "$lanedir/jobs"
	t=$SECONDS
	while read -r w kver sh list; do
		while [ "$(jobs -rp | wc -l)" -ge "$vm_jobs" ]; do
			wait -n
		done
		if [ "$kver" = selftest ]; then
			lane_selftest </dev/null >"$lanedir/selftest.log" 2>&1 &
		else
			# shellcheck disable=SC2086
			run_shard "$kver" "$sh" $list </dev/null >"$lanedir/$kver.shard$sh.log" 2>&1 &
		fi
	done <"$lanedir/jobs"
	wait
	phase "guests (wall, $vm_jobs at a time)" $((SECONDS - t))
	for kver in $ready; do
		cat "$lanedir/$kver".shard*.log
	done
	[ -f "$lanedir/selftest.log" ] && cat "$lanedir/selftest.log"
	run_lane_selftest=0
	# A lane's time: the guest time of its shards. Held to its budget
	# when it ran its whole default suite.
	for kver in $ready; do
		took=$(cat "$lanedir/$kver"/shard*/took 2>/dev/null | awk -F'|' '{ s += $2 } END { print s + 0 }')
		n=$(ls -d "$lanedir/$kver"/shard* 2>/dev/null | wc -l)
		phase "lane $kver: guest time, $n guest(s)" "$took" "$(budget_lane "$kver")"
		if [ -z "$tests" ] && [ -z "${VM_TIMEOUT:-}${STRESS_SCALE:-}${STRESS_RATE:-}" ]; then
			IFS='|' read -r st name detail < <(budget_check "lane $kver" "$took" "$(budget_lane "$kver")")
			result "$kver" "$st" "$name" "$detail"
		fi
	done
	# selftests/config against what the Debian lanes' tests loaded: the
	# debug kernel, built from it, proves it for the tests it runs, and
	# this for the rest (the lab on the kernel's veth and bridge, the
	# Docker walk's iptables).
	debian=$(echo "$ready" | tr ' ' '\n' | grep -v -x -E 'debug|kasan' | grep .)
	if [ -z "$tests" ] && [[ " $ready " == *" debug "* ]] && [ -n "$debian" ] &&
	   kernel_resolve debug; then
		IFS='|' read -r st name detail < <(
			for kver in $debian; do
				cat "$lanedir/$kver"/shard*/ktap
			done | grep '^# modules' |
			tools/vm/config-check.sh "$K_BUILD/.config" \
				"${XDG_CACHE_HOME:-$HOME/.cache}/cnet/linux-source-6.1")
		result "$lane_kver" "$st" "$name" "$detail"
	fi
	if [ -f "$lanedir/selftest.took" ]; then
		phase "lane self-checks: guest time" "$(cut -d'|' -f2 "$lanedir/selftest.took")" "$BUDGET_LANE_SELFTEST"
	fi
fi

if [ $run_lane_selftest -eq 1 ]; then
	echo "== $lane_kver: the lane's own checks${leakver:+, and the kmemleak control on $leakver}"
	lane_selftest
	phase "lane self-checks" "$(cut -d'|' -f2 "$lanedir/selftest.took")" "$BUDGET_LANE_SELFTEST"
fi

if [ -z "$tests" ] || [ "$tests" = vm_selftest ]; then
	echo "== $lane_kver: make install / uninstall (host side)"
	t=$SECONDS
	while IFS='|' read -r st name detail; do
		result "$lane_kver" "$st" "$name" "$detail"
	done < <(tools/check-install.sh "$lane_kver")
	phase "install check" $((SECONDS - t))
fi

# The time each phase took, against its budget; the slowest tests.
total=$((SECONDS - t_all))
if grep -q '^kernel build: [a-z]*|[1-9]' "$phases"; then
	phase "total (cold: the kernel was built)" "$total" "$BUDGET_COLD"
else
	phase "total" "$total" "$BUDGET_WARM"
fi
echo "== time (wall seconds; budgets in tools/vm/budget.sh, lanes +${BUDGET_MARGIN}%)"
while IFS='|' read -r name secs budget; do
	printf '   %-52s %6ss%s\n' "$name" "$secs" "${budget:+   budget ${budget}s}"
done <"$phases"
slow=$(sed -n 's/^\[\([^]]*\)\] ok *\(.*\)  (\([0-9]*\)s)$/\3 \1 \2/p' "$results" | sort -k1,1nr | head -n 10)
if [ -n "$slow" ]; then
	echo "   the slowest tests:"
	echo "$slow" | while read -r s k n; do
		printf '     %5ss  [%s] %s\n' "$s" "$k" "$n"
	done
fi
cp "$phases" build/check/phases.last
rm -f "$phases"

passed=$(grep -c '^\[[^]]*\] ok ' "$results")
skipped=$(grep -c '^\[[^]]*\] skip ' "$results")
failed=$(grep -c '^\[[^]]*\] FAIL ' "$results")
if [ "$failed" -gt 0 ]; then
	echo "== failed:"
	grep '^\[[^]]*\] FAIL ' "$results" | sed 's/^/   /'
fi
rm -f "$results"
awk -F'|' '{ n++; p += $3; f += $4; s += $5 }
	END { printf "checks (the tests\x27 nested results): %d passed, %d failed, %d skipped, in %d test runs\n", p, f, s, n }' "$checks"
rm -f "$checks"
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
