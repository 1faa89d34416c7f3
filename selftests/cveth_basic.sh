#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# cveth_basic.sh: the seeds' veth experiments, with type cveth.
#
#   root namespace                 $ns1                 $ns2
#   +-------------+          +-------------+      +-------------+
#   | $a          |==========| $b          |      |             |
#   | 10.1.1.2/24 |  cveth   | 10.1.1.1/24 |      |             |
#   +-------------+          +-------------+      +-------------+
#
#   later: $b moves $ns1 -> $ns2 -> root ("netns 1") and the pair holds.
#
#   the Docker walk (001): $ns1.eth1 <-> h1 -+- br0 (10.2.0.1) -+- h2 <-> $ns2.eth2
#                          10.2.0.11                              10.2.0.12
#
# Exact counters: IPv6 is off and neighbours are static on the pair, so a
# ping of N requests moves exactly N frames each way.

source "$(dirname "$0")/lib.sh"

require_root
require_cmd ip ethtool ping tcpdump iperf3 jq
require_module cveth

a=cva$$
b=cvb$$
setup_ns ns1 ns2
defer ip link del dev "$a"
defer ip link del dev "$b"

n1() { ip netns exec "$ns1" "$@"; }
n2() { ip netns exec "$ns2" "$@"; }

# counter NS DEV COUNTER: one counter of ip -s -j (NS "" = root).
counter()
{
	local nsopt=()
	[ -n "$1" ] && nsopt=(-n "$1")
	ip "${nsopt[@]}" -s -j link show dev "$2" | jq -r ".[0].stats64.$3"
}

ifindex() { ip ${1:+-n "$1"} -j link show dev "$2" | jq -r '.[0].ifindex'; }

no_ipv6() { ip netns exec "$1" sysctl -qw "net.ipv6.conf.$2.disable_ipv6=1"; }

# check_drop_reason NAME REASON CMD...: CMD makes cveth_xmit drop a frame
# and the skb:kfree_skb tracepoint names REASON.
check_drop_reason()
{
	local name=$1 reason=$2 tr
	shift 2
	if [ -z "${TRACE:-}" ] || [ ! -w "$TRACE/events/skb/kfree_skb/enable" ]; then
		log "no tracefs: $name not checked"
		return
	fi
	tr=$TRACE
	echo 0 >$tr/tracing_on
	echo >$tr/trace
	echo 1 >$tr/events/skb/kfree_skb/enable
	echo 1 >$tr/tracing_on
	"$@" >/dev/null 2>&1
	echo 0 >$tr/tracing_on
	echo 0 >$tr/events/skb/kfree_skb/enable
	# 6.12 prints the location as a symbol; 6.1 only as a hashed pointer.
	if grep -q "location=[a-z_]" $tr/trace; then
		check_ok "$name" grep -Eq "location=cveth_xmit.*reason: $reason" $tr/trace
	else
		check_ok "$name" grep -Eq "reason: $reason" $tr/trace
	fi
}

trace_instance cveth || TRACE=

log "create, as in 004: ip link add dev A type cveth peer name B"
check_ok "create pair" ip link add dev "$a" type cveth peer name "$b"
ip link show dev "$a" >/dev/null 2>&1 || exit_status	# nothing else can pass
check_eq "kind" "$(ip -d -j link show dev "$a" | jq -r '.[0].linkinfo.info_kind')" cveth
check_ok "move B to ns1" ip link set dev "$b" netns "$ns1"
sysctl -qw "net.ipv6.conf.$a.disable_ipv6=1"
no_ipv6 "$ns1" "$b"
check_ok "address B" n1 ip addr add 10.1.1.1/24 dev "$b"
check_ok "address A" ip addr add 10.1.1.2/24 dev "$a"

log "carrier: on only while both ends are up"
ip link set dev "$a" up
check_eq "A up, B down: no carrier" "$(cat /sys/class/net/"$a"/carrier)" 0
check_ok "A up, B down: lowerlayerdown" wait_until 10 \
	sh -c "ip -j link show dev $a | jq -e '.[0].operstate == \"LOWERLAYERDOWN\"'"
n1 ip link set dev "$b" up
check_eq "both up: carrier on A" "$(cat /sys/class/net/"$a"/carrier)" 1
check_eq "both up: carrier on B" "$(n1 cat /sys/class/net/"$b"/carrier)" 1
check_ok "operstate UP" wait_until 10 \
	sh -c "ip -j link show dev $a | jq -e '.[0].operstate == \"UP\"'"

log "ping both ways (004 1.2)"
check_ok "ping root -> ns1" wait_until 10 ping -c 1 -W 1 10.1.1.1
check_ok "ping ns1 -> root" n1 ping -c 1 -W 2 10.1.1.2

log "the peer found three ways (004 3.1-3.3)"
ia=$(ifindex "" "$a")
ib=$(ifindex "$ns1" "$b")
check_eq "iflink of B is A" "$(n1 cat /sys/class/net/"$b"/iflink)" "$ia"
check_eq "iflink of A is B" "$(cat /sys/class/net/"$a"/iflink)" "$ib"
check_ok "ip link shows B@ifA" sh -c "ip -n $ns1 link show dev $b | grep -q '$b@if$ia:'"
check_ok "ip link shows A@ifB" sh -c "ip link show dev $a | grep -q '$a@if$ib:'"
check_ok "link-netnsid on A" sh -c "ip -j link show dev $a | jq -e '.[0].link_netnsid != null'"
check_eq "ethtool -S: peer_ifindex first" \
	"$(n1 ethtool -S "$b" | sed -n 2p | tr -d ' ')" "peer_ifindex:$ia"
check_eq "ip -d link: peer ifindex" \
	"$(ip -d -j link show dev "$a" | jq -r '.[0].linkinfo.info_data.peer_ifindex')" "$ib"

log "ethtool"
check_eq "ethtool -i driver" "$(ethtool -i "$a" | sed -n 's/^driver: //p')" cveth
check_eq "ethtool -i version" "$(ethtool -i "$a" | sed -n 's/^version: //p')" \
	"$CNET_VERSION"
check_eq "speed" "$(ethtool "$a" | sed -n 's/^\s*Speed: //p')" 10000Mb/s
check_eq "duplex" "$(ethtool "$a" | sed -n 's/^\s*Duplex: //p')" Full
check_eq "link detected" "$(ethtool "$a" | sed -n 's/^\s*Link detected: //p')" yes
feat() { ethtool -k "$1" | sed -n "s/^\s*$2: \([a-z]*\).*/\1/p"; }
for f in scatter-gather tx-checksum-ip-generic tcp-segmentation-offload \
	 generic-segmentation-offload tx-vlan-offload rx-vlan-offload \
	 highdma tx-sctp-segmentation; do
	check_eq "offload $f on" "$(feat "$a" "$f")" on
done
check_eq "generic-receive-offload off (as veth)" "$(feat "$a" generic-receive-offload)" off
check_ok "ethtool -K tso off" ethtool -K "$a" tso off
check_eq "tso now off" "$(feat "$a" tcp-segmentation-offload)" off
check_ok "ethtool -K tso on" ethtool -K "$a" tso on
check_eq "tso on again" "$(feat "$a" tcp-segmentation-offload)" on
check_ok "ethtool -K sg off" ethtool -K "$a" sg off
check_eq "sg off" "$(feat "$a" scatter-gather)" off
ethtool -K "$a" sg on tso on >/dev/null 2>&1

log "exact counters after a known exchange"
ma=$(ip -j link show dev "$a" | jq -r '.[0].address')
mb=$(n1 ip -j link show dev "$b" | jq -r '.[0].address')
ip neigh replace 10.1.1.1 lladdr "$mb" nud permanent dev "$a"
n1 ip neigh replace 10.1.1.2 lladdr "$ma" nud permanent dev "$b"
tx0=$(counter "" "$a" tx.packets); txb0=$(counter "" "$a" tx.bytes)
rx0=$(counter "" "$a" rx.packets); rxb0=$(counter "" "$a" rx.bytes)
check_ok "ping -c 5 -s 100" ping -c 5 -i 0.2 -s 100 -W 2 10.1.1.1
# 5 x (14 Ethernet + 20 IPv4 + 8 ICMP + 100) = 710 bytes each way.
check_eq "A tx packets" $(($(counter "" "$a" tx.packets) - tx0)) 5
check_eq "A tx bytes" $(($(counter "" "$a" tx.bytes) - txb0)) 710
check_eq "A rx packets" $(($(counter "" "$a" rx.packets) - rx0)) 5
check_eq "A rx bytes" $(($(counter "" "$a" rx.bytes) - rxb0)) 710
check_eq "B rx = A tx" "$(counter "$ns1" "$b" rx.packets)" "$(counter "" "$a" tx.packets)"
check_eq "B tx = A rx" "$(counter "$ns1" "$b" tx.bytes)" "$(counter "" "$a" rx.bytes)"

log "tcpdump on an end (004 4.1)"
cap=$(mktemp)
defer rm -f "$cap"
n1 timeout 30 tcpdump -l -n -i "$b" -c 2 icmp >"$cap" 2>"$cap.err" &
tcpdump_pid=$!
defer rm -f "$cap.err"
wait_until 15 grep -q "listening on" "$cap.err"
ping -c 1 -W 2 10.1.1.1 >/dev/null
wait $tcpdump_pid
check_ok "tcpdump sees the request" grep -q "10.1.1.2 > 10.1.1.1: ICMP echo request" "$cap"
check_ok "tcpdump sees the reply" grep -q "10.1.1.1 > 10.1.1.2: ICMP echo reply" "$cap"

log "iperf3 across"
n1 iperf3 -s -1 -D -B 10.1.1.1 >/dev/null 2>&1
check_ok "iperf3 server listening" wait_until 15 \
	sh -c "ip netns exec $ns1 ss -Hltn sport = :5201 | grep -q 5201"
bps=$(timeout 60 iperf3 -c 10.1.1.1 -t 2 -J 2>/dev/null | jq -r '.end.sum_received.bits_per_second // 0')
check_ok "iperf3 moved data ($bps bit/s)" test "${bps%.*}" -gt 0
check_eq "counters agree after TCP" "$(counter "$ns1" "$b" rx.bytes)" "$(counter "" "$a" tx.bytes)"

log "MTU 68..65535; frames too big for the peer are dropped and counted"
check_err "mtu 67 refused" ip link set dev "$a" mtu 67
check_err "mtu 65536 refused" ip link set dev "$a" mtu 65536
check_ok "mtu 68" ip link set dev "$a" mtu 68
check_ok "mtu 65535" ip link set dev "$a" mtu 65535
ip link set dev "$a" mtu 1500
check_ok "B mtu 1000" n1 ip link set dev "$b" mtu 1000
txd0=$(counter "" "$a" tx.dropped)
rxd0=$(counter "$ns1" "$b" rx.dropped)
check_err "1400-byte ping does not pass" ping -c 1 -W 1 -s 1400 10.1.1.1
check_eq "A tx_dropped +1" $(($(counter "" "$a" tx.dropped) - txd0)) 1
check_eq "B rx_dropped +1" $(($(counter "$ns1" "$b" rx.dropped) - rxd0)) 1
check_eq "ethtool -S tx_drops" "$(ethtool -S "$a" | awk '/tx_drops:/ {print $2}')" \
	"$(counter "" "$a" tx.dropped)"
check_ok "small ping still passes" ping -c 1 -W 2 -s 900 10.1.1.1

check_drop_reason "skb:kfree_skb in cveth_xmit says PKT_TOO_BIG" PKT_TOO_BIG \
	ping -c 1 -W 1 -s 1400 10.1.1.1
n1 ip link set dev "$b" mtu 1500

log "peer down: carrier off; a frame sent anyway is dropped"
n1 ip link set dev "$b" down
check_eq "B down: no carrier on A" "$(cat /sys/class/net/"$a"/carrier)" 0
check_err "no ping while B is down" ping -c 1 -W 1 10.1.1.1
# Without carrier the stack parks A behind the noop qdisc, as for veth, and
# even a packet socket with PACKET_QDISC_BYPASS (20) is refused by the core
# (dev_direct_xmit checks carrier): ENOBUFS, counted in A's tx_dropped.
# cveth_xmit's own DEV_READY drop is only for a peer going down mid-send.
# raw_frame: 0 sent, 3 refused by the core (ENOBUFS), 1 anything else.
raw_frame()
{
	python3 -c "
import socket, sys
s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
s.setsockopt(263, 20, 1)
s.bind(('$a', 0))
try:
    s.send(b'\xff' * 6 + bytes.fromhex('020000000a01') + b'\x08\x06' + bytes(46))
except OSError as e:
    sys.exit(3 if e.errno == 105 else 1)"
}
# A frame of the stack's own (a late ping, a report) may be dropped in
# the same window on a loaded machine: up to three tries, each of which
# must count exactly one drop for the one frame.
for try in 1 2 3; do
	txd0=$(counter "" "$a" tx.dropped)
	rxd0=$(counter "$ns1" "$b" rx.dropped)
	raw_frame
	raw_rc=$?
	txd=$(($(counter "" "$a" tx.dropped) - txd0))
	[ "$txd" = 1 ] && break
	log "try $try: A tx_dropped +$txd for one frame; again"
done
check_ok "raw frame sent or refused by the core (rc $raw_rc)" test $raw_rc -ne 1
check_eq "A tx_dropped +1 while B down" "$txd" 1
if [ $raw_rc -eq 0 ]; then
	# A kernel that lets it through: cveth_xmit drops it.
	check_eq "B rx_dropped +1 while down" $(($(counter "$ns1" "$b" rx.dropped) - rxd0)) 1
	check_drop_reason "skb:kfree_skb in cveth_xmit says DEV_READY" DEV_READY raw_frame
else
	check_eq "B rx_dropped unchanged" $(($(counter "$ns1" "$b" rx.dropped) - rxd0)) 0
fi
n1 ip link set dev "$b" up
check_ok "ping again once B is up" wait_until 10 ping -c 1 -W 1 10.1.1.1

log "promiscuous mode (004 6)"
check_ok "promisc on" ip link set dev "$a" promisc on
check_ok "PROMISC flag" sh -c "ip link show dev $a | grep -q PROMISC"
check_ok "promisc off" ip link set dev "$a" promisc off
check_err "PROMISC flag gone" sh -c "ip link show dev $a | grep -q PROMISC"
check_ok "MAC change while up" ip link set dev "$a" address 02:00:00:00:0a:01
check_ok "ping after MAC change" sh -c "ip netns exec $ns1 ip neigh replace 10.1.1.2 \
	lladdr 02:00:00:00:0a:01 nud permanent dev $b && ping -c 1 -W 2 10.1.1.1"

log "namespace moves: ns1 -> ns2 -> root (netns 1), the pair holds"
check_ok "move B ns1 -> ns2" n1 ip link set dev "$b" netns "$ns2"
check_err "B gone from ns1" n1 ip link show dev "$b"
check_eq "iflink survives the move" "$(n2 cat /sys/class/net/"$b"/iflink)" "$ia"
no_ipv6 "$ns2" "$b"
n2 ip addr add 10.1.1.1/24 dev "$b"
n2 ip link set dev "$b" up
check_ok "ping root -> ns2" wait_until 10 ping -c 1 -W 1 10.1.1.1
check_ok "move B back with netns 1" n2 ip link set dev "$b" netns 1
check_ok "B in root" ip link show dev "$b"
check_ok "same namespace: A@B" sh -c "ip link show dev $a | grep -q '$a@$b:'"
check_eq "ip -d link: peer name" \
	"$(ip -d -j link show dev "$a" | jq -r '.[0].linkinfo.info_data.peer_ifname')" "$b"
ip netns exec "$ns1" sleep 120 &
sleeper=$!
defer kill $sleeper
check_ok "a process in ns1" wait_until 10 sh -c "[ \"\$(readlink /proc/$sleeper/ns/net)\" = \"\$(ip netns exec $ns1 readlink /proc/self/ns/net)\" ]"
check_ok "move B to ns1 by pid" ip link set dev "$b" netns "$sleeper"
check_ok "B in ns1" n1 ip link show dev "$b"

log "deleting either end deletes both"
check_ok "delete A" ip link del dev "$a"
check_err "A gone" ip link show dev "$a"
check_err "B gone" n1 ip link show dev "$b"
check_err "B gone (root)" ip link show dev "$b"

log "default peer name, as veth's"
before=$(ip -j link show type cveth | jq length)
check_ok "create without peer" ip link add dev "$a" type cveth
check_eq "two devices" "$(ip -j link show type cveth | jq length)" $((before + 2))
peer=$(ip -j link show type cveth | jq -r ".[] | select(.ifname != \"$a\") | select(.link == \"$a\") | .ifname" | head -n 1)
check_ok "peer named cvethN ($peer)" sh -c "echo '$peer' | grep -Eq '^cveth[0-9]+$'"
check_ok "delete the peer" ip link del dev "$peer"
check_err "A deleted with it" ip link show dev "$a"

log "the peer's own options"
check_ok "peer address mtu txqueuelen netns" ip link add dev "$a" address 02:00:00:00:00:0a \
	mtu 9000 type cveth peer name "$b" address 02:00:00:00:00:0b mtu 1400 \
	txqueuelen 77 netns "$ns1"
check_eq "peer address" "$(n1 ip -j link show dev "$b" | jq -r '.[0].address')" 02:00:00:00:00:0b
check_eq "peer mtu" "$(n1 ip -j link show dev "$b" | jq -r '.[0].mtu')" 1400
check_eq "peer txqlen" "$(n1 ip -j link show dev "$b" | jq -r '.[0].txqlen')" 77
check_eq "own address" "$(ip -j link show dev "$a" | jq -r '.[0].address')" 02:00:00:00:00:0a
check_eq "own mtu" "$(ip -j link show dev "$a" | jq -r '.[0].mtu')" 9000

log "bad input: clear errors, nothing created"
count() { ip -j link show type cveth | jq length; }
c0=$(count)
check_err_msg "same name" "differ" ip link add dev cvdup$$ type cveth peer name cvdup$$
check_err_msg "peer name exists" "already in use" ip link add dev cvx$$ type cveth peer name lo
check_err_msg "missing netns" "netns|Invalid" ip link add dev cvx$$ type cveth peer name cvy$$ netns nosuchns$$
check_err_msg "missing netns pid" "namespace not found" \
	ip link add dev cvx$$ type cveth peer name cvy$$ netns 999999
check_err_msg "peer mtu 67" "MTU" ip link add dev cvx$$ type cveth peer name cvy$$ mtu 67
check_err_msg "peer mtu 65536" "MTU" ip link add dev cvx$$ type cveth peer name cvy$$ mtu 65536
check_err_msg "peer multicast address" "unicast" \
	ip link add dev cvx$$ type cveth peer name cvy$$ address 01:00:5e:00:00:01
check_err_msg "zero address" "unicast" \
	ip link add dev cvx$$ address 00:00:00:00:00:00 type cveth peer name cvy$$
check_err "peer name over IFNAMSIZ" ip link add dev cvx$$ type cveth peer name abcdefghijklmnopq
check_err_msg "unknown option" "unknown option" ip link add dev cvx$$ type cveth bogus
check_eq "nothing created" "$(count)" "$c0"
check_err "no leftover cvx" ip link show dev cvx$$
check_err "no leftover cvy" ip link show dev cvy$$

log "the Docker walk (001): two namespaces behind a bridge"
if modprobe bridge 2>/dev/null; then
	br=cvbr$$
	defer ip link del dev "$br"
	defer ip link del dev h1-$$
	defer ip link del dev h2-$$
	ip link add dev "$br" type bridge
	ip addr add 10.2.0.1/24 dev "$br"
	ip link set dev "$br" up
	check_ok "pair 1" ip link add dev h1-$$ type cveth peer name eth1 netns "$ns1"
	check_ok "pair 2" ip link add dev h2-$$ type cveth peer name eth2 netns "$ns2"
	n1 ip addr add 10.2.0.11/24 dev eth1
	n2 ip addr add 10.2.0.12/24 dev eth2
	n1 ip link set dev eth1 up
	n2 ip link set dev eth2 up
	for h in h1-$$ h2-$$; do
		ip link set dev "$h" master "$br"
		ip link set dev "$h" up
	done
	n1 ip route add default via 10.2.0.1
	n2 ip route add default via 10.2.0.1
	check_ok "container1 -> container2" wait_until 15 n1 ping -c 1 -W 1 10.2.0.12
	check_ok "container2 -> bridge" n2 ping -c 1 -W 2 10.2.0.1
	check_ok "bridge link lists the port" sh -c "bridge link show | grep -q 'h1-$$@'"
else
	log "no bridge module: Docker walk skipped"
fi

exit_status
