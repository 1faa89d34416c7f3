#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The way a real machine gets these drivers: DKMS builds them against this
# kernel's headers (make check does that on the host with
# `make dkms DKMS_ROOT=build/dkms/<kver> DKMS_ACTION=build`, since compiling
# under TCG is slow) and here, in the guest, `dkms install` puts them in
# /lib/modules; then modprobe loads the DKMS-built modules and `ip` finds
# the installed plugin without IP_LIB_DIR. The guest's root is a
# throw-away overlay.
#
# dkms install runs depmod, which reads every module of the kernel: over
# 9p and under TCG that took four minutes (6.12's are xz-compressed too).
# While it runs, the kernel's own modules are hidden under an empty
# tmpfs: DKMS installs and indexes ours as on a real machine, and ours
# depend on none of them. The lane's module indexes are put back after.
source "$(dirname "$0")/lib.sh"

require_root
require_cmd dkms make
require_src
kver=$(uname -r)
version=$CNET_VERSION
root=$CNET_SRC/build/dkms/$kver
[ -d "/lib/modules/$kver/build" ] ||
	skip "$kver has no headers package (the self-built debug kernel): DKMS is tested on Debian's kernels"
dkms_opts=(--dkmstree "$root/tree" --sourcetree "$root/src")
[ -d "$root/tree/cveth-cbr/$version/$kver" ] ||
	skip "DKMS has not built cveth-cbr $version for $kver: run it through make check"

# Forget the modules the lane installed, so only DKMS can provide them
# (dkms install runs depmod).
modprobe -r cbr cveth 2>/dev/null
rm -rf "/lib/modules/$kver/updates/cnet"

# The guest's root is thrown away at power-off; for the tests that follow,
# put the lane's modules back in place of the DKMS-built ones.
restore()
{
	modprobe -r cbr cveth
	umount "/lib/modules/$kver/kernel" 2>/dev/null
	rm -rf "/lib/modules/$kver/updates/dkms"
	"$CNET_SRC/tools/vm/install-modules.sh"
}
defer restore
for m in $(modinfo -F depends "$root"/tree/cveth-cbr/"$version"/"$kver"/*/module/*.ko* 2>/dev/null | tr ',' ' '); do
	check_fail "our modules depend on none of the kernel's" "$m"
done
mount -t tmpfs -o size=1m,mode=0755 cnet-dkms "/lib/modules/$kver/kernel" ||
	check_fail "hide the kernel's own modules from depmod" "mount failed"
# --force: a DKMS tree that a run before this one installed from says
# "already installed" and installs nothing.
check_ok "dkms install for $kver" dkms install --force "cveth-cbr/$version" -k "$kver" "${dkms_opts[@]}"
check_ok "dkms status lists it installed" \
	bash -c "dkms status cveth-cbr ${dkms_opts[*]} | grep -q '$kver.*installed'"

for m in cveth cbr; do
	path=$(modinfo -n "$m" 2>/dev/null)
	case $path in
	*/updates/dkms/*) check_pass "modinfo finds the DKMS-built $m" ;;
	*) check_fail "modinfo finds the DKMS-built $m" "path '$path'" ;;
	esac
	check_eq "$m version is the project's" "$(modinfo -F version "$m" 2>/dev/null)" "$version"
	check_eq "$m license" "$(modinfo -F license "$m" 2>/dev/null)" "GPL"
done

plugdir=/usr/lib/$(gcc -print-multiarch)/ip
check_ok "make install-userspace installs the plugins" make -C "$CNET_SRC" -s install-userspace
check_ok "link_cveth.so is in $plugdir" test -f "$plugdir/link_cveth.so"
defer rm -f "$plugdir/link_cveth.so" "$plugdir/link_cbr.so" "$plugdir/link_cbr_slave.so" /usr/local/sbin/cnet
(
	unset IP_LIB_DIR
	check_ok "ip link add type cveth autoloads the DKMS module, plugin found" \
		ip link add dev dk0 type cveth peer name dk1
	check_ok "the peer exists" ip link show dev dk1
	check_ok "ip link add type cbr autoloads the DKMS module" \
		ip link add dev dkbr0 type cbr ageing_time 1000
	# One version everywhere: modinfo (above), ethtool -i, cnet --version.
	check_eq "ethtool -i cveth version" \
		"$(ethtool -i dk0 | sed -n 's/^version: //p')" "$version"
	check_eq "ethtool -i cbr version" \
		"$(ethtool -i dkbr0 | sed -n 's/^version: //p')" "$version"
	check_eq "cnet --version" "$("$CNET_SRC/tools/cnet/cnet" --version)" "cnet $version"
	ip link del dev dk0 2>/dev/null
	ip link del dev dkbr0 2>/dev/null
)	# its checks count: lib.sh keeps them in a file
check_ok "DKMS-built cveth is the one loaded" \
	bash -c "grep -q '^cveth ' /proc/modules"
exit_status
