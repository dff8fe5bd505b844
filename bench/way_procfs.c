// SPDX-License-Identifier: GPL-2.0
/* td_bench: the procfs ways: /proc/PID/stat, status, cmdline, maps, smaps, task/TID/stat. */
#include "bench.h"

/*
 * What slurp() read: a buffer of its own, grown to the largest file (an
 * smaps of thousands of mappings is megabytes), not the read buffer of the
 * task_diag way, whose size a method sets.
 */
static char *text;
static size_t text_size;

/* Read all of @path into text; returns its length, or -1. */
static ssize_t slurp(const char *path, struct set *s)
{
	ssize_t n, len = 0;
	int fd = open(path, O_RDONLY);

	if (fd < 0)
		return -1;
	for (;;) {
		if (text_size - len < 4096) {
			text_size = text_size ? 2 * text_size : 1 << 20;
			text = realloc(text, text_size);
			if (!text)
				die("realloc");
		}
		n = read(fd, text + len, text_size - 1 - len);
		if (n <= 0)
			break;
		len += n;
	}
	close(fd);
	text[len] = 0;
	s->bytes += len;
	return len;
}

/* "pid (comm) S ppid pgrp session ...", as /proc/PID/stat and .../task/TID/stat have it. */
static void parse_stat(struct row *r, uint32_t tgid)
{
	char *open_p = strchr(text, '('), *close_p = strrchr(text, ')');
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
void for_each_pid(const char *dir, struct set *s,
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
void proc_stat(struct set *s)
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
void proc_thread_stat(struct set *s)
{
	for_each_pid("/proc", s, threads_one, NULL);
}

static const char *field(const char *in, const char *name)
{
	const char *p = strstr(in, name);

	return p ? p + strlen(name) : NULL;
}

/* The ids, names and credentials /proc/PID/status gives. */
static void parse_status(struct row *r)
{
	static const char *const caps[4] = {	/* in struct row's order */
		"\nCapInh:\t", "\nCapPrm:\t", "\nCapEff:\t", "\nCapBnd:\t",
	};
	const char *p;
	char state[2];
	size_t len;

	p = field(text, "Name:\t");
	if (p) {
		len = strcspn(p, "\n");
		if (len > TASK_DIAG_COMM_LEN - 1)
			len = TASK_DIAG_COMM_LEN - 1;
		memcpy(r->comm, p, len);
	}
	p = field(text, "\nState:\t");
	if (p && sscanf(p, "%1s", state) == 1)
		r->state = state[0];
	p = field(text, "\nTgid:\t");
	if (p)
		r->tgid = strtoul(p, NULL, 10);
	p = field(text, "\nPPid:\t");
	if (p)
		r->ppid = strtoul(p, NULL, 10);
	p = field(text, "\nUid:\t");
	if (p)
		sscanf(p, "%u %u %u %u", &r->uid[0], &r->uid[1], &r->uid[2], &r->uid[3]);
	p = field(text, "\nGid:\t");
	if (p)
		sscanf(p, "%u %u %u %u", &r->gid[0], &r->gid[1], &r->gid[2], &r->gid[3]);
	for (int i = 0; i < 4; i++) {
		p = field(text, caps[i]);
		if (p)
			r->cap[i] = strtoull(p, NULL, 16);
	}
}

uint32_t checksum(const char *p, size_t len, uint32_t sum)
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
		r->cmdline_sum = checksum(text, len, 0);
	}
}

void proc_status(struct set *s)
{
	for_each_pid("/proc", s, status_one, &(int){ 0 });
}

void proc_status_cmdline(struct set *s)
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
	/*
	 * Line by line with strtoull(): sscanf() takes the length of all the
	 * text after its start, which makes a file of thousands of mappings
	 * quadratic to parse.
	 */
	for (line = text; *line; line = strchr(line, '\n') + 1) {
		unsigned long long start, end;
		char *e;

		/* A mapping's line; smaps's "Field:" lines never read as a range. */
		start = strtoull(line, &e, 16);
		if (e != line && *e == '-') {
			end = strtoull(e + 1, NULL, 16);
			r->nvma++;
			r->vma_sum += start * 31 + end;
		} else if (!strncmp(line, "Rss:", 4)) {
			r->rss_kb += strtoull(line + 4, NULL, 10);
		} else if (!strncmp(line, "Pss:", 4)) {
			r->pss_kb += strtoull(line + 4, NULL, 10);
		}
		if (!strchr(line, '\n'))
			break;
	}
}

void proc_maps(struct set *s)
{
	for_each_pid("/proc", s, maps_one, "maps");
}

void proc_smaps(struct set *s)
{
	for_each_pid("/proc", s, maps_one, "smaps");
}
