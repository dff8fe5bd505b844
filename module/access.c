// SPDX-License-Identifier: GPL-2.0
/*
 * What the opener may see: what procfs would show it, decided by procfs.
 *
 * procfs hides a task behind hidepid= and keeps its memory maps behind
 * ptrace_may_access(), which modules cannot call, nor the LSMs it asks.
 * So where those checks matter, task_diag asks procfs itself, in the
 * opener's own procfs mount and with the opener's credentials (file.c
 * installs them around write() and read(), so current_cred() is
 * file->f_cred): it looks up /proc/PID/stat (the lookup runs procfs's
 * hidepid= checks), or opens /proc/PID/maps (the open runs mm_access()
 * and with it the whole ptrace check: credentials, dumpability against the
 * mm's user namespace, the LSMs).  Tasks that fail the cheap necessary
 * conditions of those checks are refused without asking, and the opener's
 * own process, which procfs shows its opener without asking anyone, is
 * allowed without asking procfs, so that root's dumps and a user's own
 * stay fast.
 *
 * The opener's own process is the memory it ran in at open (file.c keeps
 * it): like a procfs file opened before an exec, which never shows the new
 * program, a process that execs a setuid program is no longer the
 * opener's, whoever holds the file.
 */
#include <linux/capability.h>
#include <linux/completion.h>
#include <linux/cred.h>
#include <linux/err.h>
#include <linux/fcntl.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/magic.h>
#include <linux/mm.h>
#include <linux/mount.h>
#include <linux/path.h>
#include <linux/pid.h>
#include <linux/proc_fs.h>
#include <linux/refcount.h>
#include <linux/sched.h>
#include <linux/sched/mm.h>
#include <linux/sched/signal.h>
#include <linux/sched/task.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/workqueue.h>
#include "internal.h"
#include "compat.h"

/* "PID/maps" and the like, relative to the procfs root. */
#define TD_PROC_NAME_MAX	32

/*
 * The necessary conditions of ptrace_may_access(task,
 * PTRACE_MODE_READ_FSCREDS) once the task is not the caller's own: the
 * opener's fsuid and fsgid are the task's real, effective and saved ids,
 * or it has CAP_SYS_PTRACE over the task's user namespace.  Dumpability
 * and the LSMs may still refuse.  Called under rcu_read_lock().
 */
static bool td_ptrace_possible(struct task_struct *task)
{
	const struct cred *cred = current_cred(), *tcred = __task_cred(task);

	if (uid_eq(cred->fsuid, tcred->euid) && uid_eq(cred->fsuid, tcred->suid) &&
	    uid_eq(cred->fsuid, tcred->uid) && gid_eq(cred->fsgid, tcred->egid) &&
	    gid_eq(cred->fsgid, tcred->sgid) && gid_eq(cred->fsgid, tcred->gid))
		return true;
	return ns_capable_noaudit(tcred->user_ns, CAP_SYS_PTRACE);
}

/* The root of the procfs mount the file was opened through. */
static struct path td_proc_root(struct td_file *f)
{
	struct vfsmount *mnt = f->file->f_path.mnt;

	return (struct path){ .mnt = mnt, .dentry = mnt->mnt_root };
}

/* @task's pid number in the file's pid namespace now, 0 once it is reaped. */
static pid_t td_nr(struct td_file *f, struct task_struct *task)
{
	pid_t nr;

	rcu_read_lock();
	nr = task_pid_nr_ns(task, f->ns);
	rcu_read_unlock();
	return nr;
}

/*
 * /proc/@nr/@file, as procfs names the task now: a thread's own number
 * too (procfs serves /proc/TID, checking the thread alone).
 */
static bool td_proc_name(struct td_file *f, struct task_struct *task, const char *file,
			 char *name, pid_t *nr)
{
	*nr = td_nr(f, task);
	if (!*nr)
		return false;	/* reaped */
	snprintf(name, TD_PROC_NAME_MAX, "%d/%s", *nr, file);
	return true;
}

/*
 * Does @task run in the memory its opener ran in when it opened the file?
 * Not a kernel thread that borrows that memory (kthread_use_mm()).
 */
static bool td_opener_own(struct td_file *f, struct task_struct *task)
{
	return f->opener_mm && !(task->flags & PF_KTHREAD) && READ_ONCE(task->mm) == f->opener_mm;
}

/*
 * Is @task one of the opener's own threads, in the memory it opened the
 * file in?  procfs lets a reader through its ptrace check to its own
 * thread group unasked (same_thread_group()); a process that merely
 * shares the memory (a vfork() child) is checked.
 */
static bool td_opener_threads(struct td_file *f, struct task_struct *task)
{
	bool same;

	rcu_read_lock();
	same = task_tgid(task) == f->opener_tgid;
	rcu_read_unlock();
	return same && td_opener_own(f, task);
}

/* Does @task still have the pid number @nr, so that procfs's answer was about it? */
bool td_still_nr(struct td_file *f, struct task_struct *task, pid_t nr)
{
	return td_nr(f, task) == nr;
}

/* What a question to procfs opened. */
struct td_opened {
	u64		ino;
	unsigned long	magic;		/* its file system's */
};

/*
 * Is @name, not followed, in the opener's procfs mount itself (an O_PATH
 * open crosses every mount on the way, the last component's too): not
 * something the opener mounted over a file of its mount, which it may in
 * a mount namespace of its own?
 */
static bool td_unmounted(const struct path *root, const char *name)
{
	struct file *file = td_file_open_root(root, name, O_PATH | O_NOFOLLOW);
	bool same;

	if (IS_ERR(file))
		return false;
	same = file->f_path.mnt == root->mnt;
	fput(file);
	return same;
}

/*
 * Open @name in the opener's procfs mount, refusing what was mounted over
 * its files: a file must be of that mount, a namespace link's walk must
 * cross no mount before it is followed (looked at before and after the
 * open).  Returns the file or an ERR_PTR.
 */
static struct file *td_open_here(const struct path *root, const char *name, int flags)
{
	struct file *file;

	/* A namespace link's file is not in this mount: its walk is looked at. */
	if (strstr(name, "/ns/") && !td_unmounted(root, name))
		return ERR_PTR(-EXDEV);
	file = td_file_open_root(root, name, flags);
	if (IS_ERR(file))
		return file;
	if (file_inode(file)->i_sb->s_magic == NSFS_MAGIC ? !td_unmounted(root, name) :
	    file->f_path.mnt != root->mnt) {
		fput(file);
		return ERR_PTR(-EXDEV);
	}
	return file;
}

/*
 * A question for procfs: open @name (@text NULL), or read its text into
 * @text.  Asked from a kernel worker where the reader is the task's
 * process, on a request of its own that holds what the worker uses (the
 * opener's credentials and procfs mount, not the td_file: a killed reader
 * returns, and rmmod's rundown may release the file before the worker
 * runs), so that the reader waits killably.
 */
struct td_ask {
	struct work_struct	work;
	refcount_t		refs;
	struct completion	done;
	const struct cred	*cred;		/* the opener's, held */
	struct path		root;		/* its procfs mount, held */
	char			name[TD_PROC_NAME_MAX];
	int			flags;
	ssize_t			ret;
	struct td_opened	opened;
	size_t			size;
	char			text[];		/* @size bytes */
};

static ssize_t td_ask_here(const struct path *root, const char *name, int flags,
			   struct td_opened *o, char *text, size_t size)
{
	struct file *file = td_open_here(root, name, flags);
	ssize_t n = 0;

	if (IS_ERR(file))
		return PTR_ERR(file);
	o->ino = file_inode(file)->i_ino;
	o->magic = file_inode(file)->i_sb->s_magic;
	if (text)
		n = o->magic == PROC_SUPER_MAGIC ? td_read_text(file, text, size) : -EINVAL;
	fput(file);
	return n;
}

static void td_ask_put(struct td_ask *a)
{
	if (refcount_dec_and_test(&a->refs)) {
		path_put(&a->root);
		put_cred(a->cred);
		kfree(a);
	}
}

static void td_ask_work(struct work_struct *work)
{
	struct td_ask *a = container_of(work, struct td_ask, work);
	const struct cred *old = override_creds(a->cred);

	a->ret = td_ask_here(&a->root, a->name, a->flags, &a->opened, a->size ? a->text : NULL,
			     a->size);
	revert_creds(old);
	complete(&a->done);
	td_ask_put(a);
}

/* The workqueue of the questions asked from a worker (main.c makes it). */
struct workqueue_struct *td_ask_wq;

static ssize_t td_ask_worker(struct td_file *f, const char *name, int flags, struct td_opened *o,
			     char *text, size_t size)
{
	struct td_ask *a = kmalloc(struct_size(a, text, size), GFP_KERNEL);
	ssize_t ret;

	if (!a)
		return -ENOMEM;
	INIT_WORK(&a->work, td_ask_work);
	refcount_set(&a->refs, 2);
	init_completion(&a->done);
	a->cred = get_cred(f->file->f_cred);
	a->root = td_proc_root(f);
	path_get(&a->root);
	strscpy(a->name, name, sizeof(a->name));
	a->flags = flags;
	a->size = size;
	queue_work(td_ask_wq, &a->work);
	if (wait_for_completion_killable(&a->done)) {
		td_ask_put(a);
		return -EINTR;
	}
	ret = a->ret;
	*o = a->opened;
	if (text && ret > 0)
		memcpy(text, a->text, ret);
	td_ask_put(a);
	return ret;
}

/*
 * Ask procfs about @task, in the opener's procfs mount: open @name, and
 * read @size bytes of its text into @text where @text is not NULL.  procfs
 * decides with the opener's credentials, installed by read(), but lets the
 * caller's own process through unasked (same_thread_group() in
 * __ptrace_may_access(); @mm: also the caller's mm, in mm_access()): where
 * the reader is @task's process, not the opener's, the question goes to a
 * kernel worker, which has no process of its own, so that the answer is
 * the opener's (@own: @task is the opener's, ask from here).  Returns the
 * text's length (0 for an open), what was opened in *@o, or -errno
 * (-EINTR if the reader is killed meanwhile).  Each answer opens a file,
 * released when read() returns: read() stops at TD_ASKS_PER_READ of them.
 * May sleep.
 */
static ssize_t td_ask_procfs(struct td_file *f, struct task_struct *task, const char *name,
			     int flags, bool own, bool mm, struct td_opened *o, char *text,
			     size_t size)
{
	struct path root = td_proc_root(f);

	f->asks++;
	if (own || (!same_thread_group(task, current) &&
		    (!mm || READ_ONCE(task->mm) != current->mm)))
		return td_ask_here(&root, name, flags, o, text, size);
	return td_ask_worker(f, name, flags, o, text, size);
}

static int td_ask_ino(struct td_file *f, struct task_struct *task, const char *name, int flags,
		      bool own, struct td_opened *o)
{
	ssize_t n = td_ask_procfs(f, task, name, flags, own, true, o, NULL, 0);

	return n < 0 ? n : 0;
}

static bool td_ask(struct td_file *f, struct task_struct *task, const char *name, int flags)
{
	struct td_opened o;

	return !td_ask_ino(f, task, name, flags, false, &o);
}

/*
 * The text of /proc/<its number>/@file for @task, NUL-terminated in @buf:
 * its length, at most @size - 1 bytes (-EOVERFLOW for a longer one), or
 * -errno (-ESRCH once the number is not @task's).  Read as procfs shows it
 * to the opener; where the file's reading makes a ptrace check of its own
 * (@ptrace: /proc/PID/wchan), from a worker where the reader is @task's
 * thread group (that check's only shortcut).  Counts as a question to
 * procfs.  May sleep.
 */
ssize_t td_read_procfs(struct td_file *f, struct task_struct *task, const char *file, char *buf,
		       size_t size, bool ptrace)
{
	char name[TD_PROC_NAME_MAX];
	struct td_opened o;
	ssize_t n;
	pid_t nr;

	if (!td_proc_name(f, task, file, name, &nr))
		return -ESRCH;
	n = td_ask_procfs(f, task, name, O_RDONLY, !ptrace || td_opener_threads(f, task), false,
			  &o, buf, size);
	if (n >= 0 && (size_t)n >= size)
		n = -EOVERFLOW;
	if (n >= 0 && !td_still_nr(f, task, nr))
		n = -ESRCH;
	buf[n >= 0 ? n : 0] = '\0';
	return n;
}

/*
 * As has_pid_permissions() in fs/proc/base.c decides, for the files
 * task_diag stands for (/proc/PID/stat, status, cmdline): with hidepid=,
 * members of the gid= group (except under hidepid=ptraceable) see the
 * task, and the opener its own process; openers who cannot possibly pass
 * the ptrace check do not; for the rest procfs is asked.
 * Called under rcu_read_lock().
 */
enum td_verdict td_visible_fast(struct td_file *f, struct task_struct *task)
{
	struct proc_fs_info *fsi = proc_sb_info(f->sb);

	if (fsi->hide_pid == HIDEPID_OFF)
		return TD_ALLOW;
	if (fsi->hide_pid != HIDEPID_NOT_PTRACEABLE && in_group_p(fsi->pid_gid))
		return TD_ALLOW;
	if (td_opener_own(f, task))
		return TD_ALLOW;
	return td_ptrace_possible(task) ? TD_ASK : TD_DENY;
}

/*
 * Ask procfs whether the opener sees @task (referenced): reach its stat
 * file in the opener's procfs mount, as open(O_PATH) does (/proc/TID for a
 * thread).  The walk into /proc/PID runs procfs's own hidepid= checks,
 * ptrace and LSMs included; O_PATH opens nothing.  May sleep.
 */
bool td_visible_ask(struct td_file *f, struct task_struct *task)
{
	char name[TD_PROC_NAME_MAX];
	pid_t nr;

	if (!td_proc_name(f, task, "stat", name, &nr))
		return false;
	return td_ask(f, task, name, O_PATH) && td_still_nr(f, task, nr);
}

/*
 * The memory whose maps the opener may read: @task's mm, with a reference
 * (mmput() it); NULL for a task without memory (a kernel thread, a
 * zombie), whose maps procfs opens for anyone, empty; ERR_PTR(-EACCES)
 * where procfs refuses them.  As /proc/PID/maps binds the mm that
 * mm_access() approved at open, the mm is taken before procfs is asked and
 * kept only if @task still has it afterwards: an exec in between (a setuid
 * program) gives a new mm, never an old one again, and a held mm cannot be
 * reused.  A thread-group leader only (maps describe processes).  May sleep.
 */
struct mm_struct *td_maps_mm(struct td_file *f, struct task_struct *task)
{
	char name[TD_PROC_NAME_MAX];
	struct mm_struct *mm;
	bool ok;
	pid_t nr;

	mm = get_task_mm(task);
	if (!mm)
		return NULL;
	if (mm == f->opener_mm)
		return mm;
	rcu_read_lock();
	ok = td_ptrace_possible(task);
	rcu_read_unlock();
	if (!ok || !td_proc_name(f, task, "maps", name, &nr) || !td_ask(f, task, name, O_RDONLY))
		goto deny;
	task_lock(task);
	ok = task->mm == mm;
	task_unlock(task);
	if (ok && td_still_nr(f, task, nr))
		return mm;
deny:
	mmput(mm);
	return ERR_PTR(-EACCES);
}

/*
 * Open @task's link @link ("ns/mnt") in the opener's procfs mount (@own:
 * one of the opener's threads): the inode number of the namespace it
 * resolves to, 0 where it resolves to none (nsfs) for the opener.  *@nr:
 * the number asked about, 0 once the task is reaped.  May sleep.
 */
static u64 td_ns_open(struct td_file *f, struct task_struct *task, const char *link, bool own,
		      pid_t *nr)
{
	char name[TD_PROC_NAME_MAX];
	struct td_opened o;

	if (!td_proc_name(f, task, link, name, nr) ||
	    td_ask_ino(f, task, name, O_RDONLY, own, &o) || o.magic != NSFS_MAGIC)
		return 0;
	return o.ino;
}

/*
 * Does procfs's ptrace check, ptrace_may_access(task,
 * PTRACE_MODE_READ_FSCREDS), let the opener through to @task?  Asked by
 * opening a link of /proc/PID/ns/, which proc_ns_get_link() resolves only
 * after that check: ns/mnt, which also tells the mount namespace's inode
 * number (p->mnt), or, for a task that has no namespaces left (a zombie),
 * ns/user, which it keeps.  Only an opened namespace (nsfs) is a yes:
 * Debian's 5.10 (5.10.262) took the exec lock into proc_ns_get_link() with
 * its error lost, so that a link the check refuses ends the walk at
 * /proc/PID/ns itself; and procfs fails with -ENOENT before its check too
 * (hidepid=, an inode not allocated), so no error is a yes.  The opener's
 * own threads pass, as a reader's own do in procfs.  Asked once per
 * message (@p remembers).  May sleep.
 */
bool td_ptrace_allowed(struct td_file *f, struct task_struct *task, struct td_ptrace *p)
{
	bool nsproxy;
	pid_t nr;
	u64 ino;

	if (p->asked)
		return p->allowed;
	p->asked = true;
	p->own = td_opener_threads(f, task);
	p->allowed = false;
	p->mnt = 0;
	if (!p->own) {
		rcu_read_lock();
		p->allowed = td_ptrace_possible(task);
		rcu_read_unlock();
		if (!p->allowed)
			return false;
	}
	task_lock(task);
	nsproxy = task->nsproxy;
	task_unlock(task);
	ino = td_ns_open(f, task, nsproxy ? "ns/mnt" : "ns/user", p->own, &nr);
	p->allowed = (ino || p->own) && nr && td_still_nr(f, task, nr);
	if (p->allowed && nsproxy)
		p->mnt = ino;
	return p->allowed;
}

/*
 * The inode number of the namespace that @task's link @link
 * ("ns/pid_for_children") resolves to for the opener, 0 if none.  For a
 * task that td_ptrace_allowed() let through (@p).  May sleep.
 */
u64 td_ns_link(struct td_file *f, struct task_struct *task, struct td_ptrace *p,
	       const char *link)
{
	pid_t nr;
	u64 ino = td_ns_open(f, task, link, p->own, &nr);

	return ino && td_still_nr(f, task, nr) ? ino : 0;
}

/*
 * May the opener read @task's io file?  procfs makes it mode 0400, owned
 * as the task's other files are (its euid, or root when it is not
 * dumpable), and reads it only after its ptrace check
 * (td_ptrace_allowed()).  Both are asked: opening /proc/PID/io runs the
 * first, with the LSMs' checks of an open.  *@nr: the number asked
 * about, for the caller to check again (td_still_nr()) once it has read
 * the counters.  May sleep.
 */
bool td_io_allowed(struct td_file *f, struct task_struct *task, struct td_ptrace *p, pid_t *nr)
{
	char name[TD_PROC_NAME_MAX];

	if (!td_ptrace_allowed(f, task, p))
		return false;
	return td_proc_name(f, task, "io", name, nr) && td_ask(f, task, name, O_RDONLY);
}
