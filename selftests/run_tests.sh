#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# run_tests.sh [TEST...]: run the selftests (all, or the ones named) and
# print KTAP: one "ok N name" / "not ok N name" line per test, the test's
# own output indented as "# " diagnostics, "# SKIP" for exit status 4 and
# "# TIMEOUT" when a test overruns the timeout in ./settings; before each
# result line, "# time: Ns", the test's run time. Runs inside
# the test VM, as root. Exits non-zero if any test failed.
cd "$(dirname "$0")" || exit 1

timeout=$(sed -n 's/^timeout=//p' settings 2>/dev/null)
timeout=${timeout:-300}

if [ $# -gt 0 ]; then
	tests=("$@")
else
	read -r -a tests <<<"$(make -s list)"
fi

echo "KTAP version 1"
echo "1..${#tests[@]}"
echo "# timeout set to $timeout"
n=0
failed=0
for t in "${tests[@]}"; do
	n=$((n + 1))
	t=${t#selftests/}
	if [ -x "./$t" ] && [[ $t == *.sh ]]; then
		prog=./$t
	elif [ -x "out/$t" ]; then
		prog=out/$t
	else
		echo "# $t: no such test (not an executable *.sh, nor built in out/)"
		echo "not ok $n selftests: $t"
		failed=$((failed + 1))
		continue
	fi
	echo "# selftests: $t"
	# A test may ask for more time: "# kselftest-timeout=SECONDS".
	tt=$(sed -n 's/^# kselftest-timeout=\([0-9]*\).*/\1/p' "$prog" 2>/dev/null | head -n 1)
	tt=${tt:-$timeout}
	# A debug kernel's guest is several times slower (tools/vm/check.sh).
	tt=$((tt * ${WAIT_SCALE:-1}))
	t0=$SECONDS
	timeout -k 10 "$tt" "$prog" 2>&1 | sed -u 's/^/# /'
	rc=${PIPESTATUS[0]}
	# Unloading after every test proves no test leaked a reference to
	# our modules (the unload also deletes any device left behind).
	for m in cbr cveth; do
		if lsmod | grep -q "^$m " && ! modprobe -r "$m" 2>/dev/null; then
			echo "# $t: module $m cannot be unloaded after the test (leaked reference?)"
			[ "$rc" -eq 0 ] || [ "$rc" -eq 4 ] && rc=1
		fi
	done
	echo "# time: $((SECONDS - t0))s"
	case $rc in
	0) echo "ok $n selftests: $t" ;;
	4) echo "ok $n selftests: $t # SKIP" ;;
	124 | 137)
		echo "not ok $n selftests: $t # TIMEOUT ${tt}s"
		failed=$((failed + 1)) ;;
	*)
		echo "not ok $n selftests: $t # exit=$rc"
		failed=$((failed + 1)) ;;
	esac
done
[ $failed -eq 0 ]
