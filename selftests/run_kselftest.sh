#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# run_kselftest.sh: run the tests of an installed tree
# (make -C selftests install INSTALL_PATH=DIR puts this at DIR/), with the
# options of the kernel's run_kselftest.sh. Every collection's tests run
# through its run_tests.sh, which prints kselftest's KTAP. Exits non-zero
# when a test failed (the kernel's 6.1 runner exits 0 whatever happened).
#
# The tests need root and the cveth and cbr modules installed (make
# install, or DKMS); a module that is missing makes its tests skip.
BASE_DIR=$(realpath "$(dirname "$0")")
cd "$BASE_DIR" || exit 1
list=$BASE_DIR/kselftest-list.txt
if [ ! -r "$list" ]; then
	echo "$0: Could not find list of tests to run ($list)" >&2
	exit 1
fi
available=$(cat "$list")

usage()
{
	cat <<EOF
Usage: $0 [OPTIONS]
  -s | --summary		Print summary with detailed log in output.log
  -t | --test COLLECTION:TEST	Run TEST from COLLECTION (also a stress
				test: -t cnet:stress/churn.sh)
  -c | --collection COLLECTION	Run all tests from COLLECTION
  -l | --list			List the available collection:test entries
  -d | --dry-run		Don't actually run any tests
  -h | --help			Show this usage info
EOF
	exit "$1"
}

tests=
collections=
dryrun=
summary=
while [ $# -gt 0 ]; do
	case $1 in
	-s | --summary) summary=1; shift ;;
	-t | --test) [ $# -ge 2 ] || usage 1; tests+=" $2"; shift 2 ;;
	-c | --collection) [ $# -ge 2 ] || usage 1; collections+=" $2"; shift 2 ;;
	-l | --list) echo "$available"; exit 0 ;;
	-d | --dry-run) dryrun=1; shift ;;
	-h | --help) usage 0 ;;
	*) usage 1 ;;
	esac
done

for c in $collections; do
	found=$(awk -F: -v c="$c" '$1 == c' <<<"$available")
	[ -n "$found" ] || { echo "No such collection '$c'" >&2; exit 1; }
	tests+=" $found"
done
if [ -n "$tests" ]; then
	# A listed test, or a stress test by its path.
	for t in $tests; do
		grep -qxF "$t" <<<"$available" && continue
		[[ ${t#*:} == stress/*.sh && ${t#*:} != */lib.sh && $t != *..* &&
		   -x "$BASE_DIR/${t%%:*}/${t#*:}" ]] && continue
		echo "No such test '$t'" >&2
		exit 1
	done
	available=$(tr ' ' '\n' <<<"$tests" | grep .)
fi

rc=0
[ -n "$summary" ] && : >"$BASE_DIR/output.log"
for c in $(cut -d: -f1 <<<"$available" | uniq); do
	# shellcheck disable=SC2046
	set -- $(awk -F: -v c="$c" '$1 == c { print $2 }' <<<"$available")
	if [ -n "$dryrun" ]; then
		echo "cd $c && ./run_tests.sh $*"
		continue
	fi
	[ -w /dev/kmsg ] && echo "kselftest: Running tests in $c" >/dev/kmsg
	if [ -n "$summary" ]; then
		(cd "$c" && COLLECTION=$c ./run_tests.sh "$@") >>"$BASE_DIR/output.log" 2>&1 || rc=1
		grep -E "^(not )?ok [0-9]+ selftests: $c: " "$BASE_DIR/output.log"
	else
		(cd "$c" && COLLECTION=$c ./run_tests.sh "$@") || rc=1
	fi
done
exit $rc
