// SPDX-License-Identifier: LGPL-2.1-or-later
/* The client library for /proc/task_diag; see decode.h. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/random.h>
#include "decode.h"

int taskdiag_request(int fd, uint64_t show, uint64_t strategy, uint32_t pid, uint32_t seq)
{
	struct {
		struct nlmsghdr		h;
		struct task_diag_pid	p;
	} req;
	ssize_t n;

	/* Zeroed whole, padding included: the module refuses non-zero padding. */
	memset(&req, 0, sizeof(req));
	req.h.nlmsg_len = NLMSG_HDRLEN + sizeof(req.p);
	req.h.nlmsg_type = TASK_DIAG_CMD_GET;
	req.h.nlmsg_flags = NLM_F_REQUEST;
	req.h.nlmsg_seq = seq;
	req.p.show_flags = show;
	req.p.dump_strategy = strategy;
	req.p.pid = pid;
	n = write(fd, &req, req.h.nlmsg_len);
	if (n < 0)
		return -errno;
	return (size_t)n == req.h.nlmsg_len ? 0 : -EIO;
}

static void violation(struct taskdiag_result *res, const char *fmt, ...)
{
	va_list ap;

	if (res->violation[0])
		return;
	va_start(ap, fmt);
	vsnprintf(res->violation, sizeof(res->violation), fmt, ap);
	va_end(ap);
}

/* Bytes of an attribute past its payload, up to the alignment, must be zero. */
static int tail_is_zero(const struct nlattr *nla, size_t used)
{
	const unsigned char *p = taskdiag_attr_data(nla);
	size_t end = NLA_ALIGN(taskdiag_attr_len(nla));

	for (size_t i = used; i < end; i++)
		if (p[i])
			return 0;
	return 1;
}

static struct taskdiag_task *new_task(struct taskdiag_result *res)
{
	if (res->n == res->cap) {
		size_t cap = res->cap ? res->cap * 2 : 256;
		struct taskdiag_task *tasks = realloc(res->tasks, cap * sizeof(*tasks));

		if (!tasks) {
			res->nomem = 1;
			return NULL;
		}
		res->tasks = tasks;
		res->cap = cap;
	}
	memset(&res->tasks[res->n], 0, sizeof(res->tasks[0]));
	return &res->tasks[res->n++];
}

/*
 * A group of fixed size, by the ABI's growth rule: min(nla_len, @size)
 * bytes of it kept, the rest left zero.  Shorter than the group ever was
 * (@min) is a violation; so are non-zero bytes among the first @size after
 * the @used ones (padding this library knows).
 */
static void fixed_attr(struct taskdiag_result *res, const struct nlattr *nla, void *dst,
		       size_t size, size_t min, size_t used, int *has, const char *name)
{
	size_t len;

	if (!nla)
		return;
	len = taskdiag_attr_len(nla);
	if (len < min) {
		violation(res, "%s attribute of %zu bytes, not %zu", name, len, size);
		return;
	}
	if (len <= size && !tail_is_zero(nla, used))
		violation(res, "%s attribute has non-zero padding", name);
	memcpy(dst, taskdiag_attr_data(nla), len < size ? len : size);
	*has = 1;
}

/* Check and keep the records of a TASK_DIAG_VMA attribute. */
static void vma_attr(struct taskdiag_result *res, struct taskdiag_task *t, const struct nlattr *nla,
		     uint64_t show)
{
	int want_stat = !!(show & TASK_DIAG_SHOW_VMA_STAT);
	const unsigned char *end = (const unsigned char *)nla + nla->nla_len;
	struct task_diag_vma *v;
	size_t base = sizeof(*v) + (want_stat ? sizeof(struct task_diag_vma_stat) : 0);

	t->has_vma = 1;
	task_diag_for_each_vma(v, nla) {
		const unsigned char *r = (const unsigned char *)v;
		struct taskdiag_vma *x;
		size_t used = base;

		if (v->vma_len % NLA_ALIGNTO || r + v->vma_len > end) {
			violation(res, "VMA record of %u bytes", v->vma_len);
			return;
		}
		if (t->nvmas && v->start < t->vmas[t->nvmas - 1].v.end)
			violation(res, "VMA records of %u out of order or repeated", t->msg.pid);
		if (v->start >= v->end || v->start % 4096 || v->end % 4096)
			violation(res, "VMA bounds %llx-%llx", (unsigned long long)v->start,
				  (unsigned long long)v->end);
		if (want_stat != !!v->stat_len ||
		    (want_stat && (v->stat_off != sizeof(*v) ||
				   v->stat_len != sizeof(struct task_diag_vma_stat))))
			violation(res, "VMA stat at %u, %u bytes", v->stat_off, v->stat_len);
		if (v->name_len) {
			if (v->name_off != base || base + v->name_len > v->vma_len ||
			    r[v->name_off + v->name_len - 1] != 0 ||
			    strlen((const char *)r + v->name_off) != (size_t)v->name_len - 1u)
				violation(res, "VMA name at %u, %u bytes", v->name_off, v->name_len);
			used = base + v->name_len;
		}
		if (NLA_ALIGN(used) != v->vma_len)
			violation(res, "VMA record of %u bytes for %zu", v->vma_len, used);
		for (size_t i = used; i < v->vma_len; i++)
			if (r[i])
				violation(res, "VMA record padding is not zero");
		for (size_t i = offsetof(struct task_diag_vma, stat_len) + 2; i < sizeof(*v); i++)
			if (r[i])
				violation(res, "VMA struct padding is not zero");
		/* A malformed answer's records are not kept: their offsets may point anywhere. */
		if (res->violation[0])
			continue;
		if (t->nvmas == t->vma_cap) {
			size_t cap = t->vma_cap ? t->vma_cap * 2 : 32;
			struct taskdiag_vma *vmas = realloc(t->vmas, cap * sizeof(*vmas));

			if (!vmas) {
				res->nomem = 1;
				return;
			}
			t->vmas = vmas;
			t->vma_cap = cap;
		}
		x = &t->vmas[t->nvmas];
		memset(x, 0, sizeof(*x));
		x->v = *v;
		if (task_diag_vma_stat(v)) {
			x->has_stat = 1;
			memcpy(&x->stat, task_diag_vma_stat(v), sizeof(x->stat));
		}
		if (task_diag_vma_name(v)) {
			x->name = strdup(task_diag_vma_name(v));
			if (!x->name) {
				res->nomem = 1;
				return;
			}
		}
		t->nvmas++;
	}
	if ((const unsigned char *)v != end)
		violation(res, "VMA attribute ends inside a record");
}

/* An attribute that is an array of @size-byte records: a copy of them, in *@n. */
static void *array_attr(struct taskdiag_result *res, const struct nlattr *nla, size_t size,
			size_t *n, int *has, const char *name)
{
	size_t len = taskdiag_attr_len(nla);
	void *copy;

	if (len % size) {
		violation(res, "%s attribute of %zu bytes", name, len);
		return NULL;
	}
	copy = malloc(len ? len : 1);
	if (!copy) {
		res->nomem = 1;
		return NULL;
	}
	memcpy(copy, taskdiag_attr_data(nla), len);
	*n = len / size;
	*has = 1;
	return copy;
}

/* TASK_DIAG_CGROUP: the struct, then the path where it says. */
static void cgroup_attr(struct taskdiag_result *res, struct taskdiag_task *t,
			const struct nlattr *nla)
{
	size_t len = taskdiag_attr_len(nla);
	const unsigned char *d = taskdiag_attr_data(nla);
	struct task_diag_cgroup cg;

	if (len < sizeof(cg)) {
		violation(res, "CGROUP attribute of %zu bytes", len);
		return;
	}
	memcpy(&cg, d, sizeof(cg));
	if (cg.__reserved)
		violation(res, "CGROUP's reserved field is not 0");
	if (cg.path_len) {
		if (cg.path_off < sizeof(cg) || (size_t)cg.path_off + cg.path_len > len ||
		    d[cg.path_off + cg.path_len - 1] ||
		    strlen((const char *)d + cg.path_off) != (size_t)cg.path_len - 1u) {
			violation(res, "CGROUP path at %u, %u bytes", cg.path_off, cg.path_len);
			return;
		}
		if (!tail_is_zero(nla, cg.path_off + cg.path_len))
			violation(res, "CGROUP attribute has non-zero padding");
		t->cgroup_path = strdup((const char *)d + cg.path_off);
		if (!t->cgroup_path) {
			res->nomem = 1;
			return;
		}
	}
	t->cgroup_id = cg.id;
	t->has_cgroup = 1;
}

/* A NUL-terminated string of at most @max bytes with its NUL, padding zero. */
static char *text_attr(struct taskdiag_result *res, const struct nlattr *nla, size_t max, int *has,
		       const char *name)
{
	size_t len = taskdiag_attr_len(nla);
	const char *d = taskdiag_attr_data(nla);
	char *copy;

	if (!len || len > max || d[len - 1] || strlen(d) != len - 1 || !tail_is_zero(nla, len)) {
		violation(res, "%s attribute of %zu bytes", name, len);
		return NULL;
	}
	copy = strdup(d);
	if (!copy) {
		res->nomem = 1;
		return NULL;
	}
	*has = 1;
	return copy;
}

static void task_message(struct taskdiag_result *res, struct nlmsghdr *nlh, uint64_t show)
{
	const struct nlattr *tb[TASK_DIAG_ATTR_MAX + 1] = { NULL }, *a, *c;
	struct task_diag_msg *m;
	size_t end;
	struct taskdiag_task *t;

	if (nlh->nlmsg_len < NLMSG_HDRLEN + sizeof(*m)) {
		violation(res, "task message of %u bytes", nlh->nlmsg_len);
		return;
	}
	/* A later attribute of a type replaces an earlier one, as nla_parse() does. */
	end = NLMSG_HDRLEN + NLMSG_ALIGN(sizeof(*m));
	taskdiag_for_each_attr(a, nlh) {
		if ((a->nla_type & NLA_TYPE_MASK) <= TASK_DIAG_ATTR_MAX)
			tb[a->nla_type & NLA_TYPE_MASK] = a;
		end = (size_t)((const char *)a - (const char *)nlh) + NLA_ALIGN(a->nla_len);
	}
	/* Every byte of the message is in a whole attribute. */
	if (end != nlh->nlmsg_len)
		violation(res, "task message of %u bytes ends in %u bytes that are no attribute",
			  nlh->nlmsg_len, nlh->nlmsg_len - (uint32_t)end);
	m = NLMSG_DATA(nlh);
	if ((m->flags & TASK_DIAG_FLAG_GROUPS_TRUNC) && !tb[TASK_DIAG_GROUPS])
		violation(res, "GROUPS_TRUNC on a message of %u without GROUPS", m->pid);
	if (m->flags & ~(TASK_DIAG_FLAG_CONT | TASK_DIAG_FLAG_CMDLINE_TRUNC |
			 TASK_DIAG_FLAG_GROUPS_TRUNC))
		violation(res, "unknown message flags %#x", m->flags);
	if ((m->flags & TASK_DIAG_FLAG_CMDLINE_TRUNC) && !tb[TASK_DIAG_CMDLINE])
		violation(res, "CMDLINE_TRUNC on a message of %u without CMDLINE", m->pid);
	if (m->flags & TASK_DIAG_FLAG_CONT) {
		t = res->n ? &res->tasks[res->n - 1] : NULL;
		if (!t || t->msg.pid != m->pid) {
			violation(res, "continuation of %u follows another task", m->pid);
			return;
		}
		if (tb[TASK_DIAG_BASE] || tb[TASK_DIAG_CRED] || tb[TASK_DIAG_STAT] ||
		    tb[TASK_DIAG_SCHED] || tb[TASK_DIAG_MEM] || tb[TASK_DIAG_IO] ||
		    tb[TASK_DIAG_STATUS] || tb[TASK_DIAG_GROUPS] || tb[TASK_DIAG_NSPID] ||
		    tb[TASK_DIAG_NS] || tb[TASK_DIAG_CGROUP] || tb[TASK_DIAG_NAME] ||
		    tb[TASK_DIAG_WCHAN])
			violation(res, "continuation of %u repeats fixed groups", m->pid);
	} else {
		t = new_task(res);
		if (!t)
			return;
		t->msg = *m;
		/* The series' groups were never shorter than today's. */
		fixed_attr(res, tb[TASK_DIAG_BASE], &t->base, sizeof(t->base), sizeof(t->base),
			   offsetof(struct task_diag_base, comm) + TASK_DIAG_COMM_LEN,
			   &t->has_base, "BASE");
		fixed_attr(res, tb[TASK_DIAG_CRED], &t->cred, sizeof(t->cred), sizeof(t->cred),
			   sizeof(t->cred), &t->has_cred, "CRED");
		fixed_attr(res, tb[TASK_DIAG_STAT], &t->stat, sizeof(t->stat), sizeof(t->stat),
			   offsetof(struct task_diag_stat, threads) + 4, &t->has_stat, "STAT");
		fixed_attr(res, tb[TASK_DIAG_SCHED], &t->sched, sizeof(t->sched),
			   sizeof(t->sched), sizeof(t->sched), &t->has_sched, "SCHED");
		fixed_attr(res, tb[TASK_DIAG_MEM], &t->mem, sizeof(t->mem), sizeof(t->mem),
			   sizeof(t->mem), &t->has_mem, "MEM");
		fixed_attr(res, tb[TASK_DIAG_IO], &t->io, sizeof(t->io), sizeof(t->io),
			   sizeof(t->io), &t->has_io, "IO");
		fixed_attr(res, tb[TASK_DIAG_STATUS], &t->status, sizeof(t->status),
			   sizeof(t->status), sizeof(t->status), &t->has_status, "STATUS");
		fixed_attr(res, tb[TASK_DIAG_NS], &t->ns, sizeof(t->ns), sizeof(t->ns),
			   sizeof(t->ns), &t->has_ns, "NS");
		if (tb[TASK_DIAG_GROUPS]) {
			t->groups = array_attr(res, tb[TASK_DIAG_GROUPS], sizeof(*t->groups),
					       &t->ngroups, &t->has_groups, "GROUPS");
			t->groups_truncated = !!(m->flags & TASK_DIAG_FLAG_GROUPS_TRUNC);
			if (t->groups_truncated && t->ngroups != TASK_DIAG_GROUPS_MAX)
				violation(res, "groups of %u cut at %zu", m->pid, t->ngroups);
		}
		if (tb[TASK_DIAG_NSPID])
			t->nspid = array_attr(res, tb[TASK_DIAG_NSPID], sizeof(*t->nspid),
					      &t->nnspid, &t->has_nspid, "NSPID");
		if (tb[TASK_DIAG_CGROUP])
			cgroup_attr(res, t, tb[TASK_DIAG_CGROUP]);
		if (tb[TASK_DIAG_NAME])
			t->name = text_attr(res, tb[TASK_DIAG_NAME], TASK_DIAG_NAME_LEN, &t->has_name,
					    "NAME");
		if (tb[TASK_DIAG_WCHAN])
			t->wchan = text_attr(res, tb[TASK_DIAG_WCHAN], TASK_DIAG_WCHAN_LEN,
					     &t->has_wchan, "WCHAN");
		if (t->has_base && memchr(t->base.comm, 0, TASK_DIAG_COMM_LEN) == NULL)
			violation(res, "comm of %u is not NUL-terminated", m->pid);
		if (t->has_base) {
			size_t l = strnlen(t->base.comm, TASK_DIAG_COMM_LEN);

			for (size_t i = l; i < TASK_DIAG_COMM_LEN; i++)
				if (t->base.comm[i])
					violation(res, "comm of %u is not zero-padded", m->pid);
		}
	}
	for (int a = 0; a <= TASK_DIAG_ATTR_MAX; a++)
		if (tb[a] && !(show & (1ULL << a)))
			violation(res, "attribute %d was not asked for", a);
	if (tb[TASK_DIAG_VMA])
		vma_attr(res, t, tb[TASK_DIAG_VMA], show);
	c = tb[TASK_DIAG_CMDLINE];
	if (c) {
		size_t len = taskdiag_attr_len(c);
		char *cmdline;

		if (!tail_is_zero(c, len))
			violation(res, "CMDLINE attribute has non-zero padding");
		cmdline = realloc(t->cmdline, t->cmdline_len + len + 1);

		if (!cmdline) {
			res->nomem = 1;
			return;
		}
		t->cmdline = cmdline;
		memcpy(t->cmdline + t->cmdline_len, taskdiag_attr_data(c), len);
		t->cmdline_len += len;
		t->cmdline[t->cmdline_len] = '\0';
		t->has_cmdline = 1;
		if (m->flags & TASK_DIAG_FLAG_CMDLINE_TRUNC) {
			if (t->cmdline_len != TASK_DIAG_CMDLINE_MAX)
				violation(res, "command line of %u cut at %zu bytes", m->pid,
					  t->cmdline_len);
			t->cmdline_truncated = 1;
		}
	}
	if (!(m->flags & TASK_DIAG_FLAG_CONT)) {
		/*
		 * VMA may be absent (another's maps, a thread that is not the
		 * leader), and IO and NS (another's counters and namespaces).
		 */
		if (!!t->has_base != !!(show & TASK_DIAG_SHOW_BASE) ||
		    !!t->has_cred != !!(show & TASK_DIAG_SHOW_CRED) ||
		    !!t->has_stat != !!(show & TASK_DIAG_SHOW_STAT) ||
		    !!t->has_sched != !!(show & TASK_DIAG_SHOW_SCHED) ||
		    !!t->has_mem != !!(show & TASK_DIAG_SHOW_MEM) ||
		    (t->has_io && !(show & TASK_DIAG_SHOW_IO)) ||
		    !!t->has_status != !!(show & TASK_DIAG_SHOW_STATUS) ||
		    !!t->has_groups != !!(show & TASK_DIAG_SHOW_GROUPS) ||
		    !!t->has_nspid != !!(show & TASK_DIAG_SHOW_NSPID) ||
		    (t->has_ns && !(show & TASK_DIAG_SHOW_NS)) ||
		    !!t->has_cgroup != !!(show & TASK_DIAG_SHOW_CGROUP) ||
		    !!t->has_name != !!(show & TASK_DIAG_SHOW_NAME) ||
		    (t->has_wchan && !(show & TASK_DIAG_SHOW_WCHAN)) ||
		    !!t->has_cmdline != !!(show & TASK_DIAG_SHOW_CMDLINE))
			violation(res, "task %u lacks a group asked for", m->pid);
	}
}

void taskdiag_result_init(struct taskdiag_result *res)
{
	memset(res, 0, sizeof(*res));
}

void taskdiag_result_add(struct taskdiag_result *res, void *buf, size_t n, uint32_t seq,
			 uint64_t show)
{
	struct nlmsghdr *nlh;
	int left = n;

	res->reads++;
	if (res->done || res->error)
		violation(res, "data after the end of the dump");
	for (nlh = buf; NLMSG_OK(nlh, left); nlh = NLMSG_NEXT(nlh, left)) {
		res->messages++;
		res->last_len = nlh->nlmsg_len;
		/* Alignment padding after a message, where the read holds it, is zero. */
		for (uint32_t i = nlh->nlmsg_len; i < NLMSG_ALIGN(nlh->nlmsg_len) && i < (uint32_t)left; i++)
			if (((const unsigned char *)nlh)[i])
				violation(res, "non-zero padding after a message");
		if (nlh->nlmsg_seq != seq)
			violation(res, "sequence %u, not %u", nlh->nlmsg_seq, seq);
		if (nlh->nlmsg_type == NLMSG_DONE) {
			if (nlh->nlmsg_len != NLMSG_HDRLEN + sizeof(int) ||
			    !(nlh->nlmsg_flags & NLM_F_MULTI) || *(int *)NLMSG_DATA(nlh))
				violation(res, "malformed NLMSG_DONE");
			res->done = 1;
		} else if (nlh->nlmsg_type == NLMSG_ERROR) {
			struct nlmsgerr *e = NLMSG_DATA(nlh);
			int whole = nlh->nlmsg_len == NLMSG_HDRLEN + sizeof(*e);

			/* Its error is read only where the message holds it. */
			if (!whole || e->error >= 0)
				violation(res, "malformed NLMSG_ERROR");
			res->error = whole && e->error < 0 ? e->error : -EBADMSG;
		} else if (nlh->nlmsg_type == TASK_DIAG_CMD_GET) {
			if (nlh->nlmsg_flags != NLM_F_MULTI)
				violation(res, "task message flags %#x", nlh->nlmsg_flags);
			if (res->done || res->error)
				violation(res, "task message after the end");
			task_message(res, nlh, show);
		} else {
			violation(res, "message type %#x", nlh->nlmsg_type);
		}
	}
	if (left)
		violation(res, "a read() of %zu bytes ends in %d bytes of a partial message", n, left);
}

void taskdiag_result_end(struct taskdiag_result *res)
{
	if (!res->read_errno && !res->done && !res->error)
		violation(res, "the dump ended without NLMSG_DONE or NLMSG_ERROR");
}

void taskdiag_collect(int fd, size_t bufsize, uint32_t seq, uint64_t show,
		      struct taskdiag_result *res)
{
	char *buf = malloc(bufsize);

	taskdiag_result_init(res);
	if (!buf) {
		res->read_errno = ENOMEM;
		return;
	}
	for (;;) {
		ssize_t n = read(fd, buf, bufsize);

		if (n < 0) {
			res->read_errno = errno;
			break;
		}
		if (n == 0)
			break;
		taskdiag_result_add(res, buf, n, seq, show);
	}
	taskdiag_result_end(res);
	free(buf);
}

/*
 * A sequence number of its own for each answer, so that what is left of an
 * earlier one cannot pass for this one's: random rather than a counter,
 * which would be state shared by every caller; the clock where the kernel
 * has no randomness to give yet.
 */
uint32_t td_new_seq(void)
{
	struct timespec ts;
	uint32_t seq;

	if (getrandom(&seq, sizeof(seq), GRND_NONBLOCK) == sizeof(seq))
		return seq;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint32_t)(ts.tv_sec * 1000000000ULL + ts.tv_nsec);
}

int taskdiag_dump(int fd, uint64_t show, uint64_t strategy, uint32_t pid, size_t bufsize,
		  struct taskdiag_result *res)
{
	uint32_t seq = td_new_seq();
	int err;

	err = taskdiag_request(fd, show, strategy, pid, seq);
	if (err) {
		memset(res, 0, sizeof(*res));
		return err;
	}
	taskdiag_collect(fd, bufsize, seq, show, res);
	return 0;
}

struct taskdiag_task *taskdiag_find(struct taskdiag_result *res, uint32_t pid)
{
	for (size_t i = 0; i < res->n; i++)
		if (res->tasks[i].msg.pid == pid)
			return &res->tasks[i];
	return NULL;
}

void taskdiag_task_free(struct taskdiag_task *t)
{
	free(t->cmdline);
	free(t->groups);
	free(t->nspid);
	free(t->cgroup_path);
	free(t->name);
	free(t->wchan);
	for (size_t j = 0; j < t->nvmas; j++)
		free(t->vmas[j].name);
	free(t->vmas);
	memset(t, 0, sizeof(*t));
}

void taskdiag_result_free(struct taskdiag_result *res)
{
	for (size_t i = 0; i < res->n; i++)
		taskdiag_task_free(&res->tasks[i]);
	free(res->tasks);
	memset(res, 0, sizeof(*res));
}
