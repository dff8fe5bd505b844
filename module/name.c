// SPDX-License-Identifier: GPL-2.0
/*
 * NAME and WCHAN: what procfs prints from functions modules cannot call
 * (proc_task_name()'s wq_worker_comm() and get_kthread_comm(), get_wchan()),
 * read from procfs itself (td_read_procfs()).
 */
#include <linux/sched.h>
#include <linux/string.h>
#include "internal.h"
#include "msg.h"

/* A NUL-terminated string attribute of @len bytes and its NUL. */
static int td_put_text(struct td_out *out, int type, const char *text, size_t len)
{
	char *p = td_nla_reserve(out, type, len + 1);

	if (!p)
		return -EMSGSIZE;
	memcpy(p, text, len);
	p[len] = '\0';
	return 0;
}

/*
 * stat's and comm's name: a user task's is its comm; a kernel thread's may
 * be longer (its full name, a worker's workqueue), which only procfs tells.
 * A kernel thread that goes while it is asked keeps its comm.
 */
int td_fill_name(struct td_file *f, struct task_struct *task, struct td_out *out)
{
	char comm[TASK_COMM_LEN];
	char *name = f->scratch;
	ssize_t n = -ENOENT;

	BUILD_BUG_ON(TASK_DIAG_NAME_LEN + 1 > PAGE_SIZE);
	/* comm's text: the name, at most TASK_DIAG_NAME_LEN - 1 bytes, and a newline. */
	if (task->flags & PF_KTHREAD)
		n = td_read_procfs(f, task, "comm", name, TASK_DIAG_NAME_LEN + 1, false);
	if (n > 0 && name[n - 1] == '\n')
		name[--n] = '\0';
	if (n > TASK_DIAG_NAME_LEN - 1)
		n = TASK_DIAG_NAME_LEN - 1;
	if (n <= 0) {
		get_task_comm(comm, task);
		name = comm;
		n = strlen(comm);
	}
	return td_put_text(out, TASK_DIAG_NAME, name, n);
}

/* /proc/PID/wchan, as the opener would read it; nothing where it could not. */
int td_fill_wchan(struct td_file *f, struct task_struct *task, struct td_out *out)
{
	ssize_t n;

	BUILD_BUG_ON(TASK_DIAG_WCHAN_LEN > PAGE_SIZE);
	n = td_read_procfs(f, task, "wchan", f->scratch, TASK_DIAG_WCHAN_LEN, true);
	if (n < 0)
		return 0;
	return td_put_text(out, TASK_DIAG_WCHAN, f->scratch, n);
}
