/* SPDX-License-Identifier: MIT */
/* loongarch64 physical CPU bring-up, LVZ enable, IPIs, power-off. */
#include <arch/asm_offsets.h>
#include <arch/la_pt.h>
#include <arch/loongarch.h>
#include <zv/arch.h>
#include <zv/board.h>
#include <zv/console.h>
#include <zv/vcpu.h>

#include "board.h"
#include "la.h"

#define IPI_VECTOR 0

u64 la_virt_to_phys(const void *p)
{
	return (uintptr_t)p & LA_PA_MASK;
}

/* rdtime.d counts the stable counter: CPUCFG4 (CC_FREQ, Hz) times
 * CPUCFG5's CC_MUL (bits 15:0) over CC_DIV (bits 31:16). */
u64 arch_time_ms(void)
{
	u32 cfg5 = la_cpucfg(5), mul = cfg5 & 0xffff, div = cfg5 >> 16;
	u64 khz = (u64)la_cpucfg(4) * (mul ? mul : 1) / (div ? div : 1) / 1000;

	return la_rdtime() / (khz ? khz : 1);
}

u32 arch_cpu_id(void)
{
	return (u32)(csr_read(CSR_CPUID) & 0x1ff);
}

/* CPUCFG2.LVZP (bit 10) says whether the virtualization extension exists. */
static void la_require_lvz(u32 cfg2)
{
	if (cfg2 & CPUCFG2_LVZP)
		return;
	printk("LVZ (CPUCFG2.LVZ) not present on this CPU: zonevisor needs the LoongArch "
	       "virtualization extension\n");
	printk("cpucfg2 = 0x%x; stock QEMU has no LVZ: use an LVZ-capable QEMU (QEMU_LVZ, or "
	       "the shared ../shared/qemu-lvz/bin/qemu-system-loongarch64 beside the "
	       "repository)\n",
	       cfg2);
	arch_poweroff();
}

/* Root exception and refill entries, paging layout of the stage-2 tables. */
static void la_trap_init(void)
{
	csr_xchg(CSR_ECFG, 0, ECFG_VS_MASK | ESTAT_IS_MASK); /* one entry, all lines off */
	csr_write(CSR_EENTRY, (uintptr_t)la_trap_vector);
	csr_write(CSR_TLBRENTRY, la_virt_to_phys(la_tlb_refill)); /* refill runs in DA mode */
	csr_write(CSR_PWCL, LA_PT_PWCL);
	csr_write(CSR_PWCH, LA_PT_PWCH);
	csr_write(CSR_STLBPS, LA_PT_STLBPS);
	csr_write(CSR_TLBREHI, LA_PT_STLBPS);
	csr_write(CSR_ASID, 0);
	csr_write(CSR_PGDL, la_empty_root_pa);
	csr_write(CSR_PGDH, la_empty_root_pa);
	/* EUEN: FP/LSX/LASX on for guests (else their use exits as FPD/SXD);
	 * the hypervisor itself is built soft-float without LSX/LASX, so with
	 * one vCPU per CPU the FP registers are only ever the guest's. */
	csr_write(CSR_EUEN, 0x7);
	csr_write(CSR_TCFG, 0); /* armed only while a vCPU idles */
	csr_write(CSR_TICLR, 1);
}

/* Quirk qemu-lvz-42b4d34 (docs/loongarch64.md): guest ASID.ASIDBITS (bits
 * 23:16) is read-only, to root's gcsrwr too, and that older QEMU-LVZ fork
 * commit resets it to 0 (its root copy to 10; the fork's main gives 10).
 * Linux then derives an ASID mask that gives every process the same ASID
 * and never flushes the guest TLB between them, so its user space faults.
 * Said once at boot; nothing else depends on it. */
static void la_check_guest_asid(void)
{
	if (!((gcsr_read(CSR_ASID) >> 16) & 0xff))
		printk("LVZ quirk: guest ASID.ASIDBITS reads 0 and cannot be set from root; "
		       "Linux guests' user space will fault on this CPU model\n");
}

/* GCFG: read the capability bits first, then MATC=root (the stage-2 entry
 * decides cacheability) and GCI=secure (hit/index cacop do not trap) when
 * offered; every other trap control off. GSTAT/GINTC start at 0, GTLBC
 * tags root refills with TGID (KVM's enable sequence). */
static void la_lvz_enable(void)
{
	u64 cap = csr_read(CSR_GCFG), gcfg = 0;

	csr_write(CSR_GCFG, 0);
	csr_write(CSR_GSTAT, 0);
	csr_write(CSR_GINTC, 0);
	csr_xchg(CSR_GTLBC, 0, GTLBC_USETGID | GTLBC_TOTI);
	if (cap & GCFG_GCIP_SECURE)
		gcfg |= GCFG_GCI_SECURE;
	if (cap & GCFG_MATP_ROOT)
		gcfg |= GCFG_MATC_ROOT;
	csr_write(CSR_GCFG, gcfg);
	la_invtlb(INVTLB_ALLGID, 0, 0);
	csr_xchg(CSR_GTLBC, GTLBC_USETGID, GTLBC_USETGID);
}

void arch_cpu_init(u32 cpu)
{
	u32 cfg2 = la_cpucfg(2);

	la_require_lvz(cfg2);
	if (cpu == 0 && la_stage2_boot_init())
		panic("no memory for the empty stage-2 root\n");
	la_trap_init();
	la_lvz_enable();
	/* IPIs (ESTAT.IS bit 12) reach the hypervisor; guest ones are virtual.
	 * The root timer (bit 11) wakes a CPU whose vCPU idles (vtimer.c);
	 * HWI0 (bit 2) carries the board's devices (pirq.c). */
	iocsr_write32(~0u, IOCSR_IPI_EN);
	csr_xchg(CSR_ECFG, LA_HV_IRQS, LA_HV_IRQS);
	if (cpu == 0) {
		la_pirq_init();
		la_check_guest_asid();
		printk("LVZ version %u, %lu GID bits, GCFG 0x%lx\n",
		       (cfg2 & CPUCFG2_LVZVER_MASK) >> CPUCFG2_LVZVER_SHIFT,
		       (csr_read(CSR_GSTAT) & GSTAT_GIDBIT_MASK) >> GSTAT_GIDBIT_SHIFT,
		       csr_read(CSR_GCFG));
	}
}

/* QEMU's secondary stub idles until mailbox 0 is non-zero after an IPI,
 * then jumps there (in DA mode). MAIL_SEND writes one 32-bit word: bits
 * 4:2 select it, 25:16 the CPU, 63:32 the data. */
int arch_cpu_start(u32 cpu)
{
	u64 entry = la_virt_to_phys(la_secondary_entry);
	u64 target = (u64)cpu << IPI_SEND_CPU_SHIFT;

	iocsr_write64(((entry >> 32) << 32) | target | (1u << 2), IOCSR_MAIL_SEND);
	iocsr_write64(((entry & 0xffffffffu) << 32) | target, IOCSR_MAIL_SEND);
	iocsr_write32((u32)target | IPI_VECTOR, IOCSR_IPI_SEND);
	return 0;
}

void arch_send_ipi(u32 cpu)
{
	iocsr_write32((cpu << IPI_SEND_CPU_SHIFT) | IPI_VECTOR, IOCSR_IPI_SEND);
}

/* Physical interrupts for the hypervisor: IPIs (ECFG.LIE bit 12), the root
 * timer that wakes an idle vCPU (bit 11; vtimer.c reads the time) and the
 * board's devices on HWI0 (bit 2, pirq.c). */
void la_handle_hv_irqs(void)
{
	u64 estat = csr_read(CSR_ESTAT);
	u32 status;

	if (estat & (1UL << INT_TI))
		csr_write(CSR_TICLR, 1);
	if (estat & (1UL << INT_HWI0))
		la_pirq_handle();
	if (!(estat & (1UL << INT_IPI)))
		return;
	status = iocsr_read32(IOCSR_IPI_STATUS);
	iocsr_write32(status, IOCSR_IPI_CLEAR);
	vcpu_handle_requests();
}

/* idle wakes when ESTAT.IS & ECFG.LIE is non-zero, with CRMD.IE still 0
 * (QEMU's cpu_has_work; assumed the same on hardware). */
void arch_wait_for_interrupt(void)
{
	__asm__ volatile("idle 0" ::: "memory");
	la_handle_hv_irqs();
}

/* The virt board's ACPI GED sleep control: SLP_EN | SLP_TYP(S5). */
void arch_poweroff(void)
{
	volatile u8 *ged = (volatile u8 *)(BOARD_DMW_UC | BOARD_GED_BASE);

	ged[BOARD_GED_SLEEP_CTL] = BOARD_GED_SLEEP_S5;
	for (;;)
		__asm__ volatile("idle 0");
}

void la_hv_trap_fatal(void)
{
	panic("hypervisor exception: estat 0x%lx era 0x%lx badv 0x%lx badi 0x%lx\n",
	      csr_read(CSR_ESTAT), csr_read(CSR_ERA), csr_read(CSR_BADV), csr_read(CSR_BADI));
}

/* After the hypervisor wrote a zone's RAM: IBAR 0 makes the stores visible
 * to this CPU's instruction fetch; other CPUs' instruction caches are kept
 * coherent by the hardware (Loongson 3A5000/3A6000). Data: the guest
 * starts in direct-address mode with CRMD.DATF/DATM = 0 (strongly-ordered
 * uncached); Loongson's caches are coherent with such accesses, but a core
 * whose uncached accesses do not snoop would also need the range written
 * back with CACOP (its cache/op codes are implementation-defined): not
 * done here. */
void arch_cache_sync_range(u64 hpa, u64 size)
{
	__asm__ volatile("ibar 0" ::: "memory");
}
