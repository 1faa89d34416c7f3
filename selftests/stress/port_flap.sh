#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# port_flap.sh: 100 rounds of detaching, re-attaching, deleting and
# re-creating bridge ports while a flood runs through the bridge.
#
#   $nsA eth0 == p1 -- sfbr (cbr) - p2 == eth0 $nsB     A -> unknown MAC:
#                        +-- f0..f3 == g0..g3           flooded to every port
# kselftest-timeout=900
source "$(dirname "$0")/lib.sh"

require_root
require_cmd ip jq
require_module cveth cbr
require_blast
ROUNDS=${ROUNDS:-$(( $(scaled 100 10) / 10 * 10 ))}
stress_time 800

setup_ns nsA nsB
bridge_hosts sfbr 10.7.0 "$nsA" "$nsB"
for i in 0 1 2 3; do
	ip link add dev "f$i" type cveth peer name "g$i"
	ip link set dev "f$i" master sfbr up
	ip link set dev "g$i" up
	defer ip link del dev "f$i"
done
ip -n "$nsA" neigh add 10.7.0.99 lladdr 02:00:00:00:07:99 dev eth0 nud permanent
check_ok "A reaches B" wait_until 30 ip netns exec "$nsA" ping -c 1 -W 1 10.7.0.2
# The flood is copied to 5 ports: a fifth of the rate, so the copies
# come at about STRESS_RATE per second.
STRESS_RATE=$(( (STRESS_RATE + 4) / 5 )) traffic "$nsA" 10.7.0.99 "$STRESS_TIME"
traffic "$nsA" 10.7.0.2 "$STRESS_TIME"

batch=$(mktemp)
defer rm -f "$batch"
done_rounds=0
t0=$SECONDS
while [ $done_rounds -lt "$ROUNDS" ] && ! out_of_time; do
	: >"$batch"
	for r in $(seq 1 10); do
		i=$((r % 4))
		cat >>"$batch" <<B
link set dev f$i nomaster
link set dev f$i master sfbr
link del dev f$i
link add dev f$i type cveth peer name g$i
link set dev g$i up
link set dev f$i master sfbr
link set dev f$i up
B
	done
	if ! out=$(ip -batch "$batch" 2>&1); then
		check_fail "rounds $done_rounds..$((done_rounds + 9))" "$(echo "$out" | tail -n 2)"
		break
	fi
	done_rounds=$((done_rounds + 10))
done
counted rounds "$done_rounds" "$ROUNDS" "$t0"
check_eq "the bridge has its 6 ports" \
	"$(ip -o link show master sfbr | wc -l)" 6
check_ok "A still reaches B" ip netns exec "$nsA" ping -c 1 -W 5 10.7.0.2
check_ok "the flood still reaches a re-created port" \
	wait_until 20 sh -c "[ \$(ip -s -j link show dev g0 | jq '.[0].stats64.rx.packets') -gt 0 ]"
exit_status
