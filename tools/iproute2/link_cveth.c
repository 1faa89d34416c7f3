// SPDX-License-Identifier: GPL-2.0
/*
 * link_cveth.so: the iproute2 plugin for "ip link ... type cveth".
 *
 *   ip link add dev a type cveth peer name b [address MAC] [mtu N]
 *                                          [txqueuelen N] [netns NS] ...
 *   ip -d link show dev a
 *
 * The peer's options are parsed by ip's own iplink_parse(), so the peer
 * takes every option a link takes. They are written into a CVETH_INFO_PEER
 * nest that starts with the peer's own struct ifinfomsg.
 */

#include <string.h>
#include <net/if.h>
#include <linux/cveth.h>

#include "iplink_plugin.h"

static void cveth_usage(FILE *f)
{
	fprintf(f,
		"Usage: ip link <options> type cveth [peer <options>]\n"
		"To get <options> type 'ip link add help'\n");
}

/*
 * argv: what follows "type cveth". iplink_parse() writes the peer's
 * index and flags into the request's own ifinfomsg: keep the device's
 * values aside, let it run, move what it wrote into the peer's ifinfomsg
 * and put the device's values back.
 */
static int cveth_parse_opt(struct link_util *lu, int argc, char **argv,
			   struct nlmsghdr *n)
{
	struct ifinfomsg *ifm = NLMSG_DATA(n);
	struct ifinfomsg saved = *ifm, *peer_ifm;
	struct rtattr *nest;
	char *type = NULL;
	int used;

	if (argc == 0)
		return 0;
	if (strcmp(argv[0], "peer") != 0) {
		if (strcmp(argv[0], "help") != 0)
			fprintf(stderr, "cveth: unknown option \"%s\"\n", argv[0]);
		cveth_usage(stderr);
		return -1;
	}

	ifm->ifi_index = 0;
	ifm->ifi_flags = 0;
	ifm->ifi_change = 0;

	nest = addattr_nest(n, sizeof(struct iplink_req), CVETH_INFO_PEER);
	peer_ifm = RTA_DATA(nest);
	memset(peer_ifm, 0, sizeof(*peer_ifm));
	n->nlmsg_len += NLMSG_ALIGN(sizeof(*peer_ifm));

	used = iplink_parse(argc - 1, argv + 1, (struct iplink_req *)n, &type);
	if (used < 0)
		return used;
	if (type)
		duparg("type", argv[used]);

	peer_ifm->ifi_index = ifm->ifi_index;
	peer_ifm->ifi_flags = ifm->ifi_flags;
	peer_ifm->ifi_change = ifm->ifi_change;
	ifm->ifi_index = saved.ifi_index;
	ifm->ifi_flags = saved.ifi_flags;
	ifm->ifi_change = saved.ifi_change;

	addattr_nest_end(n, nest);
	return argc - 1 - used;
}

/* The kernel reports the peer as it was created: ifinfomsg [+ IFLA_IFNAME]. */
static void cveth_print_opt(struct link_util *lu, FILE *f, struct rtattr *tb[])
{
	const struct ifinfomsg *peer_ifm;
	struct rtattr *peer, *rta;
	int len;

	if (!tb || !tb[CVETH_INFO_PEER])
		return;
	peer = tb[CVETH_INFO_PEER];
	if (RTA_PAYLOAD(peer) < sizeof(*peer_ifm))
		return;

	peer_ifm = RTA_DATA(peer);
	print_uint(PRINT_ANY, "peer_ifindex", "peer ifindex %u ",
		   peer_ifm->ifi_index);

	rta = (struct rtattr *)((char *)RTA_DATA(peer) +
				NLMSG_ALIGN(sizeof(*peer_ifm)));
	len = RTA_PAYLOAD(peer) - NLMSG_ALIGN(sizeof(*peer_ifm));
	for (; RTA_OK(rta, len); rta = RTA_NEXT(rta, len)) {
		if (rta->rta_type == IFLA_IFNAME)
			print_string(PRINT_ANY, "peer_ifname", "peer %s ",
				     (const char *)RTA_DATA(rta));
	}
}

static void cveth_print_help(struct link_util *lu, int argc, char **argv,
			     FILE *f)
{
	cveth_usage(f);
}

struct link_util cveth_link_util = {
	.id		= "cveth",
	.maxattr	= CVETH_INFO_MAX,
	.parse_opt	= cveth_parse_opt,
	.print_opt	= cveth_print_opt,
	.print_help	= cveth_print_help,
};
