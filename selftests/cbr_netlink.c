// SPDX-License-Identifier: GPL-2.0
/*
 * cbr_netlink: the cbr netlink ABI over raw rtnetlink (libmnl) -- what the
 * iproute2 plugin cannot send: the read-only IFLA_CBR_LEARNED, values at and
 * past the edges of the ranges, FDB requests with VLANs or without a port.
 * Every error is checked for its errno, its extack message, and that
 * nothing changed.
 *
 * Each test runs in a process of its own, in a fresh network namespace.
 */

#include <errno.h>
#include <sched.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <net/if.h>
#include <sys/socket.h>
#include <linux/if_link.h>
#include <linux/if_bridge.h>
#include <linux/neighbour.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <libmnl/libmnl.h>
#include <linux/cbr.h>

#include <kselftest_harness.h>
#include "nl.h"
#include "fixture.h"

#define NLBUF_SIZE	8192

/* IFLA_CBR_* of one device, -1 when absent. */
struct cbr_info {
	long long ageing, max_learned, learned;
};

/* RTM_NEWLINK/SETLINK of a cbr; @attrs pairs (type, value), type 0 ends. */
static int cbr_link(struct nl *nl, int msg, unsigned int flags,
		    const char *name, const unsigned int *attrs)
{
	char buf[NLBUF_SIZE];
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct nlattr *linkinfo, *data;
	struct ifinfomsg *ifm;

	nlh->nlmsg_type = msg;
	nlh->nlmsg_flags = flags;
	ifm = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifm));
	ifm->ifi_family = AF_UNSPEC;
	mnl_attr_put_strz(nlh, IFLA_IFNAME, name);
	linkinfo = mnl_attr_nest_start(nlh, IFLA_LINKINFO);
	mnl_attr_put_strz(nlh, IFLA_INFO_KIND, "cbr");
	data = mnl_attr_nest_start(nlh, IFLA_INFO_DATA);
	for (; attrs && attrs[0]; attrs += 2)
		mnl_attr_put_u32(nlh, attrs[0], attrs[1]);
	mnl_attr_nest_end(nlh, data);
	mnl_attr_nest_end(nlh, linkinfo);
	return nl_talk(nl, nlh);
}

static int cbr_add(struct nl *nl, const char *name, const unsigned int *attrs)
{
	return cbr_link(nl, RTM_NEWLINK, NLM_F_CREATE | NLM_F_EXCL, name,
			attrs);
}

static int cbr_set(struct nl *nl, const char *name, const unsigned int *attrs)
{
	return cbr_link(nl, RTM_NEWLINK, 0, name, attrs);
}

static int data_cb(const struct nlattr *attr, void *arg)
{
	struct cbr_info *info = arg;

	switch (mnl_attr_get_type(attr)) {
	case IFLA_CBR_AGEING_TIME:
		info->ageing = mnl_attr_get_u32(attr);
		break;
	case IFLA_CBR_MAX_LEARNED:
		info->max_learned = mnl_attr_get_u32(attr);
		break;
	case IFLA_CBR_LEARNED:
		info->learned = mnl_attr_get_u32(attr);
		break;
	}
	return MNL_CB_OK;
}

static int linkinfo_cb(const struct nlattr *attr, void *arg)
{
	if (mnl_attr_get_type(attr) == IFLA_INFO_DATA)
		mnl_attr_parse_nested(attr, data_cb, arg);
	return MNL_CB_OK;
}

static int link_cb(const struct nlattr *attr, void *arg)
{
	if (mnl_attr_get_type(attr) == IFLA_LINKINFO)
		mnl_attr_parse_nested(attr, linkinfo_cb, arg);
	return MNL_CB_OK;
}

/* Read IFLA_CBR_* of @name: 0, or -errno (-ENODEV: no such device). */
static int cbr_get(struct nl *nl, const char *name, struct cbr_info *info)
{
	char buf[NLBUF_SIZE];
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct ifinfomsg *ifm;
	int len;

	info->ageing = info->max_learned = info->learned = -1;
	nlh->nlmsg_type = RTM_GETLINK;
	nlh->nlmsg_flags = NLM_F_REQUEST;
	nlh->nlmsg_seq = ++nl->seq;
	ifm = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifm));
	ifm->ifi_family = AF_UNSPEC;
	mnl_attr_put_strz(nlh, IFLA_IFNAME, name);
	if (mnl_socket_sendto(nl->sock, nlh, nlh->nlmsg_len) < 0)
		return -errno;
	len = mnl_socket_recvfrom(nl->sock, buf, sizeof(buf));
	if (len < 0)
		return -errno;
	nlh = (struct nlmsghdr *)buf;
	if (nlh->nlmsg_type == NLMSG_ERROR)
		return ((struct nlmsgerr *)mnl_nlmsg_get_payload(nlh))->error;
	mnl_attr_parse(nlh, sizeof(struct ifinfomsg), link_cb, info);
	return 0;
}

/* RTM_NEWNEIGH/DELNEIGH on the bridge: MAC, optional via, optional vlan. */
static int cbr_fdb(struct nl *nl, int msg, const char *br,
		   const unsigned char *mac, int via, int vlan)
{
	char buf[NLBUF_SIZE];
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct ndmsg *ndm;

	nlh->nlmsg_type = msg;
	nlh->nlmsg_flags = msg == RTM_NEWNEIGH ? NLM_F_CREATE | NLM_F_EXCL : 0;
	ndm = mnl_nlmsg_put_extra_header(nlh, sizeof(*ndm));
	ndm->ndm_family = PF_BRIDGE;
	ndm->ndm_ifindex = if_nametoindex(br);
	ndm->ndm_flags = NTF_SELF;
	ndm->ndm_state = NUD_NOARP;
	mnl_attr_put(nlh, NDA_LLADDR, 6, mac);
	if (via)
		mnl_attr_put_u32(nlh, NDA_IFINDEX, via);
	if (vlan >= 0)
		mnl_attr_put_u16(nlh, NDA_VLAN, vlan);
	return nl_talk(nl, nlh);
}

/* RTM_SETLINK, AF_BRIDGE, for port @dev: IFLA_PROTINFO with @attrs, pairs
 * (IFLA_BRPORT_*, u8 value), type 0 ends; what `bridge link set` sends.
 */
static int cbr_port_set(struct nl *nl, const char *dev,
			const unsigned int *attrs)
{
	char buf[NLBUF_SIZE];
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct ifinfomsg *ifm;
	struct nlattr *protinfo;

	nlh->nlmsg_type = RTM_SETLINK;
	ifm = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifm));
	ifm->ifi_family = AF_BRIDGE;
	ifm->ifi_index = if_nametoindex(dev);
	protinfo = mnl_attr_nest_start(nlh, IFLA_PROTINFO);
	for (; attrs && attrs[0]; attrs += 2)
		mnl_attr_put_u8(nlh, attrs[0], attrs[1]);
	mnl_attr_nest_end(nlh, protinfo);
	return nl_talk(nl, nlh);
}

FIXTURE(cbr) {
	struct nl nl;
	bool skipped;	/* the setup skipped: so does every test */
};

FIXTURE_SETUP(cbr)
{
	if (unshare(CLONE_NEWNET))
		SETUP_SKIP("unshare(CLONE_NEWNET): %s", strerror(errno));
	ASSERT_EQ(0, nl_open(&self->nl));
	/* The first request loads the module (MODULE_ALIAS_RTNL_LINK). */
	if (cbr_add(&self->nl, "probe0", NULL) == -EOPNOTSUPP)
		DRIVER_ABSENT("cbr");
	ASSERT_EQ(0, system("ip link del dev probe0"));
}

FIXTURE_TEARDOWN(cbr)
{
	if (self->nl.sock)
		mnl_socket_close(self->nl.sock);
}

TEST_F(cbr, defaults)
{
	struct cbr_info info;

	SKIP_IF_SETUP_SKIPPED();

	ASSERT_EQ(0, cbr_add(&self->nl, "cbr0", NULL));
	ASSERT_EQ(0, cbr_get(&self->nl, "cbr0", &info));
	EXPECT_EQ(CBR_AGEING_TIME_DEFAULT, info.ageing);
	EXPECT_EQ(CBR_MAX_LEARNED_DEFAULT, info.max_learned);
	EXPECT_EQ(0, info.learned);
}

TEST_F(cbr, edges_of_the_ageing_range)
{
	unsigned int lo[] = { IFLA_CBR_AGEING_TIME, CBR_AGEING_TIME_MIN, 0 };
	unsigned int hi[] = { IFLA_CBR_AGEING_TIME, CBR_AGEING_TIME_MAX, 0 };
	unsigned int below[] = { IFLA_CBR_AGEING_TIME, CBR_AGEING_TIME_MIN - 1, 0 };
	unsigned int above[] = { IFLA_CBR_AGEING_TIME, CBR_AGEING_TIME_MAX + 1, 0 };
	struct cbr_info info;

	SKIP_IF_SETUP_SKIPPED();

	ASSERT_EQ(0, cbr_add(&self->nl, "cbr0", lo));
	ASSERT_EQ(0, cbr_get(&self->nl, "cbr0", &info));
	EXPECT_EQ(CBR_AGEING_TIME_MIN, info.ageing);
	ASSERT_EQ(0, cbr_set(&self->nl, "cbr0", hi));
	ASSERT_EQ(0, cbr_get(&self->nl, "cbr0", &info));
	EXPECT_EQ(CBR_AGEING_TIME_MAX, info.ageing);

	EXPECT_EQ(-ERANGE, cbr_set(&self->nl, "cbr0", below));
	EXPECT_NE(NULL, strstr(self->nl.extack, "out of range"));
	EXPECT_EQ(-ERANGE, cbr_set(&self->nl, "cbr0", above));
	ASSERT_EQ(0, cbr_get(&self->nl, "cbr0", &info));
	EXPECT_EQ(CBR_AGEING_TIME_MAX, info.ageing);

	EXPECT_EQ(-ERANGE, cbr_add(&self->nl, "cbr1", below));
	EXPECT_EQ(-ENODEV, cbr_get(&self->nl, "cbr1", &info));
}

TEST_F(cbr, learned_is_read_only)
{
	unsigned int attrs[] = { IFLA_CBR_LEARNED, 5, 0 };
	unsigned int cap[] = { IFLA_CBR_MAX_LEARNED, 7,
			       IFLA_CBR_LEARNED, 5, 0 };
	struct cbr_info info;

	SKIP_IF_SETUP_SKIPPED();

	EXPECT_EQ(-EINVAL, cbr_add(&self->nl, "cbr0", attrs));
	EXPECT_NE(NULL, strstr(self->nl.extack, "read-only"));
	EXPECT_EQ(-ENODEV, cbr_get(&self->nl, "cbr0", &info));

	ASSERT_EQ(0, cbr_add(&self->nl, "cbr0", NULL));
	EXPECT_EQ(-EINVAL, cbr_set(&self->nl, "cbr0", cap));
	ASSERT_EQ(0, cbr_get(&self->nl, "cbr0", &info));
	EXPECT_EQ(CBR_MAX_LEARNED_DEFAULT, info.max_learned);
	EXPECT_EQ(0, info.learned);
}

TEST_F(cbr, max_learned_any_u32)
{
	unsigned int zero[] = { IFLA_CBR_MAX_LEARNED, 0, 0 };
	unsigned int big[] = { IFLA_CBR_MAX_LEARNED, 0xffffffff, 0 };
	struct cbr_info info;

	SKIP_IF_SETUP_SKIPPED();

	ASSERT_EQ(0, cbr_add(&self->nl, "cbr0", zero));
	ASSERT_EQ(0, cbr_get(&self->nl, "cbr0", &info));
	EXPECT_EQ(0, info.max_learned);
	ASSERT_EQ(0, cbr_set(&self->nl, "cbr0", big));
	ASSERT_EQ(0, cbr_get(&self->nl, "cbr0", &info));
	EXPECT_EQ(0xffffffffLL, info.max_learned);
}

TEST_F(cbr, fdb_requests_refused)
{
	static const unsigned char mac[6] = { 0x02, 0, 0, 0, 0, 0x42 };
	static const unsigned char mcast[6] = { 0x01, 0, 0x5e, 0, 0, 1 };
	int lo = if_nametoindex("lo");

	SKIP_IF_SETUP_SKIPPED();

	ASSERT_EQ(0, cbr_add(&self->nl, "cbr0", NULL));

	EXPECT_EQ(-EINVAL, cbr_fdb(&self->nl, RTM_NEWNEIGH, "cbr0", mac, 0, -1));
	EXPECT_NE(NULL, strstr(self->nl.extack, "via"));
	EXPECT_EQ(-EINVAL, cbr_fdb(&self->nl, RTM_NEWNEIGH, "cbr0", mac, lo, -1));
	EXPECT_NE(NULL, strstr(self->nl.extack, "not a port"));
	EXPECT_EQ(-EINVAL, cbr_fdb(&self->nl, RTM_NEWNEIGH, "cbr0", mcast, lo, -1));
	EXPECT_NE(NULL, strstr(self->nl.extack, "unicast"));
	EXPECT_EQ(-EINVAL, cbr_fdb(&self->nl, RTM_NEWNEIGH, "cbr0", mac, lo, 10));
	EXPECT_NE(NULL, strstr(self->nl.extack, "VLAN"));
	EXPECT_EQ(-ENOENT, cbr_fdb(&self->nl, RTM_DELNEIGH, "cbr0", mac, 0, -1));
	EXPECT_NE(NULL, strstr(self->nl.extack, "No such FDB entry"));
}

/* What bridge.ko only reports is refused by name, and the request's
 * other settings are not applied.
 */
TEST_F(cbr, port_read_only_refused)
{
	static const struct {
		unsigned int attr;
		const char *name;
	} ro[] = {
		{ IFLA_BRPORT_NO,		"port_no" },
		{ IFLA_BRPORT_ROOT_ID,		"root_id" },
		{ IFLA_BRPORT_HOLD_TIMER,	"hold_timer" },
		{ IFLA_BRPORT_MCAST_EHT_HOSTS_CNT, "mcast_eht_hosts_cnt" },
	};
	unsigned int on[] = { IFLA_BRPORT_LEARNING, 1, 0 };
	unsigned int i;

	SKIP_IF_SETUP_SKIPPED();

	ASSERT_EQ(0, cbr_add(&self->nl, "cbr0", NULL));
	ASSERT_EQ(0, system("ip link add p1 type veth peer name p1b && "
			    "ip link set dev p1 master cbr0"));
	ASSERT_EQ(0, cbr_port_set(&self->nl, "p1", on));
	for (i = 0; i < sizeof(ro) / sizeof(ro[0]); i++) {
		unsigned int attrs[] = { IFLA_BRPORT_LEARNING, 0,
					 ro[i].attr, 1, 0 };

		EXPECT_EQ(-EINVAL, cbr_port_set(&self->nl, "p1", attrs));
		EXPECT_NE(NULL, strstr(self->nl.extack, ro[i].name));
		EXPECT_NE(NULL, strstr(self->nl.extack, "read-only"));
	}
	EXPECT_EQ(0, system("bridge -d -j link show dev p1 | "
			    "grep -q '\"learning\":true'"));
}

TEST_HARNESS_MAIN
