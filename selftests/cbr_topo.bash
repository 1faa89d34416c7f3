# SPDX-License-Identifier: GPL-2.0
#
# cbr_topo.bash: sourced by cbr_forward.sh and cbr_fdb.sh (after lib.sh).
# Builds the topology below, starts one sniffer per host and one on cbr0,
# and a `bridge monitor fdb`, and defines the helpers the tests use.
#
#            $h1                 $h2                 $h3
#        eth0 02:..:01       eth0 02:..:02       eth0 02:..:03
#        172.16.0.11         172.16.0.12         172.16.0.13
#            |                   |                   |
#   $sw     p1 --------------+  p2  +-------------- p3
#                            cbr0 172.16.0.1 (the host port)
#
# Raw test frames (EtherType 0x88b5, a tag as payload) are injected with
# AF_PACKET (cbr_pkt.py); the sniffers count, per tag, what arrives: exact
# counts, and for "must not arrive" a fence frame sent after it that does
# arrive first.
require_root
require_cmd ip bridge jq python3 ping
require_module cbr

PKT=$SELFTESTS_DIR/cbr_pkt.py
TMP=$(mktemp -d)
defer rm -rf "$TMP"

setup_ns sw h1 h2 h3
HOSTS="h1 h2 h3"

mac() { printf '02:00:00:00:00:%02x' "$1"; }
ns_of() { eval echo "\$$1"; }
s() { ip -n "$sw" "$@"; }
in_ns() { local n; n=$(ns_of "$1"); shift; ip netns exec "$n" "$@"; }

for n in sw $HOSTS; do
	in_ns "$n" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 \
		net.ipv6.conf.default.disable_ipv6=1
done

check_ok "create cbr0" s link add dev cbr0 type cbr
s link set dev cbr0 address "$(mac 254)"
for i in 1 2 3; do
	s link add dev "p$i" type veth peer name eth0 netns "$(ns_of "h$i")"
	in_ns "h$i" ip link set dev eth0 address "$(mac "$i")"
	in_ns "h$i" ip addr add "172.16.0.1$i/24" dev eth0
	in_ns "h$i" ip link set dev eth0 up
	check_ok "p$i joins" s link set dev "p$i" master cbr0
	s link set dev "p$i" up
done
s addr add 172.16.0.1/24 dev cbr0
s link set dev cbr0 up

# One agent (sniffer + sender) per host, and one on cbr0 for what goes up
# the host's stack and for frames the host sends.
start_agent()	# NS-VAR DEV
{
	mkfifo "$TMP/$1.fifo"
	in_ns "$1" python3 "$PKT" agent "$2" "$TMP/$1.log" "$TMP/$1.fifo" &
	wait_until 30 grep -q ready "$TMP/$1.log" ||
		{ check_fail "agent on $1 $2"; exit_status; }
}
for h in $HOSTS; do start_agent "$h" eth0; done
start_agent sw cbr0

send()		# HOST DST SRC TAG [--count N] [--random-src]
{
	local h=$1 dst=$2 src=$3 tag=$4 n=1 rnd=0
	shift 4
	while [ $# -gt 0 ]; do
		case $1 in
		--count) n=$2; shift ;;
		--random-src) rnd=1 ;;
		esac
		shift
	done
	# A dead agent must fail the test, not hang it.
	timeout 20 bash -c "echo '$dst $src $tag $n $rnd' >'$TMP/$h.fifo'" ||
		check_fail "send $tag from $h"
}
count() { grep -c " $2\$" "$TMP/$1.log"; }	# count WHERE TAG
has_count() { [ "$(count "$1" "$2")" -eq "$3" ]; }
# fence FROM TAG HOSTS...: a broadcast from FROM, seen by HOSTS: everything
# FROM sent before has been through the bridge.
fence()
{
	local from=$1 tag=$2 h src
	shift 2
	src=$(mac 254)
	[ "$from" = sw ] || src=$(mac "${from#h}")
	send "$from" ff:ff:ff:ff:ff:ff "$src" "$tag"
	for h in "$@"; do
		wait_until 10 has_count "$h" "$tag" 1 ||
			check_fail "fence $tag reached $h"
	done
}
# expect TAG H1=N H2=N H3=N SW=N: exact counts (after a fence).
expect()
{
	local tag=$1 kv
	shift
	for kv in "$@"; do
		check_eq "$tag at ${kv%=*}" "$(count "${kv%=*}" "$tag")" "${kv#*=}"
	done
}
fdb_port() # MAC: the port of MAC in `bridge fdb show`, or "none"
{
	bridge -n "$sw" fdb show | awk -v m="$1" \
		'$1 == m && / master cbr0/ { print $3; f = 1 } END { if (!f) print "none" }'
}
learned() { s -d -j link show dev cbr0 | jq -r '.[0].linkinfo.info_data.learned'; }

bridge -n "$sw" monitor fdb >"$TMP/monitor" 2>&1 &
defer kill $!
# The monitor listens once it reports an entry made after it started: add
# and delete a static one until it does (a busy machine starts it late).
probe=$(mac 253)
check_ok "bridge monitor fdb is listening" wait_until 10 sh -c "
	bridge -n $sw fdb add $probe dev cbr0 via p1 static 2>/dev/null
	bridge -n $sw fdb del $probe dev cbr0 2>/dev/null
	grep -q '$probe' $TMP/monitor"
bridge -n "$sw" fdb del "$probe" dev cbr0 2>/dev/null
