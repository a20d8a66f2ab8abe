/* SPDX-License-Identifier: MIT */
#ifndef ZV_TYPES_H
#define ZV_TYPES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef uint64_t u64;
typedef int32_t s32;
typedef int64_t s64;
typedef uintptr_t paddr_t;

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define ALIGN_UP(x, a) (((x) + (a) - 1) & ~((u64)(a) - 1))
#define ALIGN_DOWN(x, a) ((x) & ~((u64)(a) - 1))
#define IS_ALIGNED(x, a) (((x) & ((u64)(a) - 1)) == 0)
#define BIT(n) (1UL << (n))
#define unlikely(x) __builtin_expect(!!(x), 0)
#define likely(x) __builtin_expect(!!(x), 1)

/* Arch-neutral error codes, returned negated. */
enum {
	ZV_OK = 0,
	ZV_EINVAL = 1, /* bad argument */
	ZV_EPERM = 2,  /* not this zone's */
	ZV_ENOSYS = 3, /* not implemented */
	ZV_ENOMEM = 4, /* static pool exhausted */
	ZV_EBUSY = 5,  /* state does not allow it */
	ZV_EFAULT = 6, /* address outside the zone */
};

#endif
