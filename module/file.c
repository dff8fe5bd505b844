// SPDX-License-Identifier: GPL-2.0
/*
 * The file interface: /proc/task_diag.  write() takes a request, read()
 * returns the answer, whole netlink messages only.  Each open file is one
 * transaction at a time; its mutex serializes threads sharing it.  Every
 * permission decision uses the opener's credentials, which are installed
 * around the work of write() and read().
 */
#include <linux/cgroup.h>
#include <linux/cred.h>
#include <linux/nsproxy.h>
#include <linux/fs.h>
#include <linux/mm.h>
#include <linux/pid.h>
#include <linux/proc_fs.h>
#include <linux/sched.h>
#include <linux/sched/mm.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include <linux/time_namespace.h>
#include <linux/uaccess.h>
#include "internal.h"

/* The groups that need a page of scratch: titles, paths. */
#define TD_SHOW_SCRATCH	(TASK_DIAG_SHOW_CMDLINE | TASK_DIAG_SHOW_VMA | TASK_DIAG_SHOW_CGROUP | \
			 TASK_DIAG_SHOW_NAME | TASK_DIAG_SHOW_WCHAN)

static int td_open(struct inode *inode, struct file *file)
{
	struct timespec64 boot = {};
	struct td_file *f;

	f = kzalloc(sizeof(*f), GFP_KERNEL_ACCOUNT);
	if (!f)
		return -ENOMEM;
	mutex_init(&f->lock);
	f->file = file;
	f->sb = inode->i_sb;
	/* The open file pins the procfs superblock, which pins its pid namespace. */
	f->ns = proc_pid_ns(inode->i_sb);
	/* Its own process, for access.c: held as a number would be, never used as memory. */
	f->opener_mm = current->mm;
	if (f->opener_mm)
		mmgrab(f->opener_mm);
	f->opener_tgid = get_pid(task_tgid(current));
	/* Start times are told in the opener's time namespace, as its stat would. */
	timens_add_boottime(&boot);
	f->boot_offset = timespec64_to_ns(&boot);
	/* And cgroup paths relative to its cgroup namespace, as its /proc/PID/cgroup would. */
	f->cgroup_ns = current->nsproxy->cgroup_ns;
	get_cgroup_ns(f->cgroup_ns);
	file->private_data = f;
	return stream_open(inode, file);
}

static void td_dump_release(struct td_file *f)
{
	put_pid(f->dump.target);
	f->dump.target = NULL;
	f->active = false;
}

static void td_buf_free(struct td_file *f)
{
	kvfree(f->buf);
	f->buf = NULL;
	f->buf_size = 0;
}

static int td_release(struct inode *inode, struct file *file)
{
	struct td_file *f = file->private_data;

	td_dump_release(f);
	td_buf_free(f);
	free_page((unsigned long)f->scratch);
	put_cgroup_ns(f->cgroup_ns);
	if (f->opener_mm)
		mmdrop(f->opener_mm);
	put_pid(f->opener_tgid);
	kfree(f);
	return 0;
}

/*
 * A valid request replaces whatever response is still unread; an invalid
 * one (a group this version does not give included) fails with -EINVAL
 * and leaves the file as it was.
 */
static ssize_t td_write(struct file *file, const char __user *ubuf, size_t count, loff_t *ppos)
{
	char kbuf[TD_REQ_WRITE_MAX];
	struct td_file *f = file->private_data;
	const struct cred *old;
	struct td_request req;
	int err;

	if (count > sizeof(kbuf))
		return -EINVAL;
	if (copy_from_user(kbuf, ubuf, count))
		return -EFAULT;
	err = td_request_parse(kbuf, count, &req);
	if (err)
		return err;

	if (mutex_lock_killable(&f->lock))
		return -EINTR;
	if ((req.show_flags & TD_SHOW_SCRATCH) && !f->scratch) {
		f->scratch = (char *)__get_free_page(GFP_KERNEL_ACCOUNT);
		if (!f->scratch) {
			mutex_unlock(&f->lock);
			return -ENOMEM;
		}
	}
	td_dump_release(f);
	f->dump.req = req;
	old = override_creds(file->f_cred);
	td_iter_start(f);
	revert_creds(old);
	f->active = true;
	mutex_unlock(&f->lock);
	return count;
}

/*
 * The response is built in a buffer of TD_BUF_SIZE at the most (smaller for
 * smaller reads) and copied out a buffer at a time, so that a large read
 * costs no large allocation; it goes when the dump ends.
 */
static int td_buf_reserve(struct td_file *f, size_t size)
{
	if (f->buf_size >= size)
		return 0;
	td_buf_free(f);
	f->buf = kvmalloc(size, GFP_KERNEL_ACCOUNT);
	if (!f->buf)
		return -ENOMEM;
	f->buf_size = size;
	return 0;
}

static ssize_t td_read(struct file *file, char __user *ubuf, size_t count, loff_t *ppos)
{
	struct td_file *f = file->private_data;
	struct td_cursor saved;
	const struct cred *old;
	struct td_out out;
	size_t done = 0;
	ssize_t ret;

	if (!count)
		return 0;
	if (mutex_lock_killable(&f->lock))
		return -EINTR;
	ret = 0;
	if (!f->active || f->dump.cur.done)
		goto out;
	count = min_t(size_t, count, TD_READ_MAX);
	ret = td_buf_reserve(f, min_t(size_t, count, TD_BUF_SIZE));
	if (ret)
		goto out;

	f->asks = 0;
	while (done < count && !f->dump.cur.done && f->asks < TD_ASKS_PER_READ) {
		out.data = f->buf;
		out.len = 0;
		out.size = min_t(size_t, count - done, f->buf_size);
		saved = f->dump.cur;
		old = override_creds(file->f_cred);
		ret = td_dump_fill(f, &out);
		revert_creds(old);
		if (ret <= 0)
			break;
		if (copy_to_user(ubuf + done, f->buf, ret)) {
			f->dump.cur = saved;	/* nothing of this piece was consumed */
			ret = -EFAULT;
			break;
		}
		done += ret;
	}
	/* What was copied counts; an error or a full buffer only ends this read. */
	if (done)
		ret = done;
	if (f->dump.cur.done)
		td_buf_free(f);
out:
	mutex_unlock(&f->lock);
	return ret;
}

static const struct proc_ops td_proc_ops = {
	.proc_open	= td_open,
	.proc_read	= td_read,
	.proc_write	= td_write,
	.proc_release	= td_release,
};

/*
 * Anyone may open it, like /proc/PID/stat: what each opener is shown is
 * decided by the opener's own credentials.
 */
static const umode_t td_mode = 0666;

/*
 * /proc/task_diag, and /proc/task-diag, the name the series' last clients
 * open, as a symlink to it.
 */
int td_proc_init(void)
{
	if (!proc_create("task_diag", td_mode, NULL, &td_proc_ops))
		return -ENOMEM;
	if (!proc_symlink("task-diag", NULL, "task_diag")) {
		remove_proc_entry("task_diag", NULL);
		return -ENOMEM;
	}
	return 0;
}

/* procfs waits for running calls and releases files still open. */
void td_proc_exit(void)
{
	remove_proc_entry("task-diag", NULL);
	remove_proc_entry("task_diag", NULL);
}
