#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# config-check.sh CONFIG SRC: is selftests/config complete for what the
# Debian lanes' tests loaded? Reads kernel module names on stdin (the
# "# modules:" lines selftests/run_tests.sh prints after each test, less
# those of its "# modules before the tests:" lines: the guest's own),
# finds each one's option in the kernel source SRC (its Makefile's
# "obj-$(CONFIG_X) += name.o") and wants it built into CONFIG, the final
# config of a kernel built from selftests/config on a minimal base (the
# debug kernel, tools/vm/debug-kernel.sh). Prints one line for make
# check, "ok|NAME|DETAIL" or "FAIL|NAME|DETAIL". Modules not in SRC
# (a newer kernel's) are named in the detail, not failed.
set -uo pipefail
config=$1
src=$2
name="config: every module the Debian lanes' tests loaded is in a kernel built from selftests/config"

# "module CONFIG_X" for every obj-$(CONFIG_X) += a.o b.o of the source.
map=$(find "$src" -name Makefile -not -path '*/tools/*' -not -path '*/Documentation/*' -print0 |
	xargs -0 awk '
		/^obj-\$\(CONFIG_[A-Z0-9_]+\)[ \t]*[+:]?=/ {
			sym = $0; sub(/^obj-\$\(/, "", sym); sub(/\).*/, "", sym)
			line = $0; sub(/^[^=]*=/, "", line)
			n = split(line, w, /[ \t\\]+/)
			for (i = 1; i <= n; i++)
				if (w[i] ~ /\.o$/) { m = w[i]; sub(/\.o$/, "", m); gsub(/-/, "_", m); print m, sym }
		}')
# Loaded by the kernel for itself, not for a test: an accelerated
# implementation (libcrc32c asks for crc32c_intel) and an optional
# dependency (cfg80211 uses rfkill when there is one).
soft=" crc32c_intel rfkill "
missing=
unknown=
n=0
input=$(cat)
before=" $(grep '^# modules before the tests:' <<<"$input" | cut -d: -f2- | tr '\n' ' ') "
for m in $(grep '^# modules:' <<<"$input" | cut -d: -f2- | tr ' ' '\n' | grep . | sort -u); do
	[[ $before == *" $m "* ]] && continue
	[[ $soft == *" $m "* ]] && continue
	syms=$(awk -v m="$m" '$1 == m { print $2 }' <<<"$map" | sort -u)
	if [ -z "$syms" ]; then
		unknown+=" $m"
		continue
	fi
	n=$((n + 1))
	found=0
	for s in $syms; do
		grep -qx "$s=y" "$config" && found=1
	done
	[ $found -eq 1 ] || missing+=" $m ($(echo "$syms" | tr '\n' '/' | sed 's,/$,,'))"
done
if [ -n "$missing" ]; then
	echo "FAIL|$name|not built from it:$missing; add their options (or the options that select them) to selftests/config"
elif [ $n -eq 0 ]; then
	echo "FAIL|$name|no module found: nothing checked"
else
	echo "ok|$name|$n modules${unknown:+; not in the source:$unknown}"
fi
