// SPDX-License-Identifier: GPL-2.0
/*
 * cbr: neigh_suppress -- ARP requests and IPv6 neighbour solicitations for
 * stations behind a port with neigh_suppress are answered by the bridge on
 * the station's behalf, and such ports do not get them flooded. The model
 * is bridge.ko's (br_arp_nd_proxy.c), without VLANs: what the host's
 * neighbour table on the bridge device knows, and the FDB places behind a
 * suppressing port, is answered.
 *
 * Everything here runs under rcu_read_lock() with BH off (the rx_handler,
 * a queue verdict's nf_reinject(), or the bridge device's ndo_start_xmit)
 * and allocates only the reply.
 */
#include <linux/netdevice.h>
#include <linux/etherdevice.h>
#include <linux/if_arp.h>
#include <linux/if_vlan.h>
#include <linux/inetdevice.h>
#include <linux/ipv6.h>
#include <linux/icmpv6.h>
#include <net/arp.h>
#include <net/neighbour.h>
#include <net/ndisc.h>
#include <net/addrconf.h>
#include <net/ipv6_stubs.h>
#include <net/ip6_checksum.h>

#include "cbr.h"

/* A target link-layer address option for Ethernet: 8 octets. */
#define CBR_ND_OPT_LLADDR_LEN	8

/* Which port is @ha, the link-layer address of neighbour entry @n,
 * behind? NULL if the FDB does not know it. Caller holds rcu_read_lock().
 */
static const struct cbr_port *cbr_neigh_port(struct cbr *br,
					     struct neighbour *n, u8 *ha)
{
	struct cbr_fdb_entry *f;

	if (!(READ_ONCE(n->nud_state) & NUD_VALID))
		return NULL;
	neigh_ha_snapshot(ha, n, n->dev);
	f = cbr_fdb_lookup(br, ha);
	return f ? READ_ONCE(f->port) : NULL;
}

/* An ARP frame (skb->data at the ARP header). Returns true when ports
 * with neigh_suppress must not get it.
 */
static bool cbr_arp_suppress(struct cbr *br, const struct cbr_port *in,
			     struct sk_buff *skb)
{
	struct net_device *dev = br->dev;
	const struct cbr_port *to;
	u8 ha[ETH_ALEN] __aligned(2);
	struct in_device *in_dev;
	bool suppressed = false;
	const u8 *arpptr, *sha;
	struct sk_buff *reply;
	struct neighbour *n;
	struct arphdr *parp;
	__be32 sip, tip;

	if ((dev->flags & IFF_NOARP) || !pskb_may_pull(skb, arp_hdr_len(dev)))
		return false;
	parp = (struct arphdr *)skb->data;
	if (parp->ar_pro != htons(ETH_P_IP) || parp->ar_hln != ETH_ALEN ||
	    parp->ar_pln != 4)
		return false;

	arpptr = (const u8 *)(parp + 1);
	sha = arpptr;
	arpptr += ETH_ALEN;
	memcpy(&sip, arpptr, sizeof(sip));
	arpptr += sizeof(sip) + ETH_ALEN;
	memcpy(&tip, arpptr, sizeof(tip));

	if (ipv4_is_loopback(tip) || ipv4_is_multicast(tip))
		return false;
	if (parp->ar_op != htons(ARPOP_RREQUEST) &&
	    parp->ar_op != htons(ARPOP_RREPLY) && sip == tip)
		return true;		/* gratuitous ARP */
	if (parp->ar_op != htons(ARPOP_REQUEST))
		return false;

	/* The bridge's own address: the host answers it. */
	in_dev = __in_dev_get_rcu(dev);
	if (in_dev && inet_confirm_addr(dev_net(dev), in_dev, 0, tip,
					RT_SCOPE_HOST))
		return true;

	n = neigh_lookup(&arp_tbl, &tip, dev);
	if (!n)
		return false;
	to = cbr_neigh_port(br, n, ha);
	if (to) {
		if (in && (READ_ONCE(to->flags) & CBR_PORT_NEIGH_SUPPRESS)) {
			/* Through arp_xmit(): the ARP output hook sees it. */
			reply = arp_create(ARPOP_REPLY, ETH_P_ARP, sip, in->dev,
					   tip, sha, ha, sha);
			if (reply)
				arp_xmit(reply);
		}
		suppressed = true;
	}
	neigh_release(n);
	return suppressed;
}

#if IS_ENABLED(CONFIG_IPV6)
/* The link-layer address a solicitation asks the answer to go to: its
 * source link-layer address option, else the frame's source.
 */
static const u8 *cbr_ns_lladdr(struct sk_buff *skb, u8 *buf)
{
	unsigned int off = sizeof(struct ipv6hdr) + sizeof(struct nd_msg);
	const struct nd_opt_hdr *opt;
	struct nd_opt_hdr _opt;
	const u8 *addr;

	while ((opt = skb_header_pointer(skb, off, sizeof(_opt), &_opt))) {
		if (!opt->nd_opt_len ||
		    off + (opt->nd_opt_len << 3) > skb->len)
			break;
		if (opt->nd_opt_type == ND_OPT_SOURCE_LL_ADDR) {
			addr = skb_header_pointer(skb, off + sizeof(_opt),
						  ETH_ALEN, buf);
			if (addr && opt->nd_opt_len << 3 >=
				    sizeof(_opt) + ETH_ALEN)
				return addr;
			break;
		}
		off += opt->nd_opt_len << 3;
	}
	return eth_hdr(skb)->h_source;
}

/* A neighbour advertisement from @target at @ha, answering the
 * solicitation @skb (@ns its ICMPv6 part) of neighbour entry @n.
 */
static struct sk_buff *cbr_na_create(struct net_device *dev,
				     struct sk_buff *skb,
				     const struct nd_msg *ns,
				     struct neighbour *n, const u8 *ha)
{
	const struct ipv6hdr *rip6 = (const struct ipv6hdr *)skb->data;
	int plen = sizeof(struct nd_msg) + CBR_ND_OPT_LLADDR_LEN;
	bool dad = ipv6_addr_any(&rip6->saddr);
	u8 lladdr_buf[ETH_ALEN] __aligned(2);
	struct sk_buff *reply;
	struct ipv6hdr *ip6;
	struct nd_msg *na;
	struct ethhdr *eth;

	reply = alloc_skb(LL_RESERVED_SPACE(dev) + sizeof(*ip6) + plen +
			  dev->needed_tailroom, GFP_ATOMIC);
	if (!reply)
		return NULL;
	skb_reserve(reply, LL_RESERVED_SPACE(dev));
	skb_reset_network_header(reply);
	ip6 = skb_put(reply, sizeof(*ip6));
	ip6_flow_hdr(ip6, ip6_tclass(ip6_flowinfo(rip6)), 0);
	ip6->payload_len = htons(plen);
	ip6->nexthdr = IPPROTO_ICMPV6;
	ip6->hop_limit = 255;
	ip6->saddr = ns->target;
	/* Duplicate address detection: the answer goes to all nodes. */
	ip6->daddr = dad ? in6addr_linklocal_allnodes : rip6->saddr;

	skb_set_transport_header(reply, reply->len);
	na = skb_put_zero(reply, plen);
	na->icmph.icmp6_type = NDISC_NEIGHBOUR_ADVERTISEMENT;
	na->icmph.icmp6_router = !!(READ_ONCE(n->flags) & NTF_ROUTER);
	na->icmph.icmp6_solicited = !dad;
	na->icmph.icmp6_override = 1;
	na->target = ns->target;
	na->opt[0] = ND_OPT_TARGET_LL_ADDR;
	na->opt[1] = CBR_ND_OPT_LLADDR_LEN >> 3;
	ether_addr_copy(&na->opt[2], ha);
	na->icmph.icmp6_cksum = csum_ipv6_magic(&ip6->saddr, &ip6->daddr, plen,
						IPPROTO_ICMPV6,
						csum_partial(na, plen, 0));

	eth = skb_push(reply, ETH_HLEN);
	skb_reset_mac_header(reply);
	if (dad)
		ipv6_eth_mc_map(&in6addr_linklocal_allnodes, eth->h_dest);
	else
		ether_addr_copy(eth->h_dest, cbr_ns_lladdr(skb, lladdr_buf));
	ether_addr_copy(eth->h_source, ha);
	eth->h_proto = htons(ETH_P_IPV6);
	reply->protocol = htons(ETH_P_IPV6);
	reply->dev = dev;
	return reply;
}

/* An IPv6 frame (skb->data at the IPv6 header): a neighbour solicitation
 * or advertisement is looked at. Returns true when ports with
 * neigh_suppress must not get it.
 */
static bool cbr_nd_suppress(struct cbr *br, const struct cbr_port *in,
			    struct sk_buff *skb)
{
	struct net_device *dev = br->dev;
	const struct ipv6hdr *ip6;
	const struct cbr_port *to;
	u8 ha[ETH_ALEN] __aligned(2);
	bool suppressed = false;
	const struct nd_msg *m;
	struct sk_buff *reply;
	struct nd_msg _m;
	struct neighbour *n;

	if (!ipv6_mod_enabled() ||
	    !pskb_may_pull(skb, sizeof(*ip6) + sizeof(*m)))
		return false;
	ip6 = (const struct ipv6hdr *)skb->data;
	if (ip6->nexthdr != IPPROTO_ICMPV6)
		return false;
	m = skb_header_pointer(skb, sizeof(*ip6), sizeof(_m), &_m);
	if (!m || m->icmph.icmp6_code)
		return false;

	/* An unsolicited advertisement is the station's own announcement. */
	if (m->icmph.icmp6_type == NDISC_NEIGHBOUR_ADVERTISEMENT)
		return !m->icmph.icmp6_solicited;
	if (m->icmph.icmp6_type != NDISC_NEIGHBOUR_SOLICITATION)
		return false;
	if (ipv6_addr_equal(&ip6->saddr, &ip6->daddr))
		return true;

	/* The bridge's own address: the host answers it. */
	if (ipv6_chk_addr(dev_net(dev), &m->target, dev, 0))
		return true;

	n = neigh_lookup(ipv6_stub->nd_tbl, &m->target, dev);
	if (!n)
		return false;
	to = cbr_neigh_port(br, n, ha);
	if (to) {
		if (in && (READ_ONCE(to->flags) & CBR_PORT_NEIGH_SUPPRESS)) {
			reply = cbr_na_create(in->dev, skb, m, n, ha);
			if (reply)
				dev_queue_xmit(reply);
		}
		suppressed = true;
	}
	neigh_release(n);
	return suppressed;
}
#else
static bool cbr_nd_suppress(struct cbr *br, const struct cbr_port *in,
			    struct sk_buff *skb)
{
	return false;
}
#endif

/* neigh_suppress, for a frame from port @in, or from the host (@in NULL),
 * with skb->data past its Ethernet header: an ARP request or a neighbour
 * solicitation from a port for an address that the host's neighbour table
 * on the bridge knows, whose MAC the FDB has on a port with
 * neigh_suppress, is answered on that station's behalf. The host's own
 * requests are not answered: the host asks only about an entry that is
 * not confirmed (or not there), and an answer from that same table would
 * confirm a station that may be gone. Returns true when ports with
 * neigh_suppress must not get the frame: the station is known (answered
 * or not), the address is the bridge's own, or the frame is an
 * announcement (gratuitous ARP, unsolicited advertisement). Frames that
 * come in through a suppressing port are left alone (the EVPN model:
 * that port faces a network that answers for itself).
 * BH off, rcu_read_lock().
 */
bool cbr_neigh_suppress(struct cbr *br, const struct cbr_port *in,
			struct sk_buff *skb)
{
	__be16 proto = eth_hdr(skb)->h_proto;

	if (in && (READ_ONCE(in->flags) & CBR_PORT_NEIGH_SUPPRESS))
		return false;
	/* A tagged frame: cbr has no per-VLAN neighbour tables. */
	if (skb_vlan_tag_present(skb))
		return false;
	if (proto == htons(ETH_P_ARP))
		return cbr_arp_suppress(br, in, skb);
	if (proto == htons(ETH_P_IPV6))
		return cbr_nd_suppress(br, in, skb);
	return false;
}
