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

/* Vectors 4-7 are "current EL with SP_ELx": sync, IRQ, FIQ, SError.
 * frame: x0-x18, x30, ELR_EL1, SPSR_EL1 as start.S saved them. */
void g_arch_vector(u64 n, u64 *frame)
{
	trap_frame[g_arch_cpu_id() & 3] = frame;
	if (n == 5 || n == 1) {
		g_arch_irq();
		return;
	}
	g_exception(SYSREG_R(esr_el1), SYSREG_R(elr_el1), SYSREG_R(far_el1));
}

/* ---- hooks for the hostile guest ---- */

#define FRAME_ELR 20

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
