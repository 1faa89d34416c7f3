#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# What the stress tests share, on top of ../lib.sh. A stress test is
# bounded twice: by its count (the figure it must reach) and by its time
# (STRESS_TIME seconds, a safety stop below its kselftest timeout; each
# test sets its own default with stress_time after sourcing this file). It
# prints its figures as "# figure: name value" lines; reaching the time
# limit before the count fails the test and says how far it got.

source "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"

STRESS_T0=$SECONDS

figure() { log "figure: $*"; }

# scaled N [MIN]: N times STRESS_SCALE percent (default 100), at least MIN.
# The debug lanes scale the counts down (tools/vm/check.sh): a debug
# kernel under TCG creates and deletes devices ten or more times slower.
scaled()
{
	local n=$(( $1 * ${STRESS_SCALE:-100} / 100 ))
	[ "$n" -ge "${2:-1}" ] || n=${2:-1}
	echo "$n"
}

# stress_time SECONDS: the test's time limit, STRESS_TIME, unless given:
# SECONDS times WAIT_SCALE (a debug kernel's guest is that much slower;
# run_tests.sh stretches the kselftest timeout above it the same way).
stress_time() { STRESS_TIME=${STRESS_TIME:-$(($1 * ${WAIT_SCALE:-1}))}; }

# out_of_time: true once the test has used its STRESS_TIME.
out_of_time() { [ $((SECONDS - STRESS_T0)) -ge "${STRESS_TIME:-600}" ]; }

require_blast()
{
	[ -x "$BLAST" ] || skip "no $BLAST (make -C selftests builds it)"
}

# Traffic is paced (STRESS_RATE datagrams per second per sender): an
# unpaced sender would starve the control path it is meant to race with
# on a one-CPU guest.
STRESS_RATE=${STRESS_RATE:-2000}

# blast NS DST [SECONDS [SIZE]]: UDP from NS to DST (port 9, discard) in
# the background for SECONDS (default 60); its pid in BLAST_PID. Errors of
# the sender (its device may vanish under it) are the point, not a failure.
blast()
{
	ip netns exec "$1" "$BLAST" send "$2" 9 "${3:-60}" "${4:-18}" "$STRESS_RATE" >/dev/null 2>&1 &
	BLAST_PID=$!
}

# traffic NS DST SECONDS [SIZE]: blast, stopped at the latest when the
# test ends.
traffic()
{
	blast "$@"
	defer kill "$BLAST_PID" 2>/dev/null
}

# bridge_hosts BRIDGE SUBNET NS...: a cbr BRIDGE in this namespace
# (deleted when the test ends) and, for the Nth namespace, a cveth pair:
# pN here, a port of BRIDGE, and eth0 there with SUBNET.N/24; all up.
bridge_hosts()
{
	local br=$1 net=$2 ns i=0
	shift 2
	defer ip link del dev "$br"
	ip link add dev "$br" type cbr || { check_fail "create the bridge $br"; exit_status; }
	for ns in "$@"; do
		i=$((i + 1))
		ip link add dev "p$i" type cveth peer name eth0 netns "$ns" &&
		ip link set dev "p$i" master "$br" up &&
		ip -n "$ns" addr add "$net.$i/24" dev eth0 &&
		ip -n "$ns" link set dev eth0 up ||
			{ check_fail "host $i on $br"; exit_status; }
	done
	ip link set dev "$br" up
}

# counted WHAT DONE WANT T0: the figures of a loop that started at T0
# ($SECONDS) and did DONE of the WANT it had to do, and the check that it
# did them all.
counted()
{
	local took=$((SECONDS - $4))
	figure "$1 $2"
	figure "seconds $took"
	[ "$took" -gt 0 ] && figure "${1}_per_min $(($2 * 60 / took))"
	check_eq "all $3 $1 ran within ${STRESS_TIME}s" "$2" "$3"
}

# pair_stats DEV [NS]: "tx_packets rx_packets tx_dropped rx_dropped"
link_stats()
{
	ip ${2:+-n "$2"} -s -j link show dev "$1" |
		jq -r '.[0].stats64 | "\(.tx.packets) \(.rx.packets) \(.tx.dropped) \(.rx.dropped)"'
}

slab_kb() { awk '/^Slab:/ { print $2 }' /proc/meminfo; }
