// SPDX-License-Identifier: GPL-2.0
/*
 * td_iter: the in-kernel floors for td_bench's ps and walk methods.  A BPF
 * task iterator (iter/task) that writes, for every process, the fields of
 * task_diag's BASE group in its binary layout (struct task_diag_base), with
 * the values fs/proc/array.c would print, for a reader in the initial pid
 * namespace.  Built with clang -target bpf against libbpf's headers; the
 * kernel structures are declared here, only the members read, and relocated
 * by libbpf against the running kernel's BTF (CO-RE).
 */
#include <linux/types.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_core_read.h>
#include <linux/task_diag.h>

#define CORE __attribute__((preserve_access_index))

struct upid {
	int nr;
} CORE;

struct pid {
	unsigned int level;
	struct upid numbers[1];
} CORE;

enum pid_type { PIDTYPE_PID, PIDTYPE_TGID, PIDTYPE_PGID, PIDTYPE_SID, PIDTYPE_MAX };

struct signal_struct {
	struct pid *pids[PIDTYPE_MAX];
} CORE;

struct task_struct {
	unsigned int __state;
	int exit_state;
	unsigned int ptrace;
	int pid;
	int tgid;
	struct task_struct *real_parent;
	struct task_struct *parent;
	struct signal_struct *signal;
	char comm[TASK_DIAG_COMM_LEN];
} CORE;

/* Before 5.14 the state was a long called "state". */
struct task_struct___pre_5_14 {
	long state;
} CORE;

struct seq_file;

struct bpf_iter_meta {
	struct seq_file *seq;
} CORE;

struct bpf_iter__task {
	struct bpf_iter_meta *meta;
	struct task_struct *task;
} CORE;

/* include/linux/sched.h */
#define TASK_REPORT		0x7f
#define TASK_IDLE		0x402
#define TASK_REPORT_IDLE	0x80
#define TASK_RTLOCK_WAIT	0x1000

/* task_state_index(): the index of the highest reported state bit, as procfs's letters. */
static __u8 state_index(struct task_struct *task)
{
	unsigned int raw, state, i;

	if (bpf_core_field_exists(task->__state))
		raw = BPF_CORE_READ(task, __state);
	else
		raw = BPF_CORE_READ((struct task_struct___pre_5_14 *)task, state);
	state = (raw | BPF_CORE_READ(task, exit_state)) & TASK_REPORT;
	if ((raw & TASK_IDLE) == TASK_IDLE)
		state = TASK_REPORT_IDLE;
	if (raw == TASK_RTLOCK_WAIT)
		state = 2;	/* TASK_UNINTERRUPTIBLE, as procfs shows it */
	for (i = 8; i > 0; i--)
		if (state & (1u << (i - 1)))
			return i;
	return 0;
}

/* The pid number of @pid in the initial namespace (pid_nr_ns(pid, &init_pid_ns)). */
static __u32 nr(struct pid *pid)
{
	return pid ? BPF_CORE_READ(pid, numbers[0].nr) : 0;
}

SEC("iter/task")
int task_base(struct bpf_iter__task *ctx)
{
	struct task_struct *task = ctx->task;
	struct task_diag_base b = {};

	if (!task || BPF_CORE_READ(task, pid) != BPF_CORE_READ(task, tgid))
		return 0;	/* the end, or not a process */
	b.tgid = BPF_CORE_READ(task, tgid);
	b.pid = b.tgid;
	b.ppid = b.pid == 1 ? 0 : BPF_CORE_READ(task, real_parent, tgid);
	if (BPF_CORE_READ(task, ptrace))
		b.tpid = BPF_CORE_READ(task, parent, tgid);
	b.sid = nr(BPF_CORE_READ(task, signal, pids[PIDTYPE_SID]));
	b.pgid = nr(BPF_CORE_READ(task, signal, pids[PIDTYPE_PGID]));
	b.state = state_index(task);
	BPF_CORE_READ_STR_INTO(&b.comm, task, comm);
	bpf_seq_write(ctx->meta->seq, &b, sizeof(b));
	return 0;
}

/*
 * The floor under every dump: the iterator's bare walk over every task.
 * Nothing is written per task; it counts the processes it passes (two
 * loads) and writes only that count, at the end, so that the walk can be
 * checked to have seen what a dump sees.
 */
static __u32 walked;

SEC("iter/task")
int task_walk(struct bpf_iter__task *ctx)
{
	struct task_struct *task = ctx->task;

	if (task) {
		walked += BPF_CORE_READ(task, pid) == BPF_CORE_READ(task, tgid);
		return 0;
	}
	bpf_seq_write(ctx->meta->seq, &walked, sizeof(walked));
	walked = 0;
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
