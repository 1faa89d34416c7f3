#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# cbr_vxlan.sh: the multi-host building block. Two simulated hosts, each
# with its own cbr0 and a container, joined by a kernel vxlan device as a
# cbr port over a veth underlay. Containers on different hosts reach each
# other, and each bridge learns the remote MAC behind its vxlan port.
#
#   $ca: eth0 10.10.0.11                         $cb: eth0 10.10.0.21
#          |                                            |
#   $ha:  va -- cbr0 -- vx0 (vni 42)      $hb:  vb -- cbr0 -- vx0 (vni 42)
#                        |                                     |
#                  ul0 192.168.100.1 ========== ul0 192.168.100.2
#                                   (veth underlay)

source "$(dirname "$0")/lib.sh"

require_root
require_cmd ip bridge ping
require_module cbr vxlan

setup_ns ha hb ca cb

ip -n "$ha" link add dev ul0 type veth peer name ul0 netns "$hb"
ip -n "$ha" addr add 192.168.100.1/24 dev ul0
ip -n "$hb" addr add 192.168.100.2/24 dev ul0
ip -n "$ha" link set dev ul0 up
ip -n "$hb" link set dev ul0 up

# host NS LOCAL REMOTE CONTAINER-NS CONTAINER-IP PORT
host()
{
	local ns=$1 local=$2 remote=$3 c=$4 ip=$5 port=$6

	check_ok "$port: cbr0" ip -n "$ns" link add dev cbr0 type cbr
	check_ok "$port: vxlan" ip -n "$ns" link add dev vx0 type vxlan id 42 \
		local "$local" remote "$remote" dstport 4789 dev ul0
	check_ok "$port: vxlan joins cbr0" ip -n "$ns" link set dev vx0 master cbr0
	ip -n "$ns" link add dev "$port" type veth peer name eth0 netns "$c"
	check_ok "$port: container port joins" ip -n "$ns" link set dev "$port" master cbr0
	ip -n "$c" addr add "$ip/24" dev eth0
	ip -n "$c" link set dev eth0 mtu 1450 up
	ip -n "$ns" link set dev "$port" up
	ip -n "$ns" link set dev vx0 up
	ip -n "$ns" link set dev cbr0 up
}
host "$ha" 192.168.100.1 192.168.100.2 "$ca" 10.10.0.11 va
host "$hb" 192.168.100.2 192.168.100.1 "$cb" 10.10.0.21 vb

check_eq "cbr0 MTU follows the vxlan port" \
	"$(ip -n "$ha" -j link show dev cbr0 | jq -r '.[0].mtu')" 1450
check_ok "container A -> container B over vxlan" \
	ip netns exec "$ca" ping -c 3 -W 5 10.10.0.21
check_ok "container B -> container A" \
	ip netns exec "$cb" ping -c 3 -W 5 10.10.0.11

mac_a=$(ip netns exec "$ca" cat /sys/class/net/eth0/address)
mac_b=$(ip netns exec "$cb" cat /sys/class/net/eth0/address)
learned_on() { bridge -n "$1" fdb show | grep -q "^$2 dev $3 master cbr0"; }
check_ok "host A learned B's container behind vx0" learned_on "$ha" "$mac_b" vx0
check_ok "host B learned A's container behind vx0" learned_on "$hb" "$mac_a" vx0
check_ok "host A learned its own container behind va" learned_on "$ha" "$mac_a" va
ip netns exec "$cb" python3 -c 'import socket
s = socket.socket()
s.bind(("0.0.0.0", 7777))
s.listen(1)
c, _ = s.accept()
c.sendall(c.recv(100))' &
check_ok "B listens" wait_until 30 \
	sh -c "ip netns exec $cb ss -Hltn 'sport = :7777' | grep -q LISTEN"
check_ok "TCP echo across hosts" ip netns exec "$ca" python3 -c 'import socket
s = socket.create_connection(("10.10.0.21", 7777), timeout=10)
s.sendall(b"over vxlan")
assert s.recv(100) == b"over vxlan"'

log "took ${SECONDS}s"
exit_status
