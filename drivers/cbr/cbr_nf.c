// SPDX-License-Identifier: GPL-2.0
/*
 * cbr: the bridge family's netfilter hooks (NFPROTO_BRIDGE), run where the
 * kernel bridge runs them, so that `nft ... table bridge` rules filter and
 * count cbr's frames as they would the kernel bridge's:
 *
 *   PRE_ROUTING   a frame from a port, before learning and the FDB decision
 *   LOCAL_IN      a frame going up cbr0's stack (in: the port it came from)
 *   FORWARD       a frame bridged port to port (in: ingress, out: egress)
 *   LOCAL_OUT     a frame the host sends through cbr0, once per egress port
 *   POST_ROUTING  every frame leaving through a port, flooded copies too
 *
 * With no hook registered for the bridge family the cost is the static key
 * test in cbr_nf_hook() (cbr.h). A dropped frame is freed with the drop
 * reason NETFILTER_DROP, as nf_hook_slow() does; nftables frees it itself
 * with that reason and answers "stolen" (NF_DROP_REASON), so, as on the
 * kernel bridge, such drops show in the rule's counter and in drop
 * monitoring, not in cbr0's interface counters.
 *
 * Our ports are not bridge.ko's ports: their rx_handler_data is NULL (see
 * cbr_port.c), so bridge.ko's code that hooks in here (ebtables, nft's
 * reject, br_netfilter) finds "no bridge port" rather than misreading our
 * structures. br_netfilter's PRE_ROUTING hook drops every frame of a
 * non-port, so cbr skips it: br_netfilter (bridge-nf-call-iptables) has
 * nothing to offer cbr, whose frames iptables never sees.
 */
#include <linux/netfilter.h>
#include <linux/netfilter_bridge.h>
#include <linux/skbuff.h>
#include <net/netfilter/nf_queue.h>

#include "cbr.h"

#if IS_ENABLED(CONFIG_NETFILTER_FAMILY_BRIDGE)

/* br_netfilter's PRE_ROUTING hook: not an nftables chain, at its priority. */
static bool cbr_nf_skip(const struct nf_hook_entries *e, unsigned int i,
			unsigned int hook)
{
	const struct nf_hook_ops *ops;

	if (hook != NF_BR_PRE_ROUTING)
		return false;
	ops = nf_hook_entries_get_hook_ops(e)[i];
	return ops->hook_ops_type != NF_HOOK_OP_NF_TABLES &&
	       ops->priority == NF_BR_PRI_BRNF;
}

/* The hooks at @hook, in priority order, as nf_hook_slow() runs them.
 * Returns 1 if @skb was accepted (the caller goes on with it), 0 if it was
 * consumed: dropped, stolen, or queued to userspace (which continues with
 * @okfn once it accepts). Called under rcu_read_lock().
 */
int cbr_nf_hook_slow(struct cbr *br, unsigned int hook, struct net *net,
		     struct sk_buff *skb, struct net_device *in,
		     struct net_device *out,
		     int (*okfn)(struct net *, struct sock *, struct sk_buff *))
{
	const struct nf_hook_entries *e;
	struct nf_hook_state state;
	unsigned int i;

	e = rcu_dereference(net->nf.hooks_bridge[hook]);
	if (!e)
		return 1;

	nf_hook_state_init(&state, hook, NFPROTO_BRIDGE, in, out, NULL, net, okfn);
	for (i = 0; i < e->num_hook_entries; i++) {
		unsigned int verdict;

		if (cbr_nf_skip(e, i, hook))
			continue;
		verdict = nf_hook_entry_hookfn(&e->hooks[i], skb, &state);
		switch (verdict & NF_VERDICT_MASK) {
		case NF_ACCEPT:
			break;
		case NF_DROP:
			kfree_skb_reason(skb, SKB_DROP_REASON_NETFILTER_DROP);
			return 0;
		case NF_QUEUE:
			/* 1: no listener and the rule says bypass. */
			if (nf_queue(skb, &state, i, verdict) == 1)
				break;
			return 0;
		default:	/* NF_STOLEN */
			return 0;
		}
	}
	return 1;
}

/* Has @net a bridge-family hook? Frames of ours can wait in a userspace
 * queue only while one exists: unregistering a hook drops every queued
 * frame of the namespace (__nf_unregister_net_hook()).
 */
static bool cbr_nf_hooked(struct net *net)
{
	unsigned int h;

	for (h = 0; h < ARRAY_SIZE(net->nf.hooks_bridge); h++)
		if (rcu_access_pointer(net->nf.hooks_bridge[h]))
			return true;
	return false;
}

/* A frame parked in a userspace queue by a `queue` rule holds one of our
 * continuation functions (the okfn of its hook), references to the ports
 * it came in or goes out through and, at LOCAL_IN, the bridge device as
 * skb->dev without a reference. nfnetlink_queue never runs that okfn for
 * cbr's frames on the kernels we build for: at reinject it drops a bridge
 * family frame whose devices are not IFF_BRIDGE_PORT, and cbr's ports are
 * not (cbr_port.c). So nothing of ours runs after a verdict, but the frame
 * would outlive the bridge device it points to. Before a bridge goes
 * (ndo_uninit; rmmod deletes every bridge first), drop the namespace's
 * queued frames, as the core does whenever a hook is unregistered (the
 * queue handler has no narrower call: other queued packets of the
 * namespace go too), and wait for verdicts being handled (under RCU). A
 * verdict in flight cannot queue a cbr frame again: nfnetlink_queue turns
 * it into a drop. A verdict that comes later is refused with ENOENT.
 * Caller holds RTNL.
 */
void cbr_nf_queue_drop(struct net *net)
{
	ASSERT_RTNL();
	if (!cbr_nf_hooked(net))
		return;
	nf_queue_nf_hook_drop(net);
	synchronize_net();
}

#endif /* CONFIG_NETFILTER_FAMILY_BRIDGE */
