#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# PID 1 of the test guest once the overlay root is up. Mounts the usual
# filesystems, installs this project's modules for the running kernel so
# that modprobe (and rtnetlink's module autoload) finds them, runs the
# command the host left in $out/cmd, and records its exit status and the
# kernel log for the host. Then powers off.

export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
export HOME=/root TERM=dumb LANG=C.UTF-8

mount -t proc proc /proc 2>/dev/null
mount -t sysfs sysfs /sys 2>/dev/null
mount -t devtmpfs devtmpfs /dev 2>/dev/null
proj=
out=
for arg in $(</proc/cmdline); do
	case $arg in
	cnet.proj=*) proj=${arg#cnet.proj=} ;;
	cnet.out=*) out=${arg#cnet.out=} ;;
	esac
done
mkdir -p /dev/pts /dev/shm
mount -t devpts devpts /dev/pts
mount -t tmpfs tmpfs /dev/shm
for d in /tmp /run /var/tmp /var/log; do
	mount -t tmpfs tmpfs "$d"
done
mkdir -p /run/netns /var/run
mount -t debugfs debugfs /sys/kernel/debug 2>/dev/null
mount -t tracefs tracefs /sys/kernel/tracing 2>/dev/null
mount -t bpf bpf /sys/fs/bpf 2>/dev/null
mkdir -p "$proj"
mount --bind /.cnet-project "$proj"
hostname cnet-vm
# jq 1.6 compiles its builtins at every start: 0.28 s a call in a TCG
# guest, gojq (the same language, in Go) 0.08 s, and the tests call it
# hundreds of times. In the guest the tests' jq is gojq.
[ -x /usr/bin/gojq ] && [ -x /usr/bin/jq ] && mount --bind /usr/bin/gojq /usr/bin/jq
ip link set dev lo up

# This project's modules for the running kernel, laid out on the host by
# modules-prep.sh (with module indexes, so no depmod is needed here).
"$proj/tools/vm/install-modules.sh"

# A kernel with kmemleak (the debug kernel): forget what boot left behind,
# so that the scan after the command reports only what the command leaked.
kmemleak=/sys/kernel/debug/kmemleak
if [ -w "$kmemleak" ]; then
	echo scan >"$kmemleak"
	echo clear >"$kmemleak"
fi

rc=0
if ! cd "$proj"; then
	echo "guest-init: cannot enter $proj"
	rc=125
elif [ -f "$out/cmd" ]; then
	# The command's output goes to the console (the host's log) and a file.
	setsid bash "$out/cmd" </dev/null 2>&1 | tee "$out/output"
	rc=${PIPESTATUS[0]}
else
	echo "guest-init: no command in $out/cmd"
	rc=125
fi
if [ -w "$kmemleak" ]; then
	# Unload our modules first, so that what they leak is unreferenced
	# (their own memory is freed). An object is reported once it is older
	# than 5 s and unreferenced over two scans.
	modprobe -r cbr cveth 2>/dev/null
	sleep 6
	echo scan >"$kmemleak"
	echo scan >"$kmemleak"
	cat "$kmemleak" >"$out/kmemleak"
	if [ -s "$out/kmemleak" ]; then
		echo "guest-init: kmemleak: $(grep -c '^unreferenced object' "$out/kmemleak") unreferenced object(s) after the command:"
		head -n 40 "$out/kmemleak"
	fi
fi
dmesg >"$out/dmesg" 2>/dev/null
echo "$rc" >"$out/rc"
sync
busybox poweroff -f
echo o >/proc/sysrq-trigger
sleep 60
