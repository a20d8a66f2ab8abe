/* SPDX-License-Identifier: MIT */
/*
 * The physical GICv3 belongs to the hypervisor. All interrupts are Group 1
 * (QEMU virt without EL3: GICD_CTLR.DS = 1, one security state) and go to
 * EL2 while a guest runs (HCR_EL2.IMO). EOImode = 1 splits priority drop
 * from deactivation so that an interrupt forwarded to a guest stays active
 * until the guest deactivates its virtual twin (ICH_LR<n>_EL2.HW).
 */
#include <arch/sysreg.h>
#include <zv/console.h>
#include <zv/types.h>

#include "a64.h"
#include "board.h"

#define GICD_CTLR 0x0000
#define GICD_IGROUPR 0x0080
#define GICD_ISENABLER 0x0100
#define GICD_ICENABLER 0x0180
#define GICD_ICPENDR 0x0280
#define GICD_ICACTIVER 0x0380
#define GICD_IPRIORITYR 0x0400
#define GICD_IROUTER 0x6000
#define GICD_CTLR_RWP (1u << 31)
#define GICD_CTLR_ARE (1u << 4)   /* ARE, with DS = 1 */
#define GICD_CTLR_GRP1 (1u << 1)  /* EnableGrp1, with DS = 1 */

#define GICR_TYPER 0x0008
#define GICR_WAKER 0x0014
#define GICR_TYPER_LAST (1UL << 4)
#define GICR_WAKER_SLEEP (1u << 1)
#define GICR_WAKER_ASLEEP (1u << 2)
#define GICR_SGI 0x10000 /* SGI_base frame */

#define HV_PRIO 0xa0

static u64 gicr_base[HV_NR_CPUS_MAX];

static volatile u32 *reg32(u64 addr)
{
	return (volatile u32 *)(uintptr_t)addr;
}

static void gicd_wait_rwp(void)
{
	while (*reg32(BOARD_GICD_BASE + GICD_CTLR) & GICD_CTLR_RWP)
		;
}

void gic_init(void)
{
	u32 words = (BOARD_MAX_INTID + 1) / 32;

	*reg32(BOARD_GICD_BASE + GICD_CTLR) = 0;
	gicd_wait_rwp();
	for (u32 w = 1; w < words; w++) {
		*reg32(BOARD_GICD_BASE + GICD_IGROUPR + 4 * w) = ~0u;
		*reg32(BOARD_GICD_BASE + GICD_ICENABLER + 4 * w) = ~0u;
		*reg32(BOARD_GICD_BASE + GICD_ICPENDR + 4 * w) = ~0u;
		*reg32(BOARD_GICD_BASE + GICD_ICACTIVER + 4 * w) = ~0u;
	}
	for (u32 i = 32; i <= BOARD_MAX_INTID; i += 4)
		*reg32(BOARD_GICD_BASE + GICD_IPRIORITYR + i) = HV_PRIO * 0x01010101u;
	gicd_wait_rwp();
	*reg32(BOARD_GICD_BASE + GICD_CTLR) = GICD_CTLR_ARE | GICD_CTLR_GRP1;
	gicd_wait_rwp();
}

/* The redistributor whose GICR_TYPER.Affinity matches this CPU's MPIDR. */
static u64 gicr_find(u32 cpu)
{
	u64 aff = a64_cpu_affinity(cpu);

	for (u64 base = BOARD_GICR_BASE; base < BOARD_GICR_BASE + BOARD_GICR_SIZE;
	     base += BOARD_GICR_STRIDE) {
		u64 typer = *(volatile u64 *)(uintptr_t)(base + GICR_TYPER);

		if ((typer >> 32) == aff)
			return base;
		if (typer & GICR_TYPER_LAST)
			break;
	}
	panic("cpu %u: no GIC redistributor\n", cpu);
}

static void gicr_init(u32 cpu)
{
	u64 rd = gicr_find(cpu), sgi = rd + GICR_SGI;

	gicr_base[cpu] = rd;
	*reg32(rd + GICR_WAKER) &= ~GICR_WAKER_SLEEP;
	while (*reg32(rd + GICR_WAKER) & GICR_WAKER_ASLEEP)
		;
	*reg32(sgi + GICD_IGROUPR) = ~0u;
	*reg32(sgi + GICD_ICENABLER) = ~0u;
	*reg32(sgi + GICD_ICACTIVER) = ~0u;
	for (u32 i = 0; i < 32; i += 4)
		*reg32(sgi + GICD_IPRIORITYR + i) = HV_PRIO * 0x01010101u;
	*reg32(sgi + GICD_ISENABLER) =
	    BIT(SGI_KICK) | BIT(BOARD_MAINT_PPI) | BIT(BOARD_TIMER_PPI) | BIT(BOARD_HYP_TIMER_PPI);
}

void gic_cpu_init(u32 cpu)
{
	if (cpu >= HV_NR_CPUS_MAX)
		panic("cpu %u beyond the port's limit\n", cpu);
	gicr_init(cpu);
	/* System-register interface at EL2, and allowed for EL1 (Enable);
	 * no FIQ/IRQ bypass (DFB/DIB). */
	sysreg_write(icc_sre_el2, ICC_SRE_SRE | ICC_SRE_ENABLE | (3UL << 1));
	isb();
	sysreg_write(icc_pmr_el1, 0xff);
	sysreg_write(icc_bpr1_el1, 0);
	sysreg_write(icc_ctlr_el1, ICC_CTLR_EOIMODE);
	sysreg_write(icc_igrpen1_el1, 1);
	sysreg_write(ich_vmcr_el2, 0);
	sysreg_write(ich_hcr_el2, ICH_HCR_EN);
	isb();
}

u32 gic_ack(void)
{
	u32 intid = (u32)sysreg_read(icc_iar1_el1) & 0xffffff;

	dsb(sy);
	return intid;
}

void gic_eoi(u32 intid)
{
	sysreg_write(icc_eoir1_el1, intid);
	isb();
}

void gic_deactivate(u32 intid)
{
	sysreg_write(icc_dir_el1, intid);
	isb();
}

/* ICC_SGI1R_EL1: Aff3 [55:48], Aff2 [39:32], INTID [27:24], Aff1 [23:16],
 * TargetList [15:0] (a bit per Aff0 value). */
void gic_send_sgi(u32 cpu, u32 sgi)
{
	u64 aff = a64_cpu_affinity(cpu);

	dsb(ishst);
	sysreg_write(icc_sgi1r_el1,
		     ((u64)sgi << 24) | (((aff >> 8) & 0xff) << 16) | BIT(aff & 0xf));
	isb();
}

void gic_spi_route(u32 intid, u32 cpu)
{
	*(volatile u64 *)(uintptr_t)(BOARD_GICD_BASE + GICD_IROUTER + 8 * intid) =
		a64_cpu_affinity(cpu);
}

void gic_spi_enable(u32 intid, bool on)
{
	u64 reg = on ? GICD_ISENABLER : GICD_ICENABLER;

	*reg32(BOARD_GICD_BASE + reg + 4 * (intid / 32)) = 1u << (intid % 32);
}

/* ICH_VTR_EL2.ListRegs [4:0] is the number of list registers minus one. */
u32 gic_nr_lrs(void)
{
	return (u32)(sysreg_read(ich_vtr_el2) & 0x1f) + 1;
}
