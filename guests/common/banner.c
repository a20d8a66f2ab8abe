/* SPDX-License-Identifier: MIT */
/* A second bare-metal image for the management tests: the root zone loads
 * it into a stopped zone and starts it (docs/management.md). It says so,
 * then ticks once a second. */
#include "guest.h"

static volatile u32 ticks;

void g_irq(enum g_irq kind)
{
	if (kind == G_IRQ_TIMER) {
		ticks++;
		g_arch_timer_set(g_arch_time() + GUEST_TIMER_HZ);
	}
}

void g_exception(u64 cause, u64 pc, u64 tval)
{
	g_printf("banner: unexpected exception 0x%x at 0x%x\n", cause, pc);
	g_park();
}

void guest_main(void)
{
	u64 boots = 0;
	u32 seen = 0;

	g_arch_init();
	g_arch_hypercall(HC_ZONE_BOOTS, 0, 0, 0, 0, &boots);
	g_printf("banner: the loaded image runs (boot %u)\n", boots);
	/* A second hypercall tells a root watching its exit counts
	 * (mgmtroot.c's soak) that the line is out. */
	g_arch_hypercall(HC_ZONE_ID, 0, 0, 0, 0, &boots);
	g_arch_irq_enable(true);
	g_arch_timer_set(g_arch_time() + GUEST_TIMER_HZ);
	for (;;) {
		while (ticks == seen)
			g_arch_wait();
		seen = ticks;
		g_printf("banner: tick %u\n", (u64)seen);
	}
}
