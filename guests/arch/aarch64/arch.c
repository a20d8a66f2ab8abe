/* SPDX-License-Identifier: MIT */
/* aarch64 guest hooks: EL1 system registers, the virtual timer (CNTV,
 * PPI 27), PSCI and hypercalls through HVC #0, the PL011 and the vectors.
 * The GICv3 is in gic.c, the check hooks in checks.c. */
#include "a64.h"

#define PL011_DR 0x00
#define PL011_FR 0x18
#define PL011_FR_RXFE (1u << 4)
#define PL011_FR_TXFF (1u << 5)

extern char g_vectors[], g_secondary_start[];
static bool native;	   /* no EL2 (ID_AA64PFR0_EL1.EL2 = 0): booted without the hypervisor */
static u64 *trap_frame[4]; /* saved registers of the current trap */

u32 g_arch_cpu_id(void)
{
	return (u32)SYSREG_R(tpidr_el1);
}

void g_arch_init(void)
{
	native = ((SYSREG_R(id_aa64pfr0_el1) >> 8) & 0xf) == 0;
	SYSREG_W(vbar_el1, g_vectors);
	__asm__ volatile("isb");
	a64_gic_init();
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

void g_arch_vector(u64 n, u64 *frame)
{
	trap_frame[g_arch_cpu_id() & 3] = frame;
	if (n == 12) {
		a64_el0_sync(frame);
		return;
	}
	if (n == 5 || n == 1) {
		a64_gic_irq();
		return;
	}
	g_exception(SYSREG_R(esr_el1), SYSREG_R(elr_el1), SYSREG_R(far_el1));
}

/* ---- hooks for the hostile guest ---- */

void g_arch_skip_insn(void)
{
	trap_frame[g_arch_cpu_id() & 3][FRAME_ELR] += 4;
}

long g_arch_cpu_start_at(u32 cpu, u64 entry)
{
	return (long)hvc(PSCI_CPU_ON, cpu, entry, cpu, 0).x0;
}
