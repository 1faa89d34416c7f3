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
 * never from an isolated port to another, and only through a port that is
 * up with carrier (as should_deliver() in bridge.ko).
 */
static bool cbr_should_deliver(const struct cbr_port *to,
			       const struct cbr_port *in)
{
	unsigned long flags = READ_ONCE(to->flags);

	if (to == in && !(flags & CBR_PORT_HAIRPIN))
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

/* The last step out through a port: push the Ethernet header back and
 * check the frame as it will leave, header included, against the port's
 * MTU (as br_dev_queue_push_xmit() does). A frame too big for the port is
 * dropped and counted in the bridge's tx_dropped.
 */
static void cbr_xmit(struct cbr *br, struct sk_buff *skb)
{
	skb_push(skb, ETH_HLEN);
	if (unlikely(!is_skb_forwardable(skb->dev, skb))) {
		dev_core_stats_tx_dropped_inc(br->dev);
		kfree_skb_reason(skb, SKB_DROP_REASON_PKT_TOO_BIG);
		return;
	}
	dev_queue_xmit(skb);
}

/* The continuations of the hooks below once userspace accepted a frame
 * queued to it (nf_reinject()): skb->dev is the egress port.
 */
static int cbr_xmit_okfn(struct net *net, struct sock *sk, struct sk_buff *skb)
{
	struct cbr_port *to = cbr_port_get_rcu(skb->dev);

	if (to)
		cbr_xmit(to->br, skb);
	else
		kfree_skb_reason(skb, SKB_DROP_REASON_DEV_READY);
	return 0;
}

/* A frame leaves with no receive timestamp (br_forward_finish() clears it
 * too): an EDT qdisc on the port (fq) reads skb->tstamp as a departure
 * time and would drop a wall-clock receive stamp as beyond its horizon.
 */
static void cbr_post_routing(struct cbr *br, struct sk_buff *skb)
{
	skb_clear_tstamp(skb);
	if (cbr_nf_hook(br, NF_BR_POST_ROUTING, dev_net(skb->dev), skb, NULL,
			skb->dev, cbr_xmit_okfn))
		cbr_xmit(br, skb);
}

static int cbr_post_routing_okfn(struct net *net, struct sock *sk,
				 struct sk_buff *skb)
{
	struct cbr_port *to = cbr_port_get_rcu(skb->dev);

	if (to)
		cbr_post_routing(to->br, skb);
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
	if (ok)
		cbr_post_routing(to->br, skb);
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
