// SPDX-License-Identifier: GPL-2.0
/*
 * cbr: ports -- enslaving and releasing devices (ndo_add_slave and
 * ndo_del_slave), the rx_handler every frame from a port enters through, and
 * the netdev notifier that follows ports being deleted, moved to another
 * namespace, going up or down, or changing MTU.
 *
 * A device is our port exactly when its rx_handler is cbr_port_rx: cbr sets
 * neither IFF_EBRIDGE nor IFF_BRIDGE_PORT, which belong to bridge.ko, and
 * leaves rx_handler_data NULL (see cbr_port_of() in cbr.h). A port is
 * linked to its bridge before its rx_handler is registered, and unlinked
 * only after the rx_handler is gone.
 */
#include <linux/netdevice.h>
#include <linux/etherdevice.h>
#include <linux/if_arp.h>
#include <linux/netfilter_bridge.h>
#include <linux/rtnetlink.h>
#include <linux/slab.h>

#include "cbr.h"

/* Caller holds RTNL. */
struct cbr_port *cbr_port_get_rtnl(const struct net_device *dev)
{
	ASSERT_RTNL();
	if (rtnl_dereference(dev->rx_handler) != cbr_port_rx)
		return NULL;
	return cbr_port_of(dev);
}

/* Caller holds rcu_read_lock() or RTNL. */
struct cbr_port *cbr_port_get_rcu(const struct net_device *dev)
{
	if (rcu_dereference_rtnl(dev->rx_handler) != cbr_port_rx)
		return NULL;
	return cbr_port_of(dev);
}

/* Link-local group addresses 01:80:C2:00:00:0X but the Bridge Group
 * Address (see cbr_port_rx()): the frame is for the link itself (pause,
 * 802.1X, LLDP, ...), never for the other ports. Pause frames are dropped;
 * the rest go up the port's own stack, where an LLDP or 802.1X daemon
 * listening on the port expects them. Their source is learned while the
 * bridge is up and the port not blocked (cbr_guard.c), unless
 * no_linklocal_learn says not to.
 */
static rx_handler_result_t cbr_port_rx_link_local(struct cbr_port *port,
						  struct sk_buff *skb)
{
	const struct ethhdr *eth = eth_hdr(skb);
	struct cbr *br = port->br;

	if (eth->h_dest[5] == 0x01) {	/* IEEE 802.3x pause */
		kfree_skb_reason(skb, SKB_DROP_REASON_UNHANDLED_PROTO);
		return RX_HANDLER_CONSUMED;
	}
	if ((READ_ONCE(port->flags) & (CBR_PORT_LEARNING | CBR_PORT_LOCKED)) ==
	    CBR_PORT_LEARNING && !READ_ONCE(port->blocked) &&
	    (READ_ONCE(br->dev->flags) & IFF_UP) &&
	    !READ_ONCE(br->no_ll_learn))
		cbr_fdb_learn(br, port, eth->h_source);
	return RX_HANDLER_PASS;
}

/* May a frame from @src enter through the locked @port? Only if the FDB
 * has @src on @port (`bridge fdb add SRC dev PORT master static`, the
 * authenticator's doing), as bridge.ko's BR_PORT_LOCKED.
 */
static bool cbr_port_locked_allows(struct cbr_port *port, const u8 *src)
{
	struct cbr_fdb_entry *f = cbr_fdb_lookup(port->br, src);

	return f && READ_ONCE(f->port) == port;
}

/* After PRE_ROUTING: a locked port's filter, learning the source (after
 * the filter, so that nothing spoofed is learned), then forward, flood or
 * pass up.
 */
static rx_handler_result_t cbr_port_rx_finish(struct cbr_port *port,
					      struct sk_buff *skb)
{
	unsigned long flags = READ_ONCE(port->flags);
	const u8 *src = eth_hdr(skb)->h_source;

	if (unlikely(flags & CBR_PORT_LOCKED) &&
	    !cbr_port_locked_allows(port, src)) {
		kfree_skb(skb);
		return RX_HANDLER_CONSUMED;
	}
	if (flags & CBR_PORT_LEARNING)
		cbr_fdb_learn(port->br, port, src);
	return cbr_forward_rx(port, skb);
}

/* PRE_ROUTING's continuation for a frame that userspace accepted after a
 * queue verdict (nf_reinject(): rcu_read_lock(), bottom halves off).
 */
static int cbr_port_rx_okfn(struct net *net, struct sock *sk,
			    struct sk_buff *skb)
{
	struct cbr_port *port = cbr_port_get_rcu(skb->dev);

	if (!port || READ_ONCE(port->blocked))	/* blocked while queued */
		kfree_skb_reason(skb, SKB_DROP_REASON_DEV_READY);
	else if (cbr_port_rx_finish(port, skb) == RX_HANDLER_ANOTHER)
		netif_receive_skb(skb);
	return 0;
}

/* The rx_handler of every port: runs in softirq under rcu_read_lock(). */
rx_handler_result_t cbr_port_rx(struct sk_buff **pskb)
{
	struct sk_buff *skb = *pskb;
	struct cbr_port *port;
	struct cbr *br;

	if (unlikely(skb->pkt_type == PACKET_LOOPBACK))
		return RX_HANDLER_PASS;

	port = cbr_port_of(skb->dev);
	br = port->br;

	if (unlikely(!is_valid_ether_addr(eth_hdr(skb)->h_source))) {
		kfree_skb_reason(skb, SKB_DROP_REASON_MAC_INVALID_SOURCE);
		return RX_HANDLER_CONSUMED;
	}

	skb = skb_share_check(skb, GFP_ATOMIC);
	if (!skb)
		return RX_HANDLER_CONSUMED;
	*pskb = skb;

	/* The Bridge Group Address (01:80:C2:00:00:00, STP's BPDUs) is
	 * bridged like any multicast: with no STP of its own, cbr forwards
	 * BPDUs as the kernel bridge does with STP off, so that STP bridges
	 * around it see a loop that runs through it.
	 */
	if (unlikely(is_link_local_ether_addr(eth_hdr(skb)->h_dest) &&
		     eth_hdr(skb)->h_dest[5]))
		return cbr_port_rx_link_local(port, skb);

	/* A bridge that is down forwards nothing (its ports are disabled). */
	if (unlikely(!(READ_ONCE(br->dev->flags) & IFF_UP))) {
		kfree_skb_reason(skb, SKB_DROP_REASON_DEV_READY);
		return RX_HANDLER_CONSUMED;
	}

	/* The loop guard's probes (cbr_guard.c); a blocked port takes in
	 * nothing else.
	 */
	if (unlikely(skb->protocol == htons(CBR_GUARD_ETH_P)) &&
	    cbr_guard_rx(port, skb))
		return RX_HANDLER_CONSUMED;
	if (unlikely(READ_ONCE(port->blocked))) {
		kfree_skb_reason(skb, SKB_DROP_REASON_NOT_SPECIFIED);
		return RX_HANDLER_CONSUMED;
	}

	if (!cbr_nf_hook(br, NF_BR_PRE_ROUTING, dev_net(skb->dev), skb,
			 skb->dev, NULL, cbr_port_rx_okfn))
		return RX_HANDLER_CONSUMED;
	return cbr_port_rx_finish(port, skb);
}

/* May @dev become a port of @br? Caller holds RTNL. */
static int cbr_port_check(struct cbr *br, struct net_device *dev,
			  struct netlink_ext_ack *extack)
{
	ASSERT_RTNL();
	if (dev == br->dev) {
		NL_SET_ERR_MSG(extack, "Cannot make a bridge a port of itself");
		return -ELOOP;
	}
	if (dev->flags & IFF_LOOPBACK) {
		NL_SET_ERR_MSG(extack, "Loopback devices cannot be bridge ports");
		return -EINVAL;
	}
	if (dev->priv_flags & IFF_DONT_BRIDGE) {
		/* A Wi-Fi station, say: its AP drops frames from other MACs. */
		NL_SET_ERR_MSG(extack, "Device does not allow enslaving to a bridge");
		return -EOPNOTSUPP;
	}
	if (dev->type != ARPHRD_ETHER || dev->addr_len != ETH_ALEN ||
	    !is_valid_ether_addr(dev->dev_addr)) {
		NL_SET_ERR_MSG(extack, "Only Ethernet devices can be bridge ports");
		return -EINVAL;
	}
	if (cbr_is_bridge_dev(dev)) {
		NL_SET_ERR_MSG(extack, "A cbr bridge cannot be a port of another cbr bridge");
		return -ELOOP;
	}
	if (cbr_port_get_rtnl(dev)) {
		NL_SET_ERR_MSG(extack, "Device is already a cbr port");
		return -EBUSY;
	}
	if (rtnl_dereference(dev->rx_handler)) {
		NL_SET_ERR_MSG(extack, "Device is busy: its rx_handler is taken by another driver");
		return -EBUSY;
	}
	return 0;
}

/* Enslave @dev. Caller holds RTNL. */
int cbr_port_add(struct cbr *br, struct net_device *dev,
		 struct netlink_ext_ack *extack)
{
	struct cbr_port *port;
	int err;

	ASSERT_RTNL();
	err = cbr_port_check(br, dev, extack);
	if (err)
		return err;

	port = kzalloc(sizeof(*port), GFP_KERNEL);
	if (!port)
		return -ENOMEM;
	port->dev = dev;
	port->br = br;
	port->flags = CBR_PORT_DEFAULT;
	port->cveth = cbr_port_is_cveth(dev);
	netdev_hold(dev, &port->dev_tracker, GFP_KERNEL);

	err = dev_set_promiscuity(dev, 1);
	if (err) {
		NL_SET_ERR_MSG(extack, "Cannot make the device promiscuous");
		goto err_put;
	}

	/* The link first: cbr_port_of() finds the port through it. */
	err = netdev_master_upper_dev_link(dev, br->dev, port, NULL, extack);
	if (err)
		goto err_promisc;

	err = netdev_rx_handler_register(dev, cbr_port_rx, NULL);
	if (err) {
		NL_SET_ERR_MSG(extack, "Device is busy: its rx_handler is taken by another driver");
		goto err_unlink;
	}

	dev_disable_lro(dev);
	list_add_tail_rcu(&port->list, &br->ports);

	cbr_update_mtu(br);
	cbr_update_limits(br);
	cbr_update_carrier(br);
	cbr_port_announce(port);
	netdev_info(br->dev, "port %s added\n", dev->name);
	return 0;

err_unlink:
	netdev_upper_dev_unlink(dev, br->dev);
err_promisc:
	dev_set_promiscuity(dev, -1);
err_put:
	netdev_put(dev, &port->dev_tracker);
	kfree(port);
	return err;
}

static void cbr_port_free_rcu(struct rcu_head *head)
{
	struct cbr_port *port = container_of(head, struct cbr_port, rcu);

	netdev_put(port->dev, &port->dev_tracker);
	kfree(port);
}

/* Release a port: after this no frame enters through it, no FDB entry
 * points at it, and it is freed once RCU readers are done. Caller holds RTNL.
 */
static void cbr_port_release(struct cbr_port *port)
{
	struct cbr *br = port->br;
	struct net_device *dev = port->dev;

	ASSERT_RTNL();
	cbr_port_notify(port, RTM_DELLINK);
	list_del_rcu(&port->list);
	if (port->flags & CBR_PORT_NEIGH_SUPPRESS)
		cbr_update_neigh_suppress(br);

	netdev_rx_handler_unregister(dev);	/* waits for rx_handler users */
	netdev_upper_dev_unlink(dev, br->dev);
	dev_set_promiscuity(dev, -1);
	netdev_reset_rx_headroom(dev);
	cbr_fdb_flush_port(br, port, false);

	cbr_update_mtu(br);
	cbr_update_limits(br);
	cbr_update_carrier(br);
	netdev_info(br->dev, "port %s removed\n", dev->name);
	call_rcu(&port->rcu, cbr_port_free_rcu);
}

/* ndo_del_slave. Caller holds RTNL. */
int cbr_port_del(struct cbr *br, struct net_device *dev)
{
	struct cbr_port *port;

	ASSERT_RTNL();
	port = cbr_port_get_rtnl(dev);
	if (!port || port->br != br)
		return -EINVAL;
	cbr_port_release(port);
	return 0;
}

/* Release every port (the bridge is going away). Caller holds RTNL. */
void cbr_port_del_all(struct cbr *br)
{
	struct cbr_port *port, *tmp;

	ASSERT_RTNL();
	list_for_each_entry_safe(port, tmp, &br->ports, list)
		cbr_port_release(port);
}

/* Runs under RTNL, like every netdev notifier. */
static int cbr_port_event(struct notifier_block *nb, unsigned long event,
			  void *ptr)
{
	struct net_device *dev = netdev_notifier_info_to_dev(ptr);
	struct cbr_port *port;

	ASSERT_RTNL();
	port = cbr_port_get_rtnl(dev);
	if (!port)
		return NOTIFY_DONE;

	switch (event) {
	case NETDEV_DOWN:
		/* Stations behind a disabled port are gone (as in br_fdb). */
		cbr_fdb_flush_port(port->br, port, true);
		cbr_update_carrier(port->br);
		cbr_port_state_update(port);
		break;
	case NETDEV_UNREGISTER:
		/* Deleted, or moving to another namespace. */
		cbr_port_release(port);
		break;
	case NETDEV_CHANGEMTU:
		cbr_update_mtu(port->br);
		break;
	case NETDEV_FEAT_CHANGE:
		cbr_update_limits(port->br);
		break;
	case NETDEV_CHANGE:
		/* Lost carrier: disabled, as bridge.ko's port. */
		if (!netif_oper_up(dev))
			cbr_fdb_flush_port(port->br, port, true);
		fallthrough;
	case NETDEV_UP:
		cbr_update_carrier(port->br);
		/* Its state (`bridge link show`) may have changed. */
		cbr_port_state_update(port);
		break;
	case NETDEV_PRE_TYPE_CHANGE:
		/* A port must stay Ethernet. */
		return notifier_from_errno(-EBUSY);
	}
	return NOTIFY_DONE;
}

static struct notifier_block cbr_port_notifier = {
	.notifier_call = cbr_port_event,
};

int cbr_port_notifier_register(void)
{
	return register_netdevice_notifier(&cbr_port_notifier);
}

void cbr_port_notifier_unregister(void)
{
	unregister_netdevice_notifier(&cbr_port_notifier);
}
