// SPDX-License-Identifier: GPL-2.0
/*
 * task_diag_test: who sees what: unprivileged openers, hidepid=, namespaces, files
 * passed between processes.
 */
#include "selftest.h"

void become_user(gid_t extra)
{
	gid_t groups[1] = { extra };

	if (setgroups(extra ? 1 : 0, groups) || setresgid(UNPRIV, UNPRIV, UNPRIV) ||
	    setresuid(UNPRIV, UNPRIV, UNPRIV))
		_exit(3);
}

/* Run @fn in a child; the child's checks count through its exit status. */
void in_child(void (*fn)(void), const char *what)
{
	int status, p[2];
	pid_t pid;
	char buf[4096];
	ssize_t n;

	fflush(stdout);
	if (pipe(p))
		die("pipe");
	pid = fork();
	if (pid == 0) {
		dup2(p[1], 1);
		close(p[0]);
		fn();
		fflush(stdout);
		_exit(0);
	}
	close(p[1]);
	{
		char *all = NULL;
		size_t len = 0;

		while ((n = read(p[0], buf, sizeof(buf))) > 0) {
			all = realloc(all, len + n + 1);
			memcpy(all + len, buf, n);
			len += n;
		}
		close(p[0]);
		waitpid(pid, &status, 0);
		if (all) {
			all[len] = 0;
			/* Renumber the child's TAP lines into ours. */
			for (char *l = all, *e; *l; l = e + 1) {
				e = strchr(l, '\n');
				if (!e)
					break;
				*e = 0;
				if (!strncmp(l, "ok ", 3) || !strncmp(l, "not ok ", 7)) {
					int ok = l[0] == 'o';
					char *d = strstr(l, " - ");

					check(ok, "%s: %s", what, d ? d + 3 : l);
				} else {
					printf("%s\n", l);
				}
			}
		}
		check(WIFEXITED(status) && WEXITSTATUS(status) == 0, "%s: finished", what);
		free(all);
	}
}

static int set_of(struct taskdiag_result *res, pid_t pid)
{
	return taskdiag_find(res, pid) != NULL;
}

static void unpriv_plain(void)
{
	int fd;

	become_user(0);
	fd = open_rdwr(TASKDIAG_PATH);
	verify_dump("/proc", fd, TASK_DIAG_DUMP_ALL, SHOW_EVERY, BIG, "ALL without hidepid");
	verify_dump("/proc", fd, TASK_DIAG_DUMP_ALL_THREAD, SHOW_EVERY, BIG,
		    "ALL_THREAD without hidepid");
	close(fd);
}

static void unpriv_hidden(void)
{
	struct taskdiag_result res;
	int fd, *pids, n, sub;

	become_user(0);
	fd = open_rdwr("/tmp/proc-hide/task_diag");
	taskdiag_dump(fd, TASKDIAG_SHOW_NO_MAPS, TASK_DIAG_DUMP_ALL, 0, BIG, &res);
	n = proc_pids("/tmp/proc-hide", 0, &pids);
	sub = 1;
	for (size_t i = 0; i < res.n; i++)
		sub &= has_pid(pids, n, res.tasks[i].msg.pid);
	check(res.done && res.n == 1 && set_of(&res, getpid()) && sub && !has_pid(pids, n, 1),
	      "hidepid=2: only its own process (procfs shows it %d, task_diag %zu)", n, res.n);
	taskdiag_result_free(&res);
	taskdiag_dump(fd, TASK_DIAG_SHOW_BASE, TASK_DIAG_DUMP_ONE, 1, BIG, &res);
	check(res.error == -ESRCH, "hidepid=2: ONE of another user's task is ESRCH");
	taskdiag_result_free(&res);
	taskdiag_dump(fd, TASK_DIAG_SHOW_BASE, TASK_DIAG_DUMP_CHILDREN, 1, BIG, &res);
	check(res.error == -ESRCH, "hidepid=2: CHILDREN of another user's task is ESRCH");
	taskdiag_result_free(&res);
	close(fd);
	fd = open("/tmp/proc-subset/task_diag", O_RDWR);
	check(fd < 0 && errno == ENOENT, "subset=pid: /proc/task_diag is not there");
	free(pids);
}

static void unpriv_gid(void)
{
	int fd;

	become_user(3000);
	fd = open_rdwr("/tmp/proc-gid/task_diag");
	verify_dump("/tmp/proc-gid", fd, TASK_DIAG_DUMP_ALL, SHOW_EVERY, BIG,
		    "hidepid=2,gid=3000, member of 3000: everything");
	close(fd);
}

/* The opener's credentials decide, not the reader's. */
static void opener_creds(void)
{
	struct taskdiag_result res;
	int fd;

	if (setresgid(-1, UNPRIV, -1) || setresuid(-1, UNPRIV, 0))
		_exit(3);
	fd = open_rdwr("/tmp/proc-hide/task_diag");
	if (setresuid(-1, 0, -1) || setresgid(-1, 0, -1))
		_exit(3);
	taskdiag_dump(fd, TASK_DIAG_SHOW_BASE, TASK_DIAG_DUMP_ALL, 0, BIG, &res);
	check(geteuid() == 0 && res.done && res.n == 1 && set_of(&res, getpid()),
	      "opened as uid %d, read as root: still only its own process", UNPRIV);
	taskdiag_result_free(&res);
	close(fd);
	fd = open_rdwr("/tmp/proc-hide/task_diag");
	taskdiag_dump(fd, TASK_DIAG_SHOW_BASE, TASK_DIAG_DUMP_ALL, 0, BIG, &res);
	check(res.done && res.n > 10, "opened as root: every process (%zu)", res.n);
	taskdiag_result_free(&res);
	close(fd);
}

/* In a new pid namespace, with its own procfs: its own numbers only. */
static void pidns_child(void)
{
	struct taskdiag_result res;
	int fd, ok;
	pid_t kid;

	if (unshare(CLONE_NEWPID))
		die("unshare");
	kid = fork();
	if (kid == 0) {
		pid_t gk;

		if (unshare(CLONE_NEWNS) || mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) ||
		    mount("proc", "/proc", "proc", 0, NULL))
			_exit(3);
		gk = fork();
		if (gk == 0) {
			for (;;)
				pause();
		}
		fd = open_rdwr(TASKDIAG_PATH);
		taskdiag_dump(fd, TASK_DIAG_SHOW_BASE, TASK_DIAG_DUMP_ALL, 0, BIG, &res);
		ok = res.n == 2 && taskdiag_find(&res, 1) && taskdiag_find(&res, gk) &&
		     taskdiag_find(&res, 1)->base.ppid == 0 && taskdiag_find(&res, gk)->base.ppid == 1 &&
		     gk == 2;
		check(ok, "new pid namespace: only its own 2 tasks, pids 1 and 2, ppid of 1 is 0");
		taskdiag_result_free(&res);
		verify_dump("/proc", fd, TASK_DIAG_DUMP_ALL, SHOW_EVERY, BIG, "new pid namespace");
		close(fd);
		kill(gk, SIGKILL);
		fflush(stdout);
		_exit(0);
	}
	{
		int st;

		waitpid(kid, &st, 0);
		check(WIFEXITED(st) && WEXITSTATUS(st) == 0, "the namespace's init exited cleanly");
	}
}

/* hidepid=1 (noaccess): the pids are listed, but only readable tasks are shown. */
static void unpriv_noaccess(void)
{
	struct taskdiag_result res;
	int fd, *pids, n, same = 1, readable = 0;
	char path[64];

	become_user(0);
	fd = open_rdwr("/tmp/proc-noaccess/task_diag");
	taskdiag_dump(fd, TASK_DIAG_SHOW_BASE, TASK_DIAG_DUMP_ALL, 0, BIG, &res);
	n = proc_pids("/tmp/proc-noaccess", 0, &pids);
	for (int i = 0; i < n; i++) {
		int f;

		snprintf(path, sizeof(path), "/tmp/proc-noaccess/%d/stat", pids[i]);
		f = open(path, O_RDONLY);
		readable += f >= 0;
		same &= (f >= 0) == set_of(&res, pids[i]);
		if (f >= 0)
			close(f);
	}
	check(res.done && same && (int)res.n == readable && readable >= 1 && n > 10,
	      "hidepid=1: the %d tasks whose stat procfs lets it open, of %d listed (task_diag %zu)",
	      readable, n, res.n);
	taskdiag_result_free(&res);
	close(fd);
	free(pids);
}

/* hidepid=invisible, the named form of 2, and hidepid=ptraceable. */
static void unpriv_named(void)
{
	static const char *const mounts[] = { "/tmp/proc-invisible", "/tmp/proc-ptraceable" };

	become_user(0);
	for (int m = 0; m < 2; m++) {
		struct taskdiag_result res;
		char path[64];
		int fd, *pids, n;

		snprintf(path, sizeof(path), "%s/task_diag", mounts[m]);
		fd = open_rdwr(path);
		taskdiag_dump(fd, TASK_DIAG_SHOW_BASE, TASK_DIAG_DUMP_ALL, 0, BIG, &res);
		n = proc_pids(mounts[m], 0, &pids);
		check(res.done && res.n == 1 && set_of(&res, getpid()) && n == 1 && pids[0] == getpid(),
		      "%s: its own process only, as procfs lists (%d, task_diag %zu)",
		      strchr(mounts[m] + 1, '-') + 1, n, res.n);
		taskdiag_result_free(&res);
		free(pids);
		close(fd);
	}
}

/*
 * uid 1000 in a user namespace mapping its root to 1000 and 0 to 5: uids and gids
 * as the namespace sees them, the unmapped ones as the overflow id, exactly
 * as /proc/PID/status shows them there.
 */
void write_map(const char *file, const char *map)
{
	int fd = open(file, O_WRONLY);

	if (fd < 0 || write(fd, map, strlen(map)) != (ssize_t)strlen(map))
		_exit(3);
	close(fd);
}

/*
 * A child of uid and gid @uid, no supplementary groups, dumpable or not,
 * that waits to be killed (and is, with its parent); returned once it is so.
 */
static pid_t paused_as(uid_t uid, int dumpable)
{
	int p[2];
	pid_t kid;
	char c;

	if (pipe(p))
		_exit(3);
	kid = fork();
	if (kid == 0) {
		if (setgroups(0, NULL) || setresgid(uid, uid, uid) || setresuid(uid, uid, uid))
			_exit(3);
		/* After the uid change, which clears both. */
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		prctl(PR_SET_DUMPABLE, dumpable);
		if (write(p[1], "", 1) != 1)
			_exit(3);
		for (;;)
			pause();
	}
	close(p[1]);
	if (kid < 0 || read(p[0], &c, 1) != 1)
		_exit(3);
	close(p[0]);
	return kid;
}

static void userns_child(void)
{
	struct taskdiag_result res;
	int p[2], go[2], st;
	pid_t other, inner;
	char c, path[64];

	/* A process of uid 2000, unmapped in the namespace. */
	if (pipe(p) || pipe(go))
		_exit(3);
	other = paused_as(2000, 1);
	inner = fork();
	if (inner == 0) {
		int fd, before = failures;

		prctl(PR_SET_PDEATHSIG, SIGKILL);
		become_user(0);
		if (unshare(CLONE_NEWUSER) || write(p[1], "", 1) != 1 || read(go[0], &c, 1) != 1)
			_exit(3);
		fd = open_rdwr(TASKDIAG_PATH);
		taskdiag_dump(fd, TASK_DIAG_SHOW_BASE | TASK_DIAG_SHOW_CRED, TASK_DIAG_DUMP_ALL, 0, BIG,
			      &res);
		{
			struct taskdiag_task *me = taskdiag_find(&res, getpid()), *init = taskdiag_find(&res, 1),
				       *o = taskdiag_find(&res, other);

			check(res.done && me && init && o && me->cred.uid == 0 && me->cred.euid == 0 &&
			      me->cred.gid == 0 && init->cred.uid == 5 && init->cred.fsgid == 5 &&
			      o->cred.uid == 65534 && o->cred.gid == 65534,
			      "user namespace: itself (1000 outside) uid 0, init (0 outside) uid 5, uid 2000 unmapped: 65534 (got %d, %d, %d)",
			      me ? (int)me->cred.uid : -1, init ? (int)init->cred.uid : -1,
			      o ? (int)o->cred.uid : -1);
		}
		taskdiag_result_free(&res);
		/* Every task's ids against /proc/PID/status read here; others' maps stay hidden. */
		verify_dump("/proc", fd, TASK_DIAG_DUMP_ALL, SHOW_EVERY, BIG,
			    "user namespace, against procfs");
		close(fd);
		fflush(stdout);
		_exit(failures != before);
	}
	/* Root outside maps the namespace: its root is 1000, and 0 is 5. */
	if (read(p[0], &c, 1) != 1)
		_exit(3);
	snprintf(path, sizeof(path), "/proc/%d/uid_map", inner);
	write_map(path, "0 1000 1\n5 0 1\n");
	snprintf(path, sizeof(path), "/proc/%d/gid_map", inner);
	write_map(path, "0 1000 1\n5 0 1\n");
	if (write(go[1], "", 1) != 1)
		_exit(3);
	waitpid(inner, &st, 0);
	kill(other, SIGKILL);
	waitpid(other, NULL, 0);
	check(WIFEXITED(st) && WEXITSTATUS(st) == 0, "user namespace: the checks inside finished");
}

/*
 * Pid namespaces two deep, each with its procfs: each level sees its own
 * tasks by its own numbers, and nothing of the levels above.
 */
static void nested_pidns(void)
{
	pid_t mid;
	int st;

	if (unshare(CLONE_NEWPID))
		_exit(3);
	mid = fork();
	if (mid == 0) {
		pid_t inner;

		if (unshare(CLONE_NEWNS) || mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) ||
		    mount("proc", "/proc", "proc", 0, NULL) || unshare(CLONE_NEWPID))
			_exit(3);
		inner = fork();
		if (inner == 0) {
			struct taskdiag_result res;
			pid_t kid;
			int fd;

			if (unshare(CLONE_NEWNS) || mount("proc", "/proc", "proc", 0, NULL))
				_exit(3);
			kid = fork();
			if (kid == 0) {
				for (;;)
					pause();
			}
			fd = open_rdwr(TASKDIAG_PATH);
			taskdiag_dump(fd, TASK_DIAG_SHOW_BASE, TASK_DIAG_DUMP_ALL, 0, BIG, &res);
			check(res.done && res.n == 2 && taskdiag_find(&res, 1) && taskdiag_find(&res, kid) &&
			      kid == 2 && taskdiag_find(&res, 1)->base.ppid == 0,
			      "inner pid namespace: its 2 tasks as 1 and 2, nothing above");
			taskdiag_result_free(&res);
			verify_dump("/proc", fd, TASK_DIAG_DUMP_ALL_THREAD, SHOW_EVERY, BIG,
				    "inner pid namespace, against its procfs");
			close(fd);
			kill(kid, SIGKILL);
			waitpid(kid, NULL, 0);
			fflush(stdout);
			_exit(0);
		}
		{
			struct taskdiag_result res;
			int fd = open_rdwr(TASKDIAG_PATH), ok;

			/* Here: this init (1), the inner init (2), its child (3). */
			usleep(200000);
			taskdiag_dump(fd, TASK_DIAG_SHOW_BASE, TASK_DIAG_DUMP_ALL, 0, BIG, &res);
			ok = res.done && res.n >= 2 && taskdiag_find(&res, 1) && taskdiag_find(&res, inner) &&
			     taskdiag_find(&res, inner)->base.ppid == 1 && taskdiag_find(&res, 1)->base.ppid == 0;
			for (size_t i = 0; i < res.n; i++)
				ok &= res.tasks[i].msg.pid <= 3;
			check(ok, "middle pid namespace: its own tasks by its numbers (%zu), the inner init as %d",
			      res.n, inner);
			taskdiag_result_free(&res);
			close(fd);
			waitpid(inner, &st, 0);
			fflush(stdout);
			_exit(WIFEXITED(st) ? WEXITSTATUS(st) : 1);
		}
	}
	waitpid(mid, &st, 0);
	check(WIFEXITED(st) && WEXITSTATUS(st) == 0, "nested pid namespaces: both levels finished");
}

/* A file passed over a unix socket answers as its opener would. */
static void send_fd(int sock, int fd)
{
	char cbuf[CMSG_SPACE(sizeof(int))] = { 0 };
	struct iovec iov = { .iov_base = "f", .iov_len = 1 };
	struct msghdr m = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = cbuf,
			    .msg_controllen = sizeof(cbuf) };
	struct cmsghdr *c = CMSG_FIRSTHDR(&m);

	c->cmsg_level = SOL_SOCKET;
	c->cmsg_type = SCM_RIGHTS;
	c->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(c), &fd, sizeof(int));
	if (sendmsg(sock, &m, 0) != 1)
		die("sendmsg");
}

static int recv_fd(int sock)
{
	char cbuf[CMSG_SPACE(sizeof(int))], b;
	struct iovec iov = { .iov_base = &b, .iov_len = 1 };
	struct msghdr m = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = cbuf,
			    .msg_controllen = sizeof(cbuf) };
	struct cmsghdr *c;
	int fd;

	if (recvmsg(sock, &m, 0) != 1 || !(c = CMSG_FIRSTHDR(&m)) || c->cmsg_type != SCM_RIGHTS)
		die("recvmsg");
	memcpy(&fd, CMSG_DATA(c), sizeof(int));
	return fd;
}

static void passed_files(void)
{
	struct taskdiag_result res;
	int sv[2], fd, st;
	pid_t kid;

	if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv)) {
		/* The debug kernel is built without unix sockets. */
		if (errno == ENOSYS || errno == EAFNOSUPPORT) {
			printf("ok - files passed over a unix socket # SKIP no unix sockets in this kernel\n");
			return;
		}
		die("socketpair");
	}
	kid = fork();
	if (kid == 0) {
		/* Unprivileged: opens and sends; then receives root's file and uses it. */
		become_user(0);
		fd = open_rdwr("/tmp/proc-hide/task_diag");
		send_fd(sv[1], fd);
		close(fd);
		fd = recv_fd(sv[1]);
		taskdiag_dump(fd, TASK_DIAG_SHOW_BASE, TASK_DIAG_DUMP_ALL, 0, BIG, &res);
		_exit(res.done && res.n > 10 && taskdiag_find(&res, 1) ? 0 : 1);
	}
	fd = recv_fd(sv[0]);
	taskdiag_dump(fd, TASK_DIAG_SHOW_BASE, TASK_DIAG_DUMP_ALL, 0, BIG, &res);
	check(res.done && res.n == 1 && taskdiag_find(&res, kid),
	      "a file opened by uid %d (hidepid=2) and passed to root answers root with the opener's view: its process only (%zu)",
	      UNPRIV, res.n);
	taskdiag_result_free(&res);
	close(fd);
	fd = open_rdwr("/tmp/proc-hide/task_diag");
	send_fd(sv[0], fd);
	close(fd);
	waitpid(kid, &st, 0);
	check(WIFEXITED(st) && WEXITSTATUS(st) == 0,
	      "a file opened by root and passed to uid %d is root's view, delegated like any procfs file",
	      UNPRIV);
	close(sv[0]);
	close(sv[1]);
}

/* A file's text as this process reads it, "" where it cannot. */
static void read_text(const char *path, char *buf, size_t size)
{
	char *s = read_file(path, NULL);

	snprintf(buf, size, "%s", s ? s : "");
	free(s);
}

static void read_wchan(pid_t pid, char *buf, size_t size)
{
	char path[64];

	snprintf(path, sizeof(path), "/proc/%d/wchan", pid);
	read_text(path, buf, size);
}

/*
 * WCHAN is procfs's own answer, ptrace check included: uid 1000 reads "0"
 * for every other user's task, as procfs tells it, where root reads where
 * init waits.
 */
static void unpriv_wchan(void)
{
	struct taskdiag_result res;
	int fd, others = 0, same = 1;
	char w[512];

	become_user(0);
	fd = open_rdwr(TASKDIAG_PATH);
	taskdiag_dump(fd, TASK_DIAG_SHOW_BASE | TASK_DIAG_SHOW_CRED | TASK_DIAG_SHOW_WCHAN,
		      TASK_DIAG_DUMP_ALL, 0, BIG, &res);
	for (size_t i = 0; i < res.n; i++) {
		struct taskdiag_task *t = &res.tasks[i];

		if (t->cred.euid == UNPRIV)
			continue;
		others++;
		read_wchan(t->msg.pid, w, sizeof(w));
		if (!t->has_wchan || strcmp(t->wchan, "0") || strcmp(w, "0")) {
			diag("pid %u: wchan '%s', procfs '%s'", t->msg.pid,
			     t->has_wchan ? t->wchan : "(none)", w);
			same = 0;
		}
	}
	check(res.done && !res.violation[0] && same && others > 10,
	      "uid %d: WCHAN of every other user's task is \"0\", as procfs says (%d tasks)", UNPRIV,
	      others);
	taskdiag_result_free(&res);
	close(fd);
}

/*
 * A file opened by uid 1000 and passed to root: WCHAN is the opener's
 * answer ("0" for init), not root's, which names the function init waits in.
 */
/* /proc/task_diag as uid 1000 opened it and passed it here; -1 without unix sockets. */
static int opened_by_unpriv(void)
{
	int sv[2], fd, st;
	pid_t kid;

	if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv))
		return -1;
	kid = fork();
	if (kid == 0) {
		become_user(0);
		fd = open_rdwr(TASKDIAG_PATH);
		send_fd(sv[1], fd);
		_exit(0);
	}
	fd = recv_fd(sv[0]);
	waitpid(kid, &st, 0);
	close(sv[0]);
	close(sv[1]);
	return fd;
}

static void passed_wchan(void)
{
	struct taskdiag_result res;
	int fd = opened_by_unpriv();
	char w[512];

	if (fd < 0) {
		printf("ok - WCHAN through a passed file # SKIP no unix sockets in this kernel\n");
		return;
	}
	read_wchan(1, w, sizeof(w));
	if (!strcmp(w, "0")) {
		/* 5.10's x86 get_wchan() walks frame pointers, which Debian builds without. */
		printf("ok - WCHAN through a passed file # SKIP root reads \"0\" for init here too\n");
		close(fd);
		return;
	}
	taskdiag_dump(fd, TASK_DIAG_SHOW_BASE | TASK_DIAG_SHOW_WCHAN, TASK_DIAG_DUMP_ONE, 1, BIG,
		      &res);
	check(res.done && res.n == 1 && res.tasks[0].has_wchan && !strcmp(res.tasks[0].wchan, "0") &&
	      strcmp(w, "0") && w[0],
	      "a file opened by uid %d and passed to root: init's WCHAN is \"0\", the opener's answer, not root's '%s'",
	      UNPRIV, w);
	taskdiag_result_free(&res);
	close(fd);
}

static void *blocked_reader(void *arg)
{
	char c;

	/* Waits in a pipe's read until the process ends. */
	if (read(*(int *)arg, &c, 1) < 0)
		return NULL;
	return NULL;
}

/*
 * The worker: a file opened by uid 1000 and passed to root, which dumps its
 * own threads with WCHAN.  procfs lets a reader through to its own thread
 * group unasked; the opener is not the reader, so each must be "0", while
 * root's own read names where its thread waits.
 */
static void passed_wchan_own(void)
{
	struct taskdiag_result res;
	int fd = opened_by_unpriv(), pipefd[2], zeros = 0;
	char w[512], path[64];
	pthread_t t;

	if (fd < 0 || pipe(pipefd)) {
		printf("ok - WCHAN of the reader's own threads # SKIP no unix sockets in this kernel\n");
		return;
	}
	if (pthread_create(&t, NULL, blocked_reader, &pipefd[0]))
		die("pthread_create");
	usleep(200000);
	taskdiag_dump(fd, TASK_DIAG_SHOW_BASE | TASK_DIAG_SHOW_WCHAN, TASK_DIAG_DUMP_THREAD,
		      getpid(), BIG, &res);
	for (size_t i = 0; i < res.n; i++)
		zeros += res.tasks[i].has_wchan && !strcmp(res.tasks[i].wchan, "0");
	/* The blocked thread's own wchan, read here: not "0" where the kernel names it. */
	w[0] = '\0';
	for (size_t i = 0; i < res.n; i++)
		if (res.tasks[i].msg.pid != (uint32_t)getpid()) {
			snprintf(path, sizeof(path), "/proc/self/task/%u/wchan", res.tasks[i].msg.pid);
			read_text(path, w, sizeof(w));
		}
	if (!strcmp(w, "0"))
		printf("ok - WCHAN of the reader's own threads # SKIP root reads \"0\" here too\n");
	else
		check(res.done && res.n == 2 && zeros == 2 && w[0],
		      "a file opened by uid %d and passed to root: root's own threads' WCHAN is \"0\" (%d of %zu), the opener's answer, not root's '%s'",
		      UNPRIV, zeros, res.n, w);
	taskdiag_result_free(&res);
	close(pipefd[1]);
	pthread_join(t, NULL);
	close(pipefd[0]);
	close(fd);
}

/*
 * Over-mounts: in a user and mount namespace of its own, uid 1000 mounts
 * /dev/null over an undumpable same-user process's maps and a procfs file
 * over its own thread's wchan, in its copy of /proc.  procfs through that
 * mount would show what was mounted there; task_diag takes neither: no
 * maps for the undumpable process, no WCHAN for the thread.
 */
static void overmounts(void)
{
	struct taskdiag_result res;
	int pipefd[2], fd, vma = -1, wchan = -1;
	char path[64], w[512];
	pthread_t t;
	pid_t undumpable;

	if (pipe(pipefd))
		_exit(3);
	undumpable = paused_as(UNPRIV, 0);
	become_user(0);
	/* Dumpable again (the uid change made it not), to write its own maps. */
	prctl(PR_SET_DUMPABLE, 1);
	if (unshare(CLONE_NEWUSER | CLONE_NEWNS)) {
		printf("ok - over-mounts in /proc # SKIP no unprivileged user namespaces (%s)\n",
		       strerror(errno));
		kill(undumpable, SIGKILL);
		return;
	}
	write_map("/proc/self/setgroups", "deny");
	write_map("/proc/self/uid_map", "0 1000 1\n");
	write_map("/proc/self/gid_map", "0 1000 1\n");
	if (pthread_create(&t, NULL, blocked_reader, &pipefd[0]))
		die("pthread_create");
	usleep(200000);
	snprintf(path, sizeof(path), "/proc/%d/maps", undumpable);
	if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) ||
	    mount("/dev/null", path, NULL, MS_BIND, NULL)) {
		printf("ok - over-mounts in /proc # SKIP mount: %s\n", strerror(errno));
		kill(undumpable, SIGKILL);
		return;
	}
	fd = open_rdwr(TASKDIAG_PATH);
	taskdiag_dump(fd, TASK_DIAG_SHOW_BASE | TASK_DIAG_SHOW_VMA, TASK_DIAG_DUMP_ONE, undumpable,
		      BIG, &res);
	if (res.n == 1)
		vma = res.tasks[0].has_vma;
	taskdiag_result_free(&res);
	taskdiag_dump(fd, TASK_DIAG_SHOW_BASE | TASK_DIAG_SHOW_WCHAN, TASK_DIAG_DUMP_THREAD,
		      getpid(), BIG, &res);
	for (size_t i = 0; i < res.n; i++)
		if (res.tasks[i].msg.pid != (uint32_t)getpid()) {
			snprintf(path, sizeof(path), "/proc/%u/wchan", res.tasks[i].msg.pid);
			if (!mount("/proc/sys/kernel/ostype", path, NULL, MS_BIND, NULL)) {
				taskdiag_result_free(&res);
				taskdiag_dump(fd, TASK_DIAG_SHOW_BASE | TASK_DIAG_SHOW_WCHAN,
					      TASK_DIAG_DUMP_THREAD, getpid(), BIG, &res);
				read_text(path, w, sizeof(w));
				wchan = 0;
			}
			break;
		}
	for (size_t i = 0; wchan == 0 && i < res.n; i++)
		if (res.tasks[i].msg.pid != (uint32_t)getpid() && res.tasks[i].has_wchan)
			wchan = 1;
	check(vma == 0, "uid %d's /dev/null over an undumpable process's maps in its /proc: no maps given",
	      UNPRIV);
	check(wchan == 0 && !strncmp(w, "Linux", 5),
	      "uid %d's ostype over its own thread's wchan (procfs now says '%.20s'): no WCHAN given",
	      UNPRIV, w);
	taskdiag_result_free(&res);
	close(fd);
	kill(undumpable, SIGKILL);
	waitpid(undumpable, NULL, 0);
	close(pipefd[1]);
	pthread_join(t, NULL);
}

/* Opened by uid 1000, handed to a setuid-root program: still uid 1000's view. */
static void setuid_handoff(void)
{
	const char *copy = suid_copy();
	int st, fd;
	char arg[16];
	pid_t kid;

	kid = fork();
	if (kid == 0) {
		become_user(0);
		fd = open_rdwr("/tmp/proc-hide/task_diag");
		snprintf(arg, sizeof(arg), "%d", fd);
		execl(copy, copy, "--suid-read", arg, (char *)NULL);
		_exit(5);
	}
	waitpid(kid, &st, 0);
	check(WIFEXITED(st) && WEXITSTATUS(st) == 0,
	      "a file opened by uid %d (hidepid=2) and used by a setuid-root program it runs: the opener's view, without that program; the program's own file: everything (status %d)",
	      UNPRIV, WIFEXITED(st) ? WEXITSTATUS(st) : -1);
}

/* procfs instances with every hidepid= (and subset=pid), for the visibility checks. */
void mount_procs(void)
{
	if (mkdir("/tmp/proc-hide", 0755) && errno != EEXIST)
		die("mkdir");
	mkdir("/tmp/proc-gid", 0755);
	mkdir("/tmp/proc-subset", 0755);
	mkdir("/tmp/proc-noaccess", 0755);
	mkdir("/tmp/proc-invisible", 0755);
	mkdir("/tmp/proc-ptraceable", 0755);
	if (mount("proc", "/tmp/proc-hide", "proc", 0, "hidepid=2") ||
	    mount("proc", "/tmp/proc-gid", "proc", 0, "hidepid=2,gid=3000") ||
	    mount("proc", "/tmp/proc-subset", "proc", 0, "subset=pid") ||
	    mount("proc", "/tmp/proc-noaccess", "proc", 0, "hidepid=1") ||
	    mount("proc", "/tmp/proc-invisible", "proc", 0, "hidepid=invisible") ||
	    mount("proc", "/tmp/proc-ptraceable", "proc", 0, "hidepid=ptraceable"))
		die("mount proc");
}

void test_visibility(void)
{
	in_child(unpriv_plain, "uid 1000");
	in_child(unpriv_hidden, "uid 1000");
	in_child(unpriv_gid, "uid 1000 in group 3000");
	in_child(opener_creds, "opener");
	in_child(pidns_child, "pidns");
	in_child(unpriv_noaccess, "uid 1000");
	in_child(unpriv_named, "uid 1000");
	in_child(userns_child, "userns");
	in_child(nested_pidns, "nested pidns");
	in_child(passed_files, "SCM_RIGHTS");
	in_child(overmounts, "over-mounts");
	/* Kernels without kallsyms (the debug kernel) have no wchan file. */
	if ((SHOW_EVERY & TASK_DIAG_SHOW_NAME) && !access("/proc/1/wchan", R_OK)) {
		in_child(unpriv_wchan, "uid 1000");
		in_child(passed_wchan, "SCM_RIGHTS");
		in_child(passed_wchan_own, "SCM_RIGHTS");
	}
	setuid_handoff();
	{
		int fd = open_rdwr("/tmp/proc-hide/task_diag");

		verify_dump("/tmp/proc-hide", fd, TASK_DIAG_DUMP_ALL, SHOW_EVERY, BIG,
			    "root through hidepid=2: everything");
		close(fd);
	}
}

/* The procfs instances test_visibility() mounted, which the later tests use too. */
void umount_procs(void)
{
	umount("/tmp/proc-hide");
	umount("/tmp/proc-gid");
	umount("/tmp/proc-subset");
	umount("/tmp/proc-noaccess");
	umount("/tmp/proc-invisible");
	umount("/tmp/proc-ptraceable");
}
