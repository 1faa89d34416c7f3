/* SPDX-License-Identifier: GPL-2.0 */
/*
 * cnet: build, show and check a container network on cveth and cbr (or on
 * the kernel's veth and bridge). Shared declarations of the tool's files:
 *
 *   cnet.c    main, the command table, usage and exit codes
 *   nl.c      netlink sockets (per network namespace), links, addresses,
 *             routes, named network namespaces
 *   link.c    `cnet pair`, `cnet bridge`, `cnet port`
 *   fdb.c     `cnet fdb`, `cnet watch`
 *   lab.c     `cnet lab up|status|check|down`
 *   probe.c   what `lab check` sends: ICMP echo, TCP request/response,
 *             and the small responder it talks to
 */
#ifndef CNET_H
#define CNET_H

#include <stdbool.h>
#include <stdint.h>
#include <net/if.h>
#include <netinet/in.h>
#include <libmnl/libmnl.h>

/* Exit codes, documented in Documentation/cnet.rst. */
enum {
	CNET_OK		= 0,
	CNET_EFAIL	= 1,	/* the operation failed, or a lab check failed */
	CNET_EUSAGE	= 2,	/* bad arguments */
	CNET_EPERM	= 3,	/* missing privilege (not root / no CAP_NET_ADMIN) */
	CNET_EMODULE	= 4,	/* link kind not supported: module missing */
	CNET_ENODEV	= 5,	/* no such device, port, netns or entry */
	CNET_EEXIST	= 6,	/* device or netns already exists */
};

/* A netlink route socket opened inside one network namespace. */
struct nl {
	struct mnl_socket *sk;
	unsigned int seq;
	unsigned int portid;
	char ns[64];		/* "" = the namespace cnet runs in */
};

/* What RTM_GETLINK tells about one device. */
struct link {
	int ifindex;
	char name[IFNAMSIZ];
	char kind[32];
	int master;		/* IFLA_MASTER, 0 if none */
	int iflink;		/* IFLA_LINK: the peer's ifindex for a pair */
	unsigned int flags;	/* IFF_* */
	unsigned char mac[6];
	bool has_ageing, has_max, has_learned, has_fastpath, has_loop_guard;
	bool fastpath;				/* cbr's fast path is on */
	bool loop_guard;			/* cbr's loop guard is on */
	uint32_t ageing, max_learned, learned;	/* bridge attributes */
};

struct links {
	struct link *v;
	int n;
};

/* An FDB entry of a bridge, as its RTM_NEWNEIGH dump shows it. */
struct fdb_entry {
	unsigned char mac[6];
	int port;		/* ifindex */
	int master;
	uint16_t state;		/* NUD_* */
	uint8_t flags;		/* NTF_* */
	uint16_t vlan;		/* NDA_VLAN, 0 if none (the kernel bridge's
				 * static entries also get one per port VLAN) */
	uint32_t updated;	/* 1/100 s since last seen */
};

extern const char *prog;
extern bool verbose;
extern char nl_errmsg[256];	/* the kernel's extack message, if any */

/* cnet.c */
int err_exit(int err);
void die_usage(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));
void errorf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
bool want_help(int argc, char **argv);

/* nl.c */
int nl_open(struct nl *nl, const char *ns);
void nl_close(struct nl *nl);
struct nlmsghdr *nl_msg(struct nl *nl, char *buf, int type, int flags);
int nl_talk(struct nl *nl, struct nlmsghdr *nlh, mnl_cb_t cb, void *data);
int link_dump(struct nl *nl, struct links *ls);
void links_free(struct links *ls);
struct link *links_by_name(struct links *ls, const char *name);
struct link *links_by_index(struct links *ls, int ifindex);
int link_get(struct nl *nl, const char *name, struct link *l);
int need_link(struct nl *nl, const char *name, struct link *l);
int need_bridge(struct nl *nl, const char *name, struct link *l);
int link_set_up(struct nl *nl, int ifindex, bool up);
int link_set_master(struct nl *nl, int ifindex, int master);
int link_del(struct nl *nl, int ifindex);
int link_add_pair(struct nl *nl, const char *kind, const char *a,
		  const char *b, const char *peer_ns);
int addr_add(struct nl *nl, int ifindex, const char *cidr);
int route_add_default(struct nl *nl, const char *gw);
int addr_dump4(struct nl *nl, int ifindex, char out[][24], int max);
int netns_add(const char *name);
int netns_del(const char *name);
bool netns_exists(const char *name);
int netns_kill_pids(const char *name);
int netns_enter(const char *name);
int nl_strerror_exit(int err, const char *what);

/* link.c */
int cmd_pair(int argc, char **argv);
int cmd_bridge(int argc, char **argv);
int cmd_port(int argc, char **argv);
/* A bridge's settings; -1: not given. */
struct bridge_opts {
	long ageing_cs, max_learned;
	int fastpath, loop_guard;
};
#define BRIDGE_OPTS_NONE ((struct bridge_opts){ -1, -1, -1, -1 })
int bridge_create(struct nl *nl, const char *name, const char *kind,
		  const struct bridge_opts *o);
int parse_kind_err(const char *what, int err, const char *kind);
/* Set one port setting (learning, flood, hairpin, ...: cnet port set). */
int port_set_setting(struct nl *nl, int ifindex, const char *name, bool on);

/* fdb.c */
int cmd_fdb(int argc, char **argv);
int cmd_watch(int argc, char **argv);
int fdb_dump(struct nl *nl, int br, struct fdb_entry **out, int *n);
const char *fdb_type(const struct fdb_entry *e);
int fdb_print(struct nl *nl, const char *br, bool json, const char *indent);

/* lab.c */
int cmd_lab(int argc, char **argv);

/* probe.c */
int probe_ping(const char *ns, const char *dst, int timeout_ms);
int probe_tcp(const char *ns, const char *dst, int port, int timeout_ms,
	      char *reply, size_t len);
int responder_start(const char *ns, int port);
void responder_stop(int pid);

#endif /* CNET_H */
