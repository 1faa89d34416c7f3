// SPDX-License-Identifier: GPL-2.0
/*
 * cbr: a mini learning bridge.
 *
 * This file: the bridge device itself -- its netdev ops (open/stop, the
 * host's transmit path, stats, enslaving), its rtnl_link_ops ("cbr" with
 * IFLA_CBR_* attributes) and module init/exit.
 */
#include <linux/module.h>
#include <linux/netdevice.h>
#include <linux/etherdevice.h>
#include <linux/ethtool.h>
#include <linux/if_bridge.h>
#include <linux/jiffies.h>
#include <net/rtnetlink.h>
#include <linux/cbr.h>

#include "cbr.h"
#include "cnet_version.h"

#define CBR_FEATURES	(NETIF_F_SG | NETIF_F_FRAGLIST | NETIF_F_HIGHDMA | \
			 NETIF_F_HW_CSUM | NETIF_F_GSO_SOFTWARE)

/* Statistics are the core's per-CPU tstats, as in cveth: rx counts the
 * frames delivered up the bridge's stack, tx the frames the host sent
 * through it; forwarded frames count on the ports. Drops are the core's
 * dev_core_stats.
 */

/* Carrier is on while some port is up with carrier. Caller holds RTNL. */
void cbr_update_carrier(struct cbr *br)
{
	struct cbr_port *port;
	bool up = false;

	ASSERT_RTNL();
	list_for_each_entry(port, &br->ports, list) {
		if (netif_running(port->dev) && netif_oper_up(port->dev)) {
			up = true;
			break;
		}
	}
	if (up)
		netif_carrier_on(br->dev);
	else
		netif_carrier_off(br->dev);
}

/* The bridge's MTU follows its smallest port. Caller holds RTNL. */
void cbr_update_mtu(struct cbr *br)
{
	struct cbr_port *port;
	unsigned int mtu = 0;

	ASSERT_RTNL();
	list_for_each_entry(port, &br->ports, list) {
		if (!mtu || port->dev->mtu < mtu)
			mtu = port->dev->mtu;
	}
	if (mtu && mtu != br->dev->mtu)
		dev_set_mtu(br->dev, mtu);
}

/* What the bridge takes from its ports, as bridge.ko does: the largest
 * headroom a port needs, so that a host frame out through a tunnel port
 * (vxlan) needs no reallocation, also asked of every port for what it
 * receives (a veth peer then leaves room for it); the smallest TSO limits;
 * and the features cbr_fix_features() computes. Caller holds RTNL.
 */
void cbr_update_limits(struct cbr *br)
{
	unsigned int tso_max_size = TSO_MAX_SIZE;
	u16 tso_max_segs = TSO_MAX_SEGS;
	struct cbr_port *port;
	unsigned int hr = 0;

	ASSERT_RTNL();
	list_for_each_entry(port, &br->ports, list) {
		tso_max_size = min(tso_max_size, port->dev->tso_max_size);
		tso_max_segs = min(tso_max_segs, port->dev->tso_max_segs);
		hr = max(hr, netdev_get_fwd_headroom(port->dev));
	}
	list_for_each_entry(port, &br->ports, list)
		netdev_set_rx_headroom(port->dev, hr);
	br->dev->needed_headroom = hr;
	netif_set_tso_max_size(br->dev, tso_max_size);
	netif_set_tso_max_segs(br->dev, tso_max_segs);
	netdev_update_features(br->dev);
}

/* The features of a bridge with ports: what one port offers counts for
 * the bridge where that is enough (checksum, SG, GSO: the bridge can hand
 * a frame to whichever port it likes), what all must offer only where all
 * do (netdev_increment_features()). Caller holds RTNL.
 */
static netdev_features_t cbr_fix_features(struct net_device *dev,
					  netdev_features_t features)
{
	struct cbr *br = netdev_priv(dev);
	netdev_features_t mask = features;
	struct cbr_port *port;

	ASSERT_RTNL();
	if (list_empty(&br->ports))
		return features;

	features &= ~NETIF_F_ONE_FOR_ALL;
	list_for_each_entry(port, &br->ports, list)
		features = netdev_increment_features(features,
						     port->dev->features, mask);
	return netdev_add_tso_features(features, mask);
}

/* The host's path into the bridge: forward or flood through the FDB. */
static netdev_tx_t cbr_dev_xmit(struct sk_buff *skb, struct net_device *dev)
{
	struct cbr *br = netdev_priv(dev);

	dev_sw_netstats_tx_add(dev, 1, skb->len);
	cbr_forward_xmit(br, skb);
	return NETDEV_TX_OK;
}

/* Caller holds RTNL. */
static int cbr_dev_init(struct net_device *dev)
{
	struct cbr *br = netdev_priv(dev);
	int err;

	ASSERT_RTNL();
	br->fast_stats = netdev_alloc_pcpu_stats(struct cbr_fast_stats);
	if (!br->fast_stats)
		return -ENOMEM;
	err = cbr_fdb_init(br);
	if (err) {
		free_percpu(br->fast_stats);
		br->fast_stats = NULL;
		return err;
	}
	netif_carrier_off(dev);
	return 0;
}

/* Caller holds RTNL; all ports are gone by now (dellink), the device is
 * closed and no frame enters it any more.
 */
static void cbr_dev_uninit(struct net_device *dev)
{
	struct cbr *br = netdev_priv(dev);

	ASSERT_RTNL();
	WARN_ON(!list_empty(&br->ports));
	cbr_guard_stop(br);
	cbr_nf_queue_drop(dev_net(dev));
	cbr_fdb_notify_own(br, RTM_DELNEIGH);
	cbr_fdb_uninit(br);
}

/* After the last RCU reader (free_netdev() follows). */
static void cbr_dev_free(struct net_device *dev)
{
	struct cbr *br = netdev_priv(dev);

	free_percpu(br->fast_stats);
}

static int cbr_dev_open(struct net_device *dev)
{
	struct cbr *br = netdev_priv(dev);

	cbr_fdb_start(br);
	cbr_guard_start(br);
	cbr_ports_state_update(br);
	return 0;
}

static int cbr_dev_stop(struct net_device *dev)
{
	struct cbr *br = netdev_priv(dev);

	cbr_guard_stop(br);
	cbr_fdb_stop(br);
	cbr_ports_state_update(br);
	return 0;
}

/* ndo_set_mac_address: also while the bridge is up (IFF_LIVE_ADDR_CHANGE),
 * as bridge.ko allows; the FDB's view of it follows (cbr_fdb_change_addr).
 * Caller holds RTNL.
 */
static int cbr_set_mac_address(struct net_device *dev, void *p)
{
	const struct sockaddr *sa = p;

	ASSERT_RTNL();
	if (!is_valid_ether_addr(sa->sa_data))
		return -EADDRNOTAVAIL;
	/* Not on the way out (a master releasing cbr0 as it goes). */
	if (dev->reg_state != NETREG_REGISTERED)
		return -EBUSY;
	if (!ether_addr_equal(dev->dev_addr, sa->sa_data))
		cbr_fdb_change_addr(netdev_priv(dev), sa->sa_data);
	return 0;
}

static int cbr_add_slave(struct net_device *dev, struct net_device *slave,
			 struct netlink_ext_ack *extack)
{
	return cbr_port_add(netdev_priv(dev), slave, extack);
}

static int cbr_del_slave(struct net_device *dev, struct net_device *slave)
{
	return cbr_port_del(netdev_priv(dev), slave);
}

/* Promiscuous mode on the bridge also sends unknown unicast up the stack;
 * the ports are promiscuous all the time, so nothing to sync downwards.
 */
static void cbr_set_rx_mode(struct net_device *dev)
{
}

const struct net_device_ops cbr_netdev_ops = {
	.ndo_init		= cbr_dev_init,
	.ndo_uninit		= cbr_dev_uninit,
	.ndo_open		= cbr_dev_open,
	.ndo_stop		= cbr_dev_stop,
	.ndo_start_xmit		= cbr_dev_xmit,
	.ndo_get_stats64	= dev_get_tstats64,
	.ndo_set_mac_address	= cbr_set_mac_address,
	.ndo_fix_features	= cbr_fix_features,
	.ndo_validate_addr	= eth_validate_addr,
	.ndo_set_rx_mode	= cbr_set_rx_mode,
	.ndo_add_slave		= cbr_add_slave,
	.ndo_del_slave		= cbr_del_slave,
	.ndo_fdb_add		= cbr_fdb_add,
	.ndo_fdb_del		= cbr_fdb_del,
	.ndo_fdb_dump		= cbr_fdb_dump,
	.ndo_bridge_getlink	= cbr_port_getlink,
	.ndo_bridge_setlink	= cbr_port_setlink,
};

static void cbr_get_drvinfo(struct net_device *dev,
			    struct ethtool_drvinfo *info)
{
	strscpy(info->driver, "cbr", sizeof(info->driver));
	strscpy(info->version, CNET_VERSION, sizeof(info->version));
}

/* `ethtool -S cbr0`: what the fast path did (cbr_forward.c). */
static const char cbr_gstrings_stats[][ETH_GSTRING_LEN] = {
	"fastpath",		/* frames a cveth peer received from cbr */
	"fastpath_declined",	/* frames for a cveth port sent the usual way */
	"loop_probes",		/* the loop guard's probes sent */
	"loop_blocks",		/* ports the loop guard blocked */
};

static int cbr_get_sset_count(struct net_device *dev, int sset)
{
	return sset == ETH_SS_STATS ? ARRAY_SIZE(cbr_gstrings_stats) :
				      -EOPNOTSUPP;
}

static void cbr_get_strings(struct net_device *dev, u32 sset, u8 *buf)
{
	if (sset == ETH_SS_STATS)
		memcpy(buf, cbr_gstrings_stats, sizeof(cbr_gstrings_stats));
}

static void cbr_get_ethtool_stats(struct net_device *dev,
				  struct ethtool_stats *estats, u64 *data)
{
	struct cbr *br = netdev_priv(dev);

	cbr_fast_stats_read(br, &data[0], &data[1]);
	data[2] = atomic_long_read(&br->guard_probes);
	data[3] = atomic_long_read(&br->guard_blocks);
}

static const struct ethtool_ops cbr_ethtool_ops = {
	.get_drvinfo		= cbr_get_drvinfo,
	.get_link		= ethtool_op_get_link,
	.get_sset_count		= cbr_get_sset_count,
	.get_strings		= cbr_get_strings,
	.get_ethtool_stats	= cbr_get_ethtool_stats,
};

static void cbr_setup(struct net_device *dev)
{
	struct cbr *br = netdev_priv(dev);

	ether_setup(dev);
	eth_hw_addr_random(dev);

	dev->netdev_ops = &cbr_netdev_ops;
	dev->ethtool_ops = &cbr_ethtool_ops;
	dev->needs_free_netdev = true;
	dev->priv_destructor = cbr_dev_free;
	dev->pcpu_stat_type = NETDEV_PCPU_STAT_TSTATS;
	dev->priv_flags |= IFF_NO_QUEUE | IFF_LIVE_ADDR_CHANGE;
	dev->priv_flags &= ~IFF_TX_SKB_SHARING;
	dev->features |= CBR_FEATURES;
	dev->hw_features = CBR_FEATURES;
	dev->vlan_features = CBR_FEATURES;
	cnet_dev_set_lltx(dev);
	cnet_dev_set_netns_local(dev);
	dev->min_mtu = ETH_MIN_MTU;
	dev->max_mtu = ETH_MAX_MTU;

	br->dev = dev;
	INIT_LIST_HEAD(&br->ports);
	br->ageing_time = clock_t_to_jiffies(CBR_AGEING_TIME_DEFAULT);
	br->max_learned = CBR_MAX_LEARNED_DEFAULT;
	br->fastpath = true;
	cbr_guard_init(br);
}

/* Not const: 6.1's struct nla_policy points at a mutable range. */
static struct netlink_range_validation cbr_ageing_range = {
	.min = CBR_AGEING_TIME_MIN,
	.max = CBR_AGEING_TIME_MAX,
};

static const struct nla_policy cbr_policy[IFLA_CBR_MAX + 1] = {
	[IFLA_CBR_UNSPEC]	= { .strict_start_type = IFLA_CBR_NO_LL_LEARN },
	[IFLA_CBR_AGEING_TIME]	= NLA_POLICY_FULL_RANGE(NLA_U32,
							&cbr_ageing_range),
	[IFLA_CBR_MAX_LEARNED]	= { .type = NLA_U32 },
	[IFLA_CBR_LEARNED]	= { .type = NLA_REJECT,
				    .reject_message = "The learned count is read-only" },
	[IFLA_CBR_NO_LL_LEARN]	= NLA_POLICY_MAX(NLA_U8, 1),
	[IFLA_CBR_FASTPATH]	= NLA_POLICY_MAX(NLA_U8, 1),
	[IFLA_CBR_LOOP_GUARD]	= NLA_POLICY_MAX(NLA_U8, 1),
};

static int cbr_validate(struct nlattr *tb[], struct nlattr *data[],
			struct netlink_ext_ack *extack)
{
	if (tb[IFLA_ADDRESS]) {
		if (nla_len(tb[IFLA_ADDRESS]) != ETH_ALEN) {
			NL_SET_ERR_MSG_ATTR(extack, tb[IFLA_ADDRESS],
					    "Invalid MAC address length");
			return -EINVAL;
		}
		if (!is_valid_ether_addr(nla_data(tb[IFLA_ADDRESS]))) {
			NL_SET_ERR_MSG_ATTR(extack, tb[IFLA_ADDRESS],
					    "Invalid MAC address");
			return -EADDRNOTAVAIL;
		}
	}
	return 0;
}

/* Apply IFLA_CBR_* (already validated). Caller holds RTNL. */
static void cbr_apply(struct cbr *br, struct nlattr *data[])
{
	ASSERT_RTNL();
	if (!data)
		return;
	if (data[IFLA_CBR_MAX_LEARNED])
		WRITE_ONCE(br->max_learned,
			   nla_get_u32(data[IFLA_CBR_MAX_LEARNED]));
	if (data[IFLA_CBR_AGEING_TIME])
		cbr_fdb_set_ageing(br, clock_t_to_jiffies(nla_get_u32(data[IFLA_CBR_AGEING_TIME])));
	if (data[IFLA_CBR_NO_LL_LEARN])
		WRITE_ONCE(br->no_ll_learn,
			   nla_get_u8(data[IFLA_CBR_NO_LL_LEARN]));
	if (data[IFLA_CBR_FASTPATH])
		WRITE_ONCE(br->fastpath, nla_get_u8(data[IFLA_CBR_FASTPATH]));
	if (data[IFLA_CBR_LOOP_GUARD])
		cbr_guard_set(br, nla_get_u8(data[IFLA_CBR_LOOP_GUARD]));
}

static int cbr_newlink(struct net *src_net, struct net_device *dev,
		       struct nlattr *tb[], struct nlattr *data[],
		       struct netlink_ext_ack *extack)
{
	int err;

	cbr_apply(netdev_priv(dev), data);
	err = register_netdevice(dev);
	if (!err)
		cbr_fdb_notify_own(netdev_priv(dev), RTM_NEWNEIGH);
	return err;
}

static int cbr_changelink(struct net_device *dev, struct nlattr *tb[],
			  struct nlattr *data[],
			  struct netlink_ext_ack *extack)
{
	cbr_apply(netdev_priv(dev), data);
	return 0;
}

/* Caller holds RTNL. */
static void cbr_dellink(struct net_device *dev, struct list_head *head)
{
	cbr_port_del_all(netdev_priv(dev));
	unregister_netdevice_queue(dev, head);
}

static size_t cbr_get_size(const struct net_device *dev)
{
	return nla_total_size(sizeof(u32)) +	/* IFLA_CBR_AGEING_TIME */
	       nla_total_size(sizeof(u32)) +	/* IFLA_CBR_MAX_LEARNED */
	       nla_total_size(sizeof(u32)) +	/* IFLA_CBR_LEARNED */
	       nla_total_size(sizeof(u8)) +	/* IFLA_CBR_NO_LL_LEARN */
	       nla_total_size(sizeof(u8)) +	/* IFLA_CBR_FASTPATH */
	       nla_total_size(sizeof(u8));	/* IFLA_CBR_LOOP_GUARD */
}

static int cbr_fill_info(struct sk_buff *skb, const struct net_device *dev)
{
	struct cbr *br = netdev_priv(dev);
	u32 ageing = jiffies_to_clock_t(READ_ONCE(br->ageing_time));

	if (nla_put_u32(skb, IFLA_CBR_AGEING_TIME, ageing) ||
	    nla_put_u32(skb, IFLA_CBR_MAX_LEARNED, READ_ONCE(br->max_learned)) ||
	    nla_put_u32(skb, IFLA_CBR_LEARNED, READ_ONCE(br->learned)) ||
	    nla_put_u8(skb, IFLA_CBR_NO_LL_LEARN, READ_ONCE(br->no_ll_learn)) ||
	    nla_put_u8(skb, IFLA_CBR_FASTPATH, READ_ONCE(br->fastpath)) ||
	    nla_put_u8(skb, IFLA_CBR_LOOP_GUARD, READ_ONCE(br->loop_guard)))
		return -EMSGSIZE;
	return 0;
}

static struct rtnl_link_ops cbr_link_ops __read_mostly = {
	.kind		= "cbr",
	.priv_size	= sizeof(struct cbr),
	.setup		= cbr_setup,
	.maxtype	= IFLA_CBR_MAX,
	.policy		= cbr_policy,
	.validate	= cbr_validate,
	.newlink	= cbr_newlink,
	.changelink	= cbr_changelink,
	.dellink	= cbr_dellink,
	.get_size	= cbr_get_size,
	.fill_info	= cbr_fill_info,
	.slave_maxtype	= IFLA_BRPORT_MAX,
	.slave_policy	= cbr_port_policy,
	.slave_changelink = cbr_port_slave_changelink,
	.get_slave_size	= cbr_port_slave_size,
	.fill_slave_info = cbr_port_fill_slave_info,
};

static int __init cbr_init(void)
{
	int err;

	err = cbr_fdb_module_init();
	if (err)
		return err;

	err = cbr_port_notifier_register();
	if (err)
		goto err_fdb;

	err = rtnl_link_register(&cbr_link_ops);
	if (err)
		goto err_notifier;

	return 0;

err_notifier:
	cbr_port_notifier_unregister();
err_fdb:
	cbr_fdb_module_exit();
	return err;
}

static void __exit cbr_exit(void)
{
	/* Deletes every bridge: ports go, queued frames go (ndo_uninit). */
	rtnl_link_unregister(&cbr_link_ops);
	cbr_port_notifier_unregister();
	/* Ports and FDB entries are freed by RCU callbacks in this module. */
	rcu_barrier();
	cbr_fdb_module_exit();
}

module_init(cbr_init);
module_exit(cbr_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("cbr: a mini learning bridge");
MODULE_AUTHOR("The cveth & cbr developers");
MODULE_VERSION(CNET_VERSION);
MODULE_ALIAS_RTNL_LINK("cbr");
