/* SPDX-License-Identifier: MIT */
#include <zv/lib.h>
#include <zv/types.h>

void *memset(void *s, int c, size_t n)
{
	u8 *p = s;
	u64 pattern = (u8)c * 0x0101010101010101ULL;

	while (n && ((uintptr_t)p & 7)) {
		*p++ = (u8)c;
		n--;
	}
	for (; n >= 8; n -= 8, p += 8)
		*(volatile u64 *)p = pattern;
	while (n--)
		*p++ = (u8)c;
	return s;
}

void *memcpy(void *dst, const void *src, size_t n)
{
	u8 *d = dst;
	const u8 *s = src;

	if ((((uintptr_t)d | (uintptr_t)s) & 7) == 0) {
		for (; n >= 8; n -= 8, d += 8, s += 8)
			*(volatile u64 *)d = *(const u64 *)s;
	}
	while (n--)
		*d++ = *s++;
	return dst;
}

int memcmp(const void *a, const void *b, size_t n)
{
	const u8 *x = a, *y = b;

	for (; n; n--, x++, y++)
		if (*x != *y)
			return *x - *y;
	return 0;
}

size_t strlen(const char *s)
{
	size_t n = 0;

	while (s[n])
		n++;
	return n;
}

int strncmp(const char *a, const char *b, size_t n)
{
	for (; n; n--, a++, b++) {
		if (*a != *b)
			return (u8)*a - (u8)*b;
		if (!*a)
			return 0;
	}
	return 0;
}
