// SPDX-License-Identifier: GPL-2.0
/*
 * Lines as procps's ps lays them out: each column at its width, right or
 * left aligned, a value wider than its column pushing the next along and
 * the columns after it catching up where they can; the last column takes
 * what is left of the screen.  And the forest.
 */
#include <string.h>
#include "ps.h"

#define OUTBUF	(2 * 64 * 1024)
#define SPACES	144

static void line(struct ps_ctx *ctx, const struct row *r)
{
	static const char spaces[SPACES + 1] =
		"                                                                        "
		"                                                                        ";
	static char buf[OUTBUF];
	int correct = 0, actual = 0, dospace = 0;

	for (const struct fmt *f = ctx->fmt; f; f = f->next) {
		int amount, leftpad = 0, space, tmpspace = 0, room;
		int just = column_just(f->col);

		if (f->next) {
			room = f->width;
		} else {
			tmpspace = correct - actual;
			if (tmpspace < 1) {
				tmpspace = dospace;
				room = ctx->cols - actual - tmpspace;
			} else {
				room = ctx->cols - (correct > actual ? correct : actual);
			}
		}
		if (room < 0)
			room = 0;
		else if (room >= OUTBUF)
			room = OUTBUF - 1;
		ctx->rightward = room;
		if (r)
			amount = column_print(f->col, ctx, r, buf, sizeof(buf));
		else
			amount = snprintf(buf, sizeof(buf), "%s", f->header);
		if (amount < 0)
			buf[amount = 0] = '\0';
		else if (amount >= OUTBUF)
			buf[amount = OUTBUF - 1] = '\0';
		if (just == J_RIGHT) {
			leftpad = f->width - amount;
			if (leftpad < 0)
				leftpad = 0;
		} else if ((just == J_UNLIMITED || just == J_WCHAN) &&
			   ctx->cols - actual - tmpspace < 1) {
			buf[1] = '\0';
		}
		space = correct - actual + leftpad;
		if (space < 1)
			space = dospace;
		if (space > SPACES)
			space = SPACES;
		fwrite(spaces, 1, space, ctx->out);
		fputs(buf, ctx->out);
		if (!f->next) {
			putc('\n', ctx->out);
			break;
		}
		actual += space + amount;
		correct += f->width + 1;
		dospace = 1;
	}
}

void print_header(struct ps_ctx *ctx)
{
	line(ctx, NULL);
}

void print_row(struct ps_ctx *ctx, const struct row *r)
{
	line(ctx, r);
}

/*
 * A tree: the process, then its children, which the sort put next to one
 * another (by parent, then start); init's children stand at its level in
 * the ASCII-art forest, as in procps.
 */
static void tree(struct ps_ctx *ctx, struct row **rows, size_t n, size_t self, int level,
		 int sibling)
{
	size_t i = 0;

	if (level) {
		ctx->prefix[level - 1] = sibling ? '+' : 'L';
	}
	ctx->prefix[level] = '\0';
	print_row(ctx, rows[self]);
	while (i < n && rows[i]->ppid != rows[self]->tgid)
		i++;
	if (i >= n)
		return;
	if (level)
		ctx->prefix[level - 1] = sibling ? '|' : ' ';
	ctx->prefix[level] = '\0';
	while (i < n) {
		int pid = rows[self]->tgid;
		int more = i + 1 < n && rows[i + 1]->ppid == pid;
		int next = level + 1 < (int)sizeof(ctx->prefix) ? level + 1 : level;

		tree(ctx, rows, n, i, pid == 1 && ctx->forest != 'u' ? level : next, more);
		i++;
		if (!more)
			break;
	}
	ctx->prefix[level] = '\0';
}

/* Every process whose parent is not listed roots a tree, the last sorted first. */
void print_forest(struct ps_ctx *ctx, struct row **rows, size_t n)
{
	for (size_t i = n; i--;) {
		size_t j;

		for (j = 0; j < n; j++)
			if (rows[j]->tgid == rows[i]->ppid)
				break;
		if (j == n)
			tree(ctx, rows, n, i, 0, 0);
	}
	ctx->prefix[0] = '\0';
}
