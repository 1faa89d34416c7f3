// SPDX-License-Identifier: GPL-2.0
/*
 * cnet pair | bridge | port: create and remove pairs (cveth or veth),
 * bridges (cbr or bridge) and bridge ports, through RTM_NEWLINK and
 * RTM_DELLINK.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/if_bridge.h>
#include <linux/if_link.h>
#include <linux/rtnetlink.h>
#include <linux/cbr.h>

#include "cnet.h"

static const char pair_help[] =
"usage: cnet pair add A peer B [netns NS] [type KIND]\n"
"       cnet pair del A\n"
"\n"
"add: create the pair A <-> B of KIND (cveth, the default, or veth; any kind\n"
"     with veth's peer attribute works), bring both ends up, and move B into\n"
"     the named network namespace NS if given.\n"
"del: delete A; the kernel deletes its peer with it.\n";

static const char bridge_help[] =
"usage: cnet bridge add BR [type cbr|bridge] [ageing SECONDS] [max-learned N]\n"
"                         [fastpath on|off] [loop-guard on|off]\n"
"       cnet bridge set BR [ageing SECONDS] [max-learned N] [fastpath on|off]\n"
"                         [loop-guard on|off]\n"
"       cnet bridge show BR\n"
"       cnet bridge del BR\n"
"\n"
"add:  create bridge BR (kind cbr by default, or the kernel's bridge) and\n"
"      bring it up. ageing: how long a learned address lives (seconds,\n"
"      decimals allowed; default 300). max-learned: cap on learned entries,\n"
"      0 = unlimited (cbr only). fastpath: hand frames for a cveth port\n"
"      straight to its peer (cbr only; default on). loop-guard: find\n"
"      forwarding loops and block a port of each (cbr only; default on).\n"
"set:  change ageing / max-learned / fastpath / loop-guard of a bridge.\n"
"show: kind, ageing, max-learned, learned count, fastpath, loop-guard and\n"
"      ports with their state (blocking: the loop guard blocked it).\n"
"del:  delete BR; its ports are released.\n";

static const char port_help[] =
"usage: cnet port add BR DEV\n"
"       cnet port set BR DEV SETTING on|off [SETTING on|off]...\n"
"       cnet port del DEV\n"
"\n"
"add: make DEV a port of bridge BR (IFLA_MASTER) and bring DEV up.\n"
"set: change DEV's settings, as `bridge link set dev DEV` does. SETTING:\n"
"     learning flood mcast_flood bcast_flood hairpin isolated neigh_suppress\n"
"     locked. `cnet bridge show BR` prints them.\n"
"del: release DEV from its bridge.\n";

/* The port settings cnet knows, in the order `bridge show` prints them. */
static const struct {
	const char	*name;
	int		attr;
} port_settings[] = {
	{ "learning",		IFLA_BRPORT_LEARNING },
	{ "flood",		IFLA_BRPORT_UNICAST_FLOOD },
	{ "mcast_flood",	IFLA_BRPORT_MCAST_FLOOD },
	{ "bcast_flood",	IFLA_BRPORT_BCAST_FLOOD },
	{ "hairpin",		IFLA_BRPORT_MODE },
	{ "isolated",		IFLA_BRPORT_ISOLATED },
	{ "neigh_suppress",	IFLA_BRPORT_NEIGH_SUPPRESS },
	{ "locked",		IFLA_BRPORT_LOCKED },
};

#define N_PORT_SETTINGS	(int)(sizeof(port_settings) / sizeof(port_settings[0]))

static const char *const port_states[] = {
	[BR_STATE_DISABLED]	= "disabled",
	[BR_STATE_LISTENING]	= "listening",
	[BR_STATE_LEARNING]	= "learning",
	[BR_STATE_FORWARDING]	= "forwarding",
	[BR_STATE_BLOCKING]	= "blocking",
};

/* One port as its bridge's AF_BRIDGE link dump shows it. */
struct port_info {
	int ifindex;
	int master;
	int state;			/* BR_STATE_*, -1 if absent */
	int set[N_PORT_SETTINGS];	/* 0, 1, or -1 if absent */
};

struct port_dump {
	struct port_info *v;
	int n;
};

static int port_protinfo_cb(const struct nlattr *a, void *data)
{
	struct port_info *p = data;
	int type = mnl_attr_get_type(a);

	if (mnl_attr_validate(a, MNL_TYPE_U8) < 0)
		return MNL_CB_OK;
	if (type == IFLA_BRPORT_STATE)
		p->state = mnl_attr_get_u8(a);
	for (int i = 0; i < N_PORT_SETTINGS; i++)
		if (type == port_settings[i].attr)
			p->set[i] = !!mnl_attr_get_u8(a);
	return MNL_CB_OK;
}

static int port_attr_cb(const struct nlattr *a, void *data)
{
	struct port_info *p = data;

	switch (mnl_attr_get_type(a)) {
	case IFLA_MASTER:
		if (!mnl_attr_validate(a, MNL_TYPE_U32))
			p->master = mnl_attr_get_u32(a);
		break;
	case IFLA_PROTINFO:
		/* Not nested: an old kernel's bare STP state. */
		if (a->nla_type & NLA_F_NESTED)
			mnl_attr_parse_nested(a, port_protinfo_cb, p);
		break;
	}
	return MNL_CB_OK;
}

static int port_dump_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct ifinfomsg *ifi = mnl_nlmsg_get_payload(nlh);
	struct port_dump *d = data;
	struct port_info *v, p;

	if (nlh->nlmsg_type != RTM_NEWLINK ||
	    nlh->nlmsg_len < mnl_nlmsg_size(sizeof(*ifi)))
		return MNL_CB_OK;
	memset(&p, 0, sizeof(p));
	p.ifindex = ifi->ifi_index;
	p.state = -1;
	for (int i = 0; i < N_PORT_SETTINGS; i++)
		p.set[i] = -1;
	mnl_attr_parse(nlh, sizeof(*ifi), port_attr_cb, &p);
	v = realloc(d->v, (d->n + 1) * sizeof(*v));
	if (!v)
		return MNL_CB_ERROR;
	d->v = v;
	d->v[d->n++] = p;
	return MNL_CB_OK;
}

/* Every bridge port's settings (`bridge link show`): an AF_BRIDGE dump. */
static int port_dump(struct nl *nl, struct port_dump *d)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlmsghdr *nlh = nl_msg(nl, buf, RTM_GETLINK, NLM_F_DUMP);
	struct ifinfomsg *ifi = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifi));

	ifi->ifi_family = AF_BRIDGE;
	d->v = NULL;
	d->n = 0;
	return nl_talk(nl, nlh, port_dump_cb, d);
}

static const struct port_info *port_find(const struct port_dump *d,
					 int ifindex)
{
	for (int i = 0; i < d->n; i++)
		if (d->v[i].ifindex == ifindex)
			return &d->v[i];
	return NULL;
}

static void port_print(const char *name, const struct port_info *p)
{
	printf("    %s:", name);
	if (!p) {
		printf(" (no settings reported)\n");
		return;
	}
	if (p->state >= 0)
		printf(" %s", p->state <= BR_STATE_BLOCKING ?
		       port_states[p->state] : "unknown");
	for (int i = 0; i < N_PORT_SETTINGS; i++)
		if (p->set[i] >= 0)
			printf(", %s %s", port_settings[i].name,
			       p->set[i] ? "on" : "off");
	printf("\n");
}

int parse_kind_err(const char *what, int err, const char *kind)
{
	if (err == -EOPNOTSUPP) {
		errorf("%s: link kind '%s' is not supported by this kernel: "
		       "is the %s module installed? (modprobe %s)",
		       what, kind, kind, kind);
		return CNET_EMODULE;
	}
	if (err == -EEXIST) {
		errorf("%s: a device of that name already exists", what);
		return CNET_EEXIST;
	}
	return nl_strerror_exit(err, what);
}

static int open_or_die(struct nl *nl)
{
	int err = nl_open(nl, NULL);

	if (err)
		return nl_strerror_exit(err, "netlink socket");
	return 0;
}

/* A device that must exist: 0, or the exit code after the message. */
int need_link(struct nl *nl, const char *name, struct link *l)
{
	int err = link_get(nl, name, l);

	if (err == -ENODEV) {
		errorf("%s: no such device", name);
		return CNET_ENODEV;
	}
	if (err)
		return nl_strerror_exit(err, name);
	return 0;
}

static bool is_bridge(const struct link *l)
{
	return !strcmp(l->kind, "cbr") || !strcmp(l->kind, "bridge");
}

/* A bridge (cbr or the kernel's) that must exist: 0, or the exit code
 * after the message.
 */
int need_bridge(struct nl *nl, const char *name, struct link *l)
{
	int rc = need_link(nl, name, l);

	if (rc)
		return rc;
	if (!is_bridge(l)) {
		errorf("%s is not a bridge (kind '%s')", name,
		       l->kind[0] ? l->kind : "none");
		return CNET_EUSAGE;
	}
	return 0;
}

static void check_ifname(const char *what, const char *name)
{
	if (!name[0] || strlen(name) >= IFNAMSIZ || strchr(name, '/') ||
	    strchr(name, ' '))
		die_usage("%s: invalid interface name '%s' (1 to %d characters)",
			  what, name, IFNAMSIZ - 1);
}

int cmd_pair(int argc, char **argv)
{
	const char *a, *b = NULL, *ns = NULL, *kind = "cveth";
	struct nl nl;
	struct link l;
	int rc, err;

	if (want_help(argc, argv)) {
		fputs(pair_help, stdout);
		return 0;
	}
	if (argc < 1)
		die_usage("pair: add or del?");
	if (!strcmp(argv[0], "add")) {
		if (argc < 2)
			die_usage("pair add: missing name A");
		a = argv[1];
		for (int i = 2; i < argc; i += 2) {
			if (i + 1 >= argc)
				die_usage("pair add: '%s' needs a value", argv[i]);
			if (!strcmp(argv[i], "peer"))
				b = argv[i + 1];
			else if (!strcmp(argv[i], "netns"))
				ns = argv[i + 1];
			else if (!strcmp(argv[i], "type"))
				kind = argv[i + 1];
			else
				die_usage("pair add: unknown argument '%s'", argv[i]);
		}
		if (!b)
			die_usage("pair add: missing 'peer B'");
		check_ifname("pair add", a);
		check_ifname("pair add", b);
		if (ns && !netns_exists(ns)) {
			errorf("pair add: netns %s: no such network namespace", ns);
			return CNET_ENODEV;
		}
		rc = open_or_die(&nl);
		if (rc)
			return rc;
		err = link_add_pair(&nl, kind, a, b, ns);
		if (err)
			return parse_kind_err("pair add", err, kind);
		if (verbose)
			printf("%s <-> %s (%s)%s%s\n", a, b, kind,
			       ns ? ", peer in netns " : "", ns ? ns : "");
		return 0;
	}
	if (!strcmp(argv[0], "del")) {
		if (argc != 2)
			die_usage("pair del: needs exactly one name");
		rc = open_or_die(&nl);
		if (rc)
			return rc;
		rc = need_link(&nl, argv[1], &l);
		if (rc)
			return rc;
		err = link_del(&nl, l.ifindex);
		return err ? nl_strerror_exit(err, "pair del") : 0;
	}
	die_usage("pair: unknown subcommand '%s'", argv[0]);
}

static long parse_ageing(const char *s)
{
	char *end;
	double v = strtod(s, &end);

	if (*end || end == s || v < 0 || v > 4e7)
		die_usage("ageing: '%s' is not a number of seconds", s);
	return (long)(v * 100 + 0.5);
}

static long parse_count(const char *what, const char *s)
{
	char *end;
	long v = strtol(s, &end, 10);

	if (*end || end == s || v < 0 || v > 0xffffffffL)
		die_usage("%s: '%s' is not a non-negative integer", what, s);
	return v;
}

static int parse_on_off(const char *what, const char *s)
{
	if (!strcmp(s, "on"))
		return 1;
	if (!strcmp(s, "off"))
		return 0;
	die_usage("%s: '%s' is not on or off", what, s);
}

/* A kernel bridge has none of cbr's own attributes: WHAT names the first
 * one given, with WHY (which kind).
 */
static void check_cbr_only(const char *what, const struct bridge_opts *o,
			   const char *why)
{
	const char *attr = o->max_learned >= 0 ? "max-learned" :
			   o->fastpath >= 0 ? "fastpath" :
			   o->loop_guard >= 0 ? "loop-guard" : NULL;

	if (attr)
		die_usage("%s: %s is a cbr attribute (%s)", what, attr, why);
}

/* IFLA_LINKINFO { KIND, DATA { ageing, max-learned, fastpath,
 * loop-guard } } for a bridge; a negative value is left out.
 */
static void put_bridge_info(struct nlmsghdr *nlh, const char *kind,
			    const struct bridge_opts *o)
{
	struct nlattr *li = mnl_attr_nest_start(nlh, IFLA_LINKINFO), *data;
	bool cbr = !strcmp(kind, "cbr");

	mnl_attr_put_strz(nlh, IFLA_INFO_KIND, kind);
	if (o->ageing_cs >= 0 || o->max_learned >= 0 || o->fastpath >= 0 ||
	    o->loop_guard >= 0) {
		data = mnl_attr_nest_start(nlh, IFLA_INFO_DATA);
		if (o->ageing_cs >= 0)
			mnl_attr_put_u32(nlh, cbr ? IFLA_CBR_AGEING_TIME :
					 IFLA_BR_AGEING_TIME, o->ageing_cs);
		if (o->max_learned >= 0)
			mnl_attr_put_u32(nlh, IFLA_CBR_MAX_LEARNED,
					 o->max_learned);
		if (o->fastpath >= 0)
			mnl_attr_put_u8(nlh, IFLA_CBR_FASTPATH, o->fastpath);
		if (o->loop_guard >= 0)
			mnl_attr_put_u8(nlh, IFLA_CBR_LOOP_GUARD,
					o->loop_guard);
		mnl_attr_nest_end(nlh, data);
	}
	mnl_attr_nest_end(nlh, li);
}

/* Create bridge NAME of KIND and bring it up; -errno on failure. */
int bridge_create(struct nl *nl, const char *name, const char *kind,
		  const struct bridge_opts *o)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlmsghdr *nlh = nl_msg(nl, buf, RTM_NEWLINK,
				      NLM_F_CREATE | NLM_F_EXCL);
	struct ifinfomsg *ifi = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifi));

	ifi->ifi_change = IFF_UP;
	ifi->ifi_flags = IFF_UP;
	mnl_attr_put_strz(nlh, IFLA_IFNAME, name);
	put_bridge_info(nlh, kind, o);
	return nl_talk(nl, nlh, NULL, NULL);
}

static int bridge_show(struct nl *nl, const char *name)
{
	struct links ls;
	struct link l;
	int rc, err, nports = 0;

	rc = need_bridge(nl, name, &l);
	if (rc)
		return rc;
	printf("%s: kind %s, %s", l.name, l.kind, l.flags & IFF_UP ? "up" : "down");
	if (l.has_ageing)
		printf(", ageing %.2f s", l.ageing / 100.0);
	if (l.has_max)
		printf(", max-learned %u", l.max_learned);
	if (l.has_learned)
		printf(", learned %u", l.learned);
	if (l.has_fastpath)
		printf(", fastpath %s", l.fastpath ? "on" : "off");
	if (l.has_loop_guard)
		printf(", loop-guard %s", l.loop_guard ? "on" : "off");
	printf("\n  ports:");
	err = link_dump(nl, &ls);
	if (err)
		return nl_strerror_exit(err, "link dump");
	for (int i = 0; i < ls.n; i++)
		if (ls.v[i].master == l.ifindex) {
			printf(" %s", ls.v[i].name);
			nports++;
		}
	printf("%s\n", nports ? "" : " (none)");
	if (nports) {
		struct port_dump pd;

		err = port_dump(nl, &pd);
		if (err) {
			links_free(&ls);
			return nl_strerror_exit(err, "port dump");
		}
		for (int i = 0; i < ls.n; i++)
			if (ls.v[i].master == l.ifindex)
				port_print(ls.v[i].name,
					   port_find(&pd, ls.v[i].ifindex));
		free(pd.v);
	}
	links_free(&ls);
	return 0;
}

int cmd_bridge(int argc, char **argv)
{
	struct bridge_opts o = BRIDGE_OPTS_NONE;
	const char *kind = "cbr";
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlmsghdr *nlh;
	struct ifinfomsg *ifi;
	struct link l;
	struct nl nl;
	bool add, set;
	int rc, err;

	if (want_help(argc, argv)) {
		fputs(bridge_help, stdout);
		return 0;
	}
	if (argc < 2)
		die_usage("bridge: needs a subcommand (add, set, show, del) and a name");
	add = !strcmp(argv[0], "add");
	set = !strcmp(argv[0], "set");
	if (!add && !set && strcmp(argv[0], "del") && strcmp(argv[0], "show"))
		die_usage("bridge: unknown subcommand '%s'", argv[0]);
	check_ifname("bridge", argv[1]);
	for (int i = 2; i < argc; i += 2) {
		if (!add && !set)
			die_usage("bridge %s: unexpected argument '%s'", argv[0], argv[i]);
		if (i + 1 >= argc)
			die_usage("bridge %s: '%s' needs a value", argv[0], argv[i]);
		if (!strcmp(argv[i], "ageing") || !strcmp(argv[i], "ageing_time"))
			o.ageing_cs = parse_ageing(argv[i + 1]);
		else if (!strcmp(argv[i], "max-learned"))
			o.max_learned = parse_count("max-learned", argv[i + 1]);
		else if (!strcmp(argv[i], "fastpath"))
			o.fastpath = parse_on_off("fastpath", argv[i + 1]);
		else if (!strcmp(argv[i], "loop-guard"))
			o.loop_guard = parse_on_off("loop-guard", argv[i + 1]);
		else if (add && !strcmp(argv[i], "type"))
			kind = argv[i + 1];
		else
			die_usage("bridge %s: unknown argument '%s'", argv[0], argv[i]);
	}
	if (set && o.ageing_cs < 0 && o.max_learned < 0 && o.fastpath < 0 &&
	    o.loop_guard < 0)
		die_usage("bridge set: nothing to set (ageing, max-learned, fastpath, loop-guard)");
	if (add && strcmp(kind, "cbr")) {
		char why[64];

		snprintf(why, sizeof(why), "type %s", kind);
		check_cbr_only("bridge add", &o, why);
	}

	rc = open_or_die(&nl);
	if (rc)
		return rc;
	if (add) {
		err = bridge_create(&nl, argv[1], kind, &o);
		return err ? parse_kind_err("bridge add", err, kind) : 0;
	}
	if (!strcmp(argv[0], "show"))
		return bridge_show(&nl, argv[1]);
	rc = need_bridge(&nl, argv[1], &l);
	if (rc)
		return rc;
	if (!set) {
		err = link_del(&nl, l.ifindex);
		return err ? nl_strerror_exit(err, "bridge del") : 0;
	}
	if (strcmp(l.kind, "cbr")) {
		char why[64];

		snprintf(why, sizeof(why), "%s is %s", argv[1], l.kind);
		check_cbr_only("bridge set", &o, why);
	}
	nlh = nl_msg(&nl, buf, RTM_NEWLINK, 0);
	ifi = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifi));
	ifi->ifi_index = l.ifindex;
	put_bridge_info(nlh, l.kind, &o);
	err = nl_talk(&nl, nlh, NULL, NULL);
	return err ? nl_strerror_exit(err, "bridge set") : 0;
}

/* RTM_SETLINK, AF_BRIDGE, for port IFINDEX: each setting whose VAL (in
 * port_settings' order) is not -1, in IFLA_PROTINFO, as `bridge link set`
 * sends them. The kernel applies all or none.
 */
static int port_setlink(struct nl *nl, int ifindex, const int *val)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct ifinfomsg *ifi;
	struct nlmsghdr *nlh;
	struct nlattr *nest;

	nlh = nl_msg(nl, buf, RTM_SETLINK, 0);
	ifi = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifi));
	ifi->ifi_family = AF_BRIDGE;
	ifi->ifi_index = ifindex;
	nest = mnl_attr_nest_start(nlh, IFLA_PROTINFO);
	for (int i = 0; i < N_PORT_SETTINGS; i++)
		if (val[i] >= 0)
			mnl_attr_put_u8(nlh, port_settings[i].attr, val[i]);
	mnl_attr_nest_end(nlh, nest);
	return nl_talk(nl, nlh, NULL, NULL);
}

/* port set BR DEV SETTING on|off... */
static int port_set(int argc, char **argv)
{
	int val[N_PORT_SETTINGS];
	struct link br, dev;
	struct nl nl;
	int rc, err;

	if (argc < 4 || argc % 2)
		die_usage("port set: needs BR, DEV and SETTING on|off pairs");
	for (int i = 0; i < N_PORT_SETTINGS; i++)
		val[i] = -1;
	for (int a = 2; a < argc; a += 2) {
		int i;

		for (i = 0; i < N_PORT_SETTINGS; i++)
			if (!strcmp(argv[a], port_settings[i].name))
				break;
		if (i == N_PORT_SETTINGS)
			die_usage("port set: unknown setting '%s'", argv[a]);
		if (val[i] >= 0)
			die_usage("port set: '%s' given twice", argv[a]);
		if (!strcmp(argv[a + 1], "on"))
			val[i] = 1;
		else if (!strcmp(argv[a + 1], "off"))
			val[i] = 0;
		else
			die_usage("port set: %s: '%s' is not on or off",
				  argv[a], argv[a + 1]);
	}
	rc = open_or_die(&nl);
	if (rc)
		return rc;
	rc = need_bridge(&nl, argv[0], &br);
	if (rc)
		return rc;
	rc = need_link(&nl, argv[1], &dev);
	if (rc)
		return rc;
	if (dev.master != br.ifindex) {
		errorf("port set: %s is not a port of %s", argv[1], argv[0]);
		return CNET_ENODEV;
	}
	err = port_setlink(&nl, dev.ifindex, val);
	return err ? nl_strerror_exit(err, "port set") : 0;
}

int port_set_setting(struct nl *nl, int ifindex, const char *name, bool on)
{
	int val[N_PORT_SETTINGS];

	for (int i = 0; i < N_PORT_SETTINGS; i++)
		val[i] = strcmp(name, port_settings[i].name) ? -1 : on;
	return port_setlink(nl, ifindex, val);
}

int cmd_port(int argc, char **argv)
{
	struct link br, dev;
	struct nl nl;
	int rc, err;

	if (want_help(argc, argv)) {
		fputs(port_help, stdout);
		return 0;
	}
	if (argc < 1)
		die_usage("port: add, set or del?");
	if (!strcmp(argv[0], "set"))
		return port_set(argc - 1, argv + 1);
	if (!strcmp(argv[0], "add")) {
		if (argc != 3)
			die_usage("port add: needs BR and DEV");
	} else if (!strcmp(argv[0], "del")) {
		if (argc != 2)
			die_usage("port del: needs DEV");
	} else {
		die_usage("port: unknown subcommand '%s'", argv[0]);
	}
	rc = open_or_die(&nl);
	if (rc)
		return rc;
	if (argc == 3) {
		rc = need_bridge(&nl, argv[1], &br);
		if (rc)
			return rc;
		rc = need_link(&nl, argv[2], &dev);
		if (rc)
			return rc;
		err = link_set_master(&nl, dev.ifindex, br.ifindex);
		if (!err)
			err = link_set_up(&nl, dev.ifindex, true);
		return err ? nl_strerror_exit(err, "port add") : 0;
	}
	rc = need_link(&nl, argv[1], &dev);
	if (rc)
		return rc;
	if (!dev.master) {
		errorf("port del: %s is not a port of any bridge", argv[1]);
		return CNET_ENODEV;
	}
	err = link_set_master(&nl, dev.ifindex, 0);
	return err ? nl_strerror_exit(err, "port del") : 0;
}
