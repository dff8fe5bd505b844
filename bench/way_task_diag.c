// SPDX-License-Identifier: GPL-2.0
/* td_bench: the task_diag way, read through lib/decode.h. */
#include "bench.h"

/* The task_diag way: one request, reads of buf_size bytes, every message parsed. */
void via_task_diag(struct set *s, uint64_t show, uint64_t strategy)
{
	int fd = open(TASKDIAG_PATH, O_RDWR);
	ssize_t n;

	if (fd < 0 || taskdiag_request(fd, show, strategy, 0, 1))
		die("/proc/task_diag");
	while ((n = read(fd, buf, buf_size)) > 0) {
		struct nlmsghdr *h = (struct nlmsghdr *)buf;
		int left = n;

		s->reads++;
		s->bytes += n;
		for (; NLMSG_OK(h, left); h = NLMSG_NEXT(h, left)) {
			struct task_diag_msg *m = NLMSG_DATA(h);
			const struct nlattr *a;
			struct row *r;

			if (h->nlmsg_type != TASK_DIAG_CMD_GET)
				continue;
			r = set_row(s, m->pid);
			r->tgid = m->tgid;
			taskdiag_for_each_attr(a, h) {
				const void *p = taskdiag_attr_data(a);

				switch (a->nla_type) {
				case TASK_DIAG_BASE: {
					const struct task_diag_base *b = p;

					r->ppid = b->ppid;
					r->pgid = b->pgid;
					r->sid = b->sid;
					r->state = taskdiag_state_char(b->state);
					memcpy(r->comm, b->comm, TASK_DIAG_COMM_LEN);
					break;
				}
				case TASK_DIAG_CRED: {
					const struct task_diag_creds *c = p;
					const struct task_diag_caps *caps[4] = {
						&c->cap_inheritable, &c->cap_permitted,
						&c->cap_effective, &c->cap_bset,
					};

					r->uid[0] = c->uid;
					r->uid[1] = c->euid;
					r->uid[2] = c->suid;
					r->uid[3] = c->fsuid;
					r->gid[0] = c->gid;
					r->gid[1] = c->egid;
					r->gid[2] = c->sgid;
					r->gid[3] = c->fsgid;
					for (int i = 0; i < 4; i++)
						r->cap[i] = (uint64_t)caps[i]->cap[1] << 32 | caps[i]->cap[0];
					break;
				}
				case TASK_DIAG_STAT: {
					const struct task_diag_stat *st = p;

					r->minflt = st->minflt;
					r->majflt = st->majflt;
					break;
				}
				case TASK_DIAG_CMDLINE:
					r->cmdline_sum = checksum(p, taskdiag_attr_len(a), r->cmdline_sum);
					r->cmdline_len += taskdiag_attr_len(a);
					break;
				case TASK_DIAG_VMA: {
					struct task_diag_vma *v;

					task_diag_for_each_vma(v, a) {
						const struct task_diag_vma_stat *st = task_diag_vma_stat(v);

						r->nvma++;
						r->vma_sum += v->start * 31 + v->end;
						if (st) {
							r->rss_kb += st->resident >> 10;
							r->pss_kb += st->pss >> (TASK_DIAG_PSS_SHIFT + 10);
						}
					}
					break;
				}
				}
			}
		}
	}
	if (n < 0)
		die("read /proc/task_diag");
	close(fd);
}
