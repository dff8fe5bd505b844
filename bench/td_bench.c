// SPDX-License-Identifier: GPL-2.0
/*
 * td_bench: the same facts about every task, read through procfs (or
 * taskstats) and through /proc/task_diag, timed side by side in one run.
 *
 * It first fills the machine with PROCS sleeping processes of THREADS
 * threads each, then, per method, reads once each way and checks that both
 * describe the same tasks with the same values (a method whose data differ
 * is reported and not timed), then times RUNS rounds, alternating the two
 * ways.  Results go to stdout: a table for people, and "@" lines for
 * bench/run.sh.  See --help, and bench/README.md.
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>
#include <linux/taskstats.h>
#include <linux/task_diag.h>
#include "taskdiag.h"
#include <bpf/bpf.h>
#include <bpf/libbpf.h>

/* What one task looks like, whichever way it was read. */
struct row {
	uint32_t pid, tgid, ppid, pgid, sid;
	char state;
	char comm[TASK_DIAG_COMM_LEN];
	uint32_t uid[4], gid[4];
	uint64_t cap[4];		/* inheritable, permitted, effective, bounding */
	uint32_t cmdline_len, cmdline_sum;
	uint64_t minflt, majflt;
	uint32_t nvma;
	uint64_t vma_sum;		/* of every mapping's start and end */
	uint64_t rss_kb, pss_kb;
};

/* The tasks of one read, and where each pid's row is. */
struct set {
	struct row *r;
	size_t n, cap;
	int32_t *at;			/* by pid: index in r, or -1 */
	uint64_t bytes;			/* read from the kernel */
	unsigned int reads;		/* read() calls that returned data (task_diag) */
};

static uint32_t pid_max;
static uint8_t *is_kid;			/* by pid: a task this program made */
static int kid_threads;			/* threads per process it made */
static char *buf;			/* for every read */
static size_t buf_size = 1 << 20;

static void die(const char *what)
{
	perror(what);
	exit(2);
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void set_init(struct set *s)
{
	memset(s, 0, sizeof(*s));
	s->at = malloc(sizeof(*s->at) * (pid_max + 1));
	if (!s->at)
		die("malloc");
	memset(s->at, 0xff, sizeof(*s->at) * (pid_max + 1));
}

static void set_clear(struct set *s)
{
	for (size_t i = 0; i < s->n; i++)
		s->at[s->r[i].pid] = -1;
	s->n = 0;
	s->bytes = 0;
	s->reads = 0;
}

/* The row of @pid, made (zeroed) if it is not there yet. */
static struct row *set_row(struct set *s, uint32_t pid)
{
	struct row *r;

	if (pid > pid_max) {
		fprintf(stderr, "td_bench: pid %u over pid_max %u\n", pid, pid_max);
		exit(2);
	}
	if (s->at[pid] >= 0)
		return &s->r[s->at[pid]];
	if (s->n == s->cap) {
		s->cap = s->cap ? 2 * s->cap : 4096;
		s->r = realloc(s->r, s->cap * sizeof(*s->r));
		if (!s->r)
			die("realloc");
	}
	s->at[pid] = s->n;
	r = &s->r[s->n++];
	memset(r, 0, sizeof(*r));
	r->pid = pid;
	return r;
}

/* Read all of @path into buf; returns its length, or -1. */
static ssize_t slurp(const char *path, struct set *s)
{
	ssize_t n, len = 0;
	int fd = open(path, O_RDONLY);

	if (fd < 0)
		return -1;
	while ((n = read(fd, buf + len, buf_size - 1 - len)) > 0)
		len += n;
	close(fd);
	buf[len] = 0;
	s->bytes += len;
	return len;
}

/* "pid (comm) S ppid pgrp session ...", as /proc/PID/stat and .../task/TID/stat have it. */
static void parse_stat(struct row *r, uint32_t tgid)
{
	char *open_p = strchr(buf, '('), *close_p = strrchr(buf, ')');
	size_t len;

	if (!open_p || !close_p)
		return;
	len = close_p - open_p - 1;
	if (len > TASK_DIAG_COMM_LEN - 1)
		len = TASK_DIAG_COMM_LEN - 1;
	memcpy(r->comm, open_p + 1, len);
	r->tgid = tgid;
	sscanf(close_p + 2, "%c %u %u %u", &r->state, &r->ppid, &r->pgid, &r->sid);
}

static int is_pid(const char *name)
{
	return isdigit((unsigned char)name[0]);
}

/* Calls @one for every pid in @dir (/proc, or /proc/PID/task), as a tool lists them. */
static void for_each_pid(const char *dir, struct set *s,
			 void (*one)(struct set *s, uint32_t pid, const void *arg), const void *arg)
{
	DIR *d = opendir(dir);
	struct dirent *de;

	if (!d)
		return;
	while ((de = readdir(d)))
		if (is_pid(de->d_name))
			one(s, strtoul(de->d_name, NULL, 10), arg);
	closedir(d);
}

static void stat_one(struct set *s, uint32_t pid, const void *arg)
{
	char path[64];

	(void)arg;
	snprintf(path, sizeof(path), "/proc/%u/stat", pid);
	if (slurp(path, s) > 0)
		parse_stat(set_row(s, pid), pid);
}

/* /proc/PID/stat of every process. */
static void proc_stat(struct set *s)
{
	for_each_pid("/proc", s, stat_one, NULL);
}

/* @arg: the thread's process id. */
static void thread_stat_one(struct set *s, uint32_t tid, const void *arg)
{
	uint32_t tgid = *(const uint32_t *)arg;
	char path[96];

	snprintf(path, sizeof(path), "/proc/%u/task/%u/stat", tgid, tid);
	if (slurp(path, s) > 0)
		parse_stat(set_row(s, tid), tgid);
}

static void threads_one(struct set *s, uint32_t pid, const void *arg)
{
	char path[64];

	(void)arg;
	snprintf(path, sizeof(path), "/proc/%u/task", pid);
	for_each_pid(path, s, thread_stat_one, &pid);
}

/* /proc/PID/task/TID/stat of every thread. */
static void proc_thread_stat(struct set *s)
{
	for_each_pid("/proc", s, threads_one, NULL);
}

static const char *field(const char *text, const char *name)
{
	const char *p = strstr(text, name);

	return p ? p + strlen(name) : NULL;
}

/* The ids, names and credentials /proc/PID/status gives. */
static void parse_status(struct row *r)
{
	const char *p;
	char state[2];
	size_t len;

	p = field(buf, "Name:\t");
	if (p) {
		len = strcspn(p, "\n");
		if (len > TASK_DIAG_COMM_LEN - 1)
			len = TASK_DIAG_COMM_LEN - 1;
		memcpy(r->comm, p, len);
	}
	p = field(buf, "\nState:\t");
	if (p && sscanf(p, "%1s", state) == 1)
		r->state = state[0];
	p = field(buf, "\nTgid:\t");
	if (p)
		r->tgid = strtoul(p, NULL, 10);
	p = field(buf, "\nPPid:\t");
	if (p)
		r->ppid = strtoul(p, NULL, 10);
	p = field(buf, "\nUid:\t");
	if (p)
		sscanf(p, "%u %u %u %u", &r->uid[0], &r->uid[1], &r->uid[2], &r->uid[3]);
	p = field(buf, "\nGid:\t");
	if (p)
		sscanf(p, "%u %u %u %u", &r->gid[0], &r->gid[1], &r->gid[2], &r->gid[3]);
	p = field(buf, "\nCapInh:\t");
	if (p)
		r->cap[0] = strtoull(p, NULL, 16);
	p = field(buf, "\nCapPrm:\t");
	if (p)
		r->cap[1] = strtoull(p, NULL, 16);
	p = field(buf, "\nCapEff:\t");
	if (p)
		r->cap[2] = strtoull(p, NULL, 16);
	p = field(buf, "\nCapBnd:\t");
	if (p)
		r->cap[3] = strtoull(p, NULL, 16);
}

static uint32_t checksum(const char *p, size_t len, uint32_t sum)
{
	while (len--)
		sum = sum * 31 + (unsigned char)*p++;
	return sum;
}

/* @arg: whether to read the command line too. */
static void status_one(struct set *s, uint32_t pid, const void *arg)
{
	char path[64];
	struct row *r;
	ssize_t len;

	snprintf(path, sizeof(path), "/proc/%u/status", pid);
	if (slurp(path, s) <= 0)
		return;
	r = set_row(s, pid);
	parse_status(r);
	if (!*(const int *)arg)
		return;
	snprintf(path, sizeof(path), "/proc/%u/cmdline", pid);
	len = slurp(path, s);
	if (len > 0) {
		r->cmdline_len = len;
		r->cmdline_sum = checksum(buf, len, 0);
	}
}

static void proc_status(struct set *s)
{
	for_each_pid("/proc", s, status_one, &(int){ 0 });
}

static void proc_status_cmdline(struct set *s)
{
	for_each_pid("/proc", s, status_one, &(int){ 1 });
}

/* Every mapping's range from /proc/PID/maps, with Rss and Pss from smaps; @arg: which. */
static void maps_one(struct set *s, uint32_t pid, const void *arg)
{
	char path[64], *line;
	struct row *r;

	snprintf(path, sizeof(path), "/proc/%u/%s", pid, (const char *)arg);
	if (slurp(path, s) < 0)
		return;
	r = set_row(s, pid);
	for (line = buf; *line; line = strchr(line, '\n') + 1) {
		unsigned long long start, end, kb;

		/* A mapping's line; smaps's "Field:" lines never scan as a range. */
		if (sscanf(line, "%llx-%llx", &start, &end) == 2) {
			r->nvma++;
			r->vma_sum += start * 31 + end;
		} else if (!strncmp(line, "Rss:", 4) && sscanf(line + 4, "%llu", &kb) == 1) {
			r->rss_kb += kb;
		} else if (!strncmp(line, "Pss:", 4) && sscanf(line + 4, "%llu", &kb) == 1) {
			r->pss_kb += kb;
		}
		if (!strchr(line, '\n'))
			break;
	}
}

static void proc_maps(struct set *s)
{
	for_each_pid("/proc", s, maps_one, "maps");
}

static void proc_smaps(struct set *s)
{
	for_each_pid("/proc", s, maps_one, "smaps");
}

/*
 * taskstats over generic netlink: the family's id once, then one request
 * and one answer per pid (the pids from readdir /proc, as a tool would).
 */
static int ts_fd = -1, ts_family;

static void ts_send(uint16_t type, uint8_t cmd, uint16_t attr, const void *val, uint16_t len)
{
	struct {
		struct nlmsghdr n;
		struct genlmsghdr g;
		char attrs[64];
	} req = {
		.n = { .nlmsg_type = type, .nlmsg_flags = NLM_F_REQUEST },
		.g = { .cmd = cmd, .version = 1 },
	};
	struct nlattr *a = (struct nlattr *)req.attrs;

	a->nla_type = attr;
	a->nla_len = NLA_HDRLEN + len;
	memcpy((char *)a + NLA_HDRLEN, val, len);
	req.n.nlmsg_len = NLMSG_LENGTH(GENL_HDRLEN) + NLA_ALIGN(a->nla_len);
	if (send(ts_fd, &req, req.n.nlmsg_len, 0) < 0)
		die("taskstats send");
}

/* The answer's attributes, after the generic netlink header; NULL on an error. */
static struct nlattr *ts_recv(ssize_t *len, struct set *s)
{
	struct nlmsghdr *h = (struct nlmsghdr *)buf;
	ssize_t n = recv(ts_fd, buf, buf_size, 0);

	if (n < 0)
		die("taskstats recv");
	if (s)
		s->bytes += n;
	if (!NLMSG_OK(h, n) || h->nlmsg_type == NLMSG_ERROR)
		return NULL;
	*len = h->nlmsg_len - NLMSG_LENGTH(GENL_HDRLEN);
	return (struct nlattr *)((char *)NLMSG_DATA(h) + GENL_HDRLEN);
}

#define nla_for_each(a, start, len) \
	for ((a) = (start); (char *)(a) + NLA_HDRLEN <= (char *)(start) + (len) && \
	     (a)->nla_len >= NLA_HDRLEN; (a) = (struct nlattr *)((char *)(a) + NLA_ALIGN((a)->nla_len)))

static void ts_init(void)
{
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };
	struct nlattr *attrs, *a;
	ssize_t len;

	ts_fd = socket(AF_NETLINK, SOCK_RAW, NETLINK_GENERIC);
	if (ts_fd < 0 || bind(ts_fd, (struct sockaddr *)&sa, sizeof(sa)))
		die("generic netlink");
	ts_send(GENL_ID_CTRL, CTRL_CMD_GETFAMILY, CTRL_ATTR_FAMILY_NAME, TASKSTATS_GENL_NAME,
		sizeof(TASKSTATS_GENL_NAME));
	attrs = ts_recv(&len, NULL);
	if (!attrs) {
		fprintf(stderr, "td_bench: no taskstats family in this kernel\n");
		exit(2);
	}
	nla_for_each(a, attrs, len)
		if (a->nla_type == CTRL_ATTR_FAMILY_ID)
			ts_family = *(uint16_t *)((char *)a + NLA_HDRLEN);
}

static void taskstats_one(struct set *s, uint32_t pid, const void *arg)
{
	struct nlattr *attrs, *a, *b;
	ssize_t len;

	(void)arg;
	ts_send(ts_family, TASKSTATS_CMD_GET, TASKSTATS_CMD_ATTR_PID, &pid, sizeof(pid));
	attrs = ts_recv(&len, s);
	if (!attrs)
		return;
	nla_for_each(a, attrs, len) {
		if (a->nla_type != TASKSTATS_TYPE_AGGR_PID)
			continue;
		nla_for_each(b, (struct nlattr *)((char *)a + NLA_HDRLEN), a->nla_len - NLA_HDRLEN) {
			const struct taskstats *ts = (const void *)((char *)b + NLA_HDRLEN);
			struct row *r;

			if (b->nla_type != TASKSTATS_TYPE_STATS)
				continue;
			r = set_row(s, pid);
			r->tgid = ts->ac_pid;
			r->ppid = ts->ac_ppid;
			memcpy(r->comm, ts->ac_comm, TASK_DIAG_COMM_LEN - 1);
			r->minflt = ts->ac_minflt;
			r->majflt = ts->ac_majflt;
		}
	}
}

static void via_taskstats(struct set *s)
{
	if (ts_fd < 0)
		ts_init();
	for_each_pid("/proc", s, taskstats_one, NULL);
}

/*
 * The in-kernel floor: td_iter.bpf.o's task iterator writes a struct
 * task_diag_base per process.  Loaded and attached once; each run opens a
 * new iterator on the link, reads it to the end and closes it.
 */
static const char *bpf_obj_path;
static int bpf_link_fd = -1;

static void bpf_init(void)
{
	struct bpf_object *obj = bpf_object__open_file(bpf_obj_path, NULL);
	struct bpf_program *prog;
	struct bpf_link *link;

	if (!obj || bpf_object__load(obj)) {
		fprintf(stderr, "td_bench: cannot load %s\n", bpf_obj_path);
		exit(2);
	}
	prog = bpf_object__find_program_by_name(obj, "task_base");
	link = prog ? bpf_program__attach_iter(prog, NULL) : NULL;
	if (!link) {
		fprintf(stderr, "td_bench: cannot attach the task iterator of %s\n", bpf_obj_path);
		exit(2);
	}
	bpf_link_fd = bpf_link__fd(link);
}

static void via_bpf_iter(struct set *s)
{
	const size_t size = sizeof(struct task_diag_base);
	size_t have = 0;
	ssize_t n;
	int fd;

	if (bpf_link_fd < 0)
		bpf_init();
	fd = bpf_iter_create(bpf_link_fd);
	if (fd < 0)
		die("bpf_iter_create");
	while ((n = read(fd, buf + have, buf_size - have)) > 0) {
		size_t i;

		s->reads++;
		s->bytes += n;
		have += n;
		for (i = 0; i + size <= have; i += size) {
			const struct task_diag_base *b = (const void *)(buf + i);
			struct row *r = set_row(s, b->pid);

			r->tgid = b->tgid;
			r->ppid = b->ppid;
			r->pgid = b->pgid;
			r->sid = b->sid;
			r->state = taskdiag_state_char(b->state);
			memcpy(r->comm, b->comm, TASK_DIAG_COMM_LEN);
		}
		have -= i;
		memmove(buf, buf + i, have);
	}
	if (n < 0)
		die("read the task iterator");
	close(fd);
}

/* The task_diag way: one request, reads of buf_size bytes, every message parsed. */
static void via_task_diag(struct set *s, uint64_t show, uint64_t strategy)
{
	struct {
		struct nlmsghdr h;
		struct task_diag_pid p;
	} req = {
		.h = { .nlmsg_len = sizeof(req), .nlmsg_type = TASK_DIAG_CMD_GET,
		       .nlmsg_flags = NLM_F_REQUEST, .nlmsg_seq = 1 },
		.p = { .show_flags = show, .dump_strategy = strategy },
	};
	int fd = open(TASKDIAG_PATH, O_RDWR);
	ssize_t n;

	if (fd < 0 || write(fd, &req, sizeof(req)) != sizeof(req))
		die("/proc/task_diag");
	while ((n = read(fd, buf, buf_size)) > 0) {
		struct nlmsghdr *h = (struct nlmsghdr *)buf;
		int left = n;

		s->reads++;
		s->bytes += n;
		for (; NLMSG_OK(h, left); h = NLMSG_NEXT(h, left)) {
			struct task_diag_msg *m = NLMSG_DATA(h);
			const struct nlattr *a;
			struct row *r;

			if (h->nlmsg_type != TASK_DIAG_CMD_GET)
				continue;
			r = set_row(s, m->pid);
			r->tgid = m->tgid;
			taskdiag_for_each_attr(a, h) {
				const void *p = taskdiag_attr_data(a);

				switch (a->nla_type) {
				case TASK_DIAG_BASE: {
					const struct task_diag_base *b = p;

					r->ppid = b->ppid;
					r->pgid = b->pgid;
					r->sid = b->sid;
					r->state = taskdiag_state_char(b->state);
					memcpy(r->comm, b->comm, TASK_DIAG_COMM_LEN);
					break;
				}
				case TASK_DIAG_CRED: {
					const struct task_diag_creds *c = p;
					const struct task_diag_caps *caps[4] = {
						&c->cap_inheritable, &c->cap_permitted,
						&c->cap_effective, &c->cap_bset,
					};

					r->uid[0] = c->uid;
					r->uid[1] = c->euid;
					r->uid[2] = c->suid;
					r->uid[3] = c->fsuid;
					r->gid[0] = c->gid;
					r->gid[1] = c->egid;
					r->gid[2] = c->sgid;
					r->gid[3] = c->fsgid;
					for (int i = 0; i < 4; i++)
						r->cap[i] = (uint64_t)caps[i]->cap[1] << 32 | caps[i]->cap[0];
					break;
				}
				case TASK_DIAG_STAT: {
					const struct task_diag_stat *st = p;

					r->minflt = st->minflt;
					r->majflt = st->majflt;
					break;
				}
				case TASK_DIAG_CMDLINE:
					r->cmdline_sum = checksum(p, taskdiag_attr_len(a), r->cmdline_sum);
					r->cmdline_len += taskdiag_attr_len(a);
					break;
				case TASK_DIAG_VMA: {
					struct task_diag_vma *v;

					task_diag_for_each_vma(v, a) {
						const struct task_diag_vma_stat *st = task_diag_vma_stat(v);

						r->nvma++;
						r->vma_sum += v->start * 31 + v->end;
						if (st) {
							r->rss_kb += st->resident >> 10;
							r->pss_kb += st->pss >> 10;
						}
					}
					break;
				}
				}
			}
		}
	}
	if (n < 0)
		die("read /proc/task_diag");
	close(fd);
}

/* What a method compares: which fields, of which tasks. */
enum {
	F_IDS = 1 << 0,		/* tgid, ppid, comm: every task */
	F_GROUPS = 1 << 1,	/* pgid, sid: every task */
	F_STATE = 1 << 2,	/* the tasks this program made (the others may change) */
	F_CRED = 1 << 3,	/* every task */
	F_CMDLINE = 1 << 4,	/* every task */
	F_FLT = 1 << 5,		/* the tasks this program made */
	F_VMA = 1 << 6,		/* every task but this one */
	F_RSS = 1 << 7,		/* the tasks this program made */
};

struct method {
	const char *name;	/* for -m and the results */
	const char *ref;	/* what task_diag is measured against */
	void (*read_ref)(struct set *s);
	const char *td;		/* the task_diag request */
	uint64_t show, strategy;
	unsigned int fields;
};

static const struct method methods[] = {
	{ "ps", "/proc/PID/stat", proc_stat, "BASE", TASK_DIAG_SHOW_BASE, TASK_DIAG_DUMP_ALL,
	  F_IDS | F_GROUPS | F_STATE },
	{ "creds", "/proc/PID/status", proc_status, "BASE|CRED",
	  TASK_DIAG_SHOW_BASE | TASK_DIAG_SHOW_CRED, TASK_DIAG_DUMP_ALL,
	  F_IDS | F_STATE | F_CRED },
	{ "status+cmdline", "/proc/PID/status + cmdline", proc_status_cmdline,
	  "BASE|CRED|CMDLINE", TASK_DIAG_SHOW_BASE | TASK_DIAG_SHOW_CRED | TASK_DIAG_SHOW_CMDLINE,
	  TASK_DIAG_DUMP_ALL, F_IDS | F_STATE | F_CRED | F_CMDLINE },
	{ "threads", "/proc/PID/task/TID/stat", proc_thread_stat, "BASE, ALL_THREAD",
	  TASK_DIAG_SHOW_BASE, TASK_DIAG_DUMP_ALL_THREAD, F_IDS | F_GROUPS | F_STATE },
	{ "maps", "/proc/PID/maps", proc_maps, "VMA", TASK_DIAG_SHOW_VMA, TASK_DIAG_DUMP_ALL,
	  F_VMA },
	{ "smaps", "/proc/PID/smaps", proc_smaps, "VMA|VMA_STAT",
	  TASK_DIAG_SHOW_VMA | TASK_DIAG_SHOW_VMA_STAT, TASK_DIAG_DUMP_ALL, F_VMA | F_RSS },
	{ "taskstats", "taskstats, a request per pid", via_taskstats, "STAT",
	  TASK_DIAG_SHOW_STAT, TASK_DIAG_DUMP_ALL, F_FLT },
	{ "bpf", "BPF iter/task", via_bpf_iter, "BASE", TASK_DIAG_SHOW_BASE, TASK_DIAG_DUMP_ALL,
	  F_IDS | F_GROUPS | F_STATE },
};

#define NMETHODS (sizeof(methods) / sizeof(methods[0]))

/* Do @a (procfs) and @b (task_diag) describe the same tasks? Says how not, if not. */
static int same(const struct method *m, struct set *a, struct set *b, char *why, size_t len)
{
	uint32_t self = getpid();

	if (a->n != b->n) {
		snprintf(why, len, "%zu tasks against %zu", a->n, b->n);
		return 0;
	}
	for (size_t i = 0; i < a->n; i++) {
		const struct row *x = &a->r[i], *y;
		int kid = is_kid[x->pid], ok = 1;

		if (b->at[x->pid] < 0) {
			snprintf(why, len, "task %u only in %s", x->pid, m->ref);
			return 0;
		}
		y = &b->r[b->at[x->pid]];
		/* procfs names a workqueue worker "kworker/0:1-events"; its comm is "kworker/0:1". */
		if (m->fields & F_IDS)
			ok &= x->tgid == y->tgid && x->ppid == y->ppid &&
			      !strncmp(x->comm, y->comm, strnlen(y->comm, TASK_DIAG_COMM_LEN));
		if (m->fields & F_GROUPS)
			ok &= x->pgid == y->pgid && x->sid == y->sid;
		if ((m->fields & F_STATE) && kid)
			ok &= x->state == y->state;
		if (m->fields & F_CRED)
			ok &= !memcmp(x->uid, y->uid, sizeof(x->uid)) &&
			      !memcmp(x->gid, y->gid, sizeof(x->gid)) &&
			      !memcmp(x->cap, y->cap, sizeof(x->cap));
		if (m->fields & F_CMDLINE)
			ok &= x->cmdline_len == y->cmdline_len && x->cmdline_sum == y->cmdline_sum;
		/* taskstats counts a pid's own faults; STAT its process's, the same with one thread. */
		if ((m->fields & F_FLT) && kid && kid_threads == 1)
			ok &= x->minflt == y->minflt && x->majflt == y->majflt;
		if ((m->fields & F_VMA) && x->pid != self)
			ok &= x->nvma == y->nvma && x->vma_sum == y->vma_sum;
		if ((m->fields & F_RSS) && kid)
			ok &= x->rss_kb == y->rss_kb && x->pss_kb == y->pss_kb;
		if (!ok) {
			snprintf(why, len, "task %u (%.16s) differs", x->pid, x->comm);
			return 0;
		}
	}
	return 1;
}

/* Is @name one of the comma-separated @list? */
static int wanted(const char *list, const char *name)
{
	size_t len = strlen(name);

	for (const char *p = list; (p = strstr(p, name)); p += len)
		if ((p == list || p[-1] == ',') && (p[len] == ',' || !p[len]))
			return 1;
	return 0;
}

/* @s for a markdown table cell: "|" escaped.  Four buffers, used in turn. */
static const char *md(const char *s)
{
	static char out[4][128];
	static int next;
	char *o = out[next++ % 4], *p = o;

	for (; *s && p < o + sizeof(out[0]) - 2; s++) {
		if (*s == '|')
			*p++ = '\\';
		*p++ = *s;
	}
	*p = 0;
	return o;
}

static int by_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

struct timing {
	double median, min, max;
};

static struct timing summarize(double *t, int runs)
{
	qsort(t, runs, sizeof(*t), by_double);
	return (struct timing){ t[runs / 2], t[0], t[runs - 1] };
}

/* Memory in use (MemTotal - MemAvailable), in KiB. */
static long mem_used_kb(void)
{
	FILE *f = fopen("/proc/meminfo", "r");
	long total = 0, avail = 0, v;
	char name[64];

	while (f && fscanf(f, "%63s %ld kB ", name, &v) == 2) {
		if (!strcmp(name, "MemTotal:"))
			total = v;
		else if (!strcmp(name, "MemAvailable:"))
			avail = v;
	}
	if (f)
		fclose(f);
	return total - avail;
}

/* Fill the machine: @procs processes of @threads threads each, all asleep. */
static void *sleeper(void *arg)
{
	(void)arg;
	for (;;)
		pause();
	return NULL;
}

static pid_t *spawn(long procs, int threads)
{
	pid_t *kids = calloc(procs ? procs : 1, sizeof(*kids));
	int ready[2];
	char c;

	if (!kids || pipe(ready))
		die("spawn");
	for (long i = 0; i < procs; i++) {
		kids[i] = fork();
		if (kids[i] < 0)
			die("fork");
		if (kids[i] == 0) {
			pthread_attr_t attr;
			pthread_t t;

			pthread_attr_init(&attr);
			pthread_attr_setstacksize(&attr, 64 << 10);
			for (int j = 1; j < threads; j++)
				if (pthread_create(&t, &attr, sleeper, NULL))
					_exit(1);
			if (write(ready[1], "", 1) != 1)
				_exit(1);
			sleeper(NULL);
		}
	}
	for (long i = 0; i < procs; i++)
		if (read(ready[0], &c, 1) != 1)
			die("spawn: a child did not start");
	close(ready[0]);
	close(ready[1]);
	return kids;
}

/* One pass of one way ("METHOD.ref", "METHOD.td" or "none"), for -o: the tasks it saw. */
static long one_pass(const char *way)
{
	struct set s;

	set_init(&s);
	if (!strcmp(way, "none"))
		return 0;
	if (!strcmp(way, "bpf.load")) {
		bpf_init();
		return 0;
	}
	for (size_t k = 0; k < NMETHODS; k++) {
		const struct method *m = &methods[k];
		size_t len = strlen(m->name);

		if (strncmp(way, m->name, len) || way[len] != '.')
			continue;
		if (!strcmp(way + len + 1, "ref"))
			m->read_ref(&s);
		else if (!strcmp(way + len + 1, "td"))
			via_task_diag(&s, m->show, m->strategy);
		else
			break;
		return s.n;
	}
	fprintf(stderr, "td_bench: no way \"%s\"\n", way);
	exit(2);
}

/*
 * The system calls of one pass of @way, as strace -c -f counts them: the
 * calls of the whole program, and those over an empty pass ("none": start,
 * allocate, exit), which are the pass's own.
 */
static long strace_count(const char *strace, const char *self, const char *way, size_t size)
{
	char out[] = "/tmp/td_bench.strace.XXXXXX", sz[32], line[256];
	long calls = -1;
	pid_t pid;
	FILE *f;
	int fd, status;

	fd = mkstemp(out);
	if (fd < 0)
		die("mkstemp");
	close(fd);
	snprintf(sz, sizeof(sz), "%zu", size);
	fflush(stdout);
	pid = fork();
	if (pid < 0)
		die("fork");
	if (pid == 0) {
		int null = open("/dev/null", O_WRONLY);

		dup2(null, 1);
		execl(strace, strace, "-f", "-c", "-o", out, self, "-o", way, "-b", sz,
		      "-B", bpf_obj_path, (char *)NULL);
		_exit(127);
	}
	if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status) || WEXITSTATUS(status)) {
		fprintf(stderr, "td_bench: strace of %s failed\n", way);
		unlink(out);
		return -1;
	}
	f = fopen(out, "r");
	while (f && fgets(line, sizeof(line), f)) {
		double pct, sec;
		long usecs, c;

		/* "100.00    0.001234           1       123        4 total": calls, 4th column. */
		if (strstr(line, " total") &&
		    sscanf(line, "%lf %lf %ld %ld", &pct, &sec, &usecs, &c) == 4)
			calls = c;
	}
	if (f)
		fclose(f);
	unlink(out);
	return calls;
}

/* The calls of the empty pass with a buffer of @size, counted once per size. */
static long empty_pass(const char *strace, const char *self, size_t size)
{
	static struct {
		size_t size;
		long calls;
	} seen[8];
	static int nseen;

	for (int i = 0; i < nseen; i++)
		if (seen[i].size == size)
			return seen[i].calls;
	if (nseen == 8)
		return strace_count(strace, self, "none", size);
	seen[nseen].size = size;
	seen[nseen].calls = strace_count(strace, self, "none", size);
	return seen[nseen++].calls;
}

static void usage(FILE *f, const char *me)
{
	fprintf(f, "usage: %s [-p PROCS] [-t THREADS] [-r RUNS] [-m METHOD,...] [-b BYTES,...] [-l LABEL]\n"
		"Fill the machine with PROCS sleeping processes (default 1000) of THREADS threads\n"
		"each (default 1), then time reading the same facts about every task through\n"
		"procfs or taskstats and through /proc/task_diag, RUNS rounds each (default 5)\n"
		"after a warm-up that checks both ways give the same data.\n"
		"  -m  methods (default all):", me);
	for (size_t i = 0; i < NMETHODS; i++)
		fprintf(f, " %s", methods[i].name);
	fprintf(f, "\n  -b  task_diag read sizes for the ps method (default 4096,65536,1048576);\n"
		"      the other methods read 1 MiB at a time\n"
		"  -l  a label for the \"@\" result lines (default PROCSxTHREADS)\n"
		"  -B  the BPF object of the bpf method (default td_iter.bpf.o beside this program)\n"
		"  -s STRACE  afterwards, count each way's system calls: one pass under\n"
		"      \"STRACE -f -c\" per way (and per -b size for ps)\n"
		"  -o WAY  no tasks made, no timing: one pass of WAY (METHOD.ref, METHOD.td or\n"
		"      none), at read size -b; prints the number of tasks seen (used by -s)\n"
		"Needs root (taskstats, BPF, and every process's maps) and task_diag loaded.\n");
}

int main(int argc, char **argv)
{
	size_t sizes[8] = { 4096, 65536, 1 << 20 }, nsizes = 3;
	const char *only = NULL, *label = NULL, *strace = NULL, *way = NULL;
	char self[4096], obj[4096];
	long procs = 1000;
	int threads = 1, runs = 5, opt, failed = 0;
	char lbl[64], why[160];
	struct set ref, td;
	pid_t *kids;
	double t0;
	FILE *f;

	ssize_t len = readlink("/proc/self/exe", self, sizeof(self) - 1);

	if (len < 0)
		die("/proc/self/exe");
	self[len] = 0;
	snprintf(obj, sizeof(obj), "%.*s/td_iter.bpf.o", (int)(strrchr(self, '/') - self), self);
	bpf_obj_path = obj;
	while ((opt = getopt(argc, argv, "p:t:r:m:b:l:B:s:o:h")) != -1) {
		switch (opt) {
		case 'p': procs = atol(optarg); break;
		case 't': threads = atoi(optarg); break;
		case 'r': runs = atoi(optarg); break;
		case 'm': only = optarg; break;
		case 'l': label = optarg; break;
		case 'B': bpf_obj_path = optarg; break;
		case 's': strace = optarg; break;
		case 'o': way = optarg; break;
		case 'b': {
			char *p = optarg;

			for (nsizes = 0; *p && nsizes < 8; p += *p == ',')
				sizes[nsizes++] = strtoul(p, &p, 10);
			break;
		}
		case 'h': usage(stdout, argv[0]); return 0;
		default: usage(stderr, argv[0]); return 2;
		}
	}
	if (optind != argc || procs < 0 || threads < 1 || runs < 1 || runs > 99) {
		usage(stderr, argv[0]);
		return 2;
	}
	if (!label) {
		snprintf(lbl, sizeof(lbl), "%ldx%d", procs, threads);
		label = lbl;
	}
	f = fopen("/proc/sys/kernel/pid_max", "r");
	if (!f || fscanf(f, "%u", &pid_max) != 1)
		die("/proc/sys/kernel/pid_max");
	fclose(f);
	if (way) {
		buf_size = sizes[0];
		buf = malloc(buf_size);
		if (!buf)
			die("malloc");
		printf("%ld\n", one_pass(way));
		return 0;
	}
	prctl(PR_SET_CHILD_SUBREAPER, 1);

	/* The children first, so that they inherit none of the big tables below. */
	t0 = now();
	kid_threads = threads;
	kids = spawn(procs, threads);
	for (size_t i = 0; i < nsizes; i++)
		if (sizes[i] > buf_size)
			buf_size = sizes[i];
	buf = malloc(buf_size);
	is_kid = calloc(pid_max + 1, 1);
	if (!buf || !is_kid)
		die("malloc");
	for (long i = 0; i < procs; i++)
		is_kid[kids[i]] = 1;
	set_init(&ref);
	set_init(&td);
	printf("@spawn\t%s\t%ld\t%d\t%.3f\t%ld\n", label, procs, threads, now() - t0,
	       mem_used_kb());
	printf("# %ld processes of %d thread(s) made in %.1f s; memory in use: %ld MiB\n", procs,
	       threads, now() - t0, mem_used_kb() >> 10);
	printf("| method | reference | task_diag | read size | tasks | reference s median (min-max) | task_diag s median (min-max) | ratio | bytes/task ref, td | td reads |\n");
	printf("|---|---|---|---|---|---|---|---|---|---|\n");
	for (size_t k = 0; k < NMETHODS; k++) {
		const struct method *m = &methods[k];
		double tr[100], tt[100];
		int ok = 0;

		if (only && !wanted(only, m->name))
			continue;
		/* The check, also the warm-up; tasks that come and go (kworkers) get three tries. */
		buf_size = 1 << 20;
		for (int tries = 0; tries < 3; tries++) {
			set_clear(&ref);
			set_clear(&td);
			m->read_ref(&ref);
			via_task_diag(&td, m->show, m->strategy);
			ok = same(m, &ref, &td, why, sizeof(why));
			if (ok)
				break;
		}
		if (!ok) {
			printf("| %s | %s | %s | | | data differ: %s | | | | |\n", m->name, md(m->ref),
			       md(m->td), why);
			printf("@invalid\t%s\t%s\t%s\n", label, m->name, why);
			failed = 1;
			continue;
		}
		for (size_t b = 0; b < (strcmp(m->name, "ps") ? 1 : nsizes); b++) {
			struct timing a, d;

			buf_size = strcmp(m->name, "ps") ? 1 << 20 : sizes[b];
			for (int r = 0; r < runs; r++) {
				set_clear(&ref);
				t0 = now();
				m->read_ref(&ref);
				tr[r] = now() - t0;
				set_clear(&td);
				t0 = now();
				via_task_diag(&td, m->show, m->strategy);
				tt[r] = now() - t0;
			}
			a = summarize(tr, runs);
			d = summarize(tt, runs);
			printf("| %s | %s | %s | %zu | %zu | %.4f (%.4f-%.4f) | %.4f (%.4f-%.4f) | %.1fx | %.0f, %.0f | %u |\n",
			       m->name, md(m->ref), md(m->td), buf_size, td.n, a.median, a.min, a.max,
			       d.median, d.min, d.max, a.median / d.median,
			       (double)ref.bytes / ref.n, (double)td.bytes / td.n, td.reads);
			printf("@result\t%s\t%s\t%zu\t%zu\t%.6f\t%.6f\t%.6f\t%.6f\t%.6f\t%.6f\t%.1f\t%.1f\t%u\t%s\t%s\n",
			       label, m->name, buf_size, td.n, a.median, a.min, a.max, d.median,
			       d.min, d.max, (double)ref.bytes / ref.n, (double)td.bytes / td.n,
			       td.reads, m->ref, m->td);
		}
		fflush(stdout);
	}
	if (strace) {
		printf("\n# system calls of one pass (strace -f -c), less those of an empty pass\n");
		printf("| method | way | read size | calls |\n|---|---|---|---|\n");
		for (size_t k = 0; k < NMETHODS; k++) {
			const struct method *m = &methods[k];

			if (only && !wanted(only, m->name))
				continue;
			for (int td_way = 0; td_way < 2; td_way++) {
				int sweep = td_way && !strcmp(m->name, "ps");

				for (size_t b = 0; b < (sweep ? nsizes : 1); b++) {
					size_t size = sweep ? sizes[b] : 1 << 20;
					char w[64];
					long c, base;

					snprintf(w, sizeof(w), "%s.%s", m->name, td_way ? "td" : "ref");
					/* The empty pass allocates the same buffer. */
					base = empty_pass(strace, self, size);
					c = strace_count(strace, self, w, size);
					if (c < 0 || base < 0) {
						failed = 1;
						continue;
					}
					/* The iterator's pass without the one loading of it. */
					if (!td_way && m->read_ref == via_bpf_iter) {
						long load = strace_count(strace, self, "bpf.load", size);

						if (load < 0) {
							failed = 1;
							continue;
						}
						printf("| %s | loading the program (once) | | %ld |\n",
						       m->name, load - base);
						printf("@syscalls\t%s\t%s\tload\t0\t%ld\t%ld\n", label,
						       m->name, load, load - base);
						c -= load - base;
					}
					printf("| %s | %s | %zu | %ld |\n", m->name,
					       md(td_way ? m->td : m->ref), size, c - base);
					printf("@syscalls\t%s\t%s\t%s\t%zu\t%ld\t%ld\n", label, m->name,
					       td_way ? "td" : "ref", size, c, c - base);
					fflush(stdout);
				}
			}
		}
	}
	for (long i = 0; i < procs; i++)
		kill(kids[i], SIGKILL);
	while (wait(NULL) > 0)
		;
	return failed;
}
