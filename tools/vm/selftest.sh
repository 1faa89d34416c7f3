#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# selftest.sh KVER [LEAKVER]: the lane checks itself. Each check makes a
# guest fail on purpose and expects the runner to notice; one line per
# check on stdout, "ok|name|detail" or "FAIL|name|detail". With LEAKVER
# (a kernel with kmemleak: "debug"), a module that leaks on purpose must
# fail the run there too.
set -uo pipefail

top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top" || exit 1
kver=$1
leakver=${2:-}
work=build/lane-selftest
rm -rf "$work"
mkdir -p "$work"

report() { echo "$1|lane: $2|${3:-}"; }
# shellcheck source=tools/vm/kernel.sh
. tools/vm/kernel.sh

# 1. A splat in the guest's kernel log fails the run, even though the
#    command itself succeeded.
tools/vm/run -q -k "$kver" -t 120 -o "$work/splat" -- \
	sh -c 'echo "WARNING: CPU: 0 PID: 1 at lane-selftest: fake splat" >/dev/kmsg' \
	>"$work/splat.out" 2>&1
rc=$?
if [ $rc -eq 126 ] && grep -q 'fake splat' "$work/splat.out"; then
	report ok "a WARNING in the guest log fails the run"
else
	report FAIL "a WARNING in the guest log fails the run" "vm/run exit $rc, want 126"
fi

# 2. A guest that hangs is killed at its timeout and reported as such.
start=$SECONDS
tools/vm/run -q -k "$kver" -t 40 -o "$work/hang" -- sleep 100000 >"$work/hang.out" 2>&1
rc=$?
took=$((SECONDS - start))
if [ $rc -eq 124 ] && grep -q TIMEOUT "$work/hang.out" && [ $took -lt 90 ]; then
	report ok "a hanging guest is killed at its timeout" "${took}s"
else
	report FAIL "a hanging guest is killed at its timeout" "vm/run exit $rc after ${took}s, want 124"
fi

# 3. A failing test is reported as failed, with its output, and the
#    runner's exit status says so; a passing one next to it still passes.
cat >"$work/failing.sh" <<'T'
#!/bin/bash
echo "lane-selftest: this output must reach the report"
exit 1
T
cat >"$work/passing.sh" <<'T'
#!/bin/bash
ip link add dev lane0 type veth peer name lane1 && ip link del dev lane0
T
chmod +x "$work/failing.sh" "$work/passing.sh"
tools/vm/run -q -k "$kver" -t 120 -o "$work/fail" -- selftests/run_tests.sh \
	"../$work/failing.sh" "../$work/passing.sh" >"$work/fail.out" 2>&1
rc=$?
if [ $rc -ne 0 ] &&
   grep -q "^not ok 1 selftests: cnet: ../$work/failing.sh" "$work/fail.out" &&
   grep -q '^# lane-selftest: this output must reach the report' "$work/fail.out" &&
   grep -q "^ok 2 selftests: cnet: ../$work/passing.sh" "$work/fail.out"; then
	report ok "a failing test is reported with its output"
else
	report FAIL "a failing test is reported with its output" "vm/run exit $rc; see $work/fail.out"
fi

# 3b. A series ("6.12") names its newest installed kernel (KVER is the
#     newest of its series), and a series with no kernel is refused.
series=$(echo "$kver" | cut -d. -f1-2)
got=$(kernel_name "$series")
if [ "$got" = "$kver" ] && ! kernel_resolve 0.1 2>/dev/null; then
	report ok "KERNELS=$series names $kver"
else
	report FAIL "KERNELS=$series names $kver" "got '$got'"
fi

# 3b'. The budget guard (tools/vm/budget.sh): a lane past its budget by
#      more than the margin fails make check; one within it, or over the
#      budget but inside the margin, passes.
(
	. tools/vm/budget.sh
	BUDGET_MARGIN=25
	over=$(budget_check "lane x" 1251 1000) && exit 1
	edge=$(budget_check "lane x" 1250 1000) || exit 1
	under=$(budget_check "lane x" 900 1000) || exit 1
	[[ $over == "FAIL|budget: lane x|1251s, budget 1000s"* ]] &&
		[[ $edge == "ok|"* ]] && [ "$under" = "ok|budget: lane x|900s of 1000s" ] || exit 1
	[ "$(budget_lane debug)" = "$BUDGET_LANE_DEBUG" ] &&
		[ "$(budget_lane 6.1.0-57-amd64)" = "$BUDGET_LANE_DEBIAN" ]
)
if [ $? -eq 0 ]; then
	report ok "a lane past its budget and margin fails the run"
else
	report FAIL "a lane past its budget and margin fails the run" "budget_check in tools/vm/budget.sh"
fi

# 3c. Under make check (CNET_REQUIRE_MODULES=1) a cveth that does not
#     load fails the test instead of skipping it: a lane whose modules
#     were built wrong must not pass on skips. Elsewhere it skips. On the
#     host, with a modprobe that always fails.
mkdir -p "$work/fakebin"
printf '#!/bin/sh\nexit 1\n' >"$work/fakebin/modprobe"
chmod +x "$work/fakebin/modprobe"
req() { PATH=$top/$work/fakebin:$PATH bash -c '. selftests/lib.sh; require_module cveth; echo loaded'; }
req >"$work/req0.out" 2>&1
rc0=$?
CNET_REQUIRE_MODULES=1 req >"$work/req1.out" 2>&1
rc1=$?
if [ $rc0 -eq 4 ] && grep -qx '1..0 # SKIP module cveth not available' "$work/req0.out" &&
   [ $rc1 -eq 1 ] && grep -qx 'not ok 1 module cveth loads' "$work/req1.out"; then
	report ok "under make check a module that does not load fails the test"
else
	report FAIL "under make check a module that does not load fails the test" \
		"exit $rc0 without CNET_REQUIRE_MODULES (want 4), $rc1 with it (want 1)"
fi
# A module that modprobe cannot load but that is there (built in, or
# loaded: /sys/module/kernel always is) counts as present.
name="a built-in module counts as present when modprobe fails"
out=$(PATH=$top/$work/fakebin:$PATH bash -c '. selftests/lib.sh; require_module kernel; echo present' 2>&1)
if grep -qx present <<<"$out"; then
	report ok "$name"
else
	report FAIL "$name" "require_module kernel: '$out'"
fi

# 3d. A per-kernel module build (tools/build-modules.sh) is not fooled by
#     a <module>.mod.c that a build for another kernel left in drivers/:
#     the modules keep this kernel's vermagic, and a build directory
#     already linked from such a file is rebuilt. In a copy of the tree, on
#     a 6.1 kernel if there is one: 6.12's modpost rewrites the .mod.c
#     anyway, 6.1's runs only when an object changed.
bkver=$(kernel_name 6.1 2>/dev/null) || bkver=$kver
name="per-kernel module builds ignore generated files in drivers/ ($bkver)"
tree=$work/tree
mkdir -p "$tree/tools"
cp -a Kbuild include drivers "$tree/"
cp -a tools/build-modules.sh "$tree/tools/"
find "$tree/drivers" -type f ! -name '*.[ch]' ! -name Kbuild -delete
find "$tree/drivers" -name '*.mod.c' -delete
if ! kernel_resolve "$bkver" 2>"$work/tree.out" ||
   ! KDIR=$K_BUILD "$tree/tools/build-modules.sh" "$K_REL" "$tree/out" -s >>"$work/tree.out" 2>&1; then
	report FAIL "$name" "the first build failed: see $work/tree.out"
else
	sleep 1
	echo 'int cnet_lane_stale_mod_c;' >"$tree/drivers/cveth/cveth.mod.c"
	KDIR=$K_BUILD "$tree/tools/build-modules.sh" "$K_REL" "$tree/out" -s >>"$work/tree.out" 2>&1
	rc=$?
	vm=$(modinfo -F vermagic "$tree/out/drivers/cveth/cveth.ko" 2>/dev/null)
	# A build directory already linked wrong is built from clean.
	echo 'int cnet_lane_stale_mod_c;' >"$tree/out/drivers/cveth/cveth.mod.c"
	KDIR=$K_BUILD "$tree/tools/build-modules.sh" "$K_REL" "$tree/out" -s >>"$work/tree.out" 2>&1
	rc2=$?
	vm2=$(modinfo -F vermagic "$tree/out/drivers/cveth/cveth.ko" 2>/dev/null)
	if [ $rc -eq 0 ] && [ "${vm%% *}" = "$K_REL" ] &&
	   [ $rc2 -eq 0 ] && [ "${vm2%% *}" = "$K_REL" ] && grep -q 'from clean' "$work/tree.out"; then
		report ok "$name"
	else
		report FAIL "$name" "exit $rc/$rc2, cveth.ko vermagic '${vm%% *}'/'${vm2%% *}', want $K_REL and a clean rebuild"
	fi
fi

# 3e. make userspace (and so make install) needs no kernel source: in a
#     copy of the tree without the selftests, whose harness comes from
#     linux-source, it builds the plugins and cnet.
name="make userspace builds without the selftests and the kernel source"
ut=$work/utree
mkdir -p "$ut/tools/bench"
cp -a Makefile include "$ut/"
cp -a tools/iproute2 tools/cnet "$ut/tools/"
cp -a tools/bench/udpblast.c "$ut/tools/bench/"
if make -s -C "$ut" userspace >"$work/utree.out" 2>&1 &&
   [ -x "$ut/tools/cnet/cnet" ] && [ -e "$ut/tools/iproute2/link_cbr.so" ]; then
	report ok "$name"
else
	report FAIL "$name" "see $work/utree.out"
fi

# 3f. make check reads each test's nested KTAP: a test that exits 0 with
#     a failed check, or without reporting any check, fails; checks are
#     counted. On the host, from a runner's output written here.
name="a test passes only if its nested checks agree"
cat >"$work/nested.ktap" <<'K'
KTAP version 1
1..6
# selftests: cnet: good.sh
# TAP version 13
# ok 1 first
# ok 2 second # SKIP not here
# 1..2
ok 1 selftests: cnet: good.sh
# selftests: cnet: liar.sh
# TAP version 13
# not ok 1 broken
# 1..1
ok 2 selftests: cnet: liar.sh
# selftests: cnet: empty.sh
# TAP version 13
# 1..0
ok 3 selftests: cnet: empty.sh
# selftests: cnet: allskip
# TAP version 13
# 1..1
# ok 1 f.t # SKIP cbr not available
ok 4 selftests: cnet: allskip
# selftests: cnet: lateskip.sh
# TAP version 13
# not ok 1 broken
# ok 2 no more # SKIP
ok 5 selftests: cnet: lateskip.sh # SKIP
not ok 6 selftests: cnet: missing
K
: >"$work/nested.checks"
got=$(. tools/vm/ktap.sh; ktap_results "$work/nested.ktap" "$work/nested.checks" | cut -d'|' -f1,2 | tr '\n' ' ')
if [ "$got" = "ok|good.sh FAIL|liar.sh FAIL|empty.sh skip|allskip FAIL|lateskip.sh FAIL|missing " ] &&
   [ "$(tr '\n' ' ' <"$work/nested.checks")" = "good.sh|1|0|1 liar.sh|0|1|0 empty.sh|0|0|0 allskip|0|0|1 lateskip.sh|0|1|1 missing|0|0|0 " ]; then
	report ok "$name"
else
	report FAIL "$name" "got '$got', checks '$(tr '\n' ' ' <"$work/nested.checks")'"
fi

# 3f'. A shell test's checks decide its exit status (selftests/lib.sh):
#      a failed check in a pipeline's subshell fails it, so does a skip
#      after a failed check and an exit 0 with no check; a detail with a
#      line break stays one diagnostic line. On the host.
name="a shell test's checks decide its exit status"
lt() { bash -c ". selftests/lib.sh; $1" >"$work/lt.out" 2>&1; echo $?; }
got="$(lt 'echo x | while read -r l; do check_fail in-pipe; done; exit_status')"
got+=" $(lt 'check_fail a; skip later')"
got+=" $(lt 'exit 0')"
got+=" $(lt 'check_pass a; skip later')"
got+=" $(lt "check_eq d \"\$(printf 'x\\nok 9 fake')\" y; exit 0")"
if [ "$got" = "1 1 1 4 1" ] && ! grep -q '^ok 9' "$work/lt.out"; then
	report ok "$name"
else
	report FAIL "$name" "exit statuses '$got', want '1 1 1 4 1'; see $work/lt.out"
fi

# 3g. Without our modules, every test that needs them skips, and under
#     make check (CNET_REQUIRE_MODULES=1) fails instead: none passes on
#     nothing. In a guest whose modprobe refuses cveth and cbr, through
#     the installed tree's runner (check.sh installs it in build/ksft).
#     Not in the list: the tests that need neither (the lab and the
#     commands on the kernel's veth and bridge) and dkms.sh, which
#     installs the modules itself.
name="without cveth and cbr every test that needs them skips, or fails under make check"
if [ ! -x build/ksft/run_kselftest.sh ]; then
	report FAIL "$name" "no installed tree in build/ksft (make -C selftests install)"
else
	sel=$(sed -n 's/^cnet://p' build/ksft/kselftest-list.txt |
		grep -v -x -E 'cnet_lab\.sh|cnet_cmds\.sh|dkms\.sh' | sed 's/^/-t cnet:/' | tr '\n' ' ')
	n=$(wc -w <<<"$sel")
	n=$((n / 2))
	cat >"$work/absent.sh" <<A
printf 'install cveth /bin/false\ninstall cbr /bin/false\n' >/etc/modprobe.d/cnet-absent.conf
modprobe -r cbr cveth 2>/dev/null
export CNET_SRC=$top
build/ksft/run_kselftest.sh $sel >$work/absent0.ktap 2>&1
CNET_REQUIRE_MODULES=1 build/ksft/run_kselftest.sh $sel >$work/absent1.ktap 2>&1
true
A
	tools/vm/run -q -k "$kver" -t 900 -o "$work/absent" -- bash "$work/absent.sh" >"$work/absent.out" 2>&1
	rc=$?
	# Read as make check reads it (tools/vm/ktap.sh).
	skips=$(. tools/vm/ktap.sh; ktap_results "$work/absent0.ktap" /dev/null | grep -c '^skip|')
	fails=$(. tools/vm/ktap.sh; ktap_results "$work/absent1.ktap" /dev/null | grep -c '^FAIL|')
	if [ $rc -eq 0 ] && [ "${skips:-0}" -eq "$n" ] && [ "${fails:-0}" -eq "$n" ]; then
		report ok "$name" "$n tests"
	else
		report FAIL "$name" "vm/run exit $rc; of $n tests $skips skipped without CNET_REQUIRE_MODULES, $fails failed with it: see $work/absent0.ktap, $work/absent1.ktap"
	fi
fi

# 3h. The config check (tools/vm/config-check.sh) fails a module whose
#     option a kernel built from selftests/config lacks, and passes one it
#     has. With the debug kernel in the run: its config is that kernel's.
if [ -n "$leakver" ] && kernel_resolve "$leakver" 2>/dev/null; then
	name="a module the tests load but selftests/config lacks fails the config check"
	src=${XDG_CACHE_HOME:-$HOME/.cache}/cnet/linux-source-6.1
	good=$(echo "# modules: veth bridge" | tools/vm/config-check.sh "$K_BUILD/.config" "$src")
	bad=$(echo "# modules: veth sch_netem" | tools/vm/config-check.sh "$K_BUILD/.config" "$src")
	if [[ $good == "ok|"*"|2 modules" && $bad == "FAIL|"*"sch_netem (CONFIG_NET_SCH_NETEM)"* ]]; then
		report ok "$name"
	else
		report FAIL "$name" "veth bridge: '${good##*|}'; veth sch_netem: '${bad##*|}'"
	fi
fi

# 4. A leak fails the run on a kmemleak kernel: tools/vm/leak/cnet_leak.ko
#    forgets four objects when it is loaded; the scan after the command
#    must report them (guest-init.sh) and the runner must call it a splat.
if [ -n "$leakver" ]; then
	name="a leaked object fails the run on $leakver (kmemleak)"
	mkdir -p "$work/leak"
	cp tools/vm/leak/cnet_leak.c tools/vm/leak/Kbuild "$work/leak/"
	if ! kernel_resolve "$leakver" 2>"$work/leak.out" ||
	   ! make -C "$K_BUILD" M="$top/$work/leak" modules >>"$work/leak.out" 2>&1; then
		report FAIL "$name" "cannot build the leaking module: see $work/leak.out"
	else
		tools/vm/run -q -k "$leakver" -t 600 -o "$work/leakrun" -- \
			insmod "$work/leak/cnet_leak.ko" >"$work/leak.out" 2>&1
		rc=$?
		n=$(grep -c 'unreferenced object' "$work/leakrun/kmemleak" 2>/dev/null)
		if [ $rc -eq 126 ] && [ "${n:-0}" -ge 1 ] &&
		   grep -q 'cnet-leak-contro' "$work/leakrun/kmemleak"; then
			report ok "$name" "${n} reported"
		else
			report FAIL "$name" "vm/run exit $rc, ${n:-0} reported; want 126 and >= 1"
		fi
	fi
fi
