/* SPDX-License-Identifier: GPL-2.0 */
/*
 * cbr: a mini learning bridge -- private structures, prototypes, lock rules.
 *
 * Lock rules
 * ----------
 * RTNL        serialises every control-path change: ports joining and
 *             leaving (cbr->ports, port_count), configuration (ageing time,
 *             learned cap), static FDB entries, the bridge's MTU/carrier.
 * RCU         protects every data-path read: the port list, a port's
 *             rx_handler_data, FDB lookups and the FDB list walk of dumps and
 *             ageing. Ports and FDB entries are freed after a grace period.
 * fdb_lock    (a BH spinlock) serialises insertion into and removal from the
 *             FDB hash table and list, and the learned-entry count. The data
 *             path takes it only to create an entry for a new station.
 *             An entry's port and 'updated' time are written lock-free
 *             (WRITE_ONCE) on the data path: a station that moves or is seen
 *             again only stores a pointer or a jiffies value.
 */
#ifndef _CBR_H
#define _CBR_H

#include <linux/netdevice.h>
#include <linux/etherdevice.h>
#include <linux/rhashtable.h>
#include <linux/workqueue.h>
#include <linux/u64_stats_sync.h>
#include <linux/if_ether.h>
#include <linux/netlink.h>

#include "compat.h"

/* A port of a bridge: one per enslaved device. */
struct cbr_port {
	struct net_device	*dev;
	struct cbr		*br;
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
	struct cbr_port		*port;		/* READ_ONCE/WRITE_ONCE */
	unsigned long		updated;	/* jiffies, READ_ONCE/WRITE_ONCE */
	struct rcu_head		rcu;
};

/* The bridge: netdev_priv() of a "cbr" device. */
struct cbr {
	struct net_device	*dev;
	struct list_head	ports;		/* struct cbr_port, see lock rules */
	unsigned int		port_count;	/* RTNL */

	struct rhashtable	fdb;
	struct hlist_head	fdb_list;	/* fdb_lock writers, RCU readers */
	spinlock_t		fdb_lock;
	unsigned int		learned;	/* dynamic entries; fdb_lock */
	unsigned int		max_learned;	/* 0 = unlimited; READ_ONCE */
	unsigned long		ageing_time;	/* jiffies; READ_ONCE */
	struct delayed_work	gc_work;

	struct pcpu_sw_netstats __percpu *stats;
};

/* cbr_main.c */
extern const struct net_device_ops cbr_netdev_ops;
void cbr_stats_rx(struct cbr *br, unsigned int len);
void cbr_update_carrier(struct cbr *br);
void cbr_update_mtu(struct cbr *br);

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
int cbr_fdb_add(struct ndmsg *ndm, struct nlattr *tb[],
		struct net_device *dev, const unsigned char *addr, u16 vid,
		u16 flags, struct netlink_ext_ack *extack);
int cbr_fdb_del(struct ndmsg *ndm, struct nlattr *tb[],
		struct net_device *dev, const unsigned char *addr, u16 vid,
		struct netlink_ext_ack *extack);
int cbr_fdb_dump(struct sk_buff *skb, struct netlink_callback *cb,
		 struct net_device *dev, struct net_device *filter_dev,
		 int *idx);

/* cbr_forward.c */
rx_handler_result_t cbr_forward_rx(struct cbr_port *in, struct sk_buff *skb);
void cbr_forward_xmit(struct cbr *br, struct sk_buff *skb);

#endif /* _CBR_H */
