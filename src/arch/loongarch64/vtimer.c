/* SPDX-License-Identifier: MIT */
/*
 * A vCPU that executes `idle` with nothing pending waits in root; its guest
 * timer, which counts only in guest mode, is then kept by the root timer
 * (TCFG 0x41, TI = root ESTAT.IS bit 11) and brought up to date before the
 * vCPU re-enters (arithmetic in vtimer_calc.c).
 */
#include <arch/la_vtimer.h>
#include <arch/loongarch.h>
#include <zv/arch.h>
#include <zv/zone.h>

#include "la.h"

/* An interrupt the guest would take now: guest ESTAT.IS (which includes
 * GINTC.VIP and injected TI/IPI) or lines posted for it, under its ECFG.LIE. */
static bool la_guest_irq_due(struct vcpu *v)
{
	u64 is = (gcsr_read(CSR_ESTAT) | v->arch.irq_lines) & ESTAT_IS_MASK;

	return (is & gcsr_read(CSR_ECFG)) != 0;
}

/* The guest timer of a vCPU waiting in root, kept by the root timer. */
struct la_vtimer_wait {
	u64 left;  /* guest ticks left when the wait began; 0: timer off */
	u64 start; /* root counter then */
};

/* Arm the one-shot root timer for the guest timer's next expiry. */
static void la_vtimer_arm(struct la_vtimer_wait *w)
{
	w->left = la_vtimer_left(gcsr_read(CSR_TCFG), gcsr_read(CSR_TVAL));
	if (!w->left)
		return; /* no timer: only an interrupt wakes the vCPU */
	w->start = la_rdtime();
	/* InitVal counts in units of 4 ticks (TCFG bits 47:2). */
	csr_write(CSR_TCFG, ((w->left + 3) & LA_TCFG_INIT_MASK) | LA_TCFG_EN);
}

/* After the wait: stop the root timer, charge the time spent to the guest
 * timer and raise its interrupt if it expired meanwhile. */
static void la_vtimer_catch_up(const struct la_vtimer_wait *w)
{
	struct la_vtimer_next n;
	u64 tcfg;

	if (!w->left)
		return;
	csr_write(CSR_TCFG, 0);
	csr_write(CSR_TICLR, 1);
	tcfg = gcsr_read(CSR_TCFG);
	la_vtimer_advance(tcfg, w->left, la_rdtime() - w->start, &n);
	/* TCFG before TVAL: a TCFG write reloads TVAL on hardware. */
	if (n.tcfg != tcfg)
		gcsr_write(CSR_TCFG, n.tcfg);
	gcsr_write(CSR_TVAL, n.tval);
	if (n.fire)
		gcsr_xchg(CSR_ESTAT, 1UL << INT_TI, 1UL << INT_TI);
}

/* v executed idle: unless an interrupt is due for it already, wait here,
 * on the exit's stack, not in the vCPU loop. Root CRMD.IE is 0 in an
 * exception handler; idle wakes on ESTAT.IS & ECFG.LIE all the same
 * (arch_wait_for_interrupt()). Wait again while nothing is due for the
 * guest (its ECFG.LIE decides, as idle does on hardware) and v is to go
 * on running. */
void la_vcpu_idle(struct vcpu *v)
{
	struct la_vtimer_wait w;

	while (v->state == VCPU_RUNNING && !v->requests && !la_guest_irq_due(v)) {
		la_vtimer_arm(&w);
		arch_wait_for_interrupt();
		la_vtimer_catch_up(&w);
	}
}
