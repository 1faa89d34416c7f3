#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# rmmod.sh: 20 rounds of unloading cbr, then cveth, while traffic flows
# through them, and loading them again. Unloading a link-type module
# deletes its devices, in every namespace; what must not happen is a
# splat, a module that stays busy, or a device that survives it.
#
#   $nsA eth0 == pa -- br (cbr) -- pb == eth0 $nsB      UDP A -> B
# kselftest-timeout=900
source "$(dirname "$0")/lib.sh"

require_root
require_cmd ip jq
require_module cveth cbr
require_blast
ROUNDS=${ROUNDS:-$(scaled 20 3)}
stress_time 800

# unload MODULE NS DEV WHAT: rmmod MODULE, which must take DEV in NS
# with it; a failure names the round and WHAT.
unload()
{
	local out
	if ! out=$(rmmod "$1" 2>&1); then
		check_fail "round $done_rounds: rmmod $1 under traffic" "$out"
		return 1
	fi
	if ip -n "$2" link show dev "$3" >/dev/null 2>&1; then
		check_fail "round $done_rounds: $4"
		return 1
	fi
}

setup_ns nsA nsB
done_rounds=0
frames=0
t0=$SECONDS
while [ $done_rounds -lt "$ROUNDS" ] && ! out_of_time; do
	modprobe cveth && modprobe cbr ||
		{ check_fail "round $done_rounds: load the modules"; break; }
	ip -n "$nsB" link add dev br0 type cbr
	ip -n "$nsB" link add dev pb type cveth peer name eth0
	ip -n "$nsB" link set dev pb master br0 up
	ip -n "$nsB" link add dev pa type cveth peer name eth0 netns "$nsA"
	ip -n "$nsB" link set dev pa master br0 up
	ip -n "$nsB" link set dev br0 up
	ip -n "$nsA" addr add 10.6.0.1/24 dev eth0
	ip -n "$nsA" link set dev eth0 up
	ip -n "$nsB" addr add 10.6.0.2/24 dev eth0
	ip -n "$nsB" link set dev eth0 up
	wait_until 30 ip netns exec "$nsA" ping -c 1 -W 1 10.6.0.2 ||
		{ check_fail "round $done_rounds: A reaches B"; break; }
	blast "$nsA" 10.6.0.2
	pid=$BLAST_PID
	wait_until 20 sh -c "[ \$(ip -n $nsB -s -j link show dev eth0 | jq '.[0].stats64.rx.packets') -gt 100 ]" ||
		{ check_fail "round $done_rounds: traffic flows"; kill $pid; break; }
	frames=$((frames + $(link_stats eth0 "$nsB" | cut -d' ' -f2)))
	unload cbr "$nsB" br0 "br0 survived rmmod cbr" || { kill $pid; break; }
	unload cveth "$nsA" eth0 "the pairs survived rmmod cveth" || { kill $pid; break; }
	kill $pid 2>/dev/null
	wait $pid 2>/dev/null
	done_rounds=$((done_rounds + 1))
done
counted rounds "$done_rounds" "$ROUNDS" "$t0"
figure "frames_before_unload $frames"
check_ok "the modules load again" sh -c "modprobe cveth && modprobe cbr"
check_ok "and work" sh -c "ip link add dev rmx type cveth peer name rmy && ip link del dev rmx"
exit_status
