// SPDX-License-Identifier: GPL-2.0
/*
 * cbr: the loop guard -- finds a forwarding loop through the bridge's
 * ports, blocks the port the loop comes back in on, and lets that port
 * forward again once the loop is gone (Documentation/cbr.rst, "Loops").
 *
 * Suspicion: a learned station moving from one port to another, or a
 * frame coming in with the bridge's own source address. In a loop every
 * flooded frame comes back in through another port, so its source moves
 * with every lap; outside one a station moves when a person moves it.
 *
 * Proof: a probe round. The guard sends one probe out of every port that
 * is up (blocked ports too): a broadcast frame of EtherType 0x88B6 (IEEE
 * 802 Local Experimental 2) from the port's own address, naming this
 * bridge (a random id), the port it left by and the round, signed with a
 * key that never leaves the bridge. Every bridge floods it as a
 * broadcast, cbr and bridge.ko, over vxlan too. A probe that comes back
 * in through another port proves a loop through both ports; the port it
 * came back in on is blocked at once, in softirq. A probe that comes back
 * in through the port it left by proves a loop behind that port that does
 * not run through this bridge: nothing to block here.
 *
 * Blocked: the port forwards nothing, in or out, and learns nothing; it
 * still sends and receives probes, and `bridge link` shows it blocking.
 * While a port is blocked the guard probes every CBR_GUARD_TICK. A port
 * heals when, past its hold time (CBR_GUARD_HOLD, doubled for each time it
 * was blocked again soon after healing, plus as much again at random) and
 * CBR_GUARD_CLEAR after the last proof of its loop, a whole round went out
 * and nothing came back.
 *
 * Two bridges that guard one loop may each block a port of a different
 * link. Then no probe proves either loop; the one whose hold runs out
 * first probes, heals, and from then on the other's probes prove its loop
 * again, so it stays blocked. The random part of the hold keeps the two
 * from healing in the same tick.
 */
#include <linux/netdevice.h>
#include <linux/etherdevice.h>
#include <linux/pkt_sched.h>
#include <linux/random.h>
#include <linux/rtnetlink.h>
#include <linux/siphash.h>
#include <linux/workqueue.h>

#include "cbr.h"

#define CBR_GUARD_MAGIC		0x63627231	/* "cbr1" */

/* Between probe rounds while a port is blocked (plus up to HZ / 10). */
#define CBR_GUARD_TICK		(HZ / 2)
/* A blocked port heals no sooner than this after the last proof ... */
#define CBR_GUARD_CLEAR		(3 * HZ / 2)
/* ... and after a round that went out this long ago found nothing. */
#define CBR_GUARD_SETTLE	(HZ / 4)
/* ... and than CBR_GUARD_HOLD << backoff (plus as much at random). */
#define CBR_GUARD_HOLD		(2 * HZ)
#define CBR_GUARD_BACKOFF_MAX	5		/* 64-128 s */
/* Blocked again within this long of healing: the back-off grows. */
#define CBR_GUARD_FLAP		(30 * HZ)
/* Suspicion rounds: this far apart, doubling while they find nothing. */
#define CBR_GUARD_GAP_MIN	(HZ / 4)
#define CBR_GUARD_GAP_MAX	(3 * HZ / 4)

enum {
	CBR_GUARD_ROUND,	/* a probe round is due */
};

/* The probe, after the Ethernet header. */
struct cbr_probe {
	__be32	magic;
	u8	id[8];		/* cbr->guard_id */
	__be32	ifindex;	/* the port it left by */
	__be32	seq;		/* cbr->guard_seq of its round */
	__be64	sig;		/* cbr_probe_sig() */
} __packed;

static __be64 cbr_probe_sig(const struct cbr *br, u32 ifindex, u32 seq)
{
	return cpu_to_be64(siphash_2u32(ifindex, seq, &br->guard_key));
}

/* Queue the guard's work now or after @delay, whichever is sooner than
 * a run already queued (any context).
 */
static void cbr_guard_kick(struct cbr *br, unsigned long delay)
{
	if (delay)
		queue_delayed_work(system_wq, &br->guard_work, delay);
	else
		mod_delayed_work(system_wq, &br->guard_work, 0);
}

/* Something looks like a loop (a station moved): probe soon, with some
 * jitter, so that two bridges in one loop rarely probe at the same
 * moment. Data path: softirq, rcu_read_lock(); no lock, no allocation.
 */
void cbr_guard_suspect(struct cbr *br)
{
	unsigned long next = READ_ONCE(br->guard_next);
	unsigned long gap = READ_ONCE(br->guard_gap);

	/* (In range, not just before: a stamp weeks old must not read as
	 * the future once jiffies wrap on 32 bits.)
	 */
	if (!READ_ONCE(br->guard_on) ||
	    time_in_range_open(jiffies, next - CBR_GUARD_GAP_MAX, next))
		return;
	if (cmpxchg(&br->guard_next, next, jiffies + gap) != next)
		return;
	/* Found nothing last time? Ask less often (a VM that migrates). */
	WRITE_ONCE(br->guard_gap, min(2 * gap, CBR_GUARD_GAP_MAX));
	if (!test_and_set_bit(CBR_GUARD_ROUND, &br->guard_flags))
		queue_delayed_work(system_wq, &br->guard_work,
				   get_random_u32_below(HZ / 50 + 1));
}

/* A probe that left by @from came back in on @in: a loop runs through
 * both (unless cbr would never forward between the two: isolated ports).
 * Block @in unless one of the two is blocked already (the loop is cut:
 * only note that it is still there). Softirq, rcu_read_lock().
 */
static void cbr_guard_loop(struct cbr *br, struct cbr_port *from,
			   struct cbr_port *in)
{
	unsigned long now = jiffies, hold;

	if (READ_ONCE(from->flags) & READ_ONCE(in->flags) & CBR_PORT_ISOLATED)
		return;

	spin_lock(&br->guard_lock);
	if (!br->guard_on)
		goto out;
	if (from->blocked && in->blocked) {
		/* Cut twice: only one of the two may need to stay blocked.
		 * Keep the lower ifindex; once the other heals, the next
		 * rounds prove this one's loop again if it still runs.
		 */
		if (from->dev->ifindex > in->dev->ifindex)
			swap(from, in);
		from->loop_seen = now;
		from->heal_probe = 0;
		goto out;
	}
	from->loop_seen = now;
	from->heal_probe = 0;
	in->loop_seen = now;
	in->heal_probe = 0;
	if (from->blocked || in->blocked)
		goto out;

	if (in->healed && time_before(now, in->healed_at + CBR_GUARD_FLAP))
		in->backoff = min(in->backoff + 1, CBR_GUARD_BACKOFF_MAX);
	else
		in->backoff = 0;
	hold = CBR_GUARD_HOLD << in->backoff;
	in->heal_after = now + hold + get_random_u32_below(hold + 1);
	WRITE_ONCE(in->loop_from, from->dev->ifindex);
	WRITE_ONCE(in->blocked, true);
	WRITE_ONCE(br->guard_gap, CBR_GUARD_GAP_MIN);
	atomic_long_inc(&br->guard_blocks);
	cbr_guard_kick(br, 0);	/* announce it */
out:
	spin_unlock(&br->guard_lock);
}

/* A frame of the guard's EtherType came in on @in (data at the network
 * header). Returns true if it was this bridge's probe, consumed; anything
 * else (another bridge's probe, a frame that only looks like one) goes on
 * as an ordinary frame. Softirq, rcu_read_lock().
 */
bool cbr_guard_rx(struct cbr_port *in, struct sk_buff *skb)
{
	struct cbr *br = in->br;
	const struct cbr_probe *p;
	struct net_device *dev;
	struct cbr_port *from;
	u32 seq, ifindex;

	if (!READ_ONCE(br->loop_guard) || !pskb_may_pull(skb, sizeof(*p)))
		return false;
	p = (const struct cbr_probe *)skb->data;
	if (p->magic != htonl(CBR_GUARD_MAGIC) ||
	    memcmp(p->id, br->guard_id, sizeof(p->id)))
		return false;

	/* Ours (if signed so): of this round or the one before, and left
	 * by a port of ours.
	 */
	seq = ntohl(p->seq);
	ifindex = ntohl(p->ifindex);
	if (p->sig != cbr_probe_sig(br, ifindex, seq) ||
	    READ_ONCE(br->guard_seq) - seq > 1)
		goto out;
	dev = dev_get_by_index_rcu(dev_net(in->dev), ifindex);
	from = dev ? cbr_port_get_rcu(dev) : NULL;
	if (from && from->br == br && from != in)
		cbr_guard_loop(br, from, in);
out:
	consume_skb(skb);
	return true;
}

/* One probe out of @port; false if it could not be made. A probe the
 * port drops (a full queue, a tc rule) is as good as one lost on the way:
 * it proves nothing either way. Caller holds RTNL.
 */
static bool cbr_guard_probe(struct cbr *br, struct cbr_port *port)
{
	struct net_device *dev = port->dev;
	struct cbr_probe *p;
	struct sk_buff *skb;
	struct ethhdr *eth;

	ASSERT_RTNL();
	skb = alloc_skb(LL_RESERVED_SPACE(dev) + ETH_ZLEN, GFP_KERNEL);
	if (!skb)
		return false;
	skb_reserve(skb, LL_RESERVED_SPACE(dev));
	skb_reset_mac_header(skb);
	eth = skb_put(skb, ETH_HLEN);
	eth_broadcast_addr(eth->h_dest);
	/* The port's own address, as BPDUs: cbr0's would teach the other
	 * bridges in the loop that cbr0 sits behind the blocked port.
	 */
	ether_addr_copy(eth->h_source, dev->dev_addr);
	eth->h_proto = htons(CBR_GUARD_ETH_P);
	skb_reset_network_header(skb);
	p = skb_put_zero(skb, ETH_ZLEN - ETH_HLEN);
	p->magic = htonl(CBR_GUARD_MAGIC);
	memcpy(p->id, br->guard_id, sizeof(p->id));
	p->ifindex = htonl(dev->ifindex);
	p->seq = htonl(br->guard_seq);
	p->sig = cbr_probe_sig(br, dev->ifindex, br->guard_seq);
	skb->protocol = eth->h_proto;
	skb->priority = TC_PRIO_CONTROL;
	skb->dev = dev;
	atomic_long_inc(&br->guard_probes);
	dev_queue_xmit(skb);
	return true;
}

/* A probe out of every port that is up, blocked or not; false if one
 * could not be made. Caller holds RTNL.
 */
static bool cbr_guard_round(struct cbr *br)
{
	struct cbr_port *port;
	bool all = true;

	ASSERT_RTNL();
	WRITE_ONCE(br->guard_seq, br->guard_seq + 1);
	list_for_each_entry(port, &br->ports, list) {
		if (netif_running(port->dev) && netif_oper_up(port->dev))
			all &= cbr_guard_probe(br, port);
	}
	return all;
}

/* Where a port stands after cbr_guard_update() looked at it. */
enum cbr_guard_step {
	CBR_GUARD_FORWARDING,
	CBR_GUARD_BLOCKED,
	CBR_GUARD_HEALED,
};

/* One blocked port's hold: heal it if a round went out since it became
 * due (@heal_probe) and nothing came back within CBR_GUARD_SETTLE; mark
 * it due otherwise. Caller holds guard_lock.
 */
static enum cbr_guard_step cbr_guard_hold(struct cbr_port *port,
					  unsigned long now)
{
	if (!port->blocked)
		return CBR_GUARD_FORWARDING;
	if (time_before(now, port->heal_after) ||
	    time_before(now, port->loop_seen + CBR_GUARD_CLEAR))
		return CBR_GUARD_BLOCKED;
	if (!port->heal_probe) {
		/* Due: the round this run sends decides. */
		port->heal_probe = now;
		return CBR_GUARD_BLOCKED;
	}
	if (!time_after(now, port->heal_probe + CBR_GUARD_SETTLE))
		return CBR_GUARD_BLOCKED;	/* its probes may be on the way */
	WRITE_ONCE(port->blocked, false);
	port->heal_probe = 0;
	port->healed = true;
	port->healed_at = now;
	return CBR_GUARD_HEALED;
}

/* Heal the blocked ports whose loop is gone; true if some port is still
 * blocked. Newly blocked ports lose what was learned on them (the loop
 * taught them stations that are elsewhere) and are logged, once. Every
 * change of state is announced. Caller holds RTNL.
 */
static bool cbr_guard_update(struct cbr *br)
{
	unsigned long now = jiffies;
	struct cbr_port *port;
	bool blocked = false;

	ASSERT_RTNL();
	list_for_each_entry(port, &br->ports, list) {
		enum cbr_guard_step step;

		spin_lock_bh(&br->guard_lock);
		step = cbr_guard_hold(port, now);
		spin_unlock_bh(&br->guard_lock);

		if (step == CBR_GUARD_BLOCKED && !port->block_logged) {
			struct net_device *from;

			port->block_logged = true;
			cbr_fdb_flush_port(br, port, true);
			from = __dev_get_by_index(dev_net(port->dev),
						  READ_ONCE(port->loop_from));
			netdev_warn(br->dev, "loop detected: port %s blocked (a probe sent out of %s came back in on it)\n",
				    port->dev->name, from ? from->name : "?");
		} else if (step == CBR_GUARD_HEALED) {
			port->block_logged = false;
			netdev_info(br->dev, "loop gone: port %s forwards again\n",
				    port->dev->name);
		}
		blocked |= step == CBR_GUARD_BLOCKED;
		cbr_port_state_update(port);
	}
	return blocked;
}

/* Forget every port's due heal: a round did not go out whole. Caller
 * holds RTNL.
 */
static void cbr_guard_round_lost(struct cbr *br)
{
	struct cbr_port *port;

	ASSERT_RTNL();
	spin_lock_bh(&br->guard_lock);
	list_for_each_entry(port, &br->ports, list)
		port->heal_probe = 0;
	spin_unlock_bh(&br->guard_lock);
}

/* The guard's work: announce, heal, probe. It needs RTNL and must not
 * wait for it (cbr_guard_stop() cancels this work holding RTNL), so it
 * tries and comes back shortly when RTNL is busy.
 */
static void cbr_guard_work(struct work_struct *work)
{
	struct cbr *br = container_of(to_delayed_work(work), struct cbr,
				      guard_work);
	bool blocked, round;

	if (!rtnl_trylock()) {
		queue_delayed_work(system_wq, &br->guard_work, HZ / 100 + 1);
		return;
	}
	if (!READ_ONCE(br->guard_on))
		goto out;
	round = test_and_clear_bit(CBR_GUARD_ROUND, &br->guard_flags);
	blocked = cbr_guard_update(br);
	if ((round || blocked) && !cbr_guard_round(br))
		cbr_guard_round_lost(br);
	if (blocked)
		cbr_guard_kick(br, CBR_GUARD_TICK +
			       get_random_u32_below(HZ / 10 + 1));
out:
	rtnl_unlock();
}

/* A new bridge: its guard is on, idle until the bridge is up. */
void cbr_guard_init(struct cbr *br)
{
	br->loop_guard = true;
	br->guard_next = jiffies;
	br->guard_gap = CBR_GUARD_GAP_MIN;
	get_random_bytes(br->guard_id, sizeof(br->guard_id));
	get_random_bytes(&br->guard_key, sizeof(br->guard_key));
	spin_lock_init(&br->guard_lock);
	INIT_DELAYED_WORK(&br->guard_work, cbr_guard_work);
}

/* The bridge came up, or its guard was switched on. Caller holds RTNL. */
void cbr_guard_start(struct cbr *br)
{
	ASSERT_RTNL();
	spin_lock_bh(&br->guard_lock);
	WRITE_ONCE(br->guard_on, br->loop_guard && netif_running(br->dev));
	spin_unlock_bh(&br->guard_lock);
}

/* The bridge goes down or away, or its guard is switched off: no port is
 * blocked from here on and the work is not running. Caller holds RTNL.
 */
void cbr_guard_stop(struct cbr *br)
{
	struct cbr_port *port;

	ASSERT_RTNL();
	spin_lock_bh(&br->guard_lock);
	WRITE_ONCE(br->guard_on, false);
	list_for_each_entry(port, &br->ports, list) {
		WRITE_ONCE(port->blocked, false);
		port->backoff = 0;
		port->healed = false;
		port->heal_probe = 0;
	}
	spin_unlock_bh(&br->guard_lock);
	/* A suspicion that saw guard_on before it went may still queue the
	 * work; it finds guard_on false and does nothing. On the way out
	 * (ndo_uninit) there is no port left to raise one.
	 */
	cancel_delayed_work_sync(&br->guard_work);
	clear_bit(CBR_GUARD_ROUND, &br->guard_flags);
	list_for_each_entry(port, &br->ports, list) {
		port->block_logged = false;
		cbr_port_state_update(port);
	}
}

/* IFLA_CBR_LOOP_GUARD. Caller holds RTNL. */
void cbr_guard_set(struct cbr *br, bool on)
{
	ASSERT_RTNL();
	if (READ_ONCE(br->loop_guard) == on)
		return;
	WRITE_ONCE(br->loop_guard, on);
	if (on)
		cbr_guard_start(br);
	else
		cbr_guard_stop(br);
}
