/* SPDX-License-Identifier: MIT */
/* The channel and its doorbells for the bare channel guests (chanecho.c,
 * chanpp.c): the interrupt that acknowledges and counts them, and the
 * wait for one. */
#include "guest.h"
#include "zvchan.h"

struct zvchan g_chan;
volatile u32 g_chan_doorbells;

void g_irq(enum g_irq kind)
{
	u32 irq;

	if (kind == G_IRQ_TIMER)
		g_arch_timer_set(~0ULL); /* only a wake-up bound */
	if (kind != G_IRQ_EXT)
		return;
	while ((irq = g_arch_ext_claim()) != 0) {
		if (irq == GUEST_CHAN_DOORBELL) {
			zvchan_ack(&g_chan);
			g_chan_doorbells++;
		}
		g_arch_ext_complete(irq);
	}
}

/* The check and the wait run with interrupts masked, so a doorbell taken
 * between them cannot be missed: a masked pending interrupt still ends
 * the wait (WFI; the LoongArch g_arch_wait() rolls an early one past its
 * idle), and is taken when they are unmasked again. */
bool g_chan_wait(u32 seen)
{
	u64 end = g_arch_time() + GUEST_TIMER_HZ / 100;

	g_arch_irq_enable(false);
	while (g_chan_doorbells == seen && g_arch_time() < end) {
		g_arch_timer_set(end);
		g_arch_wait();
		g_arch_irq_enable(true); /* take what ended the wait */
		g_arch_irq_enable(false);
	}
	g_arch_irq_enable(true);
	return g_chan_doorbells != seen;
}
