// SPDX-License-Identifier: GPL-2.0
/*
 * TASK_DIAG_NS and TASK_DIAG_CGROUP: the links of /proc/PID/ns/
 * (fs/proc/namespaces.c) and the v2 line of /proc/PID/cgroup
 * (proc_cgroup_show()).
 */
#include <linux/cgroup.h>
#include <linux/cred.h>
#include <linux/limits.h>
#include <linux/processor.h>
#include <linux/ipc_namespace.h>
#include <linux/nsproxy.h>
#include <linux/pid_namespace.h>
#include <linux/rcupdate.h>
#include <linux/sched.h>
#include <linux/sched/task.h>
#include <linux/string.h>
#include <linux/time_namespace.h>
#include <linux/user_namespace.h>
#include <linux/utsname.h>
#include <net/net_namespace.h>
#include "internal.h"

/*
 * The namespaces' inode numbers, as the links' targets name them, given
 * where procfs would resolve the links for the opener: its ptrace check,
 * asked by following ns/mnt, which also tells the mount namespace's
 * number (struct mnt_namespace is not the kernel's to share).  The others
 * are read as the links' get() operations find them: under task_lock()
 * from the nsproxy, which a zombie no longer has; the user namespace from
 * the credentials and the pid namespace from the pid, which it keeps.
 * Whether a children's pid namespace that has no process yet has a link
 * differs between kernels (6.12 says no, 7.2 yes): that one link procfs
 * is asked for.  May sleep.
 */
bool td_fill_ns(struct td_file *f, struct task_struct *task, struct td_ptrace *p,
		struct task_diag_ns *ns)
{
	struct pid_namespace *pidns __maybe_unused;
	struct nsproxy *nsp;

	if (!td_ptrace_allowed(f, task, p))
		return false;
	ns->mnt = p->mnt;

	/* Each link exists where the kernel has the namespace (fs/proc/namespaces.c). */
	rcu_read_lock();
#ifdef CONFIG_USER_NS
	ns->user = __task_cred(task)->user_ns->ns.inum;
#endif
#ifdef CONFIG_PID_NS
	pidns = task_active_pid_ns(task);
	ns->pid = pidns ? pidns->ns.inum : 0;
#endif
	rcu_read_unlock();

	task_lock(task);
	nsp = task->nsproxy;
	if (nsp) {
#ifdef CONFIG_UTS_NS
		ns->uts = nsp->uts_ns->ns.inum;
#endif
#ifdef CONFIG_IPC_NS
		ns->ipc = nsp->ipc_ns->ns.inum;
#endif
#ifdef CONFIG_NET_NS
		ns->net = nsp->net_ns->ns.inum;
#endif
#ifdef CONFIG_CGROUPS
		ns->cgroup = nsp->cgroup_ns->ns.inum;
#endif
#ifdef CONFIG_TIME_NS
		ns->time = nsp->time_ns->ns.inum;
		ns->time_for_children = nsp->time_ns_for_children->ns.inum;
#endif
	}
	task_unlock(task);
#ifdef CONFIG_PID_NS
	if (nsp)
		ns->pid_for_children = td_ns_link(f, task, p, "ns/pid_for_children");
#endif
	return true;
}

/*
 * The task's cgroup v2 as /proc/PID/cgroup's "0::" line shows it: the
 * path relative to the opener's cgroup namespace (a zombie's, that of the
 * cgroup it left), " (deleted)" once the cgroup is removed.  A path
 * longer than PATH_MAX is left out, as procfs fails the read.  Returns 0,
 * or -EMSGSIZE when the attribute does not fit @out.  May sleep.
 */
#ifdef CONFIG_CGROUPS
int td_fill_cgroup(struct td_file *f, struct task_struct *task, struct td_out *out)
{
	static const char deleted[] = " (deleted)";
	const size_t max = min_t(size_t, PAGE_SIZE, PATH_MAX);
	struct task_diag_cgroup *cg;
	struct cgroup *cgrp;
	bool dead = false;
	size_t len = 0;
	u64 id;
	int n;

	/* As task_get_css(): a cgroup being released gives way to the task's new one. */
	rcu_read_lock();
	for (;;) {
		cgrp = task_dfl_cgroup(task);
		if (css_tryget(&cgrp->self))
			break;
		cpu_relax();
	}
	rcu_read_unlock();
	id = cgroup_id(cgrp);
	n = cgroup_path_ns(cgrp, f->scratch, max, f->cgroup_ns);
	if (n >= 0 && n < max) {
		/* cgroup_is_dead(), not in every kernel's headers */
		dead = !(cgrp->self.flags & CSS_ONLINE);
		len = n + (dead ? sizeof(deleted) - 1 : 0) + 1;
	}
	cgroup_put(cgrp);

	cg = td_nla_reserve(out, TASK_DIAG_CGROUP, sizeof(*cg) + len);
	if (!cg)
		return -EMSGSIZE;
	memset(cg, 0, sizeof(*cg));
	cg->id = id;
	if (len) {
		char *path = (char *)(cg + 1);

		cg->path_off = sizeof(*cg);
		cg->path_len = len;
		memcpy(path, f->scratch, n);
		if (dead)
			memcpy(path + n, deleted, sizeof(deleted) - 1);
		path[len - 1] = 0;
	}
	return 0;
}
#else
/* Never asked for: the request is refused (request.h). */
int td_fill_cgroup(struct td_file *f, struct task_struct *task, struct td_out *out)
{
	return 0;
}
#endif
