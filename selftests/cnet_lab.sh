#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# `cnet lab` end to end on the kernel's veth + bridge (cnet_lab_cbr.sh:
# the same on cveth + cbr; arguments PAIR BRIDGE): up, status, check, the
# paths proven again with the seed article's own tools (ping, curl to a
# python3 http.server behind a published port), a broken path that check
# must report, down twice, and nothing left behind.
#
#   cnet-c1 172.168.1.11   cnet-c2 172.168.1.12        cnet-out 198.51.100.2
#        \ lab-c1              / lab-c2                      |
#         +----- cnet0 172.168.1.1/24 -- ip_forward, NAT -- lab-out 198.51.100.1

source "$(dirname "$0")/lib.sh"

PAIR=${1:-veth}
BR=${2:-bridge}

require_root
require_cmd jq ip nft curl python3 ping
command -v cnet >/dev/null || skip "no cnet: build it (make userspace) or install it (make install)"
require_module "$PAIR" "$BR"

rc() { "$@" >/dev/null 2>&1; echo $?; }
has() { grep -Eq -- "$1" <<<"$2"; }

# The lab lives in this namespace: start clean, end clean.
cnet lab down >/dev/null 2>&1
defer cnet lab down
fwd_before=$(cat /proc/sys/net/ipv4/ip_forward)

log "== bad arguments and a lab that is down ($PAIR + $BR)"
check_eq "lab up --containers 0: 2" "$(rc cnet lab up --containers 0)" 2
check_eq "lab up --pair foo: 2" "$(rc cnet lab up --pair foo)" 2
check_eq "lab up --bridge foo: 2" "$(rc cnet lab up --bridge foo)" 2
check_eq "lab up --publish 1:9:80 (no container 9): 2" "$(rc cnet lab up --publish 1:9:80)" 2
check_eq "lab up --publish 80: 2" "$(rc cnet lab up --publish 80)" 2
check_eq "lab frob: 2" "$(rc cnet lab frob)" 2
check_eq "lab status while down: 5" "$(rc cnet lab status)" 5
check_eq "lab check while down: 5" "$(rc cnet lab check)" 5

log "== lab up"
out=$(cnet lab up --pair "$PAIR" --bridge "$BR" 2>&1)
check_eq "lab up exits 0" "$?" 0
echo "$out" | sed 's/^/#   /'
check_eq "lab up twice: 6" "$(rc cnet lab up --pair "$PAIR" --bridge "$BR")" 6

# What the kernel says, independent of cnet.
check_eq "cnet-c1 eth0 172.168.1.11/24" \
	"$(ip -n cnet-c1 -4 -o addr show dev eth0 | awk '{print $4}')" 172.168.1.11/24
check_eq "cnet-c2 eth0 172.168.1.12/24" \
	"$(ip -n cnet-c2 -4 -o addr show dev eth0 | awk '{print $4}')" 172.168.1.12/24
check_eq "cnet-c1 default via the gateway" \
	"$(ip -n cnet-c1 route show default | awk '{print $3, $5}')" "172.168.1.1 eth0"
check_eq "cnet0 is a $BR with 172.168.1.1/24" \
	"$(ip -d -j link show dev cnet0 | jq -r '.[0].linkinfo.info_kind') $(ip -4 -o addr show dev cnet0 | awk '{print $4}')" \
	"$BR 172.168.1.1/24"
for p in lab-c1 lab-c2; do
	check_eq "$p is a $PAIR port of cnet0" \
		"$(ip -d -j link show dev $p | jq -r '.[0] | "\(.linkinfo.info_kind) \(.master)"')" \
		"$PAIR cnet0"
done
check_eq "ip_forward is on" "$(cat /proc/sys/net/ipv4/ip_forward)" 1
nat=$(nft list table ip cnet_lab 2>&1)
check_eq "nft: MASQUERADE out of lab-out" \
	"$(has 'oifname "lab-out" masquerade' "$nat" && echo yes)" yes
check_eq "nft: DNAT 8888 -> 172.168.1.11:80, 9999 -> 172.168.1.12:80" \
	"$(has 'dport 8888 dnat to 172.168.1.11:80' "$nat" && has 'dport 9999 dnat to 172.168.1.12:80' "$nat" && echo yes)" yes

log "== lab status"
out=$(cnet lab status 2>&1)
check_eq "lab status exits 0" "$?" 0
echo "$out" | sed 's/^/#   /'
check_eq "status: both containers with address and confirmed peer" \
	"$(grep -Ec 'cnet-c[12] +eth0 .* 172\.168\.1\.1[12]/24 +<-> lab-c[12] .*peer confirmed, port of cnet0' <<<"$out")" 2
check_eq "status: the bridge's ports" "$(sed -n 's/^  ports: //p' <<<"$out")" "lab-c1 lab-c2"
check_eq "status: the outside" \
	"$(grep -Ec 'cnet-out +eth0 .*198\.51\.100\.2/24 +<-> lab-out' <<<"$out")" 1
check_eq "status: an FDB table" "$(grep -c '^fdb of cnet0:' <<<"$out")" 1

log "== lab check"
out=$(cnet lab check 2>&1)
check_eq "lab check exits 0" "$?" 0
echo "$out" | sed 's/^/#   /'
# 2 to the gateway, 2x2 between containers, 2x2 outward, 2 published.
check_eq "12 paths pass, none fails" \
	"$(grep -c '^PASS' <<<"$out") $(grep -c '^FAIL' <<<"$out")" "12 0"
check_eq "outward traffic is masqueraded" \
	"$(grep -c 'cnet-c1 -> outside 198.51.100.2:80 .*you are 198.51.100.1:' <<<"$out")" 1
check_eq "a published port reaches its container" \
	"$(grep -c 'outside -> 198.51.100.1:9999 .*responder in cnet-c2: you are 198.51.100.2:' <<<"$out")" 1

# The FDB learned both containers on their ports.
mac1=$(ip -n cnet-c1 -j link show dev eth0 | jq -r '.[0].address')
mac2=$(ip -n cnet-c2 -j link show dev eth0 | jq -r '.[0].address')
json=$(cnet fdb show cnet0 --json)
check_eq "fdb: c1's MAC on lab-c1, c2's on lab-c2" \
	"$(jq -r --arg a "$mac1" --arg b "$mac2" \
	   '[.[] | select(.mac == $a or .mac == $b) | "\(.port):\(.type)"] | sort | join(" ")' <<<"$json")" \
	"lab-c1:learned lab-c2:learned"

log "== the article's way: ping, python3 -m http.server, curl"
check_ok "c1 pings c2" ip netns exec cnet-c1 ping -c 1 -W 5 172.168.1.12
check_ok "c2 pings the outside" ip netns exec cnet-c2 ping -c 1 -W 5 198.51.100.2
www=$(mktemp -d)
defer rm -rf "$www"
ip netns exec cnet-c1 python3 -m http.server 80 --bind 0.0.0.0 --directory "$www" >/dev/null 2>&1 &
py_pid=$!
defer kill "$py_pid"
check_ok "outside curls 198.51.100.1:8888 -> python3 in c1" \
	wait_until 30 ip netns exec cnet-out curl -sf -m 5 -o /dev/null http://198.51.100.1:8888/
out=$(cnet lab check 2>&1)
check_eq "lab check passes with the user's server on c1:80" "$?" 0
kill "$py_pid"
wait "$py_pid" 2>/dev/null

log "== a broken path is reported"
nft delete table ip cnet_lab
out=$(cnet lab check --timeout 2 2>&1)
check_eq "lab check without NAT exits 1" "$?" 1
echo "$out" | grep FAIL | sed 's/^/#   /'
check_eq "outward and published paths fail" \
	"$(grep -c '^FAIL.*\(outside\)' <<<"$out")" 6
check_eq "bridged paths still pass" \
	"$(grep -c '^PASS.*\(gateway\|bridged\)' <<<"$out")" 4

log "== lab down, twice"
out=$(cnet lab down 2>&1)
check_eq "lab down exits 0" "$?" 0
echo "$out" | sed 's/^/#   /'
check_eq "no lab netns left" "$(ip netns list | grep -c '^cnet-')" 0
check_eq "no lab link left" "$(ip -o link show | grep -Ec ': (cnet0|lab-[^:]*)[@:]')" 0
check_err "no nft table left" nft list table ip cnet_lab
check_eq "ip_forward restored" "$(cat /proc/sys/net/ipv4/ip_forward)" "$fwd_before"
check_err "no state file left" test -e /run/cnet/lab
out=$(cnet lab down 2>&1)
check_eq "lab down again exits 0" "$?" 0
check_eq "and says there was nothing" "$(grep -c 'nothing to remove' <<<"$out")" 1

log "== three containers, a port of choice"
check_ok "lab up --containers 3 --publish 8080:3:8000" \
	cnet lab up --containers 3 --pair "$PAIR" --bridge "$BR" --publish 8080:3:8000
out=$(cnet lab check 2>&1)
check_eq "lab check: 3 + 12 + 6 + 1 paths pass" \
	"$?:$(grep -c '^PASS' <<<"$out"):$(grep -c '^FAIL' <<<"$out")" "0:22:0"
check_eq "8080 reaches cnet-c3:8000" \
	"$(grep -c 'outside -> 198.51.100.1:8080 (cnet-c3:8000) .*responder in cnet-c3' <<<"$out")" 1
check_ok "lab down" cnet lab down
check_eq "nothing left" "$(ip netns list | grep -c '^cnet-')$(ip -o link show | grep -Ec ': (cnet0|lab-[^:]*)[@:]')" "00"

log "== --isolate: containers reach the gateway and the outside, not each other"
check_ok "lab up --isolate" cnet lab up --pair "$PAIR" --bridge "$BR" --isolate
check_ok "status says isolated" sh -c "cnet lab status | grep -q 'no forwarding between lab-c\* ports'"
out=$(cnet lab check --timeout 3 2>&1)
echo "$out" | sed 's/^/#   /'
check_eq "lab check isolated: 2 gateway + 2 blocked + 4 outside + 2 published pass" \
	"$?:$(grep -c '^PASS' <<<"$out"):$(grep -c '^FAIL' <<<"$out")" "0:10:0"
check_eq "both container-to-container paths are blocked" \
	"$(grep -c '^PASS .*isolated: blocked' <<<"$out")" 2
check_err "and a ping from c1 to c2 gets nowhere" \
	ip netns exec cnet-c1 ping -c 1 -W 1 172.168.1.12
check_ok "the drop rule counted the blocked frames" sh -c \
	"nft -j list table bridge cnet_lab | jq -e '[.nftables[] | select(.rule) | .rule.expr[] | select(.counter) | .counter.packets] | add > 0'"
check_ok "lab down" cnet lab down
check_err "no bridge table left" nft list table bridge cnet_lab

log "== --hairpin: a container reaches its own published port through the gateway"
check_eq "lab up --hairpin --isolate: 2" \
	"$(rc cnet lab up --pair "$PAIR" --bridge "$BR" --hairpin --isolate)" 2
check_eq "lab up --hairpin --no-publish: 2" \
	"$(rc cnet lab up --pair "$PAIR" --bridge "$BR" --hairpin --no-publish)" 2
check_ok "lab up --hairpin" cnet lab up --pair "$PAIR" --bridge "$BR" --hairpin
check_eq "both ports in hairpin mode (cnet bridge show)" \
	"$(cnet bridge show cnet0 | grep -c 'lab-c[12]: .*hairpin on')" 2
check_eq "... and for bridge -j -d link show" \
	"$(bridge -j -d link show | jq '[.[] | select(.ifname | startswith("lab-c")) | select(.hairpin == true)] | length')" 2
check_ok "status says hairpin" sh -c "cnet lab status | grep -q 'hairpin: the DNAT also from cnet0'"
out=$(cnet lab check --timeout 5 2>&1)
rc_check=$?
echo "$out" | grep -i 'hairpin\|FAIL' | sed 's/^/#   /'
check_eq "lab check --hairpin: 2 + 4 + 4 + 2 + 2 paths pass" \
	"$rc_check:$(grep -c '^PASS' <<<"$out"):$(grep -c '^FAIL' <<<"$out")" "0:14:0"
check_eq "cnet-c1 reaches itself through 172.168.1.1:8888, answered from the gateway" \
	"$(grep -c '^PASS  cnet-c1 -> 172.168.1.1:8888 (itself, port 80) .*responder in cnet-c1: you are 172.168.1.1:' <<<"$out")" 1
check_ok "lab down" cnet lab down

out=$(cnet lab up --pair "$PAIR" --bridge "$BR" 2>&1 && cnet lab check --timeout 3 2>&1)
check_eq "without --isolate the containers reach each other again" \
	"$(grep -c '^PASS  cnet-c1 -> cnet-c2 172.168.1.12 ' <<<"$out")" 1
check_eq "without --hairpin no hairpin path is checked" "$(grep -ci hairpin <<<"$out")" 0
check_err "without --hairpin cnet-c1 does not reach 172.168.1.1:8888" \
	ip netns exec cnet-c1 timeout 5 bash -c 'exec 3<>/dev/tcp/172.168.1.1/8888'
cnet lab down >/dev/null 2>&1

exit_status
