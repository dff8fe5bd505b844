// SPDX-License-Identifier: GPL-2.0
/*
 * task_diag_test: the library's two backends side by side.  One handle on
 * the module (TASKDIAG_OPEN_MODULE), one on procfs (TASKDIAG_OPEN_PROCFS),
 * the same query to both, every strategy: the same tasks in the same order,
 * and on quiet fixtures every field equal through the public accessors, but
 * where procfs prints less than the module gives (lib/backend.h):
 * SCHED's times and start_time within their ticks, Pss at kB, no VMA
 * generation.  Times and counters of processes that run are not compared.
 * Then an unprivileged opener: the same groups absent in both.
 */
#include "selftest.h"

/* Fixtures: sleeping, stopped or dead, nothing of theirs moves. */
static pid_t quiet[64];
static int nquiet;
static pid_t tree, kids[3], kid_tids[3][3];

/* Fixtures forked from this program without exec: the tree (make_tree()), uid 1000's. */
static pid_t forked[8];
static int nforked;

static int is_forked(pid_t tgid)
{
	for (int i = 0; i < nforked; i++)
		if (forked[i] == tgid)
			return 1;
	return 0;
}

static uint64_t tick(void)
{
	return 1000000000ULL / sysconf(_SC_CLK_TCK);
}

static int near(uint64_t a, uint64_t b, uint64_t slack)
{
	return a <= b + slack && b <= a + slack;
}

/* The groups an opener may be refused: IO, NS, VMA (bits 0, 1, 2) that a task came with. */
static int refusable(const struct taskdiag_task *t)
{
	struct task_diag_io io;
	struct task_diag_ns ns;

	return (taskdiag_task_io(t, &io) == 0) | (taskdiag_task_ns(t, &ns) == 0) << 1 |
	       (taskdiag_task_vma(t, 0, NULL, 0, NULL, 0, NULL) != -ENODATA) << 2;
}

#define DIFF(...) do { snprintf(why, sizeof(why), __VA_ARGS__); return why; } while (0)

/* The first 4 bytes where @group's structs @a and @b differ, by offset; NULL if none. */
static const char *memdiff(const char *group, const void *a, const void *b, size_t size)
{
	static char why[100];
	const uint32_t *x = a, *y = b;

	for (size_t i = 0; i < size / 4; i++)
		if (x[i] != y[i])
			DIFF("%s at byte %zu: %u (%#x) vs %u (%#x)", group, i * 4, x[i], x[i], y[i],
			     y[i]);
	return NULL;
}

/*
 * The maps of @m and @p: every record, but the generation procfs does not
 * print.  @forked: a fork of this program, whose pages it shares
 * copy-on-write until either writes them; as this program runs, their
 * sharing (Pss, shared and private pages) moves, and so does Referenced:
 * a page flag of the shared page, which this program's own accesses and
 * the LRU's ageing set and clear (5.10 cleared one of a fork's [stack]
 * pages between the two reads).
 */
static const char *differ_maps(const struct taskdiag_task *m, const struct taskdiag_task *p,
			       int forked)
{
	static char why[200];
	size_t n = taskdiag_task_vma_count(m);
	const char *w;

	if (n != taskdiag_task_vma_count(p))
		DIFF("%zu mappings vs %zu", n, taskdiag_task_vma_count(p));
	for (size_t i = 0; i < n; i++) {
		struct task_diag_vma a, b;
		struct task_diag_vma_stat sa, sb;
		const char *na, *nb;
		int ra = taskdiag_task_vma(m, i, &a, sizeof(a), &sa, sizeof(sa), &na);
		int rb = taskdiag_task_vma(p, i, &b, sizeof(b), &sb, sizeof(sb), &nb);

		a.generation = b.generation;
		if (ra != rb || !na != !nb || (na && strcmp(na, nb)))
			DIFF("mapping %zu at %llx: '%s' vs '%s'", i, (unsigned long long)a.start,
			     na ? na : "", nb ? nb : "");
		w = memdiff("mapping", &a, &b, sizeof(a));
		if (w)
			DIFF("%s (%zu, '%s')", w, i, na ? na : "");
		if (ra)
			continue;
		/* smaps prints Pss in kB */
		if (!forked &&
		    (sa.pss >> TASK_DIAG_PSS_SHIFT) >> 10 != (sb.pss >> TASK_DIAG_PSS_SHIFT) >> 10)
			DIFF("mapping %zu (%s): Pss %llu vs %llu kB", i, na ? na : "",
			     (unsigned long long)(sa.pss >> TASK_DIAG_PSS_SHIFT) >> 10,
			     (unsigned long long)(sb.pss >> TASK_DIAG_PSS_SHIFT) >> 10);
		sa.pss = sb.pss;
		if (forked) {
			sa.shared_clean = sb.shared_clean;
			sa.shared_dirty = sb.shared_dirty;
			sa.private_clean = sb.private_clean;
			sa.private_dirty = sb.private_dirty;
			sa.referenced = sb.referenced;
		}
		w = memdiff("VMA_STAT", &sa, &sb, sizeof(sa));
		if (w)
			DIFF("%s (mapping %zu, '%s')", w, i, na ? na : "");
	}
	return NULL;
}

/*
 * What differs between the module's @m and procfs's @p, NULL if nothing.
 * @full: a quiet fixture, every field; otherwise what no sleeping or
 * running task changes (identity, credentials, command line, pid
 * namespaces, cgroup, which groups it comes with).  @whole: a process.
 */
static const char *differ(const struct taskdiag_task *m, const struct taskdiag_task *p, int whole,
			  int full)
{
	static char why[300];
	struct task_diag_base ba, bb;
	struct task_diag_creds ca, cb;
	struct task_diag_stat sa, sb;
	struct task_diag_sched xa, xb;
	struct task_diag_mem ma, mb;
	struct task_diag_io ia, ib;
	struct task_diag_status ta, tb;
	struct task_diag_ns na, nb;
	const char *la, *lb, *w;
	size_t lena, lenb;
	uint64_t ida, idb;
	const uint32_t *ga, *gb;
	int r;

	if (taskdiag_task_pid(m) != taskdiag_task_pid(p) ||
	    taskdiag_task_tgid(m) != taskdiag_task_tgid(p) ||
	    taskdiag_task_flags(m) != taskdiag_task_flags(p))
		DIFF("pid/tgid/flags %d/%d/%#x vs %d/%d/%#x", taskdiag_task_pid(m),
		     taskdiag_task_tgid(m), taskdiag_task_flags(m), taskdiag_task_pid(p),
		     taskdiag_task_tgid(p), taskdiag_task_flags(p));
	if (refusable(m) != refusable(p))
		DIFF("IO/NS/VMA given %#x vs %#x", refusable(m), refusable(p));
	r = taskdiag_task_base(m, &ba);
	if (r != taskdiag_task_base(p, &bb))
		DIFF("BASE %d", r);
	if (!r) {
		if (!full)
			ba.state = bb.state;	/* a running task's moves */
		if (memcmp(&ba, &bb, sizeof(ba)))
			DIFF("BASE %u %u %u %u %u %u %c '%s' vs %u %u %u %u %u %u %c '%s'",
			     ba.pid, ba.tgid, ba.ppid, ba.tpid, ba.sid, ba.pgid,
			     taskdiag_state_char(ba.state), ba.comm, bb.pid, bb.tgid, bb.ppid,
			     bb.tpid, bb.sid, bb.pgid, taskdiag_state_char(bb.state), bb.comm);
	}
	r = taskdiag_task_cred(m, &ca);
	if (r != taskdiag_task_cred(p, &cb) || (!r && memcmp(&ca, &cb, sizeof(ca))))
		DIFF("CRED uid %u gid %u eff %#llx vs uid %u gid %u eff %#llx", ca.uid, ca.gid,
		     caps64(&ca.cap_effective), cb.uid, cb.gid, caps64(&cb.cap_effective));
	la = taskdiag_task_cmdline(m, &lena);
	lb = taskdiag_task_cmdline(p, &lenb);
	if (!la != !lb || lena != lenb || (la && memcmp(la, lb, lena)))
		DIFF("cmdline of %zu bytes '%.40s' vs %zu '%.40s'", lena, la ? la : "", lenb,
		     lb ? lb : "");
	if (taskdiag_task_nspid_count(m) != taskdiag_task_nspid_count(p))
		DIFF("NSPID of %zu vs %zu", taskdiag_task_nspid_count(m),
		     taskdiag_task_nspid_count(p));
	for (size_t i = 0; i < taskdiag_task_nspid_count(m); i++) {
		struct task_diag_nspid a, b;

		taskdiag_task_nspid(m, i, &a, sizeof(a));
		taskdiag_task_nspid(p, i, &b, sizeof(b));
		if (memcmp(&a, &b, sizeof(a)))
			DIFF("NSPID %zu: %u %u %u %u vs %u %u %u %u", i, a.tgid, a.pid, a.pgid,
			     a.sid, b.tgid, b.pid, b.pgid, b.sid);
	}
	la = taskdiag_task_cgroup(m, &ida);
	lb = taskdiag_task_cgroup(p, &idb);
	if (!la != !lb || (la && strcmp(la, lb)) || ida != idb)
		DIFF("cgroup '%s' %llu vs '%s' %llu", la ? la : "-", (unsigned long long)ida,
		     lb ? lb : "-", (unsigned long long)idb);
	ga = taskdiag_task_groups(m, &lena);
	gb = taskdiag_task_groups(p, &lenb);
	if (!ga != !gb || lena != lenb || (lena && memcmp(ga, gb, lena * sizeof(*ga))))
		DIFF("%zu supplementary groups vs %zu", lena, lenb);
	if (!full)
		return NULL;

	r = taskdiag_task_stat(m, &sa);
	if (r != taskdiag_task_stat(p, &sb))
		DIFF("STAT %d", r);
	if (!r) {
		/* A process's utime + stime within a tick a thread; split alike for a thread. */
		uint64_t slack = 1 + (whole ? sa.threads : 0);

		if (!near(sa.utime + sa.stime, sb.utime + sb.stime, slack) ||
		    (!whole && (!near(sa.utime, sb.utime, 1) || !near(sa.stime, sb.stime, 1))))
			DIFF("STAT utime %llu stime %llu vs %llu %llu ticks",
			     (unsigned long long)sa.utime, (unsigned long long)sa.stime,
			     (unsigned long long)sb.utime, (unsigned long long)sb.stime);
		sa.utime = sb.utime;
		sa.stime = sb.stime;
		w = memdiff("STAT", &sa, &sb, sizeof(sa));
		if (w)
			return w;
	}
	r = taskdiag_task_sched(m, &xa);
	if (r != taskdiag_task_sched(p, &xb))
		DIFF("SCHED %d", r);
	if (!r) {
		/*
		 * procfs has ticks, each time rounded down: the module's ns at most
		 * a tick above each, two above utime + stime (the same runtime in
		 * both; a process's split differs, lib/backend.h).
		 */
		uint64_t t = tick();

		if (xa.start_ticks != xb.start_ticks || !near(xa.start_time, xb.start_time, t) ||
		    !near(xa.utime + xa.stime, xb.utime + xb.stime, 2 * t) ||
		    (!whole && (!near(xa.utime, xb.utime, t) || !near(xa.stime, xb.stime, t))) ||
		    !near(xa.cutime, xb.cutime, t) || !near(xa.cstime, xb.cstime, t) ||
		    !near(xa.gtime, xb.gtime, t) || !near(xa.cgtime, xb.cgtime, t))
			DIFF("SCHED start %llu ns utime %llu stime %llu vs %llu %llu %llu",
			     (unsigned long long)xa.start_time, (unsigned long long)xa.utime,
			     (unsigned long long)xa.stime, (unsigned long long)xb.start_time,
			     (unsigned long long)xb.utime, (unsigned long long)xb.stime);
		xa.start_time = xb.start_time;
		xa.utime = xb.utime;
		xa.stime = xb.stime;
		xa.cutime = xb.cutime;
		xa.cstime = xb.cstime;
		xa.gtime = xb.gtime;
		xa.cgtime = xb.cgtime;
		w = memdiff("SCHED", &xa, &xb, sizeof(xa));
		if (w)
			return w;
	}
	r = taskdiag_task_mem(m, &ma);
	if (r != taskdiag_task_mem(p, &mb))
		DIFF("MEM %d", r);
	w = r ? NULL : memdiff("MEM", &ma, &mb, sizeof(ma));
	if (w)
		return w;
	r = taskdiag_task_io(m, &ia);
	if (r != taskdiag_task_io(p, &ib))
		DIFF("IO %d", r);
	w = r ? NULL : memdiff("IO", &ia, &ib, sizeof(ia));
	if (w)
		return w;
	r = taskdiag_task_status(m, &ta);
	if (r != taskdiag_task_status(p, &tb))
		DIFF("STATUS %d", r);
	w = r ? NULL : memdiff("STATUS", &ta, &tb, sizeof(ta));
	if (w)
		return w;
	r = taskdiag_task_ns(m, &na);
	if (r != taskdiag_task_ns(p, &nb))
		DIFF("NS %d", r);
	w = r ? NULL : memdiff("NS", &na, &nb, sizeof(na));
	if (w)
		return w;
	w = differ_maps(m, p, is_forked(taskdiag_task_tgid(m)));
	return w;
}

/* What the two answers to one query had: tasks, fixtures compared, the groups they came with. */
struct outcome {
	int	tasks, compared, fixtures, bad;
	int	mod_has[64], pfs_has[64];	/* refusable(), per quiet[] entry; -1 not seen */
};

static int quiet_index(pid_t pid)
{
	for (int i = 0; i < nquiet; i++)
		if (quiet[i] == pid)
			return i;
	return -1;
}

/*
 * One query of both handles, the answers walked side by side: both in
 * ascending order, the same pids but for those that came or went
 * meanwhile (absent from procfs's listing before or after), ending alike.
 */
static void both(struct taskdiag *mod, struct taskdiag *pfs, const char *procdir, uint64_t show,
		 unsigned int strategy, pid_t pid, const char *label, struct outcome *o)
{
	int threads = strategy == TASK_DIAG_DUMP_ALL_THREAD || strategy == TASK_DIAG_DUMP_THREAD;
	int whole = !threads, rm, rp, qm, qp, *before, *after, nb, na, nlone = 0, bad = 0;
	pid_t lone[256], lastm = 0, lastp = 0, self = getpid();
	const struct taskdiag_task *a, *b;

	memset(o, 0, sizeof(*o));
	for (int i = 0; i < 64; i++)
		o->mod_has[i] = o->pfs_has[i] = -1;
	nb = proc_pids(procdir, threads, &before);
	qm = taskdiag_query(mod, show, strategy, pid);
	qp = taskdiag_query(pfs, show, strategy, pid);
	if (qm || qp) {
		check(qm == qp, "%s: both backends refuse the query alike (%d, %d)", label, qm, qp);
		free(before);
		o->bad = qm != qp;
		return;
	}
	rm = taskdiag_next(mod, &a);
	rp = taskdiag_next(pfs, &b);
	while (rm > 0 || rp > 0) {
		pid_t pm = rm > 0 ? taskdiag_task_pid(a) : 0;
		pid_t pp = rp > 0 ? taskdiag_task_pid(b) : 0;

		if ((rm > 0 && pm <= lastm) || (rp > 0 && pp <= lastp)) {
			diag("%s: out of order: module %d after %d, procfs %d after %d", label, pm,
			     lastm, pp, lastp);
			bad++;
		}
		if (rm > 0)
			lastm = pm;
		if (rp > 0)
			lastp = pp;
		if (rm > 0 && rp > 0 && pm == pp) {
			int q = quiet_index(pm);
			const char *w = pm == self ? NULL : differ(a, b, whole, q >= 0);

			o->tasks++;
			if (q >= 0) {
				o->compared++;
				o->mod_has[q] = refusable(a);
				o->pfs_has[q] = refusable(b);
			}
			if (w) {
				if (bad < 5)
					diag("%s: pid %d%s: %s", label, pm,
					     q >= 0 ? " (fixture)" : "", w);
				bad++;
			}
			rm = taskdiag_next(mod, &a);
			rp = taskdiag_next(pfs, &b);
		} else if (rp <= 0 || (rm > 0 && pm < pp)) {
			if (nlone < 256)
				lone[nlone++] = pm;
			diag("%s: pid %d from the module only", label, pm);
			rm = taskdiag_next(mod, &a);
		} else {
			if (nlone < 256)
				lone[nlone++] = pp;
			diag("%s: pid %d from procfs only", label, pp);
			rp = taskdiag_next(pfs, &b);
		}
	}
	if (rm != rp) {
		diag("%s: the answers end with %d (module) and %d (procfs)", label, rm, rp);
		bad++;
	}
	na = proc_pids(procdir, threads, &after);
	/* In one answer only, yet there throughout? */
	for (int i = 0; i < nlone; i++)
		if (quiet_index(lone[i]) >= 0 ||
		    (has_pid(before, nb, lone[i]) && has_pid(after, na, lone[i])))
			bad++;
	for (int i = 0; i < nquiet; i++)
		o->fixtures += o->mod_has[i] >= 0;
	o->bad = bad;
	free(before);
	free(after);
	check(!bad && (rm == 0 || rm == -ESRCH),
	      "%s: both backends agree on %d tasks (%d fixtures field by field), end %d", label,
	      o->tasks, o->compared, rm);
}

static pid_t sleeper(const char *name, const char *mode)
{
	return spawn_self((char *[]){ (char *)name, (char *)mode, NULL });
}

static void add_quiet(pid_t pid)
{
	if (pid > 0 && nquiet < 64)
		quiet[nquiet++] = pid;
}

/* The tids of @pid's threads, ascending, into @tids (at most @max): how many. */
static int tids_of(pid_t pid, pid_t *tids, int max)
{
	char path[64];
	struct dirent *de;
	DIR *d;
	int n = 0;

	snprintf(path, sizeof(path), "/proc/%d/task", pid);
	d = opendir(path);
	while (d && (de = readdir(d)))
		if (isdigit(de->d_name[0]) && n < max)
			tids[n++] = atoi(de->d_name);
	if (d)
		closedir(d);
	for (int i = 1; i < n; i++)
		for (int j = i; j > 0 && tids[j - 1] > tids[j]; j--) {
			pid_t t = tids[j];

			tids[j] = tids[j - 1];
			tids[j - 1] = t;
		}
	return n;
}

/* Every strategy, as root, with everything both backends give. */
static void root_backends(struct taskdiag *mod, struct taskdiag *pfs, uint64_t show)
{
	struct outcome o;
	char label[128];

	both(mod, pfs, "/proc", show, TASK_DIAG_DUMP_ALL, 0, "backends: ALL", &o);
	check(o.compared == o.fixtures && o.compared >= 8,
	      "backends: ALL: every process fixture compared (%d)", o.compared);
	both(mod, pfs, "/proc", show & ~TASK_DIAG_SHOW_VMA_STAT, TASK_DIAG_DUMP_ALL, 0,
	     "backends: ALL with VMA, no VMA_STAT", &o);
	both(mod, pfs, "/proc", show, TASK_DIAG_DUMP_ALL_THREAD, 0, "backends: ALL_THREAD", &o);
	check(o.compared >= 8 + 6, "backends: ALL_THREAD: the fixtures' threads compared (%d)",
	      o.compared);
	for (int i = 0; i < nquiet; i++) {
		snprintf(label, sizeof(label), "backends: ONE of fixture %d", quiet[i]);
		both(mod, pfs, "/proc", show, TASK_DIAG_DUMP_ONE, quiet[i], label, &o);
		if (o.compared != 1)
			check(0, "%s: compared", label);
	}
	both(mod, pfs, "/proc", show, TASK_DIAG_DUMP_ONE, kid_tids[1][2],
	     "backends: ONE of a thread that is not its leader (the whole process)", &o);
	both(mod, pfs, "/proc", show, TASK_DIAG_DUMP_CHILDREN, tree, "backends: CHILDREN", &o);
	check(o.tasks == 3 && o.compared == 3, "backends: CHILDREN: the three children (%d)",
	      o.tasks);
	both(mod, pfs, "/proc", show, TASK_DIAG_DUMP_THREAD, kid_tids[0][1], "backends: THREAD",
	     &o);
	check(o.tasks == 3 && o.compared == 3, "backends: THREAD: the three threads (%d)",
	      o.tasks);
	both(mod, pfs, "/proc", TASK_DIAG_SHOW_BASE, TASK_DIAG_DUMP_ONE, 999999999,
	     "backends: ONE of no such pid: -ESRCH from the first next", &o);
	both(mod, pfs, "/proc", TASK_DIAG_SHOW_BASE, TASK_DIAG_DUMP_CHILDREN, 999999999,
	     "backends: CHILDREN of no such pid", &o);
	both(mod, pfs, "/proc", TASK_DIAG_SHOW_VMA_STAT, TASK_DIAG_DUMP_ALL, 0,
	     "backends: VMA_STAT without VMA, refused by both", &o);
	both(mod, pfs, "/proc", TASK_DIAG_SHOW_BASE, TASK_DIAG_DUMP_THREAD, 0,
	     "backends: THREAD of pid 0, refused by both", &o);
}

static uint64_t unpriv_show;

/*
 * uid 1000: its own process (IO, NS and maps given), its own undumpable
 * one and root's (refused): the same in both backends, through a plain
 * procfs, hidepid=1 and hidepid=2.
 */
static void unpriv_backends(void)
{
	static const char *const dirs[3] = { "/proc", "/tmp/proc-noaccess", "/tmp/proc-hide" };
	struct taskdiag *mod, *pfs;
	pid_t own, undumpable;
	struct outcome o;
	char label[128];
	const int qo = 0, qu = 1, qt = 2;	/* own, undumpable, root's */
	/* IO where the kernel counts it (the debug kernel has no io file) */
	const int own_has = 6 | !access("/proc/self/io", F_OK);

	become_user(0);
	own = fork();
	if (own == 0) {
		prctl(PR_SET_DUMPABLE, 1);	/* which its change of uids took away */
		ready();
		for (;;)
			pause();
	}
	undumpable = fork();
	if (undumpable == 0) {
		prctl(PR_SET_DUMPABLE, 0);
		ready();
		for (;;)
			pause();
	}
	wait_ready(2);
	forked[nforked++] = own;
	forked[nforked++] = undumpable;
	nquiet = 0;
	add_quiet(own);
	add_quiet(undumpable);
	add_quiet(tree);
	add_quiet(kids[0]);
	for (int d = 0; d < 3; d++) {
		if (taskdiag_open(&mod, dirs[d], TASKDIAG_OPEN_MODULE) ||
		    taskdiag_open(&pfs, dirs[d], TASKDIAG_OPEN_PROCFS)) {
			check(0, "uid %d: both backends open through %s", UNPRIV, dirs[d]);
			continue;
		}
		snprintf(label, sizeof(label), "uid %d through %s: ALL", UNPRIV, dirs[d]);
		both(mod, pfs, dirs[d], unpriv_show, TASK_DIAG_DUMP_ALL, 0, label, &o);
		check(o.mod_has[qo] == own_has && o.pfs_has[qo] == own_has,
		      "uid %d through %s: its own process with %sNS and VMA in both (%d, %d)",
		      UNPRIV, dirs[d], own_has & 1 ? "IO, " : "", o.mod_has[qo], o.pfs_has[qo]);
		/* hidepid= hides what the ptrace check refuses: an undumpable process too */
		check(o.mod_has[qu] == (d ? -1 : 0) && o.pfs_has[qu] == (d ? -1 : 0),
		      "uid %d through %s: its undumpable one %s in both (%d, %d)", UNPRIV, dirs[d],
		      d ? "hidden" : "without IO, NS and VMA", o.mod_has[qu], o.pfs_has[qu]);
		if (d == 0)
			check(o.mod_has[qt] == 0 && o.pfs_has[qt] == 0,
			      "uid %d: root's process without IO, NS and VMA in both (%d, %d)",
			      UNPRIV, o.mod_has[qt], o.pfs_has[qt]);
		else
			check(o.mod_has[qt] == -1 && o.pfs_has[qt] == -1,
			      "uid %d through %s: root's process hidden by both", UNPRIV, dirs[d]);
		snprintf(label, sizeof(label), "uid %d through %s: ALL_THREAD", UNPRIV, dirs[d]);
		both(mod, pfs, dirs[d], unpriv_show, TASK_DIAG_DUMP_ALL_THREAD, 0, label, &o);
		snprintf(label, sizeof(label), "uid %d through %s: ONE of root's process", UNPRIV,
			 dirs[d]);
		both(mod, pfs, dirs[d], unpriv_show, TASK_DIAG_DUMP_ONE, tree, label, &o);
		snprintf(label, sizeof(label), "uid %d through %s: CHILDREN of root's process",
			 UNPRIV, dirs[d]);
		both(mod, pfs, dirs[d], unpriv_show, TASK_DIAG_DUMP_CHILDREN, tree, label, &o);
		taskdiag_close(mod);
		taskdiag_close(pfs);
	}
	kill(own, SIGKILL);
	kill(undumpable, SIGKILL);
	waitpid(own, NULL, 0);
	waitpid(undumpable, NULL, 0);
}

void test_backends(void)
{
	struct taskdiag *mod, *pfs;
	pid_t stopped, niced, zombie, seccomp, maps, newns, cmd;
	uint64_t show;
	int n;

	if (taskdiag_open(&mod, NULL, TASKDIAG_OPEN_MODULE) ||
	    taskdiag_open(&pfs, NULL, TASKDIAG_OPEN_PROCFS)) {
		check(0, "backends: both open");
		return;
	}
	check(taskdiag_backend(mod) == TASKDIAG_BACKEND_MODULE &&
	      taskdiag_backend(pfs) == TASKDIAG_BACKEND_PROCFS,
	      "backends: one handle on each backend");
	show = taskdiag_supported(mod) & taskdiag_supported(pfs);
	diag("backends: groups both give: %#llx", (unsigned long long)show);

	tree = make_tree(kids);
	forked[nforked++] = tree;
	for (int i = 0; i < 3; i++)
		forked[nforked++] = kids[i];
	for (int i = 0; i < 3; i++) {
		n = tids_of(kids[i], kid_tids[i], 3);
		if (n != 3)
			die("tree threads");
	}
	stopped = sleeper("td-be-stopped", "--sleep");
	kill(stopped, SIGSTOP);
	wait_state(stopped, 'T');
	niced = sleeper("td-be-niced", "--sleep");
	setpriority(PRIO_PROCESS, niced, 7);
	seccomp = sleeper("td-be-seccomp", "--seccomp");
	maps = sleeper("td-be-maps", "--maps");
	newns = sleeper("td-be-newns", "--newns");
	cmd = spawn_self((char *[]){ "td-be-args", "--sleep", "with spaces", "", "x", NULL });
	zombie = fork();
	if (zombie == 0)
		_exit(0);
	wait_state(zombie, 'Z');
	nquiet = 0;
	add_quiet(tree);
	for (int i = 0; i < 3; i++)
		add_quiet(kids[i]);
	add_quiet(stopped);
	add_quiet(niced);
	add_quiet(seccomp);
	add_quiet(maps);
	add_quiet(newns);
	add_quiet(cmd);
	add_quiet(zombie);
	for (int i = 0; i < 3; i++)
		for (int j = 1; j < 3; j++)
			add_quiet(kid_tids[i][j]);
	/* Let the fixtures' last steps (exec, faults, page-outs) settle. */
	usleep(200000);
	root_backends(mod, pfs, show);
	taskdiag_close(mod);
	taskdiag_close(pfs);

	unpriv_show = show;
	in_child(unpriv_backends, "backends");

	for (int i = 0; i < 3; i++)
		kill(kids[i], SIGKILL);
	kill(tree, SIGKILL);
	kill(stopped, SIGKILL);
	kill(niced, SIGKILL);
	kill(seccomp, SIGKILL);
	kill(maps, SIGKILL);
	kill(newns, SIGKILL);
	kill(cmd, SIGKILL);
	waitpid(zombie, NULL, 0);
	/* The children, orphaned, come to this subreaper once their parent is reaped. */
	waitpid(tree, NULL, 0);
	for (int i = 0; i < 3; i++)
		waitpid(kids[i], NULL, 0);
	waitpid(stopped, NULL, 0);
	waitpid(niced, NULL, 0);
	waitpid(seccomp, NULL, 0);
	waitpid(maps, NULL, 0);
	waitpid(newns, NULL, 0);
	waitpid(cmd, NULL, 0);
}
