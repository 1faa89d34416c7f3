#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# cveth_lifecycle.sh: how pairs end.
#
#   root                $ns1              $ns2
#   x ============================ y                 namespace of y destroyed
#   c ==== d                                        200 create/delete cycles
#   r1 ========================================= r2  rmmod with live pairs,
#                                     s1 ==== s2     also one wholly in $ns2
#
# Whatever remains when the module goes must go with it, in every
# namespace, and the module must load again afterwards.

source "$(dirname "$0")/lib.sh"

require_root
require_cmd ip
require_module cveth

setup_ns ns1 ns2
sfx=$$
defer ip link del dev "x$sfx"
defer ip link del dev "c$sfx"
defer ip link del dev "r1$sfx"

absent() { ! ip ${2:+-n "$2"} link show dev "$1" >/dev/null 2>&1; }

log "200 create/delete cycles, deleting either end in turn"
n0=$(ip -o link show | wc -l)
# One ip process for all of it (ip -batch stops at the first error): a
# fork per command is what makes this slow under TCG, not cveth.
batch=$(mktemp)
defer rm -f "$batch"
for i in $(seq 0 199); do
	echo "link add dev c$sfx type cveth peer name d$sfx"
	if [ $((i % 2)) -eq 0 ]; then
		echo "link del dev c$sfx"
	else
		echo "link del dev d$sfx"
	fi
done >"$batch"
check_ok "200 cycles completed" ip -batch "$batch"
check_ok "no c left" absent "c$sfx"
check_ok "no d left" absent "d$sfx"
check_eq "link count back to start" "$(ip -o link show | wc -l)" "$n0"

log "destroying the namespace of one end deletes both"
check_ok "pair across root and ns1" \
	ip link add dev "x$sfx" type cveth peer name y netns "$ns1"
check_ok "y in ns1" ip -n "$ns1" link show dev y
check_ok "ip netns del ns1" ip netns del "$ns1"
check_ok "x gone with ns1" wait_until 30 absent "x$sfx"

log "rmmod with live pairs, in several namespaces"
check_ok "pair in root" ip link add dev "r1$sfx" type cveth peer name "r2$sfx"
check_ok "move r2 to ns2" ip link set dev "r2$sfx" netns "$ns2"
check_ok "pair inside ns2" ip -n "$ns2" link add dev s1 type cveth peer name s2
check_ok "both ends up" sh -c "ip link set dev r1$sfx up && ip -n $ns2 link set dev r2$sfx up"
check_ok "modprobe -r cveth" modprobe -r cveth
check_err "module gone" sh -c "lsmod | grep -q '^cveth '"
check_ok "r1 gone" absent "r1$sfx"
check_ok "r2 gone" absent "r2$sfx" "$ns2"
check_ok "s1 gone" absent s1 "$ns2"
check_ok "s2 gone" absent s2 "$ns2"
check_ok "autoload again on ip link add" \
	ip -n "$ns2" link add dev s1 type cveth peer name s2
check_ok "delete it" ip -n "$ns2" link del dev s1

exit_status
