/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * cbr: netlink attributes of the cbr learning bridge
 * (IFLA_INFO_DATA of kind "cbr").
 */
#ifndef _UAPI_LINUX_CBR_H
#define _UAPI_LINUX_CBR_H

/* Ageing time is in 1/100 s (clock_t), the kernel bridge's unit. */
#define CBR_AGEING_TIME_DEFAULT	30000		/* 300 s */
#define CBR_AGEING_TIME_MIN	10		/* 0.1 s */
#define CBR_AGEING_TIME_MAX	100000000	/* 1,000,000 s */

/* Cap on dynamically learned FDB entries; 0 means unlimited. */
#define CBR_MAX_LEARNED_DEFAULT	65536

enum {
	IFLA_CBR_UNSPEC,
	IFLA_CBR_AGEING_TIME,	/* u32, 1/100 s */
	IFLA_CBR_MAX_LEARNED,	/* u32, 0 = unlimited */
	IFLA_CBR_LEARNED,	/* u32, read-only: learned entries now */
	IFLA_CBR_NO_LL_LEARN,	/* u8 0|1: learn nothing from link-local frames */
	IFLA_CBR_FASTPATH,	/* u8 0|1: hand frames straight to cveth peers */
	IFLA_CBR_LOOP_GUARD,	/* u8 0|1: find and block forwarding loops */

	__IFLA_CBR_MAX
#define IFLA_CBR_MAX	(__IFLA_CBR_MAX - 1)
};

#endif /* _UAPI_LINUX_CBR_H */
