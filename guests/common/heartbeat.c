/* SPDX-License-Identifier: MIT */
/* The sibling zone of the isolation tests: prints "heartbeat N" every
 * 100 ms, timer-interrupt driven, forever. */
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
	for (;;)
		g_arch_wait();
}

void guest_secondary(void)
{
	for (;;)
		g_arch_wait();
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
	}
}
