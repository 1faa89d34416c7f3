// SPDX-License-Identifier: GPL-2.0
/*
 * cbr: where a frame goes -- to exactly one port (a known station), to every
 * port but the one it came in on (flooding), and/or up the bridge device's
 * own stack (the host port).
 *
 * Frames from a port arrive with skb->data past the Ethernet header (the
 * port's eth_type_trans() pulled it); frames from the host are pulled the
 * same way in cbr_forward_xmit(), so both paths share the helpers below.
 * Everything here runs under rcu_read_lock() and takes no lock.
 */
#include <linux/netdevice.h>
#include <linux/etherdevice.h>
#include <linux/skbuff.h>

#include "cbr.h"

/* May a frame go out through @to? Never back out the way it came. */
static bool cbr_should_deliver(const struct cbr_port *to,
			       const struct cbr_port *in)
{
	return to != in && netif_running(to->dev) &&
	       netif_carrier_ok(to->dev);
}

/* Send @skb (data at the network header) out through @to. */
static void cbr_deliver(const struct cbr_port *to, struct sk_buff *skb,
			bool local_orig)
{
	if (unlikely(!is_skb_forwardable(to->dev, skb))) {
		dev_core_stats_tx_dropped_inc(to->br->dev);
		kfree_skb_reason(skb, SKB_DROP_REASON_PKT_TOO_BIG);
		return;
	}
	if (!local_orig)
		skb_forward_csum(skb);
	skb->dev = to->dev;
	skb_push(skb, ETH_HLEN);
	dev_queue_xmit(skb);
}

/* Up the bridge device's stack, as if received on it. Consumes @skb. */
static rx_handler_result_t cbr_pass_up(struct cbr *br, struct sk_buff *skb)
{
	skb->dev = br->dev;
	cbr_stats_rx(br, skb->len + ETH_HLEN);
	return RX_HANDLER_ANOTHER;
}

/* Flood @skb to every port but @in; also up the stack if @to_host.
 * Returns true if the caller must pass @skb up (to_host), false if @skb
 * was consumed.
 */
static bool cbr_flood(struct cbr *br, struct sk_buff *skb,
		      const struct cbr_port *in, bool to_host, bool local_orig)
{
	struct cbr_port *port, *prev = NULL;

	list_for_each_entry_rcu(port, &br->ports, list) {
		struct sk_buff *clone;

		if (!cbr_should_deliver(port, in))
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
 * Called from the rx_handler: softirq, rcu_read_lock().
 */
rx_handler_result_t cbr_forward_rx(struct cbr_port *in, struct sk_buff *skb)
{
	const unsigned char *dest = eth_hdr(skb)->h_dest;
	struct cbr *br = in->br;
	struct cbr_fdb_entry *f;
	struct cbr_port *to;

	if (is_multicast_ether_addr(dest)) {
		/* Broadcast and multicast: every other port and the host. */
		cbr_flood(br, skb, in, true, false);
		return cbr_pass_up(br, skb);
	}

	if (ether_addr_equal(dest, br->dev->dev_addr)) {
		skb->pkt_type = PACKET_HOST;
		return cbr_pass_up(br, skb);
	}

	f = cbr_fdb_lookup(br, dest);
	if (f) {
		to = READ_ONCE(f->port);
		if (to == in) {
			/* The station is on the segment it came from. */
			kfree_skb_reason(skb, SKB_DROP_REASON_NO_TX_TARGET);
			return RX_HANDLER_CONSUMED;
		}
		if (cbr_should_deliver(to, in))
			cbr_deliver(to, skb, false);
		else
			kfree_skb_reason(skb, SKB_DROP_REASON_DEV_READY);
		return RX_HANDLER_CONSUMED;
	}

	/* Unknown unicast: flood; a promiscuous bridge also sees it. */
	if (cbr_flood(br, skb, in, br->dev->flags & IFF_PROMISC, false))
		return cbr_pass_up(br, skb);
	return RX_HANDLER_CONSUMED;
}

/* A frame the host sent on the bridge device (ndo_start_xmit: BH off). */
void cbr_forward_xmit(struct cbr *br, struct sk_buff *skb)
{
	const unsigned char *dest;
	struct cbr_fdb_entry *f;

	skb_reset_mac_header(skb);
	if (unlikely(!pskb_may_pull(skb, ETH_HLEN))) {
		kfree_skb_reason(skb, SKB_DROP_REASON_PKT_TOO_SMALL);
		return;
	}
	dest = eth_hdr(skb)->h_dest;
	skb_pull(skb, ETH_HLEN);

	rcu_read_lock();
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
	cbr_flood(br, skb, NULL, false, true);
out:
	rcu_read_unlock();
}
