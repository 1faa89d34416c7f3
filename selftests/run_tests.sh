#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# run_tests.sh [TEST...]: run the selftests (all, or the ones named) and
# print KTAP as kselftest's runner does: one "ok N selftests: cnet: TEST"
# or "not ok ..." line per test, the test's own output (a nested KTAP
# document, selftests/lib.sh) indented as "# " lines, "# SKIP" for exit
# status 4 and "# TIMEOUT" when a test overruns the timeout in ./settings;
# before each result line, "# modules: ..." (the kernel modules loaded
# then, as before the first test: make check holds selftests/config to
# the ones the tests loaded) and "# time: Ns", the
# test's run time. Runs as
# root, in the source tree (`make -C selftests run_tests`) or in an
# installed one (run_kselftest.sh). Exits non-zero if any test failed.
cd "$(dirname "$0")" || exit 1
collection=${COLLECTION:-cnet}

timeout=$(sed -n 's/^timeout=//p' settings 2>/dev/null)
timeout=${timeout:-300}

if [ $# -gt 0 ]; then
	tests=("$@")
elif [ -f Makefile ]; then
	read -r -a tests <<<"$(make -s list)"
else
	read -r -a tests <<<"$(sed -n "s/^$collection://p" ../kselftest-list.txt | tr '\n' ' ')"
fi

ours=
for m in cbr cveth; do
	grep -q "^$m " /proc/modules 2>/dev/null || ours+=" $m"
done

echo "KTAP version 1"
echo "1..${#tests[@]}"
echo "# timeout set to $timeout"
echo "# modules before the tests: $(cut -d' ' -f1 /proc/modules | sort | tr '\n' ' ')"
n=0
failed=0
for t in "${tests[@]}"; do
	n=$((n + 1))
	t=${t#selftests/}
	name="selftests: $collection: $t"
	if [ -x "./$t" ]; then
		prog=./$t		# a script, or installed
	elif [ -x "${CNET_OUTPUT:-out}/$t" ]; then
		prog=${CNET_OUTPUT:-out}/$t	# built in the source tree
	else
		echo "# $t: no such test (not an executable here, nor built in ${CNET_OUTPUT:-out}/)"
		echo "not ok $n $name"
		failed=$((failed + 1))
		continue
	fi
	echo "# $name"
	# A test may ask for more time: "# kselftest-timeout=SECONDS".
	tt=$(sed -n 's/^# kselftest-timeout=\([0-9]*\).*/\1/p' "$prog" 2>/dev/null | head -n 1)
	tt=${tt:-$timeout}
	# A debug kernel's guest is several times slower (tools/vm/check.sh).
	tt=$((tt * ${WAIT_SCALE:-1}))
	t0=$SECONDS
	timeout -k 10 "$tt" "$prog" 2>&1 | sed -u 's/^/# /'
	rc=${PIPESTATUS[0]}
	# Unloading after every test proves no test leaked a reference to
	# our modules (the unload also deletes any device left behind). Only
	# the ones the suite loaded: on someone's machine a module loaded
	# before holds their devices.
	for m in $ours; do
		if grep -q "^$m " /proc/modules && ! modprobe -r "$m" 2>/dev/null; then
			echo "# $t: module $m cannot be unloaded after the test (leaked reference?)"
			[ "$rc" -eq 0 ] || [ "$rc" -eq 4 ] && rc=1
		fi
	done
	echo "# modules: $(cut -d' ' -f1 /proc/modules | sort | tr '\n' ' ')"
	echo "# time: $((SECONDS - t0))s"
	case $rc in
	0) echo "ok $n $name" ;;
	4) echo "ok $n $name # SKIP" ;;
	124 | 137)
		echo "not ok $n $name # TIMEOUT ${tt}s"
		failed=$((failed + 1)) ;;
	*)
		echo "not ok $n $name # exit=$rc"
		failed=$((failed + 1)) ;;
	esac
done
[ $failed -eq 0 ]
