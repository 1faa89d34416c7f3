#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# privileges.sh: who may create, change, enslave and add FDB entries.
#
#   root: br0 (cbr) -- pa == pb      sp == sq (spare pair)
#
# A user without CAP_NET_ADMIN (uid 65534, no capabilities), and root
# inside a user namespace that does not own the network namespace, get
# "Operation not permitted" for every change, and nothing changes. As a
# control, root in a user namespace with a network namespace of its own
# may create and bridge there, but may not put a peer end into the
# initial namespace, which that user namespace does not own.

source "$(dirname "$0")/lib.sh"

require_root
require_cmd ip bridge jq setpriv unshare
require_module cveth cbr

sfx=$$
br=pbr$sfx
defer ip link del dev "$br"
defer ip link del dev "pa$sfx"
defer ip link del dev "sp$sfx"
ip link add dev "$br" type cbr ageing_time 1000
ip link add dev "pa$sfx" type cveth peer name "pb$sfx"
ip link add dev "sp$sfx" type cveth peer name "sq$sfx"
ip link set dev "pa$sfx" master "$br"
bridge fdb add 02:00:00:00:aa:01 dev "$br" via "pa$sfx" static

snapshot()
{
	ip -d -j link show | jq -c '[.[] | {ifname, mtu, master, address,
		flags, info: .linkinfo.info_data}] | sort_by(.ifname)'
	bridge -j fdb show | jq -c 'map(select(.mac | startswith("02:00:00:00:aa"))) | sort_by(.mac)'
}
before=$(snapshot)

nobody() { setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all "$@"; }
# Root in a new user namespace, still in the initial network namespace.
userns() { unshare --user --map-root-user "$@"; }

for who in nobody userns; do
	check_err_msg "$who: create a cveth pair" "Operation not permitted" \
		$who ip link add dev "u0$sfx" type cveth peer name "u1$sfx"
	check_err_msg "$who: create a cbr" "Operation not permitted" \
		$who ip link add dev "ub$sfx" type cbr
	check_err_msg "$who: change the bridge's ageing time" "Operation not permitted" \
		$who ip link set dev "$br" type cbr ageing_time 2000
	check_err_msg "$who: change a pair end's MTU" "Operation not permitted" \
		$who ip link set dev "pa$sfx" mtu 1400
	check_err_msg "$who: enslave a port" "Operation not permitted" \
		$who ip link set dev "sp$sfx" master "$br"
	check_err_msg "$who: release a port" "Operation not permitted" \
		$who ip link set dev "pa$sfx" nomaster
	check_err_msg "$who: add an FDB entry" "Operation not permitted" \
		$who bridge fdb add 02:00:00:00:aa:02 dev "$br" via "pa$sfx" static
	check_err_msg "$who: delete an FDB entry" "Operation not permitted" \
		$who bridge fdb del 02:00:00:00:aa:01 dev "$br"
	check_err_msg "$who: delete the bridge" "Operation not permitted" \
		$who ip link del dev "$br"
	check_err_msg "$who: delete a pair" "Operation not permitted" \
		$who ip link del dev "sp$sfx"
	# Reading is for everyone, as for the kernel's devices.
	check_ok "$who: may list links and the FDB" \
		$who sh -c "ip -d link show dev $br && bridge fdb show | grep -q 02:00:00:00:aa:01"
done
check_eq "nothing changed" "$(snapshot)" "$before"

# The control: with a network namespace of its own, the same requests
# succeed, so the refusals above are about privilege, not the requests.
check_ok "root of a user namespace may build in its own netns" \
	unshare --user --map-root-user --net sh -c "
		ip link add dev u0 type cveth peer name u1 &&
		ip link add dev ub type cbr &&
		ip link set dev u0 master ub &&
		bridge fdb add 02:00:00:00:aa:03 dev ub via u0 static &&
		ip link set dev ub type cbr ageing_time 2000"
check_err_msg "but may not put the peer end in the initial netns" \
	"no CAP_NET_ADMIN in the peer namespace" \
	unshare --user --map-root-user --net \
		ip link add dev u0 type cveth peer name u1 netns 1
check_eq "still nothing changed" "$(snapshot)" "$before"
exit_status
