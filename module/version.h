/* SPDX-License-Identifier: GPL-2.0 */
/* The one place the project keeps its version: modinfo, packages and docs read it. */
#ifndef TASK_DIAG_VERSION_H
#define TASK_DIAG_VERSION_H

#define TASK_DIAG_VERSION "0.4.0"

#endif
