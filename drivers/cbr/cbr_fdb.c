// SPDX-License-Identifier: GPL-2.0
/*
 * cbr: the forwarding database -- a hash table of stations (MAC -> port).
 *
 * Lookups are RCU-only (rhashtable: O(1), resized as it grows). Learning an
 * address that is already known only refreshes its time with one store; a
 * station that moves, or a new one, takes fdb_lock.
 * Dynamic entries are capped (max_learned) so that a flood of random source
 * MACs cannot exhaust memory, and age out by a delayed work. Static entries,
 * added over netlink, never age and never move.
 */
#include <linux/netdevice.h>
#include <linux/etherdevice.h>
#include <linux/jiffies.h>
#include <linux/rhashtable.h>
#include <linux/slab.h>
#include <linux/neighbour.h>
#include <net/netlink.h>
#include <net/rtnetlink.h>

#include "cbr.h"

#define CREATE_TRACE_POINTS
#include "cbr_trace.h"

/* The ageing work never runs more often than this. */
#define CBR_GC_MIN_DELAY	(HZ / 10)

static struct kmem_cache *cbr_fdb_cache __read_mostly;

static const struct rhashtable_params cbr_fdb_params = {
	.head_offset		= offsetof(struct cbr_fdb_entry, rhnode),
	.key_offset		= offsetof(struct cbr_fdb_entry, addr),
	.key_len		= ETH_ALEN,
	.automatic_shrinking	= true,
};

/* The benchmark's target is at most 64 bytes of slab per station. */
static_assert(sizeof(struct cbr_fdb_entry) <= 64 || BITS_PER_LONG != 64);

int cbr_fdb_module_init(void)
{
	cbr_fdb_cache = kmem_cache_create("cbr_fdb_cache",
					  sizeof(struct cbr_fdb_entry), 0,
					  SLAB_HWCACHE_ALIGN, NULL);
	return cbr_fdb_cache ? 0 : -ENOMEM;
}

void cbr_fdb_module_exit(void)
{
	kmem_cache_destroy(cbr_fdb_cache);
}

/* Caller holds rcu_read_lock(). */
struct cbr_fdb_entry *cbr_fdb_lookup(struct cbr *br, const u8 *addr)
{
	return rhashtable_lookup(&br->fdb, addr, cbr_fdb_params);
}

/* Caller holds fdb_lock, which keeps the entry found in the table; the
 * walk of the buckets still needs RCU: the rhashtable's resize worker
 * frees a replaced bucket table after a grace period, without our lock.
 */
static struct cbr_fdb_entry *cbr_fdb_lookup_locked(struct cbr *br,
						   const u8 *addr)
{
	struct cbr_fdb_entry *f;

	lockdep_assert_held(&br->fdb_lock);
	rcu_read_lock();
	f = rhashtable_lookup(&br->fdb, addr, cbr_fdb_params);
	rcu_read_unlock();
	return f;
}

/* ---- netlink ---- */

/* What one line of `bridge fdb show` says: @addr behind @dev (a port, or
 * the bridge itself for its own address), in @state, with NTF_* @ndm_flags.
 */
struct cbr_fdb_view {
	const u8		*addr;
	const struct net_device	*dev;
	u16			state;
	u8			ndm_flags;
	unsigned long		updated;
};

static void cbr_fdb_view(struct cbr_fdb_view *v, const struct cbr_fdb_entry *f,
			 const struct cbr_port *port)
{
	v->addr = f->addr;
	v->dev = port->dev;
	v->state = READ_ONCE(f->is_static) ? NUD_NOARP : NUD_REACHABLE;
	v->ndm_flags = READ_ONCE(f->is_sticky) ? NTF_STICKY : 0;
	v->updated = READ_ONCE(f->updated);
}

/* The bridge's own address: not in the table (cbr_forward_rx() compares
 * it first), shown and notified as bridge.ko shows its own local entry:
 * "MAC dev cbr0 master cbr0 permanent".
 */
static void cbr_fdb_view_own(struct cbr_fdb_view *v, const struct cbr *br,
			     const u8 *addr)
{
	v->addr = addr;
	v->dev = br->dev;
	v->state = NUD_PERMANENT;
	v->ndm_flags = 0;
	v->updated = jiffies;
}

static int cbr_fdb_fill(struct sk_buff *skb, const struct cbr *br,
			const struct cbr_fdb_view *v, u32 portid, u32 seq,
			int type, unsigned int flags)
{
	unsigned long now = jiffies;
	struct nda_cacheinfo ci;
	struct nlmsghdr *nlh;
	struct ndmsg *ndm;

	nlh = nlmsg_put(skb, portid, seq, type, sizeof(*ndm), flags);
	if (!nlh)
		return -EMSGSIZE;

	ndm = nlmsg_data(nlh);
	ndm->ndm_family	 = AF_BRIDGE;
	ndm->ndm_pad1	 = 0;
	ndm->ndm_pad2	 = 0;
	ndm->ndm_flags	 = v->ndm_flags; /* "master cbr0" is NDA_MASTER */
	ndm->ndm_type	 = 0;
	ndm->ndm_ifindex = v->dev->ifindex;
	ndm->ndm_state	 = v->state;

	if (nla_put(skb, NDA_LLADDR, ETH_ALEN, v->addr) ||
	    nla_put_u32(skb, NDA_MASTER, br->dev->ifindex))
		goto nla_put_failure;

	ci.ndm_used	 = jiffies_to_clock_t(now - v->updated);
	ci.ndm_confirmed = 0;
	ci.ndm_updated	 = jiffies_to_clock_t(now - v->updated);
	ci.ndm_refcnt	 = 0;
	if (nla_put(skb, NDA_CACHEINFO, sizeof(ci), &ci))
		goto nla_put_failure;

	nlmsg_end(skb, nlh);
	return 0;

nla_put_failure:
	nlmsg_cancel(skb, nlh);
	return -EMSGSIZE;
}

static size_t cbr_fdb_nlmsg_size(void)
{
	return NLMSG_ALIGN(sizeof(struct ndmsg))
		+ nla_total_size(ETH_ALEN)		/* NDA_LLADDR */
		+ nla_total_size(sizeof(u32))		/* NDA_MASTER */
		+ nla_total_size(sizeof(struct nda_cacheinfo));
}

/* RTM_NEWNEIGH / RTM_DELNEIGH to RTNLGRP_NEIGH (`bridge monitor fdb`).
 * Any context: called from the data path on learning and moves.
 */
static void cbr_fdb_notify_view(struct cbr *br, const struct cbr_fdb_view *v,
				int type)
{
	struct net *net = dev_net(br->dev);
	struct sk_buff *skb;
	int err = -ENOBUFS;

	skb = nlmsg_new(cbr_fdb_nlmsg_size(), GFP_ATOMIC);
	if (!skb)
		goto errout;

	err = cbr_fdb_fill(skb, br, v, 0, 0, type, 0);
	if (err < 0) {
		WARN_ON(err == -EMSGSIZE);
		kfree_skb(skb);
		goto errout;
	}
	rtnl_notify(skb, net, 0, RTNLGRP_NEIGH, NULL, GFP_ATOMIC);
	return;
errout:
	rtnl_set_sk_err(net, RTNLGRP_NEIGH, err);
}

static void cbr_fdb_notify(struct cbr *br, const struct cbr_fdb_entry *f,
			   struct cbr_port *port, int type)
{
	struct cbr_fdb_view v;

	cbr_fdb_view(&v, f, port);
	cbr_fdb_notify_view(br, &v, type);
}

/* ---- insertion and removal ---- */

static void cbr_fdb_free_rcu(struct rcu_head *head)
{
	struct cbr_fdb_entry *f = container_of(head, struct cbr_fdb_entry, rcu);

	kmem_cache_free(cbr_fdb_cache, f);
}

/* Create an entry for @addr behind @port. Caller holds fdb_lock.
 * Returns the entry, or an ERR_PTR: -EEXIST if @addr is already there.
 */
static struct cbr_fdb_entry *cbr_fdb_create(struct cbr *br,
					    struct cbr_port *port,
					    const u8 *addr, bool is_static)
{
	struct cbr_fdb_entry *f;
	int err;

	lockdep_assert_held(&br->fdb_lock);
	f = kmem_cache_alloc(cbr_fdb_cache, GFP_ATOMIC);
	if (!f)
		return ERR_PTR(-ENOMEM);

	ether_addr_copy(f->addr, addr);
	f->is_static = is_static;
	f->is_sticky = false;
	f->port = port;
	f->updated = jiffies;

	err = rhashtable_lookup_insert_fast(&br->fdb, &f->rhnode,
					    cbr_fdb_params);
	if (err) {
		kmem_cache_free(cbr_fdb_cache, f);
		return ERR_PTR(err);
	}
	hlist_add_head_rcu(&f->list, &br->fdb_list);
	if (!is_static)
		WRITE_ONCE(br->learned, br->learned + 1);
	return f;
}

/* Remove @f, tell userspace, free it after a grace period.
 * Caller holds fdb_lock.
 */
static void cbr_fdb_delete(struct cbr *br, struct cbr_fdb_entry *f)
{
	lockdep_assert_held(&br->fdb_lock);
	rhashtable_remove_fast(&br->fdb, &f->rhnode, cbr_fdb_params);
	hlist_del_init_rcu(&f->list);
	if (!f->is_static)
		WRITE_ONCE(br->learned, br->learned - 1);
	cbr_fdb_notify(br, f, READ_ONCE(f->port), RTM_DELNEIGH);
	call_rcu(&f->rcu, cbr_fdb_free_rcu);
}

/* A learned station showed up behind @port: move its entry there, unless
 * it is static or sticky by now (checked again under fdb_lock, which
 * every change of an entry's flags holds) or gone.
 * Data path: softirq, rcu_read_lock().
 */
static void cbr_fdb_move(struct cbr *br, struct cbr_fdb_entry *f,
			 struct cbr_port *port)
{
	struct cbr_port *old;

	spin_lock(&br->fdb_lock);
	old = f->port;
	if (!f->is_static && !f->is_sticky && old != port &&
	    !hlist_unhashed(&f->list)) {
		WRITE_ONCE(f->port, port);
		trace_cbr_fdb_move(br->dev, f->addr, old->dev, port->dev);
		cbr_fdb_notify(br, f, port, RTM_NEWNEIGH);
	}
	spin_unlock(&br->fdb_lock);
}

/* Learn that @addr sits behind @port. Data path: softirq, rcu_read_lock();
 * takes fdb_lock only to insert a station not seen before or to move one.
 */
void cbr_fdb_learn(struct cbr *br, struct cbr_port *port, const u8 *addr)
{
	struct cbr_fdb_entry *f;
	unsigned long now = jiffies;
	unsigned int max;

	f = cbr_fdb_lookup(br, addr);
	if (likely(f)) {
		if (unlikely(READ_ONCE(f->is_static)))
			return;
		if (READ_ONCE(f->updated) != now)
			WRITE_ONCE(f->updated, now);
		if (unlikely(READ_ONCE(f->port) != port) &&
		    !READ_ONCE(f->is_sticky)) {
			cbr_fdb_move(br, f, port);
			cbr_guard_suspect(br);	/* moved, or looped? */
		}
		return;
	}

	/* Our own address coming back in through a port: do not learn it,
	 * and ask the loop guard whether it came round a loop.
	 */
	if (unlikely(ether_addr_equal(addr, br->dev->dev_addr))) {
		cbr_guard_suspect(br);
		return;
	}

	max = READ_ONCE(br->max_learned);
	if (max && READ_ONCE(br->learned) >= max)
		return;

	spin_lock(&br->fdb_lock);
	/* Again under the lock that cbr_fdb_change_addr() holds. */
	if ((max && br->learned >= max) ||
	    ether_addr_equal(addr, br->dev->dev_addr)) {
		spin_unlock(&br->fdb_lock);
		return;
	}
	f = cbr_fdb_create(br, port, addr, false);
	if (!IS_ERR(f)) {
		trace_cbr_fdb_learn(br->dev, addr, port->dev);
		cbr_fdb_notify(br, f, port, RTM_NEWNEIGH);
	}
	spin_unlock(&br->fdb_lock);
}

/* Remove the entries behind @port (only the learned ones if @dynamic_only).
 * Caller holds RTNL.
 */
void cbr_fdb_flush_port(struct cbr *br, const struct cbr_port *port,
			bool dynamic_only)
{
	struct cbr_fdb_entry *f;
	struct hlist_node *tmp;

	ASSERT_RTNL();
	spin_lock_bh(&br->fdb_lock);
	hlist_for_each_entry_safe(f, tmp, &br->fdb_list, list) {
		if (READ_ONCE(f->port) != port)
			continue;
		if (dynamic_only && f->is_static)
			continue;
		trace_cbr_fdb_flush(br->dev, f->addr, port->dev);
		cbr_fdb_delete(br, f);
	}
	spin_unlock_bh(&br->fdb_lock);
}

/* The bridge's address becomes @addr (ndo_set_mac_address). The old own
 * entry goes; an entry for @addr behind a port goes too, since frames to
 * @addr are the host's from now on; the new own entry comes: each with
 * its notification, as `bridge fdb show` lists them before and after.
 * Caller holds RTNL.
 */
void cbr_fdb_change_addr(struct cbr *br, const u8 *addr)
{
	struct cbr_fdb_entry *f;

	ASSERT_RTNL();
	cbr_fdb_notify_own(br, RTM_DELNEIGH);

	/* One section: learning re-checks the address under fdb_lock, so no
	 * entry for the new address is created after this delete.
	 */
	spin_lock_bh(&br->fdb_lock);
	f = cbr_fdb_lookup_locked(br, addr);
	if (f)
		cbr_fdb_delete(br, f);
	eth_hw_addr_set(br->dev, addr);
	spin_unlock_bh(&br->fdb_lock);

	cbr_fdb_notify_own(br, RTM_NEWNEIGH);
}

/* The bridge's own entry appears (registered) or goes (ndo_uninit), as
 * bridge.ko notifies its local entry. Caller holds RTNL.
 */
void cbr_fdb_notify_own(struct cbr *br, int type)
{
	struct cbr_fdb_view v;

	ASSERT_RTNL();
	cbr_fdb_view_own(&v, br, br->dev->dev_addr);
	cbr_fdb_notify_view(br, &v, type);
}

/* ---- ageing ---- */

static void cbr_fdb_gc(struct work_struct *work)
{
	struct cbr *br = container_of(work, struct cbr, gc_work.work);
	unsigned long ageing = READ_ONCE(br->ageing_time);
	unsigned long now = jiffies;
	unsigned long next = now + ageing;
	struct cbr_fdb_entry *f;

	rcu_read_lock();
	hlist_for_each_entry_rcu(f, &br->fdb_list, list) {
		unsigned long expires;

		if (READ_ONCE(f->is_static))
			continue;
		expires = READ_ONCE(f->updated) + ageing;
		if (time_after(expires, now)) {
			if (time_before(expires, next))
				next = expires;
			continue;
		}
		spin_lock_bh(&br->fdb_lock);
		/* Re-check: a frame may have refreshed it, or a flush won. */
		if (!hlist_unhashed(&f->list) &&
		    !time_after(READ_ONCE(f->updated) + ageing, now)) {
			trace_cbr_fdb_age(br->dev, f->addr,
					  READ_ONCE(f->port)->dev);
			cbr_fdb_delete(br, f);
		}
		spin_unlock_bh(&br->fdb_lock);
	}
	rcu_read_unlock();

	queue_delayed_work(system_long_wq, &br->gc_work,
			   max_t(long, next - jiffies, CBR_GC_MIN_DELAY));
}

/* Caller holds RTNL. */
void cbr_fdb_set_ageing(struct cbr *br, unsigned long ageing_jiffies)
{
	ASSERT_RTNL();
	WRITE_ONCE(br->ageing_time, ageing_jiffies);
	if (netif_running(br->dev))
		mod_delayed_work(system_long_wq, &br->gc_work, 0);
}

/* The bridge went up: start ageing. Caller holds RTNL. */
void cbr_fdb_start(struct cbr *br)
{
	ASSERT_RTNL();
	mod_delayed_work(system_long_wq, &br->gc_work, CBR_GC_MIN_DELAY);
}

/* The bridge went down: stop ageing. Caller holds RTNL. */
void cbr_fdb_stop(struct cbr *br)
{
	ASSERT_RTNL();
	cancel_delayed_work_sync(&br->gc_work);
}

/* From ndo_init. Caller holds RTNL. */
int cbr_fdb_init(struct cbr *br)
{
	ASSERT_RTNL();
	spin_lock_init(&br->fdb_lock);
	INIT_HLIST_HEAD(&br->fdb_list);
	INIT_DELAYED_WORK(&br->gc_work, cbr_fdb_gc);
	br->learned = 0;
	return rhashtable_init(&br->fdb, &cbr_fdb_params);
}

/* From ndo_uninit: drop every entry left (static ones on no port).
 * Caller holds RTNL.
 */
void cbr_fdb_uninit(struct cbr *br)
{
	struct cbr_fdb_entry *f;
	struct hlist_node *tmp;

	ASSERT_RTNL();
	cancel_delayed_work_sync(&br->gc_work);
	spin_lock_bh(&br->fdb_lock);
	hlist_for_each_entry_safe(f, tmp, &br->fdb_list, list)
		cbr_fdb_delete(br, f);
	spin_unlock_bh(&br->fdb_lock);
	rhashtable_destroy(&br->fdb);
}

/* ---- netlink: ndo_fdb_add / ndo_fdb_del / ndo_fdb_dump ---- */

/* The port named by NDA_IFINDEX (`via PORT`). Caller holds RTNL. */
static struct cbr_port *cbr_fdb_via_port(struct cbr *br, struct nlattr *tb[],
					 struct netlink_ext_ack *extack)
{
	struct net_device *pdev;
	struct cbr_port *port;

	ASSERT_RTNL();
	if (!tb[NDA_IFINDEX]) {
		NL_SET_ERR_MSG(extack, "An FDB entry needs a port: add 'via PORT'");
		return ERR_PTR(-EINVAL);
	}
	if (nla_len(tb[NDA_IFINDEX]) != sizeof(u32)) {
		NL_SET_ERR_MSG_ATTR(extack, tb[NDA_IFINDEX], "Invalid port ifindex");
		return ERR_PTR(-EINVAL);
	}
	pdev = __dev_get_by_index(dev_net(br->dev),
				  nla_get_u32(tb[NDA_IFINDEX]));
	if (!pdev) {
		NL_SET_ERR_MSG_ATTR(extack, tb[NDA_IFINDEX], "No such device");
		return ERR_PTR(-ENODEV);
	}
	port = cbr_port_get_rtnl(pdev);
	if (!port || port->br != br) {
		NL_SET_ERR_MSG_ATTR(extack, tb[NDA_IFINDEX],
				    "Device is not a port of this bridge");
		return ERR_PTR(-EINVAL);
	}
	return port;
}

/* NTF_* flags cbr_fdb_add() knows: where the request goes (self, master)
 * and the two that change what is added (use, sticky). Any other is
 * refused, never ignored.
 */
#define CBR_FDB_NTF_KNOWN	(NTF_SELF | NTF_MASTER | NTF_USE | NTF_STICKY)

/* Refuse @addr with a reason if it is one of the bridge's own: its
 * address, or on its unicast or multicast address list (the "self
 * permanent" lines of the dump, which belong to whoever added them).
 * Caller holds RTNL.
 */
static int cbr_fdb_refuse_own(struct net_device *dev, const u8 *addr,
			      struct netlink_ext_ack *extack)
{
	struct netdev_hw_addr_list *list;
	struct netdev_hw_addr *ha;
	bool found = false;

	ASSERT_RTNL();
	if (ether_addr_equal(addr, dev->dev_addr)) {
		NL_SET_ERR_MSG(extack, "That is the bridge's own address (ip link set)");
		return -EINVAL;
	}
	list = is_multicast_ether_addr(addr) ? &dev->mc : &dev->uc;
	netif_addr_lock_bh(dev);
	netdev_hw_addr_list_for_each(ha, list)
		found |= ether_addr_equal(ha->addr, addr);
	netif_addr_unlock_bh(dev);
	if (found) {
		NL_SET_ERR_MSG(extack, "That address is on the bridge's own list (self)");
		return -EINVAL;
	}
	return 0;
}

/* NTF_USE: as if a frame from @addr came in through @port (bridge.ko's
 * meaning): learned, refreshed or moved, never made static. Caller holds
 * RTNL.
 */
static void cbr_fdb_use(struct cbr *br, struct cbr_port *port,
			const u8 *addr)
{
	ASSERT_RTNL();
	if (!(br->dev->flags & IFF_UP))
		return;		/* a bridge that is down learns nothing */
	local_bh_disable();
	rcu_read_lock();
	cbr_fdb_learn(br, port, addr);
	rcu_read_unlock();
	local_bh_enable();
}

/* `bridge fdb add MAC dev cbr0 via PORT [static|dynamic] [sticky]` and
 * `bridge fdb replace MAC dev cbr0 via PORT use`: RTNL held.
 */
int cbr_fdb_add(struct ndmsg *ndm, struct nlattr *tb[],
		struct net_device *dev, const unsigned char *addr, u16 vid,
		u16 flags, struct netlink_ext_ack *extack)
{
	struct cbr *br = netdev_priv(dev);
	bool is_static = ndm->ndm_state & (NUD_PERMANENT | NUD_NOARP);
	bool is_sticky = ndm->ndm_flags & NTF_STICKY;
	struct cbr_fdb_entry *f;
	struct cbr_port *port;
	int err;

	ASSERT_RTNL();
	if (!cbr_is_bridge_dev(dev)) {
		NL_SET_ERR_MSG(extack, "FDB entries are added on the cbr bridge itself");
		return -EOPNOTSUPP;
	}
	if (vid) {
		NL_SET_ERR_MSG(extack, "cbr has no VLANs");
		return -EINVAL;
	}
	if (ndm->ndm_flags & ~CBR_FDB_NTF_KNOWN) {
		NL_SET_ERR_MSG(extack, "cbr supports no FDB flags but 'use' and 'sticky'");
		return -EOPNOTSUPP;
	}
	if (is_sticky && (ndm->ndm_state & NUD_PERMANENT)) {
		NL_SET_ERR_MSG(extack, "A permanent entry cannot be sticky: it never moves anyway");
		return -EINVAL;
	}
	if (!is_valid_ether_addr(addr)) {
		NL_SET_ERR_MSG(extack, "FDB entries need a unicast, non-zero MAC address");
		return -EINVAL;
	}
	err = cbr_fdb_refuse_own(dev, addr, extack);
	if (err)
		return err;
	port = cbr_fdb_via_port(br, tb, extack);
	if (IS_ERR(port))
		return PTR_ERR(port);

	if (ndm->ndm_flags & NTF_USE) {
		cbr_fdb_use(br, port, addr);
		return 0;
	}

	spin_lock_bh(&br->fdb_lock);
	f = cbr_fdb_lookup_locked(br, addr);
	if (f) {
		if (flags & NLM_F_EXCL) {
			NL_SET_ERR_MSG(extack, "FDB entry already exists");
			err = -EEXIST;
			goto out;
		}
		if (f->is_static != is_static) {
			WRITE_ONCE(br->learned,
				   br->learned + (is_static ? -1 : 1));
			WRITE_ONCE(f->is_static, is_static);
		}
		WRITE_ONCE(f->is_sticky, is_sticky);
		WRITE_ONCE(f->port, port);
		WRITE_ONCE(f->updated, jiffies);
	} else {
		if (!(flags & NLM_F_CREATE)) {
			NL_SET_ERR_MSG(extack, "No such FDB entry");
			err = -ENOENT;
			goto out;
		}
		f = cbr_fdb_create(br, port, addr, is_static);
		if (IS_ERR(f)) {
			err = PTR_ERR(f);
			goto out;
		}
		WRITE_ONCE(f->is_sticky, is_sticky);
	}
	cbr_fdb_notify(br, f, port, RTM_NEWNEIGH);
out:
	spin_unlock_bh(&br->fdb_lock);
	return err;
}

/* `bridge fdb del MAC dev cbr0 [via PORT]`: removes a learned or static
 * entry; the bridge's own entries are refused with the reason. RTNL held.
 */
int cbr_fdb_del(struct ndmsg *ndm, struct nlattr *tb[],
		struct net_device *dev, const unsigned char *addr, u16 vid,
		struct netlink_ext_ack *extack)
{
	struct cbr *br = netdev_priv(dev);
	struct cbr_port *port = NULL;
	struct cbr_fdb_entry *f;
	int err = 0;

	ASSERT_RTNL();
	if (!cbr_is_bridge_dev(dev))
		return -EOPNOTSUPP;
	if (vid) {
		NL_SET_ERR_MSG(extack, "cbr has no VLANs");
		return -EINVAL;
	}
	if (tb[NDA_IFINDEX]) {
		port = cbr_fdb_via_port(br, tb, extack);
		if (IS_ERR(port))
			return PTR_ERR(port);
	}

	spin_lock_bh(&br->fdb_lock);
	f = cbr_fdb_lookup_locked(br, addr);
	if (f && (!port || READ_ONCE(f->port) == port))
		cbr_fdb_delete(br, f);
	else
		err = -ENOENT;
	spin_unlock_bh(&br->fdb_lock);

	if (err && !port)
		err = cbr_fdb_refuse_own(dev, addr, extack) ?: -ENOENT;
	if (err == -ENOENT)
		NL_SET_ERR_MSG(extack, "No such FDB entry");
	return err;
}

/* `bridge fdb show`: rtnetlink calls this for the bridge device, with no
 * filter on the kernels we build for (it passes one only for
 * IFF_BRIDGE_PORT devices, which our ports are not, see cbr_port.c).
 * @filter_dev is honoured all the same. Lists the bridge's address lists
 * ("self permanent"), its own address ("dev cbr0 master cbr0 permanent"),
 * then every entry as "MAC dev PORT master cbr0". Called under RTNL.
 */
int cbr_fdb_dump(struct sk_buff *skb, struct netlink_callback *cb,
		 struct net_device *dev, struct net_device *filter_dev,
		 int *idx)
{
	int start = cnet_fdb_dump_start(cb);
	struct cbr *br = netdev_priv(dev);
	struct cbr_fdb_entry *f;
	struct cbr_fdb_view v;
	int err = 0;

	if (!cbr_is_bridge_dev(dev))
		return 0;

	if (!filter_dev) {
		err = ndo_dflt_fdb_dump(skb, cb, dev, NULL, idx);
		if (err < 0)
			return err;
	}

	if (!filter_dev || filter_dev == dev) {
		if (*idx >= start) {
			cbr_fdb_view_own(&v, br, dev->dev_addr);
			err = cbr_fdb_fill(skb, br, &v,
					   NETLINK_CB(cb->skb).portid,
					   cb->nlh->nlmsg_seq, RTM_NEWNEIGH,
					   NLM_F_MULTI);
			if (err < 0)
				return err;
		}
		*idx += 1;
	}

	rcu_read_lock();
	hlist_for_each_entry_rcu(f, &br->fdb_list, list) {
		struct cbr_port *port = READ_ONCE(f->port);

		if (*idx < start)
			goto skip;
		if (filter_dev && filter_dev != port->dev)
			goto skip;
		cbr_fdb_view(&v, f, port);
		err = cbr_fdb_fill(skb, br, &v, NETLINK_CB(cb->skb).portid,
				   cb->nlh->nlmsg_seq, RTM_NEWNEIGH,
				   NLM_F_MULTI);
		if (err < 0)
			break;
skip:
		*idx += 1;
	}
	rcu_read_unlock();
	return err;
}
