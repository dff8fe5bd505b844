// SPDX-License-Identifier: GPL-2.0
/* td_bench: the in-kernel floor: a BPF task iterator (td_iter.bpf.c). */
#include "bench.h"

/*
 * The in-kernel floor: td_iter.bpf.o's task iterator writes a struct
 * task_diag_base per process.  Loaded and attached once; each run opens a
 * new iterator on the link, reads it to the end and closes it.
 */
const char *bpf_obj_path;
static int bpf_link_fd = -1, walk_link_fd = -1;

static int attach(struct bpf_object *obj, const char *name)
{
	struct bpf_program *prog = bpf_object__find_program_by_name(obj, name);
	struct bpf_link *link = prog ? bpf_program__attach_iter(prog, NULL) : NULL;

	if (!link) {
		fprintf(stderr, "td_bench: cannot attach the task iterator %s of %s\n", name,
			bpf_obj_path);
		exit(2);
	}
	return bpf_link__fd(link);
}

/* Both programs, loaded and attached once: the "bpf.load" pass counts this. */
void bpf_init(void)
{
	struct bpf_object *obj = bpf_object__open_file(bpf_obj_path, NULL);

	if (!obj || bpf_object__load(obj)) {
		fprintf(stderr, "td_bench: cannot load %s\n", bpf_obj_path);
		exit(2);
	}
	bpf_link_fd = attach(obj, "task_base");
	walk_link_fd = attach(obj, "task_walk");
}

/*
 * The bare walk (task_walk): nothing but the number of processes passed,
 * which is all the set gets (s->n, no rows).
 */
void via_bpf_walk(struct set *s)
{
	uint32_t walked = 0;
	size_t have = 0;
	ssize_t n;
	int fd;

	if (walk_link_fd < 0)
		bpf_init();
	fd = bpf_iter_create(walk_link_fd);
	if (fd < 0)
		die("bpf_iter_create");
	while ((n = read(fd, buf + have, buf_size - have)) > 0) {
		s->reads++;
		s->bytes += n;
		have += n;
	}
	if (n < 0 || have != sizeof(walked))
		die("read the walking task iterator");
	memcpy(&walked, buf, sizeof(walked));
	s->n = walked;
	close(fd);
}

void via_bpf_iter(struct set *s)
{
	const size_t size = sizeof(struct task_diag_base);
	size_t have = 0;
	ssize_t n;
	int fd;

	if (bpf_link_fd < 0)
		bpf_init();
	fd = bpf_iter_create(bpf_link_fd);
	if (fd < 0)
		die("bpf_iter_create");
	while ((n = read(fd, buf + have, buf_size - have)) > 0) {
		size_t i;

		s->reads++;
		s->bytes += n;
		have += n;
		for (i = 0; i + size <= have; i += size) {
			const struct task_diag_base *b = (const void *)(buf + i);
			struct row *r = set_row(s, b->pid);

			r->tgid = b->tgid;
			r->ppid = b->ppid;
			r->pgid = b->pgid;
			r->sid = b->sid;
			r->state = taskdiag_state_char(b->state);
			memcpy(r->comm, b->comm, TASK_DIAG_COMM_LEN);
		}
		have -= i;
		memmove(buf, buf + i, have);
	}
	if (n < 0)
		die("read the task iterator");
	close(fd);
}
