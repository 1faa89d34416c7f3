#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# cbr_basic.sh: the control plane of cbr -- the link kind and its
# attributes, ports joining and leaving, and every refusal.
#
#   $sw:  cbr0 --+-- v1 ====== (veth) ====== $h1: eth0
#                +-- d0        (dummy)
#                +-- tp0       (tap)
#         refused: lo, tn0 (tun: not Ethernet), cbr0 itself, cbr1 (another
#         cbr), d1 (its rx_handler belongs to macvlan mv0)
#
# Everything happens inside namespaces; the bridge is deleted last with
# ports still attached, which must release them.

source "$(dirname "$0")/lib.sh"

require_root
require_cmd ip bridge jq
require_module cbr
modprobe tun 2>/dev/null	# creates /dev/net/tun

setup_ns sw h1

s() { ip -n "$sw" "$@"; }

kind() { s -d -j link show dev "$1" | jq -r '.[0].linkinfo.info_kind'; }
cbr_attr() { s -d -j link show dev "$1" | jq -r ".[0].linkinfo.info_data.$2"; }
master() { s -j link show dev "$1" | jq -r '.[0].master // "none"'; }
has_flag() { s -j link show dev "$1" | jq -e ".[0].flags | index(\"$2\")" >/dev/null; }
promiscuity() { s -d -j link show dev "$1" | jq -r '.[0].promiscuity'; }

log "kind cbr, loaded on demand by rtnetlink (MODULE_ALIAS_RTNL_LINK)"
check_ok "create cbr0" s link add dev cbr0 type cbr
check_eq "kind" "$(kind cbr0)" cbr
check_eq "default ageing_time (1/100 s)" "$(cbr_attr cbr0 ageing_time)" 30000
check_eq "default max_learned" "$(cbr_attr cbr0 max_learned)" 65536
check_eq "learned" "$(cbr_attr cbr0 learned)" 0
check_ok "ip -d link shows the options" \
	sh -c "ip -n $sw -d link show dev cbr0 | grep -q 'cbr ageing_time 30000 max_learned 65536 learned 0'"
check_ok "bring cbr0 up" s link set dev cbr0 up
check_ok "no ports: no carrier" wait_until 5 has_flag cbr0 NO-CARRIER

log "attributes at creation and with ip link set"
check_ok "create with options" s link add dev cbr1 type cbr ageing_time 500 max_learned 10
check_eq "ageing_time at creation" "$(cbr_attr cbr1 ageing_time)" 500
check_eq "max_learned at creation" "$(cbr_attr cbr1 max_learned)" 10
check_ok "set ageing_time" s link set dev cbr1 type cbr ageing_time 1234
check_eq "ageing_time set" "$(cbr_attr cbr1 ageing_time)" 1234
check_eq "max_learned untouched" "$(cbr_attr cbr1 max_learned)" 10
check_ok "set max_learned 0 (unlimited)" s link set dev cbr1 type cbr max_learned 0
check_eq "max_learned set" "$(cbr_attr cbr1 max_learned)" 0
check_err_msg "ageing_time below the minimum" "out of range" \
	s link set dev cbr1 type cbr ageing_time 9
check_err_msg "ageing_time above the maximum" "out of range" \
	s link set dev cbr1 type cbr ageing_time 100000001
check_eq "bad values change nothing" "$(cbr_attr cbr1 ageing_time)" 1234
check_err_msg "bad value at creation" "out of range" \
	s link add dev cbr2 type cbr ageing_time 0
check_err "no cbr2 after a refused creation" s link show dev cbr2
check_err_msg "unknown option" "unknown option" \
	s link add dev cbr2 type cbr hello 1

log "ports: veth, dummy, tap"
check_ok "veth pair" s link add dev v1 type veth peer name eth0 netns "$h1"
check_ok "dummy" s link add dev d0 type dummy
check_ok "tap" s tuntap add dev tp0 mode tap
check_ok "veth joins" s link set dev v1 master cbr0
check_ok "dummy joins" s link set dev d0 master cbr0
check_ok "tap joins" s link set dev tp0 master cbr0
check_eq "veth master" "$(master v1)" cbr0
check_eq "dummy master" "$(master d0)" cbr0
check_eq "tap master" "$(master tp0)" cbr0
check_eq "ports are promiscuous" "$(promiscuity v1)" 1
check_eq "ip link show master cbr0" \
	"$(s -j link show master cbr0 | jq -r '[.[].ifname] | sort | join(",")')" "d0,tp0,v1"
check_ok "bridge link show lists the ports" \
	sh -c "bridge -n $sw link show | grep -q 'v1.*master cbr0'"
check_eq "bridge link show: exactly the ports" \
	"$(bridge -n "$sw" -j link show | jq -r '[.[].ifname] | sort | join(",")')" "d0,tp0,v1"
check_ok "joining again is a no-op" s link set dev v1 master cbr0
check_eq "still promiscuous once" "$(promiscuity v1)" 1

log "carrier follows the ports, MTU the smallest port"
s link set dev v1 up
ip -n "$h1" link set dev eth0 up
check_ok "a port with carrier: carrier on" wait_until 10 has_flag cbr0 LOWER_UP
check_ok "smaller port MTU" s link set dev d0 mtu 1400
check_eq "bridge MTU follows" "$(s -j link show dev cbr0 | jq -r '.[0].mtu')" 1400
check_ok "peer down" ip -n "$h1" link set dev eth0 down
check_ok "no port with carrier: carrier off" wait_until 10 has_flag cbr0 NO-CARRIER
ip -n "$h1" link set dev eth0 up

log "refusals, each with a message"
check_err_msg "loopback" "Loopback" s link set dev lo master cbr0
check_ok "tun device" s tuntap add dev tn0 mode tun
check_err_msg "non-Ethernet (tun)" "Only Ethernet" s link set dev tn0 master cbr0
check_err "the bridge itself" s link set dev cbr0 master cbr0
check_err_msg "another cbr" "another cbr" s link set dev cbr1 master cbr0
check_ok "dummy d1 under a macvlan" s link add dev d1 type dummy
check_ok "macvlan on d1" s link add link d1 dev mv0 type macvlan
check_err_msg "rx_handler taken" "rx_handler" s link set dev d1 master cbr0
check_eq "refused devices have no master" \
	"$(master lo)$(master tn0)$(master cbr1)$(master d1)" "nonenonenonenone"
check_eq "still three ports" \
	"$(s -j link show master cbr0 | jq -r 'length')" 3

if modprobe bridge 2>/dev/null; then
	log "a port of the kernel bridge may move to cbr (and back)"
	check_ok "kernel bridge br0" s link add dev br0 type bridge
	check_ok "dummy d2" s link add dev d2 type dummy
	check_ok "d2 in br0" s link set dev d2 master br0
	check_ok "d2 moves to cbr0" s link set dev d2 master cbr0
	check_eq "d2 master" "$(master d2)" cbr0
	check_ok "d2 moves back to br0" s link set dev d2 master br0
	check_eq "d2 master again" "$(master d2)" br0
	check_ok "bridge fdb show copes with both" bridge -n "$sw" fdb show
	s link del dev br0
fi

log "leaving: nomaster, deletion, another namespace"
check_ok "nomaster" s link set dev d0 nomaster
check_eq "d0 left" "$(master d0)" none
check_eq "d0 no longer promiscuous" "$(promiscuity d0)" 0
check_ok "d0 may join again" s link set dev d0 master cbr0
check_ok "delete tap port" s link del dev tp0
check_eq "two ports after deletion" \
	"$(s -j link show master cbr0 | jq -r '[.[].ifname] | sort | join(",")')" "d0,v1"
check_ok "move d0 to another namespace" s link set dev d0 netns "$h1"
check_eq "d0 gone from cbr0" \
	"$(s -j link show master cbr0 | jq -r '[.[].ifname] | join(",")')" "v1"
check_eq "d0 has no master in its new namespace" \
	"$(ip -n "$h1" -j link show dev d0 | jq -r '.[0].master // "none"')" none
check_eq "MTU back from the dummy's 1400" "$(s -j link show dev cbr0 | jq -r '.[0].mtu')" 1500

log "deleting the bridge releases its ports"
check_ok "delete cbr0 with a port" s link del dev cbr0
check_eq "v1 free" "$(master v1)" none
check_ok "v1 joins cbr1" s link set dev v1 master cbr1
check_ok "delete cbr1" s link del dev cbr1

log "took ${SECONDS}s"
exit_status
