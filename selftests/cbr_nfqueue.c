// SPDX-License-Identifier: GPL-2.0
/*
 * cbr_nfqueue: frames that a bridge-family `queue` rule parks with a
 * userspace listener hold cbr's continuation functions. This test is that
 * listener (nfnetlink_queue over libmnl): it holds its verdicts while the
 * bridge and then the cbr module go away, and checks that the verdicts
 * are refused cleanly (ENOENT), that the kernel runs no freed code (a
 * splat fails the run) and that no device reference is left behind.
 *
 *   e1 (raw frames A, B, C) == p1 -- br0 (cbr), one network namespace
 *
 *   prerouting: ether type 0x88b5, payload A or C -> queue 7
 *   input:      ether type 0x88b5, payload B      -> queue 7
 *
 * C gets its verdict while the bridge is there: the listener works (what
 * nfnetlink_queue then does with an accepted cbr frame is its business:
 * the kernels we test drop bridge-family frames whose ports are not
 * IFF_BRIDGE_PORT, see Documentation/cbr.rst). A (parked at PRE_ROUTING)
 * and B (at LOCAL_IN, skb->dev the bridge itself) get their verdicts only
 * after `ip link del br0` and after `rmmod cbr`: by then cbr dropped them.
 */

#include <arpa/inet.h>
#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <net/if.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <linux/netfilter.h>
#include <linux/netfilter_bridge.h>
#include <linux/netfilter/nfnetlink.h>
#include <linux/netfilter/nfnetlink_queue.h>
#include <libmnl/libmnl.h>

#include <kselftest_harness.h>
#include "fixture.h"

#define QNUM		7
#define ETH_P_TEST	0x88b5

static const unsigned char src_a[ETH_ALEN] = { 0x02, 0, 0, 0, 0x0a, 0x0a };
static const unsigned char src_b[ETH_ALEN] = { 0x02, 0, 0, 0, 0x0a, 0x0b };
static const unsigned char src_c[ETH_ALEN] = { 0x02, 0, 0, 0, 0x0a, 0x0c };

static int sh(const char *cmd)
{
	int rc = system(cmd);

	return rc == -1 ? -1 : WEXITSTATUS(rc);
}

/* One test frame out of @ifname: broadcast, from @src, payload @tag. */
static int send_frame(const char *ifname, const unsigned char *src, char tag)
{
	unsigned char frame[60] = { 0 };
	struct sockaddr_ll sll = {
		.sll_family = AF_PACKET,
		.sll_ifindex = if_nametoindex(ifname),
		.sll_halen = ETH_ALEN,
	};
	int fd, rc;

	memset(frame, 0xff, ETH_ALEN);
	memcpy(frame + ETH_ALEN, src, ETH_ALEN);
	frame[12] = ETH_P_TEST >> 8;
	frame[13] = ETH_P_TEST & 0xff;
	frame[14] = tag;
	fd = socket(AF_PACKET, SOCK_RAW, 0);
	if (fd < 0)
		return -1;
	rc = sendto(fd, frame, sizeof(frame), 0, (struct sockaddr *)&sll,
		    sizeof(sll));
	close(fd);
	return rc == sizeof(frame) ? 0 : -1;
}

static struct nlmsghdr *nfq_hdr(char *buf, int type)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct nfgenmsg *nfg;

	nlh->nlmsg_type = (NFNL_SUBSYS_QUEUE << 8) | type;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
	nfg = mnl_nlmsg_put_extra_header(nlh, sizeof(*nfg));
	nfg->nfgen_family = AF_UNSPEC;
	nfg->version = NFNETLINK_V0;
	nfg->res_id = htons(QNUM);
	return nlh;
}

/* Send @nlh and read its ack: 0, or the kernel's -errno. Packets that
 * arrive meanwhile are not expected here (the caller drained them).
 */
static int nfq_talk(struct mnl_socket *nl, struct nlmsghdr *nlh)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	unsigned int seq = time(NULL);
	int n;

	nlh->nlmsg_seq = seq;
	if (mnl_socket_sendto(nl, nlh, nlh->nlmsg_len) < 0)
		return -errno;
	for (;;) {
		n = mnl_socket_recvfrom(nl, buf, sizeof(buf));
		if (n < 0)
			return -errno;
		n = mnl_cb_run(buf, n, seq, mnl_socket_get_portid(nl), NULL, NULL);
		if (n <= 0)
			return n < 0 ? -errno : 0;
	}
}

static int nfq_bind(struct mnl_socket *nl)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct nfqnl_msg_config_cmd cmd = { .command = NFQNL_CFG_CMD_BIND };
	struct nfqnl_msg_config_params params = {
		.copy_range = htonl(64),
		.copy_mode = NFQNL_COPY_PACKET,
	};
	struct nlmsghdr *nlh;
	int err;

	nlh = nfq_hdr(buf, NFQNL_MSG_CONFIG);
	mnl_attr_put(nlh, NFQA_CFG_CMD, sizeof(cmd), &cmd);
	err = nfq_talk(nl, nlh);
	if (err)
		return err;
	nlh = nfq_hdr(buf, NFQNL_MSG_CONFIG);
	mnl_attr_put(nlh, NFQA_CFG_PARAMS, sizeof(params), &params);
	return nfq_talk(nl, nlh);
}

static int nfq_verdict(struct mnl_socket *nl, unsigned int id,
		       unsigned int verdict)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct nfqnl_msg_verdict_hdr vh = {
		.verdict = htonl(verdict),
		.id = htonl(id),
	};
	struct nlmsghdr *nlh = nfq_hdr(buf, NFQNL_MSG_VERDICT);

	mnl_attr_put(nlh, NFQA_VERDICT_HDR, sizeof(vh), &vh);
	return nfq_talk(nl, nlh);
}

struct queued {
	unsigned int id;
	int hook;
	char tag;
};

static int nfq_attr_cb(const struct nlattr *attr, void *data)
{
	const struct nlattr **tb = data;
	int type = mnl_attr_get_type(attr);

	if (type <= NFQA_MAX)
		tb[type] = attr;
	return MNL_CB_OK;
}

static int nfq_packet_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *tb[NFQA_MAX + 1] = {};
	const struct nfqnl_msg_packet_hdr *ph;
	struct queued *q = data;

	mnl_attr_parse(nlh, sizeof(struct nfgenmsg), nfq_attr_cb, tb);
	if (!tb[NFQA_PACKET_HDR] || !tb[NFQA_PAYLOAD] ||
	    mnl_attr_get_payload_len(tb[NFQA_PAYLOAD]) < 1)
		return MNL_CB_ERROR;
	ph = mnl_attr_get_payload(tb[NFQA_PACKET_HDR]);
	q->id = ntohl(ph->packet_id);
	q->hook = ph->hook;
	/* Bridge family: the payload starts after the Ethernet header. */
	q->tag = *(const char *)mnl_attr_get_payload(tb[NFQA_PAYLOAD]);
	return MNL_CB_OK;
}

/* The next queued packet (a 20 s receive timeout covers a lost one). */
static int nfq_next(struct mnl_socket *nl, struct queued *q)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	int n;

	n = mnl_socket_recvfrom(nl, buf, sizeof(buf));
	if (n < 0)
		return -errno;
	q->tag = 0;
	if (mnl_cb_run(buf, n, 0, 0, nfq_packet_cb, q) < 0 || !q->tag)
		return -EBADMSG;
	return 0;
}

FIXTURE(nfq) {
	struct mnl_socket *nl;
	bool skipped;	/* the setup skipped: so does every test */
};

/* Loads module @m, or finds it built in (a kernel booted without its
 * /lib/modules has no modules.builtin, and then nothing is found).
 */
#define HAVE_MODULE(m) \
	"{ modprobe -q " m " || [ -d /sys/module/" m " ] || " \
	"grep -qs '/" m "\\.ko' /lib/modules/$(uname -r)/modules.builtin; }"

FIXTURE_SETUP(nfq)
{
	struct timeval tv = { .tv_sec = 20 };
	int rc;

	self->nl = NULL;
	if (unshare(CLONE_NEWNET))
		SETUP_SKIP("unshare(CLONE_NEWNET): %s", strerror(errno));
	/*
	 * The request loads the module (MODULE_ALIAS_RTNL_LINK); ip says
	 * "Unknown device type" when the kernel has no cbr (exit 7 here),
	 * anything else is a failure.
	 */
	rc = sh("out=$(ip link add dev br0 type cbr 2>&1) || "
		"{ echo \"$out\"; echo \"$out\" | grep -q 'Unknown device type' && exit 7; exit 1; }");
	if (rc == 7)
		DRIVER_ABSENT("cbr");
	ASSERT_EQ(0, rc);
	/* Only a loadable module has an initstate. */
	if (sh("[ -e /sys/module/cbr/initstate ]"))
		SETUP_SKIP("cbr is built in: the test unloads it");
	if (sh(HAVE_MODULE("nfnetlink_queue") " && " HAVE_MODULE("nft_queue")))
		SETUP_SKIP("nfnetlink_queue or nft_queue is not available");
	ASSERT_EQ(0, sh("ip link set dev lo up && "
			"ip link add dev p1 type veth peer name e1 && "
			"ip link set dev p1 master br0 && "
			"for d in p1 e1 br0; do ip link set dev $d up; done"));
	ASSERT_EQ(0, sh("nft -f - <<'EOF'\n"
			"table bridge q {\n"
			"	chain pre {\n"
			"		type filter hook prerouting priority 0;\n"
			"		ether type 0x88b5 @nh,0,8 { 0x41, 0x43 } queue num 7\n"
			"	}\n"
			"	chain in {\n"
			"		type filter hook input priority 0;\n"
			"		ether type 0x88b5 @nh,0,8 0x42 queue num 7\n"
			"	}\n"
			"}\n"
			"EOF"));
	self->nl = mnl_socket_open(NETLINK_NETFILTER);
	ASSERT_NE(NULL, self->nl);
	ASSERT_EQ(0, mnl_socket_bind(self->nl, 0, MNL_SOCKET_AUTOPID));
	ASSERT_EQ(0, setsockopt(mnl_socket_get_fd(self->nl), SOL_SOCKET,
				SO_RCVTIMEO, &tv, sizeof(tv)));
	ASSERT_EQ(0, nfq_bind(self->nl));
}

FIXTURE_TEARDOWN(nfq)
{
	if (self->nl)
		mnl_socket_close(self->nl);
	/* Leave the module loaded for the tests after this one. */
	sh("modprobe cbr");
}

TEST_F_TIMEOUT(nfq, verdict_after_bridge_and_module_are_gone, 300)
{
	struct queued a = {}, b = {}, c = {}, q;
	int i;

	SKIP_IF_SETUP_SKIPPED();

	/* C first: the listener works, a verdict in time is taken. */
	ASSERT_EQ(0, send_frame("e1", src_c, 'C'));
	ASSERT_EQ(0, nfq_next(self->nl, &c));
	ASSERT_EQ('C', c.tag);
	EXPECT_EQ(NF_BR_PRE_ROUTING, c.hook);
	ASSERT_EQ(0, nfq_verdict(self->nl, c.id, NF_ACCEPT));

	/* A and B stay parked. */
	ASSERT_EQ(0, send_frame("e1", src_a, 'A'));
	ASSERT_EQ(0, send_frame("e1", src_b, 'B'));
	for (i = 0; i < 2; i++) {
		ASSERT_EQ(0, nfq_next(self->nl, &q));
		if (q.tag == 'A')
			a = q;
		else if (q.tag == 'B')
			b = q;
	}
	ASSERT_EQ('A', a.tag);
	ASSERT_EQ('B', b.tag);
	EXPECT_EQ(NF_BR_PRE_ROUTING, a.hook);
	EXPECT_EQ(NF_BR_LOCAL_IN, b.hook);

	ASSERT_EQ(0, sh("ip link del dev br0"));
	/* The frames went with the bridge: a verdict finds nothing. */
	EXPECT_EQ(-ENOENT, nfq_verdict(self->nl, a.id, NF_ACCEPT));

	ASSERT_EQ(0, sh("rmmod cbr"));
	EXPECT_EQ(-ENOENT, nfq_verdict(self->nl, b.id, NF_ACCEPT));

	/* No reference left on the port: it can go (a leaked one hangs). */
	EXPECT_EQ(0, sh("timeout 60 ip link del dev p1"));
}

TEST_HARNESS_MAIN
