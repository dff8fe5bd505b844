// SPDX-License-Identifier: GPL-2.0
/*
 * task_diag_test: the protocol, malformed requests, and every strategy and group
 * against the fixtures.
 */
#include "selftest.h"

/* ---- the checks ---- */

void test_bad_requests(void)
{
	struct {
		struct nlmsghdr h;
		struct task_diag_pid p;
		char extra[16];
	} r;
	struct taskdiag_result res;
	int fd = open_rdwr(TASKDIAG_PATH);
	char buf[256];
	struct {
		const char *what;
		size_t len;
		int err;
	} cases[] = {
		{ "short header", 10, EINVAL },
		{ "payload shorter than task_diag_pid", NLMSG_HDRLEN + 12, EINVAL },
		{ "nlmsg_len longer than written", 0, EINVAL },
		{ "written longer than nlmsg_len", 0, EINVAL },
		{ "another type", 0, EINVAL },
		{ "no NLM_F_REQUEST", 0, EINVAL },
		{ "unknown flag", 0, EINVAL },
		{ "unknown show_flags bit", 0, EINVAL },
		{ "VMA_STAT without VMA", 0, EINVAL },
		{ "the show_flags bit after the last group's (how a client learns a group is not given)", 0, EINVAL },
		{ "unknown strategy", 0, EINVAL },
		{ "ONE without pid", 0, EINVAL },
		{ "CHILDREN without pid", 0, EINVAL },
		{ "THREAD without pid", 0, EINVAL },
		{ "non-zero padding", 0, EINVAL },
		{ "oversized write", sizeof(r), EINVAL },
		{ "payload of 22 bytes, between the two sizes", NLMSG_HDRLEN + 22, EINVAL },
	};

	/* Start a dump; a bad request in the middle must not disturb it. */
	check(taskdiag_request(fd, TASK_DIAG_SHOW_BASE, TASK_DIAG_DUMP_ALL, 0, 77) == 0,
	      "a valid request is accepted");
	check(read(fd, buf, 200) > 0, "a first part of the dump is read");
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		size_t len = NLMSG_HDRLEN + sizeof(r.p);
		ssize_t n;

		memset(&r, 0, sizeof(r));
		r.h.nlmsg_len = len;
		r.h.nlmsg_type = TASK_DIAG_CMD_GET;
		r.h.nlmsg_flags = NLM_F_REQUEST;
		r.p.show_flags = TASK_DIAG_SHOW_BASE;
		r.p.dump_strategy = TASK_DIAG_DUMP_ALL;
		switch (i) {
		case 0: case 1: len = cases[i].len; r.h.nlmsg_len = len; break;
		case 2: r.h.nlmsg_len = len + 4; break;
		case 3: len += 4; break;
		case 4: r.h.nlmsg_type = NLMSG_DONE; break;
		case 5: r.h.nlmsg_flags = 0; break;
		case 6: r.h.nlmsg_flags |= NLM_F_REPLACE | NLM_F_ECHO; break;
		case 7: r.p.show_flags |= 1ULL << 40; break;
		case 8: r.p.show_flags |= TASK_DIAG_SHOW_VMA_STAT; break;
		case 9: r.p.show_flags |= 1ULL << (TASK_DIAG_ATTR_MAX + 1); break;
		case 10: r.p.dump_strategy = 5; break;
		case 11: r.p.dump_strategy = TASK_DIAG_DUMP_ONE; break;
		case 12: r.p.dump_strategy = TASK_DIAG_DUMP_CHILDREN; break;
		case 13: r.p.dump_strategy = TASK_DIAG_DUMP_THREAD; break;
		case 14: ((char *)&r.p)[21] = 1; break;
		case 15: len = sizeof(r); r.h.nlmsg_len = len; break;
		case 16: len = cases[i].len; r.h.nlmsg_len = len; break;
		}
		n = write(fd, &r, len);
		check(n < 0 && errno == cases[i].err, "bad request rejected: %s (%s)",
		      cases[i].what, strerror(cases[i].err));
	}
	/*
	 * Every group known is accepted alone (asking is how a client learns
	 * it is given), CGROUP where the kernel has cgroups.
	 */
	for (int g = 0; g <= TASK_DIAG_ATTR_MAX; g++) {
		uint64_t show = 1ULL << g;
		int tmp = open_rdwr(TASKDIAG_PATH), given = 1;

		if (g == TASK_DIAG_VMA_STAT)
			show |= TASK_DIAG_SHOW_VMA;
		if (g == TASK_DIAG_CGROUP)
			given = !access("/proc/self/cgroup", F_OK);
		check((taskdiag_request(tmp, show, TASK_DIAG_DUMP_ONE, getpid(), 1) == 0) == given,
		      "group %d alone is %s", g, given ? "accepted" : "refused (no cgroups here)");
		close(tmp);
	}
	/* The interrupted dump goes on to its end. */
	taskdiag_collect(fd, BIG, 77, TASK_DIAG_SHOW_BASE, &res);
	check(res.done && !res.violation[0] && res.n > 0,
	      "the dump under way went on after the bad requests (%zu more tasks)", res.n);
	taskdiag_result_free(&res);
	check(read(fd, buf, sizeof(buf)) == 0, "read() after NLMSG_DONE returns 0");
	check(taskdiag_dump(fd, TASK_DIAG_SHOW_BASE, TASK_DIAG_DUMP_ONE, getpid(), BIG, &res) == 0 &&
	      res.n == 1 && res.tasks[0].base.pid == (uint32_t)getpid() && res.done,
	      "a good request on the same file works afterwards");
	taskdiag_result_free(&res);
	close(fd);
}

/*
 * The request of the series' own clients: nlmsg_len 44 (the payload
 * counted as an attribute), nlmsg_type and nlmsg_flags 0, the struct's
 * padding and the 4 bytes after it not written (here: not zero), through
 * /proc/task-diag, the name they open.
 */
static int series_request(int fd, uint16_t type, uint16_t flags, uint64_t show,
			  uint64_t strategy, uint32_t pid, uint32_t seq)
{
	unsigned char req[44];
	struct nlmsghdr h = { .nlmsg_len = sizeof(req), .nlmsg_type = type,
			      .nlmsg_flags = flags, .nlmsg_seq = seq };
	struct task_diag_pid p;

	memset(req, 0xa5, sizeof(req));
	memset(&p, 0xa5, sizeof(p));
	p.show_flags = show;
	p.dump_strategy = strategy;
	p.pid = pid;
	memcpy(req, &h, sizeof(h));
	memcpy(req + NLMSG_HDRLEN, &p, sizeof(p));
	return write(fd, req, sizeof(req)) == sizeof(req) ? 0 : -errno;
}

static void test_series_request(void)
{
	struct taskdiag_result res;
	char link[64] = "";
	int fd;

	check(readlink("/proc/task-diag", link, sizeof(link) - 1) > 0 && !strcmp(link, "task_diag"),
	      "/proc/task-diag, the series' name, is a symlink to task_diag");
	fd = open_rdwr("/proc/task-diag");
	check(series_request(fd, 0, 0, TASKDIAG_SHOW_FIXED, TASK_DIAG_DUMP_ONE, 1, 31) == 0,
	      "the series' clients' request (44 bytes, type and flags 0, padding not zero) is accepted");
	taskdiag_collect(fd, BIG, 31, TASKDIAG_SHOW_FIXED, &res);
	check(res.done && res.n == 1 && res.tasks[0].base.pid == 1 && res.tasks[0].has_stat &&
	      !res.violation[0], "and answered as a 40-byte request is: ONE of pid 1, whole%s%s",
	      res.violation[0] ? ": " : "", res.violation);
	taskdiag_result_free(&res);
	check(series_request(fd, 0, 0, TASK_DIAG_SHOW_BASE, TASK_DIAG_DUMP_ALL, 0, 32) == 0,
	      "the series' ALL request is accepted");
	taskdiag_collect(fd, BIG, 32, TASK_DIAG_SHOW_BASE, &res);
	check(res.done && res.n > 20 && taskdiag_find(&res, 1) && !res.violation[0],
	      "and answered with every process (%zu)", res.n);
	taskdiag_result_free(&res);
	check(series_request(fd, TASK_DIAG_CMD_GET, NLM_F_REQUEST, TASK_DIAG_SHOW_BASE,
			     TASK_DIAG_DUMP_ALL, 0, 33) == -EINVAL,
	      "44 bytes of type TASK_DIAG_CMD_GET: EINVAL (longer requests are left for attributes)");
	check(series_request(fd, 0, NLM_F_REQUEST, TASK_DIAG_SHOW_BASE, TASK_DIAG_DUMP_ALL, 0,
			     34) == -EINVAL, "44 bytes of type 0 with NLM_F_REQUEST: EINVAL");
	check(series_request(fd, 0, 0, 1ULL << 40, TASK_DIAG_DUMP_ALL, 0, 35) == -EINVAL,
	      "the series' request with an unknown show_flags bit: EINVAL");
	close(fd);
}

void test_protocol(void)
{
	int fd = open_rdwr(TASKDIAG_PATH);
	struct taskdiag_result res;
	char buf[4096];
	ssize_t n;

	check(read(fd, buf, sizeof(buf)) == 0, "read() before any request returns 0");
	check(lseek(fd, 0, SEEK_SET) < 0 && errno == ESPIPE, "lseek() fails with ESPIPE");

	/* A second request replaces the unread rest of the first. */
	taskdiag_request(fd, TASK_DIAG_SHOW_BASE, TASK_DIAG_DUMP_ALL, 0, 5);
	n = read(fd, buf, 300);
	taskdiag_request(fd, TASK_DIAG_SHOW_BASE, TASK_DIAG_DUMP_ONE, 1, 6);
	taskdiag_collect(fd, BIG, 6, TASK_DIAG_SHOW_BASE, &res);
	check(n > 0 && res.n == 1 && res.tasks[0].msg.pid == 1 && res.done && !res.violation[0],
	      "a new request replaces the unread rest of the previous answer");
	taskdiag_result_free(&res);

	/* Too small a buffer: EMSGSIZE, nothing consumed. */
	taskdiag_request(fd, TASKDIAG_SHOW_FIXED, TASK_DIAG_DUMP_ONE, 1, 7);
	n = read(fd, buf, 40);
	check(n < 0 && errno == EMSGSIZE, "a buffer too small for one message gets EMSGSIZE");
	taskdiag_collect(fd, 4096, 7, TASKDIAG_SHOW_FIXED, &res);
	check(res.n == 1 && res.tasks[0].msg.pid == 1 && res.done && !res.violation[0],
	      "after EMSGSIZE a big enough buffer gets the message whole");
	taskdiag_result_free(&res);

	/* Pids that do not exist. */
	for (int s = 0; s < 3; s++) {
		static const uint64_t strat[] = { TASK_DIAG_DUMP_ONE, TASK_DIAG_DUMP_THREAD,
						  TASK_DIAG_DUMP_CHILDREN };
		static const char *const name[] = { "ONE", "THREAD", "CHILDREN" };

		taskdiag_dump(fd, TASK_DIAG_SHOW_BASE, strat[s], 4000000, 4096, &res);
		check(res.error == -ESRCH && res.n == 0 && !res.done && !res.violation[0],
		      "%s of a pid that does not exist: NLMSG_ERROR -ESRCH", name[s]);
		taskdiag_result_free(&res);
	}
	taskdiag_dump(fd, 0, TASK_DIAG_DUMP_ONE, getpid(), 4096, &res);
	check(res.n == 1 && res.tasks[0].msg.pid == (uint32_t)getpid() &&
	      res.tasks[0].msg.tgid == (uint32_t)getpid() && !res.violation[0],
	      "show_flags 0: a bare task_diag_msg per task");
	taskdiag_result_free(&res);
	close(fd);
	test_series_request();
}

/*
 * The same task, every group, read twice (a process that sleeps between the
 * reads): NULL, or what differs.  Of the page statistics, those that only
 * the process itself moves.
 */
static const char *same_task(const struct taskdiag_task *a, const struct taskdiag_task *b)
{
	if (a->msg.pid != b->msg.pid || a->msg.tgid != b->msg.tgid)
		return "ids";
	if (memcmp(&a->base, &b->base, sizeof(a->base)))
		return "BASE";
	if (memcmp(&a->cred, &b->cred, sizeof(a->cred)))
		return "CRED";
	if (memcmp(&a->stat, &b->stat, sizeof(a->stat)))
		return "STAT";
	if (a->cmdline_len != b->cmdline_len || memcmp(a->cmdline, b->cmdline, a->cmdline_len))
		return "CMDLINE";
	if (a->nvmas != b->nvmas)
		return "the number of mappings";
	for (size_t i = 0; i < a->nvmas; i++) {
		const struct taskdiag_vma *x = &a->vmas[i], *y = &b->vmas[i];

		if (x->v.start != y->v.start || x->v.end != y->v.end ||
		    x->v.vm_flags != y->v.vm_flags || x->v.inode != y->v.inode ||
		    !x->name != !y->name || (x->name && strcmp(x->name, y->name)))
			return "a mapping";
		/* Pss and the shared/private split move as other processes map the same files. */
		if (x->has_stat != y->has_stat || x->stat.resident != y->stat.resident ||
		    x->stat.anonymous != y->stat.anonymous || x->stat.swap != y->stat.swap ||
		    x->stat.anonymous_thp != y->stat.anonymous_thp)
			return "a mapping's statistics";
	}
	return NULL;
}

/*
 * A pty whose slave is the controlling terminal of a process of its own
 * session (devpts mounted where it is not); @master stays open.
 */
static pid_t pty_fixture(int *master, unsigned int *tty_nr)
{
	struct stat st;
	char *name;

	mkdir("/dev/pts", 0755);
	if (access("/dev/pts/ptmx", F_OK))
		mount("devpts", "/dev/pts", "devpts", 0, "ptmxmode=0666");
	*master = posix_openpt(O_RDWR | O_NOCTTY);
	if (*master < 0 || grantpt(*master) || unlockpt(*master) || !(name = ptsname(*master)) ||
	    stat(name, &st))
		die("pty");
	/* As the kernel encodes it for stat's tty_nr: new_encode_dev(). */
	*tty_nr = (minor(st.st_rdev) & 0xff) | major(st.st_rdev) << 8 |
		  (minor(st.st_rdev) & ~0xffu) << 12;
	return spawn_self((char *[]){ "td-pty", "--pty", name, NULL });
}

/*
 * A process in a child cgroup of cgroup2 (mounted at /sys/fs/cgroup where
 * it is not), whose directory's inode number is its id (@st).
 */
static pid_t cgroup_fixture(struct stat *st)
{
	pid_t pid;
	char num[16];
	int fd;

	/* A kernel without cgroups: a process like any other. */
	if (access("/proc/self/cgroup", F_OK)) {
		memset(st, 0, sizeof(*st));
		return spawn_self((char *[]){ "td-cgroup", "--sleep", NULL });
	}
	if (access("/sys/fs/cgroup/cgroup.procs", F_OK) &&
	    mount("cgroup2", "/sys/fs/cgroup", "cgroup2", 0, NULL))
		die("mount cgroup2");
	if ((mkdir("/sys/fs/cgroup/td-child", 0755) && errno != EEXIST) ||
	    stat("/sys/fs/cgroup/td-child", st))
		die("cgroup");
	pid = spawn_self((char *[]){ "td-cgroup", "--sleep", NULL });
	snprintf(num, sizeof(num), "%d", pid);
	fd = open("/sys/fs/cgroup/td-child/cgroup.procs", O_WRONLY);
	if (fd < 0 || write(fd, num, strlen(num)) < 0)
		die("cgroup.procs");
	close(fd);
	return pid;
}

void test_fixtures(void)
{
	pid_t kids[3], tree, zombie, stopped, traced, creds, lng, huge, rw, title;
	pid_t niced, fifo, pty, mem, sec, newns, incg;
	struct stat cgst;
	struct sched_param sp = { .sched_priority = 10 };
	unsigned int tty_nr;
	int master, filters;
	int fd = open_rdwr(TASKDIAG_PATH), ok, *tids, ntids;
	char *args[160], big[1100], path[64], *exe;
	struct taskdiag_result res;
	struct taskdiag_task *t;
	struct pstat p;

	tree = make_tree(kids);
	zombie = fork();
	if (zombie == 0)
		_exit(7);
	wait_state(zombie, 'Z');
	stopped = spawn_self((char *[]){ "td-stopped", "--sleep", NULL });
	kill(stopped, SIGSTOP);
	wait_state(stopped, 'T');
	traced = spawn_self((char *[]){ "td-traced", "--sleep", NULL });
	if (ptrace(PTRACE_ATTACH, traced, 0, 0) || waitpid(traced, NULL, __WALL) != traced)
		die("ptrace");
	wait_state(traced, 't');

	creds = fork();
	if (creds == 0) {
		struct __user_cap_header_struct h = { _LINUX_CAPABILITY_VERSION_3, 0 };
		struct __user_cap_data_struct d[2] = {
			{ .effective = 1 << CAP_KILL | 1 << CAP_NET_ADMIN,
			  .permitted = 1 << CAP_KILL | 1 << CAP_NET_ADMIN | 1 << CAP_SYS_PTRACE,
			  .inheritable = 1 << CAP_CHOWN },
			{ .effective = 0, .permitted = 1 << (CAP_SYSLOG - 32), .inheritable = 0 },
		};

		prctl(PR_CAPBSET_DROP, CAP_SYS_MODULE);
		prctl(PR_SET_KEEPCAPS, 1);
		if (setgroups(3, (gid_t[]){ 3001, 3000, 3002 }) ||
		    setresgid(2001, 2002, 2003) || setresuid(1001, 1002, 1003) ||
		    syscall(SYS_capset, &h, d))
			_exit(3);
		ready();
		for (;;)
			pause();
	}
	wait_ready(1);

	/* Command lines over a page, and over one attribute's 64 KiB. */
	memset(big, 'a', sizeof(big) - 1);
	big[sizeof(big) - 1] = 0;
	args[0] = "td-long";
	args[1] = "--sleep";
	for (int i = 2; i < 6; i++)
		args[i] = big;
	args[6] = NULL;
	lng = spawn_self(args);
	args[0] = "td-huge";
	for (int i = 2; i < 150; i++)
		args[i] = big;
	args[150] = NULL;
	huge = spawn_self(args);
	rw = spawn_self((char *[]){ "td-rewrite", "--rewrite", "some", "arguments", NULL });
	title = spawn_self((char *[]){ "td-title", "--title", "some", "longer", "arguments", NULL });
	niced = spawn_self((char *[]){ "td-niced", "--sleep", NULL });
	fifo = spawn_self((char *[]){ "td-fifo", "--sleep", NULL });
	if (setpriority(PRIO_PROCESS, niced, 7) || sched_setscheduler(fifo, SCHED_FIFO, &sp))
		die("priority");
	pty = pty_fixture(&master, &tty_nr);
	mem = spawn_self((char *[]){ "td-mem", "--mem", NULL });
	sec = spawn_self((char *[]){ "td-seccomp", "--seccomp", NULL });
	kill(sec, SIGUSR1);	/* blocked there: pending for the process */
	newns = spawn_self((char *[]){ "td-newns", "--newns", NULL });
	incg = cgroup_fixture(&cgst);

	/* ONE of each fixture, every group. */
	struct {
		pid_t pid;
		const char *what;
		char state;
	} fx[] = {
		{ tree, "tree parent", 'S' }, { kids[0], "child with threads", 'S' },
		{ zombie, "zombie", 'Z' }, { stopped, "stopped", 'T' }, { traced, "traced", 't' },
		{ creds, "changed ids and capabilities", 'S' }, { lng, "cmdline over a page", 'S' },
		{ huge, "cmdline over 64 KiB", 'S' }, { rw, "rewritten cmdline", 'S' },
		{ title, "setproctitle() cmdline", 'S' }, { niced, "nice 7", 'S' },
		{ fifo, "SCHED_FIFO 10", 'S' }, { pty, "on a pty", 'S' },
		{ mem, "locked and swapped pages", 'S' },
		{ sec, "seccomp, no_new_privs, umask, signal masks", 'S' },
		{ newns, "in new namespaces", 'S' }, { incg, "in a child cgroup", 'S' },
	};
	for (size_t i = 0; i < sizeof(fx) / sizeof(fx[0]); i++) {
		const char *why = "no answer";

		/* WCHAN on these quiet tasks only: a busy one's moves as it is read. */
		taskdiag_dump(fd, SHOW_EVERY | TASK_DIAG_SHOW_WCHAN, TASK_DIAG_DUMP_ONE, fx[i].pid, BIG,
			      &res);
		pstat_read("/proc", fx[i].pid, fx[i].pid, 0, &p);
		if (res.n == 1 && res.done && !res.violation[0] && p.ok) {
			why = compare(&res.tasks[0], &p, &p, SHOW_EVERY | TASK_DIAG_SHOW_WCHAN, 1);
			if (!why && p.state != fx[i].state)
				why = "procfs state unexpected";
		}
		check(!why, "ONE %s (pid %d) equals procfs%s%s", fx[i].what, fx[i].pid,
		      why ? ": " : "", why ? why : "");
		pstat_free(&p);
		taskdiag_result_free(&res);
	}

	/* Specific values the test knows without procfs. */
	taskdiag_dump(fd, TASKDIAG_SHOW_NO_MAPS, TASK_DIAG_DUMP_ONE, traced, BIG, &res);
	check(res.n == 1 && res.tasks[0].base.tpid == (uint32_t)getpid() &&
	      res.tasks[0].base.state == TASK_DIAG_TRACE_STOP, "traced task: tpid is the tracer, state TRACE_STOP");
	taskdiag_result_free(&res);
	taskdiag_dump(fd, TASKDIAG_SHOW_NO_MAPS, TASK_DIAG_DUMP_ONE, zombie, BIG, &res);
	check(res.n == 1 && res.tasks[0].base.state == TASK_DIAG_ZOMBIE &&
	      res.tasks[0].cmdline_len == 0 && res.tasks[0].base.ppid == (uint32_t)getpid(),
	      "zombie: state ZOMBIE, empty cmdline, ppid is the test");
	taskdiag_result_free(&res);
	taskdiag_dump(fd, TASKDIAG_SHOW_NO_MAPS, TASK_DIAG_DUMP_ONE, stopped, BIG, &res);
	/* exec names comm after the file, cut to TASK_COMM_LEN - 1 bytes. */
	exe = strrchr(self_exe, '/') + 1;
	check(res.n == 1 && res.tasks[0].base.state == TASK_DIAG_STOPPED &&
	      !strncmp(res.tasks[0].base.comm, exe, 15) && strlen(res.tasks[0].base.comm) ==
	      (strlen(exe) < 15 ? strlen(exe) : 15), "stopped: state STOPPED, comm of the executable");
	taskdiag_result_free(&res);
	taskdiag_dump(fd, TASKDIAG_SHOW_NO_MAPS, TASK_DIAG_DUMP_ONE, creds, BIG, &res);
	t = res.n == 1 ? &res.tasks[0] : NULL;
	check(t && t->cred.uid == 1001 && t->cred.euid == 1002 && t->cred.suid == 1003 &&
	      t->cred.fsuid == 1002 && t->cred.gid == 2001 && t->cred.egid == 2002 &&
	      t->cred.sgid == 2003 && t->cred.fsgid == 2002 &&
	      caps64(&t->cred.cap_effective) == (1ULL << CAP_KILL | 1ULL << CAP_NET_ADMIN) &&
	      caps64(&t->cred.cap_permitted) == (1ULL << CAP_KILL | 1ULL << CAP_NET_ADMIN |
						 1ULL << CAP_SYS_PTRACE | 1ULL << CAP_SYSLOG) &&
	      caps64(&t->cred.cap_inheritable) == 1ULL << CAP_CHOWN &&
	      !(caps64(&t->cred.cap_bset) & 1ULL << CAP_SYS_MODULE) &&
	      (caps64(&t->cred.cap_bset) & 1ULL << CAP_SYS_ADMIN),
	      "ids and capabilities are the ones the process set");
	taskdiag_result_free(&res);
	taskdiag_dump(fd, TASKDIAG_SHOW_NO_MAPS, TASK_DIAG_DUMP_ONE, huge, BIG, &res);
	check(res.n == 1 && res.tasks[0].cmdline_len > 148 * 1099 && res.messages > 3,
	      "cmdline over 64 KiB arrives in %d messages", res.messages);
	taskdiag_result_free(&res);
	taskdiag_dump(fd, TASKDIAG_SHOW_NO_MAPS, TASK_DIAG_DUMP_ONE, title, BIG, &res);
	check(res.n == 1 && res.tasks[0].cmdline_len == 20 &&
	      !memcmp(res.tasks[0].cmdline, "rewritten by itself", 20),
	      "setproctitle(): the title up to its NUL");
	taskdiag_result_free(&res);

	/* What the new groups say of fixtures the test made so. */
	taskdiag_dump(fd, SHOW_EVERY, TASK_DIAG_DUMP_ONE, niced, BIG, &res);
	check(res.n == 1 && res.tasks[0].sched.nice == 7 && res.tasks[0].sched.prio == 27 &&
	      res.tasks[0].sched.policy == SCHED_OTHER, "nice 7: SCHED nice 7, priority 27");
	taskdiag_result_free(&res);
	taskdiag_dump(fd, SHOW_EVERY, TASK_DIAG_DUMP_ONE, fifo, BIG, &res);
	check(res.n == 1 && res.tasks[0].sched.policy == SCHED_FIFO &&
	      res.tasks[0].sched.rt_priority == 10 && res.tasks[0].sched.prio == -11,
	      "SCHED_FIFO 10: policy FIFO, rt_priority 10, priority -11");
	taskdiag_result_free(&res);
	taskdiag_dump(fd, SHOW_EVERY, TASK_DIAG_DUMP_ONE, pty, BIG, &res);
	check(res.n == 1 && res.tasks[0].sched.tty_nr == tty_nr &&
	      res.tasks[0].sched.tpgid == pty && res.tasks[0].base.sid == (uint32_t)pty,
	      "on a pty: tty_nr %#x is the pty's, tpgid its own group (got %#x, %d)", tty_nr,
	      res.n ? res.tasks[0].sched.tty_nr : 0, res.n ? res.tasks[0].sched.tpgid : 0);
	taskdiag_result_free(&res);
	taskdiag_dump(fd, SHOW_EVERY, TASK_DIAG_DUMP_ONE, getpid(), BIG, &res);
	pstat_read("/proc", getpid(), getpid(), 0, &p);
	check(res.n == 1 && p.ok && res.tasks[0].sched.tty_nr == p.f[7] &&
	      res.tasks[0].sched.tpgid == p.f[8] &&
	      res.tasks[0].has_io == !access("/proc/self/io", F_OK),
	      "the test itself: its terminal as its stat says (%#llx, %lld), its own I/O counters",
	      p.f[7], p.f[8]);
	pstat_free(&p);
	taskdiag_result_free(&res);
	{
		/* /proc/swaps lists swap areas after its header line. */
		char *swaps = read_file("/proc/swaps", NULL);
		int swap = swaps && strchr(swaps, '\n') && strchr(swaps, '\n')[1];

		free(swaps);
		taskdiag_dump(fd, SHOW_EVERY, TASK_DIAG_DUMP_ONE, mem, BIG, &res);
		check(res.n == 1 && res.tasks[0].mem.vm_lck == 16 * page_size() &&
		      (!swap || res.tasks[0].mem.vm_swap >= 8 * page_size()),
		      "locked and swapped pages (16 and 8 of %zu kB): VmLck %llu kB, VmSwap %llu kB%s",
		      page_size() >> 10,
		      res.n ? (unsigned long long)res.tasks[0].mem.vm_lck >> 10 : 0,
		      res.n ? (unsigned long long)res.tasks[0].mem.vm_swap >> 10 : 0,
		      swap ? "" : " (no swap here)");
		taskdiag_result_free(&res);
	}

	taskdiag_dump(fd, SHOW_EVERY, TASK_DIAG_DUMP_ONE, creds, BIG, &res);
	check(res.n == 1 && res.tasks[0].ngroups == 3 && res.tasks[0].groups[0] == 3000 &&
	      res.tasks[0].groups[1] == 3001 && res.tasks[0].groups[2] == 3002 &&
	      res.tasks[0].status.ngroups == 3, "supplementary groups: the 3 the process set, sorted as the kernel keeps them");
	taskdiag_result_free(&res);
	taskdiag_dump(fd, SHOW_EVERY, TASK_DIAG_DUMP_ONE, sec, BIG, &res);
	t = res.n == 1 ? &res.tasks[0] : NULL;
	{
		/* Where the kernel has seccomp filters, status says how many. */
		char *st = read_file("/proc/self/status", NULL);

		filters = st && strstr(st, "Seccomp_filters:");
		free(st);
	}
	check(t && t->status.no_new_privs == 1 && t->status.seccomp == (filters ? 2u : 0u) &&
	      t->status.seccomp_filters == (filters ? 1u : 0u) && t->status.umask == 027 &&
	      t->status.sig_blocked == 1ULL << (SIGUSR1 - 1) &&
	      t->status.shd_pending == 1ULL << (SIGUSR1 - 1) && !t->status.sig_pending &&
	      (t->status.sig_ignored & 1ULL << (SIGUSR2 - 1)) &&
	      (t->status.sig_caught & 1ULL << (SIGHUP - 1)),
	      "seccomp filter, no_new_privs, umask 027, SIGUSR1 blocked and pending, SIGUSR2 ignored, SIGHUP caught");
	taskdiag_result_free(&res);
	{
		struct taskdiag_result self;
		const struct task_diag_ns *n, *o;

		taskdiag_dump(fd, SHOW_EVERY, TASK_DIAG_DUMP_ONE, newns, BIG, &res);
		taskdiag_dump(fd, SHOW_EVERY, TASK_DIAG_DUMP_ONE, getpid(), BIG, &self);
		n = res.n == 1 && res.tasks[0].has_ns ? &res.tasks[0].ns : NULL;
		o = self.n == 1 && self.tasks[0].has_ns ? &self.tasks[0].ns : NULL;
		/* A kernel without networking or cgroups has no such namespaces: 0. */
		check(n && o && n->uts != o->uts && n->ipc != o->ipc &&
		      (!o->net || n->net != o->net) && n->mnt != o->mnt &&
		      (!o->cgroup || n->cgroup != o->cgroup) && n->pid == o->pid &&
		      n->user == o->user && n->pid_for_children != o->pid_for_children &&
		      o->pid_for_children == o->pid && n->mnt && n->uts && n->time == o->time,
		      "in new namespaces: uts, ipc, net, mnt, cgroup and pid for children its own, pid and user ours");
		taskdiag_result_free(&self);
		taskdiag_result_free(&res);
	}
	taskdiag_dump(fd, SHOW_EVERY, TASK_DIAG_DUMP_ONE, incg, BIG, &res);
	check(!(SHOW_EVERY & TASK_DIAG_SHOW_CGROUP) ||
	      (res.n == 1 && res.tasks[0].cgroup_path &&
	       !strcmp(res.tasks[0].cgroup_path, "/td-child") &&
	       res.tasks[0].cgroup_id == cgst.st_ino),
	      "in a child cgroup: its path /td-child and the id of its directory (%llu, %llu)",
	      res.n ? (unsigned long long)res.tasks[0].cgroup_id : 0ULL, (unsigned long long)cgst.st_ino);
	taskdiag_result_free(&res);

	/* Every buffer size gives the same, whole messages. */
	static const size_t sizes[] = { 256, 512, 4096, 65536, BIG };
	for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		taskdiag_dump(fd, TASKDIAG_SHOW_NO_MAPS, TASK_DIAG_DUMP_ONE, huge, sizes[i], &res);
		pstat_read("/proc", huge, huge, 0, &p);
		ok = res.n == 1 && res.done && !res.violation[0] && p.ok &&
		     !compare(&res.tasks[0], &p, &p, TASKDIAG_SHOW_NO_MAPS, 1);
		check(ok, "buffer %zu: the 160 KiB cmdline is whole in %d reads%s%s", sizes[i],
		      res.reads, res.violation[0] ? ": " : "", res.violation);
		pstat_free(&p);
		taskdiag_result_free(&res);
	}

	/*
	 * Every read size in a range that puts the end of the buffer at every
	 * offset of a message: the same answer, whole messages.  An attribute
	 * header that would start within the last bytes of a buffer once
	 * overran it.
	 */
	{
		uint64_t show = TASKDIAG_SHOW_NO_MAPS | TASK_DIAG_SHOW_VMA | TASK_DIAG_SHOW_VMA_STAT;
		struct taskdiag_result ref;
		size_t size, bad = 0;
		char why[300] = "";

		taskdiag_dump(fd, show, TASK_DIAG_DUMP_ONE, kids[0], BIG, &ref);
		for (size = 512; size <= 1600 && !bad && ref.n == 1; size++) {
			const char *diff;

			taskdiag_dump(fd, show, TASK_DIAG_DUMP_ONE, kids[0], size, &res);
			diff = res.n == 1 ? same_task(&ref.tasks[0], &res.tasks[0]) : NULL;
			if (res.violation[0] || !res.done || res.n != 1 || diff) {
				bad = size;
				snprintf(why, sizeof(why), "; not so with %zu: %zu tasks, %s%s differs %.200s",
					 size, res.n, res.done ? "" : "no NLMSG_DONE, ",
					 diff ? diff : "nothing", res.violation);
			}
			taskdiag_result_free(&res);
		}
		check(ref.n == 1 && ref.tasks[0].nvmas > 5 && !bad,
		      "every read size from 512 to 1600 bytes: all groups of a process with %zu mappings, the same, in whole messages%s",
		      ref.n ? ref.tasks[0].nvmas : 0, why);
		taskdiag_result_free(&ref);
	}

	/* CHILDREN: exactly the tree's three. */
	taskdiag_dump(fd, TASK_DIAG_SHOW_BASE, TASK_DIAG_DUMP_CHILDREN, tree, BIG, &res);
	check(res.n == 3 && taskdiag_find(&res, kids[0]) && taskdiag_find(&res, kids[1]) &&
	      taskdiag_find(&res, kids[2]) && res.done, "CHILDREN of the tree parent: its 3 children");
	for (size_t i = 0; i < res.n; i++)
		if (res.tasks[i].base.ppid != (uint32_t)tree)
			check(0, "CHILDREN: ppid");
	taskdiag_result_free(&res);
	taskdiag_dump(fd, TASK_DIAG_SHOW_BASE, TASK_DIAG_DUMP_CHILDREN, kids[1], BIG, &res);
	check(res.n == 0 && res.done, "CHILDREN of a childless process: none, then NLMSG_DONE");
	taskdiag_result_free(&res);

	/* THREAD: every thread of a child, each with its own figures. */
	snprintf(path, sizeof(path), "/proc/%d/task", kids[0]);
	ntids = proc_pids(path, 0, &tids);
	for (int via = 0; via < 2; via++) {
		int pid = via ? tids[ntids - 1] : kids[0], bad = 0;

		taskdiag_dump(fd, SHOW_EVERY, TASK_DIAG_DUMP_THREAD, pid, 4096, &res);
		for (int i = 0; i < ntids; i++) {
			struct pstat q;

			t = taskdiag_find(&res, tids[i]);
			pstat_read("/proc", kids[0], tids[i], 1, &q);
			if (!t || !q.ok || compare(t, &q, &q, SHOW_EVERY, 0) || t->msg.tgid != (uint32_t)kids[0])
				bad++;
			pstat_free(&q);
		}
		check(ntids == 3 && res.n == 3 && !bad && res.done && !res.violation[0],
		      "THREAD via %s: the 3 threads, each equal to /proc/PID/task/TID", via ? "a thread's id" : "the leader");
		taskdiag_result_free(&res);
	}
	/* ONE of a thread id: the process's figures, as /proc/TID/stat. */
	taskdiag_dump(fd, SHOW_EVERY, TASK_DIAG_DUMP_ONE, tids[1], BIG, &res);
	pstat_read("/proc", kids[0], tids[1], 0, &p);
	check(res.n == 1 && p.ok && res.tasks[0].msg.pid == (uint32_t)tids[1] &&
	      res.tasks[0].stat.threads == 3 && !compare(&res.tasks[0], &p, &p, SHOW_EVERY, 1),
	      "ONE of a thread id: its process's figures, as /proc/TID/stat");
	pstat_free(&p);
	taskdiag_result_free(&res);
	free(tids);

	/* Whole system, every strategy that covers it, with the fixtures in place. */
	verify_dump("/proc", fd, TASK_DIAG_DUMP_ALL, SHOW_EVERY, BIG, "ALL, every group");
	verify_dump("/proc", fd, TASK_DIAG_DUMP_ALL, TASKDIAG_SHOW_NO_MAPS, 512, "ALL, every group, small buffer");
	verify_dump("/proc", fd, TASK_DIAG_DUMP_ALL, SHOW_EVERY, 1024, "ALL, every group and the new ones, 1 KiB buffer");
	verify_dump("/proc", fd, TASK_DIAG_DUMP_ALL_THREAD, SHOW_EVERY, BIG, "ALL_THREAD, every group");
	verify_dump("/proc", fd, TASK_DIAG_DUMP_ALL_THREAD, TASK_DIAG_SHOW_BASE, 4096, "ALL_THREAD, BASE");

	ptrace(PTRACE_DETACH, traced, 0, 0);
	kill(stopped, SIGCONT);
	pid_t all[] = { tree, kids[0], kids[1], kids[2], stopped, traced, creds, lng, huge, rw, title,
			niced, fifo, pty, mem, sec, newns, incg };
	for (size_t i = 0; i < sizeof(all) / sizeof(all[0]); i++)
		kill(all[i], SIGKILL);
	while (waitpid(-1, NULL, __WALL) > 0 || errno == EINTR)
		;
	close(master);
	rmdir("/sys/fs/cgroup/td-child");
	close(fd);
}

/* Drop to an unprivileged user, optionally with a supplementary group. */
