#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# macflood.sh: 1,000,000 frames from random source MACs (seeded, so a run
# can be replayed) into one port of a cbr whose station cap is 65,536 (the
# default). The learned count must stop at the cap, the slab must grow by
# no more than the cap's worth of entries, and known traffic between two
# other stations must go on being forwarded, during and after the flood.
#
# The flood runs with the longest ageing time, so that what stops learning
# is the cap and not the clock: on a slow kernel a flood outlasts the
# default 300 s. The debug and kasan lanes (STRESS_SCALE below 10) flood
# 49,152 frames against a cap of 8,192, set with max_learned: the cap is
# the same code whatever its value, and 65,536 stations would take a
# KASAN kernel most of an hour to learn.
#
#   $nsF eth0 == p3 --+
#   $nsA eth0 == p1 -- mfbr (cbr) - p2 == eth0 $nsB     ping A <-> B
# kselftest-timeout=1200
source "$(dirname "$0")/lib.sh"

require_root
require_cmd ip jq
require_module cveth cbr
require_blast
DEFAULT_CAP=65536
if [ "${STRESS_SCALE:-100}" -lt 10 ]; then
	CAP=8192
	FRAMES=${FRAMES:-$((CAP * 6))}
else
	CAP=$DEFAULT_CAP
	FRAMES=${FRAMES:-$(scaled 1000000 $((CAP * 3)))}
fi
SEED=${SEED:-20261122}
stress_time 1100

setup_ns nsA nsB nsF
bridge_hosts mfbr 10.5.0 "$nsA" "$nsB" "$nsF"
info() { ip -d -j link show dev mfbr | jq ".[0].linkinfo.info_data.$1"; }
check_eq "the default cap is $DEFAULT_CAP" "$(info max_learned)" "$DEFAULT_CAP"
check_ok "ageing_time and max_learned $CAP are set" \
	ip link set dev mfbr type cbr ageing_time 100000000 max_learned "$CAP"
check_eq "the cap reads back" "$(info max_learned)" "$CAP"
check_ok "A reaches B" wait_until 30 ip netns exec "$nsA" ping -c 1 -W 1 10.5.0.2

# Settle the slab, then flood. The destination is B's MAC: forwarded,
# not flooded, so the cost measured is learning's.
sync
echo 3 >/proc/sys/vm/drop_caches
slab0=$(slab_kb)
dstmac=$(ip -n "$nsB" -j link show dev eth0 | jq -r '.[0].address')
pingout=$(mktemp)
defer rm -f "$pingout"
ip netns exec "$nsA" ping -i 0.5 -W 2 -w "$STRESS_TIME" 10.5.0.2 >"$pingout" 2>&1 &
ppid=$!
defer kill $ppid
t0=$SECONDS
rate=$(timeout "$STRESS_TIME" ip netns exec "$nsF" "$BLAST" macflood eth0 "$FRAMES" "$dstmac" "$SEED")
rc=$?
took=$((SECONDS - t0))
check_eq "the flood of $FRAMES frames ran within ${STRESS_TIME}s" "$rc" 0
sent=$(link_stats eth0 "$nsF" | cut -d' ' -f1)
read -r _ arrived _ dropped <<<"$(link_stats p3)"
n=$(info learned)
figure "cap $CAP"
figure "frames_sent $sent"
figure "frames_arrived_at_bridge $arrived"
figure "frames_dropped_at_port $dropped"
figure "seconds $took"
figure "frames_per_s $rate"
figure "learned $n"
check_ok "every frame left the flooder" test "$sent" -ge "$FRAMES"
check_ok "more frames reached the bridge than the cap" test "$arrived" -gt "$CAP"
check_eq "learned stations stop at the cap" "$n" "$CAP"
kill -INT $ppid 2>/dev/null	# ping prints its summary on SIGINT
wait $ppid 2>/dev/null
sync
echo 3 >/proc/sys/vm/drop_caches
slab1=$(slab_kb)
figure "slab_kb_before $slab0"
figure "slab_kb_after $slab1"
figure "slab_bytes_per_learned $(( (slab1 - slab0) * 1024 / CAP ))"
# An entry is 64 bytes in its own cache; allow the rhashtable's buckets
# and the rest of the system's churn: four times that, per learned entry.
# A kmemleak kernel tracks every object with one of its own (about 250
# bytes): twice that bound there. KASAN holds what was freed in its
# quarantine, up to 1/32 of memory, before the slab gets it back: every
# frame of the flood passes through there, so that much more is allowed.
per=256
[ -e /sys/kernel/debug/kmemleak ] && per=512
bound=$((CAP * per))
if grep -q ' kasan_quarantine_reduce$' /proc/kallsyms; then
	quarantine=$(( $(awk '/^MemTotal:/ { print $2 }' /proc/meminfo) * 1024 / 32 ))
	figure "kasan_quarantine_max_bytes $quarantine"
	bound=$((bound + quarantine))
fi
figure "slab_growth_bound_bytes $bound"
check_ok "slab growth is bounded by the cap" test $(( (slab1 - slab0) * 1024 )) -le "$bound"
replies=$(sed -n 's/.* \([0-9]*\) received.*/\1/p' "$pingout")
figure "pings_answered_during_flood ${replies:-0}"
check_ok "known traffic was forwarded during the flood" test "${replies:-0}" -gt 0
check_ok "known traffic is forwarded after the flood" \
	ip netns exec "$nsA" ping -c 3 -W 5 10.5.0.2
exit_status
