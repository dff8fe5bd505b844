// SPDX-License-Identifier: GPL-2.0
/*
 * The ABI, pinned: compiled with -std=c99 -pedantic -Werror, so the header
 * must stand alone in strict user space, and any change of a size, an
 * offset or a constant fails the build.
 */
#include <stddef.h>
#include <linux/task_diag.h>

#define ABI(name, cond) typedef char abi_##name[(cond) ? 1 : -1]

ABI(cmd, TASK_DIAG_CMD_GET == 0xd101);
ABI(cont, TASK_DIAG_FLAG_CONT == 1);
ABI(attrs, TASK_DIAG_BASE == 0 && TASK_DIAG_CRED == 1 && TASK_DIAG_VMA == 2 &&
	   TASK_DIAG_VMA_STAT == 3 && TASK_DIAG_STAT == 4 && TASK_DIAG_CMDLINE == 5 &&
	   TASK_DIAG_SCHED == 6 && TASK_DIAG_MEM == 7 && TASK_DIAG_IO == 8 &&
	   TASK_DIAG_STATUS == 9 && TASK_DIAG_GROUPS == 10 && TASK_DIAG_NSPID == 11 &&
	   TASK_DIAG_NS == 12 && TASK_DIAG_CGROUP == 13 && TASK_DIAG_NAME == 14 &&
	   TASK_DIAG_WCHAN == 15 && TASK_DIAG_ATTR_MAX == 15);
ABI(show, TASK_DIAG_SHOW_BASE == 1 && TASK_DIAG_SHOW_CRED == 2 && TASK_DIAG_SHOW_VMA == 4 &&
	  TASK_DIAG_SHOW_VMA_STAT == 8 && TASK_DIAG_SHOW_STAT == 16 &&
	  TASK_DIAG_SHOW_CMDLINE == 32 && TASK_DIAG_SHOW_SCHED == 64 &&
	  TASK_DIAG_SHOW_MEM == 128 && TASK_DIAG_SHOW_IO == 256 &&
	  TASK_DIAG_SHOW_STATUS == 512 && TASK_DIAG_SHOW_GROUPS == 1024 &&
	  TASK_DIAG_SHOW_NSPID == 2048 && TASK_DIAG_SHOW_NS == 4096 &&
	  TASK_DIAG_SHOW_CGROUP == 8192 && TASK_DIAG_SHOW_NAME == 16384 &&
	  TASK_DIAG_SHOW_WCHAN == 32768 && TASK_DIAG_NAME_LEN == 64 && TASK_DIAG_WCHAN_LEN == 512);
ABI(flags, TASK_DIAG_FLAG_CMDLINE_TRUNC == 2 && TASK_DIAG_FLAG_GROUPS_TRUNC == 4 &&
	   TASK_DIAG_GROUPS_MAX == 4096);
ABI(states, TASK_DIAG_RUNNING == 0 && TASK_DIAG_INTERRUPTIBLE == 1 &&
	    TASK_DIAG_UNINTERRUPTIBLE == 2 && TASK_DIAG_STOPPED == 3 &&
	    TASK_DIAG_TRACE_STOP == 4 && TASK_DIAG_DEAD == 5 && TASK_DIAG_ZOMBIE == 6 &&
	    TASK_DIAG_PARKED == 7 && TASK_DIAG_IDLE == 8);
ABI(strategies, TASK_DIAG_DUMP_ALL == 0 && TASK_DIAG_DUMP_ONE == 1 &&
		TASK_DIAG_DUMP_ALL_THREAD == 2 && TASK_DIAG_DUMP_CHILDREN == 3 &&
		TASK_DIAG_DUMP_THREAD == 4);
ABI(comm_len, TASK_DIAG_COMM_LEN == 16);
ABI(pss_shift, TASK_DIAG_PSS_SHIFT == 12);

ABI(msg, sizeof(struct task_diag_msg) == 12 && offsetof(struct task_diag_msg, tgid) == 4 &&
	 offsetof(struct task_diag_msg, flags) == 8);
ABI(base, sizeof(struct task_diag_base) == 44 &&
	  offsetof(struct task_diag_base, pid) == 4 && offsetof(struct task_diag_base, ppid) == 8 &&
	  offsetof(struct task_diag_base, tpid) == 12 && offsetof(struct task_diag_base, sid) == 16 &&
	  offsetof(struct task_diag_base, pgid) == 20 &&
	  offsetof(struct task_diag_base, state) == 24 &&
	  offsetof(struct task_diag_base, comm) == 25);
ABI(caps, sizeof(struct task_diag_caps) == 8);
ABI(creds, sizeof(struct task_diag_creds) == 64 &&
	   offsetof(struct task_diag_creds, cap_permitted) == 8 &&
	   offsetof(struct task_diag_creds, cap_effective) == 16 &&
	   offsetof(struct task_diag_creds, cap_bset) == 24 &&
	   offsetof(struct task_diag_creds, uid) == 32 &&
	   offsetof(struct task_diag_creds, euid) == 36 &&
	   offsetof(struct task_diag_creds, suid) == 40 &&
	   offsetof(struct task_diag_creds, fsuid) == 44 &&
	   offsetof(struct task_diag_creds, gid) == 48 &&
	   offsetof(struct task_diag_creds, egid) == 52 &&
	   offsetof(struct task_diag_creds, sgid) == 56 &&
	   offsetof(struct task_diag_creds, fsgid) == 60);
ABI(stat, sizeof(struct task_diag_stat) == 72 &&
	  offsetof(struct task_diag_stat, cminflt) == 8 &&
	  offsetof(struct task_diag_stat, majflt) == 16 &&
	  offsetof(struct task_diag_stat, cmajflt) == 24 &&
	  offsetof(struct task_diag_stat, utime) == 32 &&
	  offsetof(struct task_diag_stat, stime) == 40 &&
	  offsetof(struct task_diag_stat, cutime) == 48 &&
	  offsetof(struct task_diag_stat, cstime) == 56 &&
	  offsetof(struct task_diag_stat, threads) == 64);
ABI(sched, sizeof(struct task_diag_sched) == 120 &&
	   offsetof(struct task_diag_sched, start_ticks) == 8 &&
	   offsetof(struct task_diag_sched, utime) == 16 &&
	   offsetof(struct task_diag_sched, stime) == 24 &&
	   offsetof(struct task_diag_sched, cutime) == 32 &&
	   offsetof(struct task_diag_sched, cstime) == 40 &&
	   offsetof(struct task_diag_sched, gtime) == 48 &&
	   offsetof(struct task_diag_sched, cgtime) == 56 &&
	   offsetof(struct task_diag_sched, nvcsw) == 64 &&
	   offsetof(struct task_diag_sched, nivcsw) == 72 &&
	   offsetof(struct task_diag_sched, flags) == 80 &&
	   offsetof(struct task_diag_sched, exit_signal) == 84 &&
	   offsetof(struct task_diag_sched, prio) == 88 &&
	   offsetof(struct task_diag_sched, nice) == 92 &&
	   offsetof(struct task_diag_sched, policy) == 96 &&
	   offsetof(struct task_diag_sched, rt_priority) == 100 &&
	   offsetof(struct task_diag_sched, processor) == 104 &&
	   offsetof(struct task_diag_sched, tty_nr) == 108 &&
	   offsetof(struct task_diag_sched, tpgid) == 112 &&
	   offsetof(struct task_diag_sched, oom_score_adj) == 116);
ABI(mem, sizeof(struct task_diag_mem) == 128 &&
	 offsetof(struct task_diag_mem, vm_size) == 8 &&
	 offsetof(struct task_diag_mem, vm_lck) == 16 &&
	 offsetof(struct task_diag_mem, vm_pin) == 24 &&
	 offsetof(struct task_diag_mem, vm_hwm) == 32 &&
	 offsetof(struct task_diag_mem, vm_rss) == 40 &&
	 offsetof(struct task_diag_mem, rss_anon) == 48 &&
	 offsetof(struct task_diag_mem, rss_file) == 56 &&
	 offsetof(struct task_diag_mem, rss_shmem) == 64 &&
	 offsetof(struct task_diag_mem, vm_data) == 72 &&
	 offsetof(struct task_diag_mem, vm_stk) == 80 &&
	 offsetof(struct task_diag_mem, vm_exe) == 88 &&
	 offsetof(struct task_diag_mem, vm_lib) == 96 &&
	 offsetof(struct task_diag_mem, vm_pte) == 104 &&
	 offsetof(struct task_diag_mem, vm_swap) == 112 &&
	 offsetof(struct task_diag_mem, text) == 120);
ABI(io, sizeof(struct task_diag_io) == 56 &&
	offsetof(struct task_diag_io, wchar) == 8 &&
	offsetof(struct task_diag_io, syscr) == 16 &&
	offsetof(struct task_diag_io, syscw) == 24 &&
	offsetof(struct task_diag_io, read_bytes) == 32 &&
	offsetof(struct task_diag_io, write_bytes) == 40 &&
	offsetof(struct task_diag_io, cancelled_write_bytes) == 48);
ABI(status, sizeof(struct task_diag_status) == 72 &&
	    offsetof(struct task_diag_status, sig_pending) == 8 &&
	    offsetof(struct task_diag_status, shd_pending) == 16 &&
	    offsetof(struct task_diag_status, sig_blocked) == 24 &&
	    offsetof(struct task_diag_status, sig_ignored) == 32 &&
	    offsetof(struct task_diag_status, sig_caught) == 40 &&
	    offsetof(struct task_diag_status, umask) == 48 &&
	    offsetof(struct task_diag_status, no_new_privs) == 52 &&
	    offsetof(struct task_diag_status, seccomp) == 56 &&
	    offsetof(struct task_diag_status, seccomp_filters) == 60 &&
	    offsetof(struct task_diag_status, ngroups) == 64 &&
	    offsetof(struct task_diag_status, pid_levels) == 68);
ABI(nspid, sizeof(struct task_diag_nspid) == 16 &&
	   offsetof(struct task_diag_nspid, pid) == 4 &&
	   offsetof(struct task_diag_nspid, pgid) == 8 &&
	   offsetof(struct task_diag_nspid, sid) == 12);
ABI(ns, sizeof(struct task_diag_ns) == 80 &&
	offsetof(struct task_diag_ns, ipc) == 8 && offsetof(struct task_diag_ns, mnt) == 16 &&
	offsetof(struct task_diag_ns, net) == 24 && offsetof(struct task_diag_ns, pid) == 32 &&
	offsetof(struct task_diag_ns, pid_for_children) == 40 &&
	offsetof(struct task_diag_ns, time) == 48 &&
	offsetof(struct task_diag_ns, time_for_children) == 56 &&
	offsetof(struct task_diag_ns, user) == 64 && offsetof(struct task_diag_ns, uts) == 72);
ABI(cgroup, sizeof(struct task_diag_cgroup) == 16 &&
	    offsetof(struct task_diag_cgroup, path_off) == 8 &&
	    offsetof(struct task_diag_cgroup, path_len) == 10 &&
	    offsetof(struct task_diag_cgroup, __reserved) == 12);
ABI(pid, sizeof(struct task_diag_pid) == 24 &&
	 offsetof(struct task_diag_pid, dump_strategy) == 8 &&
	 offsetof(struct task_diag_pid, pid) == 16);

int main(void)
{
	return 0;
}
