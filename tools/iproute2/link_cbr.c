// SPDX-License-Identifier: GPL-2.0
/*
 * link_cbr.so: the iproute2 plugin for `ip link ... type cbr`.
 *
 *   ip link add dev cbr0 type cbr [ageing_time CENTISECONDS] [max_learned N]
 *					[no_linklocal_learn 0|1] [fastpath on|off]
 *					[loop_guard on|off]
 *   ip link set dev cbr0 type cbr (the same options)
 *   ip -d link show dev cbr0
 */
#include <stdio.h>
#include <string.h>
#include <linux/cbr.h>

#include "iplink_plugin.h"

static void cbr_print_help(struct link_util *lu, int argc, char **argv,
			   FILE *f)
{
	fprintf(f,
		"Usage: ... cbr [ ageing_time AGEING_TIME ] [ max_learned MAX_LEARNED ]\n"
		"               [ no_linklocal_learn { 0 | 1 } ] [ fastpath { on | off } ]\n"
		"               [ loop_guard { on | off } ]\n"
		"\n"
		"Where: AGEING_TIME := %u..%u, in 1/100 s (default %u = %u s)\n"
		"       MAX_LEARNED := cap on learned FDB entries, 0 = unlimited (default %u)\n"
		"       no_linklocal_learn 1: learn no source from 01:80:c2:00:00:0X frames\n"
		"       fastpath on: frames for a cveth port go straight to its peer (default)\n"
		"       loop_guard on: find forwarding loops and block a port of each (default)\n",
		CBR_AGEING_TIME_MIN, CBR_AGEING_TIME_MAX,
		CBR_AGEING_TIME_DEFAULT, CBR_AGEING_TIME_DEFAULT / 100,
		CBR_MAX_LEARNED_DEFAULT);
}

static int cbr_parse_opt(struct link_util *lu, int argc, char **argv,
			 struct nlmsghdr *n)
{
	bool have_ageing = false, have_max = false, have_ll = false;
	bool have_fast = false, have_guard = false;
	__u32 val;

	while (argc > 0) {
		if (matches(*argv, "ageing_time") == 0) {
			if (have_ageing)
				duparg("ageing_time", argv[1]);
			if (argc < 2)
				incomplete_command();
			argc--, argv++;
			/* The kernel checks the range, with a message. */
			if (get_u32(&val, *argv, 0))
				invarg("ageing_time must be a number (1/100 s)",
				       *argv);
			addattr32(n, 1024, IFLA_CBR_AGEING_TIME, val);
			have_ageing = true;
		} else if (matches(*argv, "max_learned") == 0) {
			if (have_max)
				duparg("max_learned", argv[1]);
			if (argc < 2)
				incomplete_command();
			argc--, argv++;
			if (get_u32(&val, *argv, 0))
				invarg("max_learned must be a number (0 = unlimited)",
				       *argv);
			addattr32(n, 1024, IFLA_CBR_MAX_LEARNED, val);
			have_max = true;
		} else if (strcmp(*argv, "no_linklocal_learn") == 0) {
			if (have_ll)
				duparg("no_linklocal_learn", argv[1]);
			if (argc < 2)
				incomplete_command();
			argc--, argv++;
			if (get_u32(&val, *argv, 0) || val > 1)
				invarg("no_linklocal_learn must be 0 or 1", *argv);
			addattr8(n, 1024, IFLA_CBR_NO_LL_LEARN, val);
			have_ll = true;
		} else if (strcmp(*argv, "fastpath") == 0) {
			if (have_fast)
				duparg("fastpath", argv[1]);
			if (argc < 2)
				incomplete_command();
			argc--, argv++;
			if (strcmp(*argv, "on") == 0)
				val = 1;
			else if (strcmp(*argv, "off") == 0)
				val = 0;
			else
				invarg("fastpath must be on or off", *argv);
			addattr8(n, 1024, IFLA_CBR_FASTPATH, val);
			have_fast = true;
		} else if (strcmp(*argv, "loop_guard") == 0) {
			if (have_guard)
				duparg("loop_guard", argv[1]);
			if (argc < 2)
				incomplete_command();
			argc--, argv++;
			if (strcmp(*argv, "on") == 0)
				val = 1;
			else if (strcmp(*argv, "off") == 0)
				val = 0;
			else
				invarg("loop_guard must be on or off", *argv);
			addattr8(n, 1024, IFLA_CBR_LOOP_GUARD, val);
			have_guard = true;
		} else if (matches(*argv, "help") == 0) {
			cbr_print_help(lu, argc, argv, stderr);
			return -1;
		} else {
			fprintf(stderr, "cbr: unknown option \"%s\"\n", *argv);
			cbr_print_help(lu, argc, argv, stderr);
			return -1;
		}
		argc--, argv++;
	}
	return 0;
}

static void cbr_print_opt(struct link_util *lu, FILE *f, struct rtattr *tb[])
{
	if (!tb)
		return;
	if (tb[IFLA_CBR_AGEING_TIME])
		print_uint(PRINT_ANY, "ageing_time", "ageing_time %u ",
			   rta_getattr_u32(tb[IFLA_CBR_AGEING_TIME]));
	if (tb[IFLA_CBR_MAX_LEARNED])
		print_uint(PRINT_ANY, "max_learned", "max_learned %u ",
			   rta_getattr_u32(tb[IFLA_CBR_MAX_LEARNED]));
	if (tb[IFLA_CBR_LEARNED])
		print_uint(PRINT_ANY, "learned", "learned %u ",
			   rta_getattr_u32(tb[IFLA_CBR_LEARNED]));
	if (tb[IFLA_CBR_NO_LL_LEARN])
		print_uint(PRINT_ANY, "no_linklocal_learn",
			   "no_linklocal_learn %u ",
			   rta_getattr_u8(tb[IFLA_CBR_NO_LL_LEARN]));
	if (tb[IFLA_CBR_FASTPATH])
		print_string(PRINT_ANY, "fastpath", "fastpath %s ",
			     rta_getattr_u8(tb[IFLA_CBR_FASTPATH]) ? "on" : "off");
	if (tb[IFLA_CBR_LOOP_GUARD])
		print_string(PRINT_ANY, "loop_guard", "loop_guard %s ",
			     rta_getattr_u8(tb[IFLA_CBR_LOOP_GUARD]) ? "on" : "off");
}

struct link_util cbr_link_util = {
	.id		= "cbr",
	.maxattr	= IFLA_CBR_MAX,
	.parse_opt	= cbr_parse_opt,
	.print_opt	= cbr_print_opt,
	.print_help	= cbr_print_help,
};
