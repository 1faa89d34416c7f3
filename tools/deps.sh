#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# deps.sh: install with apt-get whatever the project needs and is missing:
# the two Debian LTS kernels (image + headers) the tests boot, QEMU, the
# tools the tests use inside the guest, and the build dependencies.
# A no-op when everything is there.
set -uo pipefail

pkgs=(
	build-essential make gcc libc6-dev pkg-config bc flex bison libelf-dev libssl-dev kmod
	cpio xz-utils gzip perl python3
	qemu-system-x86 busybox-static
	linux-image-amd64 linux-headers-amd64
	linux-image-6.12-amd64 linux-headers-6.12-amd64
	linux-source-6.1
	iproute2 ethtool iperf3 tcpdump iptables nftables procps psmisc
	libmnl-dev sparse jq gojq socat netsniff-ng arping iputils-ping curl dkms openssl gnuplot-nox
)

missing=()
for p in "${pkgs[@]}"; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
		missing+=("$p")
	fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "deps: missing: ${missing[*]}"
if ! command -v apt-get >/dev/null; then
	echo "deps: no apt-get here: install these Debian packages by hand: ${missing[*]}" >&2
	exit 1
fi
if [ "$(id -u)" -ne 0 ]; then
	echo "deps: installing needs root: run 'sudo make deps', or as root:" >&2
	echo "      apt-get install ${missing[*]}" >&2
	exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -q || { echo "deps: apt-get update failed" >&2; exit 1; }
apt-get install -y -q --no-install-recommends "${missing[@]}" ||
	{ echo "deps: apt-get install failed for: ${missing[*]}" >&2; exit 1; }
