/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Kernel-version shims for cveth and cbr: the one place where the
 * differences between the kernels we build for (6.1 .. 6.12) are handled.
 */
#ifndef _CNET_COMPAT_H
#define _CNET_COMPAT_H

#include <linux/version.h>
#include <linux/netdevice.h>
#include <linux/netlink.h>
/* rps_needed moved from netdevice.h to its own header in 6.9. */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 9, 0)
#include <net/rps.h>
#endif

/* Lockless transmit: a feature bit up to 6.11, a device flag from 6.12. */
static inline void cnet_dev_set_lltx(struct net_device *dev)
{
#ifdef NETIF_F_LLTX
	dev->features |= NETIF_F_LLTX;
#else
	dev->lltx = true;
#endif
}

/* Stay in the netns: a feature bit up to 6.11, a device flag from 6.12. */
static inline void cnet_dev_set_netns_local(struct net_device *dev)
{
#ifdef NETIF_F_NETNS_LOCAL
	dev->features |= NETIF_F_NETNS_LOCAL;
#else
	dev->netns_immutable = true;
#endif
}

/* cbr: drop reasons that 6.1 lacks (both are in 6.12) fall back. */
#if LINUX_VERSION_CODE < KERNEL_VERSION(6, 12, 0)
#define SKB_DROP_REASON_MAC_INVALID_SOURCE	SKB_DROP_REASON_NOT_SPECIFIED
#define SKB_DROP_REASON_NO_TX_TARGET		SKB_DROP_REASON_NOT_SPECIFIED
#endif

/* cbr: bridge port attributes newer than 6.1 (refused by name). */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 2, 0)
#define CNET_HAVE_BRPORT_MAB
#endif
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 3, 0)
#define CNET_HAVE_BRPORT_MCAST_MAX_GROUPS
#endif
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 6, 0)
#define CNET_HAVE_BRPORT_NEIGH_VLAN_SUPPRESS
#endif

/* Trace events: __assign_str() lost its source argument in 6.10. */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 10, 0)
#define cnet_assign_str(dst, src)	__assign_str(dst)
#else
#define cnet_assign_str(dst, src)	__assign_str(dst, src)
#endif

/* cbr's ndo_fdb_dump: where a dump resumes. rtnl_fdb_dump() keeps the
 * index in cb->args[2] up to 6.12; 6.13 moved it into struct
 * ndo_fdb_dump_context, which lives in cb->ctx.
 */
static inline int cnet_fdb_dump_start(const struct netlink_callback *cb)
{
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 13, 0)
	const struct ndo_fdb_dump_context *ctx = (const void *)cb->ctx;

	return ctx->fdb_idx;
#else
	return cb->args[2];
#endif
}

/* cbr's fast path: does anything on @dev's way out need dev_queue_xmit()?
 * A clsact qdisc's egress (tc filters; from 6.6 also tcx BPF programs) or
 * a netfilter egress chain (nft's netdev family).
 */
static inline bool cnet_dev_egress_hooked(const struct net_device *dev)
{
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 6, 0)
#ifdef CONFIG_NET_XGRESS
	if (rcu_access_pointer(dev->tcx_egress))
		return true;
#endif
#elif defined(CONFIG_NET_CLS_ACT)
	if (rcu_access_pointer(dev->miniq_egress))
		return true;
#endif
#ifdef CONFIG_NETFILTER_EGRESS
	if (rcu_access_pointer(dev->nf_hooks_egress))
		return true;
#endif
	return false;
}

/* cbr's fast path: what __dev_queue_xmit() clears for a frame going out:
 * the mark that tc left from the frame's ingress (tc_at_ingress).
 */
static inline void cnet_skb_clear_tc_ingress(struct sk_buff *skb)
{
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 6, 0)
#ifdef CONFIG_NET_XGRESS
	skb->tc_at_ingress = 0;
#endif
#elif defined(CONFIG_NET_CLS_ACT)
	skb->tc_at_ingress = 0;
#endif
}

/* Drop every packet that waits in a userspace queue of @net's queue
 * handler, as __nf_unregister_net_hook() does when a hook goes away.
 * Exported by the core (nft_ct and xt_CT call it), but declared in
 * net/netfilter/nf_internals.h, which kernel headers packages lack.
 */
#if IS_ENABLED(CONFIG_NETFILTER)
void nf_queue_nf_hook_drop(struct net *net);
#endif

#endif /* _CNET_COMPAT_H */
