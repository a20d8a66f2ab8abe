/* SPDX-License-Identifier: MIT */
/* riscv64 guest hooks: S-mode CSRs (VS-mode underneath), SBI calls, PLIC. */
#include "guest.h"

#define SBI_EXT_BASE 0x10
#define SBI_EXT_TIME 0x54494d45
#define SBI_EXT_IPI 0x735049
#define SBI_EXT_HSM 0x48534d
#define SBI_EXT_SRST 0x53525354
#define SBI_EXT_ZV 0x0a5a5600

#define SIE_SSIE (1UL << 1)
#define SIE_STIE (1UL << 5)
#define SIE_SEIE (1UL << 9)
#define PLIC_S_CTX(cpu) (2 * (cpu) + 1)

extern char g_trap_entry[], g_secondary_start[];

struct sbiret {
	long error;
	long value;
};

static struct sbiret sbi(u64 ext, u64 fid, u64 a0, u64 a1, u64 a2, u64 a3)
{
	register u64 r0 __asm__("a0") = a0;
	register u64 r1 __asm__("a1") = a1;
	register u64 r2 __asm__("a2") = a2;
	register u64 r3 __asm__("a3") = a3;
	register u64 r6 __asm__("a6") = fid;
	register u64 r7 __asm__("a7") = ext;

	__asm__ volatile("ecall"
			 : "+r"(r0), "+r"(r1)
			 : "r"(r2), "r"(r3), "r"(r6), "r"(r7)
			 : "memory");
	return (struct sbiret){(long)r0, (long)r1};
}

/* The hart that entered at _start (start.S stores it). In a zone that is
 * always hart 0; natively OpenSBI lets whichever hart wins its boot lottery
 * go on, so logical CPU n is hart n ^ g_boot_hart: the boot hart is CPU 0
 * and the numbering stays a bijection on the board's harts. */
u64 g_boot_hart;

static u64 hart_id(void)
{
	u64 id;

	__asm__ volatile("mv %0, tp" : "=r"(id));
	return id;
}

static u64 hart_of(u32 cpu)
{
	return cpu ^ g_boot_hart;
}

u32 g_arch_cpu_id(void)
{
	return (u32)(hart_id() ^ g_boot_hart);
}

void g_arch_init(void)
{
	__asm__ volatile("csrw stvec, %0" ::"r"(g_trap_entry));
	__asm__ volatile("csrw sie, %0" ::"r"(SIE_SSIE | SIE_STIE | SIE_SEIE));
	/* PLIC: this vCPU's S context takes everything above priority 0. */
	mmio_w32(GUEST_PLIC + 0x200000 + 0x1000 * PLIC_S_CTX(hart_id()), 0);
}

u64 g_arch_time(void)
{
	u64 t;

	__asm__ volatile("rdtime %0" : "=r"(t));
	return t;
}

u64 g_arch_insn_count(void)
{
	u64 n;

	__asm__ volatile("rdinstret %0" : "=r"(n));
	return n;
}

/* Sstc: stimecmp (CSR 0x14d) is the guest's own timer, no SBI call. */
void g_arch_timer_set(u64 deadline)
{
	__asm__ volatile("csrw 0x14d, %0" ::"r"(deadline));
}

void g_arch_irq_enable(bool on)
{
	if (on)
		__asm__ volatile("csrs sstatus, 2");
	else
		__asm__ volatile("csrc sstatus, 2");
}

void g_arch_wait(void)
{
	__asm__ volatile("wfi");
}

void g_arch_ipi(u32 cpu)
{
	sbi(SBI_EXT_IPI, 0, 1UL << hart_of(cpu), 0, 0, 0);
}

/* The secondary always enters guest_secondary() through start.S. */
int g_arch_cpu_start(u32 cpu, void (*entry)(void))
{
	return (int)sbi(SBI_EXT_HSM, 0, hart_of(cpu), (u64)(uintptr_t)g_secondary_start, 0, 0)
	    .error;
}

void g_arch_cpu_stop(void)
{
	sbi(SBI_EXT_HSM, 1, 0, 0, 0, 0);
	for (;;)
		;
}

int g_arch_cpu_running(u32 cpu)
{
	struct sbiret r = sbi(SBI_EXT_HSM, 2, hart_of(cpu), 0, 0, 0);

	return r.error ? -1 : r.value == 0 ? 1 : r.value == 1 ? 0 : -1;
}

long g_arch_hypercall(u64 nr, u64 a0, u64 a1, u64 a2, u64 a3, u64 *value)
{
	struct sbiret r = sbi(SBI_EXT_ZV, nr, a0, a1, a2, a3);

	*value = (u64)r.value;
	return r.error;
}

u64 g_arch_firmware_version(void)
{
	return (u64)sbi(SBI_EXT_BASE, 0, 0, 0, 0, 0).value;
}

void g_arch_shutdown(void)
{
	sbi(SBI_EXT_SRST, 0, 0, 0, 0, 0);
	for (;;)
		;
}

void g_arch_reset(void)
{
	sbi(SBI_EXT_SRST, 0, 1, 0, 0, 0);
	for (;;)
		;
}

void g_arch_ext_enable(u32 irq)
{
	u64 en = GUEST_PLIC + 0x2000 + 0x80 * PLIC_S_CTX(hart_id()) + 4 * (irq / 32);

	mmio_w32(GUEST_PLIC + 4 * irq, 1);
	mmio_w32(en, mmio_r32(en) | (1u << (irq % 32)));
}

u32 g_arch_ext_claim(void)
{
	return mmio_r32(GUEST_PLIC + 0x200004 + 0x1000 * PLIC_S_CTX(hart_id()));
}

void g_arch_ext_complete(u32 irq)
{
	mmio_w32(GUEST_PLIC + 0x200004 + 0x1000 * PLIC_S_CTX(hart_id()), irq);
}

void g_arch_trap(void)
{
	u64 cause, epc, tval;

	__asm__ volatile("csrr %0, scause" : "=r"(cause));
	if ((long)cause < 0) {
		switch (cause & 0xff) {
		case 1:
			__asm__ volatile("csrc sip, 2");
			g_irq(G_IRQ_IPI);
			return;
		case 5:
			g_irq(G_IRQ_TIMER);
			return;
		case 9:
			g_irq(G_IRQ_EXT);
			return;
		}
		g_irq(G_IRQ_OTHER);
		return;
	}
	__asm__ volatile("csrr %0, sepc" : "=r"(epc));
	__asm__ volatile("csrr %0, stval" : "=r"(tval));
	g_exception(cause, epc, tval);
}

void g_arch_skip_insn(void)
{
	u64 epc;

	__asm__ volatile("csrr %0, sepc" : "=r"(epc));
	__asm__ volatile("csrw sepc, %0" ::"r"(epc + 4));
}

/* 32-bit encodings only (norvc): g_arch_skip_insn() steps 4 bytes. */
#define NORVC(insn) ".option push\n.option norvc\n" insn "\n.option pop"

const u64 g_arch_misaligned_cause[G_MIS_OPS] = {4, 6, 4, 6};
const u64 g_arch_misaligned_mask = ~0ULL;

u64 g_arch_misaligned(enum g_misaligned_op op, u64 addr, u32 val)
{
	u64 r = 0;

	switch (op) {
	case G_MIS_LOAD: /* QEMU performs it; hardware may trap it to M-mode firmware */
		__asm__ volatile(NORVC("lw %0, 0(%1)") : "+r"(r) : "r"(addr) : "memory");
		break;
	case G_MIS_STORE:
		__asm__ volatile(NORVC("sw %1, 0(%0)")::"r"(addr), "r"(val) : "memory");
		break;
	case G_MIS_EXCLUSIVE: /* LR is a load: load address misaligned */
		__asm__ volatile(NORVC("lr.w %0, (%1)") : "+r"(r) : "r"(addr) : "memory");
		break;
	case G_MIS_AMO: /* store/AMO address misaligned */
		__asm__ volatile(NORVC("amoadd.w %0, %2, (%1)")
				 : "+r"(r)
				 : "r"(addr), "r"(val)
				 : "memory");
		break;
	}
	return r;
}

/* Instructions VS-mode may not execute: each must come back to the guest
 * as an illegal-instruction exception. */
int g_arch_priv_insn(int which)
{
	switch (which) {
	case 0:
		__asm__ volatile(".insn r 0x73, 0, 0x31, x0, x0, x0"); /* hfence.gvma */
		return 0;
	case 1:
		__asm__ volatile("csrr t0, 0x300" ::: "t0"); /* mstatus */
		return 0;
	case 2:
		__asm__ volatile("csrw 0x680, zero"); /* hgatp */
		return 0;
	case 3:
		__asm__ volatile("mret");
		return 0;
	case 4:
		__asm__ volatile(".word 0"); /* unimplemented */
		return 0;
	}
	return -1;
}

void g_arch_set_vectors(u64 addr)
{
	__asm__ volatile("csrw stvec, %0" ::"r"(addr));
}

void g_arch_enable_paging(u64 root)
{
	/* Sv39 with the root at a guest-physical page; sfence to use it. */
	__asm__ volatile("csrw satp, %0; sfence.vma" ::"r"((8UL << 60) | (root >> 12)));
}

/* Sv39: gigapages 0 (devices) and 2 (RAM, 0x80000000-0xbfffffff) map
 * 1:1 (V, R, W, X, A, D); entry 3 points to a level-1 table at 'table'. */
u64 g_arch_paging_via(u64 table)
{
	static u64 root[512] __attribute__((aligned(4096)));

	root[0] = 0xcf;
	root[2] = (0x80000000UL >> 12) << 10 | 0xcf;
	root[3] = (table >> 12) << 10 | 1;
	g_arch_enable_paging((u64)(uintptr_t)root);
	return 0xc0000000UL;
}

long g_arch_ipi_mask(u64 mask)
{
	return sbi(SBI_EXT_IPI, 0, mask, 0, 0, 0).error;
}

long g_arch_cpu_start_at(u32 cpu, u64 entry)
{
	return sbi(SBI_EXT_HSM, 0, hart_of(cpu), entry, 0, 0).error;
}

long g_arch_fw_console_write(u64 addr, u64 len)
{
	return sbi(0x4442434e, 0, len, addr, 0, 0).error;
}

bool g_arch_irqc_unowned_denied(u32 irq)
{
	u32 ctx = PLIC_S_CTX(hart_id());
	u64 en = GUEST_PLIC + 0x2000 + 0x80 * ctx + 4 * ((irq / 32) % 32);
	u32 claim;

	mmio_w32(GUEST_PLIC + 4 * (irq % 1024), 7);
	mmio_w32(en, 0xffffffff);
	claim = g_arch_ext_claim();
	if (claim)
		g_arch_ext_complete(claim);
	return !(mmio_r32(en) & (1u << (irq % 32))) && claim != irq &&
	       mmio_r32(GUEST_PLIC + 4 * (irq % 1024)) == 0;
}
