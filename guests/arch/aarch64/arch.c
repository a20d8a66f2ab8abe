/* SPDX-License-Identifier: MIT */
/* aarch64 guest hooks: EL1 system registers, the virtual timer (CNTV,
 * PPI 27), GICv3 through ICC_* system registers and the zone's
 * distributor/redistributors, PSCI and hypercalls through HVC #0. */
#include "guest.h"

#define PSCI_VERSION 0x84000000UL
#define PSCI_CPU_OFF 0x84000002UL
#define PSCI_CPU_ON 0xc4000003UL
#define PSCI_AFFINITY_INFO 0xc4000004UL
#define PSCI_SYSTEM_OFF 0x84000008UL
#define PSCI_SYSTEM_RESET 0x84000009UL
#define ZV_HVC_BASE 0xc6000000UL

#define TIMER_PPI 27
#define IPI_SGI GUEST_IPI_SGI

#define GICD_CTLR 0x0000
#define GICD_IGROUPR 0x0080
#define GICD_ISENABLER 0x0100
#define GICD_IPRIORITYR 0x0400
#define GICD_IROUTER 0x6000
#define GICR_WAKER 0x0014
#define GICR_SGI 0x10000

#define SYSREG_R(r) ({ u64 __v; __asm__ volatile("mrs %0, " #r : "=r"(__v)); __v; })
#define SYSREG_W(r, v) __asm__ volatile("msr " #r ", %0" ::"r"((u64)(v)) : "memory")

#define PL011_DR 0x00
#define PL011_FR 0x18
#define PL011_FR_RXFE (1u << 4)
#define PL011_FR_TXFF (1u << 5)

extern char g_vectors[], g_secondary_start[];
static bool native; /* no EL2 (ID_AA64PFR0_EL1.EL2 = 0): booted without the hypervisor */
static volatile u32 claimed[4]; /* an SPI read from IAR, per vCPU */
static u64 *trap_frame[4];       /* saved registers of the current trap */
static volatile u32 irq_id[4];   /* INTID g_irq() is handling, per vCPU */

struct smccc_ret {
	u64 x0, x1;
};

static struct smccc_ret hvc(u64 fn, u64 a1, u64 a2, u64 a3, u64 a4)
{
	register u64 x0 __asm__("x0") = fn;
	register u64 x1 __asm__("x1") = a1;
	register u64 x2 __asm__("x2") = a2;
	register u64 x3 __asm__("x3") = a3;
	register u64 x4 __asm__("x4") = a4;

	__asm__ volatile("hvc #0" : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3), "+r"(x4)::"memory");
	return (struct smccc_ret){x0, x1};
}

u32 g_arch_cpu_id(void)
{
	return (u32)SYSREG_R(tpidr_el1);
}

static u64 gicr(void)
{
	return GUEST_GICR + GUEST_GICR_STRIDE * g_arch_cpu_id();
}

void g_arch_init(void)
{
	u64 rd = gicr();

	native = ((SYSREG_R(id_aa64pfr0_el1) >> 8) & 0xf) == 0;
	SYSREG_W(vbar_el1, g_vectors);
	__asm__ volatile("isb");
	/* Redistributor awake, the SGIs (IPI, irq-burst) and PPI 27 (timer)
	 * enabled, everything in Group 1: a zone's vGIC has only Group 1 and
	 * ignores IGROUPR, the physical GIC (bench.c natively) resets to 0. */
	mmio_w32(rd + GICR_WAKER, 0);
	while (mmio_r32(rd + GICR_WAKER) & 4)
		;
	mmio_w32(rd + GICR_SGI + GICD_IGROUPR, ~0u);
	mmio_w8(rd + GICR_SGI + GICD_IPRIORITYR + IPI_SGI, 0x80); /* byte access: IPRIORITYR is byte-addressable */
	mmio_w32(rd + GICR_SGI + GICD_ISENABLER,
		 (1u << IPI_SGI) | GUEST_BURST_SGIS | (1u << TIMER_PPI));
	if (g_arch_cpu_id() == 0) {
		for (u32 w = 1; w < 8; w++)
			mmio_w32(GUEST_GICD + GICD_IGROUPR + 4 * w, ~0u);
		mmio_w32(GUEST_GICD + GICD_CTLR, 0x12); /* ARE, EnableGrp1 */
	}
	/* CPU interface: system registers on, all priorities, Group 1 on. */
	SYSREG_W(icc_sre_el1, SYSREG_R(icc_sre_el1) | 1);
	__asm__ volatile("isb");
	SYSREG_W(icc_pmr_el1, 0xff);
	SYSREG_W(icc_igrpen1_el1, 1);
	SYSREG_W(cntv_ctl_el0, 0);
	__asm__ volatile("isb");
}

u64 g_arch_time(void)
{
	__asm__ volatile("isb");
	return SYSREG_R(cntvct_el0);
}

/* The virtual counter: under QEMU -icount shift=0 it advances by one for
 * every instruction any CPU executes (EL1 and EL2 alike), the same value
 * on all vCPUs, as make bench needs to stamp an IPI across them; it jumps
 * ahead only while every CPU sleeps, which no measured operation does.
 * (QEMU's PMU INST_RETIRED starts from a different offset on each CPU.)
 * Without -icount it is time, and bench/run.py reads no instructions. */
u64 g_arch_insn_count(void)
{
	return g_arch_time();
}

/* A PL011 at QEMU virt's address both natively and in a zone (the core's
 * model there). */
bool g_arch_putc(char c)
{
	while (mmio_r32(GUEST_UART + PL011_FR) & PL011_FR_TXFF)
		;
	mmio_w32(GUEST_UART + PL011_DR, (u8)c);
	return true;
}

/* A byte of console input from the PL011, or -1 (FR.RXFE: none waits). */
int g_arch_getc(void)
{
	if (mmio_r32(GUEST_UART + PL011_FR) & PL011_FR_RXFE)
		return -1;
	return (int)(mmio_r32(GUEST_UART + PL011_DR) & 0xff);
}

void g_arch_timer_set(u64 deadline)
{
	SYSREG_W(cntv_cval_el0, deadline);
	SYSREG_W(cntv_ctl_el0, deadline == ~0ULL ? 0 : 1); /* ENABLE, not masked */
	__asm__ volatile("isb");
}

void g_arch_irq_enable(bool on)
{
	if (on)
		__asm__ volatile("msr daifclr, #2" ::: "memory");
	else
		__asm__ volatile("msr daifset, #2" ::: "memory");
}

void g_arch_wait(void)
{
	__asm__ volatile("dsb sy\n\twfi" ::: "memory");
}

/* ICC_SGI1R_EL1: INTID [27:24], Aff1 [23:16], TargetList [15:0]. */
static void send_sgi(u32 cpu, u32 sgi)
{
	__asm__ volatile("dsb ishst");
	SYSREG_W(icc_sgi1r_el1, ((u64)sgi << 24) | ((u64)(cpu / 16) << 16) | (1u << (cpu % 16)));
	__asm__ volatile("isb");
}

void g_arch_ipi(u32 cpu)
{
	send_sgi(cpu, IPI_SGI);
}

void g_arch_sgi_self(u32 sgi)
{
	send_sgi(g_arch_cpu_id(), sgi);
}

u32 g_arch_irq_id(void)
{
	return irq_id[g_arch_cpu_id() & 3];
}

/* The secondary enters guest_secondary() through start.S with x0 = cpu. */
int g_arch_cpu_start(u32 cpu, void (*entry)(void))
{
	return (int)(long)hvc(PSCI_CPU_ON, cpu, (u64)(uintptr_t)g_secondary_start, cpu, 0).x0;
}

void g_arch_cpu_stop(void)
{
	hvc(PSCI_CPU_OFF, 0, 0, 0, 0);
	for (;;)
		g_arch_wait();
}

/* AFFINITY_INFO: 0 ON, 1 OFF, 2 ON_PENDING; negative: an error. */
int g_arch_cpu_running(u32 cpu)
{
	long r = (long)hvc(PSCI_AFFINITY_INFO, cpu, 0, 0, 0).x0;

	return r < 0 ? -1 : r != 1;
}

long g_arch_hypercall(u64 nr, u64 a0, u64 a1, u64 a2, u64 a3, u64 *value)
{
	struct smccc_ret r;

	/* Without EL2, QEMU answers HVC only for PSCI: anything else would be
	 * an Undefined Instruction. */
	if (native) {
		*value = 0;
		return -ZV_ENOSYS;
	}
	r = hvc(ZV_HVC_BASE + nr, a0, a1, a2, a3);

	*value = r.x1;
	return (long)r.x0;
}

u64 g_arch_firmware_version(void)
{
	return hvc(PSCI_VERSION, 0, 0, 0, 0).x0;
}

void g_arch_shutdown(void)
{
	hvc(PSCI_SYSTEM_OFF, 0, 0, 0, 0);
	for (;;)
		;
}

void g_arch_reset(void)
{
	hvc(PSCI_SYSTEM_RESET, 0, 0, 0, 0);
	for (;;)
		;
}

/* An SPI: priority, routed to this vCPU, enabled at the distributor. */
void g_arch_ext_enable(u32 irq)
{
	mmio_w8(GUEST_GICD + GICD_IPRIORITYR + irq, 0x80);
	mmio_w64(GUEST_GICD + GICD_IROUTER + 8 * irq, g_arch_cpu_id());
	mmio_w32(GUEST_GICD + GICD_ISENABLER + 4 * (irq / 32), 1u << (irq % 32));
}

/* The trap handler already acknowledged the SPI at the CPU interface. */
u32 g_arch_ext_claim(void)
{
	u32 cpu = g_arch_cpu_id() & 3, irq = claimed[cpu];

	claimed[cpu] = 0;
	return irq;
}

void g_arch_ext_complete(u32 irq)
{
	SYSREG_W(icc_eoir1_el1, irq);
	__asm__ volatile("isb");
}

static void g_arch_irq(void)
{
	u32 intid = (u32)SYSREG_R(icc_iar1_el1) & 0xffffff;

	if (intid >= 1020)
		return;
	irq_id[g_arch_cpu_id() & 3] = intid;
	if (intid == TIMER_PPI) {
		g_irq(G_IRQ_TIMER);
	} else if (intid == IPI_SGI) {
		g_irq(G_IRQ_IPI);
	} else if (intid >= 32) {
		claimed[g_arch_cpu_id() & 3] = intid;
		g_irq(G_IRQ_EXT);
		return; /* completed by g_arch_ext_complete */
	} else {
		g_irq(G_IRQ_OTHER);
	}
	SYSREG_W(icc_eoir1_el1, intid);
	__asm__ volatile("isb");
}

#define FRAME_ELR 20
#define EC_SVC32 0x11

u64 g_el0_run(u64 entry, u64 spsr);
void g_el0_return(u64 value) __attribute__((noreturn));
static volatile u32 el0_undefs; /* Undefined Instruction exceptions from AArch32 EL0 */

/* Vector 12: a synchronous exception from AArch32 EL0 (g_arch_selftest):
 * an SVC ends the run, an Undefined Instruction (EC 0) is counted and
 * stepped over (A32: 4 bytes). */
static void el0_aarch32_sync(u64 *frame)
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

/* Vectors 4-7 are "current EL with SP_ELx": sync, IRQ, FIQ, SError.
 * frame: x0-x18, x30, ELR_EL1, SPSR_EL1 as start.S saved them. */
void g_arch_vector(u64 n, u64 *frame)
{
	trap_frame[g_arch_cpu_id() & 3] = frame;
	if (n == 12) {
		el0_aarch32_sync(frame);
		return;
	}
	if (n == 5 || n == 1) {
		g_arch_irq();
		return;
	}
	g_exception(SYSREG_R(esr_el1), SYSREG_R(elr_el1), SYSREG_R(far_el1));
}

/* An alignment fault taken at EL1: ESR_EL1.EC = 0x25 (data abort, same
 * EL), DFSC = 0x21. With the MMU off every data access is to Device
 * memory, so even the plain load and store fault here; exclusives and LSE
 * atomics fault on any memory type. */
#define ESR_ALIGN_MASK ((0x3fUL << 26) | 0x3f)
#define ESR_ALIGN ((0x25UL << 26) | 0x21)

u64 g_arch_misaligned(int which, u64 addr, u32 val, struct g_misaligned *m)
{
	u64 r = 0;

	switch (which) {
	case 0:
		*m = (struct g_misaligned){"misaligned-load", G_ACCESS_LOAD, ESR_ALIGN,
					   ESR_ALIGN_MASK, true};
		__asm__ volatile("ldr %w0, [%1]" : "+r"(r) : "r"(addr) : "memory");
		break;
	case 1:
		*m = (struct g_misaligned){"misaligned-store", G_ACCESS_STORE, ESR_ALIGN,
					   ESR_ALIGN_MASK, true};
		__asm__ volatile("str %w1, [%0]" ::"r"(addr), "r"(val) : "memory");
		break;
	case 2:
		*m = (struct g_misaligned){"misaligned-exclusive", G_ACCESS_LOAD, ESR_ALIGN,
					   ESR_ALIGN_MASK, false};
		__asm__ volatile("ldxr %w0, [%1]\n\tclrex" : "+r"(r) : "r"(addr) : "memory");
		break;
	case 3:
		*m = (struct g_misaligned){"misaligned-amo", G_ACCESS_ATOMIC, ESR_ALIGN,
					   ESR_ALIGN_MASK, false};
		__asm__ volatile(".arch_extension lse\n\tldadd %w2, %w0, [%1]"
				 : "+r"(r)
				 : "r"(addr), "r"(val)
				 : "memory");
		break;
	default:
		m->name = NULL;
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

/* ---- hooks for the hostile guest ---- */

void g_arch_skip_insn(void)
{
	trap_frame[g_arch_cpu_id() & 3][FRAME_ELR] += 4;
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

/* The zone's vCPUs, counted through its redistributors (GICR_TYPER.Last). */
static u32 nr_vcpus(void)
{
	u32 n = 1;

	while (!(mmio_r64(GUEST_GICR + GUEST_GICR_STRIDE * (n - 1) + 8) & (1u << 4)) && n < 16)
		n++;
	return n;
}

/* SGIs cannot fail at the CPU interface: a mask naming vCPUs the zone
 * does not have is refused here, the hypervisor drops nothing else. */
long g_arch_ipi_mask(u64 mask)
{
	if (mask >> nr_vcpus())
		return -1;
	__asm__ volatile("dsb ishst");
	SYSREG_W(icc_sgi1r_el1, ((u64)IPI_SGI << 24) | mask);
	__asm__ volatile("isb");
	return 0;
}

long g_arch_cpu_start_at(u32 cpu, u64 entry)
{
	return (long)hvc(PSCI_CPU_ON, cpu, entry, cpu, 0).x0;
}

/* No firmware console on aarch64: the call is answered NOT_SUPPORTED. */
long g_arch_fw_console_write(u64 addr, u64 len)
{
	return (long)hvc(0xc5000000UL, addr, len, 0, 0).x0;
}

/* 'irq' as an SPI number (INTID 32 + irq): enable it, give it a priority,
 * and check both read back as absent. */
bool g_arch_irqc_unowned_denied(u32 irq)
{
	u32 intid = 32 + irq % 992;
	u64 en = GUEST_GICD + GICD_ISENABLER + 4 * (intid / 32);

	mmio_w8(GUEST_GICD + GICD_IPRIORITYR + intid, 0x80);
	mmio_w32(en, 1u << (intid % 32));
	return !(mmio_r32(en) & (1u << (intid % 32))) &&
	       mmio_r8(GUEST_GICD + GICD_IPRIORITYR + intid) == 0;
}
