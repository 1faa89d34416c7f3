/* SPDX-License-Identifier: GPL-2.0 */
/*
 * cbr: trace events of the forwarding database, system "cbr":
 *   perf trace -e 'cbr:*'     or     /sys/kernel/tracing/events/cbr/
 */
#undef TRACE_SYSTEM
#define TRACE_SYSTEM cbr

#if !defined(_CBR_TRACE_H) || defined(TRACE_HEADER_MULTI_READ)
#define _CBR_TRACE_H

#include <linux/tracepoint.h>
#include <linux/netdevice.h>
#include <linux/if_ether.h>

#include "compat.h"

DECLARE_EVENT_CLASS(cbr_fdb_event,
		    TP_PROTO(const struct net_device *br, const u8 *addr,
			     const struct net_device *port),
		    TP_ARGS(br, addr, port),
		    TP_STRUCT__entry(__string(br, br->name)
				     __string(port, port->name)
				     __array(u8, addr, ETH_ALEN)),
		    TP_fast_assign(cnet_assign_str(br, br->name);
				   cnet_assign_str(port, port->name);
				   memcpy(__entry->addr, addr, ETH_ALEN);),
		    TP_printk("br %s addr %pM port %s",
			      __get_str(br), __entry->addr, __get_str(port))
);

/* A new station was learned behind a port. */
DEFINE_EVENT(cbr_fdb_event, cbr_fdb_learn,
	     TP_PROTO(const struct net_device *br, const u8 *addr,
		      const struct net_device *port),
	     TP_ARGS(br, addr, port));

/* A learned station was not heard from for ageing_time. */
DEFINE_EVENT(cbr_fdb_event, cbr_fdb_age,
	     TP_PROTO(const struct net_device *br, const u8 *addr,
		      const struct net_device *port),
	     TP_ARGS(br, addr, port));

/* An entry went with its port (left the bridge, or went down). */
DEFINE_EVENT(cbr_fdb_event, cbr_fdb_flush,
	     TP_PROTO(const struct net_device *br, const u8 *addr,
		      const struct net_device *port),
	     TP_ARGS(br, addr, port));

/* A station showed up behind another port. */
TRACE_EVENT(cbr_fdb_move,
	    TP_PROTO(const struct net_device *br, const u8 *addr,
		     const struct net_device *from,
		     const struct net_device *to),
	    TP_ARGS(br, addr, from, to),
	    TP_STRUCT__entry(__string(br, br->name)
			     __string(from, from->name)
			     __string(to, to->name)
			     __array(u8, addr, ETH_ALEN)),
	    TP_fast_assign(cnet_assign_str(br, br->name);
			   cnet_assign_str(from, from->name);
			   cnet_assign_str(to, to->name);
			   memcpy(__entry->addr, addr, ETH_ALEN);),
	    TP_printk("br %s addr %pM from %s to %s", __get_str(br),
		      __entry->addr, __get_str(from), __get_str(to))
);

#endif /* _CBR_TRACE_H */

#undef TRACE_INCLUDE_PATH
#define TRACE_INCLUDE_PATH .
#undef TRACE_INCLUDE_FILE
#define TRACE_INCLUDE_FILE cbr_trace
#include <trace/define_trace.h>
