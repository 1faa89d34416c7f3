#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# modules-prep.sh KVER: on the host, before a boot, lay out this project's
# modules for KVER in build/vm-modules/KVER as /lib/modules/KVER would hold
# them: updates/cnet/*.ko plus module indexes (modules.dep.bin, ...) that
# cover the kernel's own modules and ours. The guest copies it over its
# /lib/modules/KVER (install-modules.sh), so modprobe and rtnetlink's
# autoload find our modules without a depmod in the guest, which under
# TCG takes minutes (it reads every module; 6.12's are .ko.xz).
#
# Which modules: of those `make check` built in build/KVER and those an
# in-tree `make` built for KVER (by vermagic), the newest of each name.
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
kver=$1
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
if [ ${#best[@]} -eq 0 ]; then
	rm -rf "$out"
	exit 0
fi

sum=$(md5sum "${best[@]}" | md5sum | cut -c1-16)
[ -f "$out/.sum" ] && [ "$(cat "$out/.sum")" = "$sum" ] && exit 0

rm -rf "$out"
base=$out.base
rm -rf "$base"
mkdir -p "$base/lib/modules/$kver/updates/cnet"
ln -s "/lib/modules/$kver/kernel" "$base/lib/modules/$kver/kernel"
cp /lib/modules/"$kver"/modules.order /lib/modules/"$kver"/modules.builtin* \
	"$base/lib/modules/$kver/"
cp "${best[@]}" "$base/lib/modules/$kver/updates/cnet/"
depmod -b "$base" "$kver"
rm "$base/lib/modules/$kver/kernel"
mv "$base/lib/modules/$kver" "$out"
rm -rf "$base"
echo "$sum" >"$out/.sum"
