/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The rtnetlink plumbing the C selftests share: a libmnl socket with
 * extended acks, and one request/ack exchange that keeps the extack
 * message for the test to check.
 */
#ifndef SELFTESTS_NL_H
#define SELFTESTS_NL_H

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <libmnl/libmnl.h>
#include <linux/netlink.h>

#define NL_RECV_SIZE	16384

struct nl {
	struct mnl_socket *sock;
	unsigned int seq;
	char extack[256];	/* the last error's extack message */
};

static inline int nl_open(struct nl *nl)
{
	int one = 1;

	memset(nl, 0, sizeof(*nl));
	nl->sock = mnl_socket_open(NETLINK_ROUTE);
	if (!nl->sock)
		return -1;
	mnl_socket_setsockopt(nl->sock, NETLINK_EXT_ACK, &one, sizeof(one));
	return mnl_socket_bind(nl->sock, 0, MNL_SOCKET_AUTOPID);
}

static inline int nl_extack_cb(const struct nlattr *attr, void *arg)
{
	struct nl *nl = arg;

	if (mnl_attr_get_type(attr) == NLMSGERR_ATTR_MSG &&
	    mnl_attr_validate(attr, MNL_TYPE_NUL_STRING) == 0)
		snprintf(nl->extack, sizeof(nl->extack), "%s",
			 mnl_attr_get_str(attr));
	return MNL_CB_OK;
}

/* Send @nlh as a request, wait for its ack: 0 or -errno; the extack
 * message lands in nl->extack.
 */
static inline int nl_talk(struct nl *nl, struct nlmsghdr *nlh)
{
	char buf[NL_RECV_SIZE];
	struct nlmsghdr *rsp;
	struct nlmsgerr *err;
	unsigned int off;
	int len;

	nl->extack[0] = '\0';
	nlh->nlmsg_flags |= NLM_F_REQUEST | NLM_F_ACK;
	nlh->nlmsg_seq = ++nl->seq;
	if (mnl_socket_sendto(nl->sock, nlh, nlh->nlmsg_len) < 0)
		return -errno;
	len = mnl_socket_recvfrom(nl->sock, buf, sizeof(buf));
	if (len < 0)
		return -errno;
	rsp = (struct nlmsghdr *)buf;
	if (!mnl_nlmsg_ok(rsp, len) || rsp->nlmsg_type != NLMSG_ERROR)
		return -EPROTO;
	err = mnl_nlmsg_get_payload(rsp);
	if (rsp->nlmsg_flags & NLM_F_ACK_TLVS) {
		off = sizeof(*err);
		if (!(rsp->nlmsg_flags & NLM_F_CAPPED))
			off += mnl_nlmsg_get_payload_len(&err->msg);
		mnl_attr_parse(rsp, off, nl_extack_cb, nl);
	}
	return err->error;
}

#endif /* SELFTESTS_NL_H */
