#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# netns.sh: 100 rounds of moving pair ends between namespaces and
# destroying namespaces while traffic flows. Each round:
#
#   $x e0 ========= e1 $y      UDP x -> y, then e1 moves to $z while the
#                              sender goes on; then $z is destroyed (which
#                              takes the pair with it) while x still sends
#
# and a bridge round: a cbr in $y with the pair's end enslaved, then $y
# destroyed with traffic on the bridge.
# kselftest-timeout=900
source "$(dirname "$0")/lib.sh"

require_root
require_cmd ip jq
require_module cveth cbr
require_blast
ROUNDS=${ROUNDS:-$(scaled 100 10)}
stress_time 800

n0=$(ip -o link show | wc -l)
done_rounds=0
t0=$SECONDS
while [ $done_rounds -lt "$ROUNDS" ] && ! out_of_time; do
	sfx=$$-$done_rounds
	x=sx-$sfx y=sy-$sfx z=sz-$sfx
	ip netns add "$x" && ip netns add "$y" && ip netns add "$z" ||
		{ check_fail "round $done_rounds: create namespaces"; break; }
	ip -n "$x" link add dev e0 type cveth peer name e1 netns "$y" ||
		{ check_fail "round $done_rounds: create the pair"; break; }
	ip -n "$x" addr add 10.8.0.1/24 dev e0
	ip -n "$x" link set dev e0 up
	if [ $((done_rounds % 2)) -eq 0 ]; then
		# The far end on a bridge in $y.
		ip -n "$y" link add dev br0 type cbr
		ip -n "$y" link set dev e1 master br0 up
		ip -n "$y" addr add 10.8.0.2/24 dev br0
		ip -n "$y" link set dev br0 up
	else
		ip -n "$y" addr add 10.8.0.2/24 dev e1
		ip -n "$y" link set dev e1 up
	fi
	wait_until 20 ip netns exec "$x" ping -c 1 -W 1 10.8.0.2 ||
		{ check_fail "round $done_rounds: x reaches y"; break; }
	blast "$x" 10.8.0.2
	pid=$BLAST_PID
	if [ $((done_rounds % 2)) -eq 1 ]; then
		# Move the receiving end away under the sender, then destroy
		# the namespace it went to.
		ip -n "$y" link set dev e1 netns "$z" ||
			{ check_fail "round $done_rounds: move e1 to z"; kill $pid; break; }
		ip -n "$z" link set dev e1 up
		ip netns del "$z"
		wait_until 30 sh -c "! ip -n $x link show dev e0" ||
			{ check_fail "round $done_rounds: the pair goes with z"; kill $pid; break; }
	fi
	# Destroy the namespace of the receiver (and its bridge).
	ip netns del "$y"
	ip netns del "$z" 2>/dev/null
	wait_until 30 sh -c "! ip -n $x link show dev e0" ||
		{ check_fail "round $done_rounds: the pair goes with y"; kill $pid; break; }
	kill $pid 2>/dev/null
	wait $pid 2>/dev/null
	ip netns del "$x"
	done_rounds=$((done_rounds + 1))
done
counted rounds "$done_rounds" "$ROUNDS" "$t0"
# Namespaces die in a workqueue: wait for the last ones' devices.
check_ok "no device left behind in the root namespace" \
	wait_until 60 test "$(ip -o link show | wc -l)" -eq "$n0"
check_ok "no namespace left behind" sh -c "! ip netns list | grep -q '^s[xyz]-$$-'"
exit_status
