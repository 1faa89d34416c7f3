#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# ktap.sh: sourced by check.sh and selftest.sh. ktap_results KTAP CHECKS
# reads what selftests/run_tests.sh printed (kselftest's KTAP, each test's
# own nested KTAP indented with "# ") and prints one line per test,
# "ok|TEST|DETAIL", "skip|TEST|" or "FAIL|TEST|DETAIL", a failed test's
# output after it as "    " lines; it appends "TEST|PASSED|FAILED|SKIPPED"
# for each test's checks (its nested results, one level down) to CHECKS.
#
# A test that exits 0 passes only if its checks agree: none failed, and
# at least one ran (a test that reports no check passed on nothing); one
# whose every check skipped (the C harness exits 0 then) skipped.

ktap_results()
{
	local ktap=$1 checks=$2 line name took='' sp=0 sf=0 ss=0

	while IFS= read -r line; do
		case $line in
		"# selftests: "*)
			sp=0 sf=0 ss=0 took="" ;;
		"# ok "[0-9]*"# SKIP"*)
			ss=$((ss + 1)) ;;
		"# ok "[0-9]*)
			sp=$((sp + 1)) ;;
		"# not ok "[0-9]*)
			sf=$((sf + 1)) ;;
		"# time: "*)
			took=${line#\# time: } ;;
		"ok "* | "not ok "*)
			name=${line#*selftests: }
			name=${name#*: }	# the collection
			echo "${name%% #*}|$sp|$sf|$ss" >>"$checks"
			;;&
		"ok "*"# SKIP"*)
			if [ "$sf" -gt 0 ]; then
				echo "FAIL|${name%% #*}|skipped after $sf failed check(s)"
			else
				echo "skip|${name%% #*}|"
			fi
			;;
		"ok "*)
			if [ "$sf" -gt 0 ]; then
				echo "FAIL|$name|exit 0 with $sf failed check(s), $took"
			elif [ $((sp + ss)) -eq 0 ]; then
				echo "FAIL|$name|passed on nothing: no check reported, $took"
			elif [ "$sp" -eq 0 ]; then
				# The C harness exits 0 when it skipped every test.
				echo "skip|$name|every check skipped"
			else
				echo "ok|$name|$took"
			fi
			;;
		"not ok "*)
			echo "FAIL|${name%% #*}|${name#*# }, $took"
			# The failed test's own output: its failed checks with
			# their details first, then how it ended.
			awk -v t="${name%% #*}" '
				/^# selftests: / { on = (substr($0, length($0) - length(t) + 1) == t && \
					substr($0, length($0) - length(t), 1) == " "); next }
				on && /^(not )?ok / { exit }
				on { out[n++] = $0 }
				END {
					for (i = 0; i < n && f < 20; i++)
						if (out[i] ~ /^# not ok [0-9]/) {
							if (i && out[i - 1] ~ /^# # /)
								print "    " out[i - 1]
							print "    " out[i]; f++
						}
					if (f)
						print "    (the last lines:)"
					for (i = (n > 30 ? n - 30 : 0); i < n; i++)
						print "    " out[i]
				}' "$ktap"
			;;
		esac
		case $line in
		"ok "* | "not ok "*)
			sp=0 sf=0 ss=0 took="" ;;
		esac
	done <"$ktap"
}
