#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# cnet's subcommands, each checked against what `ip` and `bridge` see, and
# every error class with its exit code. Runs on the kernel's veth + bridge;
# cnet_cmds_cbr.sh runs it on cveth + cbr (arguments: PAIR BRIDGE).
#
#   $NS (cnet -n NS):  br0 ---- v1 <-> eth0  in $A  10.0.0.2/24
#     10.0.0.1/24       \
#                        --- v2 <-> eth0  in $B  10.0.0.3/24 (later: A's MAC)
#
# Exit codes under test: 2 bad arguments, 3 missing privilege, 4 missing
# module (link kind), 5 no such device, 6 already exists.

source "$(dirname "$0")/lib.sh"

PAIR=${1:-veth}
BR=${2:-bridge}

require_root
require_cmd jq ip setpriv
command -v cnet >/dev/null || skip "no cnet: build it (make userspace) or install it (make install)"
require_module "$PAIR" "$BR"

setup_ns NS A B
# No IPv6 chatter: it would refresh learned entries the test ages out.
for n in "$NS" "$A" "$B"; do
	ip netns exec "$n" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 \
		net.ipv6.conf.default.disable_ipv6=1 2>/dev/null
done
c() { cnet -n "$NS" "$@"; }
rc() { "$@" >/dev/null 2>&1; echo $?; }
has() { grep -Eq -- "$1" <<<"$2"; }

WATCH_OUT=$(mktemp)
defer rm -f "$WATCH_OUT"

log "== help and usage ($PAIR + $BR)"
check_ok "cnet --help" cnet --help
for sub in pair bridge port fdb watch lab; do
	out=$(cnet "$sub" --help)
	check_eq "cnet $sub --help: exit 0 with a usage line" \
		"$?:$(grep -c '^usage: cnet '"$sub" <<<"$out")" "0:1"
done
check_eq "no command: 2" "$(rc cnet)" 2
check_eq "unknown command: 2" "$(rc cnet frobnicate)" 2
check_eq "unknown option: 2" "$(rc cnet --frob pair)" 2
check_eq "pair add without peer: 2" "$(rc c pair add x)" 2
check_eq "pair add, bad name: 2" "$(rc c pair add this-name-is-too-long peer y)" 2
check_eq "bridge add, bad ageing: 2" "$(rc c bridge add brx ageing soon)" 2
check_eq "bridge set, nothing to set: 2" "$(rc c bridge set brx)" 2
check_eq "fdb add, bad MAC: 2" "$(rc c fdb add br0 02:00:00:00:00 v1)" 2
check_eq "watch without bridge: 2" "$(rc c watch)" 2
check_err_msg "an error names the problem" "unknown command 'frobnicate'" cnet frobnicate

log "== pair"
check_ok "pair add v1 peer eth0 netns A" c pair add v1 peer eth0 netns "$A" type "$PAIR"
check_ok "pair add v2 peer eth0 netns B" c pair add v2 peer eth0 netns "$B" type "$PAIR"
check_ok "pair add v3 peer v3p (same netns)" c pair add v3 peer v3p type "$PAIR"
out=$(ip -n "$NS" -d link show dev v1 2>&1)
check_eq "v1 is a $PAIR, up" "$(has "$PAIR" "$out" && has ',UP' "$out" && echo yes)" yes
out=$(ip -n "$A" link show dev eth0 2>&1)
check_eq "the peer is eth0 in A, up" "$(has ',UP' "$out" && echo yes)" yes
check_ok "v3p exists next to v3" ip -n "$NS" link show dev v3p
check_eq "pair add over an existing name: 6" "$(rc c pair add v1 peer zz type "$PAIR")" 6
check_eq "pair add into a missing netns: 5" "$(rc c pair add v9 peer v9p netns nosuch-$$)" 5
check_err_msg "unknown link kind: message names the module" "module" \
	c pair add m1 peer m2 type nosuchkind
check_eq "unknown link kind: 4" "$(rc c pair add m1 peer m2 type nosuchkind)" 4
check_ok "pair del v3" c pair del v3
check_err "v3p went with v3" ip -n "$NS" link show dev v3p
check_eq "pair del of a missing device: 5" "$(rc c pair del v3)" 5
check_eq "a missing -n namespace: 5" "$(rc cnet -n nosuch-$$ pair del v1)" 5

log "== bridge"
check_ok "bridge add br0 type $BR ageing 10" c bridge add br0 type "$BR" ageing 10
out=$(c bridge show br0)
check_eq "bridge show: kind and ageing" \
	"$(has "kind $BR, up" "$out" && has 'ageing 10.00 s' "$out" && echo yes)" yes
if [ "$BR" = bridge ]; then
	check_eq "ip sees ageing_time 1000" \
		"$(ip -n "$NS" -d link show dev br0 | grep -o 'ageing_time [0-9]*')" "ageing_time 1000"
	check_eq "max-learned on the kernel bridge: 2" \
		"$(rc c bridge set br0 max-learned 5)" 2
	check_eq "fastpath on the kernel bridge: 2" \
		"$(rc c bridge set br0 fastpath off)" 2
	check_eq "loop-guard on the kernel bridge: 2" \
		"$(rc c bridge set br0 loop-guard off)" 2
	check_eq "bridge add type bridge loop-guard: 2" \
		"$(rc c bridge add br9 type bridge loop-guard on)" 2
	check_err "no br9 made" ip -n "$NS" link show dev br9
else
	check_eq "bridge show: fastpath on by default" \
		"$(c bridge show br0 | grep -o 'fastpath [a-z]*')" "fastpath on"
	check_ok "bridge set fastpath off" c bridge set br0 fastpath off
	check_eq "ip sees fastpath off" \
		"$(ip -n "$NS" -d link show dev br0 | grep -o 'fastpath [a-z]*')" "fastpath off"
	check_eq "fastpath maybe: 2" "$(rc c bridge set br0 fastpath maybe)" 2
	check_ok "bridge set fastpath on" c bridge set br0 fastpath on
	check_eq "bridge show: loop-guard on by default" \
		"$(c bridge show br0 | grep -o 'loop-guard [a-z]*')" "loop-guard on"
	check_ok "bridge set loop-guard off" c bridge set br0 loop-guard off
	check_eq "ip sees loop_guard off" \
		"$(ip -n "$NS" -d link show dev br0 | grep -o 'loop_guard [a-z]*')" "loop_guard off"
	check_eq "loop-guard maybe: 2" "$(rc c bridge set br0 loop-guard maybe)" 2
	check_ok "bridge set loop-guard on" c bridge set br0 loop-guard on
	check_ok "bridge add br9 loop-guard off" c bridge add br9 loop-guard off
	check_eq "br9: loop_guard off" \
		"$(ip -n "$NS" -d link show dev br9 | grep -o 'loop_guard [a-z]*')" "loop_guard off"
	check_ok "bridge del br9" c bridge del br9
	check_ok "bridge set max-learned 5" c bridge set br0 max-learned 5
	check_eq "bridge show: max-learned 5" \
		"$(c bridge show br0 | grep -o 'max-learned [0-9]*')" "max-learned 5"
	check_ok "bridge set max-learned 0 (unlimited)" c bridge set br0 max-learned 0
fi
check_ok "bridge set br0 ageing 300" c bridge set br0 ageing 300
check_eq "bridge show: ageing 300.00 s" \
	"$(c bridge show br0 | grep -o 'ageing [0-9.]* s')" "ageing 300.00 s"
check_eq "bridge add, existing name: 6" "$(rc c bridge add br0 type "$BR")" 6
check_eq "bridge set on a missing bridge: 5" "$(rc c bridge set nobr ageing 5)" 5
check_eq "bridge show on a pair end: 2 (not a bridge)" "$(rc c bridge show v1)" 2
check_eq "bridge add of an unknown kind: 4" "$(rc c bridge add brz type nosuchkind)" 4

log "== port"
check_ok "port add br0 v1" c port add br0 v1
check_ok "port add br0 v2" c port add br0 v2
check_eq "ip sees v1's master" \
	"$(ip -n "$NS" link show dev v1 | grep -o 'master [^ ]*')" "master br0"
check_eq "bridge show lists the ports" "$(c bridge show br0 | sed -n 's/^  ports: //p')" "v1 v2"
check_ok "port set br0 v1 learning off hairpin on" c port set br0 v1 learning off hairpin on
check_eq "port set: bridge link show agrees" \
	"$(bridge -n "$NS" -d -j link show dev v1 | jq -r '.[0] | "\(.learning) \(.hairpin) \(.flood)"')" "false true true"
st=$(bridge -n "$NS" -j link show dev v1 | jq -r '.[0].state')
check_eq "bridge show prints v1's state and settings" "$(c bridge show br0 | grep '^    v1:')" \
	"    v1: $st, learning off, flood on, mcast_flood on, bcast_flood on, hairpin on, isolated off, neigh_suppress off, locked off"
check_ok "port set br0 v1 learning on hairpin off" c port set br0 v1 learning on hairpin off
check_eq "port set: learning back on" \
	"$(bridge -n "$NS" -d -j link show dev v1 | jq -r '.[0] | "\(.learning) \(.hairpin)"')" "true false"
check_eq "port set with an unknown setting: 2" "$(rc c port set br0 v1 cost 5)" 2
check_eq "port set with a value not on/off: 2" "$(rc c port set br0 v1 learning maybe)" 2
check_eq "port set with a setting given twice: 2" "$(rc c port set br0 v1 learning on learning off)" 2
check_eq "port set without a value: 2" "$(rc c port set br0 v1 learning)" 2
check_eq "port set on a device that is not br0's port: 5" "$(rc c port set br0 v4 learning off)" 5
check_eq "... and learning stayed on" \
	"$(bridge -n "$NS" -d -j link show dev v1 | jq -r '.[0].learning')" true
check_ok "pair add v4 peer v4p" c pair add v4 peer v4p type "$PAIR"
check_eq "port add to a pair end: 2 (not a bridge)" "$(rc c port add v4 v4p)" 2
check_eq "port add to a missing bridge: 5" "$(rc c port add nobr v4)" 5
check_eq "port add of a missing device: 5" "$(rc c port add br0 nodev)" 5
check_eq "port del of a device without a bridge: 5" "$(rc c port del v4)" 5
check_ok "port add br0 v4, port del v4" bash -c "cnet -n $NS port add br0 v4 && cnet -n $NS port del v4"
check_eq "v4 has no master any more" "$(ip -n "$NS" link show dev v4 | grep -c master)" 0

log "== fdb and watch"
ip -n "$NS" addr add 10.0.0.1/24 dev br0
ip -n "$A" addr add 10.0.0.2/24 dev eth0
ip -n "$B" addr add 10.0.0.3/24 dev eth0
mac_a=$(ip -n "$A" -j link show dev eth0 | jq -r '.[0].address')
cnet -n "$NS" watch br0 >"$WATCH_OUT" 2>&1 &
watch_pid=$!
defer kill "$watch_pid"
check_ok "watch starts" wait_until 20 grep -q '^watching br0' "$WATCH_OUT"

json=$(c fdb show br0 --json)
check_ok "fdb show --json is a JSON array" jq -e 'type == "array"' <<<"$json"
check_ok "ping A -> bridge" wait_until 20 ip netns exec "$A" ping -c 1 -W 1 10.0.0.1
learned() { c fdb show br0 --json | jq -e --arg m "$mac_a" --arg p "$1" \
	'.[] | select(.mac == $m and .port == $p and .type == "learned")'; }
check_ok "A's MAC learned on v1 (JSON)" wait_until 20 learned v1
check_ok "the table shows it too" bash -c "cnet -n $NS fdb show br0 | grep -Eq '^$mac_a +v1 +learned'"
check_ok "watch: learn A's MAC on v1" wait_until 20 grep -Eq "learn +$mac_a port v1\$" "$WATCH_OUT"

# B takes A's MAC: the bridge sees it move to v2. (A stays up: a port
# whose carrier drops has its learned entries flushed by the kernel bridge.)
ip -n "$B" link set dev eth0 address "$mac_a"
check_ok "ping B (with A's MAC) -> bridge" wait_until 20 ip netns exec "$B" ping -c 1 -W 1 10.0.0.1
check_ok "the entry moved to v2" wait_until 20 learned v2
check_ok "watch: move v1 -> v2" wait_until 20 grep -Eq "move +$mac_a port v1 -> v2\$" "$WATCH_OUT"

check_ok "fdb add static 02:00:00:00:00:aa on v1" c fdb add br0 02:00:00:00:00:aa v1
check_eq "static entry in JSON" \
	"$(c fdb show br0 --json | jq -r '.[] | select(.mac == "02:00:00:00:00:aa" and .vlan == null) | "\(.port) \(.type)"')" \
	"v1 static"
check_ok "watch: static" wait_until 20 grep -Eq "static +02:00:00:00:00:aa port v1\$" "$WATCH_OUT"
check_eq "fdb add on a port of no bridge: 5" "$(rc c fdb add br0 02:00:00:00:00:ab v4)" 5
check_eq "fdb add on a missing bridge: 5" "$(rc c fdb add nobr 02:00:00:00:00:ab v1)" 5
check_eq "fdb show on a pair end: 2" "$(rc c fdb show v1)" 2
check_ok "fdb del the static entry" c fdb del br0 02:00:00:00:00:aa
check_eq "it is gone" \
	"$(c fdb show br0 --json | jq '[.[] | select(.mac == "02:00:00:00:00:aa")] | length')" 0
check_ok "watch: del" wait_until 20 grep -Eq "del +02:00:00:00:00:aa port v1\$" "$WATCH_OUT"
check_eq "fdb del of a missing entry: 5" "$(rc c fdb del br0 02:00:00:00:00:aa)" 5

check_ok "ageing 1 s" c bridge set br0 ageing 1
aged() { ! c fdb show br0 --json | jq -e --arg m "$mac_a" '.[] | select(.mac == $m)'; }
check_ok "the learned entry ages out" wait_until 60 aged
check_ok "watch: age" wait_until 20 grep -Eq "age +$mac_a port v2\$" "$WATCH_OUT"
kill -INT "$watch_pid"
wait "$watch_pid"
check_eq "watch ends on SIGINT with exit 0" "$?" 0

log "== privilege"
nobody() { setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all "$@"; }
check_eq "pair add as nobody: 3" "$(rc nobody "$(command -v cnet)" pair add np1 peer np2 type "$PAIR")" 3
check_eq "lab up as nobody: 3" "$(rc nobody "$(command -v cnet)" lab up)" 3
check_err "nothing was made" ip link show dev np1

log "== teardown"
check_ok "bridge del br0" c bridge del br0
check_err "br0 is gone" ip -n "$NS" link show dev br0
check_eq "v1 survived its bridge, without a master" \
	"$(ip -n "$NS" link show dev v1 | grep -c master)" 0
check_ok "pair del v1" c pair del v1
check_err "A's eth0 went with v1" ip -n "$A" link show dev eth0

exit_status
