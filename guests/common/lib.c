/* SPDX-License-Identifier: MIT */
/* Console output through the zone's emulated 16550, or the UART an ISA's
 * g_arch_putc() drives (every byte is an MMIO exit, on purpose), and a
 * small printf. */
#include <stdarg.h>

#include "guest.h"

#define UART_THR 0
#define UART_RBR 0
#define UART_LSR 5
#define UART_LSR_DR 0x01
#define UART_LSR_THRE 0x20

static volatile int print_lock;

/* Guests booted without the hypervisor (bench.c natively) may need the
 * board's own console: an ISA overrides this and returns true when it
 * wrote c there. */
__attribute__((weak)) bool g_arch_putc(char c)
{
	return false;
}

/* hostile.c page-table-in-device: an ISA without the hook skips it. */
__attribute__((weak)) u64 g_arch_paging_via(u64 table)
{
	return 0;
}

void g_park(void)
{
	for (;;)
		g_arch_wait();
}

/* A program that starts no secondary vCPU leaves it parked. */
__attribute__((weak)) void guest_secondary(void)
{
	g_park();
}

/* A program that takes no interrupt ignores one. */
__attribute__((weak)) void g_irq(enum g_irq kind)
{
}

void g_putc(char c)
{
	if (c == '\n')
		g_putc('\r');
	if (g_arch_putc(c))
		return;
	while (!(mmio_r8(GUEST_UART + UART_LSR) & UART_LSR_THRE))
		;
	mmio_w8(GUEST_UART + UART_THR, (uint8_t)c);
}

__attribute__((weak)) int g_arch_getc(void)
{
	if (!(mmio_r8(GUEST_UART + UART_LSR) & UART_LSR_DR))
		return -1;
	return mmio_r8(GUEST_UART + UART_RBR);
}

int g_getc(void)
{
	return g_arch_getc();
}

void g_puts(const char *s)
{
	while (*s)
		g_putc(*s++);
}

static void put_num(u64 v, unsigned base, int width)
{
	char tmp[24];
	int n = 0;

	do {
		tmp[n++] = "0123456789abcdef"[v % base];
		v /= base;
	} while (v);
	while (width-- > n)
		g_putc('0');
	while (n)
		g_putc(tmp[--n]);
}

void g_printf(const char *fmt, ...)
{
	va_list ap;

	while (__atomic_exchange_n(&print_lock, 1, __ATOMIC_ACQUIRE))
		;
	va_start(ap, fmt);
	for (; *fmt; fmt++) {
		int width = 0;
		long s;

		if (*fmt != '%') {
			g_putc(*fmt);
			continue;
		}
		fmt++;
		while (*fmt >= '0' && *fmt <= '9')
			width = width * 10 + (*fmt++ - '0');
		while (*fmt == 'l')
			fmt++;
		switch (*fmt) {
		case 's':
			g_puts(va_arg(ap, const char *));
			break;
		case 'x':
			put_num(va_arg(ap, u64), 16, width);
			break;
		case 'u':
			put_num(va_arg(ap, u64), 10, width);
			break;
		case 'd':
			s = va_arg(ap, long);
			if (s < 0) {
				g_putc('-');
				s = -s;
			}
			put_num((u64)s, 10, width);
			break;
		default:
			g_putc(*fmt);
		}
	}
	va_end(ap);
	__atomic_store_n(&print_lock, 0, __ATOMIC_RELEASE);
}

void *memset(void *s, int c, size_t n)
{
	unsigned char *p = s;

	while (n--)
		*p++ = (unsigned char)c;
	return s;
}
