// SPDX-License-Identifier: GPL-2.0
/*
 * cnet fdb | watch: a bridge's forwarding table through AF_BRIDGE
 * RTM_GETNEIGH / RTM_NEWNEIGH / RTM_DELNEIGH, and its live changes from
 * RTNLGRP_NEIGH.
 *
 * The dump is asked for without a bridge filter (cbr's ports are not
 * IFF_BRIDGE_PORT, so a filtered dump never reaches cbr): cnet keeps the
 * entries whose NDA_MASTER is the bridge. Static entries go in the way the
 * bridge kind wants them: on the port with NTF_MASTER for the kernel
 * bridge, on the bridge itself with NDA_IFINDEX naming the port for cbr.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>
#include <linux/neighbour.h>
#include <linux/rtnetlink.h>

#include "cnet.h"

static const char fdb_help[] =
"usage: cnet fdb show BR [--json]\n"
"       cnet fdb add BR MAC PORT\n"
"       cnet fdb del BR MAC\n"
"\n"
"show: the forwarding table of bridge BR: MAC, port, type (learned, static,\n"
"      or local for the kernel bridge's own addresses) and age in seconds\n"
"      since the entry was last refreshed. --json prints a JSON array of\n"
"      {\"mac\", \"port\", \"type\", \"age\"} objects.\n"
"add:  a static entry: frames to MAC leave through PORT (a port of BR);\n"
"      replaces a learned entry for MAC.\n"
"del:  remove the entry for MAC, learned or static.\n";

static const char watch_help[] =
"usage: cnet watch BR [--count N]\n"
"\n"
"Print one line per change of BR's forwarding table until interrupted\n"
"(or after N events):\n"
"  TIME learn  MAC port P        a new learned address\n"
"  TIME move   MAC port A -> B   a learned address seen on another port\n"
"  TIME age    MAC port P        a learned entry removed (aged out, flushed)\n"
"  TIME static MAC port P        a static entry added or changed\n"
"  TIME del    MAC port P        a static entry removed\n";

const char *fdb_type(const struct fdb_entry *e)
{
	if (e->state & NUD_PERMANENT)
		return "local";
	if (e->state & NUD_NOARP)
		return "static";
	return "learned";
}

static int parse_mac(const char *s, unsigned char mac[6])
{
	unsigned int b[6];
	char c;

	if (sscanf(s, "%2x:%2x:%2x:%2x:%2x:%2x%c", &b[0], &b[1], &b[2],
		   &b[3], &b[4], &b[5], &c) != 6)
		return -1;
	for (int i = 0; i < 6; i++)
		mac[i] = b[i];
	return 0;
}

static void fmt_mac(char *buf, const unsigned char *m)
{
	sprintf(buf, "%02x:%02x:%02x:%02x:%02x:%02x",
		m[0], m[1], m[2], m[3], m[4], m[5]);
}

static int neigh_attr_cb(const struct nlattr *a, void *data)
{
	const struct nlattr **tb = data;

	if (mnl_attr_get_type(a) <= NDA_MAX)
		tb[mnl_attr_get_type(a)] = a;
	return MNL_CB_OK;
}

/* An AF_BRIDGE neighbour message -> entry; false if it is not one. */
static bool fdb_parse(const struct nlmsghdr *nlh, struct fdb_entry *e)
{
	const struct ndmsg *ndm = mnl_nlmsg_get_payload(nlh);
	const struct nlattr *tb[NDA_MAX + 1] = {};

	if (ndm->ndm_family != AF_BRIDGE)
		return false;
	mnl_attr_parse(nlh, sizeof(*ndm), neigh_attr_cb, tb);
	if (!tb[NDA_LLADDR] || mnl_attr_get_payload_len(tb[NDA_LLADDR]) != 6)
		return false;
	memset(e, 0, sizeof(*e));
	memcpy(e->mac, mnl_attr_get_payload(tb[NDA_LLADDR]), 6);
	e->port = ndm->ndm_ifindex;
	e->state = ndm->ndm_state;
	e->flags = ndm->ndm_flags;
	if (tb[NDA_MASTER] && mnl_attr_get_payload_len(tb[NDA_MASTER]) == 4)
		e->master = mnl_attr_get_u32(tb[NDA_MASTER]);
	if (tb[NDA_VLAN] && mnl_attr_get_payload_len(tb[NDA_VLAN]) == 2)
		e->vlan = mnl_attr_get_u16(tb[NDA_VLAN]);
	if (tb[NDA_CACHEINFO] &&
	    mnl_attr_get_payload_len(tb[NDA_CACHEINFO]) >= sizeof(struct nda_cacheinfo))
		e->updated = ((const struct nda_cacheinfo *)
			      mnl_attr_get_payload(tb[NDA_CACHEINFO]))->ndm_updated;
	return true;
}

struct fdb_dump_ctx {
	int br;
	struct fdb_entry *v;
	int n;
};

static int fdb_dump_cb(const struct nlmsghdr *nlh, void *data)
{
	struct fdb_dump_ctx *c = data;
	struct fdb_entry e, *v;

	if (nlh->nlmsg_type != RTM_NEWNEIGH || !fdb_parse(nlh, &e) ||
	    e.master != c->br || (e.flags & NTF_SELF))
		return MNL_CB_OK;
	v = realloc(c->v, (c->n + 1) * sizeof(*v));
	if (!v)
		return MNL_CB_ERROR;
	c->v = v;
	c->v[c->n++] = e;
	return MNL_CB_OK;
}

static int mac_cmp(const void *a, const void *b)
{
	const struct fdb_entry *x = a, *y = b;
	int d = memcmp(x->mac, y->mac, 6);

	return d ? d : x->vlan - y->vlan;
}

/* The entries of bridge BR (ifindex), sorted by MAC. */
int fdb_dump(struct nl *nl, int br, struct fdb_entry **out, int *n)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlmsghdr *nlh = nl_msg(nl, buf, RTM_GETNEIGH, NLM_F_DUMP);
	struct ndmsg *ndm = mnl_nlmsg_put_extra_header(nlh, sizeof(*ndm));
	struct fdb_dump_ctx c = { br, NULL, 0 };
	int err;

	ndm->ndm_family = AF_BRIDGE;
	err = nl_talk(nl, nlh, fdb_dump_cb, &c);
	if (err) {
		free(c.v);
		return err;
	}
	qsort(c.v, c.n, sizeof(*c.v), mac_cmp);
	*out = c.v;
	*n = c.n;
	return 0;
}

/* Print BR's table (a table, or JSON); INDENT prefixes table lines. */
int fdb_print(struct nl *nl, const char *brname, bool json, const char *indent)
{
	struct fdb_entry *v = NULL;
	struct links ls;
	struct link br, *p;
	char mac[18];
	int n, rc, err;

	rc = need_bridge(nl, brname, &br);
	if (rc)
		return rc;
	err = link_dump(nl, &ls);
	if (!err)
		err = fdb_dump(nl, br.ifindex, &v, &n);
	if (err)
		return nl_strerror_exit(err, "fdb dump");
	if (json)
		printf("[");
	else
		printf("%s%-17s  %-15s  %-7s  %8s\n", indent, "MAC", "PORT", "TYPE", "AGE(s)");
	for (int i = 0; i < n; i++) {
		p = links_by_index(&ls, v[i].port);
		fmt_mac(mac, v[i].mac);
		if (json)
			printf("%s\n  {\"mac\": \"%s\", \"port\": \"%s\", \"ifindex\": %d, "
			       "\"type\": \"%s\", \"age\": %.2f%s%.0d}", i ? "," : "",
			       mac, p ? p->name : "?", v[i].port, fdb_type(&v[i]),
			       v[i].updated / 100.0, v[i].vlan ? ", \"vlan\": " : "",
			       v[i].vlan);
		else
			printf("%s%-17s  %-15s  %-7s  %8.2f%s%.0d\n", indent, mac,
			       p ? p->name : "?", fdb_type(&v[i]),
			       v[i].updated / 100.0, v[i].vlan ? "  vlan " : "",
			       v[i].vlan);
	}
	if (json)
		printf("%s]\n", n ? "\n" : "");
	free(v);
	links_free(&ls);
	return 0;
}

static int fdb_modify(struct nl *nl, bool add, const char *brname,
		      const char *macs, const char *portname)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct fdb_entry *v = NULL;
	struct link br, port;
	struct nlmsghdr *nlh;
	struct ndmsg *ndm;
	unsigned char mac[6];
	bool cbr;
	int rc, err, n;

	if (parse_mac(macs, mac))
		die_usage("fdb: '%s' is not a MAC address (aa:bb:cc:dd:ee:ff)", macs);
	rc = need_bridge(nl, brname, &br);
	if (rc)
		return rc;
	cbr = !strcmp(br.kind, "cbr");
	memset(&port, 0, sizeof(port));
	if (add) {
		err = link_get(nl, portname, &port);
		if (err == -ENODEV) {
			errorf("fdb add: %s: no such device", portname);
			return CNET_ENODEV;
		}
		if (err)
			return nl_strerror_exit(err, portname);
		if (port.master != br.ifindex) {
			errorf("fdb add: %s is not a port of %s", portname, brname);
			return CNET_ENODEV;
		}
	} else {
		/* The kernel bridge deletes through the port: find it. */
		err = fdb_dump(nl, br.ifindex, &v, &n);
		if (err)
			return nl_strerror_exit(err, "fdb dump");
		for (int i = 0; i < n; i++)
			if (!memcmp(v[i].mac, mac, 6))
				port.ifindex = v[i].port;
		free(v);
		if (!port.ifindex) {
			errorf("fdb del: %s has no entry for %s", brname, macs);
			return CNET_ENODEV;
		}
	}

	nlh = nl_msg(nl, buf, add ? RTM_NEWNEIGH : RTM_DELNEIGH,
		     add ? NLM_F_CREATE | NLM_F_REPLACE : 0);
	ndm = mnl_nlmsg_put_extra_header(nlh, sizeof(*ndm));
	ndm->ndm_family = AF_BRIDGE;
	ndm->ndm_state = NUD_NOARP;
	if (cbr) {
		ndm->ndm_ifindex = br.ifindex;
		ndm->ndm_flags = NTF_SELF;
		mnl_attr_put_u32(nlh, NDA_IFINDEX, port.ifindex);
	} else {
		ndm->ndm_ifindex = port.ifindex;
		ndm->ndm_flags = NTF_MASTER;
	}
	mnl_attr_put(nlh, NDA_LLADDR, 6, mac);
	err = nl_talk(nl, nlh, NULL, NULL);
	if (err)
		return nl_strerror_exit(err, add ? "fdb add" : "fdb del");
	return 0;
}

int cmd_fdb(int argc, char **argv)
{
	bool json = false;
	struct nl nl;
	int err;

	if (want_help(argc, argv)) {
		fputs(fdb_help, stdout);
		return 0;
	}
	if (argc < 1)
		die_usage("fdb: show, add or del?");
	if (!strcmp(argv[0], "show")) {
		if (argc == 3 && !strcmp(argv[2], "--json"))
			json = true;
		else if (argc == 3 && !strcmp(argv[1], "--json"))
			json = true, argv[1] = argv[2];
		else if (argc != 2)
			die_usage("fdb show: needs BR [--json]");
	} else if (!strcmp(argv[0], "add")) {
		if (argc != 4)
			die_usage("fdb add: needs BR MAC PORT");
	} else if (!strcmp(argv[0], "del")) {
		if (argc != 3)
			die_usage("fdb del: needs BR MAC");
	} else {
		die_usage("fdb: unknown subcommand '%s'", argv[0]);
	}
	err = nl_open(&nl, NULL);
	if (err)
		return nl_strerror_exit(err, "netlink socket");
	if (!strcmp(argv[0], "show"))
		return fdb_print(&nl, argv[1], json, "");
	return fdb_modify(&nl, !strcmp(argv[0], "add"), argv[1], argv[2],
			  argc == 4 ? argv[3] : NULL);
}

/* ---- watch ---- */

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	stop = 1;
}

struct watch_ctx {
	int br;
	struct fdb_entry *v;	/* what we know: mac -> port, type */
	int n;
	struct links ls;
	struct nl *nl;
	long events, count;
};

static const char *port_name(struct watch_ctx *w, int ifindex)
{
	struct link *l = links_by_index(&w->ls, ifindex);

	if (!l) {	/* a port that came after we started: refresh */
		links_free(&w->ls);
		link_dump(w->nl, &w->ls);
		l = links_by_index(&w->ls, ifindex);
	}
	return l ? l->name : "?";
}

static struct fdb_entry *known(struct watch_ctx *w, const struct fdb_entry *e)
{
	for (int i = 0; i < w->n; i++)
		if (!memcmp(w->v[i].mac, e->mac, 6) && w->v[i].vlan == e->vlan)
			return &w->v[i];
	return NULL;
}

static void event(struct watch_ctx *w, const char *what, const char *mac,
		  const char *fmt_port, int vlan)
{
	struct timeval tv;
	struct tm tm;

	gettimeofday(&tv, NULL);
	localtime_r(&tv.tv_sec, &tm);
	printf("%02d:%02d:%02d.%03ld %-6s %s port %s%s%.0d\n", tm.tm_hour,
	       tm.tm_min, tm.tm_sec, (long)tv.tv_usec / 1000, what, mac,
	       fmt_port, vlan ? " vlan " : "", vlan);
	w->events++;
}

static int watch_cb(const struct nlmsghdr *nlh, void *data)
{
	struct watch_ctx *w = data;
	struct fdb_entry e, *k, *v;
	char mac[18], ports[2 * IFNAMSIZ + 8];

	if ((nlh->nlmsg_type != RTM_NEWNEIGH && nlh->nlmsg_type != RTM_DELNEIGH) ||
	    !fdb_parse(nlh, &e) || e.master != w->br || (e.flags & NTF_SELF) ||
	    (e.state & NUD_PERMANENT))
		return MNL_CB_OK;
	fmt_mac(mac, e.mac);
	k = known(w, &e);
	if (nlh->nlmsg_type == RTM_DELNEIGH) {
		event(w, e.state & NUD_NOARP ? "del" : "age", mac,
		      port_name(w, e.port), e.vlan);
		if (k)
			*k = w->v[--w->n];
	} else if (!k) {
		event(w, e.state & NUD_NOARP ? "static" : "learn", mac,
		      port_name(w, e.port), e.vlan);
		v = realloc(w->v, (w->n + 1) * sizeof(*v));
		if (v) {
			w->v = v;
			w->v[w->n++] = e;
		}
	} else if (k->port != e.port) {
		snprintf(ports, sizeof(ports), "%s -> %s", port_name(w, k->port),
			 port_name(w, e.port));
		event(w, e.state & NUD_NOARP ? "static" : "move", mac, ports, e.vlan);
		*k = e;
	} else if ((k->state ^ e.state) & NUD_NOARP) {
		event(w, e.state & NUD_NOARP ? "static" : "learn", mac,
		      port_name(w, e.port), e.vlan);
		*k = e;
	}
	if (w->count && w->events >= w->count)
		stop = 1;
	return MNL_CB_OK;
}

int cmd_watch(int argc, char **argv)
{
	struct sigaction sa = { .sa_handler = on_signal };
	static char buf[1 << 16];
	struct watch_ctx w = { 0 };
	struct nl nl, mon;
	struct link br;
	int rc, err, len, grp = RTNLGRP_NEIGH;

	if (want_help(argc, argv)) {
		fputs(watch_help, stdout);
		return 0;
	}
	if (argc == 3 && !strcmp(argv[1], "--count"))
		w.count = atol(argv[2]);
	else if (argc != 1)
		die_usage("watch: needs BR [--count N]");
	if (argc == 3 && w.count <= 0)
		die_usage("watch: --count needs a positive number");
	err = nl_open(&nl, NULL);
	if (!err)
		err = nl_open(&mon, NULL);
	if (err)
		return nl_strerror_exit(err, "netlink socket");
	rc = need_bridge(&nl, argv[0], &br);
	if (rc)
		return rc;
	/* Subscribe first, then read the table: no event falls between. */
	if (mnl_socket_setsockopt(mon.sk, NETLINK_ADD_MEMBERSHIP, &grp, sizeof(grp)))
		return nl_strerror_exit(-errno, "subscribe to RTNLGRP_NEIGH");
	w.br = br.ifindex;
	w.nl = &nl;
	err = fdb_dump(&nl, br.ifindex, &w.v, &w.n);
	if (!err)
		err = link_dump(&nl, &w.ls);
	if (err)
		return nl_strerror_exit(err, "fdb dump");

	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	printf("watching %s (%s): %d entries; ^C to stop\n", br.name, br.kind, w.n);
	while (!stop) {
		len = mnl_socket_recvfrom(mon.sk, buf, sizeof(buf));
		if (len < 0) {
			if (errno == EINTR)
				continue;
			if (errno == ENOBUFS) {
				errorf("watch: events were lost (ENOBUFS)");
				continue;
			}
			return nl_strerror_exit(-errno, "watch");
		}
		mnl_cb_run(buf, len, 0, 0, watch_cb, &w);
	}
	free(w.v);
	links_free(&w.ls);
	return 0;
}
