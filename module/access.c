// SPDX-License-Identifier: GPL-2.0
/*
 * What the opener may see.  Every decision here runs with the opener's
 * credentials installed (file.c overrides them around write() and read()),
 * so current_cred() is file->f_cred, whoever calls.
 */
#include <linux/capability.h>
#include <linux/cred.h>
#include <linux/module.h>
#include <linux/pid.h>
#include <linux/proc_fs.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include "task_diag.h"
#include "compat.h"

static bool owner_rule;
module_param(owner_rule, bool, 0644);
MODULE_PARM_DESC(owner_rule,
		 "Also show memory maps, and tasks behind hidepid=, to openers who own the task by the classic ptrace rule (same uids and gids, dumpable, capabilities a subset). This bypasses LSM ptrace policy (SELinux, AppArmor, Yama). Default: off");

/*
 * The classic owner rule of __ptrace_may_access() and cap_ptrace_access_check()
 * for PTRACE_MODE_READ_FSCREDS, without the LSM hook a module cannot call.
 */
static bool td_owner_may_read(struct task_struct *task)
{
	const struct cred *cred = current_cred(), *tcred = __task_cred(task);

	if (!uid_eq(cred->fsuid, tcred->euid) || !uid_eq(cred->fsuid, tcred->suid) ||
	    !uid_eq(cred->fsuid, tcred->uid) || !gid_eq(cred->fsgid, tcred->egid) ||
	    !gid_eq(cred->fsgid, tcred->sgid) || !gid_eq(cred->fsgid, tcred->gid))
		return false;
	if (cred->user_ns != tcred->user_ns ||
	    !cap_issubset(tcred->cap_permitted, cred->cap_effective))
		return false;
	return td_task_dumpable_by_owner(task);
}

/*
 * May the opener read what procfs keeps behind ptrace_may_access()?
 * Modules cannot call it (it is not exported) nor ask the LSMs, so by
 * default this grants only what no LSM policy takes away from procfs
 * either: the opener's own process, or an opener with CAP_SYS_PTRACE over
 * the task's user namespace.  Called under rcu_read_lock().
 */
bool td_may_read(struct td_file *f, struct task_struct *task)
{
	if (task_tgid(task) == f->opener_tgid)
		return true;
	if (ns_capable_noaudit(__task_cred(task)->user_ns, CAP_SYS_PTRACE))
		return true;
	return owner_rule && td_owner_may_read(task);
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
