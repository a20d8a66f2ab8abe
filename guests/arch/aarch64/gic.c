/* SPDX-License-Identifier: MIT */
/* aarch64 guest GICv3: the zone's distributor and redistributors, the
 * CPU interface through ICC_* system registers, SGIs and SPIs. */
#include "a64.h"

static volatile u32 claimed[4]; /* an SPI read from IAR, per vCPU */
static volatile u32 irq_id[4];	/* INTID g_irq() is handling, per vCPU */

static u64 gicr(void)
{
	return GUEST_GICR + GUEST_GICR_STRIDE * g_arch_cpu_id();
}

void a64_gic_init(void)
{
	u64 rd = gicr();

	/* Redistributor awake, the SGIs (IPI, irq-burst) and PPI 27 (timer)
	 * enabled, everything in Group 1: a zone's vGIC has only Group 1 and
	 * ignores IGROUPR, the physical GIC (bench.c natively) resets to 0. */
	mmio_w32(rd + GICR_WAKER, 0);
	while (mmio_r32(rd + GICR_WAKER) & 4)
		;
	mmio_w32(rd + GICR_SGI + GICD_IGROUPR, ~0u);
	/* byte access: IPRIORITYR is byte-addressable */
	mmio_w8(rd + GICR_SGI + GICD_IPRIORITYR + IPI_SGI, 0x80);
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

void a64_gic_irq(void)
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

/*
 * The testdev's level SPI, acknowledged here and still high, is routed to
 * vCPU 1 (GICD_IROUTER) before this vCPU deactivates it (ICC_EOIR1_EL1,
 * EOImode 0): at the deactivation it is pending again, and vCPU 1 must
 * take it (its handler lowers the line). Needs vCPU 1 running with its
 * interrupts on (guest_secondary()). Whether the line went low in time.
 */
bool a64_spi_retarget(void)
{
	const u32 intid = GUEST_TESTDEV_IRQ;
	const u64 irq = GUEST_TESTDEV + TESTDEV_REG_IRQ;
	u64 route = GUEST_GICD + GICD_IROUTER + 8 * intid;
	u32 got = 0;
	bool low = false;

	g_arch_irq_enable(false);
	g_arch_ext_enable(intid);
	mmio_w64(irq, 1); /* line high */
	for (u64 end = g_arch_time() + GUEST_TIMER_HZ; got != intid && g_arch_time() < end;) {
		got = (u32)SYSREG_R(icc_iar1_el1) & 0xffffff;
		if (got < 1020 && got != intid) /* another one (the timer): done with */
			SYSREG_W(icc_eoir1_el1, got);
	}
	if (got == intid) {
		mmio_w64(route, 1); /* Aff0 = 1: vCPU 1 */
		/* vCPU 1 has looked at the change (and found it in a list
		 * register here) before the deactivation. */
		for (u64 end = g_arch_time() + GUEST_TIMER_HZ / 20; g_arch_time() < end;)
			;
		SYSREG_W(icc_eoir1_el1, intid);
		__asm__ volatile("isb");
		for (u64 end = g_arch_time() + GUEST_TIMER_HZ / 2; !low && g_arch_time() < end;)
			low = mmio_r64(irq) == 0;
	}
	mmio_w64(irq, 0);
	mmio_w64(route, 0);
	g_arch_irq_enable(true);
	return low;
}
