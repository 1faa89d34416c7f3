// SPDX-License-Identifier: GPL-2.0
/*
 * nl_fuzz: a seeded, reproducible rtnetlink fuzzer for cveth and cbr.
 *
 *   nl_fuzz [-s SEED] [-n COUNT] [-t SECONDS] [-v]
 *
 * COUNT requests (default 2000) or SECONDS of them (default 60, or
 * NL_FUZZ_TIME), whichever ends first: under TCG a request that creates or
 * deletes a device takes tens of milliseconds, on a debug kernel several
 * times that, and the suite's time is budgeted. Each request is built from
 * the PRNG's next values:
 * cveth and cbr newlink (create) and changelink messages with well- and
 * ill-formed attributes, enslaving, deleting, and bridge FDB add/del
 * requests; then a quarter of them get bytes of their payload flipped or
 * the payload cut short. Every reply must be an ack (success or an error
 * code) within 10 s. The same SEED gives the same requests: a failing case
 * is replayed with -s SEED -n CASE+1 -v, which prints every request.
 *
 * It works in two namespaces of its own (the peer end may land in the
 * second), which go away with it. Afterwards `ip -d link show` and `bridge
 * fdb show` must list both namespaces without error, and requests must
 * have created devices of both kinds: a run that never reached cveth and
 * cbr tested only rtnetlink's refusals. Without the drivers it skips.
 */
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <net/if.h>
#include <linux/if_link.h>
#include <linux/if_bridge.h>
#include <linux/if_ether.h>
#include <linux/neighbour.h>
#include <linux/rtnetlink.h>
#include <libmnl/libmnl.h>
#include <linux/cveth.h>
#include <linux/cbr.h>

#include "nl.h"

#define NDEV		12	/* names fz0..fz11: the fuzzer's devices */
#define MSG_SIZE	2048

static unsigned long long rng;
static int verbose;
static int peer_ns_fd = -1;
static bool last_cveth;	/* the last link request was for a cveth */

static unsigned long long rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

static unsigned int pick(unsigned int n) { return rnd() % n; }
static bool chance(unsigned int pct) { return pick(100) < pct; }

/* A u32 that is often on an edge: 0, 1, small, ranges' ends, all-ones. */
static unsigned int edgy_u32(void)
{
	static const unsigned int edges[] = {
		0, 1, 9, 10, 11, 67, 68, 1500, 9000, 65535, 65536,
		CBR_AGEING_TIME_MAX, CBR_AGEING_TIME_MAX + 1, 0x7fffffff,
		0x80000000, 0xffffffff,
	};

	return chance(70) ? edges[pick(sizeof(edges) / sizeof(edges[0]))] :
			    (unsigned int)rnd();
}

static void dev_name(char *buf, unsigned int i)
{
	snprintf(buf, IFNAMSIZ, "fz%u", i);
}

/* An attribute of the right type with a payload of a random length. */
static void put_junk(struct nlmsghdr *nlh, unsigned short type)
{
	unsigned char junk[24];
	unsigned int i, len = pick(sizeof(junk) + 1);

	for (i = 0; i < len; i++)
		junk[i] = rnd();
	mnl_attr_put(nlh, type, len, junk);
}

static void put_u32ish(struct nlmsghdr *nlh, unsigned short type)
{
	if (chance(85))
		mnl_attr_put_u32(nlh, type, edgy_u32());
	else
		put_junk(nlh, type);
}

static void put_mac(struct nlmsghdr *nlh, unsigned short type)
{
	unsigned char mac[ETH_ALEN];
	unsigned int i;

	for (i = 0; i < ETH_ALEN; i++)
		mac[i] = rnd();
	if (chance(60))
		mac[0] = (mac[0] & 0xfe) | 0x02;	/* unicast, local */
	if (chance(85))
		mnl_attr_put(nlh, type, ETH_ALEN, mac);
	else
		put_junk(nlh, type);
}

/* The attributes a link request may carry, outside IFLA_LINKINFO. */
static void put_link_attrs(struct nlmsghdr *nlh)
{
	if (chance(25))
		put_u32ish(nlh, IFLA_MTU);
	if (chance(15))
		put_mac(nlh, IFLA_ADDRESS);
	if (chance(10))
		put_u32ish(nlh, IFLA_TXQLEN);
	if (chance(20)) {
		char name[IFNAMSIZ];

		dev_name(name, pick(NDEV));
		mnl_attr_put_u32(nlh, IFLA_MASTER,
				 chance(80) ? if_nametoindex(name) : edgy_u32());
	}
}

static void put_cveth_data(struct nlmsghdr *nlh)
{
	struct nlattr *data, *peer;
	struct ifinfomsg *ifm;
	char name[IFNAMSIZ];

	if (chance(10))
		return;
	data = mnl_attr_nest_start(nlh, IFLA_INFO_DATA);
	if (chance(10))
		put_junk(nlh, pick(4));
	peer = mnl_attr_nest_start(nlh, CVETH_INFO_PEER);
	if (chance(90)) {
		ifm = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifm));
		ifm->ifi_flags = chance(20) ? rnd() : 0;
		if (chance(70)) {
			dev_name(name, pick(NDEV));
			mnl_attr_put_strz(nlh, IFLA_IFNAME, name);
		}
		if (chance(30))
			mnl_attr_put_u32(nlh, IFLA_NET_NS_FD,
					 chance(80) ? (unsigned int)peer_ns_fd : edgy_u32());
		put_link_attrs(nlh);
	}
	mnl_attr_nest_end(nlh, peer);
	mnl_attr_nest_end(nlh, data);
}

static void put_cbr_data(struct nlmsghdr *nlh)
{
	struct nlattr *data;

	if (chance(20))
		return;
	data = mnl_attr_nest_start(nlh, IFLA_INFO_DATA);
	if (chance(50))
		put_u32ish(nlh, IFLA_CBR_AGEING_TIME);
	if (chance(50))
		put_u32ish(nlh, IFLA_CBR_MAX_LEARNED);
	if (chance(10))
		put_u32ish(nlh, IFLA_CBR_LEARNED);
	if (chance(10))
		put_junk(nlh, IFLA_CBR_MAX + 1 + pick(3));
	mnl_attr_nest_end(nlh, data);
}

static void build_link(struct nlmsghdr *nlh, bool create)
{
	const char *kind = chance(50) ? "cveth" : "cbr";

	last_cveth = kind[1] == 'v';
	struct ifinfomsg *ifm;
	struct nlattr *info;
	char name[IFNAMSIZ];

	nlh->nlmsg_type = RTM_NEWLINK;
	nlh->nlmsg_flags = create ? NLM_F_CREATE | NLM_F_EXCL : 0;
	if (create && chance(10))
		nlh->nlmsg_flags = NLM_F_CREATE;
	ifm = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifm));
	ifm->ifi_family = AF_UNSPEC;
	if (chance(10))
		ifm->ifi_flags = ifm->ifi_change = IFF_UP;
	dev_name(name, pick(NDEV));
	if (!create && chance(30))
		ifm->ifi_index = chance(80) ? if_nametoindex(name) : edgy_u32();
	else
		mnl_attr_put_strz(nlh, IFLA_IFNAME, name);
	put_link_attrs(nlh);
	if (!create && chance(40))
		return;
	info = mnl_attr_nest_start(nlh, IFLA_LINKINFO);
	mnl_attr_put_strz(nlh, IFLA_INFO_KIND, kind);
	if (kind[1] == 'v')
		put_cveth_data(nlh);
	else
		put_cbr_data(nlh);
	mnl_attr_nest_end(nlh, info);
}

static void build_del(struct nlmsghdr *nlh)
{
	struct ifinfomsg *ifm;
	char name[IFNAMSIZ];

	nlh->nlmsg_type = RTM_DELLINK;
	ifm = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifm));
	dev_name(name, pick(NDEV));
	mnl_attr_put_strz(nlh, IFLA_IFNAME, name);
}

static void build_fdb(struct nlmsghdr *nlh)
{
	static const unsigned short states[] = {
		NUD_PERMANENT, NUD_NOARP, NUD_REACHABLE, 0, NUD_STALE,
	};
	struct ndmsg *ndm;
	char name[IFNAMSIZ];

	nlh->nlmsg_type = chance(60) ? RTM_NEWNEIGH : RTM_DELNEIGH;
	nlh->nlmsg_flags = nlh->nlmsg_type == RTM_NEWNEIGH ?
			   NLM_F_CREATE | (chance(50) ? NLM_F_EXCL : NLM_F_REPLACE) : 0;
	ndm = mnl_nlmsg_put_extra_header(nlh, sizeof(*ndm));
	ndm->ndm_family = chance(90) ? AF_BRIDGE : pick(50);
	dev_name(name, pick(NDEV));
	ndm->ndm_ifindex = chance(90) ? if_nametoindex(name) : edgy_u32();
	ndm->ndm_state = chance(80) ? states[pick(5)] : rnd();
	ndm->ndm_flags = chance(70) ? (chance(50) ? NTF_MASTER : NTF_SELF) : rnd();
	if (chance(95))
		put_mac(nlh, NDA_LLADDR);
	if (chance(15))
		put_u32ish(nlh, NDA_MASTER);
	if (chance(10))
		put_junk(nlh, NDA_VLAN);
}

/* Flip bytes of the payload, or cut it short; never touch the header. */
static void mutate(struct nlmsghdr *nlh)
{
	unsigned int plen = nlh->nlmsg_len - sizeof(*nlh);
	unsigned char *p = mnl_nlmsg_get_payload(nlh);
	unsigned int i, n;

	if (!plen)
		return;
	if (chance(30)) {
		nlh->nlmsg_len = sizeof(*nlh) + pick(plen);
		return;
	}
	n = 1 + pick(4);
	for (i = 0; i < n; i++)
		p[pick(plen)] ^= 1u << pick(8);
}

static void dump(const struct nlmsghdr *nlh)
{
	const unsigned char *p = (const unsigned char *)nlh;
	unsigned int i;

	for (i = 0; i < nlh->nlmsg_len; i++)
		printf("%s%02x", i % 32 ? " " : "\n#   ", p[i]);
	printf("\n");
}

/* Runs @cmd (a shell command line); its output goes to /dev/null. */
static int run(const char *cmd)
{
	char line[256];

	snprintf(line, sizeof(line), "{ %s; } >/dev/null", cmd);
	return system(line);
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	unsigned long long seed = 1;
	unsigned long count = 2000, i, ok = 0, errs = 0, mutated = 0;
	unsigned long created[2] = { 0 };	/* devices made: cbr, cveth */
	bool listed, reached;
	double limit = 60, start;
	unsigned long by_errno[256] = { 0 };
	struct timeval tv = { .tv_sec = 10 };
	char buf[MSG_SIZE];
	struct nl nl;
	int opt, home_fd, e;

	if (getenv("NL_FUZZ_SEED"))
		seed = strtoull(getenv("NL_FUZZ_SEED"), NULL, 0);
	if (getenv("NL_FUZZ_TIME"))
		limit = strtod(getenv("NL_FUZZ_TIME"), NULL);
	while ((opt = getopt(argc, argv, "s:n:t:v")) != -1) {
		switch (opt) {
		case 's': seed = strtoull(optarg, NULL, 0); break;
		case 'n': count = strtoul(optarg, NULL, 0); break;
		case 't': limit = strtod(optarg, NULL); break;
		case 'v': verbose = 1; break;
		default:
			fprintf(stderr, "usage: nl_fuzz [-s SEED] [-n COUNT] [-t SECONDS] [-v]\n");
			return 2;
		}
	}
	/* Its output is KTAP: the result lines come after the run. */
	printf("KTAP version 1\n");
	if (!seed)
		seed = 1;	/* xorshift's one fixed point */
	rng = seed;

	/* A namespace for the peer ends, then one to work in. */
	if (unshare(CLONE_NEWNET) ||
	    (peer_ns_fd = open("/proc/self/ns/net", O_RDONLY)) < 0 ||
	    unshare(CLONE_NEWNET) ||
	    (home_fd = open("/proc/self/ns/net", O_RDONLY)) < 0) {
		printf("1..0 # SKIP cannot make network namespaces: %s\n", strerror(errno));
		return 4;
	}
	if (run("ip link set dev lo up") || nl_open(&nl) < 0) {
		printf("# cannot set up: %s\n", strerror(errno));
		return 1;
	}
	setsockopt(mnl_socket_get_fd(nl.sock), SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	/*
	 * Both drivers must be there (a request loads the module, or it is
	 * built in), or the requests test only rtnetlink's refusals: a skip,
	 * and a failure under make check, which built them for this kernel.
	 */
	if (run("ip link add fzp0 type cveth && ip link del fzp0 && "
		"ip link add fzp0 type cbr && ip link del fzp0")) {
		if (getenv("CNET_REQUIRE_MODULES") &&
		    !strcmp(getenv("CNET_REQUIRE_MODULES"), "1")) {
			printf("not ok 1 cveth and cbr load # make check built them for this kernel\n1..1\n");
			return 1;
		}
		printf("1..0 # SKIP cveth or cbr is not available (no module, not built in)\n");
		return 4;
	}

	printf("# seed %llu, %lu requests or %.0f s, whichever ends first\n",
	       seed, count, limit);
	start = now();
	for (i = 0; i < count; i++) {
		struct nlmsghdr *nlh;
		unsigned int what;
		int ret;

		if (limit > 0 && now() - start >= limit) {
			printf("# time limit: %lu of %lu requests in %.0f s\n",
			       i, count, limit);
			break;
		}
		what = pick(100);
		memset(buf, 0, sizeof(buf));
		nlh = mnl_nlmsg_put_header(buf);
		if (what < 35)
			build_link(nlh, true);
		else if (what < 60)
			build_link(nlh, false);
		else if (what < 70)
			build_del(nlh);
		else
			build_fdb(nlh);
		if (chance(25)) {
			mutate(nlh);
			mutated++;
		}
		if (verbose) {
			printf("# case %lu: type %u flags %#x len %u", i,
			       nlh->nlmsg_type, nlh->nlmsg_flags, nlh->nlmsg_len);
			dump(nlh);
		}
		ret = nl_talk(&nl, nlh);
		if (ret == -EAGAIN || ret == -EWOULDBLOCK || ret == -EPROTO) {
			printf("not ok 1 every request acked # case %lu: no ack (%s); replay: nl_fuzz -s %llu -n %lu -v\n1..1\n",
			       i, strerror(-ret), seed, i + 1);
			return 1;
		}
		if (ret == 0) {
			ok++;
			/* A device made: the request reached its driver. */
			if (what < 35)
				created[last_cveth]++;
		} else {
			errs++;
			by_errno[-ret < 256 ? -ret : 0]++;
		}
		if (verbose)
			printf("#   -> %d %s%s%s\n", ret, ret ? strerror(-ret) : "ok",
			       nl.extack[0] ? ": " : "", nl.extack);
	}
	printf("# %lu requests (%lu mutated) in %.0f s: %lu succeeded (%lu made a cveth, %lu a cbr), %lu refused\n",
	       i, mutated, now() - start, ok, created[1], created[0], errs);
	for (e = 0; e < 256; e++)
		if (by_errno[e])
			printf("#   %-5lu %s\n", by_errno[e], e ? strerror(e) : "errno > 255");

	printf("ok 1 every request acked\n");
	/* Both namespaces must still list cleanly. */
	listed = !run("ip -d link show && bridge fdb show && ip -s link show") &&
		 !setns(peer_ns_fd, CLONE_NEWNET) &&
		 !run("ip -d link show && bridge fdb show");
	printf("%s 2 both namespaces list\n", listed ? "ok" : "not ok");
	/* One that never reaches a driver, or never fails, tests nothing. */
	reached = created[0] && created[1] && errs;
	printf("%s 3 requests made devices of both drivers and were refused too\n",
	       reached ? "ok" : "not ok");
	printf("1..3\n");
	return listed && reached ? 0 : 1;
}
