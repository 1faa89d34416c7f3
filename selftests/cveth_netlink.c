// SPDX-License-Identifier: GPL-2.0
/*
 * cveth_netlink: cveth pairs made over raw rtnetlink (libmnl), every
 * attribute read back and every user error checked: errno, the extack
 * message, and that nothing was created.
 *
 * Each test runs in a process of its own, in a fresh network namespace
 * ("main"); a few make a second one ("other") and keep it by an fd.
 */

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <net/if.h>
#include <net/if_arp.h>
#include <sys/socket.h>
#include <linux/if_link.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <libmnl/libmnl.h>
#include <linux/cveth.h>

#include <kselftest_harness.h>
#include "nl.h"
#include "fixture.h"

#define KIND "cveth"
#define NLBUF_SIZE	16384

#ifndef IFF_LOWER_UP
#define IFF_LOWER_UP	0x10000
#endif

/* What RTM_GETLINK says about one device. */
struct link {
	int ifindex;
	int iflink;
	int flags;
	int mtu;
	int txqlen;
	unsigned char addr[6];
	char kind[16];
	int netnsid;		/* IFLA_LINK_NETNSID, -1 when absent */
	int peer_ifindex;	/* from CVETH_INFO_PEER, 0 when absent */
	char peer_name[IFNAMSIZ];
};

/* A request under construction. */
struct req {
	char buf[NLBUF_SIZE];
	struct nlmsghdr *nlh;
	struct ifinfomsg *ifm;
	struct nlattr *linkinfo, *data, *peer;
	struct ifinfomsg *peer_ifm;
};

/* Open a socket in the namespace behind @nsfd, then come back. */
static int nl_open_in(struct nl *nl, int nsfd)
{
	int self = open("/proc/self/ns/net", O_RDONLY);
	int err;

	if (self < 0 || setns(nsfd, CLONE_NEWNET))
		return -1;
	err = nl_open(nl);
	if (setns(self, CLONE_NEWNET))
		err = -1;
	close(self);
	return err;
}

/* A new namespace, returned as an fd; the caller stays where it was. */
static int netns_new(void)
{
	int self = open("/proc/self/ns/net", O_RDONLY);
	int fd = -1;

	if (self < 0)
		return -1;
	if (unshare(CLONE_NEWNET) == 0)
		fd = open("/proc/self/ns/net", O_RDONLY);
	if (setns(self, CLONE_NEWNET)) {
		close(fd);
		fd = -1;
	}
	close(self);
	return fd;
}

static void req_init(struct req *r, int type, int flags)
{
	memset(r, 0, sizeof(*r));
	r->nlh = mnl_nlmsg_put_header(r->buf);
	r->nlh->nlmsg_type = type;
	r->nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK | flags;
	r->ifm = mnl_nlmsg_put_extra_header(r->nlh, sizeof(*r->ifm));
	r->ifm->ifi_family = AF_UNSPEC;
}

/* RTM_NEWLINK for a cveth named @name (NULL: let the kernel name it). */
static void req_newlink(struct req *r, const char *name)
{
	req_init(r, RTM_NEWLINK, NLM_F_CREATE | NLM_F_EXCL);
	if (name)
		mnl_attr_put_strz(r->nlh, IFLA_IFNAME, name);
}

static void req_kind(struct req *r)
{
	r->linkinfo = mnl_attr_nest_start(r->nlh, IFLA_LINKINFO);
	mnl_attr_put_strz(r->nlh, IFLA_INFO_KIND, KIND);
	r->data = mnl_attr_nest_start(r->nlh, IFLA_INFO_DATA);
}

/* Open CVETH_INFO_PEER: its ifinfomsg, then (optionally) its name. */
static void req_peer(struct req *r, const char *name)
{
	r->peer = mnl_attr_nest_start(r->nlh, CVETH_INFO_PEER);
	r->peer_ifm = mnl_nlmsg_put_extra_header(r->nlh, sizeof(*r->peer_ifm));
	r->peer_ifm->ifi_family = AF_UNSPEC;
	if (name)
		mnl_attr_put_strz(r->nlh, IFLA_IFNAME, name);
}

static void req_end(struct req *r)
{
	if (r->peer)
		mnl_attr_nest_end(r->nlh, r->peer);
	if (r->data)
		mnl_attr_nest_end(r->nlh, r->data);
	if (r->linkinfo)
		mnl_attr_nest_end(r->nlh, r->linkinfo);
	r->peer = NULL;
	r->data = NULL;
	r->linkinfo = NULL;
}

static void parse_peer(const struct nlattr *nest, struct link *l)
{
	const struct ifinfomsg *ifm = mnl_attr_get_payload(nest);
	const struct nlattr *a;
	const char *p = mnl_attr_get_payload(nest);
	int rem;

	if (mnl_attr_get_payload_len(nest) < sizeof(*ifm))
		return;
	l->peer_ifindex = ifm->ifi_index;
	rem = mnl_attr_get_payload_len(nest) - NLMSG_ALIGN(sizeof(*ifm));
	for (a = (const void *)(p + NLMSG_ALIGN(sizeof(*ifm)));
	     mnl_attr_ok(a, rem); a = mnl_attr_next(a)) {
		rem -= MNL_ALIGN(a->nla_len);
		if (mnl_attr_get_type(a) == IFLA_IFNAME)
			snprintf(l->peer_name, sizeof(l->peer_name), "%s",
				 mnl_attr_get_str(a));
	}
}

static int linkinfo_cb(const struct nlattr *a, void *arg)
{
	struct link *l = arg;
	const struct nlattr *d;

	switch (mnl_attr_get_type(a)) {
	case IFLA_INFO_KIND:
		snprintf(l->kind, sizeof(l->kind), "%s", mnl_attr_get_str(a));
		break;
	case IFLA_INFO_DATA:
		mnl_attr_for_each_nested(d, a)
			if (mnl_attr_get_type(d) == CVETH_INFO_PEER)
				parse_peer(d, l);
		break;
	}
	return MNL_CB_OK;
}

static int link_attr_cb(const struct nlattr *a, void *arg)
{
	struct link *l = arg;

	switch (mnl_attr_get_type(a)) {
	case IFLA_LINK:
		l->iflink = mnl_attr_get_u32(a);
		break;
	case IFLA_MTU:
		l->mtu = mnl_attr_get_u32(a);
		break;
	case IFLA_TXQLEN:
		l->txqlen = mnl_attr_get_u32(a);
		break;
	case IFLA_ADDRESS:
		if (mnl_attr_get_payload_len(a) == 6)
			memcpy(l->addr, mnl_attr_get_payload(a), 6);
		break;
	case IFLA_LINK_NETNSID:
		l->netnsid = mnl_attr_get_u32(a);
		break;
	case IFLA_LINKINFO:
		mnl_attr_parse_nested(a, linkinfo_cb, l);
		break;
	}
	return MNL_CB_OK;
}

static int link_cb(const struct nlmsghdr *nlh, void *arg)
{
	const struct ifinfomsg *ifm = mnl_nlmsg_get_payload(nlh);
	struct link *l = arg;

	memset(l, 0, sizeof(*l));
	l->netnsid = -1;
	l->ifindex = ifm->ifi_index;
	l->flags = ifm->ifi_flags;
	return mnl_attr_parse(nlh, sizeof(*ifm), link_attr_cb, l);
}

/* RTM_GETLINK by name: 0 and *l filled, or -errno (-ENODEV: no such link). */
static int link_get(struct nl *nl, const char *name, struct link *l)
{
	char buf[NLBUF_SIZE];
	struct req r;
	int len;

	req_init(&r, RTM_GETLINK, 0);
	r.nlh->nlmsg_flags = NLM_F_REQUEST;
	mnl_attr_put_strz(r.nlh, IFLA_IFNAME, name);
	r.nlh->nlmsg_seq = ++nl->seq;
	if (mnl_socket_sendto(nl->sock, r.nlh, r.nlh->nlmsg_len) < 0)
		return -errno;
	len = mnl_socket_recvfrom(nl->sock, buf, sizeof(buf));
	if (len < 0)
		return -errno;
	if (((struct nlmsghdr *)buf)->nlmsg_type == NLMSG_ERROR) {
		const struct nlmsgerr *e = mnl_nlmsg_get_payload((void *)buf);

		return e->error;
	}
	return mnl_cb_run(buf, len, 0, 0, link_cb, l) < 0 ? -errno : 0;
}

static int count_cb(const struct nlmsghdr *nlh, void *arg)
{
	++*(int *)arg;
	return MNL_CB_OK;
}

/* How many links the namespace of @nl has. */
static int link_count(struct nl *nl)
{
	char buf[NLBUF_SIZE];
	unsigned int seq, portid;
	int n = 0, len, ret;
	struct req r;

	req_init(&r, RTM_GETLINK, NLM_F_DUMP);
	r.nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
	seq = ++nl->seq;
	r.nlh->nlmsg_seq = seq;
	portid = mnl_socket_get_portid(nl->sock);
	if (mnl_socket_sendto(nl->sock, r.nlh, r.nlh->nlmsg_len) < 0)
		return -1;
	do {
		len = mnl_socket_recvfrom(nl->sock, buf, sizeof(buf));
		if (len < 0)
			return -1;
		ret = mnl_cb_run(buf, len, seq, portid, count_cb, &n);
	} while (ret > 0);
	return ret < 0 ? -1 : n;
}

static int link_del(struct nl *nl, const char *name)
{
	struct req r;

	req_init(&r, RTM_DELLINK, 0);
	mnl_attr_put_strz(r.nlh, IFLA_IFNAME, name);
	return nl_talk(nl, r.nlh);
}

/* Create the pair @a / @b with no other option. */
static int pair_add(struct nl *nl, const char *a, const char *b)
{
	struct req r;

	req_newlink(&r, a);
	req_kind(&r);
	req_peer(&r, b);
	req_end(&r);
	return nl_talk(nl, r.nlh);
}

static bool gone_within(struct nl *nl, const char *name, int seconds)
{
	struct timespec t0, t;
	struct link l;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (;;) {
		if (link_get(nl, name, &l) == -ENODEV)
			return true;
		clock_gettime(CLOCK_MONOTONIC, &t);
		if (t.tv_sec - t0.tv_sec >= seconds)
			return false;
		usleep(50 * 1000);
	}
}

FIXTURE(cveth) {
	struct nl nl;
	int links;	/* links in the fresh namespace: lo and the like */
	bool skipped;	/* the setup skipped: so does every test */
};

FIXTURE_SETUP(cveth)
{
	if (geteuid())
		SETUP_SKIP("needs root");
	ASSERT_EQ(0, unshare(CLONE_NEWNET));
	ASSERT_EQ(0, nl_open(&self->nl));
	self->links = link_count(&self->nl);
	ASSERT_LT(0, self->links);

	/* The first request loads the module (MODULE_ALIAS_RTNL_LINK). */
	if (pair_add(&self->nl, "probe0", "probe1") == -EOPNOTSUPP)
		DRIVER_ABSENT("cveth");
	ASSERT_EQ(0, link_del(&self->nl, "probe0"));
	ASSERT_EQ(self->links, link_count(&self->nl));
}

FIXTURE_TEARDOWN(cveth)
{
	if (self->nl.sock)
		mnl_socket_close(self->nl.sock);
}

TEST_F(cveth, pair_points_both_ways)
{
	struct link a, b;

	SKIP_IF_SETUP_SKIPPED();

	ASSERT_EQ(0, pair_add(&self->nl, "a", "b"));
	ASSERT_EQ(0, link_get(&self->nl, "a", &a));
	ASSERT_EQ(0, link_get(&self->nl, "b", &b));
	EXPECT_STREQ(KIND, a.kind);
	EXPECT_STREQ(KIND, b.kind);
	EXPECT_EQ(b.ifindex, a.iflink);
	EXPECT_EQ(a.ifindex, b.iflink);
	EXPECT_EQ(b.ifindex, a.peer_ifindex);
	EXPECT_EQ(a.ifindex, b.peer_ifindex);
	EXPECT_STREQ("b", a.peer_name);
	EXPECT_STREQ("a", b.peer_name);
	EXPECT_EQ(-1, a.netnsid);	/* same namespace: no link-netnsid */
	EXPECT_EQ(1500, a.mtu);
	EXPECT_EQ(0, a.flags & IFF_UP);
	EXPECT_EQ(0, b.flags & IFF_LOWER_UP);
	EXPECT_EQ(0, a.addr[0] & 1);	/* random, unicast */
	EXPECT_EQ(self->links + 2, link_count(&self->nl));
	EXPECT_EQ(-EEXIST, pair_add(&self->nl, "a", "c"));
}

TEST_F(cveth, peer_attributes)
{
	static const unsigned char pa[6] = { 2, 0, 0, 0, 0, 0xb };
	static const unsigned char da[6] = { 2, 0, 0, 0, 0, 0xa };
	struct link a, b;
	struct req r;

	SKIP_IF_SETUP_SKIPPED();

	req_newlink(&r, "a");
	r.ifm->ifi_index = 4243;
	mnl_attr_put(r.nlh, IFLA_ADDRESS, 6, da);
	mnl_attr_put_u32(r.nlh, IFLA_MTU, 9000);
	req_kind(&r);
	req_peer(&r, "b");
	r.peer_ifm->ifi_index = 4242;
	r.peer_ifm->ifi_flags = IFF_UP;
	r.peer_ifm->ifi_change = IFF_UP;
	mnl_attr_put(r.nlh, IFLA_ADDRESS, 6, pa);
	mnl_attr_put_u32(r.nlh, IFLA_MTU, 1400);
	mnl_attr_put_u32(r.nlh, IFLA_TXQLEN, 77);
	req_end(&r);
	ASSERT_EQ(0, nl_talk(&self->nl, r.nlh)) TH_LOG("%s", self->nl.extack);

	ASSERT_EQ(0, link_get(&self->nl, "a", &a));
	ASSERT_EQ(0, link_get(&self->nl, "b", &b));
	EXPECT_EQ(4243, a.ifindex);
	EXPECT_EQ(4242, b.ifindex);
	EXPECT_EQ(4242, a.iflink);
	EXPECT_EQ(0, memcmp(a.addr, da, 6));
	EXPECT_EQ(0, memcmp(b.addr, pa, 6));
	EXPECT_EQ(9000, a.mtu);
	EXPECT_EQ(1400, b.mtu);
	EXPECT_EQ(77, b.txqlen);
	EXPECT_EQ(1000, a.txqlen);
	EXPECT_EQ(IFF_UP, b.flags & IFF_UP);	/* the peer's own ifinfomsg */
	EXPECT_EQ(0, a.flags & IFF_UP);
	EXPECT_EQ(0, b.flags & IFF_LOWER_UP);	/* a is down: no carrier */
}

TEST_F(cveth, default_names)
{
	struct link a, p;
	struct req r;

	SKIP_IF_SETUP_SKIPPED();

	/* No peer nest: the peer is named as veth names it, "<kind>%d". */
	req_newlink(&r, "a");
	req_kind(&r);
	req_end(&r);
	ASSERT_EQ(0, nl_talk(&self->nl, r.nlh)) TH_LOG("%s", self->nl.extack);
	ASSERT_EQ(0, link_get(&self->nl, "a", &a));
	ASSERT_EQ(0, link_get(&self->nl, KIND "0", &p));
	EXPECT_EQ(p.ifindex, a.iflink);
	EXPECT_EQ(a.ifindex, p.iflink);

	/* No name at all: both ends get the pattern. */
	req_newlink(&r, NULL);
	req_kind(&r);
	req_end(&r);
	ASSERT_EQ(0, nl_talk(&self->nl, r.nlh)) TH_LOG("%s", self->nl.extack);
	EXPECT_EQ(0, link_get(&self->nl, KIND "1", &p));
	EXPECT_EQ(0, link_get(&self->nl, KIND "2", &p));
	EXPECT_EQ(self->links + 4, link_count(&self->nl));
}

TEST_F(cveth, peer_in_other_namespace)
{
	struct link a, b;
	struct nl other;
	struct req r;
	int nsfd;

	SKIP_IF_SETUP_SKIPPED();

	nsfd = netns_new();
	ASSERT_LE(0, nsfd);
	ASSERT_EQ(0, nl_open_in(&other, nsfd));

	req_newlink(&r, "a");
	req_kind(&r);
	req_peer(&r, "b");
	mnl_attr_put_u32(r.nlh, IFLA_NET_NS_FD, nsfd);
	req_end(&r);
	ASSERT_EQ(0, nl_talk(&self->nl, r.nlh)) TH_LOG("%s", self->nl.extack);

	ASSERT_EQ(0, link_get(&self->nl, "a", &a));
	EXPECT_EQ(-ENODEV, link_get(&self->nl, "b", &b));
	ASSERT_EQ(0, link_get(&other, "b", &b));
	EXPECT_EQ(b.ifindex, a.iflink);
	EXPECT_EQ(a.ifindex, b.iflink);
	EXPECT_LE(0, a.netnsid);	/* link-netnsid: the peer is elsewhere */
	EXPECT_LE(0, b.netnsid);
	EXPECT_EQ(b.ifindex, a.peer_ifindex);
	EXPECT_STREQ("", a.peer_name);	/* names do not cross namespaces */

	/* The same name on both ends is fine in different namespaces. */
	req_newlink(&r, "x");
	req_kind(&r);
	req_peer(&r, "x");
	mnl_attr_put_u32(r.nlh, IFLA_NET_NS_FD, nsfd);
	req_end(&r);
	EXPECT_EQ(0, nl_talk(&self->nl, r.nlh)) TH_LOG("%s", self->nl.extack);
	EXPECT_EQ(0, link_get(&other, "x", &b));

	/* Destroying the peer's namespace deletes both ends. */
	mnl_socket_close(other.sock);
	close(nsfd);
	EXPECT_TRUE(gone_within(&self->nl, "a", 20));
	EXPECT_TRUE(gone_within(&self->nl, "x", 20));
	EXPECT_EQ(self->links, link_count(&self->nl));
}

TEST_F(cveth, delete_either_end)
{
	struct link l;

	SKIP_IF_SETUP_SKIPPED();

	ASSERT_EQ(0, pair_add(&self->nl, "a", "b"));
	ASSERT_EQ(0, link_del(&self->nl, "b"));
	EXPECT_EQ(-ENODEV, link_get(&self->nl, "a", &l));
	EXPECT_EQ(-ENODEV, link_get(&self->nl, "b", &l));

	ASSERT_EQ(0, pair_add(&self->nl, "a", "b"));
	ASSERT_EQ(0, link_del(&self->nl, "a"));
	EXPECT_EQ(-ENODEV, link_get(&self->nl, "b", &l));
	EXPECT_EQ(self->links, link_count(&self->nl));
}

TEST_F(cveth, mtu_range)
{
	struct req r;
	struct link l;
	int mtu;

	SKIP_IF_SETUP_SKIPPED();

	ASSERT_EQ(0, pair_add(&self->nl, "a", "b"));
	for (mtu = 67; mtu <= 65536; mtu = mtu == 69 ? 65534 : mtu + 1) {
		req_init(&r, RTM_NEWLINK, 0);
		mnl_attr_put_strz(r.nlh, IFLA_IFNAME, "a");
		mnl_attr_put_u32(r.nlh, IFLA_MTU, mtu);
		if (mtu < 68 || mtu > 65535) {
			EXPECT_EQ(-EINVAL, nl_talk(&self->nl, r.nlh));
		} else {
			EXPECT_EQ(0, nl_talk(&self->nl, r.nlh));
			ASSERT_EQ(0, link_get(&self->nl, "a", &l));
			EXPECT_EQ(mtu, l.mtu);
		}
	}
}

/*
 * The bad requests: each must fail with @err, say @msg (when not NULL) in
 * its extack, and leave the namespace as it was.
 */
enum bad {
	BAD_SAME_NAME, BAD_PEER_EXISTS, BAD_NETNS_PID, BAD_NETNS_FD,
	BAD_PEER_MTU_LOW, BAD_PEER_MTU_HIGH, BAD_MTU_LOW, BAD_PEER_ADDR_LEN,
	BAD_PEER_ADDR_MCAST, BAD_ADDR_ZERO, BAD_PEER_NAME_LONG, BAD_NAME_LONG,
	BAD_UNKNOWN_DATA, BAD_UNKNOWN_PEER_ATTR, BAD_PEER_SHORT, BAD_MAX
};

static const struct {
	const char *what;
	int err;
	const char *msg;
} bad_cases[BAD_MAX] = {
	[BAD_SAME_NAME]		= { "same name", -EEXIST, "must differ" },
	[BAD_PEER_EXISTS]	= { "peer name exists", -EEXIST, "already in use" },
	[BAD_NETNS_PID]		= { "netns pid", -ESRCH, "namespace not found" },
	[BAD_NETNS_FD]		= { "netns fd", -EBADF, "namespace not found" },
	[BAD_PEER_MTU_LOW]	= { "peer mtu 67", -EINVAL, "MTU" },
	[BAD_PEER_MTU_HIGH]	= { "peer mtu 65536", -EINVAL, "MTU" },
	[BAD_MTU_LOW]		= { "mtu 67", -EINVAL, "MTU" },
	[BAD_PEER_ADDR_LEN]	= { "peer address 5 bytes", -EINVAL, "6 bytes" },
	[BAD_PEER_ADDR_MCAST]	= { "peer multicast", -EADDRNOTAVAIL, "unicast" },
	[BAD_ADDR_ZERO]		= { "zero address", -EADDRNOTAVAIL, "unicast" },
	[BAD_PEER_NAME_LONG]	= { "peer name > IFNAMSIZ", -ERANGE, NULL },
	[BAD_NAME_LONG]		= { "name > IFNAMSIZ", -ERANGE, NULL },
	[BAD_UNKNOWN_DATA]	= { "unknown cveth attribute", -EINVAL, "unknown attribute" },
	[BAD_UNKNOWN_PEER_ATTR]	= { "unknown peer attribute", -EINVAL, "unknown attribute" },
	[BAD_PEER_SHORT]	= { "peer nest too short", -ERANGE, NULL },
};

static void build_bad(struct req *r, enum bad which)
{
	static const unsigned char mcast[6] = { 1, 0, 0x5e, 0, 0, 1 };
	static const unsigned char zero[6];
	const char *name = which == BAD_NAME_LONG ? "abcdefghijklmnopq" : "a";

	req_newlink(r, name);
	if (which == BAD_MTU_LOW)
		mnl_attr_put_u32(r->nlh, IFLA_MTU, 67);
	if (which == BAD_ADDR_ZERO)
		mnl_attr_put(r->nlh, IFLA_ADDRESS, 6, zero);
	req_kind(r);
	if (which == BAD_UNKNOWN_DATA)
		mnl_attr_put_u32(r->nlh, CVETH_INFO_MAX + 1, 0);
	if (which == BAD_PEER_SHORT) {
		mnl_attr_put_u16(r->nlh, CVETH_INFO_PEER, 0);
		req_end(r);
		return;
	}
	switch (which) {
	case BAD_SAME_NAME:
		req_peer(r, "a");
		break;
	case BAD_PEER_EXISTS:
		req_peer(r, "lo");
		break;
	case BAD_PEER_NAME_LONG:
		req_peer(r, "abcdefghijklmnopq");
		break;
	default:
		req_peer(r, "b");
		break;
	}
	switch (which) {
	case BAD_NETNS_PID:
		mnl_attr_put_u32(r->nlh, IFLA_NET_NS_PID, 0x3ffffff0);
		break;
	case BAD_NETNS_FD:
		mnl_attr_put_u32(r->nlh, IFLA_NET_NS_FD, 1000);
		break;
	case BAD_PEER_MTU_LOW:
		mnl_attr_put_u32(r->nlh, IFLA_MTU, 67);
		break;
	case BAD_PEER_MTU_HIGH:
		mnl_attr_put_u32(r->nlh, IFLA_MTU, 65536);
		break;
	case BAD_PEER_ADDR_LEN:
		mnl_attr_put(r->nlh, IFLA_ADDRESS, 5, mcast);
		break;
	case BAD_PEER_ADDR_MCAST:
		mnl_attr_put(r->nlh, IFLA_ADDRESS, 6, mcast);
		break;
	case BAD_UNKNOWN_PEER_ATTR:
		/* Far above any kernel's IFLA_MAX, not just these headers'. */
		mnl_attr_put_u32(r->nlh, 1000, 0);
		break;
	default:
		break;
	}
	req_end(r);
}

TEST_F(cveth, bad_requests)
{
	struct link l;
	struct req r;
	int i, err;

	SKIP_IF_SETUP_SKIPPED();

	for (i = 0; i < BAD_MAX; i++) {
		build_bad(&r, i);
		err = nl_talk(&self->nl, r.nlh);
		EXPECT_EQ(bad_cases[i].err, err)
			TH_LOG("%s: errno %d, extack '%s'", bad_cases[i].what,
			       -err, self->nl.extack);
		if (bad_cases[i].msg)
			EXPECT_NE(NULL, strstr(self->nl.extack, bad_cases[i].msg))
				TH_LOG("%s: extack '%s' lacks '%s'",
				       bad_cases[i].what, self->nl.extack,
				       bad_cases[i].msg);
		EXPECT_EQ(self->links, link_count(&self->nl))
			TH_LOG("%s left a device behind", bad_cases[i].what);
		EXPECT_EQ(-ENODEV, link_get(&self->nl, "a", &l));
		EXPECT_EQ(-ENODEV, link_get(&self->nl, "b", &l));
	}
}

TEST_F(cveth, many_cycles)
{
	struct link l;
	int i;

	SKIP_IF_SETUP_SKIPPED();

	for (i = 0; i < 200; i++) {
		ASSERT_EQ(0, pair_add(&self->nl, "a", "b"))
			TH_LOG("cycle %d: %s", i, self->nl.extack);
		ASSERT_EQ(0, link_del(&self->nl, i % 2 ? "a" : "b"));
	}
	EXPECT_EQ(-ENODEV, link_get(&self->nl, "a", &l));
	EXPECT_EQ(self->links, link_count(&self->nl));
}

TEST_HARNESS_MAIN
