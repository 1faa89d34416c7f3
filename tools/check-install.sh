#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# check-install.sh KVER: `make install DESTDIR=...` puts exactly the
# expected files in place, and `make uninstall DESTDIR=...` removes exactly
# those. Host-side (nothing is loaded); one "ok|name|detail" or
# "FAIL|name|detail" line per check, like tools/vm/selftest.sh.
set -uo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 1
kver=$1
dest=$top/build/install-check
rm -rf "$dest"
mkdir -p "$dest"
multiarch=$(gcc -print-multiarch)

expected=(
	"lib/modules/$kver/updates/cbr.ko"
	"lib/modules/$kver/updates/cveth.ko"
	"usr/lib/$multiarch/ip/link_cbr.so"
	"usr/lib/$multiarch/ip/link_cbr_slave.so"
	"usr/lib/$multiarch/ip/link_cveth.so"
	"usr/local/share/doc/cveth-cbr/README.md"
)
[ -f tools/cnet/cnet ] && expected+=("usr/local/sbin/cnet")
for f in Documentation/*.rst; do
	expected+=("usr/local/share/doc/cveth-cbr/$(basename "$f")")
done

if ! make -s install DESTDIR="$dest" KDIR="/lib/modules/$kver/build" >"$dest.log" 2>&1; then
	echo "FAIL|install: make install DESTDIR|failed, see $dest.log"
	exit 0
fi
got=$(cd "$dest" && find . -type f -o -type l | sed 's|^\./||' | sort)
want=$(printf '%s\n' "${expected[@]}" | sort)
if [ "$got" = "$want" ]; then
	echo "ok|install: make install DESTDIR puts exactly the expected files|${#expected[@]} files"
else
	echo "FAIL|install: make install DESTDIR puts exactly the expected files|$(diff <(echo "$want") <(echo "$got") | grep '^[<>]' | tr '\n' ' ')"
fi
if modinfo -F vermagic "$dest/lib/modules/$kver/updates/cveth.ko" 2>/dev/null | grep -q "^$kver "; then
	echo "ok|install: the installed modules are built for $kver|"
else
	echo "FAIL|install: the installed modules are built for $kver|vermagic: $(modinfo -F vermagic "$dest/lib/modules/$kver/updates/cveth.ko" 2>&1)"
fi

make -s uninstall DESTDIR="$dest" KDIR="/lib/modules/$kver/build" >>"$dest.log" 2>&1
left=$(cd "$dest" && find . -type f -o -type l)
if [ -z "$left" ]; then
	echo "ok|install: make uninstall removes what install put there|"
else
	echo "FAIL|install: make uninstall removes what install put there|left: $(echo "$left" | tr '\n' ' ')"
fi
