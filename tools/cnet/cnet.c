// SPDX-License-Identifier: GPL-2.0
/*
 * cnet: build, show and check a container network on cveth and cbr (or on
 * the kernel's veth and bridge). See Documentation/cnet.rst.
 *
 *   cnet [-n NETNS] [-v] COMMAND [ARGS]   COMMAND: pair bridge port fdb watch lab
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cnet.h"
#include "../../include/cnet_version.h"

#ifndef CNET_VERSION
#define CNET_VERSION "0"
#endif

const char *prog = "cnet";
bool verbose;

static void usage(FILE *f)
{
	fprintf(f,
"usage: cnet [-n NETNS] [-v] COMMAND [ARGS]\n"
"\n"
"  pair add A peer B [netns NS] [type cveth|veth]   a pair; B moves to NS\n"
"  pair del A\n"
"  bridge add BR [type cbr|bridge] [ageing SECONDS] [max-learned N]\n"
"  bridge set BR [ageing SECONDS] [max-learned N]\n"
"  bridge show BR\n"
"  bridge del BR\n"
"  port add BR DEV | port set BR DEV SETTING on|off... | port del DEV\n"
"  fdb show BR [--json] | fdb add BR MAC PORT | fdb del BR MAC\n"
"  watch BR                   learn / move / age events until interrupted\n"
"  lab up|status|check|down   the Docker-style bridge network\n"
"\n"
"  -n NETNS   run in the named network namespace (/run/netns/NETNS)\n"
"  -v         say what is being done\n"
"\n"
"'cnet COMMAND --help' for more. Exit codes: 0 ok, 1 failed, 2 bad arguments,\n"
"3 missing privilege, 4 missing module, 5 no such device, 6 already exists.\n");
}

void errorf(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: ", prog);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

void die_usage(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: ", prog);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, " (try '%s --help')\n", prog);
	exit(CNET_EUSAGE);
}

bool want_help(int argc, char **argv)
{
	for (int i = 0; i < argc; i++)
		if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h") ||
		    !strcmp(argv[i], "help"))
			return true;
	return false;
}

/* -errno -> exit code. */
int err_exit(int err)
{
	switch (-err) {
	case 0:
		return CNET_OK;
	case EPERM:
	case EACCES:
		return CNET_EPERM;
	case ENODEV:
	case ENOENT:
	case ENXIO:
		return CNET_ENODEV;
	case EEXIST:
		return CNET_EEXIST;
	case EINVAL:
	case ERANGE:
		return CNET_EFAIL;
	default:
		return CNET_EFAIL;
	}
}

/* Print "cnet: WHAT: <strerror>[: <kernel's message>]" with a hint for
 * privilege errors; return the exit code for ERR.
 */
int nl_strerror_exit(int err, const char *what)
{
	const char *hint = "";

	if (err == -EPERM || err == -EACCES)
		hint = geteuid() ? " (run as root)" : " (needs CAP_NET_ADMIN / CAP_SYS_ADMIN)";
	if (nl_errmsg[0])
		errorf("%s: %s: %s%s", what, strerror(-err), nl_errmsg, hint);
	else
		errorf("%s: %s%s", what, strerror(-err), hint);
	return err_exit(err);
}

static const struct {
	const char *name;
	int (*fn)(int argc, char **argv);
} cmds[] = {
	{ "pair", cmd_pair },
	{ "bridge", cmd_bridge },
	{ "port", cmd_port },
	{ "fdb", cmd_fdb },
	{ "watch", cmd_watch },
	{ "lab", cmd_lab },
};

int main(int argc, char **argv)
{
	const char *ns = NULL;
	int i = 1, err;

	setvbuf(stdout, NULL, _IOLBF, 0);
	while (i < argc && argv[i][0] == '-') {
		if (!strcmp(argv[i], "-n") || !strcmp(argv[i], "--netns")) {
			if (++i >= argc)
				die_usage("-n needs a namespace name");
			ns = argv[i++];
		} else if (!strcmp(argv[i], "-v") || !strcmp(argv[i], "--verbose")) {
			verbose = true;
			i++;
		} else if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
			usage(stdout);
			return CNET_OK;
		} else if (!strcmp(argv[i], "-V") || !strcmp(argv[i], "--version")) {
			printf("cnet %s\n", CNET_VERSION);
			return CNET_OK;
		} else {
			die_usage("unknown option '%s'", argv[i]);
		}
	}
	if (i >= argc) {
		usage(stderr);
		return CNET_EUSAGE;
	}
	if (!strcmp(argv[i], "help")) {
		usage(stdout);
		return CNET_OK;
	}
	if (ns) {
		err = netns_enter(ns);
		if (err) {
			errorf("netns %s: %s", ns, err == -ENODEV ?
			       "no such network namespace" : strerror(-err));
			return err_exit(err);
		}
	}
	for (size_t c = 0; c < sizeof(cmds) / sizeof(cmds[0]); c++)
		if (!strcmp(argv[i], cmds[c].name))
			return cmds[c].fn(argc - i - 1, argv + i + 1);
	die_usage("unknown command '%s'", argv[i]);
}
