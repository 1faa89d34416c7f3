#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# mkinitramfs.sh KVER OUT [MODROOT]: a tiny busybox initramfs for KVER (its
# modules under MODROOT/lib/modules/KVER, default /) that loads the
# virtio/9p/overlay modules, builds a writable root (overlayfs: the host's /
# over 9p, read-only, below a tmpfs) and switch_roots into it to run
# tools/vm/guest-init.sh from the project share.
set -euo pipefail

kver=$1
out=$2
modroot=${3:-/}
here=$(cd "$(dirname "$0")" && pwd)

busybox=$(command -v busybox) || { echo "busybox-static is not installed" >&2; exit 1; }
if ldd "$busybox" >/dev/null 2>&1; then
	echo "$busybox is not static: install busybox-static" >&2
	exit 1
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp"/{bin,sbin,dev,proc,sys,newroot,lower,upper,mods}
cp "$busybox" "$tmp/bin/busybox"
for a in sh mount umount insmod mkdir switch_root cat echo sleep poweroff; do
	ln -s busybox "$tmp/bin/$a"
done

: >"$tmp/mods/order"
for m in virtio_pci 9pnet_virtio 9p overlay; do
	# A built-in module shows as "builtin NAME": nothing to load.
	modprobe -d "$modroot" --show-depends -S "$kver" "$m" | while read -r kind path _; do
		[ "$kind" = insmod ] || continue
		name=$(basename "$path")
		name=${name%.xz}
		grep -qx "$name" "$tmp/mods/order" && continue
		case $path in
		*.xz) xz -dc "$path" >"$tmp/mods/$name" ;;
		*) cp "$path" "$tmp/mods/$name" ;;
		esac
		echo "$name" >>"$tmp/mods/order"
	done
done

cp "$here/initramfs-init" "$tmp/init"
chmod 0755 "$tmp/init"
(cd "$tmp" && find . | cpio -o -H newc --quiet | gzip -1) >"$out.tmp.$$"
mv "$out.tmp.$$" "$out"
