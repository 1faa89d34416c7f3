#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# check.sh: `make check`. Installs what is missing, builds the userspace
# parts once and the modules once per kernel, boots each kernel in QEMU,
# runs the selftests there and prints per-kernel, per-test results and one
# final line "N passed, N failed, N skipped".
#
#   KERNELS="<kver> ..."  kernels to test (default: "debian debug");
#                         "debian" stands for the newest installed kernel
#                         of each series that has headers (the 6.1 and the
#                         6.12 of Debian bookworm), a series ("6.1",
#                         "6.12") for its newest; "debug" and "kasan" name
#                         the self-built debug kernel's flavours
#                         (tools/vm/debug-kernel.sh), built first if the
#                         cache does not hold them yet
#   T="<test> ..."        only these selftests (file names in selftests/);
#                         T=vm_selftest runs only the lane's own checks
#   VM_TIMEOUT=<s>        a guest's whole budget (default 1800; 3600 for
#                         debug, 9000 for kasan)
#   WAIT_SCALE=<n>        is set to 4 in debug's guest, 10 in kasan's:
#                         the tests' deadlines and timeouts are that many
#                         times longer
#   STRESS_SCALE=<pct>    scale of the stress tests' counts (default: 1
#                         on debug and kasan, 100 on other kernels)
#   STRESS_RATE=<pps>     the stress tests' senders' rate (default 2000;
#                         200 on kasan)
#
# The guest runs the tests with CNET_REQUIRE_MODULES=1: the modules were
# built for that kernel, so a cveth or cbr that does not load fails a
# test there instead of skipping it (selftests/lib.sh).
#
# Exits non-zero on any failed test, on a guest that did not finish
# (timeout, panic) and on a kernel splat in a guest's log.
set -uo pipefail

top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top" || exit 1

tools/deps.sh || exit 1

default_kernels()	# the newest kernel of each installed series
{
	local series
	for series in $(ls /lib/modules | cut -d. -f1-2 | sort -u -V); do
		kernel_series "$series"
	done
}

# shellcheck source=tools/vm/kernel.sh
. tools/vm/kernel.sh

# "debian" stands for Debian's kernels, a series ("6.1") for its newest
# installed kernel. By default Debian's kernels and the debug kernel;
# kasan is asked for by name.
kernels=
for k in ${KERNELS:-debian debug}; do
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

mkdir -p build/check
# Every result line also goes here; the totals are counted from it, so
# results printed by the per-kernel jobs running in parallel count too.
results=build/check/results.$$
: >"$results"

result()	# result KVER STATUS NAME [DETAIL]
{
	local line
	line=$(printf '[%s] %-7s %s%s' "$1" "$2" "$3" "${4:+  ($4)}")
	echo "$line"
	echo "$line" >>"$results"
}

echo "== build userspace"
if ! make -s userspace >build-userspace.log 2>&1; then
	cat build-userspace.log
	rm -f build-userspace.log
	echo "check: the userspace build failed"
	echo "0 passed, 1 failed"
	exit 1
fi
rm -f build-userspace.log

run_lane_selftest=1
run_suite=1
if [ -n "$tests" ]; then
	run_lane_selftest=0
	if [ "$tests" = vm_selftest ]; then
		run_lane_selftest=1
		run_suite=0
	fi
fi

check_kernel()	# check_kernel KVER: build, boot, run the suite, print results
{
	local kver=$1 bdir out vrc seen line name suite scale rate budget wscale took
	if ! kernel_resolve "$kver"; then
		result "$kver" FAIL "kernel" "cannot boot or build kernel $kver"
		return
	fi
	echo "== $kver: build modules"
	bdir=build/$K_REL
	mkdir -p "$bdir"
	if ! KDIR=$K_BUILD tools/build-modules.sh "$K_REL" "$bdir" -s >"$bdir/build.log" 2>&1; then
		cat "$bdir/build.log"
		result "$kver" FAIL "build modules" "see $bdir/build.log"
		return
	fi

	# selftests/dkms.sh installs and loads what DKMS builds here (for
	# Debian's kernels: a self-built one has no headers package).
	if [ "$K_DEBIAN" = 1 ] && { [ -z "$tests" ] || [[ " $tests " == *" dkms.sh "* ]]; }; then
		# One DKMS tree per kernel: the kernels are checked in parallel.
		if ! make -s dkms DKMS_ROOT="$top/build/dkms/$kver" DKMS_ACTION=build \
			DKMS_KERNELS="$kver" >"$bdir/dkms.log" 2>&1; then
			tail -n 20 "$bdir/dkms.log"
			result "$kver" FAIL "dkms build" "see $bdir/dkms.log"
		fi
	fi

	echo "== $kver: boot and run the selftests"
	# Per run, so that two `make check` at once do not trample each other;
	# build/check/<kver> points at the latest.
	out=build/check/$kver.$$
	rm -rf "$out"
	mkdir -p "$out"
	ln -sfn "$(basename "$out")" "build/check/$kver"
	# The debug kernels run the stress tests too (selftests/stress/):
	# debug the whole suite and them, kasan (ten times slower) only them.
	# Their counts are scaled (STRESS_SCALE percent, selftests/stress/
	# lib.sh): under TCG a debug kernel creates and deletes devices ten
	# times slower than Debian's, and KASAN ten times slower again. On
	# debug too they run at 1% (each test's floor): at 10% churn alone
	# ran over 11 minutes there, and the default make check (CI) must
	# fit in 90 minutes with the whole suite on three kernels.
	suite=$tests
	scale=${STRESS_SCALE:-100}
	rate=${STRESS_RATE:-2000}
	budget=$vm_timeout
	wscale=1
	case $kver in
	debug | kasan)
		[ -n "$suite" ] || suite="$(make -s -C selftests list) $(make -s -C selftests list-stress)"
		[ "$kver" = kasan ] && [ -z "$tests" ] && suite=$(make -s -C selftests list-stress)
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
	# shellcheck disable=SC2086
	tools/vm/run -q -k "$kver" -t "$budget" -o "$out" -- \
		env CNET_REQUIRE_MODULES=1 STRESS_SCALE="$scale" STRESS_RATE="$rate" WAIT_SCALE="$wscale" selftests/run_tests.sh $suite \
		>"$out/ktap" 2>"$out/vm.err"
	vrc=$?
	seen=0
	took=
	while IFS= read -r line; do
		case $line in
		"# time: "*)
			took=${line#\# time: } ;;
		"ok "*"# SKIP"*)
			result "$kver" skip "${line#*selftests: }"; seen=1 ;;
		"ok "*)
			result "$kver" ok "${line#*selftests: }" "$took"; seen=1 ;;
		"not ok "*)
			name=${line#*selftests: }
			result "$kver" FAIL "${name%% #*}" "${name#*# }, $took"
			seen=1
			# Show the failed test's own output.
			awk -v t="# selftests: ${name%% #*}" '
				$0 == t { on = 1; next }
				on && /^(not )?ok / { exit }
				on { print "    " $0 }' "$out/ktap" | tail -n 60
			;;
		esac
	done <"$out/ktap"
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


# The kernels run side by side, each guest with its share of the CPUs:
# the tests are mostly sequential, so two 1-CPU guests finish far sooner
# than two 2-CPU guests one after the other.
if [ $run_suite -eq 1 ]; then
	# A self-built kernel not in the cache yet is built first, alone: the
	# build wants every CPU, the guests would only slow it down.
	for kver in $kernels; do
		case $kver in
		debug | kasan)
			echo "== $kver: the self-built kernel (built once, then cached)"
			if ! tools/vm/debug-kernel.sh "$kver" >/dev/null; then
				result "$kver" FAIL "kernel build" "tools/vm/debug-kernel.sh $kver failed"
				kernels=$(echo " $kernels " | sed "s/ $kver / /")
			fi
			;;
		esac
	done
	# Debian's kernels side by side, one guest each with its share of the
	# CPUs; then each self-built kernel alone with all of them: its
	# kernel work (RCU, kmemleak's scans, workqueues) runs beside the
	# tests, and alone it needs no share of a parallel run's time.
	fast=$(echo "$kernels" | tr ' ' '\n' | grep -v -x -E 'debug|kasan' | tr '\n' ' ')
	slow=$(echo "$kernels" | tr ' ' '\n' | grep -x -E 'debug|kasan' | tr '\n' ' ')
	nk=$(echo $fast | wc -w)
	smp=${VM_SMP:-$(( $(nproc) / (nk > 0 ? nk : 1) ))}
	[ "$smp" -ge 1 ] || smp=1
	if [ -n "${fast// /}" ]; then
		echo "== running the suite on: $fast(${smp} CPU(s) per guest)"
		for kver in $fast; do
			VM_SMP=$smp check_kernel "$kver" >"build/check/$kver.log.$$" 2>&1 &
		done
		wait
	fi
	for kver in $slow; do
		echo "== running the suite on: $kver (${VM_SMP:-$(nproc)} CPU(s))"
		VM_SMP=${VM_SMP:-$(nproc)} check_kernel "$kver" >"build/check/$kver.log.$$" 2>&1
	done
	for kver in $kernels; do
		cat "build/check/$kver.log.$$"
		rm -f "build/check/$kver.log.$$"
	done
fi

if [ $run_lane_selftest -eq 1 ]; then
	# An installed kernel: check-install.sh builds against its headers.
	lane_kver=$(echo "$kernels" | tr ' ' '\n' | grep -v -x -E 'debug|kasan' | grep . | tail -n 1)
	[ -n "$lane_kver" ] || lane_kver=$(default_kernels | tail -n 1)
	# With the debug kernel in the run, kmemleak's positive control too.
	leakver=
	[[ " $kernels " == *" debug "* ]] && leakver=debug
	echo "== $lane_kver: the lane's own checks${leakver:+, and the kmemleak control on $leakver}"
	while IFS='|' read -r st name detail; do
		result "$lane_kver" "$st" "$name" "$detail"
	done < <(tools/vm/selftest.sh "$lane_kver" $leakver)
fi

if [ $run_lane_selftest -eq 1 ]; then
	echo "== $lane_kver: make install / uninstall (host side)"
	while IFS='|' read -r st name detail; do
		result "$lane_kver" "$st" "$name" "$detail"
	done < <(tools/check-install.sh "$lane_kver")
fi

passed=$(grep -c '^\[[^]]*\] ok ' "$results")
skipped=$(grep -c '^\[[^]]*\] skip ' "$results")
failed=$(grep -c '^\[[^]]*\] FAIL ' "$results")
if [ "$failed" -gt 0 ]; then
	echo "== failed:"
	grep '^\[[^]]*\] FAIL ' "$results" | sed 's/^/   /'
fi
rm -f "$results"
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
