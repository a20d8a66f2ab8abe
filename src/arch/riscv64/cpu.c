/* SPDX-License-Identifier: MIT */
/* riscv64 physical CPU bring-up, IPIs and the hypervisor's own traps. */
#include <arch/csr.h>
#include <arch/sbi.h>
#include <zv/arch.h>
#include <zv/console.h>
#include <zv/vcpu.h>

#include "board.h"
#include "rv.h"

extern char rv_trap_vector[];
extern char zv_secondary_entry[];

struct sbiret sbi_call(unsigned long ext, unsigned long fid, unsigned long a0,
		       unsigned long a1, unsigned long a2)
{
	register unsigned long r0 __asm__("a0") = a0;
	register unsigned long r1 __asm__("a1") = a1;
	register unsigned long r2 __asm__("a2") = a2;
	register unsigned long r6 __asm__("a6") = fid;
	register unsigned long r7 __asm__("a7") = ext;

	__asm__ volatile("ecall" : "+r"(r0), "+r"(r1) : "r"(r2), "r"(r6), "r"(r7) : "memory");
	return (struct sbiret){(long)r0, (long)r1};
}

/* The time CSR counts at the board's timebase (mcounteren.TM, which
 * OpenSBI sets, lets HS-mode read it). */
u64 arch_time_ms(void)
{
	return csr_read(time) / (BOARD_TIMEBASE_HZ / 1000);
}

u32 arch_cpu_id(void)
{
	u32 id;

	__asm__ volatile("mv %0, tp" : "=r"(id));
	return id;
}

void arch_cpu_init(u32 cpu)
{
	csr_write(CSR_STVEC, rv_trap_vector);
	csr_write(CSR_SSCRATCH, 0);
	rv_cbo_probe();
	/* Exceptions the guest OS takes itself, as on bare hardware (hedeleg;
	 * OpenSBI's redirect of a trap it took honours it too): misaligned
	 * fetch, load and store/AMO (a misaligned AMO or LR/SC from a user
	 * process must reach its kernel, e.g. as SIGBUS), access faults (the
	 * zone's own passthrough devices), illegal instruction, breakpoint,
	 * U-mode ecall and page faults. Only VS-mode ecalls, guest-page faults
	 * and virtual-instruction exceptions come to the hypervisor. */
	csr_write(CSR_HEDELEG, RV_HEDELEG_GUEST);
	csr_write(CSR_HIDELEG, BIT(IRQ_VS_SOFT) | BIT(IRQ_VS_TIMER) | BIT(IRQ_VS_EXT));
	csr_write(CSR_HCOUNTEREN, ~0UL);
	/* Sstc for the guest: vstimecmp raises VSTIP with no exit; Zicboz:
	 * cbo.zero (Linux's clear_page) runs in VS-mode instead of raising a
	 * virtual-instruction exception. The guest DT offers both. */
	csr_write(CSR_HENVCFG, HENVCFG_STCE | HENVCFG_CBZE);
	csr_write(CSR_HTIMEDELTA, 0);
	csr_write(CSR_VSTIMECMP, ~0UL);
	csr_write(CSR_HVIP, 0);
	csr_write(CSR_HIE, BIT(IRQ_VS_SOFT) | BIT(IRQ_VS_TIMER) | BIT(IRQ_VS_EXT));
	/* The hypervisor takes IPIs and PLIC interrupts; with SIE clear they
	 * only trap while a guest runs (V=1) and wake wfi otherwise. */
	csr_write(CSR_SIE, BIT(IRQ_S_SOFT) | BIT(IRQ_S_EXT));
	csr_clear(CSR_SSTATUS, SSTATUS_SIE);
	/* Guests use the FPU; FS must be on at HS level too. */
	csr_set(CSR_SSTATUS, SSTATUS_FS_INITIAL);
	rv_plic_cpu_init(cpu);
}

int arch_cpu_start(u32 cpu)
{
	struct sbiret r = sbi_call(SBI_EXT_HSM, 0, cpu, (unsigned long)zv_secondary_entry, cpu);

	return r.error ? -ZV_EINVAL : 0;
}

/* Straight to the target's SSIP through the board's ACLINT SSWI: an SBI
 * IPI would cost two trips through M-mode firmware. The fence orders the
 * requests posted before it ahead of the device write (the SSWI is I/O). */
void arch_send_ipi(u32 cpu)
{
	__asm__ volatile("fence w, o" ::: "memory");
	*(volatile u32 *)(BOARD_SSWI_BASE + 4UL * cpu) = 1;
}

/* Physical interrupts for the hypervisor: IPIs and the PLIC. */
void rv_handle_hv_irqs(void)
{
	unsigned long sip = csr_read(CSR_SIP);

	if (sip & BIT(IRQ_S_SOFT)) {
		csr_clear(CSR_SIP, BIT(IRQ_S_SOFT));
		vcpu_handle_requests();
	}
	if (sip & BIT(IRQ_S_EXT))
		rv_plic_handle();
}

void arch_wait_for_interrupt(void)
{
	__asm__ volatile("wfi");
	rv_handle_hv_irqs();
}

void arch_poweroff(void)
{
	sbi_call(SBI_EXT_SRST, 0, 0, 0, 0);
	for (;;)
		__asm__ volatile("wfi");
}

unsigned long rv_hv_trap_fixup(unsigned long epc)
{
	struct vcpu *v = vcpu_current();
	unsigned long fix = v ? v->arch.fixup : 0;

	if (v)
		v->arch.fixup = 0;
	return fix;
}

void rv_hv_trap_fatal(void)
{
	panic("hypervisor trap: scause 0x%lx sepc 0x%lx stval 0x%lx\n", csr_read(CSR_SCAUSE),
	      csr_read(CSR_SEPC), csr_read(CSR_STVAL));
}

/* RISC-V harts keep their data caches coherent and a guest has no
 * caches-off mode (vsatp Bare still follows the PMAs), so data needs
 * nothing. Instruction fetch only sees the copied images after a FENCE.I
 * on the hart that fetches; it is local, so this covers a vCPU started on
 * this hart and arch_vcpu_reset() fences again on every hart where one of
 * the zone's vCPUs starts. */
void arch_cache_sync_range(u64 hpa, u64 size)
{
	__asm__ volatile("fence.i" ::: "memory");
}
