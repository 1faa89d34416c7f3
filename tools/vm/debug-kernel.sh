#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# debug-kernel.sh FLAVOUR: build (once) the self-built test kernel FLAVOUR
# and print the directory that holds it. FLAVOUR is
#
#   debug   lockdep (PROVE_LOCKING, PROVE_RCU), DEBUG_ATOMIC_SLEEP,
#           kmemleak, debugobjects, the netdev/netns reference trackers,
#           DEBUG_NET, UBSAN, KFENCE, PANIC_ON_OOPS; no debug info
#   kasan   the same plus KASAN (about ten times slower under TCG)
#
# Source: Debian's linux-source-6.1 tarball, extracted once under the
# cache. Config: allnoconfig + tools/vm/kconfig/guest.config (what the
# guest itself needs) + selftests/config (what the tests need, and
# nothing else adds it: the debug lanes prove it complete, as netdev CI
# builds a kernel from a target's config) + the flavour's fragments in
# tools/vm/kconfig/, with every module made built-in (mod2yesconfig), so
# the guest needs none of the kernel's own modules. An option of
# selftests/config that does not make it into the final config (a
# dependency it does not name) fails the build.
# The result lives in
#
#   ${XDG_CACHE_HOME:-~/.cache}/cnet/kernels/FLAVOUR-<hash of the config inputs>/
#       vmlinuz  kernelrelease  build/ (O= tree: KDIR for our modules)
#       root/lib/modules/<release>/ (modules.builtin, indexes)
#
# never in the repository. A build takes about 15 minutes on 2 cores with
# nothing else running, the source's extraction included (941 s measured);
# its log is build.log in that directory.
set -euo pipefail

top=$(cd "$(dirname "$0")/../.." && pwd)
flavour=${1:-}
case $flavour in
debug) frags=("$top/tools/vm/kconfig/debug.config") ;;
kasan) frags=("$top/tools/vm/kconfig/debug.config" "$top/tools/vm/kconfig/kasan.config") ;;
*) echo "usage: debug-kernel.sh debug|kasan" >&2; exit 2 ;;
esac

tarball=/usr/src/linux-source-6.1.tar.xz
[ -r "$tarball" ] || { echo "debug-kernel: no $tarball (make deps)" >&2; exit 1; }

cache=${XDG_CACHE_HOME:-$HOME/.cache}/cnet
# Recipe: bump when the way the kernel is built changes.
base=$top/tools/vm/kconfig/guest.config
sum=$({ echo recipe-3; stat -c '%s %Y' "$tarball"; cat "$base" "${frags[@]}" \
	"$top/selftests/config"; } | md5sum | cut -c1-12)
dir=$cache/kernels/$flavour-$sum
mkdir -p "$cache/kernels"

exec 9>"$cache/kernels/.lock-$flavour"
flock 9
if [ -f "$dir/done" ]; then
	echo "$dir"
	exit 0
fi

src=$cache/linux-source-6.1
if [ ! -f "$src/.cnet-extracted" ] ||
   [ "$(cat "$src/.cnet-extracted")" != "$(stat -c '%s %Y' "$tarball")" ]; then
	echo "debug-kernel: extracting $tarball" >&2
	rm -rf "$src"
	mkdir -p "$src"
	tar -xJf "$tarball" -C "$src" --strip-components=1
	stat -c '%s %Y' "$tarball" >"$src/.cnet-extracted"
fi

rm -rf "$dir"
mkdir -p "$dir/build"
log=$dir/build.log
echo "debug-kernel: building the $flavour kernel in $dir (about 15 min on 2 cores; log: $log)" >&2
jobs=$(nproc)
kmake()
{
	make -C "$src" O="$dir/build" -j"$jobs" "$@" >>"$log" 2>&1
}

{
	cat "$base"
	sed 's/=m$/=y/' "$top/selftests/config"
	cat "${frags[@]}"
} >"$dir/cnet.config"

if ! { kmake allnoconfig &&
       (cd "$dir/build" && "$src/scripts/kconfig/merge_config.sh" -m -O . .config \
		"$dir/cnet.config") >>"$log" 2>&1 &&
       kmake olddefconfig && kmake mod2yesconfig; }; then
	tail -n 30 "$log" >&2
	echo "debug-kernel: configuring failed; see $log" >&2
	exit 1
fi

# Say which requested options did not make it (a dependency is missing).
# (The last word on an option wins: kasan.config overrides debug.config.)
missing=$(cat "$base" "${frags[@]}" | awk '
		/^CONFIG_[A-Z0-9_]+=/ { split($0, kv, "="); v[kv[1]] = $0 }
		/^# CONFIG_[A-Z0-9_]+ is not set$/ { v[$2] = $0 }
		END { for (k in v) print v[k] }' | while read -r l; do
	grep -qxF "$l" "$dir/build/.config" || echo "$l"
done)
if [ -n "$missing" ]; then
	echo "debug-kernel: requested but not in the final config:" >&2
	echo "$missing" | sed 's/^/debug-kernel:   /' >&2
fi
# selftests/config must stand on its own: each of its options is there.
incomplete=$(sed -n 's/=m$/=y/; /^CONFIG_/p' "$top/selftests/config" | while read -r l; do
	grep -qxF "$l" "$dir/build/.config" || echo "$l"
done)
if [ -n "$incomplete" ]; then
	echo "debug-kernel: selftests/config is incomplete: these options need others it does not name:" >&2
	echo "$incomplete" | sed 's/^/debug-kernel:   /' >&2
	exit 1
fi

if ! kmake bzImage modules ||
   ! kmake INSTALL_MOD_PATH="$dir/root" modules_install; then
	tail -n 30 "$log" >&2
	echo "debug-kernel: the build failed; see $log" >&2
	exit 1
fi
make -s -C "$src" O="$dir/build" kernelrelease >"$dir/kernelrelease"
cp "$dir/build/arch/x86/boot/bzImage" "$dir/vmlinuz"
touch "$dir/done"
echo "debug-kernel: built $(cat "$dir/kernelrelease") in $dir" >&2
echo "$dir"
