#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# build-modules.sh KVER DIR [MAKE ARGS...]: build the modules against
# $KDIR (default /lib/modules/KVER/build) in a copy of the kernel sources under DIR, so
# builds for different kernels never share objects. The .ko files end up
# in DIR/drivers/<name>/.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
kver=$1
dir=$2
shift 2
kdir=${KDIR:-/lib/modules/$kver/build}
[ -d "$kdir" ] || { echo "build-modules: no headers for $kver ($kdir)" >&2; exit 1; }
mkdir -p "$dir"
dir=$(cd "$dir" && pwd)
cd "$top"
cp -a Kbuild "$dir/"
rm -rf "$dir/include"
cp -a include "$dir/"
for d in drivers/*/; do
	[ -d "$d" ] || continue
	mkdir -p "$dir/$d"
	# Sources only: an in-tree `make` for another kernel leaves its
	# generated <module>.mod.c here, newer than DIR's objects, and the
	# module would be linked from it (without this kernel's vermagic).
	for f in "$d"*.[ch]; do
		case $f in
		*.mod.c) ;;
		*) cp -a "$f" "$dir/$d" ;;
		esac
	done
	cp -a "$d"Kbuild "$dir/$d"
done

# Every module must carry KVER's vermagic, or the guest cannot load it.
# A DIR left wrong by an earlier build (see above) is cleaned and built
# once more.
stale()
{
	local ko vm
	for ko in "$dir"/drivers/*/*.ko; do
		[ -f "$ko" ] || continue
		vm=$(modinfo -F vermagic "$ko" 2>/dev/null)
		[ "${vm%% *}" = "$kver" ] || { echo "$ko"; return 0; }
	done
	return 1
}
make -C "$kdir" M="$dir" "$@" modules
if ko=$(stale); then
	echo "build-modules: $ko lacks vermagic $kver: building $dir from clean" >&2
	make -C "$kdir" M="$dir" "$@" clean
	make -C "$kdir" M="$dir" "$@" modules
	if ko=$(stale); then
		echo "build-modules: $ko still lacks vermagic $kver" >&2
		exit 1
	fi
fi
