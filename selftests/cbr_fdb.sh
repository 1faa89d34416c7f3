#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# cbr_fdb.sh: the forwarding database -- static entries, bad FDB input,
# ageing, flushing on detach and deletion, the learned cap against a MAC
# flood, and the trace events. Topology and helpers: cbr_topo.bash.

source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/cbr_topo.bash"

log "static entries: added through the bridge, steer traffic, never move"
check_ok "add static" bridge -n "$sw" fdb add "$(mac 77)" dev cbr0 via p2 static
check_ok "static shows in fdb show" \
	sh -c "bridge -n $sw fdb show | grep -q '^$(mac 77) dev p2 master cbr0 static'"
send h1 "$(mac 77)" "$(mac 1)" st1
fence h1 f13 h2 h3 sw
expect st1 h2=1 h3=0 sw=0
send h3 ff:ff:ff:ff:ff:ff "$(mac 77)" st2
fence h3 f14 h1 h2 sw
check_eq "a frame from elsewhere does not move a static entry" "$(fdb_port "$(mac 77)")" p2
check_err_msg "add: exclusive" "exists" \
	bridge -n "$sw" fdb add "$(mac 77)" dev cbr0 via p3 static
check_ok "replace moves it" bridge -n "$sw" fdb replace "$(mac 77)" dev cbr0 via p3 static
check_eq "replaced" "$(fdb_port "$(mac 77)")" p3

log "bad FDB input: clear errors, nothing changed"
before=$(bridge -n "$sw" fdb show | grep -c 'master cbr0')
s link add dev d9 type dummy
check_err_msg "via a non-port" "not a port" \
	bridge -n "$sw" fdb add "$(mac 78)" dev cbr0 via d9 static
check_err_msg "without via" "via" \
	bridge -n "$sw" fdb add "$(mac 78)" dev cbr0 static
check_err_msg "multicast MAC" "unicast" \
	bridge -n "$sw" fdb add 01:00:5e:00:00:09 dev cbr0 via p1 static
check_err_msg "delete a missing entry" "No such FDB entry" \
	bridge -n "$sw" fdb del "$(mac 79)" dev cbr0
check_eq "nothing changed" "$(bridge -n "$sw" fdb show | grep -c 'master cbr0')" "$before"

log "ageing: dynamic entries go after ageing_time, static ones stay"
check_ok "ageing_time 0.5 s" s link set dev cbr0 type cbr ageing_time 50
check_ok "dynamic entries age out" wait_until 20 sh -c \
	"[ \$(bridge -n $sw fdb show | grep 'master cbr0' | grep -v 'dev cbr0 master cbr0 permanent' | grep -vc static) = 0 ]"
check_eq "learned count back to 0" "$(learned)" 0
check_eq "static entry survives" "$(fdb_port "$(mac 77)")" p3
check_ok "monitor saw the ageing" \
	wait_until 10 grep -q "^Deleted $(mac 1) dev p1 master cbr0" "$TMP/monitor"
check_ok "ageing_time back to 300 s" s link set dev cbr0 type cbr ageing_time 30000

log "detach and deletion flush a port's entries, static ones too"
fence h3 f15 h1 h2 sw
check_eq "h3 learned" "$(fdb_port "$(mac 3)")" p3
check_ok "p3 leaves" s link set dev p3 nomaster
check_eq "h3's entry flushed" "$(fdb_port "$(mac 3)")" none
check_eq "static entry on p3 flushed" "$(fdb_port "$(mac 77)")" none
fence h2 f16 h1 sw
check_eq "h2 learned" "$(fdb_port "$(mac 2)")" p2
check_ok "delete p2" s link del dev p2
check_eq "h2's entry flushed" "$(fdb_port "$(mac 2)")" none

log "MAC flood: the learned cap holds"
check_ok "max_learned 100" s link set dev cbr0 type cbr max_learned 100
send h1 "$(mac 98)" x flood --count 1000 --random-src
fence h1 f17 sw
check_eq "learned is capped" "$(learned)" 100
check_eq "fdb show agrees" "$(bridge -n "$sw" fdb show | grep -c 'dev p1 master cbr0')" 100
check_ok "max_learned 0 (unlimited)" s link set dev cbr0 type cbr max_learned 0
send h1 "$(mac 98)" x flood2 --count 1000 --random-src
fence h1 f18 sw
check_ok "unlimited learns them all" wait_until 10 sh -c \
	"[ \$(ip -n $sw -d -j link show dev cbr0 | jq -r '.[0].linkinfo.info_data.learned') -ge 1000 ]"

T=
trace_instance fdb && T=$TRACE
if [ -n "$T" ] && [ -d "$T/events/cbr" ]; then
	log "trace events: cbr:cbr_fdb_learn"
	echo 1 >"$T/events/cbr/cbr_fdb_learn/enable"
	echo >"$T/trace"
	send h1 ff:ff:ff:ff:ff:ff "$(mac 42)" tr1
	check_ok "learn event traced" wait_until 10 \
		grep -q "cbr_fdb_learn: br cbr0 addr $(mac 42) port p1" "$T/trace"
	echo 0 >"$T/events/cbr/cbr_fdb_learn/enable"
else
	check_fail "trace events" "no tracefs instance with events/cbr"
fi

check_ok "delete cbr0" s link del dev cbr0
log "took ${SECONDS}s"
exit_status
