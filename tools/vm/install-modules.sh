#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# install-modules.sh: in the guest, put what modules-prep.sh laid out on
# the host (our modules and indexes that cover them) into
# /lib/modules/$(uname -r). The guest's root is a throw-away overlay.
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
kver=$(uname -r)
src=$top/build/vm-modules/$kver
[ -d "$src" ] || exit 0
cp -a "$src"/. "/lib/modules/$kver/"
