// SPDX-License-Identifier: GPL-2.0
/*
 * cbr: where a frame goes -- to exactly one port (a known station), to every
 * port but the one it came in on (flooding), and/or up the bridge device's
 * own stack (the host port).
 *
 * Frames from a port arrive with skb->data past the Ethernet header (the
 * port's eth_type_trans() pulled it); frames from the host are pulled the
 * same way in cbr_forward_xmit(), so both paths share the helpers below.
 * Everything here runs under rcu_read_lock() and takes no lock. The bridge
 * family's netfilter hooks run on the way (cbr_nf.c).
 */
#include <linux/netdevice.h>
#include <linux/etherdevice.h>
#include <linux/skbuff.h>
#include <linux/netfilter_bridge.h>
#include <linux/if_vlan.h>
#include <linux/errqueue.h>
#include <net/sch_generic.h>

#include "cbr.h"

/* What kind of frame is flooded: each has its port setting. */
enum cbr_pkt_type {
	CBR_PKT_UNICAST,	/* unknown unicast: flood */
	CBR_PKT_MULTICAST,	/* mcast_flood */
	CBR_PKT_BROADCAST,	/* bcast_flood */
};

static enum cbr_pkt_type cbr_pkt_type(const unsigned char *dest)
{
	if (is_broadcast_ether_addr(dest))
		return CBR_PKT_BROADCAST;
	if (is_multicast_ether_addr(dest))
		return CBR_PKT_MULTICAST;
	return CBR_PKT_UNICAST;
}

/* May a frame that came in through @in (NULL: sent by the host) go out
 * through @to? Not back where it came from unless @to is in hairpin mode,
 * never through a port the loop guard blocked, never from an isolated port
 * to another, and only through a port that is up with carrier (as
 * should_deliver() in bridge.ko).
 */
static bool cbr_should_deliver(const struct cbr_port *to,
			       const struct cbr_port *in)
{
	unsigned long flags = READ_ONCE(to->flags);

	if (to == in && !(flags & CBR_PORT_HAIRPIN))
		return false;
	if (unlikely(READ_ONCE(to->blocked)))	/* the loop guard's */
		return false;
	if ((flags & CBR_PORT_ISOLATED) && in &&
	    (READ_ONCE(in->flags) & CBR_PORT_ISOLATED))
		return false;
	return netif_running(to->dev) && netif_carrier_ok(to->dev);
}

/* Does @to take a flooded frame of @type? The host's own multicast and
 * broadcast go everywhere, as in br_flood(); a frame that neigh_suppress
 * keeps from suppressing ports (@suppressed, cbr_neigh.c) does not go to
 * them.
 */
static bool cbr_flood_to(const struct cbr_port *to, enum cbr_pkt_type type,
			 bool local_orig, bool suppressed)
{
	unsigned long flags = READ_ONCE(to->flags);

	if (suppressed && (flags & CBR_PORT_NEIGH_SUPPRESS))
		return false;
	switch (type) {
	case CBR_PKT_MULTICAST:
		return local_orig || (flags & CBR_PORT_MCAST_FLOOD);
	case CBR_PKT_BROADCAST:
		return local_orig || (flags & CBR_PORT_BCAST_FLOOD);
	default:
		return flags & CBR_PORT_FLOOD;
	}
}

/* Is @dev a cveth? Its kind says so: cbr does not link against cveth,
 * so that either module loads without the other. Its peer is what
 * ndo_get_peer_dev() returns. Caller holds RTNL.
 */
bool cbr_port_is_cveth(const struct net_device *dev)
{
	ASSERT_RTNL();
	return dev->rtnl_link_ops && dev->netdev_ops->ndo_get_peer_dev &&
	       !strcmp(dev->rtnl_link_ops->kind, "cveth");
}

static void cbr_fast_count(struct cbr *br, bool fast)
{
	struct cbr_fast_stats *st = this_cpu_ptr(br->fast_stats);

	u64_stats_update_begin(&st->syncp);
	u64_stats_inc(fast ? &st->fast : &st->declined);
	u64_stats_update_end(&st->syncp);
}

void cbr_fast_stats_read(const struct cbr *br, u64 *fast, u64 *declined)
{
	int cpu;

	*fast = 0;
	*declined = 0;
	for_each_possible_cpu(cpu) {
		const struct cbr_fast_stats *st = per_cpu_ptr(br->fast_stats,
							      cpu);
		unsigned int start;
		u64 f, d;

		do {
			start = u64_stats_fetch_begin(&st->syncp);
			f = u64_stats_read(&st->fast);
			d = u64_stats_read(&st->declined);
		} while (u64_stats_fetch_retry(&st->syncp, start));
		*fast += f;
		*declined += d;
	}
}

/* How deep cbr's fast path is nested on this CPU: a peer that receives a
 * frame may hand it on, inside the call, to a device whose rx_handler is
 * a bridge's (a VLAN upper device that is a port, a tc program's
 * bpf_redirect_peer()); the fast path is taken at the outer level only,
 * so the nesting is bounded whatever the topology. Bottom halves are off
 * wherever it is read or written.
 */
static DEFINE_PER_CPU(u8, cbr_fast_nest);

/* May @skb (data at the Ethernet header) skip the way out through the
 * cveth @dev into @peer? Only if nothing that dev_queue_xmit() and
 * cveth_xmit() would do is skipped with it: no qdisc but noqueue, no tc
 * or netfilter egress hook, no XDP program on either end, nothing for
 * validate_xmit_skb() to do (segmentation, linearising, checksum, VLAN
 * tag insertion, for this port's features and limits), no RPS anywhere
 * (a frame RPS drops on its way to another CPU would be counted as sent),
 * and the peer up and taking a frame this size (cveth_xmit() drops and
 * counts otherwise). A peer with an rx_handler of its own (a bridge port,
 * a macvlan's lower device) would take the frame on inside this call, so
 * it does not qualify either, and neither does a fast path nested in
 * another (cbr_fast_nest).
 */
static bool cbr_fastpath_ok(struct net_device *dev, struct net_device *peer,
			    struct sk_buff *skb)
{
	netdev_features_t features;

	if (dev->real_num_tx_queues != 1 ||
	    rcu_dereference_bh(netdev_get_tx_queue(dev, 0)->qdisc)->enqueue ||
	    cnet_dev_egress_hooked(dev))
		return false;
	if (rcu_access_pointer(dev->xdp_prog) ||
	    rcu_access_pointer(peer->xdp_prog) ||
	    rcu_access_pointer(peer->rx_handler))
		return false;
#ifdef CONFIG_RPS
	if (static_branch_unlikely(&rps_needed))
		return false;
#endif
	if (__this_cpu_read(cbr_fast_nest))
		return false;

	features = netif_skb_features(skb);
	if (netif_needs_gso(skb, features) ||
	    skb_needs_linearize(skb, features))
		return false;
	if (skb->ip_summed == CHECKSUM_PARTIAL &&
	    !(features & (skb->csum_not_inet ? NETIF_F_SCTP_CRC :
					       NETIF_F_HW_CSUM)))
		return false;
	if (skb_vlan_tag_present(skb) &&
	    !vlan_hw_offload_capable(features, skb->vlan_proto))
		return false;

	if (!(READ_ONCE(peer->flags) & IFF_UP))
		return false;
	return skb_is_gso(skb) ||
	       skb->len <= READ_ONCE(peer->mtu) + peer->hard_header_len +
			   VLAN_HLEN;
}

/* The fast path (Documentation/cbr.rst): a frame for a port that is a
 * cveth is received by the port's peer, the container's end, right here,
 * instead of being queued out through the port (dev_queue_xmit(),
 * cveth_xmit()) and then through the per-CPU backlog (netif_rx()). What
 * the two paths show does not differ: what __dev_queue_xmit() and
 * netdev_core_pick_tx() set on the way out is set (queue 0, the sending
 * CPU, no tc ingress mark, the sched timestamp), the port's taps see the
 * frame leave, the port's tx counter counts it (cveth keeps it in tstats,
 * and reads its peer's rx from there), the skb is scrubbed as cveth_xmit()
 * scrubs it, and the peer receives it as from process_backlog(), with
 * skb->dev the peer. Called in softirq (or with bottom halves off) under
 * rcu_read_lock(), never from the host's transmit path. Returns true if
 * the peer took @skb (data at the Ethernet header).
 */
static bool cbr_fastpath(const struct cbr_port *to, struct sk_buff *skb)
{
	struct net_device *dev = to->dev, *peer;
	struct cbr *br = to->br;
	unsigned int len = skb->len;

	if (!to->cveth || !READ_ONCE(br->fastpath))
		return false;
	peer = dev->netdev_ops->ndo_get_peer_dev(dev);
	if (!peer || !cbr_fastpath_ok(dev, peer, skb) ||
	    unlikely(skb_orphan_frags(skb, GFP_ATOMIC))) {
		cbr_fast_count(br, false);
		return false;
	}

	/* What the way out would have set. */
	cnet_skb_clear_tc_ingress(skb);
	if (unlikely(skb_shinfo(skb)->tx_flags & SKBTX_SCHED_TSTAMP))
		__skb_tstamp_tx(skb, NULL, NULL, skb->sk, SCM_TSTAMP_SCHED);
#ifdef CONFIG_XPS
	if (skb->sender_cpu - 1 >= nr_cpu_ids)
		skb->sender_cpu = raw_smp_processor_id() + 1;
#endif
	skb_set_queue_mapping(skb, 0);
	if (dev_nit_active(dev))
		dev_queue_xmit_nit(skb, dev);
	skb_tx_timestamp(skb);

	/* What cveth_xmit() does. */
	skb_scrub_packet(skb, !net_eq(dev_net(dev), dev_net(peer)));
	skb->priority = 0;
	skb->protocol = eth_type_trans(skb, peer);
	skb_postpull_rcsum(skb, eth_hdr(skb), ETH_HLEN);
	dev_sw_netstats_tx_add(dev, 1, len);
	cbr_fast_count(br, true);

	__this_cpu_inc(cbr_fast_nest);
	netif_receive_skb(skb);
	__this_cpu_dec(cbr_fast_nest);
	return true;
}

/* The last step out through port @to: push the Ethernet header back and
 * check the frame as it will leave, header included, against the port's
 * MTU (as br_dev_queue_push_xmit() does). A frame too big for the port is
 * dropped and counted in the bridge's tx_dropped. With @may_fast, a frame
 * for a cveth may take the fast path.
 */
static void cbr_xmit(const struct cbr_port *to, struct sk_buff *skb,
		     bool may_fast)
{
	skb_push(skb, ETH_HLEN);
	if (unlikely(!is_skb_forwardable(skb->dev, skb))) {
		dev_core_stats_tx_dropped_inc(to->br->dev);
		kfree_skb_reason(skb, SKB_DROP_REASON_PKT_TOO_BIG);
		return;
	}
	if (may_fast && cbr_fastpath(to, skb))
		return;
	dev_queue_xmit(skb);
}

/* The continuations of the hooks below once userspace accepted a frame
 * queued to it (nf_reinject()): skb->dev is the egress port. Such a frame
 * takes the ordinary path.
 */
static int cbr_xmit_okfn(struct net *net, struct sock *sk, struct sk_buff *skb)
{
	struct cbr_port *to = cbr_port_get_rcu(skb->dev);

	if (to)
		cbr_xmit(to, skb, false);
	else
		kfree_skb_reason(skb, SKB_DROP_REASON_DEV_READY);
	return 0;
}

/* A frame leaves with no receive timestamp (br_forward_finish() clears it
 * too): an EDT qdisc on the port (fq) reads skb->tstamp as a departure
 * time and would drop a wall-clock receive stamp as beyond its horizon.
 */
static void cbr_post_routing(const struct cbr_port *to, struct sk_buff *skb,
			     bool may_fast)
{
	skb_clear_tstamp(skb);
	if (cbr_nf_hook(to->br, NF_BR_POST_ROUTING, dev_net(skb->dev), skb,
			NULL, skb->dev, cbr_xmit_okfn))
		cbr_xmit(to, skb, may_fast);
}

static int cbr_post_routing_okfn(struct net *net, struct sock *sk,
				 struct sk_buff *skb)
{
	struct cbr_port *to = cbr_port_get_rcu(skb->dev);

	if (to)
		cbr_post_routing(to, skb, false);
	else
		kfree_skb_reason(skb, SKB_DROP_REASON_DEV_READY);
	return 0;
}

/* Send @skb (data at the network header) out through @to: FORWARD for a
 * frame from a port, LOCAL_OUT for one the host sent, then POST_ROUTING.
 */
static void cbr_deliver(const struct cbr_port *to, struct sk_buff *skb,
			bool local_orig)
{
	struct net_device *indev = skb->dev;
	int ok;

	skb->dev = to->dev;
	if (local_orig) {
		ok = cbr_nf_hook(to->br, NF_BR_LOCAL_OUT, dev_net(to->dev), skb,
				 NULL, to->dev, cbr_post_routing_okfn);
	} else {
		skb_forward_csum(skb);
		ok = cbr_nf_hook(to->br, NF_BR_FORWARD, dev_net(to->dev), skb,
				 indev, to->dev, cbr_post_routing_okfn);
	}
	/* Not the host's frames: its transmit path may run in any context
	 * (netpoll with interrupts off, say), not one to receive in.
	 */
	if (ok)
		cbr_post_routing(to, skb, !local_orig);
}

static int cbr_local_in_okfn(struct net *net, struct sock *sk,
			     struct sk_buff *skb)
{
	return netif_receive_skb(skb);
}

/* Up the bridge device's stack, as if received on it, through LOCAL_IN.
 * Consumes @skb, or returns RX_HANDLER_ANOTHER for the core to take it up.
 */
static rx_handler_result_t cbr_pass_up(struct cbr *br, struct sk_buff *skb)
{
	struct net_device *indev = skb->dev;

	skb->dev = br->dev;
	dev_sw_netstats_rx_add(br->dev, skb->len + ETH_HLEN);
	if (!cbr_nf_hook(br, NF_BR_LOCAL_IN, dev_net(indev), skb, indev, NULL,
			 cbr_local_in_okfn))
		return RX_HANDLER_CONSUMED;
	return RX_HANDLER_ANOTHER;
}

/* Flood @skb of @type to every port that takes it (cbr_flood_to()); also
 * up the stack if @to_host. Returns true if the caller must pass @skb up
 * (to_host), false if @skb was consumed.
 */
static bool cbr_flood(struct cbr *br, struct sk_buff *skb,
		      const struct cbr_port *in, enum cbr_pkt_type type,
		      bool suppressed, bool to_host, bool local_orig)
{
	struct cbr_port *port, *prev = NULL;

	list_for_each_entry_rcu(port, &br->ports, list) {
		struct sk_buff *clone;

		if (!cbr_flood_to(port, type, local_orig, suppressed) ||
		    !cbr_should_deliver(port, in))
			continue;
		if (prev) {
			clone = skb_clone(skb, GFP_ATOMIC);
			if (!clone) {
				dev_core_stats_tx_dropped_inc(br->dev);
				continue;
			}
			cbr_deliver(prev, clone, local_orig);
		}
		prev = port;
	}

	if (to_host) {
		if (prev) {
			struct sk_buff *clone = skb_clone(skb, GFP_ATOMIC);

			if (clone)
				cbr_deliver(prev, clone, local_orig);
			else
				dev_core_stats_tx_dropped_inc(br->dev);
		}
		return true;
	}

	if (prev)
		cbr_deliver(prev, skb, local_orig);
	else
		kfree_skb_reason(skb, SKB_DROP_REASON_NO_TX_TARGET);
	return false;
}

/* A frame that entered through port @in (source already learned).
 * Called from the rx_handler or a queue verdict's nf_reinject(): BH off,
 * rcu_read_lock().
 */
rx_handler_result_t cbr_forward_rx(struct cbr_port *in, struct sk_buff *skb)
{
	const unsigned char *dest;
	struct cbr *br = in->br;
	bool suppressed = false;
	struct cbr_fdb_entry *f;
	struct cbr_port *to;

	if (unlikely(READ_ONCE(br->neigh_suppress)) &&
	    (skb->protocol == htons(ETH_P_ARP) ||
	     skb->protocol == htons(ETH_P_IPV6)))
		suppressed = cbr_neigh_suppress(br, in, skb);

	/* After the suppression's pull, which may move the header. */
	dest = eth_hdr(skb)->h_dest;
	if (is_multicast_ether_addr(dest)) {
		/* Broadcast and multicast: the other ports and the host. */
		cbr_flood(br, skb, in, cbr_pkt_type(dest), suppressed, true,
			  false);
		return cbr_pass_up(br, skb);
	}

	if (ether_addr_equal(dest, br->dev->dev_addr)) {
		skb->pkt_type = PACKET_HOST;
		return cbr_pass_up(br, skb);
	}

	f = cbr_fdb_lookup(br, dest);
	if (f) {
		to = READ_ONCE(f->port);
		if (cbr_should_deliver(to, in))
			cbr_deliver(to, skb, false);
		else if (to == in || netif_running(to->dev))
			/* Back where it came from, or isolated from it. */
			kfree_skb_reason(skb, SKB_DROP_REASON_NO_TX_TARGET);
		else
			kfree_skb_reason(skb, SKB_DROP_REASON_DEV_READY);
		return RX_HANDLER_CONSUMED;
	}

	/* Unknown unicast: flood; a promiscuous bridge also sees it. */
	if (cbr_flood(br, skb, in, CBR_PKT_UNICAST, suppressed,
		      br->dev->flags & IFF_PROMISC, false))
		return cbr_pass_up(br, skb);
	return RX_HANDLER_CONSUMED;
}

/* A frame the host sent on the bridge device (ndo_start_xmit: BH off). */
void cbr_forward_xmit(struct cbr *br, struct sk_buff *skb)
{
	const unsigned char *dest;
	bool suppressed = false;
	struct cbr_fdb_entry *f;
	__be16 proto;

	skb_reset_mac_header(skb);
	if (unlikely(!pskb_may_pull(skb, ETH_HLEN))) {
		kfree_skb_reason(skb, SKB_DROP_REASON_PKT_TOO_SMALL);
		return;
	}
	proto = eth_hdr(skb)->h_proto;
	skb_pull(skb, ETH_HLEN);

	rcu_read_lock();
	if (unlikely(READ_ONCE(br->neigh_suppress)) &&
	    (proto == htons(ETH_P_ARP) || proto == htons(ETH_P_IPV6)))
		suppressed = cbr_neigh_suppress(br, NULL, skb);

	/* After the suppression's pull, which may move the header. */
	dest = eth_hdr(skb)->h_dest;
	if (!is_multicast_ether_addr(dest)) {
		f = cbr_fdb_lookup(br, dest);
		if (f) {
			struct cbr_port *to = READ_ONCE(f->port);

			if (cbr_should_deliver(to, NULL))
				cbr_deliver(to, skb, true);
			else
				kfree_skb_reason(skb, SKB_DROP_REASON_DEV_READY);
			goto out;
		}
	}
	cbr_flood(br, skb, NULL, cbr_pkt_type(dest), suppressed, false, true);
out:
	rcu_read_unlock();
}
