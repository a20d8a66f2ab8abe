/* SPDX-License-Identifier: MIT */
/* zvclock: prints the architectural counter and its frequency as
 * "<ticks> <hz>", for make bench's Linux runs (bench/init). Under QEMU's
 * -icount shift=0 the counter is the virtual clock, which advances one
 * nanosecond per instruction retired (and jumps over idle periods), so two
 * readings give a job's instructions. A static Linux program with no libc:
 * the three ISAs share the generic syscall numbers. */
typedef unsigned long u64;

#define SYS_OPENAT 56
#define SYS_CLOSE 57
#define SYS_READ 63
#define SYS_WRITE 64
#define SYS_EXIT 93
#define AT_FDCWD (-100)

static long sys3(long nr, long a0, long a1, long a2)
{
#if defined(__riscv)
	register long r0 __asm__("a0") = a0, r1 __asm__("a1") = a1, r2 __asm__("a2") = a2;
	register long r7 __asm__("a7") = nr;

	__asm__ volatile("ecall" : "+r"(r0) : "r"(r1), "r"(r2), "r"(r7) : "memory");
#elif defined(__aarch64__)
	register long r0 __asm__("x0") = a0, r1 __asm__("x1") = a1, r2 __asm__("x2") = a2;
	register long r7 __asm__("x8") = nr;

	__asm__ volatile("svc #0" : "+r"(r0) : "r"(r1), "r"(r2), "r"(r7) : "memory");
#elif defined(__loongarch64)
	register long r0 __asm__("a0") = a0, r1 __asm__("a1") = a1, r2 __asm__("a2") = a2;
	register long r7 __asm__("a7") = nr;

	__asm__ volatile("syscall 0"
			 : "+r"(r0)
			 : "r"(r1), "r"(r2), "r"(r7)
			 : "memory", "t0", "t1", "t2", "t3", "t4", "t5", "t6", "t7", "t8");
#endif
	return r0;
}

#if defined(__riscv)
static u64 counter(void)
{
	u64 t;

	__asm__ volatile("rdtime %0" : "=r"(t));
	return t;
}

/* U-mode cannot read the timebase: the device tree has it, big-endian. */
static u64 counter_hz(void)
{
	unsigned char b[4];
	long fd = sys3(SYS_OPENAT, AT_FDCWD, (long)"/proc/device-tree/cpus/timebase-frequency", 0);

	if (fd < 0 || sys3(SYS_READ, fd, (long)b, 4) != 4)
		return 0;
	sys3(SYS_CLOSE, fd, 0, 0);
	return (u64)b[0] << 24 | (u64)b[1] << 16 | (u64)b[2] << 8 | b[3];
}
#elif defined(__aarch64__)
static u64 counter(void)
{
	u64 t;

	__asm__ volatile("isb; mrs %0, cntvct_el0" : "=r"(t));
	return t;
}

static u64 counter_hz(void)
{
	u64 f;

	__asm__ volatile("mrs %0, cntfrq_el0" : "=r"(f));
	return f;
}
#elif defined(__loongarch64)
static u64 counter(void)
{
	u64 t;

	__asm__ volatile("rdtime.d %0, $zero" : "=r"(t));
	return t;
}

/* CPUCFG word 4 is the constant timer's base clock, word 5 its multiplier
 * (bits 15:0) and divisor (bits 31:16). */
static u64 counter_hz(void)
{
	u64 base, md;

	__asm__ volatile("cpucfg %0, %1" : "=r"(base) : "r"(4UL));
	__asm__ volatile("cpucfg %0, %1" : "=r"(md) : "r"(5UL));
	if (!(md >> 16 & 0xffff))
		return 0;
	return base * (md & 0xffff) / (md >> 16 & 0xffff);
}
#endif

static char *put_dec(char *p, u64 v)
{
	char tmp[24];
	int n = 0;

	do
		tmp[n++] = (char)('0' + v % 10);
	while (v /= 10);
	while (n)
		*p++ = tmp[--n];
	return p;
}

void _start(void)
{
	char buf[64], *p = buf;
	u64 t = counter();

	p = put_dec(p, t);
	*p++ = ' ';
	p = put_dec(p, counter_hz());
	*p++ = '\n';
	sys3(SYS_WRITE, 1, (long)buf, p - buf);
	sys3(SYS_EXIT, 0, 0, 0);
	for (;;)
		;
}
