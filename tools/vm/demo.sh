#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# demo.sh: the README's main command. On a fresh Debian (bookworm) machine,
# as root: installs what is missing (tools/deps.sh), builds cnet and the
# cveth/cbr modules for one kernel (as `make check` does), boots that kernel
# in QEMU and runs there
#
#     modprobe cveth cbr && cnet lab up && cnet lab status && cnet lab check
#
# printing what the guest printed. Arguments go to `cnet lab up`, e.g.
#     tools/vm/demo.sh --pair veth --bridge bridge      (the kernel's own)
#     tools/vm/demo.sh --containers 3 --publish 8080:3:80
#
#   KERNEL=<kver>   kernel to boot (default: the newest installed one that
#                   has headers)
#   VM_TIMEOUT=<s>  the guest's budget (default 600)
#
# Exit status: that of the guest's command line (0: every lab check path
# passed), or 1 if the set-up or the build failed.
set -uo pipefail

top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top" || exit 1

say() { printf '\n== %s\n' "$*"; }

case " $* " in
*" --help "* | *" -h "*) sed -n '3,22p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
esac

say "install what is missing (tools/deps.sh)"
tools/deps.sh || exit 1

kver=${KERNEL:-}
if [ -z "$kver" ]; then
	for k in $(ls /lib/modules | sort -V); do
		[ -r "/boot/vmlinuz-$k" ] && [ -d "/lib/modules/$k/build" ] && kver=$k
	done
fi
[ -n "$kver" ] && [ -d "/lib/modules/$kver/build" ] ||
	{ echo "demo: no kernel with image and headers installed (KERNEL=$kver)" >&2; exit 1; }

say "build cnet and the iproute2 plugins"
if ! make -s userspace >build-demo.log 2>&1; then
	cat build-demo.log
	rm -f build-demo.log
	echo "demo: the userspace build failed" >&2
	exit 1
fi
rm -f build-demo.log

# Which modules the lab needs: cveth and cbr unless told otherwise.
pair=cveth
bridge=cbr
args=("$@")
for ((i = 0; i < ${#args[@]}; i++)); do
	case ${args[i]} in
	--pair) pair=${args[i + 1]:-} ;;
	--bridge) bridge=${args[i + 1]:-} ;;
	esac
done
mods=()
[ "$pair" = cveth ] && mods+=(cveth)
[ "$bridge" = cbr ] && mods+=(cbr)

# The modules, in build/<kver>/ as tools/vm/check.sh builds them.
say "build cveth and cbr for $kver"
bdir=build/$kver
mkdir -p "$bdir"
if ! tools/build-modules.sh "$kver" "$bdir" -s >"$bdir/build.log" 2>&1; then
	tail -n 30 "$bdir/build.log"
	if [ ${#mods[@]} -gt 0 ]; then
		echo "demo: the modules did not build (see $bdir/build.log);" \
			"try the kernel's own: tools/vm/demo.sh --pair veth --bridge bridge" >&2
		exit 1
	fi
	echo "demo: the modules did not build; going on with veth + bridge"
fi

# The guest's command line, shown as it runs.
guest="export PATH=$(printf %q "$top/tools/cnet"):\$PATH IP_LIB_DIR=$(printf %q "$top/tools/iproute2")
set -o pipefail
run() { printf '\n\$ %s\n' \"\$*\"; \"\$@\"; }"
if [ ${#mods[@]} -gt 0 ]; then
	guest+="
run modprobe -a ${mods[*]} || exit 4
run lsmod | grep -E '^($(IFS='|'; echo "${mods[*]}")) '"
fi
upargs=
[ $# -gt 0 ] && upargs=$(printf '%q ' "$@")
guest+="
run cnet lab up $upargs&& run cnet lab status && run cnet lab check
rc=\$?
echo
if [ \$rc -eq 0 ]; then echo 'demo: every path of the lab passed'; else echo \"demo: FAILED (exit \$rc)\"; fi
exit \$rc"

say "boot $kver in QEMU and run the lab (a minute or two under TCG)"
mkdir -p build/demo
tools/vm/run -q -k "$kver" -t "${VM_TIMEOUT:-600}" -o build/demo -- bash -c "$guest"
rc=$?
case $rc in
124) echo "demo: the guest did not finish in time; its console: build/demo/console" >&2 ;;
125) echo "demo: the guest died; its console: build/demo/console" >&2 ;;
126) echo "demo: kernel splat in the guest's log: build/demo/dmesg" >&2 ;;
esac
exit $rc
