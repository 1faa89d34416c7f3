/* SPDX-License-Identifier: GPL-2.0 */
/*
 * cbr: a mini learning bridge -- private structures, prototypes, lock rules.
 *
 * Lock rules
 * ----------
 * RTNL        serialises every control-path change: ports joining and
 *             leaving (cbr->ports), configuration (ageing time,
 *             learned cap), static FDB entries, the bridge's MTU/carrier.
 * RCU         protects every data-path read: the port list, a port's
 *             link to the bridge (cbr_port_of()), FDB lookups and the FDB
 *             list walk of dumps and ageing. Ports and FDB entries are
 *             freed after a grace period.
 * fdb_lock    (a BH spinlock) serialises insertion into and removal from the
 *             FDB hash table and list, the learned-entry count, every
 *             change of an entry's port or flags, and the bridge's address
 *             as the FDB sees it (cbr_fdb_change_addr()). The data path takes it
 *             only to create an entry for a new station or to move one to
 *             another port (so a move never undoes an entry just made
 *             static); a station seen again only stores a jiffies value in
 *             'updated' (WRITE_ONCE), lock-free.
 * guard_lock  (a BH spinlock) serialises the loop guard's decisions
 *             (cbr_guard.c): a port's blocked flag, its loop evidence and
 *             back-off. The data path reads 'blocked' lock-free
 *             (READ_ONCE) and takes the lock only for a probe of its own
 *             bridge, which is never a frame of the hot path.
 */
#ifndef _CBR_H
#define _CBR_H

#include <linux/netdevice.h>
#include <linux/etherdevice.h>
#include <linux/rhashtable.h>
#include <linux/siphash.h>
#include <linux/workqueue.h>
#include <linux/if_ether.h>
#include <linux/netlink.h>
#include <net/netlink.h>
#include <linux/netfilter.h>
#include <linux/if_link.h>
#include <linux/u64_stats_sync.h>

#include "compat.h"

/* A port's settings (`bridge link set`, IFLA_BRPORT_* with the kernel
 * bridge's meanings): written under RTNL (WRITE_ONCE), read lock-free by
 * the data path (READ_ONCE).
 */
#define CBR_PORT_LEARNING	BIT(0)	/* learn sources seen on it */
#define CBR_PORT_FLOOD		BIT(1)	/* unknown unicast goes out of it */
#define CBR_PORT_MCAST_FLOOD	BIT(2)	/* multicast goes out of it */
#define CBR_PORT_BCAST_FLOOD	BIT(3)	/* broadcast goes out of it */
#define CBR_PORT_HAIRPIN	BIT(4)	/* frames may leave where they came in */
#define CBR_PORT_ISOLATED	BIT(5)	/* talks to non-isolated ports only */
#define CBR_PORT_NEIGH_SUPPRESS	BIT(6)	/* ARP for its stations answered */
#define CBR_PORT_LOCKED		BIT(7)	/* only sources in the FDB on it */
#define CBR_PORT_DEFAULT	(CBR_PORT_LEARNING | CBR_PORT_FLOOD | \
				 CBR_PORT_MCAST_FLOOD | CBR_PORT_BCAST_FLOOD)

/* A port of a bridge: one per enslaved device. */
struct cbr_port {
	struct net_device	*dev;
	netdevice_tracker	dev_tracker;
	struct cbr		*br;
	unsigned long		flags;	/* CBR_PORT_*, see above */
	u8			state_sent;	/* last announced BR_STATE_*, RTNL */
	/* A cveth: the fast path may hand frames to its peer (set once). */
	bool			cveth;
	/* The loop guard (cbr_guard.c): guard_lock writers, READ_ONCE. */
	bool			blocked;	/* forwards nothing */
	bool			block_logged;	/* RTNL */
	bool			healed;		/* healed_at is set */
	u8			backoff;	/* guard_lock */
	unsigned long		loop_seen;	/* jiffies, guard_lock */
	unsigned long		heal_after;	/* jiffies, guard_lock */
	unsigned long		heal_probe;	/* jiffies, guard_lock */
	unsigned long		healed_at;	/* jiffies, guard_lock */
	int			loop_from;	/* ifindex, guard_lock */
	struct list_head	list;	/* cbr->ports: RTNL writers, RCU readers */
	struct rcu_head		rcu;
};

/* One station in the forwarding database: one 64-byte cache line on
 * 64-bit (a static_assert in cbr_fdb.c keeps it so), so a million learned
 * stations cost 64 MB of slab plus the hash table's buckets.
 */
struct cbr_fdb_entry {
	struct rhash_head	rhnode;	/* cbr->fdb, keyed by addr */
	struct hlist_node	list;	/* cbr->fdb_list, for dump and ageing */
	u8			addr[ETH_ALEN];
	bool			is_static;	/* never ages, never moves */
	bool			is_sticky;	/* ages, never moves */
	struct cbr_port		*port;		/* READ_ONCE/WRITE_ONCE */
	unsigned long		updated;	/* jiffies, READ_ONCE/WRITE_ONCE */
	struct rcu_head		rcu;
};

/* What the fast path did (cbr_forward.c), per CPU: written in softirq or
 * with bottom halves off, read by `ethtool -S`.
 */
struct cbr_fast_stats {
	u64_stats_t		fast;		/* frames handed to a cveth peer */
	u64_stats_t		declined;	/* cveth port, ordinary path */
	struct u64_stats_sync	syncp;
};

/* The bridge: netdev_priv() of a "cbr" device. */
struct cbr {
	struct net_device	*dev;
	struct list_head	ports;		/* struct cbr_port, see lock rules */

	struct rhashtable	fdb;
	struct hlist_head	fdb_list;	/* fdb_lock writers, RCU readers */
	spinlock_t		fdb_lock;
	unsigned int		learned;	/* dynamic entries; fdb_lock */
	unsigned int		max_learned;	/* 0 = unlimited; READ_ONCE */
	unsigned long		ageing_time;	/* jiffies; READ_ONCE */
	bool			no_ll_learn;	/* READ_ONCE */
	bool			fastpath;	/* RTNL writers, READ_ONCE */
	struct cbr_fast_stats __percpu *fast_stats;
	/* Some port has neigh_suppress: ARP and ND frames are looked at. */
	bool			neigh_suppress;	/* RTNL writers, READ_ONCE */
	struct delayed_work	gc_work;

	/* The loop guard (cbr_guard.c). */
	bool			loop_guard;	/* RTNL writers, READ_ONCE */
	bool			guard_on;	/* and up: guard_lock writers */
	u8			guard_id[8];	/* in its probes, random */
	siphash_key_t		guard_key;	/* signs them, never sent */
	u32			guard_seq;	/* probe round, RTNL writers */
	unsigned long		guard_next;	/* jiffies, next suspicion round */
	unsigned long		guard_gap;	/* between suspicion rounds */
	unsigned long		guard_flags;	/* CBR_GUARD_*, atomic bits */
	spinlock_t		guard_lock;
	struct delayed_work	guard_work;
	atomic_long_t		guard_probes;	/* probes sent */
	atomic_long_t		guard_blocks;	/* ports blocked */
};

/* cbr_main.c */
extern const struct net_device_ops cbr_netdev_ops;
void cbr_update_carrier(struct cbr *br);
void cbr_update_mtu(struct cbr *br);
void cbr_update_limits(struct cbr *br);

static inline bool cbr_is_bridge_dev(const struct net_device *dev)
{
	return dev->netdev_ops == &cbr_netdev_ops;
}

/* cbr_port.c */
rx_handler_result_t cbr_port_rx(struct sk_buff **pskb);
int cbr_port_add(struct cbr *br, struct net_device *dev,
		 struct netlink_ext_ack *extack);
int cbr_port_del(struct cbr *br, struct net_device *dev);
void cbr_port_del_all(struct cbr *br);
struct cbr_port *cbr_port_get_rtnl(const struct net_device *dev);
struct cbr_port *cbr_port_get_rcu(const struct net_device *dev);
int cbr_port_notifier_register(void);
void cbr_port_notifier_unregister(void);

/* cbr_fdb.c */
int cbr_fdb_module_init(void);
void cbr_fdb_module_exit(void);
int cbr_fdb_init(struct cbr *br);
void cbr_fdb_uninit(struct cbr *br);
void cbr_fdb_start(struct cbr *br);
void cbr_fdb_stop(struct cbr *br);
void cbr_fdb_set_ageing(struct cbr *br, unsigned long ageing_jiffies);
struct cbr_fdb_entry *cbr_fdb_lookup(struct cbr *br, const u8 *addr);
void cbr_fdb_learn(struct cbr *br, struct cbr_port *port, const u8 *addr);
void cbr_fdb_flush_port(struct cbr *br, const struct cbr_port *port,
			bool dynamic_only);
void cbr_fdb_change_addr(struct cbr *br, const u8 *addr);
void cbr_fdb_notify_own(struct cbr *br, int type);
int cbr_fdb_add(struct ndmsg *ndm, struct nlattr *tb[],
		struct net_device *dev, const unsigned char *addr, u16 vid,
		u16 flags, struct netlink_ext_ack *extack);
int cbr_fdb_del(struct ndmsg *ndm, struct nlattr *tb[],
		struct net_device *dev, const unsigned char *addr, u16 vid,
		struct netlink_ext_ack *extack);
int cbr_fdb_dump(struct sk_buff *skb, struct netlink_callback *cb,
		 struct net_device *dev, struct net_device *filter_dev,
		 int *idx);

/*
 * The cbr_port of a device whose rx_handler is ours: the private data of
 * its link to the bridge, its master, which is always the first entry of
 * its upper list. (Not rx_handler_data: bridge.ko's netfilter code reads
 * any rx_handler_data it meets as its own port structure; see cbr_nf.c.)
 * The link exists whenever the rx_handler is registered (cbr_port.c).
 */
static inline struct cbr_port *cbr_port_of(const struct net_device *dev)
{
	struct list_head *master;

	master = rcu_dereference_rtnl(list_next_rcu(&dev->adj_list.upper));
	return netdev_adjacent_get_private(master);
}

/* cbr_netlink.c */
extern const struct nla_policy cbr_port_policy[IFLA_BRPORT_MAX + 1];
int cbr_port_setlink(struct net_device *dev, struct nlmsghdr *nlh, u16 flags,
		     struct netlink_ext_ack *extack);
int cbr_port_getlink(struct sk_buff *skb, u32 pid, u32 seq,
		     struct net_device *dev, u32 filter_mask, int nlflags);
int cbr_port_slave_changelink(struct net_device *brdev, struct net_device *dev,
			      struct nlattr *tb[], struct nlattr *data[],
			      struct netlink_ext_ack *extack);
size_t cbr_port_slave_size(const struct net_device *brdev,
			   const struct net_device *dev);
int cbr_port_fill_slave_info(struct sk_buff *skb,
			     const struct net_device *brdev,
			     const struct net_device *dev);
void cbr_port_notify(const struct cbr_port *port, int event);
void cbr_port_announce(struct cbr_port *port);
void cbr_port_state_update(struct cbr_port *port);
void cbr_ports_state_update(struct cbr *br);
void cbr_update_neigh_suppress(struct cbr *br);

/* cbr_nf.c */
#if IS_ENABLED(CONFIG_NETFILTER_FAMILY_BRIDGE)
void cbr_nf_queue_drop(struct net *net);
int cbr_nf_hook_slow(struct cbr *br, unsigned int hook, struct net *net,
		     struct sk_buff *skb, struct net_device *in,
		     struct net_device *out,
		     int (*okfn)(struct net *, struct sock *, struct sk_buff *));
#else
static inline void cbr_nf_queue_drop(struct net *net)
{
}
#endif

/* Run the bridge family's netfilter hooks at @hook (NF_BR_*): 1 if @skb
 * was accepted and the caller goes on, 0 if it was consumed. Costs a
 * static key test while no hook is registered for the bridge family.
 */
static __always_inline int
cbr_nf_hook(struct cbr *br, unsigned int hook, struct net *net,
	    struct sk_buff *skb, struct net_device *in, struct net_device *out,
	    int (*okfn)(struct net *, struct sock *, struct sk_buff *))
{
#if IS_ENABLED(CONFIG_NETFILTER_FAMILY_BRIDGE)
#ifdef CONFIG_JUMP_LABEL
	/* @hook must be a constant: the key's address is patched in. */
	if (__builtin_constant_p(hook) &&
	    !static_key_false(&nf_hooks_needed[NFPROTO_BRIDGE][hook]))
		return 1;
#endif
	return cbr_nf_hook_slow(br, hook, net, skb, in, out, okfn);
#else
	return 1;
#endif
}

/* cbr_forward.c */
rx_handler_result_t cbr_forward_rx(struct cbr_port *in, struct sk_buff *skb);
void cbr_forward_xmit(struct cbr *br, struct sk_buff *skb);
bool cbr_port_is_cveth(const struct net_device *dev);
void cbr_fast_stats_read(const struct cbr *br, u64 *fast, u64 *declined);

/* cbr_guard.c */
#define CBR_GUARD_ETH_P		0x88B6	/* IEEE 802 Local Experimental 2 */
void cbr_guard_init(struct cbr *br);
void cbr_guard_start(struct cbr *br);
void cbr_guard_stop(struct cbr *br);
void cbr_guard_set(struct cbr *br, bool on);
void cbr_guard_suspect(struct cbr *br);
bool cbr_guard_rx(struct cbr_port *in, struct sk_buff *skb);

/* cbr_neigh.c */
bool cbr_neigh_suppress(struct cbr *br, const struct cbr_port *in,
			struct sk_buff *skb);

#endif /* _CBR_H */
