/* SPDX-License-Identifier: MIT */
/* Self-test CPU checks: registers across exits, privileged work from
 * user mode, misaligned accesses and WFIT. */
#include "selftest.h"

#ifdef GUEST_REG_PATTERN
/* The GPRs out of GUEST_REG_PATTERN() but those in skip (a bit per
 * register) and the ISA's GUEST_REG_UNCHECKED. */
static bool regs_kept(const char *op, const u64 *r, u32 skip)
{
	skip |= GUEST_REG_UNCHECKED;
	for (u32 n = 0; n < 32; n++) {
		if (!(skip & (1u << n)) && r[n] != GUEST_REG_PATTERN(n)) {
			g_printf("exit-regs: %s: r%u = 0x%x\n", op, (u64)n, r[n]);
			return false;
		}
	}
	return true;
}

/* The registers (or the stored word) an exit wrote hold what it names. */
static bool exit_results(const struct g_exit_regs_case *c, const u64 *r, u64 addr)
{
	for (u32 i = 0; i < 2; i++) {
		const struct g_exit_regs_want *w = &c->want[i];

		if ((w->how == G_WANT_VALUE && r[w->reg] != w->value) ||
		    (w->how == G_WANT_FW && r[w->reg] != g_arch_firmware_version()) ||
		    (w->how == G_WANT_STORED && mmio_r64(addr) != GUEST_REG_PATTERN(w->reg)))
			return false;
	}
	return true;
}

/* Every GPR an exiting instruction does not name survives the exit,
 * whichever way the hypervisor takes it (the ISA's table: hypercalls,
 * firmware calls, MMIO loads and stores), and the ones it names get the
 * right values. */
void test_exit_regs(void)
{
	u64 scratch = GUEST_TESTDEV + TESTDEV_REG_SCRATCH, r[32];
	bool ok = true;

	for (const struct g_exit_regs_case *c = g_arch_exit_regs_cases; c->op; c++) {
		mmio_w64(scratch, G_EXIT_REGS_MEM);
		c->run(scratch, r);
		if (!regs_kept(c->op, r, c->written)) {
			ok = false;
		} else if (!exit_results(c, r, scratch)) {
			g_printf("exit-regs: %s: wrong result\n", c->op);
			ok = false;
		}
	}
	check("exit-regs", ok);
}
#endif

#ifdef GUEST_USER_PRIV
/* A user program may not use what the hypervisor emulates only for the
 * guest kernel: its privileged instructions fault in this guest, and the
 * start request it sends for vCPU 1 (still off here) brings nothing up. */
void test_user_priv(void)
{
	bool ok = g_arch_user_priv(1), off = true;

	for (u64 end = g_arch_time() + GUEST_TIMER_HZ / 50; g_arch_time() < end;)
		off = off && g_arch_cpu_running(1) == 0 && !secondary_up;
	if (!off)
		g_printf("user-priv: vCPU 1 started from user mode\n");
	check("user-priv", ok && off);
}
#endif

#ifdef GUEST_MISALIGNED
/* Misaligned loads, stores and atomics in the zone's own RAM: what bare
 * hardware does with them, the guest sees. A plain load or store may be
 * performed (by the hardware or by M-mode firmware) or raise its
 * exception; an atomic or exclusive one must raise its exception, taken by
 * the guest's own handler with the right cause and address, and the zone
 * runs on (riscv64: hedeleg bits 4 and 6, where a misaligned AMO used to
 * stop the zone). */
static const struct {
	const char *name;
	enum { LOAD, STORE, ATOMIC } kind;
	bool may_complete; /* hardware or firmware may perform it instead */
} misaligned[G_MIS_OPS] = {
    [G_MIS_LOAD] = {"misaligned-load", LOAD, true},
    [G_MIS_STORE] = {"misaligned-store", STORE, true},
    [G_MIS_EXCLUSIVE] = {"misaligned-exclusive", LOAD, false},
    [G_MIS_AMO] = {"misaligned-amo", ATOMIC, false},
};

static u32 le32_at(const volatile u8 *p)
{
	return p[0] | (u32)p[1] << 8 | (u32)p[2] << 16 | (u32)p[3] << 24;
}

void test_misaligned(void)
{
	/* Across a 16-byte boundary: aarch64's FEAT_LSE2 lets atomics and
	 * exclusives within one 16-byte granule be unaligned. */
	static volatile u8 buf[32] __attribute__((aligned(16)));
	const u32 at = 14, val = 0x11223344, old = 0x11100f0e;
	u64 addr = (u64)(uintptr_t)&buf[at];

	for (enum g_misaligned_op op = 0; op < G_MIS_OPS; op++) {
		const char *name = misaligned[op].name;
		u32 before, want;
		bool trapped, ok;
		u64 got;

		for (u32 i = 0; i < sizeof(buf); i++)
			buf[i] = (u8)i;
		before = exceptions_taken;
		expect_exception = 1;
		got = g_arch_misaligned(op, addr, val);
		expect_exception = 0;
		trapped = exceptions_taken != before;
		if (trapped) {
			ok = (exception_cause & g_arch_misaligned_mask) ==
				 g_arch_misaligned_cause[op] &&
			     exception_tval == addr && le32_at(&buf[at]) == old;
		} else if (misaligned[op].kind == LOAD) {
			ok = misaligned[op].may_complete && (u32)got == old;
		} else {
			want = misaligned[op].kind == STORE ? val : old + val;
			ok = misaligned[op].may_complete && le32_at(&buf[at]) == want;
		}
		g_printf("%s: %s, cause 0x%x tval 0x%x\n", name,
			 trapped ? "exception" : "performed", trapped ? exception_cause : 0,
			 trapped ? exception_tval : 0);
		check(name, ok);
	}
}
#endif

#ifdef GUEST_WFIT
/* WFIT with interrupts masked and no timer armed: only its timeout can
 * end it (10 ms), and it must, within a second. */
void test_wfit(void)
{
	u64 start = g_arch_time(), end;
	bool has;

	g_arch_irq_enable(false);
	g_arch_timer_set(~0ULL);
	has = g_arch_wfit(start + GUEST_TIMER_HZ / 100);
	end = g_arch_time();
	g_arch_irq_enable(true);
	if (!has) {
		g_printf("wfit: no FEAT_WFxT\n");
		return;
	}
	g_printf("wfit: 10 ms timeout returned after %u us\n",
		 (end - start) / (GUEST_TIMER_HZ / 1000000));
	check("wfit-timeout", end - start < GUEST_TIMER_HZ);
}
#endif
