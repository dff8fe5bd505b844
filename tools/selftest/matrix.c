// SPDX-License-Identifier: GPL-2.0
/*
 * task_diag_test: the privilege boundary's visibility matrix: openers by procfs
 * mounts by targets, each cell compared with what procfs gives.
 */
#include "selftest.h"

/* ---- the privilege boundary: procfs decides, whatever the task does ---- */

/* Does @procdir/PID/ns/user read for this process?  (5.10 reads a refused one as empty.) */
static int ns_link_reads(const char *procdir, pid_t pid)
{
	char path[96], link[64];

	snprintf(path, sizeof(path), "%s/%d/ns/user", procdir, pid);
	return readlink(path, link, sizeof(link)) > 0;
}

static int pid_exists(pid_t pid)
{
	return kill(pid, 0) == 0 || errno == EPERM;
}

/*
 * One cell of the visibility matrix: an ALL dump with BASE, VMA and IO
 * through @procdir's task_diag, against what procfs at @procdir gives this
 * same process: a task is there exactly when its /proc/PID/stat opens,
 * with maps exactly when its /proc/PID/maps opens and is not empty, with
 * I/O counters exactly when its /proc/PID/io reads, with namespaces
 * exactly when its /proc/PID/ns/user link reads.  Every pid of the
 * system is asked (through /proc, which has no hidepid=).  Returns the
 * differences; @why says the first.
 */
static int matrix_try(const char *procdir, int threads, char *why, size_t whylen, int *seen,
		      int *maps, int *ios, int *nss)
{
	int fd, n, *pids, bad = 0;
	struct taskdiag_result res;
	char path[96];

	snprintf(path, sizeof(path), "%s/task_diag", procdir);
	fd = open_rdwr(path);
	taskdiag_dump(fd, TASK_DIAG_SHOW_BASE | TASK_DIAG_SHOW_VMA | TASK_DIAG_SHOW_IO |
		      TASK_DIAG_SHOW_NS,
		      threads ? TASK_DIAG_DUMP_ALL_THREAD : TASK_DIAG_DUMP_ALL, 0, BIG, &res);
	n = proc_pids("/proc", threads, &pids);
	*seen = *maps = *ios = *nss = 0;
	if (!res.done || res.violation[0]) {
		snprintf(why, whylen, ": no good answer (%.100s)", res.violation);
		bad++;
	}
	for (int i = 0; i < n; i++) {
		struct taskdiag_task *t = taskdiag_find(&res, pids[i]);
		int vis = procfs_gives(procdir, pids[i], "stat", 0);
		/* Threads: /proc/TID/stat; maps go with leaders only. */
		int leader = !t || t->msg.pid == t->msg.tgid;
		int m = vis && leader && procfs_gives(procdir, pids[i], "maps", 1);
		int tm = t && t->has_vma && t->nvmas;
		int io = vis && procfs_gives(procdir, pids[i], "io", 1);
		int tio = t && t->has_io;
		int ns = vis && ns_link_reads(procdir, pids[i]), tns = t && t->has_ns;

		/* A task that came or went meanwhile is no difference. */
		if ((!!t != vis || tm != m || tio != io || tns != ns) && pid_exists(pids[i]) && !bad++)
			snprintf(why, whylen, ": pid %d (%.16s): procfs %s%s%s%s, task_diag %s%s%s%s",
				 pids[i], t ? t->base.comm : "", vis ? "shows it" : "hides it",
				 m ? " with maps" : "", io ? " with io" : "", ns ? " with ns" : "",
				 t ? "shows it" : "hides it", tm ? " with maps" : "",
				 tio ? " with io" : "", tns ? " with ns" : "");
		*seen += vis;
		*maps += m;
		*ios += io;
		*nss += ns;
	}
	for (size_t i = 0; i < res.n; i++)
		if (!has_pid(pids, n, res.tasks[i].msg.pid) && pid_exists(res.tasks[i].msg.pid) &&
		    !bad++)
			snprintf(why, whylen, ": pid %u only in task_diag", res.tasks[i].msg.pid);
	taskdiag_result_free(&res);
	free(pids);
	close(fd);
	return bad;
}

/* Kernel workers come and go: three tries.  Processes (ALL), then threads (ALL_THREAD). */
static void matrix_cell(const char *procdir, const char *who)
{
	for (int threads = 0; threads < 2; threads++) {
		int seen, maps, ios, nss, bad = 1;
		char why[220] = "";

		for (int tries = 0; bad && tries < 3; tries++)
			bad = matrix_try(procdir, threads, why, sizeof(why), &seen, &maps, &ios, &nss);
		check(!bad, "%s, %s: the %d %s, %d maps, %d io and %d ns procfs gives it, no more, no less%s",
		      who, strcmp(procdir, "/proc") ? strchr(procdir + 1, '-') + 1 : "no hidepid",
		      seen, threads ? "threads" : "processes", maps, ios, nss, bad ? why : "");
	}
}

static const char *const matrix_mounts[] = {
	"/proc", "/tmp/proc-noaccess", "/tmp/proc-hide", "/tmp/proc-invisible",
	"/tmp/proc-ptraceable", "/tmp/proc-gid",
};

static void matrix_row(const char *who)
{
	for (size_t i = 0; i < sizeof(matrix_mounts) / sizeof(matrix_mounts[0]); i++)
		matrix_cell(matrix_mounts[i], who);
}

static int matrix_userns = -1;	/* the container's user namespace */

static void opener_root(void)
{
	matrix_row("root");
}

static void opener_user(void)
{
	become_user(0);
	prctl(PR_SET_DUMPABLE, 1);
	matrix_row("uid 1000");
}

static void opener_member(void)
{
	become_user(3000);
	matrix_row("uid 1000 in group 3000");
}

static void opener_other(void)
{
	if (setresgid(2000, 2000, 2000) || setresuid(2000, 2000, 2000))
		_exit(3);
	matrix_row("uid 2000");
}

/* Root of a container: uid 0 of a user namespace that uid 1000 owns. */
static void opener_container(void)
{
	become_user(0);
	if (setns(matrix_userns, CLONE_NEWUSER))
		die("setns");
	matrix_row("container root");
}

/* A thread that takes uid 1000 for itself alone (the raw system call), then sleeps. */
static void *uid_thread(void *arg)
{
	if (syscall(SYS_setresuid, UNPRIV, UNPRIV, UNPRIV))
		_exit(3);
	*(volatile int *)arg = 1;
	for (;;)
		pause();
	return NULL;
}

/* A process of uid 2000 whose one other thread is uid 1000's: procfs checks each alone. */
static pid_t mixed_target(void)
{
	pid_t pid = fork();

	if (pid == 0) {
		static volatile int set;
		pthread_t th;

		prctl(PR_SET_PDEATHSIG, SIGKILL);
		if (syscall(SYS_setresgid, UNPRIV, UNPRIV, UNPRIV) ||
		    pthread_create(&th, NULL, uid_thread, (void *)&set))
			_exit(3);
		while (!set)
			usleep(1000);
		if (syscall(SYS_setresuid, 2000, 2000, 2000))
			_exit(3);
		prctl(PR_SET_DUMPABLE, 1);
		ready();
		for (;;)
			pause();
	}
	wait_ready(1);
	return pid;
}

/*
 * A process sleeping as @uid (0: root), with @suid as its saved uid,
 * dumpable or not.  One of uid 1000 whose saved uid is 2000 has files of
 * uid 1000's, so its io file opens for uid 1000, but the ptrace check
 * wants all three ids to be the reader's, so it does not read.
 */
static pid_t matrix_target(uid_t uid, uid_t suid, int dumpable, int join)
{
	pid_t pid = fork();

	if (pid == 0) {
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		if (uid && (setresgid(uid, uid, uid) || setresuid(uid, uid, suid)))
			_exit(3);
		prctl(PR_SET_DUMPABLE, dumpable);
		/* Joined from the host, as runc init or nsenter do: its mm is the host's. */
		if (join && setns(matrix_userns, CLONE_NEWUSER))
			_exit(3);
		ready();
		for (;;)
			pause();
	}
	wait_ready(1);
	return pid;
}

/*
 * Every opener against every procfs mount, with targets of every kind
 * among the system's tasks: root's, uid 1000's dumpable and undumpable,
 * uid 2000's, a setuid-root program that uid 1000 ran, a root process
 * that joined the container undumpable, a process of uid 2000 with a
 * thread of uid 1000, and one of uid 1000 whose saved uid is 2000.
 */
void test_matrix(void)
{
	pid_t t[8], holder;
	int p[2], go[2];
	char c, path[64];

	if (pipe(p) || pipe(go))
		die("pipe");
	holder = fork();
	if (holder == 0) {
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		become_user(0);
		if (unshare(CLONE_NEWUSER) || write(p[1], "", 1) != 1 || read(go[0], &c, 1) != 1)
			_exit(3);
		for (;;)
			pause();
	}
	if (read(p[0], &c, 1) != 1)
		die("userns");
	snprintf(path, sizeof(path), "/proc/%d/uid_map", holder);
	write_map(path, "0 1000 1\n");
	snprintf(path, sizeof(path), "/proc/%d/gid_map", holder);
	write_map(path, "0 1000 1\n");
	if (write(go[1], "", 1) != 1)
		die("userns");
	snprintf(path, sizeof(path), "/proc/%d/ns/user", holder);
	matrix_userns = open(path, O_RDONLY);
	if (matrix_userns < 0)
		die("ns/user");

	suid_copy();
	t[0] = matrix_target(UNPRIV, UNPRIV, 1, 0);
	t[1] = matrix_target(UNPRIV, UNPRIV, 0, 0);
	t[2] = matrix_target(2000, 2000, 1, 0);
	t[3] = matrix_target(0, 0, 0, 1);
	t[4] = fork();
	if (t[4] == 0) {
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		become_user(0);
		execl(suid_copy(), "td-suid", "--sleep", (char *)NULL);
		_exit(127);
	}
	wait_ready(1);
	t[5] = matrix_target(0, 0, 1, 0);
	t[6] = mixed_target();
	t[7] = matrix_target(UNPRIV, 2000, 1, 0);

	in_child(opener_root, "matrix");
	in_child(opener_user, "matrix");
	in_child(opener_member, "matrix");
	in_child(opener_other, "matrix");
	in_child(opener_container, "matrix");

	for (int i = 0; i < 8; i++) {
		kill(t[i], SIGKILL);
		waitpid(t[i], NULL, 0);
	}
	kill(holder, SIGKILL);
	waitpid(holder, NULL, 0);
	close(matrix_userns);
}

/* Wait until @pid runs a program as effective root (a setuid exec done). */
