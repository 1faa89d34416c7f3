/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the C fixtures share on top of kselftest_harness.h: a setup that
 * finds cveth or cbr missing skips every test of the fixture, on the
 * 6.1 harness too, which runs a test's body after SKIP() in its setup
 * (later harnesses return before it).
 *
 * The fixture's data holds "bool skipped;"; its setup skips with
 * SETUP_SKIP(fmt, ...), or DRIVER_ABSENT(what) when a request for the
 * driver was refused with EOPNOTSUPP (no module to autoload, none built
 * in), and every TEST_F body begins with SKIP_IF_SETUP_SKIPPED().
 */
#ifndef SELFTESTS_FIXTURE_H
#define SELFTESTS_FIXTURE_H

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

/* Under make check (CNET_REQUIRE_MODULES=1) the modules were built for
 * the running kernel: one that does not load is a failure, not a skip,
 * as in selftests/lib.sh.
 */
static inline bool cnet_require_modules(void)
{
	const char *v = getenv("CNET_REQUIRE_MODULES");

	return v && !strcmp(v, "1");
}

#define SETUP_SKIP(fmt, ...) do { \
	self->skipped = true; \
	SKIP(return, fmt, ##__VA_ARGS__); \
} while (0)

#define DRIVER_ABSENT(what) do { \
	ASSERT_FALSE(cnet_require_modules()) \
		TH_LOG("%s does not load, and make check built it for this kernel", \
		       what); \
	SETUP_SKIP("%s not available (no module, not built in)", what); \
} while (0)

#define SKIP_IF_SETUP_SKIPPED() do { \
	if (self->skipped) \
		return; \
} while (0)

#endif /* SELFTESTS_FIXTURE_H */
