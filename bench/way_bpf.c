// SPDX-License-Identifier: GPL-2.0
/* td_bench: the in-kernel floor: a BPF task iterator (td_iter.bpf.c). */
#include "bench.h"

/*
 * The in-kernel floor: td_iter.bpf.o's task iterator writes a struct
 * task_diag_base per process.  Loaded and attached once; each run opens a
 * new iterator on the link, reads it to the end and closes it.
 */
const char *bpf_obj_path;
static int bpf_link_fd = -1;

void bpf_init(void)
{
	struct bpf_object *obj = bpf_object__open_file(bpf_obj_path, NULL);
	struct bpf_program *prog;
	struct bpf_link *link;

	if (!obj || bpf_object__load(obj)) {
		fprintf(stderr, "td_bench: cannot load %s\n", bpf_obj_path);
		exit(2);
	}
	prog = bpf_object__find_program_by_name(obj, "task_base");
	link = prog ? bpf_program__attach_iter(prog, NULL) : NULL;
	if (!link) {
		fprintf(stderr, "td_bench: cannot attach the task iterator of %s\n", bpf_obj_path);
		exit(2);
	}
	bpf_link_fd = bpf_link__fd(link);
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
