#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# cbr_port_flags.sh: per-port settings (`bridge link set dev PORT ...`),
# frame by frame, each run on the kernel bridge first (the reference) and
# then on cbr, in the same topology with the same expected counts:
#
#   learning        off learns nothing
#   flood           off: no unknown unicast out of the port, known still
#   mcast_flood     multicast and broadcast separately
#   bcast_flood
#   hairpin         a frame back out of its ingress port only when on
#   isolated        isolated ports reach non-isolated ones only
#   neigh_suppress  an ARP request or IPv6 neighbour solicitation for a
#                   known station answered by the bridge, the request
#                   reaching no suppressing port; announcements kept
#                   from them; the host's own requests
#   locked          frames from unknown sources dropped, passed after a
#                   static FDB entry
#   show            every flag round-trips through `bridge -j -d link show`
#                   and `ip -d -j link show` (type KIND_slave), and each
#                   change is announced (`bridge monitor link`)
#
# cbr only: attributes it does not have are refused by name, and a refused
# request changes nothing.
#
#   $h1 eth0 10.8.0.11 == p1 --+
#   $h2 eth0 10.8.0.12 == p2 --+-- br0 ($sw)
#   $h3 eth0 10.8.0.13 == p3 --+
#
# Counts are of frames out of each port (its tx_packets): the hosts run
# no IPv6 and send no IGMP reports, and the bridge has no address, so
# every frame is the test's.
#
# kselftest-timeout=600

source "$(dirname "$0")/lib.sh"

require_root
require_cmd ip bridge jq ping python3
require_module bridge cbr

KINDS=$(parity_kinds)
PKT=$SELFTESTS_DIR/cbr_pkt.py
TMP=$(mktemp -d)

mac() { printf '02:00:00:00:08:%02x' "$1"; }
in_ns() { local n; n=$(eval echo "\$$1"); shift; ip netns exec "$n" "$@"; }
link_stat() { ip -n "$1" -s -j link show dev "$2" | jq -r ".[0].stats64.$3"; }
# send HOST DST SRC [COUNT]: COUNT test frames out of HOST's eth0.
send() { in_ns "$1" python3 "$PKT" send eth0 "$2" "$3" "t" --count "${4:-1}"; }
setport() { bridge -n "$sw" link set dev "$@"; }
# nd HOST SRCMAC ns|na ...: a neighbour discovery frame out of HOST's eth0.
nd() { local h=$1; shift; in_ns "$h" python3 "$PKT" nd eth0 "$@"; }
# pkt_br0 ...: cbr_pkt.py on br0, as the host sends.
pkt_br0() { ip netns exec "$sw" python3 "$PKT" "$@"; }

build()
{
	local kind=$1 i ns
	setup_ns sw h1 h2 h3
	# No IPv6, and no IGMP reports for link-local groups: a device
	# coming up sends two, the second up to a second later, and it
	# would be counted in the first step.
	for ns in "$sw" "$h1" "$h2" "$h3"; do
		ip netns exec "$ns" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 \
			net.ipv6.conf.default.disable_ipv6=1 \
			net.ipv4.igmp_link_local_mcast_reports=0
	done
	[ -e /proc/sys/net/bridge/bridge-nf-call-arptables ] &&
		ip netns exec "$sw" sysctl -qw net.bridge.bridge-nf-call-iptables=0 \
			net.bridge.bridge-nf-call-arptables=0
	# The kernel bridge without multicast snooping, which cbr does not
	# have: with it, br0 joins the all-snoopers groups and reports them
	# once IPv6 is on (the neighbour discovery step).
	if [ "$kind" = bridge ]; then
		ip -n "$sw" link add dev br0 type bridge mcast_snooping 0
	else
		ip -n "$sw" link add dev br0 type "$kind"
	fi
	ip -n "$sw" link set dev br0 address "$(mac 1)"
	for i in 1 2 3; do
		ns=$(eval echo "\$h$i")
		ip -n "$sw" link add dev "p$i" type veth peer name eth0 netns "$ns"
		ip -n "$ns" link set dev eth0 address "$(mac "1$i")"
		ip -n "$ns" addr add "10.8.0.1$i/24" dev eth0
		ip -n "$ns" link set dev eth0 up
		ip -n "$sw" link set dev "p$i" master br0 up
	done
	ip -n "$sw" link set dev br0 up
	# Every host but h1 knows the others: only h1 ever sends ARP, and
	# one request per address: on a slow guest a second one, a second
	# later, would be counted too.
	ip netns exec "$h1" sysctl -qw net.ipv4.neigh.eth0.retrans_time_ms=60000
	for i in 2 3; do
		ns=$(eval echo "\$h$i")
		ip -n "$ns" neigh add 10.8.0.11 lladdr "$(mac 11)" dev eth0
	done
}

# fdb_port MAC: the port MAC is behind in br0's FDB, or "none".
fdb_port()
{
	bridge -n "$sw" fdb show | awk -v m="$1" \
		'$1 == m && / master br0/ && !/permanent/ { print $3; f = 1; exit } END { if (!f) print "none" }'
}

# fdb_static KIND MAC PORT: a static entry, the way each bridge takes it
# (cbr's ports are not IFF_BRIDGE_PORT: the entry goes on the bridge,
# naming the port; Documentation/cbr.rst).
fdb_static()
{
	if [ "$1" = bridge ]; then
		bridge -n "$sw" fdb add "$2" dev "$3" master static
	else
		bridge -n "$sw" fdb add "$2" dev br0 via "$3" static
	fi
}

# Learn each host's MAC on its port (h1's second MAC, 21, too).
learn_all()
{
	send h1 "$(mac 99)" "$(mac 11)"
	send h1 "$(mac 99)" "$(mac 21)"
	send h2 "$(mac 99)" "$(mac 12)"
	send h3 "$(mac 99)" "$(mac 13)"
	wait_until 10 sh -c "bridge -n $sw fdb show | grep -c '$(mac 13) dev p3' | grep -qx 1"
}

txc() { link_stat "$sw" "$1" tx.packets; }
snap() { S1=$(txc p1); S2=$(txc p2); S3=$(txc p3); }
tx_delta() { echo "$(($(txc p1) - S1)) $(($(txc p2) - S2)) $(($(txc p3) - S3))"; }
tx_reached()
{
	local -a want got
	read -ra want <<<"$1"
	read -ra got <<<"$(tx_delta)"
	[ "${got[0]}" -ge "${want[0]}" ] && [ "${got[1]}" -ge "${want[1]}" ] &&
		[ "${got[2]}" -ge "${want[2]}" ]
}
# expect_tx NAME "D1 D2 D3": frames out of p1, p2, p3 since snap. The
# step ends with a marker, a frame from h3 to the bridge from a source
# never seen before: frames cross the bridge in order (one CPU, one
# backlog), so once the bridge has learned the marker's source, every
# frame of the step has crossed and the counts are final.
NMARK=0
expect_tx()
{
	local m
	NMARK=$((NMARK + 1))
	m=$(printf '02:00:00:00:09:%02x' $NMARK)
	send h3 "$(mac 1)" "$m"
	wait_until 15 sh -c "bridge -n $sw fdb show | grep -q '^$m dev p3'" ||
		check_fail "$1: the marker crossed"
	check_eq "$1" "$(tx_delta)" "$2"
}

for kind in $KINDS; do
	log "$kind: learning"
	build "$kind"
	setport p1 learning off
	snap
	send h1 "$(mac 99)" "$(mac 11)"
	expect_tx "$kind: learning off: the frame was flooded" "0 1 1"
	check_eq "$kind: learning off: nothing learned on p1" "$(fdb_port "$(mac 11)")" none
	setport p1 learning on
	send h1 "$(mac 99)" "$(mac 11)"
	wait_until 10 sh -c "bridge -n $sw fdb show | grep -q '$(mac 11) dev p1'"
	check_eq "$kind: learning on: learned on p1" "$(fdb_port "$(mac 11)")" p1

	log "$kind: flood, mcast_flood, bcast_flood"
	learn_all
	setport p3 flood off
	snap
	send h1 "$(mac 98)" "$(mac 11)" 3
	expect_tx "$kind: flood off on p3: unknown unicast only to p2" "0 3 0"
	snap
	send h1 "$(mac 13)" "$(mac 11)" 3
	expect_tx "$kind: flood off on p3: known unicast reaches p3" "0 0 3"
	setport p3 flood on mcast_flood off
	snap
	send h1 01:00:5e:01:02:03 "$(mac 11)" 3
	expect_tx "$kind: mcast_flood off on p3: multicast only to p2" "0 3 0"
	snap
	send h1 ff:ff:ff:ff:ff:ff "$(mac 11)" 3
	expect_tx "$kind: mcast_flood off on p3: broadcast to both" "0 3 3"
	setport p3 mcast_flood on
	setport p2 bcast_flood off
	snap
	send h1 ff:ff:ff:ff:ff:ff "$(mac 11)" 3
	expect_tx "$kind: bcast_flood off on p2: broadcast only to p3" "0 0 3"
	snap
	send h1 01:00:5e:01:02:03 "$(mac 11)" 3
	expect_tx "$kind: bcast_flood off on p2: multicast to both" "0 3 3"
	setport p2 bcast_flood on

	log "$kind: hairpin"
	snap
	send h1 "$(mac 21)" "$(mac 11)" 3
	expect_tx "$kind: hairpin off: nothing back out of p1" "0 0 0"
	setport p1 hairpin on
	snap
	send h1 "$(mac 21)" "$(mac 11)" 3
	expect_tx "$kind: hairpin on: known unicast back out of p1" "3 0 0"
	snap
	send h1 "$(mac 97)" "$(mac 11)" 2
	expect_tx "$kind: hairpin on: flooding includes p1" "2 2 2"
	setport p1 hairpin off

	log "$kind: isolated"
	setport p1 isolated on
	setport p2 isolated on
	snap
	send h1 "$(mac 12)" "$(mac 11)" 3
	send h1 "$(mac 13)" "$(mac 11)" 2
	expect_tx "$kind: isolated p1 to isolated p2: nothing; to p3: all" "0 0 2"
	snap
	send h1 ff:ff:ff:ff:ff:ff "$(mac 11)" 2
	expect_tx "$kind: isolated p1 floods to p3 only" "0 0 2"
	snap
	send h3 "$(mac 11)" "$(mac 13)" 2
	send h3 "$(mac 12)" "$(mac 13)" 1
	expect_tx "$kind: p3 reaches both isolated ports" "2 1 0"
	setport p1 isolated off
	setport p2 isolated off

	log "$kind: neigh_suppress"
	# The host's neighbour table on br0 knows h2 and h3; the FDB has
	# their MACs (learn_all).
	ip -n "$sw" neigh add 10.8.0.12 lladdr "$(mac 12)" dev br0 nud permanent
	ip -n "$sw" neigh add 10.8.0.13 lladdr "$(mac 13)" dev br0 nud permanent
	snap
	check_ok "$kind: neigh_suppress off: h1 pings h2" \
		in_ns h1 ping -c 1 -W 30 10.8.0.12
	# ARP request to p2 and p3, h2's ARP reply and echo reply to p1.
	expect_tx "$kind: neigh_suppress off: the request is flooded" "2 2 1"
	in_ns h1 ip neigh del 10.8.0.12 dev eth0
	setport p2 neigh_suppress on
	setport p3 neigh_suppress on
	snap
	check_ok "$kind: neigh_suppress on: h1 pings h2" \
		in_ns h1 ping -c 1 -W 30 10.8.0.12
	# The bridge's ARP reply and the echo reply to p1; only the echo
	# request to p2; nothing to p3.
	expect_tx "$kind: neigh_suppress on: the bridge answers, nothing flooded" "2 1 0"
	check_eq "$kind: neigh_suppress on: h1 learned h2's MAC" \
		"$(ip -n "$h1" -j neigh show 10.8.0.12 dev eth0 | jq -r '.[0].lladdr')" "$(mac 12)"
	# A request the host sends: not flooded to the suppressing ports
	# (neither bridge answers it to the host: Documentation/cbr.rst).
	snap
	pkt_br0 arp br0 "$(mac 1)" 10.8.0.1 10.8.0.12
	expect_tx "$kind: neigh_suppress on: the host's request to p1 only" "1 0 0"

	log "$kind: neigh_suppress, IPv6 neighbour discovery"
	# IPv6 on br0 only, with no address (it sends nothing), its
	# neighbour table knowing h2 and h3. The hosts run no IPv6: their
	# solicitations and advertisements are cbr_pkt.py's.
	ip netns exec "$sw" sysctl -qw net.ipv6.conf.br0.addr_gen_mode=1 \
		net.ipv6.conf.br0.disable_ipv6=0
	ip -n "$sw" neigh add fd00::12 lladdr "$(mac 12)" dev br0 nud permanent
	ip -n "$sw" neigh add fd00::13 lladdr "$(mac 13)" dev br0 nud permanent
	setport p2 neigh_suppress off
	setport p3 neigh_suppress off
	snap
	nd h1 "$(mac 11)" ns fd00::11 fd00::12
	expect_tx "$kind: nd: neigh_suppress off: the solicitation is flooded" "0 1 1"
	setport p2 neigh_suppress on
	setport p3 neigh_suppress on
	snap
	check_eq "$kind: nd: neigh_suppress on: the bridge answers for h2" \
		"$(nd h1 "$(mac 11)" ns fd00::11 fd00::12 --expect-na 20)" \
		"na $(mac 12) $(mac 11) fd00::12 fd00::11 SO $(mac 12) ok"
	expect_tx "$kind: nd: neigh_suppress on: nothing flooded" "1 0 0"
	snap
	nd h1 "$(mac 11)" na fd00::11
	expect_tx "$kind: nd: an unsolicited advertisement reaches no suppressing port" "0 0 0"
	snap
	nd h2 "$(mac 12)" ns fd00::12 fd00::13
	expect_tx "$kind: nd: a solicitation from a suppressing port is flooded" "1 0 1"
	# The host's own: bridge.ko answers it from the host's table, cbr
	# does not (Documentation/cbr.rst); neither floods it to p2, p3.
	snap
	if [ "$kind" = bridge ]; then
		check_eq "$kind: nd: the host's solicitation answered" \
			"$(pkt_br0 nd br0 "$(mac 1)" ns fd00::1 fd00::12 --expect-na 20)" \
			"na $(mac 12) $(mac 1) fd00::12 fd00::1 SO $(mac 12) ok"
	else
		pkt_br0 nd br0 "$(mac 1)" ns fd00::1 fd00::12
	fi
	expect_tx "$kind: nd: the host's solicitation to p1 only" "1 0 0"
	setport p2 neigh_suppress off
	setport p3 neigh_suppress off

	log "$kind: locked"
	bridge -n "$sw" fdb del "$(mac 11)" dev p1 master 2>/dev/null ||
		bridge -n "$sw" fdb del "$(mac 11)" dev br0 via p1 2>/dev/null
	setport p1 locked on
	snap
	send h1 "$(mac 12)" "$(mac 11)" 3
	expect_tx "$kind: locked p1: frames from an unknown source dropped" "0 0 0"
	check_eq "$kind: locked p1: nothing learned" "$(fdb_port "$(mac 11)")" none
	check_ok "$kind: locked p1: a static entry for h1" fdb_static "$kind" "$(mac 11)" p1
	snap
	send h1 "$(mac 12)" "$(mac 11)" 3
	expect_tx "$kind: locked p1: h1's frames pass with the static entry" "0 3 0"
	snap
	send h1 "$(mac 12)" "$(mac 22)" 2
	expect_tx "$kind: locked p1: another unknown source still dropped" "0 0 0"
	setport p1 locked off

	log "$kind: show, set through ip link, notifications"
	check_eq "$kind: state forwarding" \
		"$(bridge -n "$sw" -j link show dev p1 | jq -r '.[0].state')" forwarding
	for flag in learning flood mcast_flood bcast_flood hairpin isolated neigh_suppress locked; do
		got=""
		for v in on off on; do
			setport p2 "$flag" "$v"
			got+="$(bridge -n "$sw" -d -j link show dev p2 | jq -r ".[0].$flag") "
		done
		check_eq "$kind: $flag round-trips through bridge -j -d link show" \
			"$got" "true false true "
	done
	setport p2 hairpin off isolated off neigh_suppress off locked off
	check_ok "$kind: ip link set type ${kind}_slave learning off" \
		ip -n "$sw" link set dev p3 type "${kind}_slave" learning off
	check_eq "$kind: ip -d link show: learning off" \
		"$(ip -n "$sw" -d -j link show dev p3 | jq -r '.[0].linkinfo.info_slave_data.learning')" false
	if [ "$kind" = cbr ]; then
		# `ip -c`: the plugin's state is printed uncoloured, as
		# bridge_slave prints it (no interface-name colour).
		out=$(ip -n "$sw" -c=always -d link show dev p3)
		esc=$'\e'
		check_eq "cbr: ip -c -d link show: the slave state, uncoloured" \
			"$(grep -c 'state forwarding' <<<"$out") $(grep -c "$esc\[[0-9;]*mstate forwarding" <<<"$out")" "1 0"
	fi
	check_eq "$kind: bridge link show: learning off" \
		"$(bridge -n "$sw" -d -j link show dev p3 | jq -r '.[0].learning')" false
	bridge -n "$sw" -d monitor link >"$TMP/mon.$kind" 2>&1 &
	mon=$!
	defer kill "$mon"
	wait_until 20 sh -c "ip netns exec $sw awk '\$3 == $mon && \$4 != \"00000000\" { f = 1 } END { exit !f }' /proc/net/netlink" ||
		check_fail "$kind: bridge monitor link listens"
	setport p3 isolated on
	wait_until 10 grep -q "isolated on" "$TMP/mon.$kind"
	check_ok "$kind: the change was announced (bridge monitor link)" \
		grep -q "isolated on" "$TMP/mon.$kind"
	check_ok "$kind: ... for p3" grep -q "p3" "$TMP/mon.$kind"
	# The bridge going down and up changes every port's state, and
	# each port's new state is announced.
	ip -n "$sw" link set dev br0 down
	wait_until 10 grep -qE "^[0-9]+: p3.* state disabled" "$TMP/mon.$kind"
	check_ok "$kind: br0 down: p3's state disabled announced" \
		grep -qE "^[0-9]+: p3.* state disabled" "$TMP/mon.$kind"
	n0=$(wc -l <"$TMP/mon.$kind")
	ip -n "$sw" link set dev br0 up
	wait_until 10 sh -c "tail -n +$((n0 + 1)) $TMP/mon.$kind | grep -qE '^[0-9]+: p3.* state forwarding'"
	check_ok "$kind: br0 up: p3's state forwarding announced" \
		sh -c "tail -n +$((n0 + 1)) $TMP/mon.$kind | grep -qE '^[0-9]+: p3.* state forwarding'"
	if [ "$kind" = cbr ]; then
		# One change, one announcement: the core's NETDEV_CHANGE
		# after a slave change does not repeat it. p1's change after
		# it marks the end (one socket: messages arrive in order).
		n0=$(wc -l <"$TMP/mon.$kind")
		ip -n "$sw" link set dev p3 type cbr_slave learning on
		setport p1 isolated on
		wait_until 10 sh -c "tail -n +$((n0 + 1)) $TMP/mon.$kind | grep -qE '^[0-9]+: p1.* state '"
		check_eq "cbr: a slave change is announced once" \
			"$(tail -n +$((n0 + 1)) "$TMP/mon.$kind" | grep -cE '^[0-9]+: p3.* state ')" 1
		setport p1 isolated off
	fi

	if [ "$kind" = cbr ]; then
		log "cbr: refused settings"
		check_err_msg "cbr: cost is refused by name" \
			"cbr ports do not support cost" \
			bridge -n "$sw" link set dev p1 learning off cost 5
		check_eq "cbr: ... and learning stayed on" \
			"$(bridge -n "$sw" -d -j link show dev p1 | jq -r '.[0].learning')" true
		check_err_msg "cbr: mcast_to_unicast is refused by name" \
			"cbr ports do not support mcast_to_unicast" \
			bridge -n "$sw" link set dev p1 mcast_to_unicast on
		check_err_msg "cbr: the bridge itself has no settings" \
			"settings for its ports only" \
			bridge -n "$sw" link set dev br0 learning off self
		check_err_msg "cbr: a value other than on/off" "" \
			ip -n "$sw" link set dev p1 type cbr_slave learning maybe
	fi
	cleanup
done

rm -rf "$TMP"
exit_status
