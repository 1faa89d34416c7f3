/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * cveth: netlink attributes of the cveth pair (IFLA_INFO_DATA of kind "cveth").
 *
 * The wire format is veth's: CVETH_INFO_PEER is a nest that holds a
 * struct ifinfomsg followed by IFLA_* attributes describing the peer.
 */
#ifndef _UAPI_LINUX_CVETH_H
#define _UAPI_LINUX_CVETH_H

enum {
	CVETH_INFO_UNSPEC,
	CVETH_INFO_PEER,

	__CVETH_INFO_MAX
#define CVETH_INFO_MAX	(__CVETH_INFO_MAX - 1)
};

#endif /* _UAPI_LINUX_CVETH_H */
