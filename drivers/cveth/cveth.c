// SPDX-License-Identifier: GPL-2.0
/*
 * cveth: a pair of virtual Ethernet devices joined back to back.
 *
 * A frame sent on one end is received on the other, as with the kernel's
 * veth: the two net_devices point at each other through an RCU-protected
 * peer pointer, and the transmit routine of one end feeds the receive path
 * of the other with netif_rx(). No XDP, no NAPI: every frame goes through
 * the per-CPU backlog.
 *
 * Lock rules: the peer pointers are written under RTNL only (newlink,
 * dellink) and read under RCU on the data path. Statistics are per-CPU
 * u64_stats counters, written with bottom halves disabled: the core's
 * tstats for packets and bytes, ours for drops.
 */

#include <linux/module.h>
#include <linux/netdevice.h>
#include <linux/etherdevice.h>
#include <linux/ethtool.h>
#include <linux/if_vlan.h>
#include <linux/u64_stats_sync.h>
#include <net/rtnetlink.h>
#include <linux/cveth.h>

#include "compat.h"
#include "cnet_version.h"

#define CVETH_NAME	"cveth"
#define CVETH_VERSION	CNET_VERSION

/* What veth advertises: everything is done in software on the way in. */
#define CVETH_FEATURES	(NETIF_F_SG | NETIF_F_FRAGLIST | NETIF_F_HW_CSUM | \
			 NETIF_F_RXCSUM | NETIF_F_SCTP_CRC | NETIF_F_HIGHDMA | \
			 NETIF_F_GSO_SOFTWARE | NETIF_F_GSO_ENCAP_ALL | \
			 NETIF_F_HW_VLAN_CTAG_TX | NETIF_F_HW_VLAN_CTAG_RX | \
			 NETIF_F_HW_VLAN_STAG_TX | NETIF_F_HW_VLAN_STAG_RX)

#define CVETH_VLAN_TAGS	(NETIF_F_HW_VLAN_CTAG_TX | NETIF_F_HW_VLAN_CTAG_RX | \
			 NETIF_F_HW_VLAN_STAG_TX | NETIF_F_HW_VLAN_STAG_RX)

/*
 * Per-CPU drop counters of one end. Packets and bytes sent are counted in
 * dev->tstats (the core allocates it; ndo_get_peer_dev requires it); what
 * one end received is what its peer sent, so rx is read from the peer.
 */
struct cveth_pcpu_drops {
	u64_stats_t		tx_drops;	/* frames this end failed to send */
	u64_stats_t		rx_drops;	/* frames this end refused */
	struct u64_stats_sync	syncp;
};

struct cveth_priv {
	struct net_device __rcu		*peer;
	struct cveth_pcpu_drops __percpu *drops;
};

static struct rtnl_link_ops cveth_link_ops;

/*
 * ethtool
 */

static const char cveth_gstrings_stats[][ETH_GSTRING_LEN] = {
	"peer_ifindex",
	"tx_drops",
	"rx_drops",
};

#define CVETH_STATS_LEN	ARRAY_SIZE(cveth_gstrings_stats)

static void cveth_drops_sum(const struct net_device *dev, u64 *tx_drops,
			    u64 *rx_drops);

static int cveth_get_link_ksettings(struct net_device *dev,
				    struct ethtool_link_ksettings *cmd)
{
	cmd->base.speed = SPEED_10000;
	cmd->base.duplex = DUPLEX_FULL;
	cmd->base.port = PORT_TP;
	cmd->base.autoneg = AUTONEG_DISABLE;
	return 0;
}

static void cveth_get_drvinfo(struct net_device *dev,
			      struct ethtool_drvinfo *info)
{
	strscpy(info->driver, CVETH_NAME, sizeof(info->driver));
	strscpy(info->version, CVETH_VERSION, sizeof(info->version));
}

static void cveth_get_strings(struct net_device *dev, u32 stringset, u8 *buf)
{
	if (stringset == ETH_SS_STATS)
		memcpy(buf, cveth_gstrings_stats, sizeof(cveth_gstrings_stats));
}

static int cveth_get_sset_count(struct net_device *dev, int sset)
{
	if (sset == ETH_SS_STATS)
		return CVETH_STATS_LEN;
	return -EOPNOTSUPP;
}

static void cveth_get_ethtool_stats(struct net_device *dev,
				    struct ethtool_stats *estats, u64 *data)
{
	struct cveth_priv *priv = netdev_priv(dev);
	struct net_device *peer;

	rcu_read_lock();
	peer = rcu_dereference(priv->peer);
	data[0] = peer ? peer->ifindex : 0;
	rcu_read_unlock();

	cveth_drops_sum(dev, &data[1], &data[2]);
}

static const struct ethtool_ops cveth_ethtool_ops = {
	.get_drvinfo		= cveth_get_drvinfo,
	.get_link		= ethtool_op_get_link,
	.get_strings		= cveth_get_strings,
	.get_sset_count		= cveth_get_sset_count,
	.get_ethtool_stats	= cveth_get_ethtool_stats,
	.get_link_ksettings	= cveth_get_link_ksettings,
	.get_ts_info		= ethtool_op_get_ts_info,
};

/*
 * xmit
 */

static void cveth_count_drop(struct net_device *dev, bool tx)
{
	struct cveth_priv *priv = netdev_priv(dev);
	struct cveth_pcpu_drops *drops = this_cpu_ptr(priv->drops);

	u64_stats_update_begin(&drops->syncp);
	if (tx)
		u64_stats_inc(&drops->tx_drops);
	else
		u64_stats_inc(&drops->rx_drops);
	u64_stats_update_end(&drops->syncp);
}

/*
 * Why @rcv cannot take @skb, or SKB_NOT_DROPPED_YET if it can: the checks
 * dev_forward_skb() makes, each with its own reason.
 */
static enum skb_drop_reason cveth_check_rcv(const struct net_device *rcv,
					    const struct sk_buff *skb)
{
	unsigned int max_len;

	if (!(READ_ONCE(rcv->flags) & IFF_UP))
		return SKB_DROP_REASON_DEV_READY;

	/* A GSO frame is segmented, if at all, after the peer received it. */
	max_len = READ_ONCE(rcv->mtu) + rcv->hard_header_len + VLAN_HLEN;
	if (skb->len > max_len && !skb_is_gso(skb))
		return SKB_DROP_REASON_PKT_TOO_BIG;

	return SKB_NOT_DROPPED_YET;
}

/*
 * Called with bottom halves disabled, without the tx lock (LLTX). Takes no
 * lock and allocates nothing, except that zerocopy pages must be copied
 * before they may reach a receiving socket (as dev_forward_skb does).
 */
static netdev_tx_t cveth_xmit(struct sk_buff *skb, struct net_device *dev)
{
	struct cveth_priv *priv = netdev_priv(dev);
	enum skb_drop_reason reason;
	struct net_device *rcv;
	unsigned int len;

	rcu_read_lock();
	rcv = rcu_dereference(priv->peer);
	if (unlikely(!rcv)) {
		reason = SKB_DROP_REASON_DEV_READY;
		goto drop;
	}
	if (unlikely(!pskb_may_pull(skb, ETH_HLEN))) {
		reason = SKB_DROP_REASON_PKT_TOO_SMALL;
		goto drop;
	}
	reason = cveth_check_rcv(rcv, skb);
	if (unlikely(reason != SKB_NOT_DROPPED_YET)) {
		cveth_count_drop(rcv, false);
		goto drop;
	}
	if (unlikely(skb_orphan_frags(skb, GFP_ATOMIC))) {
		reason = SKB_DROP_REASON_NOMEM;
		goto drop;
	}

	skb_tx_timestamp(skb);

	/* Leave nothing behind that belongs to the sending namespace. */
	skb_scrub_packet(skb, !net_eq(dev_net(dev), dev_net(rcv)));
	skb->priority = 0;
	skb->protocol = eth_type_trans(skb, rcv);
	skb_postpull_rcsum(skb, eth_hdr(skb), ETH_HLEN);

	len = skb->len + ETH_HLEN;
	if (likely(netif_rx(skb) == NET_RX_SUCCESS))
		dev_sw_netstats_tx_add(dev, 1, len);
	else
		cveth_count_drop(dev, true);	/* backlog full, skb freed */

	rcu_read_unlock();
	return NETDEV_TX_OK;

drop:
	kfree_skb_reason(skb, reason);
	cveth_count_drop(dev, true);
	rcu_read_unlock();
	return NETDEV_TX_OK;
}

/*
 * stats
 */

static void cveth_drops_sum(const struct net_device *dev, u64 *tx_drops,
			    u64 *rx_drops)
{
	const struct cveth_priv *priv = netdev_priv(dev);
	int cpu;

	*tx_drops = 0;
	*rx_drops = 0;
	for_each_possible_cpu(cpu) {
		const struct cveth_pcpu_drops *drops;
		unsigned int start;
		u64 tx, rx;

		drops = per_cpu_ptr(priv->drops, cpu);
		do {
			start = u64_stats_fetch_begin(&drops->syncp);
			tx = u64_stats_read(&drops->tx_drops);
			rx = u64_stats_read(&drops->rx_drops);
		} while (u64_stats_fetch_retry(&drops->syncp, start));

		*tx_drops += tx;
		*rx_drops += rx;
	}
}

static void cveth_get_stats64(struct net_device *dev,
			      struct rtnl_link_stats64 *tot)
{
	struct cveth_priv *priv = netdev_priv(dev);
	struct net_device *peer;

	dev_fetch_sw_netstats(tot, dev->tstats);
	cveth_drops_sum(dev, &tot->tx_dropped, &tot->rx_dropped);

	/* What this end received is what the peer sent. */
	rcu_read_lock();
	peer = rcu_dereference(priv->peer);
	if (peer) {
		struct rtnl_link_stats64 peer_tot = {};

		dev_fetch_sw_netstats(&peer_tot, peer->tstats);
		tot->rx_packets += peer_tot.tx_packets;
		tot->rx_bytes += peer_tot.tx_bytes;
	}
	rcu_read_unlock();
}

/*
 * open/close
 */

/* Carrier is on only while both ends are up. Called under RTNL. */
static int cveth_open(struct net_device *dev)
{
	struct cveth_priv *priv = netdev_priv(dev);
	struct net_device *peer = rtnl_dereference(priv->peer);

	if (!peer)
		return -ENOTCONN;

	if (peer->flags & IFF_UP) {
		netif_carrier_on(dev);
		netif_carrier_on(peer);
	}
	return 0;
}

/* Called under RTNL. */
static int cveth_close(struct net_device *dev)
{
	struct cveth_priv *priv = netdev_priv(dev);
	struct net_device *peer = rtnl_dereference(priv->peer);

	netif_carrier_off(dev);
	if (peer)
		netif_carrier_off(peer);
	return 0;
}

/*
 * setup
 */

static int cveth_dev_init(struct net_device *dev)
{
	struct cveth_priv *priv = netdev_priv(dev);

	priv->drops = netdev_alloc_pcpu_stats(struct cveth_pcpu_drops);
	if (!priv->drops)
		return -ENOMEM;
	netdev_lockdep_set_classes(dev);
	return 0;
}

/* Runs when the device is freed, an RCU grace period after unregister. */
static void cveth_dev_free(struct net_device *dev)
{
	struct cveth_priv *priv = netdev_priv(dev);

	free_percpu(priv->drops);
}

/* Every frame reaches the peer: no filter to program. */
static void cveth_set_rx_mode(struct net_device *dev)
{
}

static int cveth_get_iflink(const struct net_device *dev)
{
	struct cveth_priv *priv = netdev_priv(dev);
	struct net_device *peer;
	int iflink;

	rcu_read_lock();
	peer = rcu_dereference(priv->peer);
	iflink = peer ? peer->ifindex : 0;
	rcu_read_unlock();

	return iflink;
}

/* Called under RCU. */
static struct net_device *cveth_get_peer_dev(struct net_device *dev)
{
	struct cveth_priv *priv = netdev_priv(dev);

	return rcu_dereference(priv->peer);
}

static const struct net_device_ops cveth_netdev_ops = {
	.ndo_init		= cveth_dev_init,
	.ndo_open		= cveth_open,
	.ndo_stop		= cveth_close,
	.ndo_start_xmit		= cveth_xmit,
	.ndo_get_stats64	= cveth_get_stats64,
	.ndo_set_rx_mode	= cveth_set_rx_mode,
	.ndo_set_mac_address	= eth_mac_addr,
	.ndo_get_iflink		= cveth_get_iflink,
	.ndo_features_check	= passthru_features_check,
	.ndo_get_peer_dev	= cveth_get_peer_dev,
};

static void cveth_setup(struct net_device *dev)
{
	ether_setup(dev);

	/* The skb travels on to the peer: it cannot be sent twice. */
	dev->priv_flags &= ~IFF_TX_SKB_SHARING;
	dev->priv_flags |= IFF_LIVE_ADDR_CHANGE;
	dev->priv_flags |= IFF_NO_QUEUE;

	dev->netdev_ops = &cveth_netdev_ops;
	dev->ethtool_ops = &cveth_ethtool_ops;
	cnet_dev_set_lltx(dev);
	dev->features |= CVETH_FEATURES;
	dev->vlan_features = dev->features & ~CVETH_VLAN_TAGS;
	dev->hw_features = CVETH_FEATURES;
	dev->hw_enc_features = CVETH_FEATURES;
	dev->mpls_features = NETIF_F_HW_CSUM | NETIF_F_GSO_SOFTWARE;
	netif_set_tso_max_size(dev, GSO_MAX_SIZE);

	dev->needs_free_netdev = true;
	dev->priv_destructor = cveth_dev_free;
	dev->pcpu_stat_type = NETDEV_PCPU_STAT_TSTATS;
	dev->min_mtu = ETH_MIN_MTU;
	dev->max_mtu = ETH_MAX_MTU;
}

/*
 * netlink
 */

/* The checks shared by both ends: address and MTU. */
static int cveth_validate_link(struct nlattr *tb[],
			       struct netlink_ext_ack *extack)
{
	if (tb[IFLA_ADDRESS]) {
		if (nla_len(tb[IFLA_ADDRESS]) != ETH_ALEN) {
			NL_SET_ERR_MSG_ATTR(extack, tb[IFLA_ADDRESS],
					    "cveth: address must be 6 bytes");
			return -EINVAL;
		}
		if (!is_valid_ether_addr(nla_data(tb[IFLA_ADDRESS]))) {
			NL_SET_ERR_MSG_ATTR(extack, tb[IFLA_ADDRESS],
					    "cveth: address must be unicast and not zero");
			return -EADDRNOTAVAIL;
		}
	}
	if (tb[IFLA_MTU]) {
		u32 mtu = nla_get_u32(tb[IFLA_MTU]);

		if (mtu < ETH_MIN_MTU || mtu > ETH_MAX_MTU) {
			NL_SET_ERR_MSG_ATTR(extack, tb[IFLA_MTU],
					    "cveth: MTU must be 68..65535");
			return -EINVAL;
		}
	}
	return 0;
}

/*
 * rtnetlink parses IFLA_INFO_DATA up to maxtype and silently skips the
 * rest; an attribute this driver does not know is an error here.
 */
static int cveth_validate_info_data(struct nlattr *tb[],
				    struct netlink_ext_ack *extack)
{
	const struct nlattr *info_data, *nla;
	int rem;

	if (!tb[IFLA_LINKINFO])
		return 0;
	info_data = nla_find_nested(tb[IFLA_LINKINFO], IFLA_INFO_DATA);
	if (!info_data)
		return 0;

	nla_for_each_nested(nla, info_data, rem) {
		if (nla_type(nla) == CVETH_INFO_UNSPEC ||
		    nla_type(nla) > CVETH_INFO_MAX) {
			NL_SET_ERR_MSG_ATTR(extack, nla,
					    "cveth: unknown attribute");
			return -EINVAL;
		}
	}
	return 0;
}

static int cveth_validate(struct nlattr *tb[], struct nlattr *data[],
			  struct netlink_ext_ack *extack)
{
	int err;

	err = cveth_validate_info_data(tb, extack);
	if (err)
		return err;
	return cveth_validate_link(tb, extack);
}

/* The peer nest: a struct ifinfomsg, then IFLA_* attributes. */
static int cveth_parse_peer(struct nlattr *tb[], const struct nlattr *nla,
			    struct netlink_ext_ack *extack)
{
	const int hdrlen = NLMSG_ALIGN(sizeof(struct ifinfomsg));
	const struct nlattr *attr;
	int err, rem;

	err = rtnl_nla_parse_ifinfomsg(tb, nla, extack);
	if (err < 0)
		return err;

	nla_for_each_attr(attr, nla_data(nla) + hdrlen, nla_len(nla) - hdrlen,
			  rem) {
		if (nla_type(attr) == IFLA_UNSPEC || nla_type(attr) > IFLA_MAX) {
			NL_SET_ERR_MSG_ATTR(extack, attr,
					    "cveth: unknown attribute in peer");
			return -EINVAL;
		}
	}
	return cveth_validate_link(tb, extack);
}

/* Both ends exist: tie them. Called under RTNL. */
static void cveth_tie(struct net_device *dev, struct net_device *peer)
{
	struct cveth_priv *priv = netdev_priv(dev);

	rcu_assign_pointer(priv->peer, peer);
	priv = netdev_priv(peer);
	rcu_assign_pointer(priv->peer, dev);
}

/* GRO needs NAPI, which cveth does not have: off, as on veth. */
static void cveth_disable_gro(struct net_device *dev)
{
	dev->features &= ~NETIF_F_GRO;
	dev->wanted_features &= ~NETIF_F_GRO;
	netdev_update_features(dev);
}

/*
 * Deleting either end deletes both. Also called when the namespace of
 * either end goes away and on module unload. Called under RTNL; the
 * devices are freed at least one RCU grace period later.
 */
static void cveth_dellink(struct net_device *dev, struct list_head *head)
{
	struct cveth_priv *priv = netdev_priv(dev);
	struct net_device *peer = rtnl_dereference(priv->peer);

	RCU_INIT_POINTER(priv->peer, NULL);
	unregister_netdevice_queue(dev, head);

	if (peer) {
		priv = netdev_priv(peer);
		RCU_INIT_POINTER(priv->peer, NULL);
		unregister_netdevice_queue(peer, head);
	}
}

/*
 * Register the peer, then @dev, tie them, then apply the peer's flags. On
 * any failure nothing is left registered: rtnetlink frees @dev if it never
 * got registered, and needs_free_netdev frees what is unregistered here.
 * Called under RTNL.
 */
static int cveth_newlink(struct net *src_net, struct net_device *dev,
			 struct nlattr *tb[], struct nlattr *data[],
			 struct netlink_ext_ack *extack)
{
	struct nlattr *peer_tb[IFLA_MAX + 1], **tbp = tb;
	unsigned char name_assign_type = NET_NAME_ENUM;
	char ifname[IFNAMSIZ] = CVETH_NAME "%d";
	struct ifinfomsg *ifmp = NULL;
	struct net_device *peer;
	struct net *net;
	int err;

	if (data && data[CVETH_INFO_PEER]) {
		err = cveth_parse_peer(peer_tb, data[CVETH_INFO_PEER], extack);
		if (err < 0)
			return err;
		ifmp = nla_data(data[CVETH_INFO_PEER]);
		tbp = peer_tb;
		if (tbp[IFLA_IFNAME]) {
			nla_strscpy(ifname, tbp[IFLA_IFNAME], IFNAMSIZ);
			name_assign_type = NET_NAME_USER;
		}
	}

	net = rtnl_link_get_net(src_net, tbp);
	if (IS_ERR(net)) {
		NL_SET_ERR_MSG(extack, "cveth: peer network namespace not found");
		return PTR_ERR(net);
	}
	if (!net_eq(net, src_net) && !ns_capable(net->user_ns, CAP_NET_ADMIN)) {
		NL_SET_ERR_MSG(extack, "cveth: no CAP_NET_ADMIN in the peer namespace");
		err = -EPERM;
		goto err_put_net;
	}
	if (name_assign_type == NET_NAME_USER) {
		if (net_eq(net, dev_net(dev)) && !strchr(ifname, '%') &&
		    !strcmp(ifname, dev->name)) {
			NL_SET_ERR_MSG_ATTR(extack, tbp[IFLA_IFNAME],
					    "cveth: peer name must differ from the device name");
			err = -EEXIST;
			goto err_put_net;
		}
		if (__dev_get_by_name(net, ifname)) {
			NL_SET_ERR_MSG_ATTR(extack, tbp[IFLA_IFNAME],
					    "cveth: peer name already in use");
			err = -EEXIST;
			goto err_put_net;
		}
	}

	peer = rtnl_create_link(net, ifname, name_assign_type, &cveth_link_ops,
				tbp, extack);
	if (IS_ERR(peer)) {
		err = PTR_ERR(peer);
		goto err_put_net;
	}

	if (!tbp[IFLA_ADDRESS] || !ifmp)
		eth_hw_addr_random(peer);
	if (ifmp && ifmp->ifi_index)
		peer->ifindex = ifmp->ifi_index;
	netif_inherit_tso_max(peer, dev);

	err = register_netdevice(peer);
	put_net(net);
	if (err < 0) {
		NL_SET_ERR_MSG(extack, "cveth: cannot register the peer");
		free_netdev(peer);
		return err;
	}
	cveth_disable_gro(peer);
	netif_carrier_off(peer);

	if (!tb[IFLA_ADDRESS])
		eth_hw_addr_random(dev);

	err = register_netdevice(dev);
	if (err < 0) {
		NL_SET_ERR_MSG(extack, "cveth: cannot register the device");
		unregister_netdevice(peer);
		return err;
	}
	cveth_disable_gro(dev);
	netif_carrier_off(dev);

	/* Tied before the peer's flags apply: "peer ... up" opens it. */
	cveth_tie(dev, peer);

	err = rtnl_configure_link(peer, ifmp, 0, NULL);
	if (err < 0) {
		LIST_HEAD(list_kill);

		cveth_dellink(dev, &list_kill);
		unregister_netdevice_many(&list_kill);
		return err;
	}
	return 0;

err_put_net:
	put_net(net);
	return err;
}

static size_t cveth_get_size(const struct net_device *dev)
{
	return nla_total_size(NLMSG_ALIGN(sizeof(struct ifinfomsg)) +
			      nla_total_size(IFNAMSIZ));	/* CVETH_INFO_PEER */
}

/*
 * The peer, in the format used to create it: its ifindex and flags, and
 * its name when both ends share a namespace.
 */
static int cveth_fill_info(struct sk_buff *skb, const struct net_device *dev)
{
	struct cveth_priv *priv = netdev_priv(dev);
	struct net_device *peer;
	struct ifinfomsg *ifm;
	struct nlattr *nest;
	int err = 0;

	rcu_read_lock();
	peer = rcu_dereference(priv->peer);
	if (!peer)
		goto out;

	err = -EMSGSIZE;
	nest = nla_nest_start(skb, CVETH_INFO_PEER);
	if (!nest)
		goto out;
	ifm = nla_reserve_nohdr(skb, sizeof(*ifm));
	if (!ifm)
		goto cancel;
	memset(ifm, 0, sizeof(*ifm));
	ifm->ifi_family = AF_UNSPEC;
	ifm->ifi_type = peer->type;
	ifm->ifi_index = peer->ifindex;
	ifm->ifi_flags = dev_get_flags(peer);
	if (net_eq(dev_net(peer), dev_net(dev)) &&
	    nla_put_string(skb, IFLA_IFNAME, peer->name))
		goto cancel;
	nla_nest_end(skb, nest);
	err = 0;
	goto out;

cancel:
	nla_nest_cancel(skb, nest);
out:
	rcu_read_unlock();
	return err;
}

static struct net *cveth_get_link_net(const struct net_device *dev)
{
	struct cveth_priv *priv = netdev_priv(dev);
	struct net_device *peer = rcu_dereference_rtnl(priv->peer);

	return peer ? dev_net(peer) : dev_net(dev);
}

static const struct nla_policy cveth_policy[CVETH_INFO_MAX + 1] = {
	[CVETH_INFO_PEER]	= { .len = sizeof(struct ifinfomsg) },
};

static struct rtnl_link_ops cveth_link_ops = {
	.kind		= CVETH_NAME,
	.priv_size	= sizeof(struct cveth_priv),
	.setup		= cveth_setup,
	.validate	= cveth_validate,
	.newlink	= cveth_newlink,
	.dellink	= cveth_dellink,
	.policy		= cveth_policy,
	.maxtype	= CVETH_INFO_MAX,
	.get_size	= cveth_get_size,
	.fill_info	= cveth_fill_info,
	.get_link_net	= cveth_get_link_net,
};

/*
 * init/exit
 */

static int __init cveth_init(void)
{
	return rtnl_link_register(&cveth_link_ops);
}

/* Deletes every pair left, in every namespace. */
static void __exit cveth_exit(void)
{
	rtnl_link_unregister(&cveth_link_ops);
}

module_init(cveth_init);
module_exit(cveth_exit);

MODULE_DESCRIPTION("cveth: a pair of virtual Ethernet devices");
MODULE_LICENSE("GPL");
MODULE_AUTHOR("The cveth & cbr developers");
MODULE_VERSION(CVETH_VERSION);
MODULE_ALIAS_RTNL_LINK(CVETH_NAME);
