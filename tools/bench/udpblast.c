// SPDX-License-Identifier: GPL-2.0
/*
 * udpblast: a small-packet UDP load for `make bench`.
 *
 *   udpblast send DST_IP PORT SECONDS [SIZE [RATE]]
 *                                               print packets sent per
 *                                               second; at most RATE/s
 *   udpblast recv PORT SECONDS                  print packets received
 *   udpblast macflood IFACE COUNT DSTMAC [SEED] COUNT frames, each from a
 *                                               new source MAC (counting up,
 *                                               or random from SEED: the same
 *                                               SEED, the same MACs); print
 *                                               frames/s
 *
 * The sender batches with sendmmsg; the receiver drains with recvmmsg
 * until SECONDS pass after its first packet (or SECONDS + 5 with none).
 * Each prints one number: packets per second over its own interval.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <net/if.h>
#include <netinet/in.h>
#include <linux/if_packet.h>
#include <net/ethernet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define BATCH 64

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static int do_send(const char *dst, int port, double secs, int size, double rate)
{
	struct mmsghdr msgs[BATCH];
	struct iovec iov[BATCH];
	struct sockaddr_in sin = { .sin_family = AF_INET };
	static char buf[65536];
	unsigned long long sent = 0;
	double start, end, t;
	int fd, i, n, batch = BATCH;

	/* Paced: about a hundredth of a second's worth per sendmmsg. */
	if (rate > 0 && rate / 100 < BATCH)
		batch = rate / 100 > 1 ? rate / 100 : 1;
	if (size < 1 || size > (int)sizeof(buf)) {
		fprintf(stderr, "udpblast: bad size %d\n", size);
		return 2;
	}
	sin.sin_port = htons(port);
	if (inet_pton(AF_INET, dst, &sin.sin_addr) != 1) {
		fprintf(stderr, "udpblast: bad address %s\n", dst);
		return 2;
	}
	fd = socket(AF_INET, SOCK_DGRAM, 0);
	if (fd < 0 || connect(fd, (struct sockaddr *)&sin, sizeof(sin))) {
		perror("udpblast: socket");
		return 1;
	}
	memset(msgs, 0, sizeof(msgs));
	for (i = 0; i < BATCH; i++) {
		iov[i].iov_base = buf;
		iov[i].iov_len = size;
		msgs[i].msg_hdr.msg_iov = &iov[i];
		msgs[i].msg_hdr.msg_iovlen = 1;
	}
	start = now();
	end = start + secs;
	do {
		n = sendmmsg(fd, msgs, batch, 0);
		if (n < 0 && errno != ENOBUFS && errno != EAGAIN &&
		    errno != ECONNREFUSED) {
			perror("udpblast: sendmmsg");
			return 1;
		}
		if (n > 0)
			sent += n;
		t = now();
		if (rate > 0 && t < start + sent / rate && t < end)
			usleep((start + sent / rate - t) * 1e6);
	} while (t < end);
	printf("%.0f\n", sent / (t - start));
	return 0;
}

static int do_recv(int port, double secs)
{
	struct sockaddr_in sin = { .sin_family = AF_INET };
	struct mmsghdr msgs[BATCH];
	struct iovec iov[BATCH];
	static char bufs[BATCH][2048];
	struct timeval tv = { .tv_sec = 0, .tv_usec = 200000 };
	unsigned long long got = 0;
	double first = 0, last = 0, deadline;
	int fd, i, n, rcvbuf = 4 << 20;

	fd = socket(AF_INET, SOCK_DGRAM, 0);
	sin.sin_port = htons(port);
	sin.sin_addr.s_addr = htonl(INADDR_ANY);
	if (fd < 0 || bind(fd, (struct sockaddr *)&sin, sizeof(sin))) {
		perror("udpblast: bind");
		return 1;
	}
	setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof(rcvbuf));
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	memset(msgs, 0, sizeof(msgs));
	for (i = 0; i < BATCH; i++) {
		iov[i].iov_base = bufs[i];
		iov[i].iov_len = sizeof(bufs[i]);
		msgs[i].msg_hdr.msg_iov = &iov[i];
		msgs[i].msg_hdr.msg_iovlen = 1;
	}
	/* Tell the caller we are bound. */
	printf("ready\n");
	fflush(stdout);
	deadline = now() + secs + 5;
	for (;;) {
		n = recvmmsg(fd, msgs, BATCH, 0, NULL);
		if (n > 0) {
			if (!got)
				first = now();
			got += n;
			last = now();
			if (last - first >= secs)
				break;
		} else if (got && now() - last > 0.5) {
			break;	/* the sender stopped */
		} else if (!got && now() > deadline) {
			break;
		}
	}
	printf("%.0f\n", got && last > first ? got / (last - first) : 0.0);
	return 0;
}

/* Frames from 02:cb:xx:xx:xx:xx (sequential, so every one is new to the
 * bridge) to DSTMAC, ethertype 0x88b5 (local experimental): the bridge
 * learns each source, the receiver's stack drops the frame.
 */
/* xorshift64: a small PRNG whose sequence depends only on its seed. */
static unsigned long long xorshift64(unsigned long long *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

static int do_macflood(const char *ifname, unsigned long count, const char *dst,
		       unsigned long long seed)
{
	struct sockaddr_ll sll = { .sll_family = AF_PACKET };
	static unsigned char frames[BATCH][60];
	struct mmsghdr msgs[BATCH];
	struct iovec iov[BATCH];
	unsigned int d[6];
	unsigned long sent = 0, id;
	double start, t;
	int fd, i, n;

	if (sscanf(dst, "%x:%x:%x:%x:%x:%x", &d[0], &d[1], &d[2], &d[3],
		   &d[4], &d[5]) != 6) {
		fprintf(stderr, "udpblast: bad MAC %s\n", dst);
		return 2;
	}
	fd = socket(AF_PACKET, SOCK_RAW, 0);
	sll.sll_ifindex = if_nametoindex(ifname);
	if (fd < 0 || !sll.sll_ifindex ||
	    bind(fd, (struct sockaddr *)&sll, sizeof(sll))) {
		perror("udpblast: packet socket");
		return 1;
	}
	memset(msgs, 0, sizeof(msgs));
	for (i = 0; i < BATCH; i++) {
		for (n = 0; n < 6; n++)
			frames[i][n] = d[n];
		frames[i][6] = 0x02;
		frames[i][7] = 0xcb;
		frames[i][12] = 0x88;
		frames[i][13] = 0xb5;
		iov[i].iov_base = frames[i];
		iov[i].iov_len = sizeof(frames[i]);
		msgs[i].msg_hdr.msg_iov = &iov[i];
		msgs[i].msg_hdr.msg_iovlen = 1;
	}
	start = now();
	for (id = 0; id < count; ) {
		int batch = count - id < BATCH ? count - id : BATCH;

		for (i = 0; i < batch; i++) {
			unsigned long long v = id + i;

			/* Byte 6 stays 0x02: unicast, locally administered. */
			if (seed)
				v = xorshift64(&seed);
			frames[i][7] = seed ? v >> 32 : 0xcb;
			frames[i][8] = v >> 24;
			frames[i][9] = v >> 16;
			frames[i][10] = v >> 8;
			frames[i][11] = v;
		}
		n = sendmmsg(fd, msgs, batch, 0);
		if (n < 0) {
			if (errno == ENOBUFS || errno == EAGAIN)
				continue;
			perror("udpblast: sendmmsg");
			return 1;
		}
		id += n;
		sent += n;
	}
	t = now();
	printf("%.0f\n", sent / (t - start));
	return 0;
}

int main(int argc, char **argv)
{
	if ((argc == 5 || argc == 6) && !strcmp(argv[1], "macflood"))
		return do_macflood(argv[2], strtoul(argv[3], NULL, 0), argv[4],
				   argc == 6 ? strtoull(argv[5], NULL, 0) : 0);
	if (argc >= 5 && !strcmp(argv[1], "send"))
		return do_send(argv[2], atoi(argv[3]), atof(argv[4]),
			       argc > 5 ? atoi(argv[5]) : 18,
			       argc > 6 ? atof(argv[6]) : 0);
	if (argc == 4 && !strcmp(argv[1], "recv"))
		return do_recv(atoi(argv[2]), atof(argv[3]));
	fprintf(stderr, "usage: udpblast send DST_IP PORT SECONDS [SIZE [RATE]]\n"
			"       udpblast recv PORT SECONDS\n"
			"       udpblast macflood IFACE COUNT DSTMAC [SEED]\n");
	return 2;
}
