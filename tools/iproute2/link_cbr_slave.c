// SPDX-License-Identifier: GPL-2.0
/*
 * link_cbr_slave.so: the iproute2 plugin for a cbr port's settings.
 *
 *   ip link set dev PORT type cbr_slave [learning on|off] [flood on|off]
 *	[mcast_flood on|off] [bcast_flood on|off] [hairpin on|off]
 *	[isolated on|off] [neigh_suppress on|off] [locked on|off] [flush]
 *   ip -d link show dev PORT
 *
 * ip finds it because the kernel names a port's slave kind after its
 * master's kind ("cbr"), and ip looks up "<kind>_slave". The attributes
 * are the kernel bridge's IFLA_BRPORT_*; names and output are those of
 * ip's own bridge_slave.
 */
#include <stdio.h>
#include <string.h>
#include <linux/if_bridge.h>
#include <linux/if_link.h>

#include "iplink_plugin.h"

static const struct {
	const char	*name;
	int		attr;
} cbr_slave_flags[] = {
	{ "hairpin",		IFLA_BRPORT_MODE },
	{ "learning",		IFLA_BRPORT_LEARNING },
	{ "flood",		IFLA_BRPORT_UNICAST_FLOOD },
	{ "mcast_flood",	IFLA_BRPORT_MCAST_FLOOD },
	{ "bcast_flood",	IFLA_BRPORT_BCAST_FLOOD },
	{ "neigh_suppress",	IFLA_BRPORT_NEIGH_SUPPRESS },
	{ "isolated",		IFLA_BRPORT_ISOLATED },
	{ "locked",		IFLA_BRPORT_LOCKED },
};

#define N_FLAGS	(sizeof(cbr_slave_flags) / sizeof(cbr_slave_flags[0]))

static const char *const cbr_port_states[] = {
	[BR_STATE_DISABLED]	= "disabled",
	[BR_STATE_LISTENING]	= "listening",
	[BR_STATE_LEARNING]	= "learning",
	[BR_STATE_FORWARDING]	= "forwarding",
	[BR_STATE_BLOCKING]	= "blocking",
};

static void cbr_slave_print_help(struct link_util *lu, int argc, char **argv,
				 FILE *f)
{
	fprintf(f,
		"Usage: ... cbr_slave [ learning {on | off} ] [ flood {on | off} ]\n"
		"                     [ mcast_flood {on | off} ] [ bcast_flood {on | off} ]\n"
		"                     [ hairpin {on | off} ] [ isolated {on | off} ]\n"
		"                     [ neigh_suppress {on | off} ] [ locked {on | off} ]\n"
		"                     [ flush ]\n");
}

static int cbr_slave_parse_opt(struct link_util *lu, int argc, char **argv,
			       struct nlmsghdr *n)
{
	unsigned int seen = 0, i;

	while (argc > 0) {
		for (i = 0; i < N_FLAGS; i++)
			if (strcmp(*argv, cbr_slave_flags[i].name) == 0)
				break;
		if (i < N_FLAGS) {
			const char *name = cbr_slave_flags[i].name;
			__u8 on;

			if (argc < 2)
				incomplete_command();
			if (seen & (1u << i))
				duparg(name, argv[1]);
			argc--, argv++;
			if (strcmp(*argv, "on") == 0)
				on = 1;
			else if (strcmp(*argv, "off") == 0)
				on = 0;
			else
				invarg("must be \"on\" or \"off\"", *argv);
			addattr8(n, 1024, cbr_slave_flags[i].attr, on);
			seen |= 1u << i;
		} else if (strcmp(*argv, "flush") == 0) {
			addattr_l(n, 1024, IFLA_BRPORT_FLUSH, NULL, 0);
		} else if (strcmp(*argv, "help") == 0) {
			cbr_slave_print_help(lu, argc, argv, stderr);
			return -1;
		} else {
			fprintf(stderr, "cbr_slave: unknown option \"%s\"\n",
				*argv);
			cbr_slave_print_help(lu, argc, argv, stderr);
			return -1;
		}
		argc--, argv++;
	}
	return 0;
}

static void cbr_slave_print_opt(struct link_util *lu, FILE *f,
				struct rtattr *tb[])
{
	unsigned int i;

	if (!tb)
		return;
	if (tb[IFLA_BRPORT_STATE]) {
		__u8 state = rta_getattr_u8(tb[IFLA_BRPORT_STATE]);

		if (state <= BR_STATE_BLOCKING)
			print_string(PRINT_ANY, "state", "state %s ",
				     cbr_port_states[state]);
		else
			print_uint(PRINT_ANY, "state", "state %u ", state);
	}
	for (i = 0; i < N_FLAGS; i++) {
		const char *name = cbr_slave_flags[i].name;
		struct rtattr *attr = tb[cbr_slave_flags[i].attr];

		if (!attr)
			continue;
		if (is_json_context())
			print_bool(PRINT_JSON, name, NULL,
				   rta_getattr_u8(attr));
		else
			fprintf(f, "%s %s ", name,
				rta_getattr_u8(attr) ? "on" : "off");
	}
}

struct link_util cbr_slave_link_util = {
	.id		= "cbr_slave",
	.maxattr	= IFLA_BRPORT_MAX,
	.parse_opt	= cbr_slave_parse_opt,
	.print_opt	= cbr_slave_print_opt,
	.print_help	= cbr_slave_print_help,
};
