/* SPDX-License-Identifier: MIT */
/* The few libc functions the hypervisor has (src/core/lib); on the host
 * (-DZV_HOST, the config tool and unit tests) they come from libc. */
#ifndef ZV_LIB_H
#define ZV_LIB_H

#include <stdarg.h>

#ifdef ZV_HOST
#include <stdio.h>
#include <string.h>
#else
#include <stddef.h>

void *memset(void *s, int c, size_t n);
void *memcpy(void *dst, const void *src, size_t n);
size_t strlen(const char *s);
int strncmp(const char *a, const char *b, size_t n);
int snprintf(char *buf, size_t size, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
#endif

#endif
