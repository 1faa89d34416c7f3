#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# churn.sh: 10,000 cycles of creating and deleting a cveth pair and a cbr
# bridge while traffic flows through a busy bridge. Each cycle enslaves
# one end of the new pair to the busy bridge, which floods to it, and the
# other end to the new bridge; every 100 cycles one request deletes them
# all (a device group).
#
#   $nsA eth0 == p1 -- busy (cbr) -- p2 == eth0 $nsB    UDP A -> B, and
#                        +-- cA{i} == cB{i} -- nb{i}     A -> unknown MAC
#                                                        (flooded)
# On Debian's 6.12 under TCG (2 CPUs) 10,000 cycles run at about 330 per
# minute: about 30 minutes; the time limit leaves half as much again.
# kselftest-timeout=2800
source "$(dirname "$0")/lib.sh"

require_root
require_cmd ip jq
require_module cveth cbr
require_blast
CYCLES=${CYCLES:-$(( $(scaled 10000 100) / 100 * 100 ))}
stress_time 2700

setup_ns nsA nsB
bridge_hosts busy 10.9.0 "$nsA" "$nsB"
# 10.9.0.99 answers to a MAC no port has: its frames are flooded.
ip -n "$nsA" neigh add 10.9.0.99 lladdr 02:00:00:00:09:99 dev eth0 nud permanent
check_ok "A reaches B over the busy bridge" wait_until 30 ip netns exec "$nsA" ping -c 1 -W 1 10.9.0.2

traffic "$nsA" 10.9.0.2 "$STRESS_TIME"
# The flood is copied to up to 100 ports: a hundredth of the rate, so
# the copies come at about STRESS_RATE per second.
STRESS_RATE=$(( (STRESS_RATE + 99) / 100 )) traffic "$nsA" 10.9.0.99 "$STRESS_TIME"
n0=$(ip -o link show | wc -l)
rxB0=$(link_stats eth0 "$nsB" | cut -d' ' -f2)

# 100 cycles per ip -batch: each cycle creates a pair and a bridge (in
# device group 42), enslaves one end to the busy bridge and the other to
# the new bridge and brings all up; then one request deletes the group's
# 200 devices at once (unregister_netdevice_many: each pair's two ends in
# the same batch, ports and their bridges together).
batch=$(mktemp)
defer rm -f "$batch"
defer ip link del group 42
done_cycles=0
t0=$SECONDS
while [ $done_cycles -lt "$CYCLES" ] && ! out_of_time; do
	: >"$batch"
	for i in $(seq 1 100); do
		cat >>"$batch" <<B
link add dev cA$i group 42 type cveth peer name cB$i
link add dev nb$i group 42 type cbr
link set dev cA$i master busy
link set dev cA$i up
link set dev cB$i master nb$i
link set dev cB$i up
link set dev nb$i up
B
	done
	echo "link del group 42" >>"$batch"
	if ! out=$(ip -batch "$batch" 2>&1); then
		check_fail "cycles $done_cycles..$((done_cycles + 99))" "$(echo "$out" | tail -n 2)"
		break
	fi
	done_cycles=$((done_cycles + 100))
done
counted cycles "$done_cycles" "$CYCLES" "$t0"
check_eq "no device left behind" "$(ip -o link show | wc -l)" "$n0"
rxB1=$(link_stats eth0 "$nsB" | cut -d' ' -f2)
figure "frames_A_to_B_during_churn $((rxB1 - rxB0))"
check_ok "traffic flowed during the churn" test "$rxB1" -gt "$rxB0"
check_ok "A still reaches B" ip netns exec "$nsA" ping -c 1 -W 5 10.9.0.2
exit_status
