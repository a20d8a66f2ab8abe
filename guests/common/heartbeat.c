/* SPDX-License-Identifier: MIT */
/* The sibling zone of the isolation tests: prints "heartbeat N" every
 * 100 ms, timer-interrupt driven, forever; a line typed into it comes
 * back as "heartbeat: typed <line>" (console input still works). */
#include "guest.h"

static volatile u32 ticks;

void g_irq(enum g_irq kind)
{
	if (kind == G_IRQ_TIMER) {
		ticks++;
		g_arch_timer_set(g_arch_time() + GUEST_TIMER_HZ / 10);
	}
}

void g_exception(u64 cause, u64 pc, u64 tval)
{
	g_printf("heartbeat: unexpected exception 0x%x at 0x%x\n", cause, pc);
	g_park();
}

/* Collect typed bytes; print the line at a carriage return. */
static void echo_input(void)
{
	static char line[64];
	static u32 len;
	int c;

	while ((c = g_getc()) >= 0) {
		if (c == '\r' || c == '\n') {
			line[len] = 0;
			if (len)
				g_printf("heartbeat: typed %s\n", line);
			len = 0;
		} else if (c >= ' ' && c < 0x7f && len < sizeof(line) - 1) {
			line[len++] = (char)c;
		}
	}
}

void guest_main(void)
{
	u32 seen = 0;

	g_arch_init();
	g_arch_irq_enable(true);
	g_arch_timer_set(g_arch_time() + GUEST_TIMER_HZ / 10);
	for (;;) {
		while (ticks == seen)
			g_arch_wait();
		seen = ticks;
		g_printf("heartbeat %u\n", (u64)seen);
		echo_input();
	}
}
