#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# bench.sh OUT ROUNDS SECONDS [FDB_ENTRIES]: the guest side of `make bench`. Builds every
# topology once, then measures them interleaved (lo veth cveth bridge cbr
# cbr_nofp, lo veth ... ROUNDS times) so slow drift hits all alike. Appends
# "config metric round value" lines to OUT. Runs in an instruction-clocked
# guest (tools/vm/run -i): rates are per guest-second = per instruction.
set -u
out=$1
rounds=${2:-3}
secs=${3:-2}
fdb_big=${4:-1000000}
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
blast=$top/build/bench/udpblast
export IP_LIB_DIR=$top/tools/iproute2
: >"$out"

modprobe cveth || exit 1
modprobe cbr || exit 1
modprobe veth
modprobe bridge

nss=()
mkns() { ip netns add "$1" && ip -n "$1" link set dev lo up && nss+=("$1"); }
cleanup() { for n in "${nss[@]}"; do ip netns pids "$n" | xargs -r kill; ip netns del "$n"; done; }
trap cleanup EXIT

# lo: the limit, both ends in one namespace, no device crossing.
mkns lo
ip -n lo addr add 10.9.0.1/32 dev lo

# pair KIND: two namespaces joined by one pair of KIND.
for kind in veth cveth; do
	mkns "${kind}A"
	mkns "${kind}B"
	ip link add dev "${kind}a" type "$kind" peer name "${kind}b"
	ip link set dev "${kind}a" netns "${kind}A"
	ip link set dev "${kind}b" netns "${kind}B"
	ip -n "${kind}A" addr add 10.1.0.1/24 dev "${kind}a"
	ip -n "${kind}B" addr add 10.1.0.2/24 dev "${kind}b"
	ip -n "${kind}A" link set dev "${kind}a" up
	ip -n "${kind}B" link set dev "${kind}b" up
done

# bridge CONFIG: A and B each on a pair whose other end is a port of a
# bridge in a third namespace, each project's own: the kernel bridge with
# veth pairs (bridge), cbr with cveth pairs (cbr; cbr_nofp with its fast
# path switched off).
declare -A br_type=([bridge]=bridge [cbr]=cbr [cbr_nofp]=cbr)
declare -A br_opts=([bridge]="" [cbr]="fastpath on" [cbr_nofp]="fastpath off")
declare -A pair_type=([bridge]=veth [cbr]=cveth [cbr_nofp]=cveth)
bridges=(bridge cbr cbr_nofp)
for kind in "${bridges[@]}"; do
	mkns "${kind}A"
	mkns "${kind}B"
	mkns "${kind}S"
	# shellcheck disable=SC2086 # the options are words
	ip -n "${kind}S" link add dev br0 type "${br_type[$kind]}" ${br_opts[$kind]}
	ip -n "${kind}S" link set dev br0 up
	for side in A B; do
		ip link add dev "p$side" type "${pair_type[$kind]}" peer name eth0
		ip link set dev eth0 netns "$kind$side"
		ip link set dev "p$side" netns "${kind}S"
		ip -n "${kind}S" link set dev "p$side" master br0
		ip -n "${kind}S" link set dev "p$side" up
		ip -n "$kind$side" link set dev eth0 up
	done
	ip -n "${kind}A" addr add 10.2.0.1/24 dev eth0
	ip -n "${kind}B" addr add 10.2.0.2/24 dev eth0
done

# Permanent neighbour entries: no ARP traffic or neighbour state changes
# in the middle of a run (a stale entry once cost a whole pps run).
neigh()	# neigh NS_FROM DEV_FROM IP_TO NS_TO DEV_TO
{
	local mac
	mac=$(ip -n "$4" -j link show dev "$5" | jq -r '.[0].address')
	ip -n "$1" neigh replace "$3" lladdr "$mac" dev "$2" nud permanent
}
for kind in veth cveth; do
	neigh "${kind}A" "${kind}a" 10.1.0.2 "${kind}B" "${kind}b"
	neigh "${kind}B" "${kind}b" 10.1.0.1 "${kind}A" "${kind}a"
done
for kind in "${bridges[@]}"; do
	neigh "${kind}A" eth0 10.2.0.2 "${kind}B" eth0
	neigh "${kind}B" eth0 10.2.0.1 "${kind}A" eth0
done

# Warm up the FDBs.
ip netns exec vethA ping -c 1 -W 5 10.1.0.2 >/dev/null
ip netns exec cvethA ping -c 1 -W 5 10.1.0.2 >/dev/null
ip netns exec bridgeA ping -c 1 -W 5 10.2.0.2 >/dev/null
ip netns exec cbrA ping -c 1 -W 5 10.2.0.2 >/dev/null
ip netns exec cbr_nofpA ping -c 1 -W 5 10.2.0.2 >/dev/null

# nsA nsB dst for each config.
declare -A A=([lo]=lo [veth]=vethA [cveth]=cvethA [bridge]=bridgeA [cbr]=cbrA
	[cbr_nofp]=cbr_nofpA)
declare -A B=([lo]=lo [veth]=vethB [cveth]=cvethB [bridge]=bridgeB [cbr]=cbrB
	[cbr_nofp]=cbr_nofpB)
declare -A D=([lo]=10.9.0.1 [veth]=10.1.0.2 [cveth]=10.1.0.2 [bridge]=10.2.0.2
	[cbr]=10.2.0.2 [cbr_nofp]=10.2.0.2)
configs=(lo veth cveth bridge cbr cbr_nofp)

tcp()	# tcp CONFIG: bits per second received
{
	local c=$1 pid bps
	ip netns exec "${B[$c]}" iperf3 -s -1 -p 5201 >/dev/null 2>&1 &
	pid=$!
	for _ in $(seq 50); do
		ip netns exec "${B[$c]}" ss -ltn 2>/dev/null | grep -q ':5201 ' && break
		sleep 0.1
	done
	bps=$(ip netns exec "${A[$c]}" iperf3 -c "${D[$c]}" -p 5201 -t "$secs" -J 2>/dev/null |
		jq '.end.sum_received.bits_per_second')
	wait $pid
	echo "${bps:-0}"
}

pps()	# pps CONFIG: "sent received" packets per second, 18-byte payload
{
	local try res
	# Now and then (about one run in ten) the receiver sees nothing: the
	# run is repeated rather than recorded as zero.
	for try in 1 2 3; do
		res=$(pps_once "$1")
		[ "${res#* }" != 0 ] && break
	done
	echo "$res"
}

pps_once()
{
	local c=$1 rx tx fifo
	fifo=$(mktemp -u)
	mkfifo "$fifo"
	ip netns exec "${B[$c]}" "$blast" recv 5300 "$secs" >"$fifo" &
	exec 7<"$fifo"
	read -r _ <&7		# "ready"
	tx=$(ip netns exec "${A[$c]}" "$blast" send "${D[$c]}" 5300 "$secs")
	read -r rx <&7
	exec 7<&-
	rm -f "$fifo"
	wait
	echo "${tx:-0} ${rx:-0}"
}

for r in $(seq "$rounds"); do
	for c in "${configs[@]}"; do
		v=$(tcp "$c")
		echo "$c tcp_bps $r $v" | tee -a "$out"
		read -r tx rx <<<"$(pps "$c")"
		echo "$c pps_tx $r $tx" | tee -a "$out"
		echo "$c pps_rx $r $rx" | tee -a "$out"
	done
done

# Flooding to 8 ports: 7 more ports on each bridge (pairs of the bridge's
# kind, their peers up in the bridge's namespace) and datagrams for a MAC
# no port has, so every frame is copied to pB and the 7. Measured at the
# sender, interleaved.
for kind in "${bridges[@]}"; do
	for i in 1 2 3 4 5 6 7; do
		ip -n "${kind}S" link add dev "f$i" type "${pair_type[$kind]}" peer name "g$i"
		ip -n "${kind}S" link set dev "f$i" master br0
		ip -n "${kind}S" link set dev "f$i" up
		ip -n "${kind}S" link set dev "g$i" up
	done
	ip -n "${kind}A" neigh replace 10.2.0.99 lladdr 02:00:00:00:00:99 dev eth0 nud permanent
done
for r in $(seq "$rounds"); do
	for kind in "${bridges[@]}"; do
		tx=$(ip netns exec "${kind}A" "$blast" send 10.2.0.99 5300 "$secs")
		echo "$kind flood8_tx $r ${tx:-0}" | tee -a "$out"
	done
done

# Where the time goes: the rx_handler of each bridge (br_handle_frame,
# cbr_port_rx: the decision, the forwarding and the egress pair's xmit;
# with cbr's fast path, also the peer's whole receive, up to the socket)
# timed by ftrace's function_graph at depth 1 (the median call), against
# the whole cost of a packet at the sender (1/pps). Tracing slows the
# run; the pps here is taken without it.
tr=/sys/kernel/tracing
declare -A handler=([bridge]=br_handle_frame [cbr]=cbr_port_rx [cbr_nofp]=cbr_port_rx)
if [ -w "$tr/set_graph_function" ] && grep -q function_graph "$tr/available_tracers"; then
	for kind in "${bridges[@]}"; do
		tx=$(ip netns exec "${kind}A" "$blast" send 10.2.0.2 5300 "$secs")
		echo "$kind pkt_ns 1 $(( 1000000000 / ${tx:-1} ))" | tee -a "$out"
		# Only the handler is hooked: with every function hooked, the
		# tracer's own cost would swamp what it measures.
		echo "${handler[$kind]}" >"$tr/set_ftrace_filter"
		echo "${handler[$kind]}" >"$tr/set_graph_function"
		echo 1 >"$tr/max_graph_depth"
		echo 16384 >"$tr/buffer_size_kb"
		echo function_graph >"$tr/current_tracer"
		echo >"$tr/trace"
		ip netns exec "${kind}A" "$blast" send 10.2.0.2 5300 1 >/dev/null
		# Read before switching tracers: that empties the buffer.
		echo 0 >"$tr/tracing_on"
		ns=$(awk -v f="${handler[$kind]}" '
			# " 0) + 12.345 us   |  cbr_port_rx [cbr]();"
			index($0, "|  " f " ") && $NF ~ /\(\);$/ {
				for (i = 1; i < NF; i++) if ($(i + 1) == "us") { print $i * 1000; break }
			}' "$tr/trace" | sort -n | awk '{ v[NR] = $1 } END { if (NR) printf "%d", v[int((NR + 1) / 2)] }')
		echo nop >"$tr/current_tracer"
		echo 1 >"$tr/tracing_on"
		echo "$kind rxh_ns 1 ${ns:-0}" | tee -a "$out"
	done
	echo >"$tr/set_graph_function"
	echo >"$tr/set_ftrace_filter"
fi

# FDB scale, cbr only: forwarding with 1k learned stations, then with
# FDB_ENTRIES; the learning rate (new stations per second, at the sender);
# bytes per station (slab and vmalloc growth over the stations learned).
ip -n cbrS link set dev br0 type cbr ageing_time 100000000 max_learned 0
dst=$(ip -n cbrB -j link show dev eth0 | jq -r '.[0].address')
slab() { awk '/^Slab:/ { print $2 }' /proc/meminfo; }
vmem() { awk '/^VmallocUsed:/ { print $2 }' /proc/meminfo; }
# (Not /proc/slabinfo: SLUB may merge cbr's cache with another 64-byte one.)
stations() { ip -n cbrS -d -j link show dev br0 | jq '.[0].linkinfo.info_data.learned'; }

ip netns exec cbrA "$blast" macflood eth0 1000 "$dst" >/dev/null
for r in $(seq "$rounds"); do
	read -r tx rx <<<"$(pps cbr)"
	echo "fdb_1k pps_rx $r $rx" | tee -a "$out"
done
m0=$(slab)
v0=$(vmem)
s0=$(stations)
rate=$(ip netns exec cbrA "$blast" macflood eth0 "$fdb_big" "$dst")
echo "fdb learn_per_s 1 $rate" | tee -a "$out"
s1=$(stations)
m1=$(slab)
v1=$(vmem)
echo "fdb stations 1 $s1" | tee -a "$out"
if [ "$s1" -gt "$s0" ]; then
	# Slab: the entries; vmalloc: the hash table's bucket array.
	echo "fdb slab_per_entry 1 $(( (m1 - m0) * 1024 / (s1 - s0) ))" | tee -a "$out"
	echo "fdb bytes_per_entry 1 $(( (m1 - m0 + v1 - v0) * 1024 / (s1 - s0) ))" | tee -a "$out"
fi
for r in $(seq "$rounds"); do
	read -r tx rx <<<"$(pps cbr)"
	echo "fdb_1m pps_rx $r $rx" | tee -a "$out"
done
