#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Shared helpers for the shell selftests. A test sources this file, runs
# check_* assertions and ends with `exit_status`: 0 pass, 1 fail, 4 skip
# (kselftest's convention). Every namespace made with setup_ns is removed
# on exit, whatever happened.
#
# A test's stdout is a nested TAP document, as the kselftest harness
# prints: "TAP version 13" when this file is sourced, "ok N name" or
# "not ok N name" for each check (a failure's detail on a "# " line
# before it), and on exit the plan "1..N" and kselftest's "# Totals:"
# line. The plan comes last, which TAP 13 allows and KTAP does not: a
# shell test does not know how many checks it will make. A skip before
# any check is "1..0 # SKIP reason", after checks one more result
# "ok N reason # SKIP". The runner indents all of it with "# ", as
# kselftest's runner does.

ksft_pass=0
ksft_fail=1
ksft_skip=4

SELFTESTS_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# The project's source tree: this directory's parent when the tests run
# from it; CNET_SRC, or none, when they run from an installed tree
# (make -C selftests install): make check sets it, elsewhere the plugins
# and cnet are where `make install` put them.
if [ -f "$SELFTESTS_DIR/../include/cnet_version.h" ]; then
	CNET_SRC=$(cd "$SELFTESTS_DIR/.." && pwd)
fi
CNET_SRC=${CNET_SRC:-}
if [ -n "$CNET_SRC" ]; then
	export IP_LIB_DIR=${IP_LIB_DIR:-$CNET_SRC/tools/iproute2}
	export PATH=$CNET_SRC/tools/cnet:$PATH
fi
# The built programs and files (selftests/Makefile): in OUTPUT (out/ in
# the source tree), beside the scripts in an installed tree.
KSFT_BIN=${CNET_OUTPUT:-$SELFTESTS_DIR/out}
[ -d "$KSFT_BIN" ] || KSFT_BIN=$SELFTESTS_DIR
# shellcheck disable=SC2034 # for the tests that source this file
BLAST=$KSFT_BIN/udpblast
# The version the modules carry (include/cnet_version.h, installed with
# the tests).
cnet_version_h=$KSFT_BIN/cnet_version.h
[ -n "$CNET_SRC" ] && cnet_version_h=$CNET_SRC/include/cnet_version.h
# shellcheck disable=SC2034
CNET_VERSION=$(sed -n 's/^#define CNET_VERSION "\(.*\)"/\1/p' "$cnet_version_h" 2>/dev/null)

NS_LIST=()
CLEANUP_CMDS=()

log() { printf '# %s\n' "$*"; }

# The checks so far, "PASSED FAILED SKIPPED", in a file: checks made in
# a pipeline's subshell count too.
KTAP_COUNTS=$(mktemp "${TMPDIR:-/tmp}/ktap.XXXXXX") || exit 1
echo "0 0 0" >"$KTAP_COUNTS"
KTAP_SKIP=
echo "TAP version 13"

# ktap_result ok|fail|skip NAME: one numbered result line. A name is one
# line and carries no "#" (which would start a directive).
ktap_result()
{
	local p f s name=${2//$'\n'/ }

	name=${name//#/no.}
	read -r p f s <"$KTAP_COUNTS"
	case $1 in
	ok) p=$((p + 1)); printf 'ok %d %s\n' $((p + f + s)) "$name" ;;
	fail) f=$((f + 1)); printf 'not ok %d %s\n' $((p + f + s)) "$name" ;;
	skip) s=$((s + 1)); printf 'ok %d %s # SKIP\n' $((p + f + s)) "$name" ;;
	esac
	echo "$p $f $s" >"$KTAP_COUNTS"
}

# ktap_exit RC: on exit, once: the plan and kselftest's totals, and the
# exit status the checks call for. A failed check fails the test whatever
# it exited with (even one made in a subshell: the count is a file); a
# test that exits 0 having checked nothing fails too.
ktap_exit()
{
	local rc=$1 p f s

	cleanup
	[ -f "$KTAP_COUNTS" ] || exit "$rc"
	read -r p f s <"$KTAP_COUNTS"
	rm -f "$KTAP_COUNTS"
	if [ $((p + f + s)) -eq 0 ] && [ -n "$KTAP_SKIP" ]; then
		echo "1..0 # SKIP $KTAP_SKIP"
		s=1
	else
		echo "1..$((p + f + s))"
	fi
	echo "# Totals: pass:$p fail:$f xfail:0 xpass:0 skip:$s error:0"
	if [ "$f" -gt 0 ] && { [ "$rc" -eq 0 ] || [ "$rc" -eq $ksft_skip ]; }; then
		rc=$ksft_fail
	elif [ "$rc" -eq 0 ] && [ $((p + s)) -eq 0 ]; then
		echo "# no check ran: a test that checks nothing passes on nothing"
		rc=$ksft_fail
	fi
	exit "$rc"
}

# parity_kinds: the bridges a side-by-side test runs its checks on, the
# kernel bridge (the reference) first. CNET_KINDS=cbr (the debug lanes of
# make check, which are there for our code) leaves the reference to
# Debian's kernels, which run both.
parity_kinds()
{
	local k=${CNET_KINDS:-bridge cbr}

	[[ " $k " == *" bridge "* ]] ||
		log "the kernel bridge's reference checks are left out (CNET_KINDS=$k)" >&2
	echo "$k"
}

# check_pass NAME: record one passing sub-check.
check_pass() { ktap_result ok "$1"; }

# check_fail NAME [DETAIL]: record one failing sub-check, its detail on
# one diagnostic line before it.
check_fail()
{
	[ -n "${2:-}" ] && printf '# %s: %s\n' "${1//$'\n'/ }" "${2//$'\n'/ }"
	ktap_result fail "$1"
}

# check_ok NAME CMD...: CMD must succeed.
check_ok()
{
	local name=$1 out
	shift
	if out=$("$@" 2>&1); then
		check_pass "$name"
	else
		check_fail "$name" "'$*' failed: $(echo "$out" | tail -n 3 | tr '\n' ' ')"
	fi
}

# check_err NAME CMD...: CMD must fail.
check_err()
{
	local name=$1 out
	shift
	if out=$("$@" 2>&1); then
		check_fail "$name" "'$*' succeeded, expected an error"
	else
		check_pass "$name"
	fi
}

# check_err_msg NAME PATTERN CMD...: CMD must fail and print PATTERN (ERE).
check_err_msg()
{
	local name=$1 pat=$2 out
	shift 2
	if out=$("$@" 2>&1); then
		check_fail "$name" "'$*' succeeded, expected an error"
	elif ! grep -Eq -- "$pat" <<<"$out"; then
		check_fail "$name" "error '$(echo "$out" | head -n 2 | tr '\n' ' ')' lacks /$pat/"
	else
		check_pass "$name"
	fi
}

# check_eq NAME GOT WANT
check_eq()
{
	if [ "$2" == "$3" ]; then
		check_pass "$1"
	else
		check_fail "$1" "got '$2', want '$3'"
	fi
}

# wait_until TIMEOUT_S CMD...: poll CMD until it succeeds or the deadline
# passes. Never sleep a fixed time in a test: a debug kernel under TCG is
# ten times slower than a plain one. WAIT_SCALE (set by the debug lanes)
# multiplies every deadline.
wait_until()
{
	local deadline=$((SECONDS + $1 * ${WAIT_SCALE:-1}))
	shift
	while ! "$@" >/dev/null 2>&1; do
		[ $SECONDS -ge $deadline ] && return 1
		sleep 0.1
	done
	return 0
}

# skip REASON: skip the rest of the test; after checks, as one more.
skip()
{
	local p f s

	log "SKIP: $*"
	read -r p f s <"$KTAP_COUNTS"
	if [ $((p + f + s)) -gt 0 ]; then
		ktap_result skip "$*"
	else
		KTAP_SKIP=$*
	fi
	exit $ksft_skip
}

require_root() { [ "$(id -u)" -eq 0 ] || skip "needs root"; }

# require_src: the test builds or installs from the project's source tree.
require_src()
{
	[ -n "$CNET_SRC" ] ||
		skip "needs the project's source tree: run from it, or set CNET_SRC"
}

require_cmd()
{
	local c
	for c in "$@"; do
		command -v "$c" >/dev/null 2>&1 || skip "needs $c"
	done
}

# require_module NAME...: the module must load (autoload path: modprobe),
# or be built in: in /sys/module (loaded, or built in with parameters) or
# in modules.builtin (a kernel booted without its /lib/modules has none,
# and modprobe fails there even for what is built in).
# A module that does not load skips the test, except ours under
# `make check` (CNET_REQUIRE_MODULES=1): it built them for this kernel, so
# there a cveth or cbr that does not load is a failure, not a skip.
require_module()
{
	local m
	for m in "$@"; do
		modprobe "$m" 2>/dev/null && continue
		[ -d "/sys/module/$m" ] && continue
		grep -qs "/$m\.ko" "/lib/modules/$(uname -r)/modules.builtin" && continue
		case $m in
		cveth | cbr)
			if [ "${CNET_REQUIRE_MODULES:-0}" = 1 ]; then
				check_fail "module $m loads" "make check built it for $(uname -r): modprobe $m failed"
				cleanup
				exit $ksft_fail
			fi
			;;
		esac
		skip "module $m not available"
	done
}

# setup_ns VAR...: create uniquely named namespaces, store names in VARs.
setup_ns()
{
	local var name
	for var in "$@"; do
		name="${var}-$$-$RANDOM"
		ip netns add "$name" || { check_fail "create netns $name"; exit_status; }
		ip -n "$name" link set dev lo up
		NS_LIST+=("$name")
		eval "$var=$name"
	done
}

# defer CMD...: run CMD at cleanup (last registered runs first).
defer() { CLEANUP_CMDS=("$*" "${CLEANUP_CMDS[@]}"); }

# trace_instance NAME: set TRACE to a tracefs instance of the test's own
# (its own buffer, events and tracing_on), removed on exit; returns 1
# without tracefs. Tests leave the global buffer alone: its state is
# whatever the test before left, and theirs would leak into the next.
trace_instance()
{
	TRACE=/sys/kernel/tracing/instances/cnet_$1_$$
	mkdir "$TRACE" 2>/dev/null || return 1
	defer rmdir "$TRACE"
	defer "echo 0 >$TRACE/events/enable"
}

cleanup()
{
	local c ns
	for c in "${CLEANUP_CMDS[@]}"; do
		eval "$c" >/dev/null 2>&1
	done
	CLEANUP_CMDS=()
	for ns in "${NS_LIST[@]}"; do
		ip netns pids "$ns" 2>/dev/null | xargs -r kill 2>/dev/null
		ip netns del "$ns" 2>/dev/null
	done
	NS_LIST=()
}
trap 'ktap_exit $?' EXIT

exit_status()
{
	local p f s

	read -r p f s <"$KTAP_COUNTS"
	[ "$f" -eq 0 ] && exit $ksft_pass
	exit $ksft_fail
}
