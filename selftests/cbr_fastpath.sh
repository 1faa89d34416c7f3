#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# cbr_fastpath.sh: cbr's fast path (Documentation/performance.rst) hands a
# frame for a cveth port straight to the port's peer. Nothing else may
# tell the two paths apart: every step runs with `fastpath on` and again
# with `fastpath off`, and expects the same counts from the ports, the
# hosts, netfilter, tc and tcpdump; only `ethtool -S cbr0` (fastpath,
# fastpath_declined) says which way the frames went.
#
#   $h1 eth0 10.9.0.11 == p1 --+
#   $h2 eth0 10.9.0.12 == p2 -- cbr0 10.9.0.1 ($sw)
#   $h3 eth0 10.9.0.13 == p3 --+
#        ($sw) e4 10.8.0.14 == p4 --'    (== : a cveth pair)
#
#   and in $h2, VLAN 10 bridged by a cbr of its own (nested fast paths):
#   $h1 eth0.10 10.10.0.11 ... $h2 eth0.10 -- br2 -- q1 == q2 10.10.0.12
#
# Static neighbours and no IPv6: no frame but the test's own.
# kselftest-timeout=600

source "$(dirname "$0")/lib.sh"

require_root
require_cmd ip bridge ethtool nft tc tcpdump ping python3 jq
require_module cveth cbr nf_tables nf_conntrack_bridge sch_ingress \
	cls_matchall act_gact

TMP=$(mktemp -d)
defer rm -rf "$TMP"

mac() { printf '02:00:00:00:09:%02x' "$1"; }
sw_() { ip netns exec "$sw" "$@"; }
hx() { local n; n=$(eval echo "\$h$1"); shift; ip netns exec "$n" "$@"; }

setup_ns sw h1 h2 h3
for n in "$sw" "$h1" "$h2" "$h3"; do
	ip netns exec "$n" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 \
		net.ipv6.conf.default.disable_ipv6=1
done
check_ok "create cbr0" ip -n "$sw" link add dev cbr0 type cbr
check_eq "fastpath is on by default" \
	"$(ip -n "$sw" -d -j link show dev cbr0 | jq -r '.[0].linkinfo.info_data.fastpath')" on
ip -n "$sw" link set dev cbr0 address "$(mac 1)"
for i in 1 2 3; do
	ns=$(eval echo "\$h$i")
	ip -n "$sw" link add dev "p$i" type cveth peer name eth0 netns "$ns"
	ip -n "$ns" link set dev eth0 address "$(mac "1$i")"
	ip -n "$ns" addr add "10.9.0.1$i/24" dev eth0
	ip -n "$ns" link set dev eth0 up
	ip -n "$sw" link set dev "p$i" master cbr0 up
done
ip -n "$sw" addr add 10.9.0.1/24 dev cbr0
ip -n "$sw" link set dev cbr0 up
# p4's peer stays in the bridge's namespace: no namespace crossing there.
ip -n "$sw" link add dev p4 type cveth peer name e4
ip -n "$sw" link set dev e4 address "$(mac 14)"
ip -n "$sw" addr add 10.8.0.14/24 dev e4
ip -n "$sw" link set dev e4 up
ip -n "$sw" link set dev p4 master cbr0 up
check_ok "e4's address is static in cbr0's FDB" \
	bridge -n "$sw" fdb add "$(mac 14)" dev cbr0 via p4 static
hx 1 ip route add 10.8.0.14/32 dev eth0
hx 1 ip neigh replace 10.8.0.14 lladdr "$(mac 14)" dev eth0
# VLAN 10 from h1 to q2, through cbr0 and then br2 in h2.
hx 1 ip link add link eth0 name eth0.10 type vlan id 10
hx 1 ip addr add 10.10.0.11/24 dev eth0.10
hx 1 ip link set dev eth0.10 up
hx 2 ip link add link eth0 name eth0.10 type vlan id 10
hx 2 ip link add dev br2 type cbr
hx 2 ip link add dev q1 type cveth peer name q2
hx 2 ip link set dev q2 address "$(mac 22)"
hx 2 ip addr add 10.10.0.12/24 dev q2
for d in eth0.10 q1; do hx 2 ip link set dev "$d" master br2 up; done
hx 2 ip link set dev q2 up
hx 2 ip link set dev br2 up
hx 1 ip neigh replace 10.10.0.12 lladdr "$(mac 22)" dev eth0.10
hx 2 ip neigh replace 10.10.0.11 lladdr "$(mac 11)" dev q2
# host_neigh I: host I's static neighbours (link down flushes them)
host_neigh()
{
	local j
	for j in 1 2 3; do
		[ "$1" = "$j" ] && continue
		hx "$1" ip neigh replace "10.9.0.1$j" lladdr "$(mac "1$j")" dev eth0
	done
	hx "$1" ip neigh replace 10.9.0.1 lladdr "$(mac 1)" dev eth0
}
for i in 1 2 3; do
	ip -n "$sw" neigh replace "10.9.0.1$i" lladdr "$(mac "1$i")" dev cbr0
	host_neigh "$i"
done
check_ok "ports up" wait_until 20 sh -c \
	"ip -n $sw -j link show master cbr0 | jq -e 'all(.[]; .operstate == \"UP\")' && [ \$(ip -n $sw -j link show master cbr0 | jq length) = 4 ]"
check_ok "br2's ports up" wait_until 20 sh -c \
	"ip -n $h2 -j link show master br2 | jq -e 'all(.[]; .operstate == \"UP\" or .operstate == \"UNKNOWN\")'"

# Every station known to cbr0 before the counting starts.
for i in 1 2 3; do
	check_ok "h$i reaches the gateway" hx "$i" ping -q -c 1 -W 5 10.9.0.1
done
check_ok "h1 reaches q2 over VLAN 10" hx 1 ping -q -c 1 -W 5 10.10.0.12

ping12() { hx 1 ping -q -c "$1" -i 0.2 -W 5 "${@:2}" 10.9.0.12 >/dev/null; }

# snap NAME: every counter the steps compare, in $TMP/snap.NAME (as few
# processes as can read them: each costs about 0.1 s under TCG)
snap()
{
	{
		ip -n "$sw" -s -j link show | jq -r '.[] | select(.ifname | test("^p[0-9]$")) |
			"\(.ifname)_tx \(.stats64.tx.packets)", "\(.ifname)_txdrop \(.stats64.tx.dropped)"'
		sw_ ethtool -S cbr0 | awk '$1 == "fastpath:" { print "fast", $2 }
			$1 == "fastpath_declined:" { print "declined", $2 }'
		for i in 1 2 3; do
			ip -n "$(eval echo "\$h$i")" -s -j link show dev eth0 |
				jq -r --arg h "h$i" '.[0].stats64.rx |
					"\($h)_rx \(.packets)", "\($h)_rxdrop \(.dropped)"'
		done
	} >"$TMP/snap.$1"
}
deltas() # NAME KEY...: "KEY=N ...", each KEY now minus KEY at snap NAME
{
	snap now
	awk -v keys="${*:2}" 'FNR == NR { was[$1] = $2; next } { now[$1] = $2 }
		END { n = split(keys, k, " ")
		      for (i = 1; i <= n; i++)
			      printf "%s%s=%d", (i > 1 ? " " : ""), k[i], now[k[i]] - was[k[i]]
		      print "" }' "$TMP/snap.$1" "$TMP/snap.now"
}
delta() { deltas "$1" "$2" | cut -d= -f2; }

# listen NAME NS-CMD... -- tcpdump ARGS: a capture, ready when it listens
listen()
{
	local name=$1
	shift
	"$@" >"$TMP/$name.cap" 2>"$TMP/$name.err" &
	wait_until 20 grep -q "listening on" "$TMP/$name.err" ||
		check_fail "tcpdump $name listening" "$(cat "$TMP/$name.err")"
}

sum_counter() # FAMILY TABLE CHAIN [NS-CMD]: the packets of its counters
{
	"${@:4}" nft -j list chain "$1" "$2" "$3" |
		jq '[.nftables[].rule? // empty | .expr[] | .counter? // empty | .packets] | add // 0'
}

for mode in on off; do
	if [ "$mode" = on ]; then f=1; else f=0; fi
	check_ok "[$mode] ip link set cbr0 type cbr fastpath $mode" \
		ip -n "$sw" link set dev cbr0 type cbr fastpath "$mode"
	check_eq "[$mode] ip -d link show says fastpath $mode" \
		"$(ip -n "$sw" -d link show dev cbr0 | grep -o "fastpath [a-z]*")" "fastpath $mode"

	log "[$mode] unicast, container to container: counters, hooks, taps, scrubbing"
	sw_ nft -f - <<-'N'
	table bridge cnetfp {
		chain c_pre {
			type filter hook prerouting priority 0;
			ip protocol icmp meta mark set 42 ct mark set 7
		}
		chain c_fwd { type filter hook forward priority 0; ip protocol icmp counter; }
		chain c_post { type filter hook postrouting priority 0; ip protocol icmp counter; }
		chain c_marked {
			type filter hook postrouting priority 1;
			meta mark 42 ct mark 7 counter
		}
	}
	table inet cnetfp {
		chain c_e4 {
			type filter hook input priority 0;
			iifname "e4" ip protocol icmp counter
		}
		chain c_e4mark {
			type filter hook input priority 0;
			iifname "e4" ip protocol icmp meta mark 42 counter
		}
	}
	N
	for i in 1 2; do
		hx "$i" nft -f - <<-'N'
		table inet cnetfp {
			chain c_mark { type filter hook input priority 0; meta mark 42 counter; }
			chain c_ct { type filter hook input priority 0; ct mark 7 counter; }
			chain c_icmp { type filter hook input priority 0; ip protocol icmp counter; }
		}
		N
	done
	listen out.$mode sw_ timeout 60 tcpdump -l -n -Q out -i p2 -c 5 icmp
	listen in.$mode hx 2 timeout 60 tcpdump -l -n -Q in -i eth0 -c 5 icmp
	snap a
	check_ok "[$mode] h1 pings h2" ping12 5
	check_eq "[$mode] port and container counters" \
		"$(deltas a p2_tx h2_rx p1_tx h1_rx p3_tx h3_rx)" \
		"p2_tx=5 h2_rx=5 p1_tx=5 h1_rx=5 p3_tx=0 h3_rx=0"
	check_eq "[$mode] frames that took the fast path" \
		"$(deltas a fast declined)" "fast=$((10 * f)) declined=0"
	check_eq "[$mode] bridge FORWARD and POST_ROUTING counted both ways, marked" \
		"$(sum_counter bridge cnetfp c_fwd sw_) $(sum_counter bridge cnetfp c_post sw_) $(sum_counter bridge cnetfp c_marked sw_)" "10 10 10"
	check_eq "[$mode] mark and conntrack scrubbed crossing into h2 (icmp, mark 42, ct mark 7)" \
		"$(sum_counter inet cnetfp c_icmp hx 2) $(sum_counter inet cnetfp c_mark hx 2) $(sum_counter inet cnetfp c_ct hx 2)" "5 0 0"
	check_eq "[$mode] ... and into h1" \
		"$(sum_counter inet cnetfp c_icmp hx 1) $(sum_counter inet cnetfp c_mark hx 1) $(sum_counter inet cnetfp c_ct hx 1)" "5 0 0"
	wait	# for the captures: each stops at its fifth frame
	check_eq "[$mode] tcpdump -i p2 saw the requests leave" \
		"$(grep -c 'ICMP echo request' "$TMP/out.$mode.cap")" 5
	check_eq "[$mode] tcpdump in h2 saw them arrive" \
		"$(grep -c 'ICMP echo request' "$TMP/in.$mode.cap")" 5
	snap e
	hx 1 ping -q -c 3 -i 0.2 -W 5 10.8.0.14 >/dev/null
	check_eq "[$mode] to e4, in the bridge's own namespace: the mark stays" \
		"$(sum_counter inet cnetfp c_e4 sw_) $(sum_counter inet cnetfp c_e4mark sw_)" "3 3"
	check_eq "[$mode] ... and the fast path took it" "$(deltas e fast declined)" \
		"fast=$((3 * f)) declined=0"
	sw_ nft delete table bridge cnetfp
	sw_ nft delete table inet cnetfp
	for i in 1 2; do hx "$i" nft delete table inet cnetfp; done

	log "[$mode] nested: br2 in h2 bridges what cbr0 handed to h2"
	br2_was=$(hx 2 ethtool -S br2 | awk '$1 ~ /^fastpath/ { printf "%s%s", s, $2; s = " " }')
	check_ok "[$mode] h1 pings q2 over VLAN 10" hx 1 ping -q -c 3 -i 0.2 -W 5 10.10.0.12
	br2_now=$(hx 2 ethtool -S br2 | awk '$1 ~ /^fastpath/ { printf "%s%s", s, $2; s = " " }')
	read -r a b <<<"$br2_was"
	read -r c d <<<"$br2_now"
	check_eq "[$mode] br2: its fast path only where cbr0's is not running" \
		"fast=$((c - a)) declined=$((d - b))" "fast=$((3 - 3 * f)) declined=$((3 * f))"

	log "[$mode] GSO: a TCP stream arrives in frames bigger than the MTU"
	rm -f "$TMP/ready" "$TMP/got"
	hx 2 python3 -c "
import hashlib, socket, sys
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1); s.bind(('10.9.0.12', 5001)); s.listen(1)
open('$TMP/ready', 'w').close()
c, _ = s.accept(); h = hashlib.sha256(); n = 0
while True:
    b = c.recv(65536)
    if not b: break
    h.update(b); n += len(b)
open('$TMP/got', 'w').write('%d %s' % (n, h.hexdigest()))
" &
	wait_until 20 test -e "$TMP/ready"
	snap g
	check_ok "[$mode] 1 MB from h1 to h2" hx 1 python3 -c "
import socket
s = socket.create_connection(('10.9.0.12', 5001)); s.sendall(bytes(range(256)) * 4096); s.close()
"
	wait_until 30 test -s "$TMP/got"
	check_eq "[$mode] h2 received every byte intact" "$(cat "$TMP/got")" \
		"1048576 $(python3 -c "import hashlib; print(hashlib.sha256(bytes(range(256)) * 4096).hexdigest())")"
	rx_b=$(delta g h2_rx)
	check_ok "[$mode] fewer frames than 1448-byte segments ($rx_b frames for 1 MB, not 725)" \
		test "$rx_b" -lt 300
	if [ "$f" = 1 ]; then
		check_eq "[$mode] and they took the fast path" \
			"$(test "$(delta g fast)" -ge "$rx_b" && echo yes) $(deltas g declined)" "yes declined=0"
	fi
	wait

	log "[$mode] GSO: more segments than p2 takes (gso_max_segs 4) are split on the way"
	sw_ ip link set dev p2 gso_max_segs 4
	rm -f "$TMP/ready" "$TMP/got"
	hx 2 python3 -c "
import socket
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1); s.bind(('10.9.0.12', 5001)); s.listen(1)
open('$TMP/ready', 'w').close()
c, _ = s.accept(); n = 0
while True:
    b = c.recv(65536)
    if not b: break
    n += len(b)
open('$TMP/got', 'w').write('%d' % n)
" &
	wait_until 20 test -e "$TMP/ready"
	snap s
	check_ok "[$mode] 1 MB from h1 to h2" hx 1 python3 -c "
import socket
s = socket.create_connection(('10.9.0.12', 5001)); s.sendall(bytes(1048576)); s.close()
"
	wait_until 30 test -s "$TMP/got"
	check_eq "[$mode] h2 received it all" "$(cat "$TMP/got")" 1048576
	rx_s=$(delta s h2_rx)
	# 1 MB in 1448-byte segments is 725 frames; a GSO frame of 4
	# segments or fewer stays whole.
	check_ok "[$mode] split on the way: $rx_s frames, not the ~25 of GSO" \
		test "$rx_s" -ge 500
	if [ "$f" = 1 ]; then
		check_ok "[$mode] the fast path declined the big ones" \
			test "$(delta s declined)" -ge 5
	fi
	wait
	sw_ ip link set dev p2 gso_max_segs 65535

	log "[$mode] a frame too big for the peer's MTU is dropped where cveth drops it"
	hx 2 ip link set dev eth0 mtu 1280
	snap m
	hx 1 ping -q -c 3 -i 0.2 -W 1 -s 1400 10.9.0.12 >/dev/null
	check_ok "[$mode] fence: h1 reaches h3 after them" \
		hx 1 ping -q -c 1 -W 5 10.9.0.13
	check_eq "[$mode] dropped and counted at p2 and h2" \
		"$(deltas m p2_tx p2_txdrop h2_rx h2_rxdrop)" "p2_tx=0 p2_txdrop=3 h2_rx=0 h2_rxdrop=3"
	check_eq "[$mode] declined by the fast path (the fence took it)" \
		"$(deltas m fast declined)" "fast=$((2 * f)) declined=$((3 * f))"
	hx 2 ip link set dev eth0 mtu 1500
	host_neigh 2

	log "[$mode] a peer that is down (the port has no carrier): nothing sent"
	# A port that loses carrier forgets its learned stations (as
	# bridge.ko's): pinned, h2 stays behind p2 and is not flooded for.
	bridge -n "$sw" fdb replace "$(mac 12)" dev cbr0 via p2 static
	hx 2 ip link set dev eth0 down
	check_ok "[$mode] p2 loses carrier" \
		wait_until 10 sh -c "ip -n $sw link show dev p2 | grep -q NO-CARRIER"
	snap d
	hx 1 ping -q -c 2 -i 0.2 -W 1 10.9.0.12 >/dev/null
	check_ok "[$mode] fence: h1 reaches h3 after them" \
		hx 1 ping -q -c 1 -W 5 10.9.0.13
	check_eq "[$mode] p2 and h2 untouched (the fence went fast)" \
		"$(deltas d p2_tx p2_txdrop h2_rx fast declined)" \
		"p2_tx=0 p2_txdrop=0 h2_rx=0 fast=$((2 * f)) declined=0"
	hx 2 ip link set dev eth0 up
	host_neigh 2
	check_ok "[$mode] p2 has carrier again" wait_until 10 sh -c \
		"ip -n $sw -j link show dev p2 | jq -e '.[0].operstate == \"UP\"'"

	log "[$mode] what the fast path cannot honour sends frames the ordinary way"
	# Each: set up, ping, the hook's own count, tear down.
	for hook in qdisc tc-egress nft-egress xdp-port xdp-peer; do
		case $hook in
		qdisc) sw_ tc qdisc add dev p2 root pfifo ;;
		tc-egress)
			sw_ tc qdisc add dev p2 clsact
			sw_ tc filter add dev p2 egress matchall action pass ;;
		nft-egress)
			sw_ nft -f - <<-'N'
			table netdev cnetfp {
				chain c_out { type filter hook egress device p2 priority 0; counter; }
			}
			N
			;;
		xdp-port | xdp-peer)
			if ! mountpoint -q "$TMP/bpf"; then
				mkdir -p "$TMP/bpf"
				mount -t bpf bpf "$TMP/bpf" || check_fail "mount bpffs"
				defer umount "$TMP/bpf"
			fi
			rm -f "$TMP/bpf/pass"
			python3 "$(dirname "$0")/xdp_pass.py" "$TMP/bpf/pass" ||
				check_fail "[$mode] load an XDP program"
			if [ $hook = xdp-port ]; then
				sw_ ip link set dev p2 xdpgeneric pinned "$TMP/bpf/pass"
			else
				hx 2 ip link set dev eth0 xdpgeneric pinned "$TMP/bpf/pass"
			fi
			;;
		esac
		snap x
		check_ok "[$mode] $hook: h1 pings h2" ping12 3
		check_eq "[$mode] $hook: counters" "$(deltas x p2_tx h2_rx p1_tx h1_rx)" \
			"p2_tx=3 h2_rx=3 p1_tx=3 h1_rx=3"
		check_eq "[$mode] $hook: requests declined, replies fast" \
			"$(deltas x fast declined)" "fast=$((3 * f)) declined=$((3 * f))"
		case $hook in
		qdisc)
			check_eq "[$mode] qdisc: pfifo sent them" \
				"$(sw_ tc -s -j qdisc show dev p2 | jq '.[] | select(.kind == "pfifo") | .packets')" 3
			sw_ tc qdisc del dev p2 root ;;
		tc-egress)
			check_ok "[$mode] tc-egress: the filter saw them" sh -c \
				"ip netns exec $sw tc -s filter show dev p2 egress | grep -q 'Sent [0-9]* bytes 3 pkt'"
			sw_ tc qdisc del dev p2 clsact ;;
		nft-egress)
			check_eq "[$mode] nft-egress: the chain counted them" \
				"$(sum_counter netdev cnetfp c_out sw_)" 3
			sw_ nft delete table netdev cnetfp ;;
		xdp-port) sw_ ip link set dev p2 xdpgeneric off ;;
		xdp-peer) hx 2 ip link set dev eth0 xdpgeneric off ;;
		esac
	done

	log "[$mode] flooding: every copy reaches its port (p4 too), the fast path may serve them"
	hx 1 ip neigh replace 10.9.0.99 lladdr "$(mac 99)" dev eth0
	snap f
	hx 1 ping -q -c 2 -i 0.2 -W 1 10.9.0.99 >/dev/null
	check_ok "[$mode] fence: h2 answers h1 after them" ping12 1
	check_eq "[$mode] to an unknown station: flooded to p2 and p3" \
		"$(deltas f p2_tx h2_rx p3_tx h3_rx p1_tx h1_rx)" \
		"p2_tx=3 h2_rx=3 p3_tx=2 h3_rx=2 p1_tx=1 h1_rx=1"
	check_eq "[$mode] fast path: every copy, to p2, p3 and p4 (and the fence)" \
		"$(deltas f fast declined)" "fast=$((8 * f)) declined=0"

	log "[$mode] the host's own frames take the ordinary path"
	snap h
	check_ok "[$mode] the host pings h2" sw_ ping -q -c 3 -i 0.2 -W 5 10.9.0.12
	check_eq "[$mode] counters" "$(deltas h p2_tx h2_rx fast declined)" \
		"p2_tx=3 h2_rx=3 fast=0 declined=0"
done

exit_status
