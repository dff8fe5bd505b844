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

static void userns_child(void)
{
	struct taskdiag_result res;
	int p[2], go[2], st;
	pid_t other, inner;
	char c, path[64];

	/* A process of uid 2000, unmapped in the namespace. */
	if (pipe(p) || pipe(go))
		_exit(3);
	other = fork();
	if (other == 0) {
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		if (setresgid(2000, 2000, 2000) || setresuid(2000, 2000, 2000))
			_exit(3);
		if (write(p[1], "", 1) != 1)
			_exit(3);
		for (;;)
			pause();
	}
	if (read(p[0], &c, 1) != 1)
		_exit(3);
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
