#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# cbr_netfilter.sh: nftables' bridge family filters and counts cbr's frames
# as it does the kernel bridge's. Every step runs on the kernel bridge
# first, as the reference, then on cbr; each counter must match the
# reference and the value written here.
#
#   $h1 eth0 10.3.0.11 == p1 --+
#   $h2 eth0 10.3.0.12 == p2 -- br0 10.3.0.1 ($sw)
#   $h3 eth0 10.3.0.13 == p3 --+
#
# Static neighbours and no IPv6: no frame but the test's own is counted.
# kselftest-timeout=600

source "$(dirname "$0")/lib.sh"

require_root
require_cmd ip nft jq ping
require_module bridge cbr
modprobe nf_tables 2>/dev/null
nft -c -f - >/dev/null 2>&1 <<'N' || skip "nftables has no bridge family here"
table bridge probe {
	chain c {
		type filter hook forward priority 0;
	}
}
N

# Drops, by reason: a trace instance of our own.
trace=/sys/kernel/tracing/instances/cnet_nf$$
mkdir "$trace" 2>/dev/null && echo 1 >"$trace/events/skb/kfree_skb/enable" ||
	skip "no tracefs instance for skb:kfree_skb"
defer rmdir "$trace"
defer "echo 0 >$trace/events/skb/kfree_skb/enable"

mac() { printf '02:00:00:00:03:%02x' "$1"; }
declare -A got	# got[KIND.counter] = packets

build()		# build KIND: the topology with br0 of KIND
{
	local kind=$1 i j ns
	setup_ns sw h1 h2 h3
	for ns in "$sw" "$h1" "$h2" "$h3"; do
		ip netns exec "$ns" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 \
			net.ipv6.conf.default.disable_ipv6=1
	done
	# With br_netfilter (built into the debug kernel), the kernel bridge
	# hands IPv4 to iptables and resumes its forward hooks only above
	# priority 0: the reference runs without that detour.
	if [ -e /proc/sys/net/bridge/bridge-nf-call-iptables ]; then
		ip netns exec "$sw" sysctl -qw net.bridge.bridge-nf-call-iptables=0 \
			net.bridge.bridge-nf-call-ip6tables=0 net.bridge.bridge-nf-call-arptables=0 || true
	fi
	ip -n "$sw" link add dev br0 type "$kind"
	ip -n "$sw" link set dev br0 address "$(mac 1)"
	for i in 1 2 3; do
		ns=$(eval echo "\$h$i")
		ip -n "$sw" link add dev "p$i" type veth peer name eth0 netns "$ns"
		ip -n "$sw" link set dev "p$i" master br0 up
		ip -n "$ns" link set dev eth0 address "$(mac "1$i")" up
		ip -n "$ns" addr add "10.3.0.1$i/24" dev eth0
		ip -n "$ns" neigh add 10.3.0.1 lladdr "$(mac 1)" dev eth0 nud permanent
		ip -n "$sw" neigh add "10.3.0.1$i" lladdr "$(mac "1$i")" dev br0 nud permanent
		for j in 1 2 3; do
			[ "$i" = "$j" ] && continue
			ip -n "$ns" neigh add "10.3.0.1$j" lladdr "$(mac "1$j")" dev eth0 nud permanent
		done
	done
	ip -n "$sw" addr add 10.3.0.1/24 dev br0
	ip -n "$sw" link set dev br0 up
	# Teach the bridge every station: known unicast is forwarded, not
	# flooded, on both kinds.
	for i in 1 2 3; do
		wait_until 20 ip netns exec "$(eval echo "\$h$i")" ping -c 1 -W 1 10.3.0.1 ||
			check_fail "$kind: h$i reaches br0"
	done
}

teardown()	# the namespaces of build (cleanup would run every defer)
{
	local ns
	ip -n "$sw" link del dev br0
	for ns in "${NS_LIST[@]}"; do
		ip netns pids "$ns" | xargs -r kill 2>/dev/null
		ip netns del "$ns"
	done
	NS_LIST=()
}

rules()
{
	ip netns exec "$sw" nft -f - <<'N'
table bridge cnet_test {
	counter pre_bcast {}
	counter post_bcast {}
	counter fwd_drop {}
	counter fwd_p3p2 {}
	counter in_drop {}
	counter in_bcast {}
	counter out_echo {}
	chain prerouting {
		type filter hook prerouting priority 0;
		ether daddr ff:ff:ff:ff:ff:ff ip daddr 10.3.0.255 counter name pre_bcast
	}
	chain forward {
		type filter hook forward priority 0;
		ip saddr 10.3.0.11 ip daddr 10.3.0.12 counter name fwd_drop drop
		iifname "p3" oifname "p2" icmp type echo-request counter name fwd_p3p2
	}
	chain input {
		type filter hook input priority 0;
		ip saddr 10.3.0.13 icmp type echo-request counter name in_drop drop
		ether daddr ff:ff:ff:ff:ff:ff ip daddr 10.3.0.255 counter name in_bcast
	}
	chain output {
		type filter hook output priority 0;
		ip daddr 10.3.0.12 icmp type echo-request counter name out_echo
	}
	chain postrouting {
		type filter hook postrouting priority 0;
		ether daddr ff:ff:ff:ff:ff:ff ip daddr 10.3.0.255 counter name post_bcast
	}
}
N
}

counter() { ip netns exec "$sw" nft -j list counter bridge cnet_test "$1" | jq '.nftables[1].counter.packets'; }
n() { local ns; ns=$(eval echo "\$$1"); shift; ip netns exec "$ns" "$@"; }

scenario()	# scenario KIND
{
	local k=$1 c
	log "$k: baseline, no rules"
	build "$k"
	check_ok "$k: h1 reaches h2" n h1 ping -c 1 -W 2 10.3.0.12
	check_ok "$k: h3 reaches br0" n h3 ping -c 1 -W 2 10.3.0.1
	check_ok "$k: load a bridge table" rules
	echo >"$trace/trace"
	echo 1 >"$trace/tracing_on"

	log "$k: forward: h1 -> h2 dropped, the rest passes"
	check_err "$k: h1 no longer reaches h2" n h1 ping -c 3 -i 0.3 -W 1 10.3.0.12
	check_ok "$k: h1 still reaches h3" n h1 ping -c 1 -W 2 10.3.0.13
	check_ok "$k: h3 still reaches h2" n h3 ping -c 2 -i 0.3 -W 2 10.3.0.12
	log "$k: input: ICMP from h3 to br0 dropped, from h1 not"
	check_err "$k: h3 no longer reaches br0" n h3 ping -c 3 -i 0.3 -W 1 10.3.0.1
	check_ok "$k: h1 still reaches br0" n h1 ping -c 1 -W 2 10.3.0.1
	log "$k: output: what the host sends through br0"
	check_ok "$k: br0 reaches h2" n sw ping -c 2 -i 0.3 -W 2 10.3.0.12
	log "$k: a broadcast from h1: prerouting once, postrouting per port"
	# Nobody answers a broadcast echo (icmp_echo_ignore_broadcasts).
	n h1 ping -b -c 1 -W 1 10.3.0.255 >/dev/null 2>&1
	wait_until 5 test "$(counter post_bcast)" -ge 2

	for c in fwd_drop fwd_p3p2 in_drop in_bcast out_echo pre_bcast post_bcast; do
		got[$k.$c]=$(counter "$c")
	done
	check_ok "$k: the drops were freed with reason NETFILTER_DROP" \
		grep -q 'reason: NETFILTER_DROP' "$trace/trace"

	log "$k: the table removed: traffic restored"
	check_ok "$k: delete the table" n sw nft delete table bridge cnet_test
	check_ok "$k: h1 reaches h2 again" n h1 ping -c 1 -W 2 10.3.0.12
	check_ok "$k: h3 reaches br0 again" n h3 ping -c 1 -W 2 10.3.0.1
	teardown
}

scenario bridge
scenario cbr

declare -A want=(
	[fwd_drop]=3 [fwd_p3p2]=2 [in_drop]=3 [in_bcast]=1 [out_echo]=2
	[pre_bcast]=1 [post_bcast]=2
)
for c in fwd_drop fwd_p3p2 in_drop in_bcast out_echo pre_bcast post_bcast; do
	check_eq "bridge: counter $c" "${got[bridge.$c]}" "${want[$c]}"
	check_eq "cbr: counter $c as on the bridge" "${got[cbr.$c]}" "${got[bridge.$c]}"
done

log "bridge-family conntrack: ct state on forwarded frames"
if modprobe nf_conntrack_bridge 2>/dev/null; then
	for k in bridge cbr; do
		build "$k"
		n sw nft -f - <<'N'
table bridge cnet_ct {
	counter est {}
	chain forward {
		type filter hook forward priority 0;
		ct state established icmp type echo-reply counter name est
	}
}
N
		check_ok "$k: h3 reaches h2 with conntrack" n h3 ping -c 2 -i 0.3 -W 2 10.3.0.12
		got[$k.ct]=$(n sw nft -j list counter bridge cnet_ct est | jq '.nftables[1].counter.packets')
		teardown
	done
	check_eq "bridge: 2 replies seen as established" "${got[bridge.ct]}" 2
	check_eq "cbr: as on the bridge" "${got[cbr.ct]}" "${got[bridge.ct]}"
else
	log "no nf_conntrack_bridge in this kernel: ct state not tested"
fi

log "cbr with br_netfilter loaded (Docker loads it): frames still pass"
if modprobe br_netfilter 2>/dev/null; then
	build cbr
	rules
	check_ok "cbr: h1 reaches h3 with br_netfilter loaded" n h1 ping -c 1 -W 2 10.3.0.13
	check_err "cbr: the forward rule still drops h1 -> h2" n h1 ping -c 1 -W 1 10.3.0.12
	log "cbr: reject in the input chain acts as drop (no bridge port to answer through)"
	n sw nft insert rule bridge cnet_test input ip saddr 10.3.0.11 icmp type echo-request reject
	check_err "cbr: h1 is rejected by br0" n h1 ping -c 1 -W 1 10.3.0.1
	teardown
	modprobe -r br_netfilter 2>/dev/null
else
	log "no br_netfilter module: that case not tested"
fi
exit_status
