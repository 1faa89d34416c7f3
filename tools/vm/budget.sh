# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# budget.sh: sourced by tools/vm/check.sh (and the lane's self-checks).
# What each phase of `make check` is held to on a 2-core machine under
# TCG, in seconds, and the guard that fails the run when a lane outgrows
# its budget. Documentation/testing.rst says how they were measured.
#
# A lane's time is the guest time of its whole suite: the sum of the wall
# times of the guests (one vCPU each) its tests were sharded into. It is
# what a lane costs the machine whatever the sharding, so it is the
# figure a new test adds to.

BUDGET_DEPS=${BUDGET_DEPS:-600}			# apt-get on a new machine
BUDGET_USERSPACE=${BUDGET_USERSPACE:-120}	# plugins, cnet, selftests
BUDGET_KERNEL_BUILD=${BUDGET_KERNEL_BUILD:-1080}	# debug kernel, first run only (941 s)
BUDGET_MODULES=${BUDGET_MODULES:-300}		# our modules + DKMS, per kernel
BUDGET_LANE_DEBIAN=${BUDGET_LANE_DEBIAN:-1000}	# each of Debian's kernels
BUDGET_LANE_DEBUG=${BUDGET_LANE_DEBUG:-1800}	# the debug kernel
BUDGET_LANE_KASAN=${BUDGET_LANE_KASAN:-7200}	# the KASAN kernel (not default)
BUDGET_LANE_SELFTEST=${BUDGET_LANE_SELFTEST:-300}	# with the modules-absent run (192 s)
BUDGET_WARM=${BUDGET_WARM:-2400}		# whole make check, cached kernel
BUDGET_COLD=${BUDGET_COLD:-4200}		# whole make check, new machine
# How far over its budget a lane may run before the run fails: room for
# a loaded machine, not for a new slow test.
BUDGET_MARGIN=${BUDGET_MARGIN:-25}		# percent

# budget_lane KVER: the budget of the lane of kernel KVER.
budget_lane()
{
	case $1 in
	debug) echo "$BUDGET_LANE_DEBUG" ;;
	kasan) echo "$BUDGET_LANE_KASAN" ;;
	*) echo "$BUDGET_LANE_DEBIAN" ;;
	esac
}

# budget_check NAME SECONDS BUDGET: one line "ok|budget: NAME|detail" or,
# when SECONDS exceeds BUDGET by more than BUDGET_MARGIN percent,
# "FAIL|budget: NAME|detail". Returns 1 on FAIL.
budget_check()
{
	local name=$1 took=$2 budget=$3 limit
	limit=$((budget + budget * BUDGET_MARGIN / 100))
	if [ "$took" -gt "$limit" ]; then
		echo "FAIL|budget: $name|${took}s, budget ${budget}s + ${BUDGET_MARGIN}%: make it cheaper or raise the budget in tools/vm/budget.sh, and say why"
		return 1
	fi
	echo "ok|budget: $name|${took}s of ${budget}s"
}
