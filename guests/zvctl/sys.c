/* SPDX-License-Identifier: MIT */
/* zvctl's freestanding layer (sys.h). */
#include "sys.h"

long sys6(long nr, long a0, long a1, long a2, long a3, long a4, long a5)
{
#if defined(__riscv)
	register long r0 __asm__("a0") = a0, r1 __asm__("a1") = a1, r2 __asm__("a2") = a2;
	register long r3 __asm__("a3") = a3, r4 __asm__("a4") = a4, r5 __asm__("a5") = a5;
	register long r7 __asm__("a7") = nr;

	__asm__ volatile("ecall"
			 : "+r"(r0)
			 : "r"(r1), "r"(r2), "r"(r3), "r"(r4), "r"(r5), "r"(r7)
			 : "memory");
#elif defined(__aarch64__)
	register long r0 __asm__("x0") = a0, r1 __asm__("x1") = a1, r2 __asm__("x2") = a2;
	register long r3 __asm__("x3") = a3, r4 __asm__("x4") = a4, r5 __asm__("x5") = a5;
	register long r7 __asm__("x8") = nr;

	__asm__ volatile("svc #0"
			 : "+r"(r0)
			 : "r"(r1), "r"(r2), "r"(r3), "r"(r4), "r"(r5), "r"(r7)
			 : "memory");
#elif defined(__loongarch64)
	register long r0 __asm__("a0") = a0, r1 __asm__("a1") = a1, r2 __asm__("a2") = a2;
	register long r3 __asm__("a3") = a3, r4 __asm__("a4") = a4, r5 __asm__("a5") = a5;
	register long r7 __asm__("a7") = nr;

	/* The kernel may clobber the temporaries t0-t8 across a syscall. */
	__asm__ volatile("syscall 0"
			 : "+r"(r0)
			 : "r"(r1), "r"(r2), "r"(r3), "r"(r4), "r"(r5), "r"(r7)
			 : "memory", "t0", "t1", "t2", "t3", "t4", "t5", "t6", "t7", "t8");
#else
#error "zvctl: unsupported ISA"
#endif
	return r0;
}

/* The entry: the kernel leaves argc, argv[], NULL, envp[] at the stack
 * pointer, which is 16-byte aligned. */
int zvctl_main(int argc, char **argv);
_Noreturn void zvctl_start(long *sp)
{
	sys_exit(zvctl_main((int)sp[0], (char **)(sp + 1)));
}
#if defined(__riscv)
__asm__(".globl _start\n_start:\n mv a0, sp\n call zvctl_start\n");
#elif defined(__aarch64__)
__asm__(".globl _start\n_start:\n mov x0, sp\n bl zvctl_start\n");
#elif defined(__loongarch64)
__asm__(".globl _start\n_start:\n move $a0, $sp\n bl zvctl_start\n");
#endif

_Noreturn void sys_exit(int code)
{
	for (;;)
		sys3(SYS_EXIT_GROUP, code, 0, 0);
}

long sys_read(int fd, void *buf, size_t n)
{
	long r;

	do
		r = sys3(SYS_READ, fd, buf, n);
	while (r == -EINTR);
	return r;
}

long sys_write_all(int fd, const void *buf, size_t n)
{
	const char *p = buf;
	size_t done = 0;
	long r;

	while (done < n) {
		r = sys3(SYS_WRITE, fd, p + done, n - done);
		if (r == -EINTR)
			continue;
		if (r <= 0)
			return r < 0 ? r : -5;
		done += (size_t)r;
	}
	return (long)done;
}

int sys_open(const char *path, int flags)
{
	return (int)sys4(SYS_OPENAT, AT_FDCWD, path, flags | O_CLOEXEC, 0);
}

void sys_close(int fd)
{
	sys3(SYS_CLOSE, fd, 0, 0);
}

uint64_t sys_now_ns(void)
{
	long ts[2] = {0, 0};

	sys3(SYS_CLOCK_GETTIME, 1 /* CLOCK_MONOTONIC */, ts, 0);
	return (uint64_t)ts[0] * 1000000000u + (uint64_t)ts[1];
}

void *memcpy(void *d, const void *s, size_t n)
{
	char *dp = d;
	const char *sp = s;

	while (n--)
		*dp++ = *sp++;
	return d;
}

void *memset(void *d, int c, size_t n)
{
	char *dp = d;

	while (n--)
		*dp++ = (char)c;
	return d;
}

int memcmp(const void *a, const void *b, size_t n)
{
	const unsigned char *x = a, *y = b;

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
	for (; n; n--, a++, b++)
		if (*a != *b || !*a)
			return (unsigned char)*a - (unsigned char)*b;
	return 0;
}

int strcmp(const char *a, const char *b)
{
	return strncmp(a, b, (size_t)-1);
}

/* ---- Formatting ---- */

struct out {
	int fd;
	char buf[512];
	size_t n;
};

static void out_c(struct out *o, char c)
{
	if (o->n == sizeof(o->buf)) {
		sys_write_all(o->fd, o->buf, o->n);
		o->n = 0;
	}
	o->buf[o->n++] = c;
}

static void out_field(struct out *o, const char *s, size_t len, int width, int left)
{
	for (int pad = width - (int)len; !left && pad > 0; pad--)
		out_c(o, ' ');
	for (size_t i = 0; i < len; i++)
		out_c(o, s[i]);
	for (int pad = width - (int)len; left && pad > 0; pad--)
		out_c(o, ' ');
}

static size_t fmt_num(char *buf, uint64_t v, unsigned base, int neg)
{
	char tmp[24];
	size_t n = 0, k = 0;

	do
		tmp[n++] = "0123456789abcdef"[v % base];
	while ((v /= base));
	if (neg)
		buf[k++] = '-';
	while (n)
		buf[k++] = tmp[--n];
	return k;
}

void vfdprintf(int fd, const char *fmt, va_list ap)
{
	struct out o = {.fd = fd};
	char num[24];
	int width, left, lng;

	for (; *fmt; fmt++) {
		if (*fmt != '%') {
			out_c(&o, *fmt);
			continue;
		}
		fmt++;
		left = *fmt == '-';
		fmt += left;
		for (width = 0; *fmt >= '0' && *fmt <= '9'; fmt++)
			width = width * 10 + (*fmt - '0');
		for (lng = 0; *fmt == 'l'; fmt++)
			lng = 1;
		if (*fmt == 's') {
			const char *s = va_arg(ap, const char *);

			out_field(&o, s, strlen(s), width, left);
		} else if (*fmt == 'c') {
			num[0] = (char)va_arg(ap, int);
			out_field(&o, num, 1, width, left);
		} else if (*fmt == 'd') {
			long v = lng ? va_arg(ap, long) : va_arg(ap, int);

			out_field(&o, num,
				  fmt_num(num, v < 0 ? -(uint64_t)v : (uint64_t)v, 10, v < 0),
				  width, left);
		} else if (*fmt == 'u' || *fmt == 'x') {
			uint64_t v = lng ? va_arg(ap, unsigned long) : va_arg(ap, unsigned);

			out_field(&o, num, fmt_num(num, v, *fmt == 'x' ? 16 : 10, 0), width, left);
		} else {
			out_c(&o, *fmt ? *fmt : '%');
			if (!*fmt)
				break;
		}
	}
	sys_write_all(fd, o.buf, o.n);
}

void fdprintf(int fd, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vfdprintf(fd, fmt, ap);
	va_end(ap);
}

int parse_u64(const char *s, uint64_t *v)
{
	unsigned base = 10;
	uint64_t x = 0, d;

	if (!*s)
		return 0;
	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
		base = 16, s += 2;
	for (; *s; s++) {
		if (*s >= '0' && *s <= '9')
			d = *s - '0';
		else if (base == 16 && (*s | 0x20) >= 'a' && (*s | 0x20) <= 'f')
			d = (*s | 0x20) - 'a' + 10;
		else
			break;
		if (x > (UINT64_MAX - d) / base)
			return 0;
		x = x * base + d;
	}
	if (*s == 'K' || *s == 'M' || *s == 'G') {
		unsigned shift = *s == 'K' ? 10 : *s == 'M' ? 20 : 30;

		if (x > (UINT64_MAX >> shift))
			return 0;
		x <<= shift;
		s++;
	}
	if (*s)
		return 0;
	*v = x;
	return 1;
}
