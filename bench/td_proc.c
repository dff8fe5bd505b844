// SPDX-License-Identifier: GPL-2.0
/*
 * td_proc: the processes of td_bench -d, shaped like a host's rather than
 * like forks of one static binary: dynamically linked (libc, libm, libz,
 * libelf and the loader: each its own text, data and relro mappings), a
 * heap in use, anonymous regions of three kinds, a stack, and its threads'
 * stacks and malloc arenas.  The first HEAVY of them also map MAPS more
 * regions each, alternately anonymous and of a file, as a JVM or a
 * browser holds thousands.
 *
 *   td_proc -n PROCS -t THREADS [-H HEAVY] [-M MAPS] -w FD
 *
 * It makes PROCS processes (itself the first, then forks of it), writes
 * each one's pid to FD (four bytes, in host order) once it has all its
 * threads and mappings, and they all sleep until killed.
 */
#define _GNU_SOURCE
#include <gelf.h>
#include <math.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>
#include <sys/mman.h>

static void die(const char *what)
{
	perror(what);
	exit(1);
}

/* A thread: some memory of its own (glibc gives it an arena), then asleep. */
static void *sleeper(void *arg)
{
	char *p = malloc(4096);

	if (p)
		memset(p, 1, 4096);
	*(char **)arg = p;
	for (;;)
		pause();
	return NULL;
}

/* Anonymous regions of three kinds: private in use, a reserved hole, shared. */
static void regions(void)
{
	char *rw = mmap(NULL, 256 << 10, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	void *none = mmap(NULL, 1 << 20, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE,
			  -1, 0);
	char *shared = mmap(NULL, 64 << 10, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS,
			    -1, 0);

	if (rw == MAP_FAILED || none == MAP_FAILED || shared == MAP_FAILED)
		die("mmap");
	memset(rw, 2, 64 << 10);
	shared[0] = 3;
}

/*
 * @n more mappings, none merging with its neighbour: anonymous read-write
 * and a read-only page of @path in turn.
 */
static void many(const char *path, int n)
{
	FILE *f = fopen(path, "r");

	if (!f)
		die(path);
	for (int i = 0; i < n; i++) {
		void *p = i & 1 ?
			mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, fileno(f), 0) :
			mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

		if (p == MAP_FAILED)
			die("mmap");
	}
	fclose(f);
}

/* Be one of the processes: threads, the heavy one's mappings, then say so and sleep. */
static void become(int threads, int maps, int fd)
{
	pthread_attr_t attr;
	char *mem[64];
	pthread_t t;
	int32_t pid = getpid();

	pthread_attr_init(&attr);
	pthread_attr_setstacksize(&attr, 128 << 10);
	for (int j = 1; j < threads; j++)
		if (pthread_create(&t, &attr, sleeper, &mem[j % 64]))
			die("pthread_create");
	if (maps)
		many("/proc/self/exe", maps);
	if (write(fd, &pid, sizeof(pid)) != sizeof(pid))
		die("write");
	close(fd);
	for (;;)
		pause();
}

int main(int argc, char **argv)
{
	long procs = 1, heavy = 0;
	int threads = 1, maps = 2000, fd = -1, opt;
	volatile double x = 2.0;
	z_stream z = { 0 };
	char *heap;

	while ((opt = getopt(argc, argv, "n:t:H:M:w:")) != -1) {
		switch (opt) {
		case 'n': procs = atol(optarg); break;
		case 't': threads = atoi(optarg); break;
		case 'H': heavy = atol(optarg); break;
		case 'M': maps = atoi(optarg); break;
		case 'w': fd = atoi(optarg); break;
		default:
			fprintf(stderr, "usage: %s -n PROCS -t THREADS [-H HEAVY] [-M MAPS] -w FD\n",
				argv[0]);
			return 2;
		}
	}
	if (procs < 1 || threads < 1 || heavy < 0 || maps < 0 || fd < 0)
		die("td_proc: bad arguments");
	/* Use each library, so that none is only a name in the dynamic section. */
	if (deflateInit(&z, 6) != Z_OK || elf_version(EV_CURRENT) == EV_NONE || cbrt(x) <= 1.0)
		die("libraries");
	deflateEnd(&z);
	heap = malloc(1 << 20);
	if (!heap)
		die("malloc");
	memset(heap, 1, 128 << 10);
	regions();
	for (long i = 1; i < procs; i++) {
		pid_t pid = fork();

		if (pid < 0)
			die("fork");
		if (pid == 0)
			become(threads, i <= heavy ? maps : 0, fd);
	}
	become(threads, 0, fd);
	return 0;
}
