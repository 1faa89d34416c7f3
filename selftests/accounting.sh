#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# accounting.sh: nothing vanishes uncounted. After a load of small frames
# and of frames too big for the far side, what one side sent equals what
# the other received plus the drops that were counted.
#
#   cveth:  $ns1 a ============ b $ns2        b's MTU 1000: 1400-byte
#                                              datagrams are dropped
#   cbr:    $ns1 h1 == p1 -- br (cbr) -- p2 == h2 $ns2      p2's MTU 1000
#
# Static neighbours and no IPv6 keep other frames out of the counts; nft
# counters on the IP hooks count what the stacks handed down and got.

source "$(dirname "$0")/lib.sh"

require_root
require_cmd ip jq nft
require_module cveth cbr
[ -x "$BLAST" ] || skip "no $BLAST (make -C selftests builds it)"

setup_ns ns1 ns2

# st NS DEV FIELD: one stats64 counter, e.g. "tx.packets".
st() { ip ${1:+-n "$1"} -s -j link show dev "$2" | jq ".[0].stats64.$3"; }
noipv6() { ip netns exec "$1" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1; }
counters()	# counters NS: an nft table counting our UDP out and in
{
	ip netns exec "$1" nft -f - <<N
table inet acct {
	chain out {
		type filter hook output priority 0;
		udp dport 9 counter
	}
	chain pre {
		type filter hook prerouting priority 0;
		udp dport 9 counter
	}
}
N
}
nft_count()	# nft_count NS CHAIN: packets its counter saw
{
	ip netns exec "$1" nft -j list chain inet acct "$2" |
		jq '[.nftables[] | select(.rule) | .rule.expr[] | select(.counter) | .counter.packets] | add'
}
blast()	# blast NS DST: two seconds of small, then of 1400-byte datagrams
{
	ip netns exec "$1" "$BLAST" send "$2" 9 2 18 >/dev/null
	ip netns exec "$1" "$BLAST" send "$2" 9 2 1400 >/dev/null
}

noipv6 "$ns1"
noipv6 "$ns2"
counters "$ns1"
counters "$ns2"

log "cveth: a ($ns1) -> b ($ns2)"
ip -n "$ns1" link add dev a type cveth peer name b netns "$ns2"
ip -n "$ns2" link set dev b mtu 1000
ip -n "$ns1" addr add 10.4.0.1/24 dev a
ip -n "$ns2" addr add 10.4.0.2/24 dev b
ip -n "$ns1" link set dev a up
ip -n "$ns2" link set dev b up
ip -n "$ns1" neigh add 10.4.0.2 lladdr "$(ip -n "$ns2" -j link show dev b | jq -r '.[0].address')" dev a nud permanent
ip -n "$ns2" neigh add 10.4.0.1 lladdr "$(ip -n "$ns1" -j link show dev a | jq -r '.[0].address')" dev b nud permanent
tx0=$(st "$ns1" a tx.packets); txd0=$(st "$ns1" a tx.dropped)
rx0=$(st "$ns2" b rx.packets); rxd0=$(st "$ns2" b rx.dropped)
blast "$ns1" 10.4.0.2
sent=$(nft_count "$ns1" out)
tx=$(( $(st "$ns1" a tx.packets) - tx0 )); txd=$(( $(st "$ns1" a tx.dropped) - txd0 ))
rx=$(( $(st "$ns2" b rx.packets) - rx0 )); rxd=$(( $(st "$ns2" b rx.dropped) - rxd0 ))
got=$(nft_count "$ns2" pre)
log "stack sent $sent; a: tx $tx, tx_dropped $txd; b: rx $rx, rx_dropped $rxd; stack got $got"
check_ok "frames were sent, and some were too big" test "$sent" -gt 0 -a "$txd" -gt 0
check_eq "what the stack sent = a's tx + a's tx drops" "$((tx + txd))" "$sent"
check_eq "a's tx = b's rx" "$rx" "$tx"
check_eq "b's rx = what b's stack got" "$got" "$rx"
check_eq "the frames b refused are counted on b too" "$rxd" "$txd"
ip -n "$ns1" link del dev a

log "cbr: h1 ($ns1) -> p1 -- br -- p2 -> h2 ($ns2)"
br=acbr$$
defer ip link del dev "$br"
ip link add dev "$br" type cbr
ip link add dev p1 type cveth peer name h1 netns "$ns1"
ip link add dev p2 type cveth peer name h2 netns "$ns2"
defer ip link del dev p1
defer ip link del dev p2
sysctl -qw "net.ipv6.conf.$br.disable_ipv6=1" net.ipv6.conf.p1.disable_ipv6=1 net.ipv6.conf.p2.disable_ipv6=1
ip link set dev p1 master "$br" up
ip link set dev p2 master "$br" up
ip link set dev p2 mtu 1000
ip link set dev "$br" up
ip -n "$ns1" addr add 10.4.1.1/24 dev h1
ip -n "$ns2" addr add 10.4.1.2/24 dev h2
ip -n "$ns1" link set dev h1 up
ip -n "$ns2" link set dev h2 up
h1mac=$(ip -n "$ns1" -j link show dev h1 | jq -r '.[0].address')
h2mac=$(ip -n "$ns2" -j link show dev h2 | jq -r '.[0].address')
ip -n "$ns1" neigh add 10.4.1.2 lladdr "$h2mac" dev h1 nud permanent
ip -n "$ns2" neigh add 10.4.1.1 lladdr "$h1mac" dev h2 nud permanent
# The bridge learns both stations from one ping; then it forwards, never
# floods, so every frame in has exactly one way out.
check_ok "h1 reaches h2 through the bridge" ip netns exec "$ns1" ping -c 1 -W 5 10.4.1.2
# Fresh counters (nft 1.0.6 resets only named counters).
for ns in "$ns1" "$ns2"; do
	ip netns exec "$ns" nft delete table inet acct
	counters "$ns"
done
in0=$(st "" p1 rx.packets); out0=$(st "" p2 tx.packets); bd0=$(st "" "$br" tx.dropped)
rx0=$(st "$ns2" h2 rx.packets)
blast "$ns1" 10.4.1.2
sent=$(nft_count "$ns1" out)
in=$(( $(st "" p1 rx.packets) - in0 ))
out=$(( $(st "" p2 tx.packets) - out0 ))
bd=$(( $(st "" "$br" tx.dropped) - bd0 ))
rx=$(( $(st "$ns2" h2 rx.packets) - rx0 ))
got=$(nft_count "$ns2" pre)
log "stack sent $sent; p1 rx $in; p2 tx $out; bridge tx_dropped $bd; h2 rx $rx; stack got $got"
check_ok "some frames were too big for p2" test "$bd" -gt 0
check_eq "what entered the bridge = what the stack sent" "$in" "$sent"
check_eq "in = out through p2 + the bridge's drops" "$((out + bd))" "$in"
check_eq "p2's tx = h2's rx" "$rx" "$out"
check_eq "h2's rx = what h2's stack got" "$got" "$rx"
exit_status
