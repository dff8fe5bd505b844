// SPDX-License-Identifier: GPL-2.0
/*
 * fuzz_file: a random driver of the real /proc/task_diag.  It writes valid,
 * mutated, split and merged requests and checks each write() against the
 * README's rules (test/fuzz/model.h); reads answers with random sizes
 * (0, 1, just under the last message, up to 1 MiB), abandons them, replaces
 * them, closes files mid-answer, and tries lseek, pread, mmap, poll and
 * ioctl.  Every byte read is checked by lib/decode.c (whole messages, sequence,
 * sizes, zero padding, NUL-terminated names, groups asked for); EMSGSIZE
 * must mean the next message is longer than the buffer.
 *
 * usage: fuzz_file [-n REQUESTS] [-t SECONDS] [-r PERCENT] [-s SEED]
 * Prints "fuzz_file: N requests (A accepted), ..." and exits 0, or names the
 * first disagreement and exits 1.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <linux/netlink.h>
#include "decode.h"
#include "fuzz/model.h"

#define BIG	(1 << 20)

static uint64_t rng_state;
static char *buf;
static unsigned long requests, accepted, reads, emsgsize, reopened, answers, read_bytes;

static uint64_t rnd(void)
{
	/* xorshift64* */
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 0x2545F4914F6CDD1DULL;
}

static uint64_t below(uint64_t n)
{
	return n ? rnd() % n : 0;
}

static void fail(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fprintf(stdout, "fuzz_file: FAIL after %lu requests: ", requests);
	vfprintf(stdout, fmt, ap);
	fprintf(stdout, "\n");
	va_end(ap);
	exit(1);
}

/* The open file and what it is answering. */
struct state {
	int fd;
	int active;		/* an accepted request whose answer has not ended */
	uint32_t seq;
	uint64_t show, strategy;
	uint32_t pid;
	struct taskdiag_result res;
};

static pid_t kids[3];

static uint32_t some_pid(void)
{
	static const uint32_t odd[] = { 0, 1, 2, 0x7fffffff, 0xffffffff, 4194304, 4194303 };

	switch (below(4)) {
	case 0: return getpid();
	case 1: return kids[below(3)];
	case 2: return odd[below(sizeof(odd) / sizeof(odd[0]))];
	default: return below(400);
	}
}

/* A request that is valid more often than not, then, maybe, broken. */
static size_t make_request(uint8_t *req, size_t cap)
{
	static const uint64_t groups[] = {
		TASK_DIAG_SHOW_BASE, TASK_DIAG_SHOW_CRED, TASK_DIAG_SHOW_STAT,
		TASK_DIAG_SHOW_CMDLINE, TASK_DIAG_SHOW_VMA, TASK_DIAG_SHOW_VMA_STAT,
		TASK_DIAG_SHOW_SCHED, TASK_DIAG_SHOW_MEM, TASK_DIAG_SHOW_STATUS,
		TASK_DIAG_SHOW_GROUPS, TASK_DIAG_SHOW_NSPID, TASK_DIAG_SHOW_CGROUP,
	};
	/*
	 * Asked of procfs for each task (NAME for each kernel thread), so slower:
	 * in one request of twelve.
	 */
	static const uint64_t asking[] = { TASK_DIAG_SHOW_IO, TASK_DIAG_SHOW_NS,
					    TASK_DIAG_SHOW_WCHAN, TASK_DIAG_SHOW_NAME };
	struct nlmsghdr h = { .nlmsg_type = TASK_DIAG_CMD_GET, .nlmsg_flags = NLM_F_REQUEST };
	struct task_diag_pid p = {};
	size_t len = below(2) ? NLMSG_HDRLEN + 20 : NLMSG_HDRLEN + sizeof(p);

	for (size_t i = 0; i < sizeof(groups) / sizeof(groups[0]); i++)
		if (below(3) == 0)
			p.show_flags |= groups[i];
	for (size_t i = 0; i < sizeof(asking) / sizeof(asking[0]); i++)
		if (below(12) == 0)
			p.show_flags |= asking[i];
	if (p.show_flags & TASK_DIAG_SHOW_VMA_STAT)
		p.show_flags |= TASK_DIAG_SHOW_VMA;
	p.dump_strategy = below(5);
	p.pid = some_pid();
	h.nlmsg_seq = rnd();
	h.nlmsg_pid = below(2) ? 0 : rnd();
	if (below(2))
		h.nlmsg_flags |= NLM_F_ACK;
	if (below(2))
		h.nlmsg_flags |= NLM_F_DUMP;
	h.nlmsg_len = len;
	memset(req, 0, cap);
	memcpy(req, &h, sizeof(h));
	memcpy(req + NLMSG_HDRLEN, &p, sizeof(p));
	if (below(10) < 4)
		return len;
	/* Break it, a little or a lot. */
	for (int k = 1 + below(3); k > 0; k--) {
		switch (below(10)) {
		case 0: req[below(len)] ^= 1 << below(8); break;
		case 1: req[below(len)] = rnd(); break;
		case 2: len = below(cap + 1); break;
		case 3: len = below(cap + 1); ((struct nlmsghdr *)req)->nlmsg_len = len; break;
		case 4: memcpy(req + NLMSG_HDRLEN, &(uint64_t){ 1ULL << below(64) }, 8); break;
		case 5: memcpy(req + NLMSG_HDRLEN + 8, &(uint64_t){ rnd() >> below(64) }, 8); break;
		case 6: req[NLMSG_HDRLEN + 20 + below(4)] = 1 + below(255); break;
		case 7: ((struct nlmsghdr *)req)->nlmsg_flags = rnd(); break;
		case 8: ((struct nlmsghdr *)req)->nlmsg_type = rnd(); break;
		/* Two requests in one write. */
		default:
			if (2 * len <= cap) {
				memcpy(req + len, req, len);
				len *= 2;
			}
			break;
		}
	}
	return len;
}

/* Write @len bytes of @req; the answer must be what the rules say. */
static void write_request(struct state *s, const uint8_t *req, size_t len)
{
	uint64_t show, strategy;
	uint32_t pid;
	int want = td_model_request(req, len, &show, &strategy, &pid);
	ssize_t n = write(s->fd, req, len);

	requests++;
	if (want == 0) {
		if (n != (ssize_t)len)
			fail("a valid request of %zu bytes: write returned %zd (%s)", len, n,
			     n < 0 ? strerror(errno) : "short");
		accepted++;
		taskdiag_result_free(&s->res);
		taskdiag_result_init(&s->res);
		s->active = 1;
		s->seq = ((const struct nlmsghdr *)req)->nlmsg_seq;
		s->show = show;
		s->strategy = strategy;
		s->pid = pid;
	} else if (n != -1 || errno != -want) {
		fail("an invalid request of %zu bytes: write returned %zd (%s), not %s", len, n,
		     n < 0 ? strerror(errno) : "success", strerror(-want));
	}
}

static size_t read_size(const struct state *s)
{
	switch (below(12)) {
	case 0: return 1 + below(16);
	case 1: return NLMSG_HDRLEN + below(8);
	case 2: return s->res.last_len > 1 ? s->res.last_len - 1 : 1;
	case 3: return s->res.last_len ? s->res.last_len : 64;
	case 4: return 1 + below(400);
	case 5: return 512 + below(3600);
	case 6: return 4096;
	case 7: return 65536;
	case 8: return BIG;
	default: return 200 + below(2000);
	}
}

/* One read of @size: checked; returns what read() returned. */
static ssize_t read_once(struct state *s, size_t size)
{
	ssize_t n = read(s->fd, buf, size);
	size_t limit = size;

	reads++;
	if (size == 0) {
		if (n != 0)
			fail("read(0) returned %zd", n);
		return 0;
	}
	if (n < 0 && errno == EMSGSIZE) {
		ssize_t m;

		emsgsize++;
		if (!s->active)
			fail("EMSGSIZE with no answer under way");
		/* The next message must be longer than @size; nothing was consumed. */
		m = read(s->fd, buf, BIG);
		if (m <= 0)
			fail("after EMSGSIZE for %zu bytes, a read of 1 MiB returned %zd (%s)", size,
			     m, m < 0 ? strerror(errno) : "0");
		if (((struct nlmsghdr *)buf)->nlmsg_len <= size)
			fail("EMSGSIZE for %zu bytes, but the next message has %u", size,
			     ((struct nlmsghdr *)buf)->nlmsg_len);
		n = m;
		limit = BIG;
	} else if (n < 0) {
		fail("read of %zu bytes: %s", size, strerror(errno));
	}
	if (n > (ssize_t)limit)
		fail("read of %zu bytes returned %zd", limit, n);
	if (n == 0) {
		if (s->active) {
			taskdiag_result_end(&s->res);
			if (s->res.violation[0])
				fail("%s", s->res.violation);
		}
		s->active = 0;
		return 0;
	}
	if (!s->active)
		fail("a read returned %zd bytes with no answer under way", n);
	read_bytes += n;
	taskdiag_result_add(&s->res, buf, n, s->seq, s->show);
	if (s->res.violation[0])
		fail("%s (request: show %#llx, strategy %llu, pid %u)", s->res.violation,
		     (unsigned long long)s->show, (unsigned long long)s->strategy, s->pid);
	if (s->res.done || s->res.error) {
		if (s->res.done && !s->res.n && (s->strategy == TASK_DIAG_DUMP_ALL ||
						 s->strategy == TASK_DIAG_DUMP_ALL_THREAD))
			fail("an answer to ALL without a task");
		if (s->res.error && s->res.error != -ESRCH)
			fail("NLMSG_ERROR %d", s->res.error);
		if (s->res.error && (s->strategy == TASK_DIAG_DUMP_ALL ||
				     s->strategy == TASK_DIAG_DUMP_ALL_THREAD))
			fail("NLMSG_ERROR %d for ALL", s->res.error);
		answers++;
	}
	return n;
}

static void reopen(struct state *s)
{
	if (s->fd >= 0)
		close(s->fd);
	s->fd = open(TASKDIAG_PATH, O_RDWR);
	if (s->fd < 0)
		fail("open: %s", strerror(errno));
	s->active = 0;
	taskdiag_result_free(&s->res);
	taskdiag_result_init(&s->res);
	reopened++;
}

/* The other file operations: what a stream file without them answers. */
static void other_ops(struct state *s)
{
	struct pollfd pfd = { .fd = s->fd, .events = POLLIN | POLLOUT };
	void *p;
	int arg = 0;

	switch (below(5)) {
	case 0:
		if (lseek(s->fd, below(100), SEEK_SET) != -1 || errno != ESPIPE)
			fail("lseek did not fail with ESPIPE");
		break;
	case 1:
		if (pread(s->fd, buf, 100, 0) != -1 || errno != ESPIPE)
			fail("pread did not fail with ESPIPE");
		break;
	case 2:
		p = mmap(NULL, 4096, PROT_READ, MAP_SHARED, s->fd, 0);
		if (p != MAP_FAILED)
			fail("mmap of the file succeeded");
		break;
	case 3:
		if (poll(&pfd, 1, 0) < 0)
			fail("poll: %s", strerror(errno));
		break;
	default:
		/* The VFS answers FIONREAD for a regular file: its size less the position, 0. */
		arg = -1;
		if (below(2)) {
			if (ioctl(s->fd, FIONREAD, &arg) || arg != 0)
				fail("FIONREAD: %s, %d", strerror(errno), arg);
		} else if (ioctl(s->fd, 0xd1000000 | below(256), &arg) != -1 || errno != ENOTTY) {
			fail("ioctl did not fail with ENOTTY");
		}
		break;
	}
}

static void usage(FILE *f)
{
	fprintf(f, "usage: fuzz_file [-n REQUESTS] [-t SECONDS] [-r PERCENT] [-s SEED]\n"
		"Random requests and reads on /proc/task_diag, each checked; stops after\n"
		"REQUESTS writes (default 1000000) or SECONDS (default no limit).  PERCENT of\n"
		"the accepted requests (default 25) are followed by reads of their answer.\n");
}

int main(int argc, char **argv)
{
	unsigned long want = 1000000, seconds = 0, read_pct = 25;
	struct state s = { .fd = -1 };
	uint8_t req[96];
	time_t start = time(NULL);
	int opt;

	rng_state = time(NULL) ^ getpid();
	while ((opt = getopt(argc, argv, "n:t:r:s:h")) != -1) {
		switch (opt) {
		case 'n': want = strtoul(optarg, NULL, 0); break;
		case 't': seconds = strtoul(optarg, NULL, 0); break;
		case 'r': read_pct = strtoul(optarg, NULL, 0); break;
		case 's': rng_state = strtoull(optarg, NULL, 0); break;
		case 'h': usage(stdout); return 0;
		default: usage(stderr); return 2;
		}
	}
	if (!rng_state)
		rng_state = 1;
	printf("fuzz_file: seed %llu\n", (unsigned long long)rng_state);
	fflush(stdout);
	buf = malloc(BIG);
	if (!buf)
		return 2;
	/* Something to ask about: sleeping children, one with threads' worth of maps. */
	for (int i = 0; i < 3; i++) {
		kids[i] = fork();
		if (kids[i] == 0) {
			for (;;)
				pause();
		}
	}
	reopen(&s);
	reopened = 0;
	/* A fresh file answers nothing. */
	if (read(s.fd, buf, 100) != 0)
		fail("read before any request did not return 0");
	while (requests < want && (!seconds || time(NULL) - start < (time_t)seconds)) {
		size_t len;

		switch (below(20)) {
		case 0:
			reopen(&s);
			break;
		case 1:
			other_ops(&s);
			break;
		case 2: {
			/* A valid request split across two writes: both halves are rejected. */
			size_t cut;

			do
				len = make_request(req, sizeof(req));
			while (len < 2);
			cut = 1 + below(len - 1);
			write_request(&s, req, cut);
			write_request(&s, req + cut, len - cut);
			break;
		}
		default:
			len = make_request(req, sizeof(req));
			write_request(&s, req, len);
			break;
		}
		if (!s.active || below(100) >= read_pct)
			continue;
		/* Read some of the answer, or all of it. */
		switch (below(3)) {
		case 0:
			for (int k = below(3); k >= 0 && s.active; k--)
				read_once(&s, read_size(&s));
			break;
		default:
			/* The whole answer: cheap for one task, bounded for all of them. */
			for (int k = 0; s.active && k < 64; k++)
				read_once(&s, below(8) ? read_size(&s) : BIG);
			break;
		}
	}
	close(s.fd);
	for (int i = 0; i < 3; i++)
		kill(kids[i], SIGKILL);
	while (wait(NULL) > 0)
		;
	printf("fuzz_file: %lu requests (%lu accepted), %lu reads (%lu EMSGSIZE, %lu bytes), %lu whole answers, %lu files reopened, %ld s\n",
	       requests, accepted, reads, emsgsize, read_bytes, answers, reopened,
	       (long)(time(NULL) - start));
	return 0;
}
