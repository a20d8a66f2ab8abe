/* SPDX-License-Identifier: MIT */
/* aarch64 physical CPU bring-up at EL2, IPIs and the hypervisor's own traps. */
#include <arch/sysreg.h>
#include <zv/arch.h>
#include <zv/board.h>
#include <zv/console.h>
#include <zv/vcpu.h>
#include <zv/zone.h>

#include "a64.h"
#include "board.h"

#define PSCI_CPU_ON_64 0xc4000003UL
#define PSCI_SYSTEM_OFF 0x84000008UL

/* QEMU's built-in PSCI answers SMC when EL2 is present and EL3 is not. */
u64 a64_smc(u64 fn, u64 a1, u64 a2, u64 a3)
{
	register u64 x0 __asm__("x0") = fn;
	register u64 x1 __asm__("x1") = a1;
	register u64 x2 __asm__("x2") = a2;
	register u64 x3 __asm__("x3") = a3;

	__asm__ volatile("smc #0" : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3) : : "memory");
	return x0;
}

u64 a64_cpu_affinity(u32 cpu)
{
	return ((u64)(cpu / 16) << 8) | (cpu % 16);
}

/* CNTPCT_EL0 at CNTFRQ_EL0 Hz (firmware sets the frequency; EL2 reads both). */
u64 arch_time_ms(void)
{
	u64 khz = sysreg_read(cntfrq_el0) / 1000;

	return sysreg_read(cntpct_el0) / (khz ? khz : 1);
}

u32 arch_cpu_id(void)
{
	return (u32)sysreg_read(tpidr_el2);
}

/* Let EL1 use what Linux probes for on '-cpu max' without trapping to us:
 * FP/SVE/SME (CPTR_EL2), MOPS and TCR2/SCTLR2 (HCRX_EL2), PMU (MDCR_EL2). */
static void a64_el1_features(void)
{
	u64 pfr0 = sysreg_read(id_aa64pfr0_el1), pfr1 = sysreg_read(id_aa64pfr1_el1);

	sysreg_write(cptr_el2, CPTR_EL2_NOTRAP);
	isb();
	if ((pfr0 >> 32) & 0xf) /* SVE: ZCR_EL2.LEN = largest */
		sysreg_write(ZCR_EL2, 0xf);
	if ((pfr1 >> 24) & 0xf) /* SME: SMCR_EL2.LEN = largest */
		sysreg_write(SMCR_EL2, 0xf);
	if ((sysreg_read(ID_AA64MMFR1) >> 40) & 0xf) /* FEAT_HCX */
		sysreg_write(HCRX_EL2, HCRX_MSCEN | HCRX_TCR2EN | HCRX_SCTLR2EN);
	/* MDCR_EL2.HPMN = PMCR_EL0.N: all counters belong to EL1, no traps. */
	sysreg_write(mdcr_el2, (sysreg_read(pmcr_el0) >> 11) & 0x1f);
}

static void a64_stage2_regs(void)
{
	u64 pa = sysreg_read(id_aa64mmfr0_el1) & 0xf;

	if (pa > 5)
		pa = 5;
	sysreg_write(vtcr_el2, a64_stage2_vtcr_walk() | VTCR_IRGN_WB | VTCR_ORGN_WB |
				   VTCR_SH_INNER | (pa << VTCR_PS_SHIFT) | VTCR_RES1);
}

bool a64_has_wfxt;

void arch_cpu_init(u32 cpu)
{
	/* ID_AA64ISAR2_EL1.WFxT [3:0] = 2 */
	a64_has_wfxt = (sysreg_read(ID_AA64ISAR2) & 0xf) == 2;
	sysreg_write(vbar_el2, a64_vectors);
	/* Guest: EL1 is AArch64 (RW), stage 2 on (VM), IRQ/FIQ/SError to EL2
	 * (IMO/FMO/AMO: also makes EL1's ICC_* accesses hit the ICV_*
	 * interface), WFI and SMC trap, set/way ops upgraded (SWIO), pointer
	 * authentication not trapped (API/APK). */
	sysreg_write(hcr_el2, HCR_VM | HCR_SWIO | HCR_FMO | HCR_IMO | HCR_AMO | HCR_TWI | HCR_TSC |
				  HCR_RW | HCR_API | HCR_APK);
	a64_el1_features();
	a64_stage2_regs();
	/* EL1 reads the physical counter; its physical timer traps (the
	 * guest's timer is CNTV, PPI 27). */
	sysreg_write(cnthctl_el2, CNTHCTL_EL1PCTEN);
	sysreg_write(cntvoff_el2, 0);
	sysreg_write(vpidr_el2, sysreg_read(midr_el1));
	isb();
	if (cpu == 0)
		gic_init();
	gic_cpu_init(cpu);
	if (cpu == 0) {
		gic_spi_route(BOARD_UART_IRQ, cpu);
		gic_spi_enable(BOARD_UART_IRQ, true);
		uart_irq_enable();
	}
}

int arch_cpu_start(u32 cpu)
{
	u64 r =
	    a64_smc(PSCI_CPU_ON_64, a64_cpu_affinity(cpu), (u64)(uintptr_t)zv_secondary_entry, cpu);

	return r ? -ZV_EINVAL : 0;
}

void arch_send_ipi(u32 cpu)
{
	gic_send_sgi(cpu, SGI_KICK);
}

static void a64_timer_irq(struct vcpu *v)
{
	gic_eoi(BOARD_TIMER_PPI);
	if (v && v->state == VCPU_RUNNING) {
		/* Stays active until the guest deactivates it (LR.HW). */
		vgic_inject_ppi_hw(v, BOARD_TIMER_PPI);
		return;
	}
	/* No guest to take it: mask the timer (CNTV_CTL_EL0.IMASK). */
	sysreg_write(cntv_ctl_el0, sysreg_read(cntv_ctl_el0) | 2);
	gic_deactivate(BOARD_TIMER_PPI);
}

static void a64_handle_irq(struct vcpu *v, u32 intid)
{
	struct zone *z;

	if (intid == BOARD_TIMER_PPI) {
		a64_timer_irq(v);
		return;
	}
	if (intid >= 32 && intid != BOARD_UART_IRQ && (z = zone_of_irq(intid))) {
		gic_eoi(intid); /* the guest deactivates it through LR.HW */
		vgic_inject_spi_hw(z, intid);
		return;
	}
	if (intid == BOARD_MAINT_PPI)
		vgic_maintenance();
	else if (intid == BOARD_HYP_TIMER_PPI) /* a WFIT's timeout: line low */
		sysreg_write(cnthp_ctl_el2, 0);
	gic_eoi(intid);
	gic_deactivate(intid);
	if (intid == SGI_KICK)
		vcpu_handle_requests();
	else if (intid == BOARD_UART_IRQ)
		console_rx();
}

/* Physical interrupts for the hypervisor, polled with PSTATE.I masked;
 * v is this CPU's vCPU (vcpu_current()). */
void a64_handle_irqs(struct vcpu *v)
{
	u32 intid;

	while ((intid = gic_ack()) < 1020)
		a64_handle_irq(v, intid);
}

void arch_wait_for_interrupt(void)
{
	dsb(sy);
	__asm__ volatile("wfi");
	a64_handle_irqs(vcpu_current());
}

void arch_poweroff(void)
{
	a64_smc(PSCI_SYSTEM_OFF, 0, 0, 0);
	for (;;)
		__asm__ volatile("wfi");
}

void a64_hv_fault(u64 vector)
{
	panic("hypervisor exception (vector %lu): esr 0x%lx elr 0x%lx far 0x%lx\n", vector,
	      sysreg_read(esr_el2), sysreg_read(elr_el2), sysreg_read(far_el2));
}
