/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The part of iproute2's internal plugin ABI that link_<kind>.so uses.
 *
 * ip dlopens $IP_LIB_DIR/link_<kind>.so and looks up "<kind>_link_util".
 * ip is linked with -export-dynamic, so the helpers declared below resolve
 * against the running ip binary. Layouts match iproute2 6.1 (ip_common.h,
 * libnetlink.h, json_print.h, utils.h).
 */
#ifndef IPLINK_PLUGIN_H
#define IPLINK_PLUGIN_H

#include <stdio.h>
#include <stdbool.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <linux/if_link.h>

struct link_util {
	struct link_util *next;
	const char *id;
	int maxattr;
	int (*parse_opt)(struct link_util *lu, int argc, char **argv,
			 struct nlmsghdr *n);
	void (*print_opt)(struct link_util *lu, FILE *f, struct rtattr *tb[]);
	void (*print_xstats)(struct link_util *lu, FILE *f, struct rtattr *xs);
	void (*print_help)(struct link_util *lu, int argc, char **argv,
			   FILE *f);
	int (*parse_ifla_xstats)(struct link_util *lu, int argc, char **argv);
	int (*print_ifla_xstats)(struct nlmsghdr *n, void *arg);
};

struct iplink_req {
	struct nlmsghdr n;
	struct ifinfomsg i;
	char buf[1024];
};

enum output_type {
	PRINT_FP = 1,
	PRINT_JSON = 2,
	PRINT_ANY = 4,
};

/* ip's include/color.h: COLOR_NONE follows COLOR_IFNAME, COLOR_MAC,
 * COLOR_INET, COLOR_INET6, COLOR_OPERSTATE_UP and COLOR_OPERSTATE_DOWN
 * (iproute2 6.1 to 6.15); 0 would paint `ip -c` output as an interface name.
 */
enum color_attr { COLOR_NONE = 6 };

/* libnetlink */
int addattr_l(struct nlmsghdr *n, int maxlen, int type, const void *data,
	      int alen);
int addattr8(struct nlmsghdr *n, int maxlen, int type, __u8 data);
int addattr32(struct nlmsghdr *n, int maxlen, int type, __u32 data);
struct rtattr *addattr_nest(struct nlmsghdr *n, int maxlen, int type);
int addattr_nest_end(struct nlmsghdr *n, struct rtattr *nest);

/* ip */
int iplink_parse(int argc, char **argv, struct iplink_req *req, char **type);

/* utils */
int get_u32(__u32 *val, const char *arg, int base);
int matches(const char *arg, const char *pattern);
void invarg(const char *msg, const char *arg) __attribute__((noreturn));
void duparg(const char *key, const char *arg) __attribute__((noreturn));
void incomplete_command(void) __attribute__((noreturn));

/* json_print */
int print_color_uint(enum output_type t, enum color_attr color,
		     const char *key, const char *fmt, unsigned int value);
int print_color_string(enum output_type t, enum color_attr color,
		       const char *key, const char *fmt, const char *value);
int print_color_bool(enum output_type t, enum color_attr color,
		     const char *key, const char *fmt, bool value);
bool is_json_context(void);

#define print_uint(t, key, fmt, v) print_color_uint(t, COLOR_NONE, key, fmt, v)
#define print_bool(t, key, fmt, v) print_color_bool(t, COLOR_NONE, key, fmt, v)
#define print_string(t, key, fmt, v) \
	print_color_string(t, COLOR_NONE, key, fmt, v)

static inline __u8 rta_getattr_u8(const struct rtattr *rta)
{
	return *(__u8 *)RTA_DATA(rta);
}

static inline __u32 rta_getattr_u32(const struct rtattr *rta)
{
	return *(__u32 *)RTA_DATA(rta);
}

#define NLMSG_TAIL(nmsg) \
	((struct rtattr *)(((void *)(nmsg)) + NLMSG_ALIGN((nmsg)->nlmsg_len)))

#endif /* IPLINK_PLUGIN_H */
