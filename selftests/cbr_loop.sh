#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# cbr_loop.sh: the loop guard (Documentation/cbr.rst, "Loops"). Each
# topology below has a forwarding loop through cbr; one broadcast frame is
# sent into it, and then:
#   - a port is blocked within one second: `bridge link` names it;
#   - the loop is quiet: fewer than 50 frames a second on its links;
#   - the hosts on both sides reach each other;
#   - with the loop taken away, the blocked port forwards again.
#
#   two cbr:   hA -- cbrA ==l1a/l1b== cbrB -- hB     (two cveth pairs)
#                         ==l2a/l2b==
#   one cbr:   hA -- cbr0 -- pa ~ pb -- cbr0 -- hB   (a pair, both ends in)
#   cbr+bridge: hA -- cbrA ==two pairs== br0 -- hB    (br0 without STP;
#              and with STP, where br0 blocks and cbr's guard stays quiet)
#   vxlan:     hA -- cbr0 (ha) -- vx0 ~~ vx0 -- cbr0 (hb) -- hB
#                        `--------- dA ~ dB ----------'
#
# Figures (time to block, frames before the block, time to heal) are
# logged for Documentation/cbr.rst. Time to block is measured from the
# broadcast to the first `bridge link` that shows a blocking port, so it
# is an upper bound.

source "$(dirname "$0")/lib.sh"

require_root
require_cmd ip bridge jq python3 ping ethtool
require_module cbr cveth

# A scratch directory per topology (cleanup removes it with the
# namespaces).
scratch() { TMP=$(mktemp -d); defer rm -rf "$TMP"; }

noipv6() { ip netns exec "$1" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 \
	net.ipv6.conf.default.disable_ipv6=1; }
now_ms() { echo $(($(date +%s%N) / 1000000)); }

# blocked NS...: the blocking ports of every bridge in NS..., "ns:dev"
blocked()
{
	local ns
	for ns in "$@"; do
		bridge -n "$ns" -j link show |
			jq -r --arg ns "${ns%%-*}" \
				'.[] | select(.state == "blocking") | "\($ns):\(.ifname)"'
	done
}
any_blocked() { [ -n "$(blocked "$@")" ]; }
none_blocked() { [ -z "$(blocked "$@")" ]; }

# txsum NS:DEV...: frames sent by all of them
txsum()
{
	local d n=0
	for d in "$@"; do
		n=$((n + $(ip netns exec "${d%%:*}" cat \
			"/sys/class/net/${d#*:}/statistics/tx_packets")))
	done
	echo "$n"
}

# bcast NS: one broadcast frame out of NS's eth0; prints the time it was
# sent (ms, wall clock)
bcast()
{
	ip netns exec "$1" python3 -c 'import socket, time
s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
s.bind(("eth0", 0))
mac = open("/sys/class/net/eth0/address").read().strip()
f = (b"\xff" * 6 + bytes.fromhex(mac.replace(":", "")) +
     b"\x88\xb5" + b"one broadcast".ljust(46, b"."))
print(int(time.time() * 1000))
s.send(f)'
}

reach() { ip netns exec "$1" ping -c 1 -W 1 "$2"; }
guard_stat() { ip netns exec "$1" ethtool -S "$2" | awk -v k="$3:" '$1 == k { print $2 }'; }

# mon_start NS...: a timestamped `bridge monitor link` in each NS, ready:
# it has shown a change made after it started.
mon_start()
{
	local ns p
	for ns; do
		ip netns exec "$ns" bridge -timestamp monitor link >"$TMP/mon.$ns" 2>&1 &
		p=$(bridge -n "$ns" -j link show | jq -r '[.[] | select(.master != null)][0].ifname')
		wait_until 10 sh -c "bridge -n $ns link set dev $p learning on &&
			grep -Eq ' $p[:@]' $TMP/mon.$ns" ||
			check_fail "bridge monitor in ${ns%%-*} starts"
	done
}

# mon_blocked_ms NS...: when a monitor first showed a port blocking (ms,
# wall clock), or nothing
mon_blocked_ms()
{
	local ns
	for ns; do
		awk '/^Timestamp:/ { t = $0; next }
		     /state blocking/ && t { print t; t = ""; exit }' "$TMP/mon.$ns"
	done | while read -r _ d1 d2 d3 d4 d5 us _; do
		echo $(($(date -d "$d1 $d2 $d3 $d4 $d5" +%s) * 1000 + 10#$us / 1000))
	done | sort -n | head -n 1
}

# loop_case NAME SENDER-NS PEER-IP "GUARD-NS..." "LOOP-NS:DEV..." CLOSE-NS CLOSE-DEV
# Closes the loop by bringing CLOSE-DEV up; then the broadcast, the block,
# the quiet, the reach. Sets BLOCKED.
loop_case()
{
	local name=$1 snd=$2 peer=$3 gns=$4 links=$5 cns=$6 cdev=$7
	local t0 t1 f0 f1 q0 q1

	check_ok "$name: reach before the loop" wait_until 20 reach "$snd" "$peer"
	check_ok "$name: no port blocking before" none_blocked $gns
	mon_start $gns
	ip -n "$cns" link set dev "$cdev" up
	wait_until 10 sh -c "ip -n $cns -j link show dev $cdev | jq -e '.[0].operstate == \"UP\"'" ||
		check_fail "$name: $cdev up"
	f0=$(txsum $links)
	t0=$(bcast "$snd")
	if wait_until 10 any_blocked $gns; then
		check_pass "$name: a port is blocked"
	else
		check_fail "$name: a port is blocked" "none after 10 s"
		return
	fi
	BLOCKED=$(blocked $gns)
	f1=$(txsum $links)
	check_ok "$name: blocking announced (bridge monitor)" \
		wait_until 10 sh -c "cat $TMP/mon.* | grep -q 'state blocking'"
	t1=$(mon_blocked_ms $gns)
	if [ -z "$t1" ]; then
		check_fail "$name: blocking timed" "no time in bridge monitor"
		t1=$t0
	elif [ "$t1" -lt "$t0" ]; then
		log "$name: blocked $(echo $BLOCKED) before the broadcast"
		t1=$t0
	fi
	log "$name: blocked $(echo $BLOCKED) $((t1 - t0)) ms after the broadcast, $((f1 - f0)) frames on the loop links"
	# (WAIT_SCALE: a debug kernel is several times slower.)
	[ $((t1 - t0)) -lt $((1000 * ${WAIT_SCALE:-1})) ] &&
		check_pass "$name: blocked within one second" ||
		check_fail "$name: blocked within one second" "$((t1 - t0)) ms"
	# A rate: one second's frames, counted over one second.
	q0=$(txsum $links)
	sleep 1
	q1=$(txsum $links)
	log "$name: $((q1 - q0)) frames a second on the loop links once blocked"
	[ $((q1 - q0)) -lt 50 ] && check_pass "$name: quiet" ||
		check_fail "$name: quiet" "$((q1 - q0)) frames a second"
	check_ok "$name: hosts reach each other" wait_until 20 reach "$snd" "$peer"
	pkill -f "bridge -timestamp monitor" 2>/dev/null
	rm -f "$TMP"/mon.*
}

# heal_case NAME SENDER-NS PEER-IP "GUARD-NS...": after the caller took the
# loop away, every port forwards again within a few seconds.
heal_case()
{
	local name=$1 snd=$2 peer=$3 gns=$4 t0 t1

	t0=$(now_ms)
	if wait_until 15 none_blocked $gns; then
		t1=$(now_ms)
		log "$name: healed $((t1 - t0)) ms after the loop went"
		check_pass "$name: heals"
	else
		check_fail "$name: heals" "still blocking: $(blocked $gns)"
	fi
	check_ok "$name: hosts reach each other after healing" \
		wait_until 20 reach "$snd" "$peer"
}

# host NS-VAR BR-NS BR PORT IP: a host namespace with eth0 on BR.
host()
{
	local ns=$1 bns=$2 br=$3 port=$4 ip=$5

	ip -n "$bns" link add dev "$port" type cveth peer name eth0 netns "$ns"
	ip -n "$ns" addr add "$ip/24" dev eth0
	ip -n "$ns" link set dev eth0 up
	ip -n "$bns" link set dev "$port" master "$br" up
}

log "two cbr joined by two cveth pairs"
setup_ns sw hA hB
scratch
for n in $sw $hA $hB; do noipv6 "$n"; done
ip -n "$sw" link add dev cbrA type cbr
ip -n "$sw" link add dev cbrB type cbr
check_eq "loop_guard on by default" \
	"$(ip -n "$sw" -d -j link show dev cbrA | jq -r '.[0].linkinfo.info_data.loop_guard')" on
host "$hA" "$sw" cbrA pA 10.0.0.1
host "$hB" "$sw" cbrB pB 10.0.0.2
ip -n "$sw" link set dev cbrA up
ip -n "$sw" link set dev cbrB up
for l in 1 2; do
	ip -n "$sw" link add dev "l${l}a" type cveth peer name "l${l}b"
	ip -n "$sw" link set dev "l${l}a" master cbrA up
	ip -n "$sw" link set dev "l${l}b" master cbrB
done
ip -n "$sw" link set dev l1b up
loop_case "two cbr" "$hA" 10.0.0.2 "$sw" "$sw:l1a $sw:l1b $sw:l2a $sw:l2b" \
	"$sw" l2b
check_ok "two cbr: one line logged" \
	sh -c "dmesg | grep -q 'loop detected: port l[12][ab] blocked'"
check_eq "two cbr: the host ports forward" \
	"$(bridge -n "$sw" -j link show | jq -r '[.[] | select(.ifname == "pA" or .ifname == "pB") | .state] | join(" ")')" \
	"forwarding forwarding"
# Take away the link that still forwards: the blocked one must heal.
b=$(echo "$BLOCKED" | head -n 1)
b=${b#*:}
gone=l1a
if command -v cnet >/dev/null; then
	# (What blocks now: of two ends of one link, one may have healed.)
	check_eq "two cbr: cnet bridge show names the blocking ports" \
		"$({ cnet -n "$sw" bridge show cbrA; cnet -n "$sw" bridge show cbrB; } 2>&1 |
			awk '$2 == "blocking," { sub(":", "", $1); print $1 }' | sort | xargs)" \
		"$(blocked "$sw" | sed 's/.*://' | sort | xargs)"
	check_ok "two cbr: a port still blocking" any_blocked "$sw"
fi
[ "${b%?}" = l1 ] && gone=l2a
ip -n "$sw" link del dev "$gone"
heal_case "two cbr" "$hA" 10.0.0.2 "$sw"
check_eq "two cbr: the healed port forwards" \
	"$(bridge -n "$sw" -j link show dev "$b" | jq -r '.[0].state')" forwarding
# Loop again: blocked again.
ip -n "$sw" link add dev "$gone" type cveth peer name "${gone%a}b"
ip -n "$sw" link set dev "$gone" master cbrA up
ip -n "$sw" link set dev "${gone%a}b" master cbrB
loop_case "two cbr, again" "$hA" 10.0.0.2 "$sw" "$sw:l1a $sw:l1b $sw:l2a $sw:l2b" \
	"$sw" "${gone%a}b"
blocks=$(($(guard_stat "$sw" cbrA loop_blocks) + $(guard_stat "$sw" cbrB loop_blocks)))
[ "$blocks" -ge 2 ] && check_pass "two cbr: ethtool -S counts the blocks" ||
	check_fail "two cbr: ethtool -S counts the blocks" "loop_blocks $blocks"

log "off: loop_guard off is shown and unblocks"
ip -n "$sw" link set dev cbrA type cbr loop_guard off
ip -n "$sw" link set dev cbrB type cbr loop_guard off
check_eq "loop_guard off shown" \
	"$(ip -n "$sw" -d -j link show dev cbrA | jq -r '.[0].linkinfo.info_data.loop_guard')" off
check_ok "loop_guard off: no port blocking" none_blocked "$sw"
# Cut the loop before anything storms: delete one link.
ip -n "$sw" link del dev l1a
cleanup

log "one cbr: a cveth pair with both ends in it"
setup_ns sw hA hB
scratch
for n in $sw $hA $hB; do noipv6 "$n"; done
ip -n "$sw" link add dev cbr0 type cbr
host "$hA" "$sw" cbr0 pA 10.0.0.1
host "$hB" "$sw" cbr0 pB 10.0.0.2
ip -n "$sw" link set dev cbr0 up
ip -n "$sw" link add dev pa type cveth peer name pb
ip -n "$sw" link set dev pa master cbr0 up
ip -n "$sw" link set dev pb master cbr0
loop_case "one cbr" "$hA" 10.0.0.2 "$sw" "$sw:pa $sw:pb" "$sw" pb
# The end that forwards leaves the bridge: the blocked end must heal.
b=$(echo "$BLOCKED" | head -n 1)
b=${b#*:}
other=pa
[ "$b" = pa ] && other=pb
ip -n "$sw" link set dev "$other" nomaster
heal_case "one cbr" "$hA" 10.0.0.2 "$sw"
# Both ends isolated: cbr never forwards between them, so no loop runs
# through it, and the guard, asked by the move it sees, blocks nothing.
ip -n "$sw" link set dev "$other" master cbr0
bridge -n "$sw" link set dev pa isolated on
bridge -n "$sw" link set dev pb isolated on
p0=$(guard_stat "$sw" cbr0 loop_probes)
b0=$(guard_stat "$sw" cbr0 loop_blocks)
bcast "$hA" >/dev/null
check_ok "isolated ends: the guard probed" wait_until 10 sh -c \
	"[ \$(ip netns exec $sw ethtool -S cbr0 | awk '\$1 == \"loop_probes:\" { print \$2 }') -gt $p0 ]"
check_ok "isolated ends: hosts reach each other" wait_until 20 reach "$hA" 10.0.0.2
check_eq "isolated ends: nothing blocked" \
	"$(guard_stat "$sw" cbr0 loop_blocks) $(blocked "$sw" | wc -l)" "$b0 0"
cleanup

for stp in 0 1; do
	name="cbr+bridge stp $stp"
	log "$name: cbr and a kernel bridge joined by two pairs"
	setup_ns sw hA hB
	scratch
scratch
	for n in $sw $hA $hB; do noipv6 "$n"; done
	ip -n "$sw" link add dev cbrA type cbr
	ip -n "$sw" link add dev br0 type bridge stp_state "$stp" \
		forward_delay 200 hello_time 100
	host "$hA" "$sw" cbrA pA 10.0.0.1
	host "$hB" "$sw" br0 pB 10.0.0.2
	for l in 1 2; do
		ip -n "$sw" link add dev "l${l}a" type cveth peer name "l${l}b"
		ip -n "$sw" link set dev "l${l}a" master cbrA up
		ip -n "$sw" link set dev "l${l}b" master br0
	done
	ip -n "$sw" link set dev l1b up
	ip -n "$sw" link set dev cbrA up
	ip -n "$sw" link set dev br0 up
	links="$sw:l1a $sw:l1b $sw:l2a $sw:l2b"
	if [ "$stp" = 0 ]; then
		loop_case "$name" "$hA" 10.0.0.2 "$sw" "$links" "$sw" l2b
		check_eq "$name: cbr blocked it" "$(echo "$BLOCKED" | grep -c ':l[12]a$')" 1
		b=$(echo "$BLOCKED" | head -n 1)
		b=${b#*:}
		gone=l1b
		[ "$b" = l1a ] && gone=l2b
		ip -n "$sw" link set dev "$gone" down
		heal_case "$name" "$hA" 10.0.0.2 "$sw"
	else
		ip -n "$sw" link set dev l2b up
		check_ok "$name: br0 blocks one of its ports (STP)" \
			wait_until 60 sh -c "bridge -n $sw -j link show | jq -e '[.[] | select(.master == \"br0\" and .state == \"blocking\")] | length == 1'"
		check_ok "$name: br0's other ports forward" \
			wait_until 60 sh -c "bridge -n $sw -j link show | jq -e '[.[] | select(.master == \"br0\" and .state == \"forwarding\")] | length == 2'"
		q0=$(txsum $links)
		bcast "$hA" >/dev/null
		check_ok "$name: hosts reach each other" wait_until 20 reach "$hA" 10.0.0.2
		sleep 1		# a rate: one second's frames
		q1=$(txsum $links)
		log "$name: $((q1 - q0)) frames on the loop links in the broadcast's second"
		[ $((q1 - q0)) -lt 50 ] && check_pass "$name: quiet" ||
			check_fail "$name: quiet" "$((q1 - q0)) frames in a second"
		check_eq "$name: cbr's guard blocked nothing" \
			"$(guard_stat "$sw" cbrA loop_blocks) $(blocked "$sw" | grep -c ':l[12]a$')" "0 0"
	fi
	cleanup
done

log "vxlan: cbr -- vxlan -- cbr, and a second, direct link"
require_module vxlan
setup_ns ha hb hA hB
scratch
for n in $ha $hb $hA $hB; do noipv6 "$n"; done
ip -n "$ha" link add dev ul0 type veth peer name ul0 netns "$hb"
ip -n "$ha" addr add 192.168.100.1/24 dev ul0
ip -n "$hb" addr add 192.168.100.2/24 dev ul0
ip -n "$ha" link set dev ul0 up
ip -n "$hb" link set dev ul0 up
for side in a b; do
	ns=$ha local=192.168.100.1 remote=192.168.100.2 c=$hA ip=10.0.0.1
	[ $side = b ] && ns=$hb local=192.168.100.2 remote=192.168.100.1 c=$hB ip=10.0.0.2
	ip -n "$ns" link add dev cbr0 type cbr
	ip -n "$ns" link add dev vx0 type vxlan id 42 local "$local" \
		remote "$remote" dstport 4789 dev ul0
	ip -n "$ns" link set dev vx0 master cbr0 up
	host "$c" "$ns" cbr0 "p$side" "$ip"
	ip -n "$c" link set dev eth0 mtu 1450
	ip -n "$ns" link set dev cbr0 up
done
ip -n "$ha" link add dev dA type cveth peer name dB netns "$hb"
ip -n "$ha" link set dev dA master cbr0 up
ip -n "$hb" link set dev dB master cbr0
loop_case "vxlan" "$hA" 10.0.0.2 "$ha $hb" "$ha:vx0 $hb:vx0 $ha:dA $hb:dB" \
	"$hb" dB
# Take away the way round that does not block: the blocked one heals.
if echo "$BLOCKED" | grep -q ':d[AB]$'; then
	ip -n "$ha" link set dev vx0 down
else
	ip -n "$ha" link del dev dA
fi
heal_case "vxlan" "$hA" 10.0.0.2 "$ha $hb"

log "took ${SECONDS}s"
exit_status
