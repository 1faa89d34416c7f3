#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# modules-prep.sh KVER [MODROOT]: on the host, before a boot, lay out this project's
# modules for KVER in build/vm-modules/KVER as /lib/modules/KVER would hold
# them: updates/cnet/*.ko plus module indexes (modules.dep.bin, ...) that
# cover the kernel's own modules and ours. The guest copies it over its
# /lib/modules/KVER (install-modules.sh), so modprobe and rtnetlink's
# autoload find our modules without a depmod in the guest, which under
# TCG takes minutes (it reads every module; 6.12's are .ko.xz).
#
# The kernel's own modules are those under MODROOT/lib/modules/KVER
# (default /: an installed kernel).
#
# Which modules: of those `make check` built in build/KVER and those an
# in-tree `make` built for KVER (by vermagic), the newest of each name.
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
kver=$1
kmods=${2:-/}/lib/modules/$kver
out=$top/build/vm-modules/$kver

declare -A best=()
for ko in "$top"/build/"$kver"/drivers/*/*.ko "$top"/drivers/*/*.ko; do
	[ -f "$ko" ] || continue
	vm=$(modinfo -F vermagic "$ko" 2>/dev/null) || continue
	[ "${vm%% *}" = "$kver" ] || continue
	name=$(basename "$ko")
	if [ -z "${best[$name]:-}" ] || [ "$ko" -nt "${best[$name]}" ]; then
		best[$name]=$ko
	fi
done
# Nothing of ours for an installed kernel: the guest has its modules.
# A self-built kernel's module indexes are laid out all the same.
if [ ${#best[@]} -eq 0 ] && [ "${2:-/}" = / ]; then
	rm -rf "$out"
	exit 0
fi

sum=$({ [ ${#best[@]} -eq 0 ] || md5sum "${best[@]}"; echo "$kmods"; } | md5sum | cut -c1-16)
[ -f "$out/.sum" ] && [ "$(cat "$out/.sum")" = "$sum" ] && exit 0

rm -rf "$out"
base=$out.base
rm -rf "$base"
mkdir -p "$base/lib/modules/$kver/updates/cnet"
[ -d "$kmods/kernel" ] && ln -s "$kmods/kernel" "$base/lib/modules/$kver/kernel"
for f in "$kmods"/modules.order "$kmods"/modules.builtin*; do
	[ -f "$f" ] && cp "$f" "$base/lib/modules/$kver/"
done
[ ${#best[@]} -eq 0 ] || cp "${best[@]}" "$base/lib/modules/$kver/updates/cnet/"
depmod -b "$base" "$kver"
rm -f "$base/lib/modules/$kver/kernel"
mv "$base/lib/modules/$kver" "$out"
rm -rf "$base"
echo "$sum" >"$out/.sum"
