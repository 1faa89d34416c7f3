// SPDX-License-Identifier: GPL-2.0
/*
 * cnet: netlink plumbing. A struct nl is a NETLINK_ROUTE socket opened
 * inside one network namespace (the socket stays bound to the namespace
 * it was created in, so cnet setns()es there, opens it and comes back).
 * Named namespaces are made the way iproute2 makes them: a file under
 * /run/netns (a shared mount) with the namespace's nsfs inode bind-mounted
 * onto it by a child that unshare()d its network namespace.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <linux/if_link.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <linux/if_bridge.h>
#include <linux/cbr.h>

#include "cnet.h"

#define NETNS_RUN_DIR "/run/netns"

char nl_errmsg[256];

/* ---- namespaces ---- */

static int ns_path(char *buf, size_t len, const char *name)
{
	if (!name[0] || strchr(name, '/') || !strcmp(name, ".") ||
	    !strcmp(name, "..") || strlen(name) > 60)
		return -EINVAL;
	snprintf(buf, len, "%s/%s", NETNS_RUN_DIR, name);
	return 0;
}

bool netns_exists(const char *name)
{
	char path[128];

	return !ns_path(path, sizeof(path), name) && access(path, F_OK) == 0;
}

/* Move this whole process into the named namespace (cnet -n NS). */
int netns_enter(const char *name)
{
	char path[128];
	int fd, err = 0;

	if (ns_path(path, sizeof(path), name))
		return -EINVAL;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return errno == ENOENT ? -ENODEV : -errno;
	if (setns(fd, CLONE_NEWNET))
		err = -errno;
	close(fd);
	return err;
}

/* /run/netns must be a shared mount so the bind mounts propagate into
 * mount namespaces created later (iproute2 does the same).
 */
static int netns_run_dir(void)
{
	if (mkdir(NETNS_RUN_DIR, 0755) && errno != EEXIST)
		return -errno;
	if (!mount("", NETNS_RUN_DIR, "none", MS_SHARED | MS_REC, NULL))
		return 0;
	if (errno != EINVAL)
		return -errno;
	/* Not a mount point yet: make it one, then shared. */
	if (mount(NETNS_RUN_DIR, NETNS_RUN_DIR, "none", MS_BIND | MS_REC, NULL))
		return -errno;
	if (mount("", NETNS_RUN_DIR, "none", MS_SHARED | MS_REC, NULL))
		return -errno;
	return 0;
}

int netns_add(const char *name)
{
	char path[128];
	int fd, status, err;
	pid_t pid;

	if (ns_path(path, sizeof(path), name))
		return -EINVAL;
	err = netns_run_dir();
	if (err)
		return err;
	fd = open(path, O_RDONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	close(fd);

	pid = fork();
	if (pid < 0) {
		err = -errno;
		unlink(path);
		return err;
	}
	if (pid == 0) {
		if (unshare(CLONE_NEWNET))
			_exit(errno);
		if (mount("/proc/self/ns/net", path, "none", MS_BIND, NULL))
			_exit(errno);
		_exit(0);
	}
	if (waitpid(pid, &status, 0) < 0 || !WIFEXITED(status) ||
	    WEXITSTATUS(status)) {
		err = WIFEXITED(status) && WEXITSTATUS(status) ?
			-WEXITSTATUS(status) : -ECHILD;
		unlink(path);
		return err;
	}
	return 0;
}

/* Kill every process whose network namespace is NAME (ip netns pids). */
int netns_kill_pids(const char *name)
{
	char path[128], p[300];
	struct stat ns, st;
	struct dirent *de;
	int killed = 0;
	DIR *d;

	if (ns_path(path, sizeof(path), name) || stat(path, &ns))
		return 0;
	d = opendir("/proc");
	if (!d)
		return 0;
	while ((de = readdir(d))) {
		pid_t pid = atoi(de->d_name);

		if (pid <= 0 || pid == getpid())
			continue;
		snprintf(p, sizeof(p), "/proc/%d/ns/net", pid);
		if (stat(p, &st) || st.st_ino != ns.st_ino || st.st_dev != ns.st_dev)
			continue;
		if (!kill(pid, SIGKILL))
			killed++;
	}
	closedir(d);
	return killed;
}

int netns_del(const char *name)
{
	char path[128];

	if (ns_path(path, sizeof(path), name))
		return -EINVAL;
	if (access(path, F_OK))
		return -ENOENT;
	umount2(path, MNT_DETACH);
	if (unlink(path))
		return -errno;
	return 0;
}

/* ---- sockets ---- */

int nl_open(struct nl *nl, const char *ns)
{
	int one = 1, self = -1, fd, err = 0;
	char path[128];

	memset(nl, 0, sizeof(*nl));
	if (ns && *ns) {
		if (ns_path(path, sizeof(path), ns))
			return -EINVAL;
		snprintf(nl->ns, sizeof(nl->ns), "%s", ns);
		fd = open(path, O_RDONLY | O_CLOEXEC);
		if (fd < 0)
			return errno == ENOENT ? -ENODEV : -errno;
		self = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
		if (self < 0 || setns(fd, CLONE_NEWNET)) {
			err = -errno;
			close(fd);
			if (self >= 0)
				close(self);
			return err;
		}
		close(fd);
	}
	nl->sk = mnl_socket_open(NETLINK_ROUTE);
	if (!nl->sk)
		err = -errno;
	else if (mnl_socket_bind(nl->sk, 0, MNL_SOCKET_AUTOPID) < 0)
		err = -errno;
	if (self >= 0) {
		if (setns(self, CLONE_NEWNET) && !err)
			err = -errno;
		close(self);
	}
	if (err) {
		if (nl->sk)
			mnl_socket_close(nl->sk);
		nl->sk = NULL;
		return err;
	}
	mnl_socket_setsockopt(nl->sk, NETLINK_EXT_ACK, &one, sizeof(one));
	mnl_socket_setsockopt(nl->sk, NETLINK_CAP_ACK, &one, sizeof(one));
	nl->portid = mnl_socket_get_portid(nl->sk);
	nl->seq = time(NULL);
	return 0;
}

void nl_close(struct nl *nl)
{
	if (nl->sk)
		mnl_socket_close(nl->sk);
	nl->sk = NULL;
}

struct nlmsghdr *nl_msg(struct nl *nl, char *buf, int type, int flags)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);

	nlh->nlmsg_type = type;
	nlh->nlmsg_flags = NLM_F_REQUEST | flags;
	nlh->nlmsg_seq = ++nl->seq;
	return nlh;
}

static int extack_attr(const struct nlattr *a, void *data)
{
	if (mnl_attr_get_type(a) == NLMSGERR_ATTR_MSG &&
	    !mnl_attr_validate(a, MNL_TYPE_NUL_STRING))
		snprintf(nl_errmsg, sizeof(nl_errmsg), "%s", mnl_attr_get_str(a));
	return MNL_CB_OK;
}

static int error_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlmsgerr *e = mnl_nlmsg_get_payload(nlh);
	unsigned int off;

	if (nlh->nlmsg_len < mnl_nlmsg_size(sizeof(*e))) {
		errno = EBADMSG;
		return MNL_CB_ERROR;
	}
	if (!e->error)
		return MNL_CB_STOP;
	if (nlh->nlmsg_flags & NLM_F_ACK_TLVS) {
		off = sizeof(*e);
		if (!(nlh->nlmsg_flags & NLM_F_CAPPED))
			off += e->msg.nlmsg_len - sizeof(e->msg);
		mnl_attr_parse(nlh, off, extack_attr, NULL);
	}
	errno = -e->error;
	return MNL_CB_ERROR;
}

static int noop_cb(const struct nlmsghdr *nlh, void *data)
{
	return MNL_CB_OK;
}

static int done_cb(const struct nlmsghdr *nlh, void *data)
{
	return MNL_CB_STOP;
}

static int overrun_cb(const struct nlmsghdr *nlh, void *data)
{
	errno = ENOSPC;
	return MNL_CB_ERROR;
}

/* Send NLH, run CB on every answer until the ack or NLMSG_DONE.
 * Returns 0 or -errno; the kernel's extack message lands in nl_errmsg.
 */
int nl_talk(struct nl *nl, struct nlmsghdr *nlh, mnl_cb_t cb, void *data)
{
	static char buf[1 << 16];
	/* With a control array libmnl skips its defaults: DONE ends a dump. */
	mnl_cb_t ctl[NLMSG_MIN_TYPE] = {
		[NLMSG_NOOP] = noop_cb,
		[NLMSG_ERROR] = error_cb,
		[NLMSG_DONE] = done_cb,
		[NLMSG_OVERRUN] = overrun_cb,
	};
	unsigned int seq = nlh->nlmsg_seq;
	int ret;

	nl_errmsg[0] = 0;
	/* NLM_F_DUMP's bits are NLM_F_REPLACE|NLM_F_EXCL on a NEW request:
	 * only an RTM_GET* (type % 4 == 2) is a dump.
	 */
	if (nlh->nlmsg_type % 4 != 2 || !(nlh->nlmsg_flags & NLM_F_DUMP))
		nlh->nlmsg_flags |= NLM_F_ACK;
	if (mnl_socket_sendto(nl->sk, nlh, nlh->nlmsg_len) < 0)
		return -errno;
	do {
		ret = mnl_socket_recvfrom(nl->sk, buf, sizeof(buf));
		if (ret < 0)
			return -errno;
		ret = mnl_cb_run2(buf, ret, seq, nl->portid, cb, data,
				  ctl, NLMSG_MIN_TYPE);
	} while (ret > MNL_CB_STOP);
	return ret < 0 ? -errno : 0;
}

/* ---- links ---- */

static int linkinfo_data_cb(const struct nlattr *a, void *data)
{
	struct link *l = data;
	int t = mnl_attr_get_type(a);

	if (!strcmp(l->kind, "cbr") && t == IFLA_CBR_FASTPATH &&
	    !mnl_attr_validate(a, MNL_TYPE_U8)) {
		l->has_fastpath = true;
		l->fastpath = mnl_attr_get_u8(a);
		return MNL_CB_OK;
	}
	if (!strcmp(l->kind, "cbr") && t == IFLA_CBR_LOOP_GUARD &&
	    !mnl_attr_validate(a, MNL_TYPE_U8)) {
		l->has_loop_guard = true;
		l->loop_guard = mnl_attr_get_u8(a);
		return MNL_CB_OK;
	}
	if (mnl_attr_validate(a, MNL_TYPE_U32))
		return MNL_CB_OK;
	if (!strcmp(l->kind, "cbr")) {
		if (t == IFLA_CBR_AGEING_TIME) {
			l->has_ageing = true;
			l->ageing = mnl_attr_get_u32(a);
		} else if (t == IFLA_CBR_MAX_LEARNED) {
			l->has_max = true;
			l->max_learned = mnl_attr_get_u32(a);
		} else if (t == IFLA_CBR_LEARNED) {
			l->has_learned = true;
			l->learned = mnl_attr_get_u32(a);
		}
	} else if (!strcmp(l->kind, "bridge") && t == IFLA_BR_AGEING_TIME) {
		l->has_ageing = true;
		l->ageing = mnl_attr_get_u32(a);
	}
	return MNL_CB_OK;
}

static int linkinfo_cb(const struct nlattr *a, void *data)
{
	struct link *l = data;

	if (mnl_attr_get_type(a) == IFLA_INFO_KIND &&
	    !mnl_attr_validate(a, MNL_TYPE_STRING))
		snprintf(l->kind, sizeof(l->kind), "%.*s",
			 (int)mnl_attr_get_payload_len(a),
			 (const char *)mnl_attr_get_payload(a));
	return MNL_CB_OK;
}

static int linkinfo_cb2(const struct nlattr *a, void *data)
{
	if (mnl_attr_get_type(a) == IFLA_INFO_DATA)
		mnl_attr_parse_nested(a, linkinfo_data_cb, data);
	return MNL_CB_OK;
}

static int link_attr_cb(const struct nlattr *a, void *data)
{
	struct link *l = data;

	switch (mnl_attr_get_type(a)) {
	case IFLA_IFNAME:
		snprintf(l->name, sizeof(l->name), "%s", mnl_attr_get_str(a));
		break;
	case IFLA_MASTER:
		l->master = mnl_attr_get_u32(a);
		break;
	case IFLA_LINK:
		l->iflink = mnl_attr_get_u32(a);
		break;
	case IFLA_ADDRESS:
		if (mnl_attr_get_payload_len(a) == 6)
			memcpy(l->mac, mnl_attr_get_payload(a), 6);
		break;
	case IFLA_LINKINFO:
		mnl_attr_parse_nested(a, linkinfo_cb, l);
		mnl_attr_parse_nested(a, linkinfo_cb2, l);
		break;
	}
	return MNL_CB_OK;
}

static void link_parse(const struct nlmsghdr *nlh, struct link *l)
{
	const struct ifinfomsg *ifi = mnl_nlmsg_get_payload(nlh);

	memset(l, 0, sizeof(*l));
	l->ifindex = ifi->ifi_index;
	l->flags = ifi->ifi_flags;
	mnl_attr_parse(nlh, sizeof(*ifi), link_attr_cb, l);
}

static int link_dump_cb(const struct nlmsghdr *nlh, void *data)
{
	struct links *ls = data;
	struct link *v;

	if (nlh->nlmsg_type != RTM_NEWLINK)
		return MNL_CB_OK;
	v = realloc(ls->v, (ls->n + 1) * sizeof(*v));
	if (!v)
		return MNL_CB_ERROR;
	ls->v = v;
	link_parse(nlh, &ls->v[ls->n++]);
	return MNL_CB_OK;
}

int link_dump(struct nl *nl, struct links *ls)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlmsghdr *nlh = nl_msg(nl, buf, RTM_GETLINK, NLM_F_DUMP);
	struct ifinfomsg *ifi = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifi));

	ifi->ifi_family = AF_UNSPEC;
	ls->v = NULL;
	ls->n = 0;
	return nl_talk(nl, nlh, link_dump_cb, ls);
}

void links_free(struct links *ls)
{
	free(ls->v);
	ls->v = NULL;
	ls->n = 0;
}

struct link *links_by_name(struct links *ls, const char *name)
{
	for (int i = 0; i < ls->n; i++)
		if (!strcmp(ls->v[i].name, name))
			return &ls->v[i];
	return NULL;
}

struct link *links_by_index(struct links *ls, int ifindex)
{
	for (int i = 0; i < ls->n; i++)
		if (ls->v[i].ifindex == ifindex)
			return &ls->v[i];
	return NULL;
}

static int link_get_cb(const struct nlmsghdr *nlh, void *data)
{
	if (nlh->nlmsg_type == RTM_NEWLINK)
		link_parse(nlh, data);
	return MNL_CB_OK;
}

/* One device by name: 0, -ENODEV or another -errno. */
int link_get(struct nl *nl, const char *name, struct link *l)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlmsghdr *nlh = nl_msg(nl, buf, RTM_GETLINK, 0);
	struct ifinfomsg *ifi = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifi));
	int err;

	if (strlen(name) >= IFNAMSIZ)
		return -ENODEV;
	ifi->ifi_family = AF_UNSPEC;
	mnl_attr_put_strz(nlh, IFLA_IFNAME, name);
	memset(l, 0, sizeof(*l));
	err = nl_talk(nl, nlh, link_get_cb, l);
	if (err == -ENODEV || (!err && !l->ifindex))
		return -ENODEV;
	return err;
}

int link_set_up(struct nl *nl, int ifindex, bool up)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlmsghdr *nlh = nl_msg(nl, buf, RTM_NEWLINK, 0);
	struct ifinfomsg *ifi = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifi));

	ifi->ifi_index = ifindex;
	ifi->ifi_change = IFF_UP;
	ifi->ifi_flags = up ? IFF_UP : 0;
	return nl_talk(nl, nlh, NULL, NULL);
}

int link_set_master(struct nl *nl, int ifindex, int master)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlmsghdr *nlh = nl_msg(nl, buf, RTM_NEWLINK, 0);
	struct ifinfomsg *ifi = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifi));

	ifi->ifi_index = ifindex;
	mnl_attr_put_u32(nlh, IFLA_MASTER, master);
	return nl_talk(nl, nlh, NULL, NULL);
}

int link_del(struct nl *nl, int ifindex)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlmsghdr *nlh = nl_msg(nl, buf, RTM_DELLINK, 0);
	struct ifinfomsg *ifi = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifi));

	ifi->ifi_index = ifindex;
	return nl_talk(nl, nlh, NULL, NULL);
}

/* A pair of KIND (veth's wire format: the peer is a nest of info-data
 * attribute 1 holding a struct ifinfomsg and IFLA_* attributes). The peer
 * is created in PEER_NS if given. Both ends are brought up afterwards:
 * IFF_UP in the request itself would open the peer before the pair is
 * joined, which veth refuses (ENOTCONN).
 */
int link_add_pair(struct nl *nl, const char *kind, const char *a,
		  const char *b, const char *peer_ns)
{
	char buf[MNL_SOCKET_BUFFER_SIZE], path[128];
	struct nlmsghdr *nlh;
	struct ifinfomsg *ifi;
	struct nlattr *li, *data, *peer;
	struct link la, lb;
	struct nl pn;
	int nsfd = -1, err;

	if (peer_ns && *peer_ns) {
		if (ns_path(path, sizeof(path), peer_ns))
			return -EINVAL;
		nsfd = open(path, O_RDONLY | O_CLOEXEC);
		if (nsfd < 0)
			return errno == ENOENT ? -ENODEV : -errno;
	}
	nlh = nl_msg(nl, buf, RTM_NEWLINK, NLM_F_CREATE | NLM_F_EXCL);
	ifi = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifi));
	ifi->ifi_family = AF_UNSPEC;
	mnl_attr_put_strz(nlh, IFLA_IFNAME, a);
	li = mnl_attr_nest_start(nlh, IFLA_LINKINFO);
	mnl_attr_put_strz(nlh, IFLA_INFO_KIND, kind);
	data = mnl_attr_nest_start(nlh, IFLA_INFO_DATA);
	peer = mnl_attr_nest_start(nlh, 1 /* VETH_INFO_PEER, CVETH_INFO_PEER */);
	mnl_nlmsg_put_extra_header(nlh, sizeof(struct ifinfomsg));
	mnl_attr_put_strz(nlh, IFLA_IFNAME, b);
	if (nsfd >= 0)
		mnl_attr_put_u32(nlh, IFLA_NET_NS_FD, nsfd);
	mnl_attr_nest_end(nlh, peer);
	mnl_attr_nest_end(nlh, data);
	mnl_attr_nest_end(nlh, li);
	err = nl_talk(nl, nlh, NULL, NULL);
	if (nsfd >= 0)
		close(nsfd);
	if (err)
		return err;

	err = link_get(nl, a, &la);
	if (!err)
		err = link_set_up(nl, la.ifindex, true);
	if (err)
		return err;
	if (nsfd >= 0) {
		err = nl_open(&pn, peer_ns);
		if (err)
			return err;
		err = link_get(&pn, b, &lb);
		if (!err)
			err = link_set_up(&pn, lb.ifindex, true);
		nl_close(&pn);
	} else {
		err = link_get(nl, b, &lb);
		if (!err)
			err = link_set_up(nl, lb.ifindex, true);
	}
	return err;
}

/* ---- addresses and routes ---- */

int addr_add(struct nl *nl, int ifindex, const char *cidr)
{
	char buf[MNL_SOCKET_BUFFER_SIZE], ip[32], *slash;
	struct nlmsghdr *nlh = nl_msg(nl, buf, RTM_NEWADDR,
				      NLM_F_CREATE | NLM_F_EXCL);
	struct ifaddrmsg *ifa = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifa));
	struct in_addr in;

	snprintf(ip, sizeof(ip), "%s", cidr);
	slash = strchr(ip, '/');
	if (!slash)
		return -EINVAL;
	*slash = 0;
	if (inet_pton(AF_INET, ip, &in) != 1)
		return -EINVAL;
	ifa->ifa_family = AF_INET;
	ifa->ifa_prefixlen = atoi(slash + 1);
	ifa->ifa_scope = RT_SCOPE_UNIVERSE;
	ifa->ifa_index = ifindex;
	mnl_attr_put(nlh, IFA_LOCAL, 4, &in);
	mnl_attr_put(nlh, IFA_ADDRESS, 4, &in);
	return nl_talk(nl, nlh, NULL, NULL);
}

int route_add_default(struct nl *nl, const char *gw)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlmsghdr *nlh = nl_msg(nl, buf, RTM_NEWROUTE,
				      NLM_F_CREATE | NLM_F_EXCL);
	struct rtmsg *rt = mnl_nlmsg_put_extra_header(nlh, sizeof(*rt));
	struct in_addr in;

	if (inet_pton(AF_INET, gw, &in) != 1)
		return -EINVAL;
	rt->rtm_family = AF_INET;
	rt->rtm_dst_len = 0;
	rt->rtm_table = RT_TABLE_MAIN;
	rt->rtm_protocol = RTPROT_BOOT;
	rt->rtm_scope = RT_SCOPE_UNIVERSE;
	rt->rtm_type = RTN_UNICAST;
	mnl_attr_put(nlh, RTA_GATEWAY, 4, &in);
	return nl_talk(nl, nlh, NULL, NULL);
}

struct addr_dump {
	int ifindex;
	char (*out)[24];
	int max, n;
};

static int addr_attr_cb(const struct nlattr *a, void *data)
{
	const struct nlattr **tb = data;

	if (mnl_attr_get_type(a) <= IFA_MAX)
		tb[mnl_attr_get_type(a)] = a;
	return MNL_CB_OK;
}

static int addr_dump_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct ifaddrmsg *ifa = mnl_nlmsg_get_payload(nlh);
	const struct nlattr *tb[IFA_MAX + 1] = {};
	struct addr_dump *d = data;
	char ip[INET_ADDRSTRLEN];
	const struct nlattr *a;

	if (nlh->nlmsg_type != RTM_NEWADDR || ifa->ifa_family != AF_INET ||
	    (int)ifa->ifa_index != d->ifindex || d->n >= d->max)
		return MNL_CB_OK;
	mnl_attr_parse(nlh, sizeof(*ifa), addr_attr_cb, tb);
	a = tb[IFA_LOCAL] ? tb[IFA_LOCAL] : tb[IFA_ADDRESS];
	if (!a || mnl_attr_get_payload_len(a) != 4)
		return MNL_CB_OK;
	inet_ntop(AF_INET, mnl_attr_get_payload(a), ip, sizeof(ip));
	snprintf(d->out[d->n++], 24, "%s/%u", ip, ifa->ifa_prefixlen);
	return MNL_CB_OK;
}

/* The IPv4 addresses of IFINDEX as "a.b.c.d/len", at most MAX. */
int addr_dump4(struct nl *nl, int ifindex, char out[][24], int max)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlmsghdr *nlh = nl_msg(nl, buf, RTM_GETADDR, NLM_F_DUMP);
	struct ifaddrmsg *ifa = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifa));
	struct addr_dump d = { ifindex, out, max, 0 };
	int err;

	ifa->ifa_family = AF_INET;
	err = nl_talk(nl, nlh, addr_dump_cb, &d);
	return err ? err : d.n;
}
