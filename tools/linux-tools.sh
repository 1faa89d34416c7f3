#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# linux-tools.sh [DIR]: extract the few files this project borrows at build
# time from Debian's linux-source-6.1 tarball — kselftest_harness.h,
# kselftest.h and checkpatch.pl with its data files — into DIR (default
# build/linux-tools). They are never committed to the repository.
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
dir=${1:-$top/build/linux-tools}
stamp=$dir/.extracted

tarball=$(ls /usr/src/linux-source-6.1.tar.xz 2>/dev/null ||
	  ls /usr/src/linux-source-*.tar.xz 2>/dev/null | sort -V | head -n 1) || true
if [ -z "$tarball" ]; then
	echo "linux-tools.sh: no /usr/src/linux-source-*.tar.xz: run 'make deps'" >&2
	exit 1
fi
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$tarball" ] &&
   [ ! "$tarball" -nt "$stamp" ]; then
	exit 0
fi

base=$(basename "$tarball" .tar.xz)
mkdir -p "$dir"
tar -xJf "$tarball" -C "$dir" --strip-components=1 \
	"$base/tools/testing/selftests/kselftest_harness.h" \
	"$base/tools/testing/selftests/kselftest.h" \
	"$base/scripts/checkpatch.pl" \
	"$base/scripts/spelling.txt" \
	"$base/scripts/const_structs.checkpatch"
echo "$tarball" >"$stamp"
