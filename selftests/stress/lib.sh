#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# What the stress tests share, on top of ../lib.sh. A stress test is
# bounded twice: by its count (the figure it must reach) and by its time
# (STRESS_TIME seconds, a safety stop below its kselftest timeout; each
# test sets its own default after sourcing this file). It
# prints its figures as "# figure: name value" lines; reaching the time
# limit before the count fails the test and says how far it got.

source "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"

BLAST=$TOP_DIR/build/bench/udpblast
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

# out_of_time: true once the test has used its STRESS_TIME.
out_of_time() { [ $((SECONDS - STRESS_T0)) -ge "${STRESS_TIME:-600}" ]; }

require_blast()
{
	[ -x "$BLAST" ] || skip "no $BLAST (make userspace builds it)"
}

# Traffic is paced (STRESS_RATE datagrams per second per sender): an
# unpaced sender would starve the control path it is meant to race with
# on a one-CPU guest.
STRESS_RATE=${STRESS_RATE:-2000}

# traffic NS DST SECONDS [SIZE]: UDP from NS to DST (port 9, discard) in
# the background until SECONDS pass or the test ends. Errors of the sender
# (its device may vanish under it) are the point, not a failure.
traffic()
{
	ip netns exec "$1" "$BLAST" send "$2" 9 "$3" "${4:-18}" "$STRESS_RATE" >/dev/null 2>&1 &
	defer kill $! 2>/dev/null
}

# pair_stats DEV [NS]: "tx_packets rx_packets tx_dropped rx_dropped"
link_stats()
{
	ip ${2:+-n "$2"} -s -j link show dev "$1" |
		jq -r '.[0].stats64 | "\(.tx.packets) \(.rx.packets) \(.tx.dropped) \(.rx.dropped)"'
}

slab_kb() { awk '/^Slab:/ { print $2 }' /proc/meminfo; }
