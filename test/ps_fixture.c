// SPDX-License-Identifier: GPL-2.0
/*
 * ps_fixture: quiet processes for test/vm-ps.sh that a shell cannot make.
 *   ps_fixture threads        a process of three threads
 *   ps_fixture pty            a session on a pty: its leader, a foreground job and a
 *                             background one
 *   ps_fixture user UID       a process of another user
 *   ps_fixture locked         a process with locked memory (STAT's L)
 * Each pauses until killed; the command returns once it is set up.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/wait.h>

static void *idle(void *arg)
{
	(void)arg;
	for (;;)
		pause();
	return NULL;
}

static void die(const char *what)
{
	perror(what);
	exit(1);
}

/* Detach: the caller goes on once the child has set itself up (it writes to @fd). */
static void ready(int fd)
{
	if (write(fd, "x", 1) != 1)
		die("write");
	close(fd);
}

static void pty_session(int done)
{
	int master = posix_openpt(O_RDWR | O_NOCTTY), slave, go[2];
	pid_t fg, bg;

	if (master < 0 || grantpt(master) || unlockpt(master))
		die("pty");
	if (setsid() < 0)
		die("setsid");
	slave = open(ptsname(master), O_RDWR);	/* its controlling terminal now */
	if (slave < 0 || ioctl(slave, TIOCSCTTY, 0))
		die("ctty");
	if (pipe(go))
		die("pipe");
	fg = fork();
	if (fg == 0) {
		setpgid(0, 0);
		ready(go[1]);
		idle(NULL);
	}
	bg = fork();
	if (bg == 0) {
		setpgid(0, 0);
		idle(NULL);
	}
	if (read(go[0], &(char){ 0 }, 1) != 1)
		die("read");
	setpgid(bg, bg);
	if (tcsetpgrp(slave, fg))
		die("tcsetpgrp");
	ready(done);
	idle(NULL);
}

int main(int argc, char **argv)
{
	int go[2];
	pid_t kid;

	if (argc < 2 || pipe(go))
		return 2;
	kid = fork();
	if (kid < 0)
		die("fork");
	if (kid) {
		char c;

		close(go[1]);
		return read(go[0], &c, 1) == 1 ? 0 : 1;
	}
	close(go[0]);
	if (!strcmp(argv[1], "threads")) {
		pthread_t t;

		for (int i = 0; i < 2; i++)
			if (pthread_create(&t, NULL, idle, NULL))
				die("pthread_create");
		ready(go[1]);
		idle(NULL);
	} else if (!strcmp(argv[1], "pty")) {
		pty_session(go[1]);
	} else if (!strcmp(argv[1], "user") && argc == 3) {
		uid_t uid = atoi(argv[2]);

		if (setgid(uid) || setuid(uid))
			die("setuid");
		ready(go[1]);
		idle(NULL);
	} else if (!strcmp(argv[1], "locked")) {
		void *p = mmap(NULL, 1 << 16, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

		if (p == MAP_FAILED || mlock(p, 1 << 16))
			die("mlock");
		ready(go[1]);
		idle(NULL);
	}
	return 2;
}
