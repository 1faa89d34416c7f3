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
	cp -a "$d"*.[ch] "$d"Kbuild "$dir/$d"
done
make -C "$kdir" M="$dir" "$@" modules
