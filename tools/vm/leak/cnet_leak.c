// SPDX-License-Identifier: GPL-2.0
/*
 * cnet_leak: the debug lane's positive control for kmemleak. Loading it
 * allocates a few objects and forgets them, on purpose; a lane that loads
 * it must then fail with "unreferenced object" reports. It is never
 * installed and never loaded outside tools/vm/selftest.sh.
 */
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/string.h>

#define CNET_LEAK_OBJECTS	4
#define CNET_LEAK_SIZE		192

static noinline void cnet_leak_one(unsigned int i)
{
	char *p = kmalloc(CNET_LEAK_SIZE, GFP_KERNEL);

	if (!p)
		return;
	memset(p, 0, CNET_LEAK_SIZE);
	snprintf(p, CNET_LEAK_SIZE, "cnet-leak-control %u", i);
	/* p goes out of scope here: nothing refers to the object any more. */
}

static int __init cnet_leak_init(void)
{
	unsigned int i;

	for (i = 0; i < CNET_LEAK_OBJECTS; i++)
		cnet_leak_one(i);
	pr_info("cnet_leak: leaked %u objects of %u bytes on purpose\n",
		CNET_LEAK_OBJECTS, CNET_LEAK_SIZE);
	return 0;
}

static void __exit cnet_leak_exit(void)
{
}

module_init(cnet_leak_init);
module_exit(cnet_leak_exit);
MODULE_DESCRIPTION("kmemleak positive control for the cnet debug lane");
MODULE_LICENSE("GPL");
