// SPDX-License-Identifier: GPL-2.0
/*
 * cnet: what `cnet lab check` sends and answers. Sockets are opened inside
 * a network namespace (setns there, socket(), setns back) and then used
 * from here, so one process probes every namespace of the lab.
 *
 *   probe_ping     ICMP echo request/reply over a raw socket
 *   probe_tcp      connect, send an HTTP/1.0 request, read the answer
 *   responder_*    a child process listening in a namespace; it answers
 *                  every connection with an HTTP response that names its
 *                  namespace and the address the client came from, which
 *                  is how the check sees MASQUERADE and DNAT at work
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <netinet/ip.h>
#include <netinet/ip_icmp.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>

#include "cnet.h"

static long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Enter namespace NS (NULL or "": stay); returns the fd to come back
 * with, -1 when staying, or -2 on error (errno set).
 */
static int ns_push(const char *ns)
{
	char path[128];
	int self, fd;

	if (!ns || !*ns)
		return -1;
	snprintf(path, sizeof(path), "/run/netns/%s", ns);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -2;
	self = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
	if (self < 0 || setns(fd, CLONE_NEWNET)) {
		int e = errno;

		close(fd);
		if (self >= 0)
			close(self);
		errno = e;
		return -2;
	}
	close(fd);
	return self;
}

static void ns_pop(int self)
{
	if (self >= 0) {
		if (setns(self, CLONE_NEWNET))
			perror("setns back");
		close(self);
	}
}

static int ns_socket(const char *ns, int domain, int type, int proto)
{
	int self = ns_push(ns), fd, e;

	if (self == -2)
		return -1;
	fd = socket(domain, type | SOCK_CLOEXEC, proto);
	e = errno;
	ns_pop(self);
	errno = e;
	return fd;
}

static uint16_t csum(const void *data, size_t len)
{
	const uint16_t *p = data;
	uint32_t sum = 0;

	for (; len > 1; len -= 2)
		sum += *p++;
	if (len)
		sum += *(const uint8_t *)p;
	sum = (sum >> 16) + (sum & 0xffff);
	sum += sum >> 16;
	return ~sum;
}

/* 0 if DST answers an ICMP echo from namespace NS within TIMEOUT_MS
 * (a request every 500 ms), -errno otherwise.
 */
int probe_ping(const char *ns, const char *dst, int timeout_ms)
{
	struct sockaddr_in to = { .sin_family = AF_INET }, from;
	uint16_t id = (getpid() ^ now_ms()) & 0xffff, seq = 0;
	long deadline = now_ms() + timeout_ms, next = 0;
	char pkt[64], buf[1500];
	struct icmphdr *icmp;
	socklen_t flen;
	int fd, n, hl;

	if (inet_pton(AF_INET, dst, &to.sin_addr) != 1)
		return -EINVAL;
	fd = ns_socket(ns, AF_INET, SOCK_RAW, IPPROTO_ICMP);
	if (fd < 0)
		return -errno;
	while (now_ms() < deadline) {
		struct pollfd pfd = { fd, POLLIN, 0 };

		if (now_ms() >= next) {
			memset(pkt, 0, sizeof(pkt));
			icmp = (struct icmphdr *)pkt;
			icmp->type = ICMP_ECHO;
			icmp->un.echo.id = htons(id);
			icmp->un.echo.sequence = htons(++seq);
			snprintf(pkt + sizeof(*icmp), sizeof(pkt) - sizeof(*icmp), "cnet lab check");
			icmp->checksum = csum(pkt, sizeof(pkt));
			sendto(fd, pkt, sizeof(pkt), 0, (struct sockaddr *)&to, sizeof(to));
			next = now_ms() + 500;
		}
		if (poll(&pfd, 1, 100) <= 0)
			continue;
		flen = sizeof(from);
		n = recvfrom(fd, buf, sizeof(buf), 0, (struct sockaddr *)&from, &flen);
		if (n < (int)sizeof(struct iphdr))
			continue;
		hl = ((struct iphdr *)buf)->ihl * 4;
		if (n < hl + (int)sizeof(*icmp))
			continue;
		icmp = (struct icmphdr *)(buf + hl);
		if (icmp->type == ICMP_ECHOREPLY && ntohs(icmp->un.echo.id) == id &&
		    from.sin_addr.s_addr == to.sin_addr.s_addr) {
			close(fd);
			return 0;
		}
	}
	close(fd);
	return -ETIMEDOUT;
}

/* Connect from NS to DST:PORT, send an HTTP/1.0 GET, read the answer
 * (up to LEN-1 bytes, NUL-terminated) until EOF or the deadline.
 * Retries the connection until TIMEOUT_MS (a refused or unanswered SYN
 * may be a path still coming up). 0 or -errno.
 */
int probe_tcp(const char *ns, const char *dst, int port, int timeout_ms,
	      char *reply, size_t len)
{
	struct sockaddr_in to = { .sin_family = AF_INET, .sin_port = htons(port) };
	static const char req[] = "GET / HTTP/1.0\r\nHost: cnet\r\n\r\n";
	long deadline = now_ms() + timeout_ms;
	int fd = -1, err = -ETIMEDOUT, n;
	size_t got = 0;
	socklen_t sl;

	reply[0] = 0;
	if (inet_pton(AF_INET, dst, &to.sin_addr) != 1)
		return -EINVAL;
	while (now_ms() < deadline) {
		struct pollfd pfd;
		int soerr = 0;

		fd = ns_socket(ns, AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
		if (fd < 0)
			return -errno;
		if (connect(fd, (struct sockaddr *)&to, sizeof(to)) && errno != EINPROGRESS) {
			err = -errno;
			goto retry;
		}
		pfd = (struct pollfd){ fd, POLLOUT, 0 };
		if (poll(&pfd, 1, deadline - now_ms()) <= 0) {
			err = -ETIMEDOUT;
			goto retry;
		}
		sl = sizeof(soerr);
		getsockopt(fd, SOL_SOCKET, SO_ERROR, &soerr, &sl);
		if (soerr) {
			err = -soerr;
			goto retry;
		}
		break;
retry:
		close(fd);
		fd = -1;
		/* Try again shortly (a refused port may be coming up). */
		poll(NULL, 0, 200);
	}
	if (fd < 0)
		return err;
	if (write(fd, req, sizeof(req) - 1) < 0) {
		err = -errno;
		close(fd);
		return err;
	}
	err = -ETIMEDOUT;
	while (now_ms() < deadline && got + 1 < len) {
		struct pollfd pfd = { fd, POLLIN, 0 };

		if (poll(&pfd, 1, deadline - now_ms()) <= 0)
			break;
		n = read(fd, reply + got, len - 1 - got);
		if (n < 0) {
			err = errno == EAGAIN ? err : -errno;
			if (errno == EAGAIN)
				continue;
			break;
		}
		if (n == 0) {
			err = 0;
			break;
		}
		got += n;
		reply[got] = 0;
	}
	if (got > 0)
		err = 0;
	close(fd);
	return err;
}

static void responder_serve(int lfd, const char *ns)
{
	char req[1024], body[160], resp[400], ip[INET_ADDRSTRLEN];
	struct sockaddr_in peer;
	struct timeval tv = { 2, 0 };
	socklen_t pl;
	int c, n, blen, rlen;

	for (;;) {
		pl = sizeof(peer);
		c = accept(lfd, (struct sockaddr *)&peer, &pl);
		if (c < 0)
			continue;
		setsockopt(c, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
		/* Read the request (its end, or whatever came in 2 s). */
		n = 0;
		while (n < (int)sizeof(req) - 1) {
			int r = read(c, req + n, sizeof(req) - 1 - n);

			if (r <= 0)
				break;
			n += r;
			req[n] = 0;
			if (strstr(req, "\r\n\r\n") || strstr(req, "\n\n"))
				break;
		}
		inet_ntop(AF_INET, &peer.sin_addr, ip, sizeof(ip));
		blen = snprintf(body, sizeof(body), "cnet responder in %s: you are %s:%u\n",
				ns && *ns ? ns : "the host", ip, ntohs(peer.sin_port));
		rlen = snprintf(resp, sizeof(resp),
				"HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n"
				"Content-Length: %d\r\nConnection: close\r\n\r\n%s",
				blen, body);
		if (write(c, resp, rlen) != rlen)
			perror("cnet responder: write");
		/* Wait for the client to close: no RST eats the answer. */
		shutdown(c, SHUT_WR);
		while (read(c, req, sizeof(req)) > 0)
			;
		close(c);
	}
}

/* Listen on PORT in NS from a child process. Returns its pid, 0 if the
 * port is taken already (something else answers there: let it), or
 * -errno.
 */
int responder_start(const char *ns, int port)
{
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons(port) };
	int fd, one = 1, e;
	pid_t pid;

	fd = ns_socket(ns, AF_INET, SOCK_STREAM, 0);
	if (fd < 0)
		return -errno;
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (bind(fd, (struct sockaddr *)&a, sizeof(a)) || listen(fd, 16)) {
		e = errno;
		close(fd);
		return e == EADDRINUSE ? 0 : -e;
	}
	pid = fork();
	if (pid < 0) {
		e = errno;
		close(fd);
		return -e;
	}
	if (pid == 0) {
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		if (getppid() == 1)
			_exit(0);
		responder_serve(fd, ns);
		_exit(0);
	}
	close(fd);
	return pid;
}

void responder_stop(int pid)
{
	if (pid > 0) {
		kill(pid, SIGKILL);
		waitpid(pid, NULL, 0);
	}
}
