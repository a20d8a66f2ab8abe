/* SPDX-License-Identifier: MIT */
/* aarch64 guest hooks for the self test (misaligned accesses, WFIT,
 * AArch32 EL0) and the hostile guest (privileged instructions, paging,
 * the firmware console). */
#include "a64.h"

#define EC_SVC32 0x11

u64 g_el0_run(u64 entry, u64 spsr);
void g_el0_return(u64 value) __attribute__((noreturn));
static volatile u32 el0_undefs; /* Undefined Instruction exceptions from AArch32 EL0 */

/* Vector 12: a synchronous exception from AArch32 EL0 (g_arch_selftest):
 * an SVC ends the run, an Undefined Instruction (EC 0) is counted and
 * stepped over (A32: 4 bytes). */
void a64_el0_sync(u64 *frame)
{
	u64 esr = SYSREG_R(esr_el1);

	if ((esr >> 26) == EC_SVC32)
		g_el0_return(esr);
	if ((esr >> 26) == 0 && !(frame[FRAME_ELR + 1] & 0x20)) {
		el0_undefs++;
		frame[FRAME_ELR] += 4;
		return;
	}
	g_exception(esr, SYSREG_R(elr_el1), SYSREG_R(far_el1));
}

/* An alignment fault taken at EL1: ESR_EL1.EC = 0x25 (data abort, same
 * EL), DFSC = 0x21. With the MMU off every data access is to Device
 * memory, so even the plain load and store fault here; exclusives and LSE
 * atomics fault on any memory type. */
#define ESR_ALIGN_MASK ((0x3fUL << 26) | 0x3f)
#define ESR_ALIGN ((0x25UL << 26) | 0x21)

#define LDADD_W ".arch_extension lse\n\tldadd %w2, %w0, [%1]" /* FEAT_LSE */

const u64 g_arch_misaligned_cause[G_MIS_OPS] = {ESR_ALIGN, ESR_ALIGN, ESR_ALIGN, ESR_ALIGN};
const u64 g_arch_misaligned_mask = ESR_ALIGN_MASK;

u64 g_arch_misaligned(enum g_misaligned_op op, u64 addr, u32 val)
{
	u64 r = 0;

	switch (op) {
	case G_MIS_LOAD:
		__asm__ volatile("ldr %w0, [%1]" : "+r"(r) : "r"(addr) : "memory");
		break;
	case G_MIS_STORE:
		__asm__ volatile("str %w1, [%0]" ::"r"(addr), "r"(val) : "memory");
		break;
	case G_MIS_EXCLUSIVE:
		__asm__ volatile("ldxr %w0, [%1]\n\tclrex" : "+r"(r) : "r"(addr) : "memory");
		break;
	case G_MIS_AMO:
		__asm__ volatile(LDADD_W : "+r"(r) : "r"(addr), "r"(val) : "memory");
		break;
	}
	return r;
}

/* WFIT (FEAT_WFxT: ID_AA64ISAR2_EL1.WFxT, bits [3:0] = 2) until deadline. */
bool g_arch_wfit(u64 deadline)
{
	register u64 x0 __asm__("x0") = deadline;

	if ((SYSREG_R(id_aa64isar2_el1) & 0xf) != 2)
		return false;
	__asm__ volatile("dsb sy\n\t.inst 0xd5031020" ::"r"(x0) : "memory"); /* wfit x0 */
	return true;
}

/* AArch32 EL0 code the hypervisor traps (HCR_EL2.TWI, CNTHCTL_EL2.EL1PCEN
 * = 0) once EL1 lets it through (SCTLR_EL1.nTWI, CNTKCTL_EL1.EL0PTEN):
 * A32 reads of CNTP_CTL (MRC) and CNTP_CVAL (MRRC), each of which must come
 * back as an Undefined Instruction at EL1, then SVC #0; and a 16-bit T32
 * WFI, which must resume at the next halfword, SVC #0, not at SVC #1. */
static const u32 el0_timer_a32[] __attribute__((aligned(8))) = {
    0xee1e0f32, /* mrc p15, 0, r0, c14, c2, 1 */
    0xec510f2e, /* mrrc p15, 2, r0, r1, c14 */
    0xef000000, /* svc #0 */
};
static const uint16_t el0_wfi_t16[] __attribute__((aligned(8))) = {
    0xbf30, /* wfi */
    0xdf00, /* svc #0 */
    0xdf01, /* svc #1 */
    0xdf01,
};

#define SPSR_USR_MASKED 0x1d0UL /* AArch32 User mode, A, I, F masked */
#define SPSR_T 0x20UL
#define SCTLR_NTWI (1UL << 16)
#define CNTKCTL_EL0PTEN (1UL << 9)

void g_arch_selftest(void (*check)(const char *name, bool ok))
{
	u64 sctlr = SYSREG_R(sctlr_el1), cntkctl = SYSREG_R(cntkctl_el1), esr;

	check("spi-retarget-while-active", a64_spi_retarget());
	if ((SYSREG_R(id_aa64pfr0_el1) & 0xf) != 2) {
		g_printf("aarch32-el0: no AArch32 at EL0\n");
		return;
	}
	g_arch_irq_enable(false);
	SYSREG_W(sctlr_el1, sctlr | SCTLR_NTWI);
	SYSREG_W(cntkctl_el1, cntkctl | CNTKCTL_EL0PTEN);
	__asm__ volatile("isb; ic iallu; dsb nsh; isb" ::: "memory");
	el0_undefs = 0;
	esr = g_el0_run((u64)(uintptr_t)el0_timer_a32, SPSR_USR_MASKED);
	g_printf("aarch32-el0: physical timer: %u undefined, then svc 0x%x\n", (u64)el0_undefs,
		 esr & 0xffff);
	check("aarch32-el0-timer-undef", el0_undefs == 2 && (esr & 0xffff) == 0);
	/* The virtual timer (masked at EL0) ends the WFI's wait; not already
	 * expired, or the WFI would complete without trapping. */
	g_arch_timer_set(g_arch_time() + GUEST_TIMER_HZ / 50);
	esr = g_el0_run((u64)(uintptr_t)el0_wfi_t16, SPSR_USR_MASKED | SPSR_T);
	g_arch_timer_set(~0ULL);
	g_printf("aarch32-el0: t16 wfi, then svc 0x%x\n", esr & 0xffff);
	check("aarch32-el0-wfi-t16", (esr & 0xffff) == 0);
	SYSREG_W(sctlr_el1, sctlr);
	SYSREG_W(cntkctl_el1, cntkctl);
	__asm__ volatile("isb");
	g_arch_irq_enable(true);
}

/* Instructions EL1 may not execute: each must come back to the guest as
 * an Undefined Instruction exception, from the hardware (EL2/EL3 state)
 * or injected by the hypervisor (trapped physical timer). */
int g_arch_priv_insn(int which)
{
	switch (which) {
	case 0:
		__asm__ volatile("msr hcr_el2, xzr");
		return 0;
	case 1:
		__asm__ volatile("mrs x0, cntp_ctl_el0" ::: "x0");
		return 0;
	case 2:
		__asm__ volatile("tlbi alle2");
		return 0;
	case 3:
		__asm__ volatile("msr vttbr_el2, xzr");
		return 0;
	case 4:
		__asm__ volatile("udf #0");
		return 0;
	}
	return -1;
}

void g_arch_set_vectors(u64 addr)
{
	SYSREG_W(vbar_el1, addr);
	__asm__ volatile("isb");
}

/* 4K granule, 39-bit VA, root table at 'root'; MMU on. */
void g_arch_enable_paging(u64 root)
{
	SYSREG_W(mair_el1, 0xff);
	SYSREG_W(tcr_el1, 25 | (1UL << 8) | (1UL << 10) | (3UL << 12) | (1UL << 23));
	SYSREG_W(ttbr0_el1, root);
	__asm__ volatile("isb; tlbi vmalle1; dsb nsh; isb");
	SYSREG_W(sctlr_el1, SYSREG_R(sctlr_el1) | 1);
	__asm__ volatile("isb");
}

/* Level-1 blocks 0 (devices) and 1 (RAM, 1-2 GiB) map 1:1 (AF, inner
 * shareable, MAIR attribute 0); entry 2 is a table descriptor to 'table'. */
u64 g_arch_paging_via(u64 table)
{
	static u64 root[512] __attribute__((aligned(4096)));

	root[0] = 0x701;
	root[1] = 0x40000000UL | 0x701;
	root[2] = table | 3;
	g_arch_enable_paging((u64)(uintptr_t)root);
	return 0x80000000UL;
}

/* No firmware console on aarch64: the call is answered NOT_SUPPORTED. */
long g_arch_fw_console_write(u64 addr, u64 len)
{
	return (long)hvc(0xc5000000UL, addr, len, 0, 0).x0;
}
