// SPDX-License-Identifier: GPL-2.0
/*
 * cbr: a port's settings over netlink. `bridge link set|show` reach the
 * bridge's ndo_bridge_setlink/getlink with the port as @dev (AF_BRIDGE,
 * IFLA_PROTINFO); `ip link set dev PORT type cbr_slave ...` and
 * `ip -d link show PORT` reach its rtnl_link_ops slave ops (the slave kind
 * is "cbr"). Both carry the kernel bridge's IFLA_BRPORT_* attributes with
 * their meanings, and every change is announced as bridge.ko announces it:
 * an AF_BRIDGE RTM_NEWLINK to RTNLGRP_LINK (`bridge monitor link`).
 *
 * An attribute cbr has no use for is refused by name (the policy's reject
 * messages) before anything changes: a request is applied whole or not at
 * all.
 */
#include <linux/netdevice.h>
#include <linux/if_bridge.h>
#include <linux/rtnetlink.h>
#include <net/netlink.h>
#include <net/rtnetlink.h>

#include "cbr.h"

/* The settings cbr has, and the attribute of each. */
static const struct {
	int		attr;
	unsigned long	flag;
} cbr_port_flag_attrs[] = {
	{ IFLA_BRPORT_MODE,		CBR_PORT_HAIRPIN },
	{ IFLA_BRPORT_LEARNING,		CBR_PORT_LEARNING },
	{ IFLA_BRPORT_UNICAST_FLOOD,	CBR_PORT_FLOOD },
	{ IFLA_BRPORT_MCAST_FLOOD,	CBR_PORT_MCAST_FLOOD },
	{ IFLA_BRPORT_BCAST_FLOOD,	CBR_PORT_BCAST_FLOOD },
	{ IFLA_BRPORT_NEIGH_SUPPRESS,	CBR_PORT_NEIGH_SUPPRESS },
	{ IFLA_BRPORT_ISOLATED,		CBR_PORT_ISOLATED },
	{ IFLA_BRPORT_LOCKED,		CBR_PORT_LOCKED },
};

#define CBR_PORT_FLAG_POLICY	NLA_POLICY_MAX(NLA_U8, 1)
#define CBR_PORT_REJECT(name)	{ .type = NLA_REJECT, \
				  .reject_message = "cbr ports do not support " name }
#define CBR_PORT_NO_STP(name)	CBR_PORT_REJECT(name ": cbr runs no STP")
#define CBR_PORT_RO(name)	{ .type = NLA_REJECT, \
				  .reject_message = name " is read-only" }

const struct nla_policy cbr_port_policy[IFLA_BRPORT_MAX + 1] = {
	[IFLA_BRPORT_MODE]		= CBR_PORT_FLAG_POLICY,
	[IFLA_BRPORT_LEARNING]		= CBR_PORT_FLAG_POLICY,
	[IFLA_BRPORT_UNICAST_FLOOD]	= CBR_PORT_FLAG_POLICY,
	[IFLA_BRPORT_MCAST_FLOOD]	= CBR_PORT_FLAG_POLICY,
	[IFLA_BRPORT_BCAST_FLOOD]	= CBR_PORT_FLAG_POLICY,
	[IFLA_BRPORT_NEIGH_SUPPRESS]	= CBR_PORT_FLAG_POLICY,
	[IFLA_BRPORT_ISOLATED]		= CBR_PORT_FLAG_POLICY,
	[IFLA_BRPORT_LOCKED]		= CBR_PORT_FLAG_POLICY,
	[IFLA_BRPORT_FLUSH]		= { .type = NLA_FLAG },

	/* cbr runs no STP: its ports are forwarding while up. */
	[IFLA_BRPORT_STATE]	= CBR_PORT_NO_STP("state"),
	[IFLA_BRPORT_PRIORITY]	= CBR_PORT_NO_STP("priority"),
	[IFLA_BRPORT_COST]	= CBR_PORT_NO_STP("cost"),
	[IFLA_BRPORT_GUARD]	= CBR_PORT_NO_STP("guard"),
	[IFLA_BRPORT_PROTECT]	= CBR_PORT_NO_STP("root_block"),
	/* No multicast snooping, proxy ARP, VLAN tunnels or backup ports. */
	[IFLA_BRPORT_FAST_LEAVE]	= CBR_PORT_REJECT("fastleave"),
	[IFLA_BRPORT_MULTICAST_ROUTER]	= CBR_PORT_REJECT("mcast_router"),
	[IFLA_BRPORT_MCAST_TO_UCAST]	= CBR_PORT_REJECT("mcast_to_unicast"),
	[IFLA_BRPORT_MCAST_EHT_HOSTS_LIMIT] = CBR_PORT_REJECT("mcast_eht_hosts_limit"),
	[IFLA_BRPORT_PROXYARP]		= CBR_PORT_REJECT("proxy_arp"),
	[IFLA_BRPORT_PROXYARP_WIFI]	= CBR_PORT_REJECT("proxy_arp_wifi"),
	[IFLA_BRPORT_LEARNING_SYNC]	= CBR_PORT_REJECT("learning_sync"),
	[IFLA_BRPORT_VLAN_TUNNEL]	= CBR_PORT_REJECT("vlan_tunnel"),
	[IFLA_BRPORT_GROUP_FWD_MASK]	= CBR_PORT_REJECT("group_fwd_mask"),
	[IFLA_BRPORT_BACKUP_PORT]	= CBR_PORT_REJECT("backup_port"),
	/* What bridge.ko reports and never takes. */
	[IFLA_BRPORT_ROOT_ID]		= CBR_PORT_RO("root_id"),
	[IFLA_BRPORT_BRIDGE_ID]		= CBR_PORT_RO("bridge_id"),
	[IFLA_BRPORT_DESIGNATED_PORT]	= CBR_PORT_RO("designated_port"),
	[IFLA_BRPORT_DESIGNATED_COST]	= CBR_PORT_RO("designated_cost"),
	[IFLA_BRPORT_ID]		= CBR_PORT_RO("port_id"),
	[IFLA_BRPORT_NO]		= CBR_PORT_RO("port_no"),
	[IFLA_BRPORT_TOPOLOGY_CHANGE_ACK] = CBR_PORT_RO("topology_change_ack"),
	[IFLA_BRPORT_CONFIG_PENDING]	= CBR_PORT_RO("config_pending"),
	[IFLA_BRPORT_MESSAGE_AGE_TIMER]	= CBR_PORT_RO("message_age_timer"),
	[IFLA_BRPORT_FORWARD_DELAY_TIMER] = CBR_PORT_RO("forward_delay_timer"),
	[IFLA_BRPORT_HOLD_TIMER]	= CBR_PORT_RO("hold_timer"),
	[IFLA_BRPORT_MRP_RING_OPEN]	= CBR_PORT_RO("mrp_ring_open"),
	[IFLA_BRPORT_MRP_IN_OPEN]	= CBR_PORT_RO("mrp_in_open"),
	[IFLA_BRPORT_MCAST_EHT_HOSTS_CNT] = CBR_PORT_RO("mcast_eht_hosts_cnt"),
#ifdef CNET_HAVE_BRPORT_MCAST_MAX_GROUPS
	[IFLA_BRPORT_MCAST_N_GROUPS]	= CBR_PORT_RO("mcast_n_groups"),
#endif
#ifdef CNET_HAVE_BRPORT_MAB
	[IFLA_BRPORT_MAB]		= CBR_PORT_REJECT("mab"),
#endif
#ifdef CNET_HAVE_BRPORT_MCAST_MAX_GROUPS
	[IFLA_BRPORT_MCAST_MAX_GROUPS]	= CBR_PORT_REJECT("mcast_max_groups"),
#endif
#ifdef CNET_HAVE_BRPORT_NEIGH_VLAN_SUPPRESS
	[IFLA_BRPORT_NEIGH_VLAN_SUPPRESS] = CBR_PORT_REJECT("neigh_vlan_suppress"),
	[IFLA_BRPORT_BACKUP_NHID]	= CBR_PORT_REJECT("backup_nhid"),
#endif
};

/* The state `bridge link show` prints: forwarding while the port and the
 * bridge are up and the port has carrier, as bridge.ko with STP off, or
 * blocking while the loop guard blocks it (cbr_guard.c).
 * netif_running(), not IFF_UP: the bridge's ndo_open and ndo_stop see the
 * state they are moving to (cbr_ports_state_update()).
 */
static u8 cbr_port_state(const struct cbr_port *port)
{
	if (netif_running(port->br->dev) &&
	    netif_running(port->dev) && netif_oper_up(port->dev))
		return READ_ONCE(port->blocked) ? BR_STATE_BLOCKING :
						  BR_STATE_FORWARDING;
	return BR_STATE_DISABLED;
}

static size_t cbr_port_attrs_size(void)
{
	return nla_total_size(sizeof(u8)) +		/* IFLA_BRPORT_STATE */
	       ARRAY_SIZE(cbr_port_flag_attrs) * nla_total_size(sizeof(u8));
}

/* IFLA_BRPORT_*: under RTNL or rcu_read_lock(). */
static int cbr_port_fill_attrs(struct sk_buff *skb,
			       const struct cbr_port *port)
{
	unsigned long flags = READ_ONCE(port->flags);
	int i;

	if (nla_put_u8(skb, IFLA_BRPORT_STATE, cbr_port_state(port)))
		return -EMSGSIZE;
	for (i = 0; i < ARRAY_SIZE(cbr_port_flag_attrs); i++)
		if (nla_put_u8(skb, cbr_port_flag_attrs[i].attr,
			       !!(flags & cbr_port_flag_attrs[i].flag)))
			return -EMSGSIZE;
	return 0;
}

static size_t cbr_port_nlmsg_size(void)
{
	return NLMSG_ALIGN(sizeof(struct ifinfomsg)) +
	       nla_total_size(IFNAMSIZ) +		/* IFLA_IFNAME */
	       nla_total_size(MAX_ADDR_LEN) +		/* IFLA_ADDRESS */
	       nla_total_size(sizeof(u32)) +		/* IFLA_MASTER */
	       nla_total_size(sizeof(u32)) +		/* IFLA_MTU */
	       nla_total_size(sizeof(u32)) +		/* IFLA_LINK */
	       nla_total_size(sizeof(u8)) +		/* IFLA_OPERSTATE */
	       nla_total_size(0) +			/* IFLA_PROTINFO */
	       cbr_port_attrs_size();
}

/* One AF_BRIDGE link message for @port, as br_fill_ifinfo() builds it:
 * RTM_NEWLINK carries the settings, RTM_DELLINK only says which port went.
 * Under RTNL or rcu_read_lock().
 */
static int cbr_port_fill_ifinfo(struct sk_buff *skb,
				const struct cbr_port *port, u32 pid, u32 seq,
				int event, unsigned int nlflags)
{
	const struct net_device *dev = port->dev;
	u8 operstate = netif_running(dev) ? READ_ONCE(dev->operstate) :
					    IF_OPER_DOWN;
	struct ifinfomsg *hdr;
	struct nlmsghdr *nlh;
	struct nlattr *nest;

	nlh = nlmsg_put(skb, pid, seq, event, sizeof(*hdr), nlflags);
	if (!nlh)
		return -EMSGSIZE;

	hdr = nlmsg_data(nlh);
	hdr->ifi_family = AF_BRIDGE;
	hdr->__ifi_pad = 0;
	hdr->ifi_type = dev->type;
	hdr->ifi_index = dev->ifindex;
	hdr->ifi_flags = dev_get_flags(dev);
	hdr->ifi_change = 0;

	if (nla_put_string(skb, IFLA_IFNAME, dev->name) ||
	    nla_put_u32(skb, IFLA_MASTER, port->br->dev->ifindex) ||
	    nla_put_u32(skb, IFLA_MTU, READ_ONCE(dev->mtu)) ||
	    nla_put_u8(skb, IFLA_OPERSTATE, operstate) ||
	    nla_put(skb, IFLA_ADDRESS, dev->addr_len, dev->dev_addr) ||
	    (dev->ifindex != dev_get_iflink(dev) &&
	     nla_put_u32(skb, IFLA_LINK, dev_get_iflink(dev))))
		goto nla_put_failure;

	if (event == RTM_NEWLINK) {
		nest = nla_nest_start(skb, IFLA_PROTINFO);
		if (!nest || cbr_port_fill_attrs(skb, port))
			goto nla_put_failure;
		nla_nest_end(skb, nest);
	}

	nlmsg_end(skb, nlh);
	return 0;

nla_put_failure:
	nlmsg_cancel(skb, nlh);
	return -EMSGSIZE;
}

/* Announce @port's settings (RTM_NEWLINK) or its leaving (RTM_DELLINK) to
 * RTNLGRP_LINK. Caller holds RTNL.
 */
void cbr_port_notify(const struct cbr_port *port, int event)
{
	struct net *net = dev_net(port->dev);
	struct sk_buff *skb;
	int err = -ENOBUFS;

	ASSERT_RTNL();
	skb = nlmsg_new(cbr_port_nlmsg_size(), GFP_KERNEL);
	if (!skb)
		goto errout;
	err = cbr_port_fill_ifinfo(skb, port, 0, 0, event, 0);
	if (err < 0) {
		/* -EMSGSIZE would be a bug in cbr_port_nlmsg_size(). */
		WARN_ON(err == -EMSGSIZE);
		kfree_skb(skb);
		goto errout;
	}
	rtnl_notify(skb, net, 0, RTNLGRP_LINK, NULL, GFP_KERNEL);
	return;
errout:
	rtnl_set_sk_err(net, RTNLGRP_LINK, err);
}

/* Announce @port's settings and state (RTM_NEWLINK). Caller holds RTNL. */
void cbr_port_announce(struct cbr_port *port)
{
	ASSERT_RTNL();
	port->state_sent = cbr_port_state(port);
	cbr_port_notify(port, RTM_NEWLINK);
}

/* Announce @port when its state changed since it was last announced (a
 * port event, or the bridge going up or down), once. Caller holds RTNL.
 */
void cbr_port_state_update(struct cbr_port *port)
{
	ASSERT_RTNL();
	if (cbr_port_state(port) != port->state_sent)
		cbr_port_announce(port);
}

/* The bridge went up or down: every port's state follows. Caller holds
 * RTNL.
 */
void cbr_ports_state_update(struct cbr *br)
{
	struct cbr_port *port;

	ASSERT_RTNL();
	list_for_each_entry(port, &br->ports, list)
		cbr_port_state_update(port);
}

/* Does any port of @br suppress neighbour requests? Caller holds RTNL. */
void cbr_update_neigh_suppress(struct cbr *br)
{
	struct cbr_port *port;
	bool on = false;

	ASSERT_RTNL();
	list_for_each_entry(port, &br->ports, list)
		on |= !!(port->flags & CBR_PORT_NEIGH_SUPPRESS);
	WRITE_ONCE(br->neigh_suppress, on);
}

/* Apply IFLA_BRPORT_* that the policy validated, all at once, and announce
 * the result. Caller holds RTNL.
 */
static void cbr_port_apply(struct cbr_port *port, struct nlattr *tb[])
{
	unsigned long flags = port->flags;
	int i;

	ASSERT_RTNL();
	for (i = 0; i < ARRAY_SIZE(cbr_port_flag_attrs); i++) {
		struct nlattr *attr = tb[cbr_port_flag_attrs[i].attr];

		if (!attr)
			continue;
		if (nla_get_u8(attr))
			flags |= cbr_port_flag_attrs[i].flag;
		else
			flags &= ~cbr_port_flag_attrs[i].flag;
	}
	WRITE_ONCE(port->flags, flags);
	cbr_update_neigh_suppress(port->br);

	/* As in bridge.ko: the stations learned on the port go. */
	if (tb[IFLA_BRPORT_FLUSH])
		cbr_fdb_flush_port(port->br, port, true);

	cbr_port_announce(port);
}

/* ndo_bridge_setlink of the bridge, called for @dev, a port (or for the
 * bridge itself with `self`, which has no settings). IFLA_AF_SPEC may
 * carry only the core's IFLA_BRIDGE_FLAGS: cbr has no VLAN filtering and
 * no hairpin modes of its own. Caller holds RTNL.
 */
int cbr_port_setlink(struct net_device *dev, struct nlmsghdr *nlh, u16 flags,
		     struct netlink_ext_ack *extack)
{
	struct nlattr *tb[IFLA_BRPORT_MAX + 1];
	struct nlattr *protinfo, *afspec, *attr;
	struct cbr_port *port;
	int rem, err;

	ASSERT_RTNL();
	port = cbr_port_get_rtnl(dev);
	if (!port) {
		NL_SET_ERR_MSG(extack, "cbr keeps settings for its ports only");
		return -EOPNOTSUPP;
	}

	afspec = nlmsg_find_attr(nlh, sizeof(struct ifinfomsg), IFLA_AF_SPEC);
	if (afspec) {
		nla_for_each_nested(attr, afspec, rem) {
			if (nla_type(attr) == IFLA_BRIDGE_FLAGS)
				continue;
			if (nla_type(attr) == IFLA_BRIDGE_VLAN_INFO)
				NL_SET_ERR_MSG_ATTR(extack, attr,
						    "cbr has no VLAN filtering");
			else
				NL_SET_ERR_MSG_ATTR(extack, attr,
						    "Unsupported IFLA_AF_SPEC attribute for a cbr port");
			return -EOPNOTSUPP;
		}
	}

	protinfo = nlmsg_find_attr(nlh, sizeof(struct ifinfomsg),
				   IFLA_PROTINFO);
	if (!protinfo)
		return 0;
	if (!(protinfo->nla_type & NLA_F_NESTED)) {
		/* The old binary form: a bare STP state. */
		NL_SET_ERR_MSG_ATTR(extack, protinfo,
				    "cbr ports do not support state: cbr runs no STP");
		return -EOPNOTSUPP;
	}

	err = nla_parse_nested(tb, IFLA_BRPORT_MAX, protinfo, cbr_port_policy,
			       extack);
	if (err)
		return err;
	cbr_port_apply(port, tb);
	return 0;
}

/* ndo_bridge_getlink of the bridge, called for each of its ports and for
 * itself (which lists nothing): under RTNL, or rcu_read_lock() where the
 * core dumps without RTNL.
 */
int cbr_port_getlink(struct sk_buff *skb, u32 pid, u32 seq,
		     struct net_device *dev, u32 filter_mask, int nlflags)
{
	struct cbr_port *port = cbr_port_get_rcu(dev);

	if (!port)
		return 0;
	return cbr_port_fill_ifinfo(skb, port, pid, seq, RTM_NEWLINK, nlflags);
}

/* rtnl_link_ops slave ops: `ip link set dev PORT type cbr_slave ...`
 * (@data validated against cbr_port_policy by the core). RTNL held.
 */
int cbr_port_slave_changelink(struct net_device *brdev, struct net_device *dev,
			      struct nlattr *tb[], struct nlattr *data[],
			      struct netlink_ext_ack *extack)
{
	struct cbr_port *port = cbr_port_get_rtnl(dev);

	if (!data)
		return 0;
	if (!port) {
		NL_SET_ERR_MSG(extack, "Not a cbr port");
		return -EINVAL;
	}
	cbr_port_apply(port, data);
	return 0;
}

size_t cbr_port_slave_size(const struct net_device *brdev,
			   const struct net_device *dev)
{
	return cbr_port_attrs_size();
}

/* `ip -d link show PORT`: under RTNL or rcu_read_lock(). */
int cbr_port_fill_slave_info(struct sk_buff *skb,
			     const struct net_device *brdev,
			     const struct net_device *dev)
{
	struct cbr_port *port = cbr_port_get_rcu(dev);

	if (!port)
		return 0;
	return cbr_port_fill_attrs(skb, port);
}
