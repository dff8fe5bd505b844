// SPDX-License-Identifier: GPL-2.0
/*
 * task_diag_test: procfs as the ground truth: what it shows, read here, and the
 * comparison of an answer with it.
 */
#include "selftest.h"

void die(const char *what)
{
	perror(what);
	exit(2);
}

int open_rdwr(const char *path)
{
	int fd = open(path, O_RDWR);

	if (fd < 0)
		die(path);
	return fd;
}

/* ---- procfs ground truth ---- */

char *read_file(const char *path, size_t *len)
{
	size_t cap = 4096, n = 0;
	char *buf = malloc(cap);
	int fd = open(path, O_RDONLY);
	ssize_t r;

	if (fd < 0) {
		free(buf);
		return NULL;
	}
	while ((r = read(fd, buf + n, cap - n - 1)) > 0) {
		n += r;
		if (cap - n < 2) {
			cap *= 2;
			buf = realloc(buf, cap);
		}
	}
	close(fd);
	if (r < 0) {
		free(buf);
		return NULL;
	}
	buf[n] = 0;
	if (len)
		*len = n;
	return buf;
}

/* A setuid-root copy of this program, for the cells that exec one. */
const char *suid_copy(void)
{
	static const char copy[] = "/tmp/td-suid";
	static int made;
	size_t len;
	char *exe;
	int out;

	if (made)
		return copy;
	exe = read_file(self_exe, &len);
	out = open(copy, O_WRONLY | O_CREAT | O_TRUNC, 0755);
	if (!exe || out < 0 || write(out, exe, len) != (ssize_t)len)
		die("copy");
	free(exe);
	close(out);
	if (chown(copy, 0, 0) || chmod(copy, 04755))
		die("chmod");
	made = 1;
	return copy;
}

/* /proc/PID/stat, status and cmdline, or /proc/TGID/task/TID/... for a thread's own. */
void pstat_read(const char *procdir, int tgid, int pid, int thread, struct pstat *p)
{
	char path[256], *s, *e;
	int has_umask = 0;
	size_t len;

	memset(p, 0, sizeof(*p));
	if (thread)
		snprintf(path, sizeof(path), "%s/%d/task/%d/stat", procdir, tgid, pid);
	else
		snprintf(path, sizeof(path), "%s/%d/stat", procdir, pid);
	s = read_file(path, NULL);
	if (!s)
		return;
	e = strrchr(s, ')');
	if (!e || sscanf(s, "%d", &p->pid) != 1) {
		free(s);
		return;
	}
	snprintf(p->comm, sizeof(p->comm), "%.*s", (int)(e - strchr(s, '(') - 1), strchr(s, '(') + 1);
	{
		char *q = e + 2;

		/* Field 3 is the state letter, every later one a number. */
		for (int i = 4; i < 53 && (q = strchr(q, ' ')); i++)
			p->f[i] = strtoll(++q, NULL, 10);
	}
	if (sscanf(e + 2, "%c %d %d %d %*d %*d %*u %lu %lu %lu %lu %lu %lu %ld %ld %*d %*d %ld",
		   &p->state, &p->ppid, &p->pgid, &p->sid, &p->minflt, &p->cminflt, &p->majflt,
		   &p->cmajflt, &p->utime, &p->stime, &p->cutime, &p->cstime, &p->threads) != 13) {
		free(s);
		return;
	}
	free(s);

	if (thread)
		snprintf(path, sizeof(path), "%s/%d/task/%d/status", procdir, tgid, pid);
	else
		snprintf(path, sizeof(path), "%s/%d/status", procdir, pid);
	s = read_file(path, NULL);
	if (!s)
		return;
	for (char *l = s; l && *l; l = strchr(l, '\n') ? strchr(l, '\n') + 1 : NULL) {
		sscanf(l, "Tgid: %d", &p->tgid);
		sscanf(l, "TracerPid: %d", &p->tpid);
		sscanf(l, "Uid: %u %u %u %u", &p->uid[0], &p->uid[1], &p->uid[2], &p->uid[3]);
		sscanf(l, "Gid: %u %u %u %u", &p->gid[0], &p->gid[1], &p->gid[2], &p->gid[3]);
		sscanf(l, "CapInh: %llx", &p->cap[0]);
		sscanf(l, "CapPrm: %llx", &p->cap[1]);
		sscanf(l, "CapEff: %llx", &p->cap[2]);
		sscanf(l, "CapBnd: %llx", &p->cap[3]);
		sscanf(l, "CapAmb: %llx", &p->capamb);
		sscanf(l, "SigPnd: %llx", &p->sig[0]);
		sscanf(l, "ShdPnd: %llx", &p->sig[1]);
		sscanf(l, "SigBlk: %llx", &p->sig[2]);
		sscanf(l, "SigIgn: %llx", &p->sig[3]);
		sscanf(l, "SigCgt: %llx", &p->sig[4]);
		if (sscanf(l, "Umask: %o", (unsigned int *)&p->umask) == 1)
			has_umask = 1;
		sscanf(l, "NoNewPrivs: %u", &p->nnp);
		sscanf(l, "Seccomp: %u", &p->seccomp);
		sscanf(l, "Seccomp_filters: %u", &p->seccomp_filters);
		if (!strncmp(l, "Groups:", 7)) {
			char *q = l + 7, *end;

			for (;;) {
				unsigned long g = strtoul(q, &end, 10);

				if (end == q || *q == '\n' || p->ngroups == 64)
					break;
				p->groups[p->ngroups++] = g;
				q = end;
			}
		}
		for (int k = 0; k < 4; k++) {
			static const char *const tag[4] = { "NStgid:", "NSpid:", "NSpgid:", "NSsid:" };
			char *q = l + strlen(tag[k]), *end;
			int n = 0;

			if (strncmp(l, tag[k], strlen(tag[k])))
				continue;
			for (;;) {
				unsigned long v = strtoul(q, &end, 10);

				if (end == q || n == 32)
					break;
				p->nsid[k][n++] = v;
				q = end;
			}
			p->nlevels = n;
		}
		sscanf(l, "voluntary_ctxt_switches: %llu", &p->nvcsw);
		sscanf(l, "nonvoluntary_ctxt_switches: %llu", &p->nivcsw);
		for (int i = 0; i < 15; i++) {
			static const char *const vm[15] = {
				"VmPeak:", "VmSize:", "VmLck:", "VmPin:", "VmHWM:", "VmRSS:",
				"RssAnon:", "RssFile:", "RssShmem:", "VmData:", "VmStk:",
				"VmExe:", "VmLib:", "VmPTE:", "VmSwap:",
			};
			size_t n = strlen(vm[i]);

			if (!strncmp(l, vm[i], n))
				p->vm[i] = strtoull(l + n, NULL, 10);
		}
	}
	free(s);

	if (thread)
		snprintf(path, sizeof(path), "%s/%d/task/%d/", procdir, tgid, pid);
	else
		snprintf(path, sizeof(path), "%s/%d/", procdir, pid);
	{
		char file[300];

		snprintf(file, sizeof(file), "%swchan", path);
		s = read_file(file, NULL);
		if (s) {
			p->has_wchan = 1;
			snprintf(p->wchan, sizeof(p->wchan), "%s", s);
			free(s);
		}
		snprintf(file, sizeof(file), "%sstatm", path);
		s = read_file(file, NULL);
		if (!s || sscanf(s, "%llu %llu %llu %llu %llu %llu %llu", &p->statm[0],
				 &p->statm[1], &p->statm[2], &p->statm[3], &p->statm[4],
				 &p->statm[5], &p->statm[6]) != 7) {
			free(s);
			return;
		}
		free(s);
		snprintf(file, sizeof(file), "%sio", path);
		s = read_file(file, NULL);
		p->has_io = s && sscanf(s, "rchar: %llu wchar: %llu syscr: %llu syscw: %llu "
					"read_bytes: %llu write_bytes: %llu "
					"cancelled_write_bytes: %llu", &p->io[0], &p->io[1],
					&p->io[2], &p->io[3], &p->io[4], &p->io[5], &p->io[6]) == 7;
		free(s);
		snprintf(file, sizeof(file), "%soom_score_adj", path);
		s = read_file(file, NULL);
		if (!s || sscanf(s, "%d", &p->oom_score_adj) != 1) {
			free(s);
			return;
		}
		free(s);

		/*
		 * The links of ns/, in struct task_diag_ns's order; a link this
		 * process may not read fails with EACCES (5.10's readlink says 0).
		 */
		static const char *const ns[10] = {
			"cgroup", "ipc", "mnt", "net", "pid", "pid_for_children", "time",
			"time_for_children", "user", "uts",
		};
		p->ns_ok = 1;
		for (int i = 0; i < 10; i++) {
			char link[64] = "";
			ssize_t n;

			snprintf(file, sizeof(file), "%sns/%s", path, ns[i]);
			n = readlink(file, link, sizeof(link) - 1);
			if (n <= 0) {
				if (!n || errno == EACCES)
					p->ns_ok = 0;
				continue;
			}
			p->ns[i] = strtoull(strchr(link, '[') ? strchr(link, '[') + 1 : link, NULL, 10);
		}
		snprintf(file, sizeof(file), "%scgroup", path);
		s = read_file(file, NULL);
		for (char *l = s; l && *l; l = strchr(l, '\n') ? strchr(l, '\n') + 1 : NULL)
			if (!strncmp(l, "0::", 3))
				snprintf(p->cgroup, sizeof(p->cgroup), "%.*s",
					 (int)strcspn(l + 3, "\n"), l + 3);
		free(s);
	}
	if (!has_umask)
		p->umask = -1;

	snprintf(path, sizeof(path), "%s/%d/cmdline", procdir, pid);
	p->cmdline = read_file(path, &len);
	if (!p->cmdline)
		return;
	p->cmdline_len = len;
	p->ok = 1;
}

void pstat_free(struct pstat *p)
{
	free(p->cmdline);
	p->cmdline = NULL;
}

/* The pids procfs lists: processes, or every thread. */
int proc_pids(const char *procdir, int threads, int **out)
{
	int n = 0, cap = 1024, *pids = malloc(cap * sizeof(int));
	struct dirent *de, *te;
	DIR *d = opendir(procdir), *td;
	char path[512];

	if (!d)
		die(procdir);
	while ((de = readdir(d))) {
		if (!isdigit(de->d_name[0]))
			continue;
		if (!threads) {
			pids[n++] = atoi(de->d_name);
		} else {
			snprintf(path, sizeof(path), "%s/%s/task", procdir, de->d_name);
			td = opendir(path);
			while (td && (te = readdir(td)))
				if (isdigit(te->d_name[0]) && n < cap)
					pids[n++] = atoi(te->d_name);
			if (td)
				closedir(td);
		}
		if (n >= cap - 1) {
			cap *= 2;
			pids = realloc(pids, cap * sizeof(int));
		}
	}
	closedir(d);
	*out = pids;
	return n;
}

int has_pid(const int *pids, int n, int pid)
{
	for (int i = 0; i < n; i++)
		if (pids[i] == pid)
			return 1;
	return 0;
}

static int in_range(unsigned long v, unsigned long a, unsigned long b, unsigned long slack)
{
	unsigned long lo = a < b ? a : b, hi = a < b ? b : a;

	return v + slack >= lo && v <= hi + slack;
}

unsigned long long caps64(const struct task_diag_caps *c)
{
	return (unsigned long long)c->cap[1] << 32 | c->cap[0];
}

/*
 * Compare one task's answer with procfs read before (a) and after (b) the
 * dump: identities must equal one of the two, counters lie between them.
 * Returns NULL or what differs.
 */
const char *compare(const struct taskdiag_task *t, const struct pstat *a, const struct pstat *b,
			   uint64_t show, int whole)
{
	static char why[160];
	const struct pstat *s[2] = { a, b };
	int match;

#define EITHER(expr) ({ match = 0; for (int i_ = 0; i_ < 2; i_++) { const struct pstat *p = s[i_]; if (expr) match = 1; } match; })
	if (t->msg.pid != (uint32_t)a->pid || !EITHER(t->msg.tgid == (uint32_t)p->tgid))
		return "msg pid/tgid";
	if (show & TASK_DIAG_SHOW_BASE) {
		const struct task_diag_base *x = &t->base;

		if (x->pid != t->msg.pid || x->tgid != t->msg.tgid)
			return "base pid/tgid";
		if (!EITHER(x->ppid == (uint32_t)p->ppid))
			return "ppid";
		if (!EITHER(x->pgid == (uint32_t)p->pgid))
			return "pgid";
		if (!EITHER(x->sid == (uint32_t)p->sid))
			return "sid";
		if (!EITHER(x->tpid == (uint32_t)p->tpid))
			return "tpid";
		/*
		 * Running is fleeting: a task seen running in any of the three reads
		 * may be anything in the others.  So are the sleeps a task passes
		 * through when it runs between the reads (S, D, I: a kernel thread
		 * waiting on a lock for an instant); stopped, traced and dead are
		 * not, and the fixtures check every state exactly.
		 */
		if (x->state > 8 || !(EITHER(taskdiag_state_char(x->state) == p->state) ||
				      x->state == TASK_DIAG_RUNNING || a->state == 'R' || b->state == 'R' ||
				      (strchr("SDI", taskdiag_state_char(x->state)) && a->state && b->state &&
				       strchr("SDI", a->state) && strchr("SDI", b->state)))) {
			snprintf(why, sizeof(why), "state %u vs %c/%c", x->state, a->state, b->state);
			return why;
		}
		/*
		 * BASE carries the task's comm; procfs's stat appends a workqueue
		 * worker's last work ("kworker/0:1-events", "+" while it runs it) and may show a
		 * kernel thread's full name: the comm is a prefix of what it shows.
		 */
		size_t l = strlen(x->comm);

		if (!EITHER(!strncmp(x->comm, p->comm, l) &&
			    (!p->comm[l] || p->comm[l] == '-' || p->comm[l] == '+' ||
			     l == TASK_DIAG_COMM_LEN - 1))) {
			snprintf(why, sizeof(why), "comm '%s' vs '%s'", x->comm, a->comm);
			return why;
		}
	}
	if (show & TASK_DIAG_SHOW_CRED) {
		const struct task_diag_creds *c = &t->cred;

		if (!EITHER(c->uid == p->uid[0] && c->euid == p->uid[1] && c->suid == p->uid[2] &&
			    c->fsuid == p->uid[3]))
			return "uids";
		if (!EITHER(c->gid == p->gid[0] && c->egid == p->gid[1] && c->sgid == p->gid[2] &&
			    c->fsgid == p->gid[3]))
			return "gids";
		if (!EITHER(caps64(&c->cap_inheritable) == p->cap[0] &&
			    caps64(&c->cap_permitted) == p->cap[1] &&
			    caps64(&c->cap_effective) == p->cap[2] &&
			    caps64(&c->cap_bset) == p->cap[3]))
			return "capabilities";
	}
	if (show & TASK_DIAG_SHOW_STAT) {
		const struct task_diag_stat *x = &t->stat;
		unsigned long ut = x->utime, st = x->stime;	/* clock ticks, as procfs's */
		/* procfs adjusts a process's summed times, task_diag each thread's */
		unsigned long slack = 1 + (whole ? x->threads : 0);

		if (!in_range(x->minflt, a->minflt, b->minflt, 0) ||
		    !in_range(x->majflt, a->majflt, b->majflt, 0))
			return "minflt/majflt";
		if (!in_range(x->cminflt, a->cminflt, b->cminflt, 0) ||
		    !in_range(x->cmajflt, a->cmajflt, b->cmajflt, 0))
			return "cminflt/cmajflt";
		if (!in_range(ut + st, a->utime + a->stime, b->utime + b->stime, slack)) {
			snprintf(why, sizeof(why), "utime+stime %lu vs %lu..%lu", ut + st,
				 a->utime + a->stime, b->utime + b->stime);
			return why;
		}
		/*
		 * A thread's split is adjusted from the same state by both; a
		 * process's by procfs from the process's, by task_diag from its
		 * threads' (README: known differences), so only the sum is shared.
		 */
		if (!whole && (!in_range(ut, a->utime, b->utime, slack) ||
			       !in_range(st, a->stime, b->stime, slack)))
			return "utime/stime";
		if (!in_range(x->cutime, a->cutime, b->cutime, 0) ||
		    !in_range(x->cstime, a->cstime, b->cstime, 0))
			return "cutime/cstime";
		if (!EITHER(x->threads == (uint32_t)p->threads))
			return "threads";
	}
	if (show & TASK_DIAG_SHOW_SCHED) {
		const struct task_diag_sched *x = &t->sched;
		const unsigned long long tick = 1000000000ULL / sysconf(_SC_CLK_TCK);
		unsigned long slack = 1 + (whole ? a->threads : 0);
		/* Seen running, or it ran between the reads (it switched), or this program. */
		int ran = a->state == 'R' || b->state == 'R' || t->msg.tgid == (uint32_t)getpid() ||
			  a->nvcsw != b->nvcsw || a->nivcsw != b->nivcsw;

		if (!t->has_sched)
			return "no SCHED";
		if (!EITHER(x->start_ticks == (unsigned long long)p->f[22]) ||
		    x->start_time / tick != x->start_ticks) {
			snprintf(why, sizeof(why), "start time %llu ns, %llu ticks vs %lld",
				 (unsigned long long)x->start_time,
				 (unsigned long long)x->start_ticks, a->f[22]);
			return why;
		}
		if (!in_range((x->utime + x->stime) / tick, a->f[14] + a->f[15], b->f[14] + b->f[15],
			      slack) ||
		    (!whole && (!in_range(x->utime / tick, a->f[14], b->f[14], slack) ||
				!in_range(x->stime / tick, a->f[15], b->f[15], slack)))) {
			snprintf(why, sizeof(why), "SCHED utime %llu stime %llu ns vs %lld %lld ticks",
				 (unsigned long long)x->utime, (unsigned long long)x->stime,
				 a->f[14], a->f[15]);
			return why;
		}
		if (!in_range(x->cutime / tick, a->f[16], b->f[16], 0) ||
		    !in_range(x->cstime / tick, a->f[17], b->f[17], 0))
			return "SCHED cutime/cstime";
		if (!in_range(x->gtime / tick, a->f[43], b->f[43], slack) ||
		    !in_range(x->cgtime / tick, a->f[44], b->f[44], 0))
			return "guest times";
		if (!in_range(x->nvcsw, a->nvcsw, b->nvcsw, 0) ||
		    !in_range(x->nivcsw, a->nivcsw, b->nivcsw, 0)) {
			snprintf(why, sizeof(why), "context switches %llu %llu vs %llu %llu",
				 (unsigned long long)x->nvcsw, (unsigned long long)x->nivcsw,
				 a->nvcsw, a->nivcsw);
			return why;
		}
		if (!EITHER(x->prio == p->f[18] && x->nice == p->f[19] &&
			    x->rt_priority == p->f[40] && x->policy == p->f[41])) {
			snprintf(why, sizeof(why), "prio %d nice %d rt %u policy %u vs %lld %lld %lld %lld",
				 x->prio, x->nice, x->rt_priority, x->policy, a->f[18], a->f[19],
				 a->f[40], a->f[41]);
			return why;
		}
		if (!EITHER(x->exit_signal == p->f[38]))
			return "exit_signal";
		if (!EITHER(x->tty_nr == p->f[7] && x->tpgid == p->f[8])) {
			snprintf(why, sizeof(why), "tty %u tpgid %d vs %lld %lld", x->tty_nr, x->tpgid,
				 a->f[7], a->f[8]);
			return why;
		}
		if (!EITHER(x->oom_score_adj == p->oom_score_adj))
			return "oom_score_adj";
		/* A task that runs may change CPU, and a running one its transient flags. */
		if (!ran && (!EITHER(x->flags == p->f[9]) || !EITHER(x->processor == p->f[39]))) {
			snprintf(why, sizeof(why), "flags %#x cpu %u vs %#llx %lld", x->flags,
				 x->processor, a->f[9], a->f[39]);
			return why;
		}
	}
	if (show & TASK_DIAG_SHOW_MEM) {
		static const char *const name[15] = {
			"VmPeak", "VmSize", "VmLck", "VmPin", "VmHWM", "VmRSS", "RssAnon", "RssFile",
			"RssShmem", "VmData", "VmStk", "VmExe", "VmLib", "VmPTE", "VmSwap",
		};
		const struct task_diag_mem *x = &t->mem;
		const __u64 *v = (const __u64 *)x;
		/* This program's own memory moves while it reads: 16 MiB, in kB. */
		unsigned long slack = t->msg.tgid == (uint32_t)getpid() ? 16384 : 0;
		const size_t pg = page_size();
		unsigned long long statm[5] = {
			x->vm_size / pg, x->vm_rss / pg, (x->rss_file + x->rss_shmem) / pg,
			x->text / pg, (x->vm_data + x->vm_stk) / pg,
		};
		static const int statm_at[5] = { 0, 1, 2, 3, 5 };

		if (!t->has_mem)
			return "no MEM";
		for (int i = 0; i < 15; i++)
			if (!in_range(v[i] >> 10, a->vm[i], b->vm[i], slack)) {
				snprintf(why, sizeof(why), "%s %llu kB vs %llu..%llu", name[i],
					 (unsigned long long)v[i] >> 10, a->vm[i], b->vm[i]);
				return why;
			}
		for (int i = 0; i < 5; i++)
			if (!in_range(statm[i], a->statm[statm_at[i]], b->statm[statm_at[i]],
				      slack / (pg >> 10))) {
				snprintf(why, sizeof(why), "statm field %d: %llu vs %llu", statm_at[i] + 1,
					 statm[i], a->statm[statm_at[i]]);
				return why;
			}
	}
	if (show & TASK_DIAG_SHOW_IO) {
		const __u64 *v = (const __u64 *)&t->io;

		if (!EITHER(t->has_io == p->has_io)) {
			snprintf(why, sizeof(why), "IO %s where procfs's io file %s", t->has_io ?
				 "given" : "not given", a->has_io ? "reads" : "does not");
			return why;
		}
		for (int i = 0; t->has_io && a->has_io && b->has_io && i < 7; i++)
			if (!in_range(v[i], a->io[i], b->io[i], 0)) {
				snprintf(why, sizeof(why), "io field %d: %llu vs %llu..%llu", i + 1,
					 (unsigned long long)v[i], a->io[i], b->io[i]);
				return why;
			}
	}
	if (show & TASK_DIAG_SHOW_STATUS) {
		const struct task_diag_status *x = &t->status;

		if (!t->has_status)
			return "no STATUS";
		if (!EITHER(caps64(&x->cap_ambient) == p->capamb))
			return "CapAmb";
		if (!EITHER(x->sig_pending == p->sig[0] && x->shd_pending == p->sig[1] &&
			    x->sig_blocked == p->sig[2] && x->sig_ignored == p->sig[3] &&
			    x->sig_caught == p->sig[4])) {
			snprintf(why, sizeof(why), "signals %llx %llx %llx %llx %llx vs %llx %llx %llx %llx %llx",
				 (unsigned long long)x->sig_pending, (unsigned long long)x->shd_pending,
				 (unsigned long long)x->sig_blocked, (unsigned long long)x->sig_ignored,
				 (unsigned long long)x->sig_caught, a->sig[0], a->sig[1], a->sig[2],
				 a->sig[3], a->sig[4]);
			return why;
		}
		if (!EITHER(x->umask == p->umask && x->no_new_privs == p->nnp &&
			    x->seccomp == p->seccomp && x->seccomp_filters == p->seccomp_filters)) {
			snprintf(why, sizeof(why), "umask %o nnp %u seccomp %u/%u vs %o %u %u/%u",
				 x->umask, x->no_new_privs, x->seccomp, x->seccomp_filters, a->umask,
				 a->nnp, a->seccomp, a->seccomp_filters);
			return why;
		}
		if (!EITHER(x->ngroups == (uint32_t)p->ngroups || p->ngroups == 64) ||
		    !EITHER(x->pid_levels == (uint32_t)p->nlevels))
			return "ngroups/pid_levels";
	}
	if (show & TASK_DIAG_SHOW_GROUPS) {
		if (!EITHER(t->ngroups == (size_t)p->ngroups &&
			    !memcmp(t->groups, p->groups, t->ngroups * sizeof(*t->groups))))
			return "supplementary groups";
	}
	if (show & TASK_DIAG_SHOW_NSPID) {
		if (!EITHER((int)t->nnspid == p->nlevels))
			return "NSPID levels";
		for (size_t i = 0; i < t->nnspid; i++)
			if (!EITHER(t->nspid[i].tgid == p->nsid[0][i] && t->nspid[i].pid == p->nsid[1][i] &&
				    t->nspid[i].pgid == p->nsid[2][i] && t->nspid[i].sid == p->nsid[3][i]))
				return "NSpid/NStgid/NSpgid/NSsid";
	}
	if (show & TASK_DIAG_SHOW_NS) {
		const __u64 *v = (const __u64 *)&t->ns;

		if (!EITHER(t->has_ns == p->ns_ok)) {
			snprintf(why, sizeof(why), "NS %s where procfs's ns links %s", t->has_ns ?
				 "given" : "not given", a->ns_ok ? "resolve" : "do not");
			return why;
		}
		for (int i = 0; t->has_ns && i < 10; i++)
			if (!EITHER(v[i] == p->ns[i])) {
				snprintf(why, sizeof(why), "namespace %d: %llu vs %llu", i,
					 (unsigned long long)v[i], a->ns[i]);
				return why;
			}
	}
	if (show & TASK_DIAG_SHOW_CGROUP) {
		/* Before cgroup2 is mounted, /proc/PID/cgroup has no 0:: line. */
		if (!t->has_cgroup || !t->cgroup_path)
			return "no CGROUP";
		if (!EITHER(!p->cgroup[0] || !strcmp(t->cgroup_path, p->cgroup))) {
			snprintf(why, sizeof(why), "cgroup '%.60s' vs '%.60s'", t->cgroup_path, a->cgroup);
			return why;
		}
	}
	if (show & TASK_DIAG_SHOW_NAME) {
		/*
		 * stat's name, whole; a workqueue worker's changes with each work
		 * it takes ("-events", "+" while it runs one): its comm and then
		 * one of those, where it is not what procfs showed either time.
		 */
		size_t l = t->has_base ? strlen(t->base.comm) : 0;

		if (!t->has_name)
			return "no NAME";
		if (!EITHER(!strcmp(t->name, p->comm)) &&
		    !(!strncmp(t->base.comm, "kworker/", 8) && !strncmp(t->name, t->base.comm, l) &&
		      (t->name[l] == '-' || t->name[l] == '+'))) {
			snprintf(why, sizeof(why), "name '%.64s' vs '%.64s'", t->name, a->comm);
			return why;
		}
	}
	if (show & TASK_DIAG_SHOW_WCHAN) {
		if (!EITHER(t->has_wchan == p->has_wchan &&
			    (!t->has_wchan || !strcmp(t->wchan, p->wchan)))) {
			snprintf(why, sizeof(why), "wchan '%.60s' vs '%.60s'",
				 t->has_wchan ? t->wchan : "-", a->has_wchan ? a->wchan : "-");
			return why;
		}
	}
	if (show & TASK_DIAG_SHOW_CMDLINE) {
		if (!EITHER(t->cmdline_len == p->cmdline_len &&
			    !memcmp(t->cmdline, p->cmdline, p->cmdline_len))) {
			snprintf(why, sizeof(why), "cmdline of %zu bytes vs %zu", t->cmdline_len,
				 a->cmdline_len);
			return why;
		}
	}
	return NULL;
#undef EITHER
}

/*
 * Dump @strategy and compare every task with procfs.  The set of tasks must
 * be exactly those procfs lists both before and after (plus any that came
 * or went meanwhile), each once.  Returns the number of tasks compared, or
 * -1 after reporting a mismatch.
 */
int verify_dump(const char *procdir, int fd, uint64_t strategy, uint64_t show,
		       size_t bufsize, const char *label)
{
	int threads = strategy == TASK_DIAG_DUMP_ALL_THREAD;
	int *before, *after, nb, na, bad = 0, fails = 0;
	struct pstat *pa, *pb;
	struct taskdiag_result res;

	nb = proc_pids(procdir, threads, &before);
	pa = calloc(nb, sizeof(*pa));
	for (int i = 0; i < nb; i++) {
		int tgid = before[i];

		if (threads) {
			pstat_read(procdir, before[i], before[i], 0, &pa[i]);
			tgid = pa[i].tgid;
			pstat_free(&pa[i]);
		}
		pstat_read(procdir, tgid, before[i], threads, &pa[i]);
	}
	if (taskdiag_dump(fd, show, strategy, 0, bufsize, &res) || res.violation[0] || !res.done) {
		check(0, "%s: dump is well-formed (%s)", label, res.violation);
		return -1;
	}
	na = proc_pids(procdir, threads, &after);
	pb = calloc(na, sizeof(*pb));
	for (int i = 0; i < na; i++) {
		struct taskdiag_task *t = taskdiag_find(&res, after[i]);
		int j;

		for (j = 0; j < nb && before[j] != after[i]; j++)
			;
		if (j == nb)
			continue;	/* came meanwhile: nothing to compare */
		if (!t) {
			if (pa[j].ok && fails++ < 5)
				diag("%s: pid %d missing", label, after[i]);
			bad++;
			continue;
		}
		pstat_read(procdir, t->msg.tgid, after[i], threads, &pb[i]);
		if (pa[j].ok && pb[i].ok) {
			const char *why = compare(t, &pa[j], &pb[i], show, !threads);

			if (why) {
				if (fails++ < 5)
					diag("%s: pid %d (%s): %s", label, after[i], pa[j].comm, why);
				bad++;
			}
		}
		pstat_free(&pb[i]);
	}
	for (size_t k = 0; k < res.n; k++) {
		uint32_t pid = res.tasks[k].msg.pid;

		if (taskdiag_find(&res, pid) != &res.tasks[k]) {
			diag("%s: pid %u twice", label, pid);
			bad++;
		}
		if (!has_pid(before, nb, pid) && !has_pid(after, na, pid)) {
			diag("%s: pid %u unknown to procfs", label, pid);
			bad++;
		}
	}
	check(!bad, "%s: %zu tasks, every one equal to procfs (%d reads, buffer %zu)", label,
	      res.n, res.reads, bufsize);
	for (int i = 0; i < nb; i++)
		pstat_free(&pa[i]);
	free(pa);
	free(pb);
	free(before);
	free(after);
	bad = bad ? -1 : (int)res.n;
	taskdiag_result_free(&res);
	return bad;
}
