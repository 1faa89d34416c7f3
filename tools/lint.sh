#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# lint.sh: `make lint`. checkpatch.pl --strict (from linux-source-6.1) over
# the kernel code, then a W=1 build with sparse (C=2: every file) for each
# kernel in KERNELS (default: every installed kernel with headers). Any
# warning fails.
set -uo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 1
tools/linux-tools.sh || exit 1
checkpatch=build/linux-tools/scripts/checkpatch.pl
rc=0

files=$(git ls-files -co --exclude-standard 'drivers/*.[ch]' 'include/*.h' \
	'tools/vm/leak/*.c' | sort -u)
for f in $files; do
	[ -f "$f" ] || continue
	ignore=FILE_PATH_CHANGES
	# The compat header exists to test kernel versions.
	[ "$f" = include/compat.h ] && ignore=$ignore,LINUX_VERSION_CODE,CONSTANT_COMPARISON
	out=$(perl "$checkpatch" --no-tree --strict --quiet --show-types \
		--ignore "$ignore" -f "$f" 2>&1)
	if [ -n "$out" ]; then
		echo "$out"
		rc=1
	fi
done

command -v sparse >/dev/null || { echo "lint: sparse missing (make deps)" >&2; exit 1; }
kernels=${KERNELS:-$(for k in $(ls /lib/modules | sort -V); do
	[ -d "/lib/modules/$k/build" ] && echo "$k"; done)}
for kver in $kernels; do
	bdir=build/lint/$kver
	rm -rf "$bdir"
	out=$(tools/build-modules.sh "$kver" "$bdir" C=2 W=1 2>&1)
	# The debug lane's kmemleak control (tools/vm/leak/) is kernel code too.
	mkdir -p "$bdir/leak"
	cp tools/vm/leak/cnet_leak.c tools/vm/leak/Kbuild "$bdir/leak/"
	out+=$'\n'$(make -C "/lib/modules/$kver/build" M="$top/$bdir/leak" C=2 W=1 modules 2>&1)
	warn=$(echo "$out" | grep -E 'warning:|error:|Error [0-9]' | grep -v 'module verification' | sed "s|$top/$bdir/||")
	if [ -n "$warn" ]; then
		echo "lint: $kver: sparse / W=1:"
		echo "$warn"
		rc=1
	fi
done
[ $rc -eq 0 ] && echo "lint: clean"
exit $rc
