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

bool la_vtimer_idle(struct vcpu *v)
{
	struct arch_vcpu *a = &v->arch;
	u64 left;

	if (la_guest_irq_due(v))
		return false;
	left = la_vtimer_left(gcsr_read(CSR_TCFG), gcsr_read(CSR_TVAL));
	if (!left)
		return true; /* no timer: only an interrupt wakes it */
	a->vt_left = left;
	a->vt_start = la_rdtime();
	a->vt_armed = true;
	/* One-shot root timer; InitVal counts in units of 4 ticks (bits 47:2). */
	csr_write(CSR_TCFG, ((left + 3) & LA_TCFG_INIT_MASK) | LA_TCFG_EN);
	return true;
}

void la_vtimer_resume(struct vcpu *v)
{
	struct arch_vcpu *a = &v->arch;
	struct la_vtimer_next n;
	u64 tcfg;

	if (!a->vt_armed)
		return;
	a->vt_armed = false;
	csr_write(CSR_TCFG, 0);
	csr_write(CSR_TICLR, 1);
	tcfg = gcsr_read(CSR_TCFG);
	la_vtimer_advance(tcfg, a->vt_left, la_rdtime() - a->vt_start, &n);
	/* TCFG before TVAL: a TCFG write reloads TVAL on hardware. */
	if (n.tcfg != tcfg)
		gcsr_write(CSR_TCFG, n.tcfg);
	gcsr_write(CSR_TVAL, n.tval);
	if (n.fire)
		gcsr_xchg(CSR_ESTAT, 1UL << INT_TI, 1UL << INT_TI);
}

/* v executed idle with nothing due and la_vtimer_idle() armed the root
 * timer for its guest timer if that runs: wait here, on the exit's stack,
 * not in the vCPU loop. Root CRMD.IE is 0 in an exception handler; idle
 * wakes on ESTAT.IS & ECFG.LIE all the same (arch_wait_for_interrupt()).
 * Wait again while nothing is due for the guest (its ECFG.LIE decides, as
 * idle does on hardware) and v is to go on running. */
void la_vcpu_idle(struct vcpu *v)
{
	do {
		arch_wait_for_interrupt();
		la_vtimer_resume(v);
	} while (v->state == VCPU_RUNNING && !v->requests && la_vtimer_idle(v));
}

void la_vtimer_reset(struct vcpu *v)
{
	if (v->arch.vt_armed)
		csr_write(CSR_TCFG, 0);
	v->arch.vt_armed = false;
}
