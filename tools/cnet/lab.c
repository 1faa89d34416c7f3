// SPDX-License-Identifier: GPL-2.0
/*
 * cnet lab: the Docker bridge network of the seed article, in one command.
 *
 *     cnet-c1 (netns)        cnet-c2 (netns)            cnet-out (netns)
 *     eth0 172.168.1.11      eth0 172.168.1.12          eth0 198.51.100.2
 *       |  default via .1      |  default via .1          |  (no route back
 *       |                      |                          |   to 172.168.1.0/24)
 *     lab-c1                 lab-c2                     lab-out 198.51.100.1
 *       +------ cnet0 ---------+                          |
 *               172.168.1.1/24      ip_forward=1          |
 *               (cbr or bridge) ---- routing, NAT ---------+
 *
 *   MASQUERADE  172.168.1.0/24 leaving through lab-out
 *   DNAT        198.51.100.1:HOSTPORT (from lab-out) -> container:PORT
 *   --hairpin   also from the containers, to 172.168.1.1 or 198.51.100.1,
 *               MASQUERADEd back into cnet0; hairpin on every lab-c* port
 *
 * The host side (bridge, uplink, NAT) lives in the namespace cnet runs in;
 * containers and the outside world are named namespaces. The NAT rules are
 * one nftables table, "ip cnet_lab"; --isolate adds "bridge cnet_lab", whose
 * forward chain drops frames bridged from one container's port to another's
 * (Docker's icc=false). What `lab up` changed is written to
 * /run/cnet/lab so `lab down` can undo it, ip_forward included.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include "cnet.h"

#define LAB_STATE_DIR	"/run/cnet"
#define LAB_STATE	LAB_STATE_DIR "/lab"
#define LAB_BRIDGE	"cnet0"
#define LAB_SUBNET	"172.168.1.0/24"
#define LAB_GW		"172.168.1.1"
#define LAB_UPLINK	"lab-out"
#define LAB_OUT_NS	"cnet-out"
#define LAB_OUT_HOST	"198.51.100.1"
#define LAB_OUT_PEER	"198.51.100.2"
#define LAB_NFT_TABLE	"cnet_lab"
#define LAB_MAX		32
#define LAB_MAX_PUB	16

static const char lab_help[] =
"usage: cnet lab up [--containers N] [--pair cveth|veth] [--bridge cbr|bridge]\n"
"                   [--publish HOSTPORT:CONTAINER:PORT]... [--no-publish]\n"
"                   [--isolate] [--hairpin]\n"
"       cnet lab status\n"
"       cnet lab check [--timeout SECONDS]\n"
"       cnet lab down\n"
"\n"
"up:     N containers (network namespaces cnet-c1..cnet-cN, default 2), each\n"
"        on a pair (cveth by default) whose host end lab-cI is a port of the\n"
"        bridge " LAB_BRIDGE " (cbr by default) with the gateway " LAB_GW "/24;\n"
"        container I is 172.168.1.(10+I) with a default route via the\n"
"        gateway. An \"outside\" namespace " LAB_OUT_NS " (" LAB_OUT_PEER ") hangs\n"
"        off the uplink " LAB_UPLINK " (" LAB_OUT_HOST "); ip_forward is on;\n"
"        traffic from the containers is MASQUERADEd out of " LAB_UPLINK ";\n"
"        --publish 8888:1:80 DNATs " LAB_OUT_HOST ":8888 to container 1 port 80.\n"
"        Without --publish: 8888:1:80 and 9999:2:80, as in the article.\n"
"        --isolate: containers cannot reach each other, only the gateway\n"
"        and the outside (Docker's icc=false): a bridge-family nftables\n"
"        table drops what the bridge forwards between lab-c* ports.\n"
"        --hairpin: containers reach the published ports too, through the\n"
"        gateway (" LAB_GW ":HOSTPORT or " LAB_OUT_HOST ":HOSTPORT), a container\n"
"        its own (Docker without the userland proxy): the DNAT applies to\n"
"        traffic from " LAB_BRIDGE ", which is MASQUERADEd back into it, and\n"
"        every lab-c* port is in hairpin mode.\n"
"status: containers, addresses, each pair end with its peer, the bridge's\n"
"        ports and FDB, the NAT rules.\n"
"check:  proves every path (container to gateway, to each other container,\n"
"        out through NAT, published ports from outside) with ICMP and TCP;\n"
"        prints PASS/FAIL per path (in an isolated lab, container to\n"
"        container must be blocked); exits 1 if any failed. A path fails\n"
"        when it does not answer within --timeout (default 5 s) per probe.\n"
"down:   removes everything up made and restores ip_forward; safe to run\n"
"        twice.\n";

struct publish {
	int hostport, container, port;
};

struct lab {
	char pair[32], bridge[32];
	int n;
	int npub;
	struct publish pub[LAB_MAX_PUB];
	bool isolate;
	bool hairpin;
	char ip_forward[8];	/* its value before lab up */
};

/* ---- state ---- */

static int lab_load(struct lab *lab)
{
	char line[128];
	FILE *f = fopen(LAB_STATE, "r");

	memset(lab, 0, sizeof(*lab));
	if (!f)
		return -errno;
	while (fgets(line, sizeof(line), f)) {
		line[strcspn(line, "\n")] = 0;
		if (!strncmp(line, "pair=", 5))
			snprintf(lab->pair, sizeof(lab->pair), "%.31s", line + 5);
		else if (!strncmp(line, "bridge=", 7))
			snprintf(lab->bridge, sizeof(lab->bridge), "%.31s", line + 7);
		else if (!strncmp(line, "containers=", 11))
			lab->n = atoi(line + 11);
		else if (!strcmp(line, "isolate=1"))
			lab->isolate = true;
		else if (!strcmp(line, "hairpin=1"))
			lab->hairpin = true;
		else if (!strncmp(line, "ip_forward=", 11))
			snprintf(lab->ip_forward, sizeof(lab->ip_forward), "%.7s", line + 11);
		else if (!strncmp(line, "publish=", 8) && lab->npub < LAB_MAX_PUB) {
			struct publish *p = &lab->pub[lab->npub];

			if (sscanf(line + 8, "%d:%d:%d", &p->hostport,
				   &p->container, &p->port) == 3)
				lab->npub++;
		}
	}
	fclose(f);
	if (lab->n < 1 || lab->n > LAB_MAX)
		lab->n = 0;
	return 0;
}

static int lab_save(const struct lab *lab)
{
	FILE *f;

	if (mkdir(LAB_STATE_DIR, 0755) && errno != EEXIST)
		return -errno;
	f = fopen(LAB_STATE, "w");
	if (!f)
		return -errno;
	fprintf(f, "pair=%s\nbridge=%s\ncontainers=%d\nip_forward=%s\nisolate=%d\nhairpin=%d\n",
		lab->pair, lab->bridge, lab->n, lab->ip_forward, lab->isolate,
		lab->hairpin);
	for (int i = 0; i < lab->npub; i++)
		fprintf(f, "publish=%d:%d:%d\n", lab->pub[i].hostport,
			lab->pub[i].container, lab->pub[i].port);
	return fclose(f) ? -errno : 0;
}

static void cname(char *buf, size_t len, int i)
{
	snprintf(buf, len, "cnet-c%d", i);
}

static void hname(char *buf, size_t len, int i)
{
	snprintf(buf, len, "lab-c%d", i);
}

static void cip(char *buf, size_t len, int i)
{
	snprintf(buf, len, "172.168.1.%d", 10 + i);
}

/* ---- helpers ---- */

static int read_file(const char *path, char *buf, size_t len)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC), n;

	if (fd < 0)
		return -errno;
	n = read(fd, buf, len - 1);
	close(fd);
	if (n < 0)
		return -errno;
	buf[n] = 0;
	buf[strcspn(buf, "\n")] = 0;
	return 0;
}

static int write_file(const char *path, const char *val)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC), n;

	if (fd < 0)
		return -errno;
	n = write(fd, val, strlen(val));
	close(fd);
	return n < 0 ? -errno : 0;
}

/* Run ARGV with INPUT on its stdin; QUIET sends its output to /dev/null.
 * Returns its exit status, 127 if it cannot be run.
 */
static int run(char *const argv[], const char *input, bool quiet)
{
	int pfd[2], status;
	pid_t pid;

	if (pipe(pfd))
		return 127;
	pid = fork();
	if (pid < 0)
		return 127;
	if (pid == 0) {
		dup2(pfd[0], 0);
		close(pfd[0]);
		close(pfd[1]);
		if (quiet) {
			int null = open("/dev/null", O_WRONLY);

			dup2(null, 1);
			dup2(null, 2);
		}
		execvp(argv[0], argv);
		_exit(127);
	}
	close(pfd[0]);
	if (input && write(pfd[1], input, strlen(input)) < 0)
		perror("cnet: write to child");
	close(pfd[1]);
	if (waitpid(pid, &status, 0) < 0)
		return 127;
	return WIFEXITED(status) ? WEXITSTATUS(status) : 127;
}

static bool have_cmd(const char *cmd)
{
	char *path = getenv("PATH"), *p, *dir, buf[512];

	if (!path)
		return false;
	path = strdup(path);
	for (dir = strtok_r(path, ":", &p); dir; dir = strtok_r(NULL, ":", &p)) {
		snprintf(buf, sizeof(buf), "%s/%s", dir, cmd);
		if (!access(buf, X_OK)) {
			free(path);
			return true;
		}
	}
	free(path);
	return false;
}

/* Is there an nftables table FAMILY cnet_lab ("ip" or "bridge")? */
static bool nft_table_exists(const char *family)
{
	char *argv[] = { "nft", "list", "table", (char *)family, LAB_NFT_TABLE, NULL };

	return have_cmd("nft") && run(argv, NULL, true) == 0;
}

/* The NAT table (and the isolation table). With --hairpin, a container's
 * connection DNATed back into the bridge is MASQUERADEd, so that the
 * answer comes back through the gateway too. At most LAB_MAX_PUB
 * publishes: under 4 KiB of rules.
 */
static int nft_apply(const struct lab *lab)
{
	char rules[8192], ip[32];
	char *argv[] = { "nft", "-f", "-", NULL };
	int len;

	len = snprintf(rules, sizeof(rules),
		"table ip " LAB_NFT_TABLE " {\n"
		"  chain postrouting {\n"
		"    type nat hook postrouting priority srcnat; policy accept;\n"
		"    ip saddr " LAB_SUBNET " oifname \"" LAB_UPLINK "\" masquerade\n"
		"%s"
		"  }\n"
		"  chain prerouting {\n"
		"    type nat hook prerouting priority dstnat; policy accept;\n",
		lab->hairpin ?
		"    ip saddr " LAB_SUBNET " oifname \"" LAB_BRIDGE "\" ct status dnat masquerade\n" :
		"");
	for (int i = 0; i < lab->npub; i++) {
		cip(ip, sizeof(ip), lab->pub[i].container);
		len += snprintf(rules + len, sizeof(rules) - len,
			"    iifname \"" LAB_UPLINK "\" tcp dport %d dnat to %s:%d\n",
			lab->pub[i].hostport, ip, lab->pub[i].port);
		if (lab->hairpin)
			len += snprintf(rules + len, sizeof(rules) - len,
				"    iifname \"" LAB_BRIDGE "\" ip daddr { " LAB_GW ", " LAB_OUT_HOST " } tcp dport %d dnat to %s:%d\n",
				lab->pub[i].hostport, ip, lab->pub[i].port);
	}
	len += snprintf(rules + len, sizeof(rules) - len, "  }\n}\n");
	if (lab->isolate)
		snprintf(rules + len, sizeof(rules) - len,
			"table bridge " LAB_NFT_TABLE " {\n"
			"  chain forward {\n"
			"    type filter hook forward priority filter; policy accept;\n"
			"    iifname \"lab-c*\" oifname \"lab-c*\" counter drop\n"
			"  }\n"
			"}\n");
	if (verbose)
		fputs(rules, stdout);
	return run(argv, rules, false) ? -EIO : 0;
}

static int step_err(int err, const char *what)
{
	return nl_strerror_exit(err, what);
}

/* ---- down ---- */

/* Remove every trace of the lab, whatever state it is in. Returns the
 * number of things removed; QUIET when cleaning up after a failed up.
 */
static int lab_teardown(bool quiet)
{
	char ns[64];
	struct lab lab;
	struct links ls = { 0 };
	struct link *l;
	struct dirent *de;
	struct nl nl;
	int removed = 0;
	bool have_state = !lab_load(&lab);
	DIR *d;

	for (int f = 0; f < 2; f++) {
		char *family = f ? "bridge" : "ip";
		char *argv[] = { "nft", "delete", "table", family, LAB_NFT_TABLE, NULL };

		if (nft_table_exists(family) && !run(argv, NULL, quiet)) {
			removed++;
			if (!quiet)
				printf("removed nftables table %s %s\n", family, LAB_NFT_TABLE);
		}
	}
	if (!nl_open(&nl, NULL) && !link_dump(&nl, &ls)) {
		/* Host ends first: each takes its peer along, synchronously. */
		for (int i = 0; i < ls.n; i++) {
			l = &ls.v[i];
			if (strncmp(l->name, "lab-c", 5) && strcmp(l->name, LAB_UPLINK) &&
			    strcmp(l->name, LAB_BRIDGE))
				continue;
			if (!link_del(&nl, l->ifindex)) {
				removed++;
				if (!quiet)
					printf("removed link %s\n", l->name);
			}
		}
		links_free(&ls);
		nl_close(&nl);
	}
	d = opendir("/run/netns");
	while (d && (de = readdir(d))) {
		if (strncmp(de->d_name, "cnet-c", 6) && strcmp(de->d_name, LAB_OUT_NS))
			continue;
		snprintf(ns, sizeof(ns), "%.63s", de->d_name);
		netns_kill_pids(ns);
		if (!netns_del(ns)) {
			removed++;
			if (!quiet)
				printf("removed netns %s\n", ns);
		}
	}
	if (d)
		closedir(d);
	if (have_state) {
		if (lab.ip_forward[0] &&
		    !write_file("/proc/sys/net/ipv4/ip_forward", lab.ip_forward) &&
		    !quiet)
			printf("restored net.ipv4.ip_forward=%s\n", lab.ip_forward);
		unlink(LAB_STATE);
		rmdir(LAB_STATE_DIR);
		removed++;
	}
	return removed;
}

static int lab_down(int argc, char **argv)
{
	if (argc)
		die_usage("lab down: takes no arguments");
	if (geteuid()) {
		errorf("lab down: needs root");
		return CNET_EPERM;
	}
	if (!lab_teardown(false))
		printf("lab is down: nothing to remove\n");
	return 0;
}

/* ---- up ---- */

static int parse_publish(const char *s, struct publish *p, int n)
{
	char c;

	if (sscanf(s, "%d:%d:%d%c", &p->hostport, &p->container, &p->port, &c) != 3 &&
	    sscanf(s, "%d:c%d:%d%c", &p->hostport, &p->container, &p->port, &c) != 3)
		die_usage("lab up: --publish wants HOSTPORT:CONTAINER:PORT, e.g. 8888:1:80 (got '%s')", s);
	if (p->hostport < 1 || p->hostport > 65535 || p->port < 1 || p->port > 65535)
		die_usage("lab up: --publish %s: ports are 1 to 65535", s);
	if (p->container < 1 || p->container > n)
		die_usage("lab up: --publish %s: container %d does not exist (1 to %d)",
			  s, p->container, n);
	return 0;
}

/*
 * Inside namespace @ns: lo and eth0 up, @cidr on eth0 and, if @gw is not
 * NULL, a default route through it.
 */
static int lab_ns_side(const char *ns, const char *cidr, const char *gw)
{
	struct link l;
	struct nl c;
	int err;

	err = nl_open(&c, ns);
	if (err)
		return step_err(err, ns);
	err = link_get(&c, "lo", &l);
	if (!err)
		err = link_set_up(&c, l.ifindex, true);
	if (!err)
		err = link_get(&c, "eth0", &l);
	if (!err)
		err = link_set_up(&c, l.ifindex, true);
	if (!err)
		err = addr_add(&c, l.ifindex, cidr);
	if (!err && gw)
		err = route_add_default(&c, gw);
	nl_close(&c);
	return err ? step_err(err, ns) : 0;
}

/* Create one container: netns, pair, port, address, default route. */
static int lab_container(struct nl *host, const struct lab *lab, int i)
{
	char ns[64], h[IFNAMSIZ], ip[32], cidr[40];
	struct link hl, br;
	int err;

	cname(ns, sizeof(ns), i);
	hname(h, sizeof(h), i);
	cip(ip, sizeof(ip), i);
	snprintf(cidr, sizeof(cidr), "%s/24", ip);

	err = netns_add(ns);
	if (err)
		return step_err(err, ns);
	err = link_add_pair(host, lab->pair, h, "eth0", ns);
	if (err)
		return parse_kind_err("lab up: pair", err, lab->pair);
	err = link_get(host, h, &hl);
	if (!err)
		err = link_get(host, LAB_BRIDGE, &br);
	if (!err)
		err = link_set_master(host, hl.ifindex, br.ifindex);
	if (!err)
		err = link_set_up(host, hl.ifindex, true);
	if (!err && lab->hairpin)
		err = port_set_setting(host, hl.ifindex, "hairpin", true);
	if (err)
		return step_err(err, h);

	err = lab_ns_side(ns, cidr, LAB_GW);
	if (err)
		return err;
	printf("  container %-8s eth0 %-15s <-> %s (port of %s)\n", ns, cidr, h, LAB_BRIDGE);
	return 0;
}

static int lab_outside(struct nl *host, const struct lab *lab)
{
	struct link hl;
	int err;

	err = netns_add(LAB_OUT_NS);
	if (err)
		return step_err(err, LAB_OUT_NS);
	err = link_add_pair(host, lab->pair, LAB_UPLINK, "eth0", LAB_OUT_NS);
	if (err)
		return parse_kind_err("lab up: uplink pair", err, lab->pair);
	err = link_get(host, LAB_UPLINK, &hl);
	if (!err)
		err = link_set_up(host, hl.ifindex, true);
	if (!err)
		err = addr_add(host, hl.ifindex, LAB_OUT_HOST "/24");
	if (err)
		return step_err(err, LAB_UPLINK);
	err = lab_ns_side(LAB_OUT_NS, LAB_OUT_PEER "/24", NULL);
	if (err)
		return err;
	printf("  outside   %-8s eth0 %-15s <-> %s %s/24 (uplink)\n", LAB_OUT_NS,
	       LAB_OUT_PEER "/24", LAB_UPLINK, LAB_OUT_HOST);
	return 0;
}

static int lab_up(int argc, char **argv)
{
	struct lab lab = { .pair = "cveth", .bridge = "cbr", .n = 2 };
	const char *pubs[LAB_MAX_PUB];
	struct link br;
	struct nl nl;
	bool nopub = false;
	int npubs = 0, err, rc;

	for (int i = 0; i < argc; i++) {
		const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;

		if (!strcmp(a, "--no-publish")) {
			nopub = true;
			continue;
		}
		if (!strcmp(a, "--isolate")) {
			lab.isolate = true;
			continue;
		}
		if (!strcmp(a, "--hairpin")) {
			lab.hairpin = true;
			continue;
		}
		if (strcmp(a, "--containers") && strcmp(a, "--pair") &&
		    strcmp(a, "--bridge") && strcmp(a, "--publish"))
			die_usage("lab up: unknown argument '%s'", a);
		if (!v)
			die_usage("lab up: %s needs a value", a);
		i++;
		if (!strcmp(a, "--containers")) {
			char *end;

			lab.n = strtol(v, &end, 10);
			if (*end || lab.n < 1 || lab.n > LAB_MAX)
				die_usage("lab up: --containers is 1 to %d (got '%s')", LAB_MAX, v);
		} else if (!strcmp(a, "--pair")) {
			if (strcmp(v, "cveth") && strcmp(v, "veth"))
				die_usage("lab up: --pair is cveth or veth (got '%s')", v);
			snprintf(lab.pair, sizeof(lab.pair), "%s", v);
		} else if (!strcmp(a, "--bridge")) {
			if (strcmp(v, "cbr") && strcmp(v, "bridge"))
				die_usage("lab up: --bridge is cbr or bridge (got '%s')", v);
			snprintf(lab.bridge, sizeof(lab.bridge), "%s", v);
		} else {
			if (npubs >= LAB_MAX_PUB)
				die_usage("lab up: at most %d --publish", LAB_MAX_PUB);
			pubs[npubs++] = v;
		}
	}
	if (nopub && npubs)
		die_usage("lab up: --no-publish and --publish together");
	for (int i = 0; i < npubs; i++) {
		parse_publish(pubs[i], &lab.pub[i], lab.n);
		for (int j = 0; j < i; j++)
			if (lab.pub[j].hostport == lab.pub[i].hostport)
				die_usage("lab up: host port %d published twice",
					  lab.pub[i].hostport);
	}
	lab.npub = npubs;
	if (!npubs && !nopub) {
		lab.pub[lab.npub++] = (struct publish){ 8888, 1, 80 };
		if (lab.n >= 2)
			lab.pub[lab.npub++] = (struct publish){ 9999, 2, 80 };
	}

	if (geteuid()) {
		errorf("lab up: needs root (network namespaces, links, nftables)");
		return CNET_EPERM;
	}
	if (!have_cmd("nft")) {
		errorf("lab up: nft not found: install nftables (the NAT rules are an nftables table)");
		return CNET_EFAIL;
	}
	if (!access(LAB_STATE, F_OK) || netns_exists("cnet-c1") || netns_exists(LAB_OUT_NS)) {
		errorf("lab up: a lab is already up: 'cnet lab down' first");
		return CNET_EEXIST;
	}
	err = nl_open(&nl, NULL);
	if (err)
		return nl_strerror_exit(err, "netlink socket");
	if (!link_get(&nl, LAB_BRIDGE, &br) || !link_get(&nl, LAB_UPLINK, &br)) {
		errorf("lab up: device %s or %s exists already: 'cnet lab down' first",
		       LAB_BRIDGE, LAB_UPLINK);
		return CNET_EEXIST;
	}
	if (read_file("/proc/sys/net/ipv4/ip_forward", lab.ip_forward,
		      sizeof(lab.ip_forward)))
		snprintf(lab.ip_forward, sizeof(lab.ip_forward), "0");

	if (lab.hairpin && lab.isolate)
		die_usage("lab up: --hairpin and --isolate together");
	if (lab.hairpin && !lab.npub)
		die_usage("lab up: --hairpin without published ports");
	printf("lab up: %d containers, pair %s, bridge %s\n", lab.n, lab.pair, lab.bridge);
	/* Save first: a failure half-way is cleaned up from this state. */
	err = lab_save(&lab);
	if (err) {
		rc = nl_strerror_exit(err, LAB_STATE);
		goto fail;
	}
	err = bridge_create(&nl, LAB_BRIDGE, lab.bridge, &BRIDGE_OPTS_NONE);
	if (err) {
		rc = parse_kind_err("lab up: bridge", err, lab.bridge);
		goto fail;
	}
	err = link_get(&nl, LAB_BRIDGE, &br);
	if (!err)
		err = addr_add(&nl, br.ifindex, LAB_GW "/24");
	if (err) {
		rc = step_err(err, LAB_BRIDGE);
		goto fail;
	}
	printf("  bridge    %-8s %s/24 (gateway)\n", LAB_BRIDGE, LAB_GW);
	for (int i = 1; i <= lab.n; i++) {
		rc = lab_container(&nl, &lab, i);
		if (rc)
			goto fail;
	}
	rc = lab_outside(&nl, &lab);
	if (rc)
		goto fail;
	err = write_file("/proc/sys/net/ipv4/ip_forward", "1");
	if (err) {
		rc = step_err(err, "net.ipv4.ip_forward");
		goto fail;
	}
	err = nft_apply(&lab);
	if (err) {
		errorf("lab up: nft could not load the NAT%s rules (is nf_tables available?)",
		       lab.isolate ? " and isolation" : "");
		rc = CNET_EMODULE;
		goto fail;
	}
	printf("  nat       MASQUERADE %s out of %s\n", LAB_SUBNET, LAB_UPLINK);
	if (lab.hairpin)
		printf("  hairpin   published ports from the containers too (via %s or %s); lab-c* ports in hairpin mode\n",
		       LAB_GW, LAB_OUT_HOST);
	if (lab.isolate)
		printf("  isolate   no forwarding between lab-c* ports (nftables table bridge %s)\n",
		       LAB_NFT_TABLE);
	for (int i = 0; i < lab.npub; i++)
		printf("  publish   %s:%d -> cnet-c%d 172.168.1.%d:%d\n", LAB_OUT_HOST,
		       lab.pub[i].hostport, lab.pub[i].container,
		       10 + lab.pub[i].container, lab.pub[i].port);
	nl_close(&nl);
	printf("lab is up\n");
	return 0;
fail:
	nl_close(&nl);
	errorf("lab up failed: removing what was made");
	lab_teardown(true);
	return rc;
}

/* ---- status ---- */

static void print_ns_end(const char *ns, struct links *host)
{
	char addrs[4][24];
	struct links ls;
	struct link *l, *p;
	struct nl c;
	int n;

	if (nl_open(&c, ns)) {
		printf("  %-9s (namespace missing)\n", ns);
		return;
	}
	if (link_dump(&c, &ls)) {
		nl_close(&c);
		return;
	}
	l = links_by_name(&ls, "eth0");
	if (!l) {
		printf("  %-9s no eth0\n", ns);
	} else {
		n = addr_dump4(&c, l->ifindex, addrs, 4);
		p = links_by_index(host, l->iflink);
		printf("  %-9s eth0 (%s, if%d, %s) %-16s <-> %s (if%d%s%s%s)\n", ns,
		       l->kind[0] ? l->kind : "?", l->ifindex,
		       l->flags & IFF_UP ? "up" : "DOWN",
		       n > 0 ? addrs[0] : "no address",
		       p ? p->name : "?", l->iflink,
		       p && p->iflink == l->ifindex ? ", peer confirmed" : "",
		       p && p->master ? ", port of " : "",
		       p && p->master && links_by_index(host, p->master) ?
				links_by_index(host, p->master)->name : "");
	}
	links_free(&ls);
	nl_close(&c);
}

static int lab_status(int argc, char **argv)
{
	char ns[64], addrs[4][24], fwd[8] = "?";
	struct links host;
	struct link *br, *up;
	struct lab lab;
	struct nl nl;
	int err, n, nports = 0;

	if (argc)
		die_usage("lab status: takes no arguments");
	if (lab_load(&lab) || !lab.n) {
		printf("lab is down (no %s)\n", LAB_STATE);
		return CNET_ENODEV;
	}
	err = nl_open(&nl, NULL);
	if (!err)
		err = link_dump(&nl, &host);
	if (err)
		return nl_strerror_exit(err, "link dump");
	read_file("/proc/sys/net/ipv4/ip_forward", fwd, sizeof(fwd));
	printf("lab: %d containers, pair %s, bridge %s, net.ipv4.ip_forward=%s (was %s)\n",
	       lab.n, lab.pair, lab.bridge, fwd, lab.ip_forward);
	br = links_by_name(&host, LAB_BRIDGE);
	if (!br) {
		printf("bridge %s: MISSING\n", LAB_BRIDGE);
	} else {
		n = addr_dump4(&nl, br->ifindex, addrs, 4);
		printf("bridge %s (%s, %s) %s", br->name, br->kind,
		       br->flags & IFF_UP ? "up" : "DOWN", n > 0 ? addrs[0] : "no address");
		if (br->has_ageing)
			printf(", ageing %.0f s", br->ageing / 100.0);
		if (br->has_learned)
			printf(", learned %u", br->learned);
		printf("\n  ports:");
		for (int i = 0; i < host.n; i++)
			if (host.v[i].master == br->ifindex) {
				printf(" %s", host.v[i].name);
				nports++;
			}
		printf("%s\n", nports ? "" : " (none)");
	}
	printf("containers:\n");
	for (int i = 1; i <= lab.n; i++) {
		cname(ns, sizeof(ns), i);
		print_ns_end(ns, &host);
	}
	printf("outside:\n");
	print_ns_end(LAB_OUT_NS, &host);
	up = links_by_name(&host, LAB_UPLINK);
	if (up) {
		n = addr_dump4(&nl, up->ifindex, addrs, 4);
		printf("  uplink    %s (%s) %s\n", up->name, up->kind,
		       n > 0 ? addrs[0] : "no address");
	}
	printf("nat (nftables table ip %s%s):\n", LAB_NFT_TABLE,
	       nft_table_exists("ip") ? "" : ": MISSING");
	printf("  MASQUERADE %s out of %s\n", LAB_SUBNET, LAB_UPLINK);
	for (int i = 0; i < lab.npub; i++)
		printf("  DNAT %s:%d -> cnet-c%d 172.168.1.%d:%d\n", LAB_OUT_HOST,
		       lab.pub[i].hostport, lab.pub[i].container,
		       10 + lab.pub[i].container, lab.pub[i].port);
	if (lab.hairpin)
		printf("  hairpin: the DNAT also from %s to %s or %s, MASQUERADEd back into it\n",
		       LAB_BRIDGE, LAB_GW, LAB_OUT_HOST);
	if (lab.isolate)
		printf("isolation (nftables table bridge %s%s):\n"
		       "  no forwarding between lab-c* ports\n", LAB_NFT_TABLE,
		       nft_table_exists("bridge") ? "" : ": MISSING");
	else
		printf("isolation: off (containers reach each other)\n");
	if (br) {
		printf("fdb of %s:\n", LAB_BRIDGE);
		fdb_print(&nl, LAB_BRIDGE, false, "  ");
	}
	links_free(&host);
	nl_close(&nl);
	return 0;
}

/* ---- check ---- */

/* Per probe: a path that does not answer in this time fails. */
static int probe_timeout_ms = 5000;

struct checker {
	int pass, fail;
	int pids[2 * LAB_MAX + LAB_MAX_PUB + 2];
	int npids;
};

static void result(struct checker *ck, bool ok, const char *path,
		   const char *how, const char *detail)
{
	printf("%s  %-42s %s%s%s\n", ok ? "PASS" : "FAIL", path, how,
	       detail && *detail ? ": " : "", detail ? detail : "");
	if (ok)
		ck->pass++;
	else
		ck->fail++;
}

/* Our responder on NS:PORT; false if something else listens there. */
static bool serve(struct checker *ck, const char *ns, int port)
{
	int pid = responder_start(ns, port);

	if (pid > 0)
		ck->pids[ck->npids++] = pid;
	else if (pid < 0)
		fprintf(stderr, "cnet: lab check: cannot listen on %s port %d: %s\n",
			ns, port, strerror(-pid));
	return pid > 0;
}

static void check_ping(struct checker *ck, const char *ns, const char *dst,
		       const char *path, const char *how)
{
	int err = probe_ping(ns, dst, probe_timeout_ms);

	result(ck, !err, path, how, err ? strerror(-err) : NULL);
}

/* TCP from NS to DST:PORT; the answer must contain WANT (if given). */
static void check_tcp(struct checker *ck, const char *ns, const char *dst,
		      int port, const char *want, const char *path, const char *how)
{
	char reply[1024], detail[200], *body;
	int err = probe_tcp(ns, dst, port, probe_timeout_ms, reply, sizeof(reply));

	if (err) {
		result(ck, false, path, how, strerror(-err));
		return;
	}
	body = strstr(reply, "\r\n\r\n");
	body = body ? body + 4 : reply;
	body[strcspn(body, "\n")] = 0;
	if (want && !strstr(reply, want)) {
		snprintf(detail, sizeof(detail), "answer '%.80s' lacks '%s'", body, want);
		result(ck, false, path, how, detail);
		return;
	}
	snprintf(detail, sizeof(detail), "%.120s", body);
	result(ck, true, path, how, detail);
}

/* An isolated lab: neither ping nor TCP gets from NS to DST. A blocked
 * path answers nothing, so each probe waits at most 2 s.
 */
static void check_blocked(struct checker *ck, const char *ns, const char *dst,
			  const char *path)
{
	int t = probe_timeout_ms < 2000 ? probe_timeout_ms : 2000;
	char reply[256];
	bool ping_ok = !probe_ping(ns, dst, t);
	bool tcp_ok = !probe_tcp(ns, dst, 80, t, reply, sizeof(reply));

	result(ck, !ping_ok && !tcp_ok, path, "ping + tcp:80, isolated",
	       ping_ok || tcp_ok ? "answered: the isolation does not hold" :
				   "blocked, as it must be");
}

static int lab_check(int argc, char **argv)
{
	char ns[64], ns2[64], ip[32], path[200], want[160];
	struct checker ck = { 0 };
	struct lab lab;
	bool served[LAB_MAX + 1] = { 0 }, pub_ours[LAB_MAX_PUB] = { 0 };

	if (argc == 2 && !strcmp(argv[0], "--timeout")) {
		char *end;
		double t = strtod(argv[1], &end);

		if (*end || end == argv[1] || t <= 0 || t > 3600)
			die_usage("lab check: --timeout wants seconds (got '%s')", argv[1]);
		probe_timeout_ms = t * 1000;
	} else if (argc) {
		die_usage("lab check: unknown argument '%s' (--timeout SECONDS)", argv[0]);
	}
	if (geteuid()) {
		errorf("lab check: needs root (raw sockets, namespaces)");
		return CNET_EPERM;
	}
	if (lab_load(&lab) || !lab.n) {
		errorf("lab check: the lab is down ('cnet lab up' first)");
		return CNET_ENODEV;
	}
	for (int i = 1; i <= lab.n; i++)
		if (!netns_exists((cname(ns, sizeof(ns), i), ns))) {
			errorf("lab check: netns %s is missing: the lab is broken "
			       "('cnet lab down; cnet lab up')", ns);
			return CNET_ENODEV;
		}

	/* Responders: port 80 in every container and outside, and every
	 * published container port.
	 */
	for (int i = 1; i <= lab.n; i++) {
		cname(ns, sizeof(ns), i);
		served[i] = serve(&ck, ns, 80);
	}
	for (int p = 0; p < lab.npub; p++) {
		cname(ns, sizeof(ns), lab.pub[p].container);
		if (lab.pub[p].port == 80)
			pub_ours[p] = served[lab.pub[p].container];
		else
			pub_ours[p] = serve(&ck, ns, lab.pub[p].port);
	}
	serve(&ck, LAB_OUT_NS, 80);

	printf("lab check: %d containers on %s + %s%s%s\n", lab.n, lab.pair, lab.bridge,
	       lab.isolate ? ", isolated" : "", lab.hairpin ? ", hairpin" : "");
	for (int i = 1; i <= lab.n; i++) {
		cname(ns, sizeof(ns), i);
		snprintf(path, sizeof(path), "%s -> gateway %s", ns, LAB_GW);
		check_ping(&ck, ns, LAB_GW, path, "ping");
	}
	for (int i = 1; i <= lab.n; i++) {
		cname(ns, sizeof(ns), i);
		for (int j = 1; j <= lab.n; j++) {
			if (i == j)
				continue;
			cname(ns2, sizeof(ns2), j);
			cip(ip, sizeof(ip), j);
			snprintf(path, sizeof(path), "%s -> %s %s", ns, ns2, ip);
			if (lab.isolate) {
				check_blocked(&ck, ns, ip, path);
				continue;
			}
			check_ping(&ck, ns, ip, path, "ping");
			snprintf(path, sizeof(path), "%s -> %s %s:80", ns, ns2, ip);
			cip(ip, sizeof(ip), i);
			snprintf(want, sizeof(want), "you are %s:", ip);
			cip(ip, sizeof(ip), j);
			check_tcp(&ck, ns, ip, 80, served[j] ? want : NULL, path,
				  "tcp, bridged");
		}
	}
	for (int i = 1; i <= lab.n; i++) {
		cname(ns, sizeof(ns), i);
		snprintf(path, sizeof(path), "%s -> outside %s", ns, LAB_OUT_PEER);
		check_ping(&ck, ns, LAB_OUT_PEER, path, "ping, routed + NAT");
		snprintf(path, sizeof(path), "%s -> outside %s:80", ns, LAB_OUT_PEER);
		check_tcp(&ck, ns, LAB_OUT_PEER, 80, "you are " LAB_OUT_HOST ":", path,
			  "tcp, MASQUERADE");
	}
	for (int p = 0; p < lab.npub; p++) {
		cname(ns, sizeof(ns), lab.pub[p].container);
		snprintf(path, sizeof(path), "outside -> %s:%d (%s:%d)", LAB_OUT_HOST,
			 lab.pub[p].hostport, ns, lab.pub[p].port);
		snprintf(want, sizeof(want), "responder in %s: you are %s:", ns, LAB_OUT_PEER);
		check_tcp(&ck, LAB_OUT_NS, LAB_OUT_HOST, lab.pub[p].hostport,
			  pub_ours[p] ? want : NULL, path, "tcp, DNAT");
		if (!lab.hairpin)
			continue;
		/* The container itself, through the gateway: it must be
		 * answered from the gateway's address (MASQUERADE).
		 */
		snprintf(path, sizeof(path), "%s -> %s:%d (itself, port %d)", ns,
			 LAB_GW, lab.pub[p].hostport, lab.pub[p].port);
		snprintf(want, sizeof(want), "responder in %s: you are %s:", ns, LAB_GW);
		check_tcp(&ck, ns, LAB_GW, lab.pub[p].hostport,
			  pub_ours[p] ? want : NULL, path, "tcp, hairpin DNAT");
	}
	for (int i = 0; i < ck.npids; i++)
		responder_stop(ck.pids[i]);
	printf("%d passed, %d failed\n", ck.pass, ck.fail);
	return ck.fail ? CNET_EFAIL : 0;
}

int cmd_lab(int argc, char **argv)
{
	if (want_help(argc, argv)) {
		fputs(lab_help, stdout);
		return 0;
	}
	if (argc < 1)
		die_usage("lab: up, status, check or down?");
	if (!strcmp(argv[0], "up"))
		return lab_up(argc - 1, argv + 1);
	if (!strcmp(argv[0], "down"))
		return lab_down(argc - 1, argv + 1);
	if (!strcmp(argv[0], "status"))
		return lab_status(argc - 1, argv + 1);
	if (!strcmp(argv[0], "check"))
		return lab_check(argc - 1, argv + 1);
	die_usage("lab: unknown subcommand '%s'", argv[0]);
}
