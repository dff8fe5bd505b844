// SPDX-License-Identifier: GPL-2.0
/*
 * task_diag: process information in binary netlink messages, many tasks per
 * read(), through /proc/task_diag.
 */
#include <linux/build_bug.h>
#include <linux/module.h>
#include <linux/stddef.h>
#include <linux/workqueue.h>
#include "internal.h"
#include "version.h"

/* The ABI, pinned on the kernel side too (test/abi_check.c pins it in user space). */
static void __init td_abi_check(void)
{
	BUILD_BUG_ON(sizeof(struct task_diag_msg) != 12);
	BUILD_BUG_ON(sizeof(struct task_diag_base) != 44);
	BUILD_BUG_ON(offsetof(struct task_diag_base, comm) != 25);
	BUILD_BUG_ON(sizeof(struct task_diag_caps) != 8);
	BUILD_BUG_ON(sizeof(struct task_diag_creds) != 64);
	BUILD_BUG_ON(offsetof(struct task_diag_creds, uid) != 32);
	BUILD_BUG_ON(sizeof(struct task_diag_stat) != 72);
	BUILD_BUG_ON(offsetof(struct task_diag_stat, threads) != 64);
	BUILD_BUG_ON(sizeof(struct task_diag_pid) != 24);
	BUILD_BUG_ON(offsetof(struct task_diag_pid, pid) != 16);
	BUILD_BUG_ON(TASK_DIAG_CMD_GET != 0xd101);
	BUILD_BUG_ON(sizeof(struct task_diag_sched) != 120);
	BUILD_BUG_ON(offsetof(struct task_diag_sched, flags) != 80);
	BUILD_BUG_ON(sizeof(struct task_diag_mem) != 128);
	BUILD_BUG_ON(sizeof(struct task_diag_io) != 56);
	BUILD_BUG_ON(sizeof(struct task_diag_status) != 72);
	BUILD_BUG_ON(sizeof(struct task_diag_nspid) != 16);
	BUILD_BUG_ON(sizeof(struct task_diag_ns) != 80);
	BUILD_BUG_ON(sizeof(struct task_diag_cgroup) != 16);
	BUILD_BUG_ON(TASK_DIAG_ATTR_MAX != TASK_DIAG_WCHAN);
}

static int __init task_diag_init(void)
{
	int err;

	td_abi_check();
	td_walker_probe();
	/* The questions to procfs asked from a worker: a queue of their own. */
	td_ask_wq = alloc_workqueue("task_diag", WQ_UNBOUND, 0);
	if (!td_ask_wq)
		return -ENOMEM;
	err = td_proc_init();
	if (err)
		destroy_workqueue(td_ask_wq);
	return err;
}

static void __exit task_diag_exit(void)
{
	td_proc_exit();
	destroy_workqueue(td_ask_wq);
}

module_init(task_diag_init);
module_exit(task_diag_exit);

MODULE_LICENSE("GPL");
MODULE_AUTHOR("The task_diag developers");
MODULE_DESCRIPTION("Binary, batched process information through /proc/task_diag");
MODULE_VERSION(TASK_DIAG_VERSION);
