#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# loop_flap.sh: 100 rounds of closing a loop between two cbr and opening
# it again, under traffic that floods through both: each round adds a
# second link, waits for the loop guard to block a port, and deletes the
# link. Meanwhile a third namespace pings the host, and every ping is
# answered: a loop costs bounded CPU until it is blocked.
#
#   $nsA eth0 == qa -- lfA == l0a ~ l0b == lfB -- qb == eth0 $nsB
#                         `== lxa ~ lxb =='      (added, deleted, x100)
#   $nsC eth0 == hc (the host, 10.9.0.1)
# kselftest-timeout=900
source "$(dirname "$0")/lib.sh"

require_root
require_cmd ip jq ping bridge ethtool stdbuf
require_module cveth cbr
require_blast
ROUNDS=${ROUNDS:-$(scaled 100 100)}
stress_time 600

setup_ns nsA nsB nsC
for br in lfA lfB; do
	ip link add dev "$br" type cbr || { check_fail "create $br"; exit_status; }
	defer ip link del dev "$br"
done
ip link add dev qa type cveth peer name eth0 netns "$nsA"
ip link add dev qb type cveth peer name eth0 netns "$nsB"
ip link set dev qa master lfA up
ip link set dev qb master lfB up
ip -n "$nsA" addr add 10.8.0.1/24 dev eth0
ip -n "$nsB" addr add 10.8.0.2/24 dev eth0
ip -n "$nsA" link set dev eth0 up
ip -n "$nsB" link set dev eth0 up
ip link add dev l0a type cveth peer name l0b
defer ip link del dev l0a
ip link set dev l0a master lfA up
ip link set dev l0b master lfB up
ip link set dev lfA up
ip link set dev lfB up
ip link add dev hc type veth peer name eth0 netns "$nsC"
defer ip link del dev hc
ip addr add 10.9.0.1/24 dev hc
ip link set dev hc up
ip -n "$nsC" addr add 10.9.0.2/24 dev eth0
ip -n "$nsC" link set dev eth0 up

check_ok "A reaches B" wait_until 30 ip netns exec "$nsA" ping -c 1 -W 1 10.8.0.2
check_ok "C reaches the host" wait_until 30 ip netns exec "$nsC" ping -c 1 -W 1 10.9.0.1
# Unknown unicast, flooded by both bridges: what storms in a loop.
ip -n "$nsA" neigh add 10.8.0.99 lladdr 02:00:00:00:08:99 dev eth0 nud permanent
traffic "$nsA" 10.8.0.99 "$STRESS_TIME"
traffic "$nsA" 10.8.0.2 "$STRESS_TIME"

pings=$(mktemp)
defer rm -f "$pings"
ip netns exec "$nsC" stdbuf -oL ping -O -i 0.5 10.9.0.1 >"$pings" 2>&1 &
ping_pid=$!
defer kill "$ping_pid"

blocking() { bridge -j link show | jq -e '[.[] | select(.state == "blocking")] | length > 0'; }

done_rounds=0
t0=$SECONDS
while [ "$done_rounds" -lt "$ROUNDS" ] && ! out_of_time; do
	if ! out=$(ip -batch - 2>&1 <<-B
		link add dev lxa type cveth peer name lxb
		link set dev lxa master lfA up
		link set dev lxb master lfB up
	B
	); then
		check_fail "round $done_rounds: close the loop" "$(echo "$out" | tail -n 2)"
		break
	fi
	if ! wait_until 10 blocking; then
		check_fail "round $done_rounds: a port is blocked" "none after 10 s"
		ip link del dev lxa
		break
	fi
	ip link del dev lxa
	done_rounds=$((done_rounds + 1))
done
counted rounds "$done_rounds" "$ROUNDS" "$t0"
blocks=$(($(ethtool -S lfA | awk '$1 == "loop_blocks:" { print $2 }') +
	  $(ethtool -S lfB | awk '$1 == "loop_blocks:" { print $2 }')))
figure "blocks $blocks"

# (Not SIGINT for its summary: a background job of a script ignores it.)
kill "$ping_pid"
wait "$ping_pid" 2>/dev/null
# Sent: the highest sequence number it reported; answered: the replies.
read -r sent got <<<"$(awk 'match($0, /icmp_seq=[0-9]+/) {
		n = substr($0, RSTART + 9, RLENGTH - 9) + 0; if (n > max) max = n
		if (/bytes from/) got[n] = 1 }
	END { c = 0; for (n in got) c++; print max + 0, c }' "$pings")"
figure "pings_sent ${sent:-0}"
figure "pings_answered ${got:-0}"
# The last one or two may be in flight.
[ -n "$sent" ] && [ "$sent" -gt 0 ] && [ "$got" -ge $((sent - 2)) ] &&
	check_pass "C's pings to the host answered throughout" ||
	check_fail "C's pings to the host answered throughout" "${got:-0} of ${sent:-0}"

# Switching the guard off and on unblocks every port (the last round may
# have left l0a or l0b blocking, with a back-off of up to a minute).
for br in lfA lfB; do
	ip link set dev "$br" type cbr loop_guard off
	ip link set dev "$br" type cbr loop_guard on
done
check_ok "no port blocking" sh -c "! bridge -j link show | jq -e '[.[] | select(.state == \"blocking\")] | length > 0'"
check_ok "A still reaches B" wait_until 30 ip netns exec "$nsA" ping -c 1 -W 1 10.8.0.2
exit_status
