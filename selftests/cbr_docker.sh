#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# cbr_docker.sh: the seeds' hand-built Docker bridge network (001), with cbr
# in place of the kernel bridge and cveth pairs in place of veth (it skips
# without them).
#
#   $c1: eth1 172.168.1.11 --+                       +-- $out: eth0 10.0.0.2
#                            |                       |   (no route back to
#   $c2: eth2 172.168.1.12 --+                       |    172.168.1.0/24)
#                            |                       |
#   $host:            veth1/veth2 -- cbr0 172.168.1.1, ens33 10.0.0.1
#                     POSTROUTING -s 172.168.1.0/24 -o ens33 -j MASQUERADE
#                     PREROUTING --dport 8888 -> 172.168.1.11:80
#                     PREROUTING --dport 9999 -> 172.168.1.12:80

source "$(dirname "$0")/lib.sh"

require_root
require_cmd ip iptables python3 ping jq bridge
require_module cbr cveth

PAIR=cveth

TMP=$(mktemp -d)
defer rm -rf "$TMP"
setup_ns host c1 c2 out

h() { ip netns exec "$host" "$@"; }
n1() { ip netns exec "$c1" "$@"; }
n2() { ip netns exec "$c2" "$@"; }
o() { ip netns exec "$out" "$@"; }

log "the containers (001: ip link add ... peer, set netns, addresses)"
check_ok "pair 1" ip -n "$host" link add dev veth1 type "$PAIR" peer name eth1
check_ok "pair 2" ip -n "$host" link add dev veth2 type "$PAIR" peer name eth2
check_ok "eth1 to c1" ip -n "$host" link set dev eth1 netns "$c1"
check_ok "eth2 to c2" ip -n "$host" link set dev eth2 netns "$c2"
n1 ip addr add 172.168.1.11/24 dev eth1
n2 ip addr add 172.168.1.12/24 dev eth2
n1 ip link set dev eth1 up
n2 ip link set dev eth2 up
h ip link set dev veth1 up
h ip link set dev veth2 up

log "the bridge: cbr instead of bridge"
check_ok "add cbr0" h ip link add dev cbr0 type cbr
h ip link set dev cbr0 up
check_ok "veth1 master cbr0" h ip link set dev veth1 master cbr0
check_ok "veth2 master cbr0" h ip link set dev veth2 master cbr0
check_ok "gateway address" h ip addr add 172.168.1.1/24 dev cbr0
check_ok "default route in c1" n1 ip route add default via 172.168.1.1 dev eth1
check_ok "default route in c2" n2 ip route add default via 172.168.1.1 dev eth2

log "the outside world: ens33 of the host"
ip -n "$host" link add dev ens33 type veth peer name eth0 netns "$out"
h ip addr add 10.0.0.1/24 dev ens33
h ip link set dev ens33 up
o ip addr add 10.0.0.2/24 dev eth0
o ip link set dev eth0 up
h sysctl -qw net.ipv4.ip_forward=1

log "container to container, to the gateway, to the host"
check_ok "c1 -> c2" n1 ping -c 2 -W 5 172.168.1.12
check_ok "c2 -> c1" n2 ping -c 2 -W 5 172.168.1.11
check_ok "c1 -> gateway" n1 ping -c 2 -W 5 172.168.1.1
check_ok "c2 -> host's other address" n2 ping -c 2 -W 5 10.0.0.1
mac_c2=$(n2 cat /sys/class/net/eth2/address)
check_ok "the bridge learned c2 behind veth2" \
	sh -c "bridge -n $host fdb show | grep -q '^$mac_c2 dev veth2 master cbr0'"

log "MASQUERADE towards the outside"
check_err "without NAT the outside cannot answer" n1 ping -c 1 -W 2 10.0.0.2
check_ok "MASQUERADE rule" h iptables -t nat -A POSTROUTING \
	-s 172.168.1.0/24 -o ens33 -j MASQUERADE
check_ok "c1 -> outside, masqueraded" n1 ping -c 2 -W 5 10.0.0.2
check_ok "c2 -> outside, masqueraded" n2 ping -c 2 -W 5 10.0.0.2
check_ok "the rule counted them" sh -c \
	"ip netns exec $host iptables -t nat -L POSTROUTING -v -n -x | awk '/MASQUERADE/ && \$1 > 0 { f = 1 } END { exit !f }'"

log "published ports: DNAT 8888 -> c1:80, 9999 -> c2:80"
mkdir -p "$TMP/www1" "$TMP/www2"
echo c1 >"$TMP/www1/index.html"
echo c2 >"$TMP/www2/index.html"
n1 python3 -m http.server 80 --directory "$TMP/www1" >/dev/null 2>&1 &
n2 python3 -m http.server 80 --directory "$TMP/www2" >/dev/null 2>&1 &
get() { o python3 -c "import urllib.request as u; print(u.urlopen('http://$1/', timeout=5).read().decode().strip())"; }
listening() { ip netns exec "$1" ss -Hltn 'sport = :80' | grep -q LISTEN; }
check_ok "c1 serves" wait_until 30 listening "$c1"
check_ok "c2 serves" wait_until 30 listening "$c2"
h iptables -t nat -A PREROUTING -p tcp --dport 8888 -j DNAT --to-destination 172.168.1.11:80
h iptables -t nat -A PREROUTING -p tcp --dport 9999 -j DNAT --to-destination 172.168.1.12:80
check_eq "outside -> host:8888 reaches c1" "$(get 10.0.0.1:8888)" c1
check_eq "outside -> host:9999 reaches c2" "$(get 10.0.0.1:9999)" c2
check_eq "c2 -> c1:80 across cbr0" "$(n2 python3 -c "import urllib.request as u; print(u.urlopen('http://172.168.1.11/', timeout=5).read().decode().strip())")" c1

log "took ${SECONDS}s"
exit_status
