# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# kernel.sh: sourced. kernel_resolve NAME sets, for a kernel the lane can
# boot,
#   K_REL      its release (uname -r in the guest)
#   K_IMAGE    the image QEMU boots
#   K_BUILD    the tree our modules build against (KDIR)
#   K_MODROOT  the root under which lib/modules/K_REL holds its modules
#   K_DEBIAN   1 for an installed Debian kernel, 0 for a self-built one
# NAME is an installed kernel's release (/boot/vmlinuz-NAME), a series
# ("6.1", "6.12": the newest installed kernel of it that has headers) or a
# flavour of the self-built debug kernel, "debug" or "kasan", which is
# built on first use (tools/vm/debug-kernel.sh, about 20 minutes). Returns
# 1 with a message on stderr if NAME is none of these.

# kernel_series SERIES: the newest installed kernel of SERIES ("6.1") with
# an image and headers, or nothing.
kernel_series()
{
	local k
	for k in $(ls /lib/modules 2>/dev/null | sort -V); do
		[[ $k == "$1".* ]] || continue
		[ -r "/boot/vmlinuz-$k" ] && [ -d "/lib/modules/$k/build" ] && echo "$k"
	done | tail -n 1
}

# kernel_name NAME: NAME with a series ("6.1") replaced by its newest
# installed kernel; any other NAME as it is. Returns 1 for a series with
# no such kernel.
kernel_name()
{
	if [[ $1 =~ ^[0-9]+\.[0-9]+$ ]] && [ ! -r "/boot/vmlinuz-$1" ]; then
		kernel_series "$1" | grep . || return 1
	else
		echo "$1"
	fi
}

kernel_resolve()
{
	local name=$1 dir here
	here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
	case $name in
	debug | kasan)
		dir=$("$here/debug-kernel.sh" "$name") || return 1
		K_REL=$(cat "$dir/kernelrelease")
		K_IMAGE=$dir/vmlinuz
		K_BUILD=$dir/build
		K_MODROOT=$dir/root
		K_DEBIAN=0
		;;
	*)
		name=$(kernel_name "$name") ||
			{ echo "no installed $1 kernel with headers (make deps)" >&2; return 1; }
		if [ ! -r "/boot/vmlinuz-$name" ]; then
			echo "no kernel image /boot/vmlinuz-$name (make deps), and not a" \
			     "self-built flavour (debug, kasan)" >&2
			return 1
		fi
		K_REL=$name
		K_IMAGE=/boot/vmlinuz-$name
		K_BUILD=/lib/modules/$name/build
		K_MODROOT=/
		K_DEBIAN=1
		;;
	esac
}
