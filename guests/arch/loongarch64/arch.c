/* SPDX-License-Identifier: MIT */
/*
 * loongarch64 guest hooks for an LVZ guest in DA mode: guest CSRs, the
 * constant timer, IPI/mailbox IOCSRs, the PCH-PIC + EIOINTC as Linux uses
 * them (EIOINTC vector = PCH-PIC input, routed to HWI1), hvcl 0 hypercalls
 * (a7 = nr), and the board's ACPI GED for power-off/reset.
 */
#include "guest.h"

#define IS_HWI1 (1u << 3)
#define IS_TI (1u << 11)
#define IS_IPI (1u << 12)
#define IPI_STATUS 0x1000
#define IPI_EN 0x1004
#define IPI_CLEAR 0x100c
#define IPI_SEND 0x1040
#define MAIL_SEND 0x1048
#define EIO_IPMAP 0x14c0
#define EIO_ENABLE 0x1600
#define EIO_COREISR 0x1800
#define EIO_COREMAP 0x1c00
#define G_NO_HV (-256L) /* an hvcl's a0 with no hypervisor beneath */

extern char g_trap_entry[], g_secondary_start[], g_tlb_refill[];
extern char g_idle_begin[], g_idle_end[];
void g_idle_rollback(void);

#define csrrd(csr)                                                                                 \
	({                                                                                         \
		u64 __v;                                                                           \
		__asm__ volatile("csrrd %0, %1" : "=r"(__v) : "i"(csr));                           \
		__v;                                                                               \
	})
#define csrwr(csr, val)                                                                            \
	do {                                                                                       \
		u64 __v = (val);                                                                   \
		__asm__ volatile("csrwr %0, %1" : "+r"(__v) : "i"(csr) : "memory");                \
	} while (0)
#define csrxchg(csr, val, mask)                                                                    \
	do {                                                                                       \
		u64 __v = (val);                                                                   \
		__asm__ volatile("csrxchg %0, %1, %2"                                              \
				 : "+r"(__v)                                                       \
				 : "r"((u64)(mask)), "i"(csr)                                      \
				 : "memory");                                                      \
	} while (0)

static u32 iocsr_r32(u64 reg)
{
	u32 v;

	__asm__ volatile("iocsrrd.w %0, %1" : "=r"(v) : "r"(reg));
	return v;
}

static void iocsr_w32(u64 reg, u32 v)
{
	__asm__ volatile("iocsrwr.w %0, %1" ::"r"(v), "r"(reg) : "memory");
}

static void iocsr_w64(u64 reg, u64 v)
{
	__asm__ volatile("iocsrwr.d %0, %1" ::"r"(v), "r"(reg) : "memory");
}

u32 g_arch_cpu_id(void)
{
	return (u32)(csrrd(0x20) & 0x1ff);
}

void g_arch_init(void)
{
	csrwr(0xc, (u64)(uintptr_t)g_trap_entry);		     /* EENTRY */
	csrxchg(0x4, IS_HWI1 | IS_TI | IS_IPI, 0x1fff | (7u << 16)); /* ECFG: LIE, VS=0 */
	iocsr_w32(IPI_EN, ~0u);
}

u64 g_arch_time(void)
{
	u64 t;

	__asm__ volatile("rdtime.d %0, $zero" : "=r"(t));
	return t;
}

/* No retired-instruction counter a guest can read: under QEMU's -icount
 * shift=0 one instruction is one nanosecond of virtual time, so the stable
 * counter (GUEST_TIMER_HZ) times 1e9 / GUEST_TIMER_HZ counts instructions
 * (to within one tick) — the only mode the benchmark uses this in. */
u64 g_arch_insn_count(void)
{
	return g_arch_time() * (1000000000UL / GUEST_TIMER_HZ);
}

/* TCFG: EN bit 0, one-shot, initial value in 47:2 (multiple of 4 ticks).
 * A deadline of ~0 ("never") turns the timer off rather than arming it
 * for centuries. */
void g_arch_timer_set(u64 deadline)
{
	u64 now = g_arch_time(), ticks = deadline > now ? deadline - now : 4;

	if (deadline == ~0ULL) {
		csrwr(0x41, 0);
		return;
	}
	csrwr(0x41, (ticks < 4 ? 4 : ticks & ~3ULL) | 1);
}

void g_arch_irq_enable(bool on)
{
	csrxchg(0x0, on ? 4 : 0, 4); /* CRMD.IE */
}

/* idle with interrupts enabled, as Linux's __arch_cpu_idle does: an
 * interrupt taken between enabling them and idle is rolled forward past the
 * idle (g_arch_trap), so none is lost; the caller's CRMD.IE is restored.
 * Entering idle with IE on also matters on the QEMU-LVZ fork, which
 * re-evaluates guest interrupts only at ertn and delivers one pending there
 * only if the guest's IE is already set (docs/loongarch64.md). */
void g_arch_wait(void)
{
	bool was_on = csrrd(0x0) & 4; /* CRMD.IE */

	g_idle_rollback();
	if (!was_on)
		g_arch_irq_enable(false);
}

void g_arch_ipi(u32 cpu)
{
	iocsr_w32(IPI_SEND, cpu << 16);
}

int g_arch_cpu_running(u32 cpu)
{
	u64 v = 0;

	return g_arch_hypercall(HC_VCPU_STATE, cpu, 0, 0, 0, &v) ? -1 : (int)v;
}

/* Entry in cpu's mailbox 0 (MAIL_SEND: high word, then low word), then
 * an IPI, which is what wakes a CPU waiting to be started. */
static void mailbox_start(u32 cpu, u64 entry)
{
	u64 target = (u64)cpu << 16;

	iocsr_w64(MAIL_SEND, ((entry >> 32) << 32) | target | (1u << 2));
	iocsr_w64(MAIL_SEND, ((entry & 0xffffffffu) << 32) | target);
	iocsr_w32(IPI_SEND, (u32)target);
}

/* The Linux way: entry in the target's mailbox 0, then an IPI. The IOCSR
 * writes cannot fail, so the result says what happened: 0 if the vCPU was
 * off and came up, -1 if it is not this zone's, was already on (it just got
 * an IPI) or stayed off (the hypervisor refused the entry). */
long g_arch_cpu_start_at(u32 cpu, u64 entry)
{
	int before = g_arch_cpu_running(cpu);

	mailbox_start(cpu, entry);
	if (before != 0)
		return -1;
	for (u64 end = g_arch_time() + GUEST_TIMER_HZ / 100; g_arch_time() < end;)
		if (g_arch_cpu_running(cpu) == 1)
			return 0;
	return -1;
}

/* LoongArch firmware has no CPU start/stop/status (Linux starts CPUs
 * through the IPI mailbox: g_arch_cpu_start_at); the self test uses the
 * hypervisor's vCPU hypercalls, which refuse what they must. */
int g_arch_cpu_start(u32 cpu, void (*entry)(void))
{
	u64 v, start = (u64)(uintptr_t)g_secondary_start;
	long r = g_arch_hypercall(HC_VCPU_START, cpu, start, 0, 0, &v);

	if (r != G_NO_HV)
		return (int)r;
	/* No hypervisor (native run): QEMU's boot stub on that CPU waits for
	 * an IPI, then jumps to its mailbox 0. */
	mailbox_start(cpu, start);
	return 0;
}

void g_arch_cpu_stop(void)
{
	u64 v;

	g_arch_irq_enable(false);
	g_arch_hypercall(HC_VCPU_STOP, 0, 0, 0, 0, &v);
	for (;;)
		__asm__ volatile("idle 0");
}

long g_arch_hypercall(u64 nr, u64 a0, u64 a1, u64 a2, u64 a3, u64 *value)
{
	register u64 r0 __asm__("$a0") = a0;
	register u64 r1 __asm__("$a1") = a1;
	register u64 r2 __asm__("$a2") = a2;
	register u64 r3 __asm__("$a3") = a3;
	register u64 r7 __asm__("$a7") = nr;

	__asm__ volatile("hvcl 0" : "+r"(r0), "+r"(r1) : "r"(r2), "r"(r3), "r"(r7) : "memory");
	*value = r1;
	return (long)r0;
}

/* The firmware-level identification a LoongArch guest has: cpucfg word 0. */
u64 g_arch_firmware_version(void)
{
	u64 v;

	__asm__ volatile("cpucfg %0, %1" : "=r"(v) : "r"(0UL));
	return v;
}

void g_arch_shutdown(void)
{
	mmio_w8(GUEST_GED + BOARD_GED_SLEEP_CTL, BOARD_GED_SLEEP_S5);
	for (;;)
		__asm__ volatile("idle 0");
}

void g_arch_reset(void)
{
	mmio_w8(GUEST_GED + BOARD_GED_RESET_CTL, BOARD_GED_RESET);
	for (;;)
		__asm__ volatile("idle 0");
}

static void eio_set_byte(u32 off, u32 val)
{
	u32 word = off & ~3u, shift = (off & 3) * 8;

	iocsr_w32(word, (iocsr_r32(word) & ~(0xffu << shift)) | val << shift);
}

/* PCH-PIC input irq -> EIOINTC vector irq -> HWI1 of this vCPU. */
void g_arch_ext_enable(u32 irq)
{
	u64 cpu = g_arch_cpu_id();

	mmio_w8(GUEST_PCH_PIC + 0x200 + irq, (uint8_t)irq);
	mmio_w32(GUEST_PCH_PIC + 0x20, mmio_r32(GUEST_PCH_PIC + 0x20) & ~(1u << irq));
	/* IPMAP and COREMAP are byte arrays, but QEMU's EIOINTC takes only
	 * 4- and 8-byte IOCSR accesses (a byte write is dropped natively):
	 * read-modify-write the word holding the byte. */
	eio_set_byte(EIO_IPMAP + irq / 32, 2u);
	eio_set_byte(EIO_COREMAP + irq, 1u << cpu);
	iocsr_w32(EIO_ENABLE + 4 * (irq / 32),
		  iocsr_r32(EIO_ENABLE + 4 * (irq / 32)) | 1u << (irq % 32));
}

u32 g_arch_ext_claim(void)
{
	for (u32 w = 0; w < 8; w++) {
		u32 pend = iocsr_r32(EIO_COREISR + 4 * w);

		if (pend) {
			u32 bit = pend & -pend;

			iocsr_w32(EIO_COREISR + 4 * w, bit);
			return w * 32 + (u32)__builtin_ctz(bit);
		}
	}
	return 0;
}

void g_arch_ext_complete(u32 irq)
{
}

/* hvcl (0x002b8000 | code) on a CPU without LVZ raises INE: the bench
 * guest also runs natively, where the call answers G_NO_HV in a0 (no
 * -ZV_E* code is that large). */
static bool g_native_hvcl(u64 *frame, u64 estat)
{
	if (((estat >> 16) & 0x3f) != 0xd || (csrrd(0x8) & ~0x7fffULL) != 0x002b8000)
		return false;
	frame[1] = (u64)G_NO_HV; /* a0 */
	g_arch_skip_insn();
	return true;
}

/* The user-mode check (user.S): what each exception taken at PLV3 while
 * it runs looked like (ESTAT, ERA, BADI). */
#define G_USER_MAX 16
extern const u64 g_user_ipe_pcs[];
extern const u32 g_user_ipe_count;
extern u64 g_user_cpucfg;
extern char g_user_back[];
void g_user_run(u64 stack_top, u64 cpu, u64 entry);
static volatile bool g_user_on;
static volatile u32 g_user_n;
static volatile u64 g_user_exc[G_USER_MAX][3];

/* An exception from the user program: syscall ends it (back to g_user_back
 * at PLV0), anything else is recorded and stepped over. */
static bool g_user_trap(u64 estat)
{
	u64 era = csrrd(0x6);

	if (!g_user_on || (csrrd(0x1) & 3) != 3) /* PRMD.PPLV */
		return false;
	if (((estat >> 16) & 0x3f) == 0xb) { /* SYS */
		g_user_on = false;
		csrwr(0x6, (u64)(uintptr_t)g_user_back);
		csrxchg(0x1, 0, 3); /* PRMD.PPLV = 0 */
		return true;
	}
	if (g_user_n < G_USER_MAX) {
		g_user_exc[g_user_n][0] = estat;
		g_user_exc[g_user_n][1] = era;
		g_user_exc[g_user_n][2] = csrrd(0x8); /* BADI */
		g_user_n++;
	}
	csrwr(0x6, era + 4);
	return true;
}

/* Run the user program against vCPU cpu: true if each of its privileged
 * instructions raised IPE (Ecode 0xe, EsubCode 0) at its own address with
 * BADI = the instruction, and its cpucfg read what the kernel reads. */
bool g_arch_user_priv(u32 cpu)
{
	static u64 stack[512] __attribute__((aligned(16)));
	bool ok;

	g_user_n = 0;
	g_user_cpucfg = ~0ULL;
	g_user_on = true;
	g_user_run((u64)(uintptr_t)(stack + 512), cpu, (u64)(uintptr_t)g_secondary_start);
	ok = g_user_n == g_user_ipe_count && g_user_cpucfg == g_arch_firmware_version();
	if (!ok)
		g_printf("user-priv: %u exceptions (want %u), cpucfg 0x%x\n", (u64)g_user_n,
			 (u64)g_user_ipe_count, g_user_cpucfg);
	for (u32 i = 0; i < g_user_n && i < G_USER_MAX; i++) {
		u64 estat = g_user_exc[i][0], era = g_user_exc[i][1], badi = g_user_exc[i][2];
		u64 want = i < g_user_ipe_count ? g_user_ipe_pcs[i] : 0;
		bool good = ((estat >> 16) & 0x7fff) == 0xe && era == want &&
			    badi == *(volatile u32 *)(uintptr_t)era;

		if (!good)
			g_printf("user-priv: #%u estat 0x%x era 0x%x (want 0x%x) badi 0x%x\n",
				 (u64)i, estat, era, want, badi);
		ok = ok && good;
	}
	return ok;
}

void g_arch_trap(u64 *frame)
{
	u64 estat = csrrd(0x5), era;

	if (g_user_trap(estat))
		return;
	if (g_native_hvcl(frame, estat))
		return;
	if (((estat >> 16) & 0x3f) != 0) {
		g_exception((estat >> 16) & 0x3f, csrrd(0x6), csrrd(0x7));
		return;
	}
	era = csrrd(0x6);
	if ((u64)(uintptr_t)g_idle_begin <= era && era < (u64)(uintptr_t)g_idle_end)
		csrwr(0x6, (u64)(uintptr_t)g_idle_end); /* ERA: roll the idle forward */
	if (estat & IS_TI) {
		csrwr(0x44, 1); /* TICLR */
		g_irq(G_IRQ_TIMER);
	} else if (estat & IS_IPI) {
		iocsr_w32(IPI_CLEAR, iocsr_r32(IPI_STATUS));
		g_irq(G_IRQ_IPI);
	} else if (estat & IS_HWI1) {
		g_irq(G_IRQ_EXT);
	} else {
		g_irq(G_IRQ_OTHER);
	}
}

void g_arch_skip_insn(void)
{
	csrwr(0x6, csrrd(0x6) + 4);
}

/* Guest-mode gcsr and gtlb instructions raise INE in the guest itself. */
int g_arch_priv_insn(int which)
{
	u64 v = 0;

	switch (which) {
	case 0:
		__asm__ volatile("gcsrrd %0, 0x5" : "=r"(v));
		return 0;
	case 1:
		__asm__ volatile("gcsrwr %0, 0x5" : "+r"(v));
		return 0;
	case 2:
		__asm__ volatile(".word 0x06482401"); /* gtlbflush */
		return 0;
	case 4:
		__asm__ volatile(".word 0"); /* not an instruction: INE */
		return 0;
	}
	return -1;
}

void g_arch_set_vectors(u64 addr)
{
	csrwr(0xc, addr);
}

/* Paging with page tables at 'root' (3 levels of 9 bits over 4 KiB pages,
 * as PWCL describes): the next fetch misses the guest TLB and the guest's
 * refill handler (g_tlb_refill) walks the tables with lddir/ldpte. */
void g_arch_enable_paging(u64 root)
{
	csrwr(0x1c, 12 | 9u << 5 | 21u << 10 | 9u << 15 | 30u << 20 | 9u << 25); /* PWCL */
	csrwr(0x1d, 0);								 /* PWCH */
	csrwr(0x1e, 12);							 /* STLBPS */
	csrwr(0x88, (u64)(uintptr_t)g_tlb_refill);				 /* TLBRENTRY */
	csrwr(0x18, 0);								 /* ASID */
	csrwr(0x19, root);							 /* PGDL */
	csrwr(0x1a, root);							 /* PGDH */
	csrxchg(0x0, 0x10, 0x18); /* CRMD: PG=1, DA=0 */
}

/* IPIs go out one IOCSR write each; -1 if any target is not this zone's
 * vCPU (its IPI went nowhere). */
long g_arch_ipi_mask(u64 mask)
{
	long ret = 0;

	for (u32 cpu = 0; cpu < 64; cpu++)
		if (mask & (1ULL << cpu)) {
			g_arch_ipi(cpu);
			if (g_arch_cpu_running(cpu) < 0)
				ret = -1;
		}
	return ret;
}

long g_arch_fw_console_write(u64 addr, u64 len)
{
	return -ZV_ENOSYS; /* no firmware console on LoongArch */
}

bool g_arch_irqc_unowned_denied(u32 irq)
{
	g_arch_ext_enable(irq % 32);
	return g_arch_ext_claim() != irq % 32;
}
