#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# cbr_forward.sh: the data path, frame by frame -- flooding, known unicast,
# the host port, no hairpin, link-local, invalid sources, station moves.
# Topology and helpers: cbr_topo.bash.

source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/cbr_topo.bash"

log "broadcast: flooded to every other port and the host; source learned"
send h1 ff:ff:ff:ff:ff:ff "$(mac 1)" b1
check_ok "b1 reaches h2, h3 and the host" \
	wait_until 10 sh -c "[ \$(grep -c ' b1\$' $TMP/h2.log) = 1 ] && [ \$(grep -c ' b1\$' $TMP/h3.log) = 1 ] && [ \$(grep -c ' b1\$' $TMP/sw.log) = 1 ]"
fence h1 f1 h2 h3 sw
expect b1 h1=0 h2=1 h3=1 sw=1
check_eq "h1 learned behind p1" "$(fdb_port "$(mac 1)")" p1
check_ok "fdb show format: MAC dev PORT master cbr0" \
	sh -c "bridge -n $sw fdb show | grep -q '^$(mac 1) dev p1 master cbr0'"
check_eq "learned count" "$(learned)" 1
check_ok "monitor saw the learning" \
	wait_until 10 grep -q "^$(mac 1) dev p1 master cbr0" "$TMP/monitor"

log "multicast: flooded like broadcast"
send h1 01:00:5e:01:02:03 "$(mac 1)" m1
fence h1 f2 h2 h3 sw
expect m1 h1=0 h2=1 h3=1 sw=1

log "unknown unicast: flooded to the other ports, not up the host stack"
send h1 "$(mac 99)" "$(mac 1)" u1
fence h1 f3 h2 h3 sw
expect u1 h1=0 h2=1 h3=1 sw=0
check_eq "no entry for the unknown destination" "$(fdb_port "$(mac 99)")" none

log "known unicast: to exactly its port"
fence h2 f4 h1 h3 sw
check_eq "h2 learned behind p2" "$(fdb_port "$(mac 2)")" p2
send h1 "$(mac 2)" "$(mac 1)" k1 --count 5
fence h1 f5 h2 h3 sw
expect k1 h1=0 h2=5 h3=0 sw=0

log "frames for the bridge's own MAC go up the host stack only"
send h1 "$(mac 254)" "$(mac 1)" own1
fence h1 f6 h2 h3 sw
expect own1 h1=0 h2=0 h3=0 sw=1

log "no hairpin: a station behind the ingress port gets nothing back"
send h1 ff:ff:ff:ff:ff:ff "$(mac 11)" b11
fence h1 f7 h2 h3 sw
check_eq "second station behind p1" "$(fdb_port "$(mac 11)")" p1
send h1 "$(mac 11)" "$(mac 1)" hp1
fence h1 f8 h2 h3 sw
expect hp1 h1=0 h2=0 h3=0 sw=0

log "link-local 01:80:C2:00:00:0X is never forwarded, but STP's BPDUs"
for x in 00 02 03 0e; do
	send h1 "01:80:c2:00:00:$x" "$(mac 1)" "ll$x"
done
fence h1 f9 h2 h3 sw
for x in 02 03 0e; do
	expect "ll$x" h2=0 h3=0 sw=0
done
# The Bridge Group Address: flooded like the kernel bridge with STP off.
expect ll00 h2=1 h3=1 sw=1

log "no learning from multicast or all-zero sources (such frames are dropped)"
send h1 ff:ff:ff:ff:ff:ff 01:00:5e:00:00:01 bad1
send h1 ff:ff:ff:ff:ff:ff 00:00:00:00:00:00 bad2
fence h1 f10 h2 h3 sw
expect bad1 h2=0 h3=0 sw=0
expect bad2 h2=0 h3=0 sw=0
check_eq "multicast source not learned" "$(fdb_port 01:00:5e:00:00:01)" none
check_eq "zero source not learned" "$(fdb_port 00:00:00:00:00:00)" none

log "station move: h1's MAC shows up behind p3"
send h3 ff:ff:ff:ff:ff:ff "$(mac 1)" mv0
check_ok "entry moved to p3" wait_until 10 sh -c "bridge -n $sw fdb show | grep -q '^$(mac 1) dev p3 master cbr0'"
check_ok "monitor saw the move" \
	wait_until 10 grep -q "^$(mac 1) dev p3 master cbr0" "$TMP/monitor"
send h2 "$(mac 1)" "$(mac 2)" mv1
fence h2 f11 h1 h3 sw
expect mv1 h1=0 h3=1 sw=0
send h1 ff:ff:ff:ff:ff:ff "$(mac 1)" mv2
check_ok "and back to p1" wait_until 10 sh -c "bridge -n $sw fdb show | grep -q '^$(mac 1) dev p1 master cbr0'"

log "the host port: an IP on cbr0 is a gateway, host frames use the FDB"
check_ok "h1 pings the bridge" in_ns h1 ping -c 2 -W 5 172.16.0.1
check_ok "h1 pings h2 through the bridge" in_ns h1 ping -c 2 -W 5 172.16.0.12
check_ok "the host pings h3" in_ns sw ping -c 2 -W 5 172.16.0.13
send sw "$(mac 2)" "$(mac 254)" host1
send sw ff:ff:ff:ff:ff:ff "$(mac 254)" host2
fence sw f12 h1 h2 h3
expect host1 h1=0 h2=1 h3=0
expect host2 h1=1 h2=1 h3=1

ev=
trace_instance fwd && ev=$TRACE/events/skb/kfree_skb
if [ -n "$ev" ] && [ -d "$ev" ]; then
	log "drops carry a reason (skb:kfree_skb)"
	# 6.1 lacks both reasons; cbr falls back to NOT_SPECIFIED there.
	want_src=NOT_SPECIFIED
	want_hp=NOT_SPECIFIED
	grep -q MAC_INVALID_SOURCE "$ev/format" && want_src=MAC_INVALID_SOURCE
	grep -q NO_TX_TARGET "$ev/format" && want_hp=NO_TX_TARGET
	echo 'protocol == 34997' >"$ev/filter"	# 0x88b5, our test frames
	echo 1 >"$ev/enable"
	echo >"$TRACE/trace"
	send h1 ff:ff:ff:ff:ff:ff 01:00:5e:00:00:01 dr1
	check_ok "invalid source: $want_src" wait_until 10 \
		grep -q "reason: $want_src" "$TRACE/trace"
	echo >"$TRACE/trace"
	send h1 "$(mac 11)" "$(mac 1)" dr2
	check_ok "station behind the ingress port: $want_hp" wait_until 10 \
		grep -q "reason: $want_hp" "$TRACE/trace"
	echo 0 >"$ev/enable"
	echo 0 >"$ev/filter"
else
	log "no skb:kfree_skb trace event: drop reasons not checked"
fi

check_ok "delete cbr0" s link del dev cbr0
log "took ${SECONDS}s"
exit_status
