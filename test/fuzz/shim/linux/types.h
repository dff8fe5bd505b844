/* SPDX-License-Identifier: GPL-2.0 */
/* User-space stand-in for the kernel's <linux/types.h>, for request_fuzz.c. */
#ifndef TD_SHIM_TYPES_H
#define TD_SHIM_TYPES_H
#include_next <linux/types.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>
typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef uint64_t u64;
#endif
