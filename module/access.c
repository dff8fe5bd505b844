// SPDX-License-Identifier: GPL-2.0
/*
 * What the opener may see.  Every decision here runs with the opener's
 * credentials installed (file.c overrides them around write() and read()),
 * so current_cred() is file->f_cred, whoever calls.
 */
#include <linux/capability.h>
#include <linux/cred.h>
#include <linux/pid.h>
#include <linux/proc_fs.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include "task_diag.h"

/*
 * May the opener read everything procfs keeps behind ptrace_may_access()?
 * Modules cannot call it (it is not exported) nor ask the LSMs, so this
 * grants only what no LSM policy takes away from procfs either: the opener's
 * own process, or an opener with CAP_SYS_PTRACE over the task's user
 * namespace.  Called under rcu_read_lock().
 */
static bool td_may_read(struct td_file *f, struct task_struct *task)
{
	if (task_tgid(task) == f->opener_tgid)
		return true;
	return ns_capable_noaudit(__task_cred(task)->user_ns, CAP_SYS_PTRACE);
}

/*
 * Mirrors has_pid_permissions() in fs/proc/base.c for the files task_diag
 * stands for (/proc/PID/stat, status, cmdline): with hidepid= set, a task
 * is shown only to members of the gid= group or to openers who may read it.
 * Called under rcu_read_lock().
 */
bool td_task_visible(struct td_file *f, struct task_struct *task)
{
	struct proc_fs_info *fsi = proc_sb_info(f->sb);

	if (fsi->hide_pid == HIDEPID_NOT_PTRACEABLE)
		return td_may_read(f, task);
	if (fsi->hide_pid < HIDEPID_NO_ACCESS)
		return true;
	if (in_group_p(fsi->pid_gid))
		return true;
	return td_may_read(f, task);
}
