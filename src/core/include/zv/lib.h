/* SPDX-License-Identifier: MIT */
/* The few libc functions the hypervisor has (src/core/lib); on the host
 * (-DZV_HOST, the config tool and unit tests) they come from libc. */
#ifndef ZV_LIB_H
#define ZV_LIB_H

#include <stdarg.h>

#ifdef ZV_HOST
#include <stdio.h>
#include <string.h>
static inline void memzero_wide(void *s, size_t n)
{
	memset(s, 0, n);
}
static inline void *memcpy_wide(void *dst, const void *src, size_t n)
{
	return memcpy(dst, src, n);
}
#else
#include <stddef.h>

void *memset(void *s, int c, size_t n);
void *memcpy(void *dst, const void *src, size_t n);
/* memset(s, 0, n) for large n: its aligned part 128 bytes per loop turn,
 * in stores with immediate offsets (few instructions per byte where the
 * CPU has no cache-block zero instruction). */
void memzero_wide(void *s, size_t n);
/* memcpy() for large n (a zone's images): longer bursts, fewer loop turns. */
void *memcpy_wide(void *dst, const void *src, size_t n);
size_t strlen(const char *s);
int strncmp(const char *a, const char *b, size_t n);
int snprintf(char *buf, size_t size, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
#endif

#endif
