/* SPDX-License-Identifier: MIT */
/*
 * The bare-metal self test: console, hypercall round trip, the ISA's
 * firmware call, timer interrupt, IPIs between the zone's vCPUs, emulated
 * MMIO and a virtual device interrupt. Prints one "TEST <name>: PASS|FAIL"
 * line per check and a closing "SELFTEST: N passed, N failed", then shows
 * it is alive with a heartbeat line every SELFTEST_HEARTBEAT_S seconds: slow
 * enough that the zone beside it (Linux in the demo) keeps the screen. The
 * fast heartbeat the isolation tests watch is guests/common/heartbeat.c.
 */
#include "guest.h"

#define SELFTEST_HEARTBEAT_S 10

static u32 passed, failed;
static volatile u32 timer_irqs, ipi_irqs[2], ext_irqs;
#ifdef GUEST_PASSTHRU_RTC
static volatile u32 passthru_irqs;
#endif
#ifdef GUEST_BURST_SGIS
static volatile u32 other_irqs[32]; /* G_IRQ_OTHER per interrupt number */
#endif
static volatile u32 secondary_up, secondary_stop;

static void check(const char *name, bool ok)
{
	g_printf("TEST %s: %s\n", name, ok ? "PASS" : "FAIL");
	if (ok)
		passed++;
	else
		failed++;
}

void g_irq(enum g_irq kind)
{
	u32 irq;

	switch (kind) {
	case G_IRQ_TIMER:
		timer_irqs++;
		g_arch_timer_set(~0ULL);
		break;
	case G_IRQ_IPI:
		ipi_irqs[g_arch_cpu_id() & 1]++;
		break;
	case G_IRQ_EXT:
		while ((irq = g_arch_ext_claim()) != 0) {
			if (irq == GUEST_TESTDEV_IRQ) {
				ext_irqs++;
				mmio_w64(GUEST_TESTDEV + TESTDEV_REG_IRQ, 0);
			}
#ifdef GUEST_PASSTHRU_RTC
			if (irq == GUEST_PASSTHRU_RTC_IRQ) {
				passthru_irqs++;
				/* goldfish CLEAR_INTERRUPT, PL031 RTCICR: same offset */
				mmio_w32(GUEST_PASSTHRU_RTC + 0x1c, 1);
			}
#endif
			g_arch_ext_complete(irq);
		}
		break;
	default:
#ifdef GUEST_BURST_SGIS
		other_irqs[g_arch_irq_id() & 31]++;
#endif
		break;
	}
}

/* An exception a check provokes: recorded, and the guest resumes after
 * the instruction (expect_exception counts what is still allowed). */
static volatile u32 expect_exception, exceptions_taken;
static volatile u64 exception_cause, exception_tval;

void g_exception(u64 cause, u64 pc, u64 tval)
{
	if (expect_exception) {
		expect_exception--;
		exceptions_taken++;
		exception_cause = cause;
		exception_tval = tval;
		g_arch_skip_insn();
		return;
	}
	g_printf("unexpected exception cause 0x%x pc 0x%x tval 0x%x\n", cause, pc, tval);
	for (;;)
		g_arch_wait();
}

static bool wait_for(volatile u32 *counter, u32 target, u64 ticks)
{
	u64 end = g_arch_time() + ticks;

	/* A timer at the deadline bounds every wait. */
	while (*counter < target && g_arch_time() < end) {
		g_arch_timer_set(end);
		g_arch_wait();
	}
	return *counter >= target;
}

static void test_hypercalls(void)
{
	/* Bytes go to the console as given, as through the UART: the line
	 * ends in CR LF like those of g_putc(). */
	static const char msg[] = "hello through HC_CONSOLE_WRITE\r\n";
	u64 value = 0;
	long ret;

	ret = g_arch_hypercall(HC_VERSION, 0, 0, 0, 0, &value);
	check("hypercall-version", ret == 0 && value == ZV_VERSION);
	ret = g_arch_hypercall(HC_ZONE_ID, 0, 0, 0, 0, &value);
	g_printf("zone id %u\n", value);
	check("hypercall-zone-id", ret == 0);
	ret =
	    g_arch_hypercall(HC_CONSOLE_WRITE, (u64)(uintptr_t)msg, sizeof(msg) - 1, 0, 0, &value);
	check("hypercall-console", ret == 0);
	ret = g_arch_hypercall(HC_CONSOLE_WRITE, GUEST_UNMAPPED_GPA, 16, 0, 0, &value);
	check("hypercall-bad-pointer", ret == -ZV_EFAULT);
	ret = g_arch_hypercall(12345, 0, 0, 0, 0, &value);
	check("hypercall-unknown", ret == -ZV_ENOSYS);
	check("firmware-call", g_arch_firmware_version() != 0);
}

static void test_mmio(void)
{
	u64 t = GUEST_TESTDEV;
	u64 c0, c1;

	check("mmio-id", mmio_r32(t + TESTDEV_REG_ID) == TESTDEV_ID);
	mmio_w64(t + TESTDEV_REG_SCRATCH, 0x1122334455667788ULL);
	check("mmio-rw64", mmio_r64(t + TESTDEV_REG_SCRATCH) == 0x1122334455667788ULL);
	mmio_w32(t + TESTDEV_REG_SCRATCH, 0xdeadbeef);
	check("mmio-rw32", mmio_r32(t + TESTDEV_REG_SCRATCH) == 0xdeadbeef &&
			       mmio_r64(t + TESTDEV_REG_SCRATCH) == 0x11223344deadbeefULL);
	mmio_w16(t + TESTDEV_REG_SCRATCH, 0xcafe);
	mmio_w8(t + TESTDEV_REG_SCRATCH, 0x5a);
	check("mmio-rw16-8", mmio_r16(t + TESTDEV_REG_SCRATCH) == 0xca5a &&
				 mmio_r8(t + TESTDEV_REG_SCRATCH) == 0x5a);
	c0 = mmio_r64(t + TESTDEV_REG_COUNTER);
	c1 = mmio_r64(t + TESTDEV_REG_COUNTER);
	check("mmio-counter", c1 == c0 + 1);
}

static void test_timer(void)
{
	u64 start = g_arch_time();

	g_arch_timer_set(start + GUEST_TIMER_HZ / 100); /* 10 ms */
	check("timer-irq", wait_for(&timer_irqs, 1, GUEST_TIMER_HZ));
	check("timer-not-early", g_arch_time() >= start + GUEST_TIMER_HZ / 100);
}

static void test_device_irq(void)
{
	g_arch_ext_enable(GUEST_TESTDEV_IRQ);
	mmio_w64(GUEST_TESTDEV + TESTDEV_REG_IRQ, 1);
	check("device-irq", wait_for(&ext_irqs, 1, GUEST_TIMER_HZ));
}

#ifdef GUEST_PASSTHRU_RTC
#ifdef GUEST_PASSTHRU_RTC_PL031
/* PL031: RTCDR (0x00) counts seconds and the alarm fires when it reaches
 * RTCMR (0x04), so the next second is up to 1 s away; RTCIMSC (0x10)
 * unmasks the interrupt. */
static void rtc_arm(u64 rtc)
{
	mmio_w32(rtc + 0x10, 1);
	mmio_w32(rtc + 0x04, mmio_r32(rtc + 0x00) + 1);
}

/* RTCMIS (0x18): the interrupt as the device drives it, after the mask. */
static bool rtc_line_low(u64 rtc)
{
	return (mmio_r32(rtc + 0x18) & 1) == 0;
}

static void rtc_disarm(u64 rtc)
{
	mmio_w32(rtc + 0x10, 0); /* RTCIMSC: masked */
}
#elif defined(GUEST_PASSTHRU_RTC_LS7A)
/* LS7A RTC: a 32768 Hz counter (RTCREAD0 0x68) enabled by RTCCTRL (0x40)
 * EO (bit 8) | RTCEN (bit 13); the interrupt fires when it reaches
 * RTCMATCH0 (0x6c). QEMU's model never lowers that line again, so the
 * input is made edge-triggered on the PCH-PIC (EDGE, 0x60): one alarm,
 * one interrupt. */
static void rtc_arm(u64 rtc)
{
	u32 bit = 1u << GUEST_PASSTHRU_RTC_IRQ;

	mmio_w32(GUEST_PCH_PIC + 0x60, mmio_r32(GUEST_PCH_PIC + 0x60) | bit);
	mmio_w32(rtc + 0x40, (1u << 8) | (1u << 13));
	mmio_w32(rtc + 0x6c, mmio_r32(rtc + 0x68) + 164); /* 5 ms */
}

static bool rtc_line_low(u64 rtc)
{
	return true; /* no readable interrupt status */
}

static void rtc_disarm(u64 rtc)
{
	mmio_w32(rtc + 0x40, 0); /* RTCCTRL: counter (and its match) off */
}
#else
/* goldfish: 64-bit ns time at 0x00/0x04, the alarm armed by writing
 * ALARM_HIGH (0x0c) then ALARM_LOW (0x08), IRQ_ENABLED (0x10). */
static void rtc_arm(u64 rtc)
{
	u64 now = mmio_r32(rtc + 0x00);

	now |= (u64)mmio_r32(rtc + 0x04) << 32;
	now += 5000000; /* 5 ms, in ns */
	mmio_w32(rtc + 0x10, 1);
	mmio_w32(rtc + 0x0c, (u32)(now >> 32));
	mmio_w32(rtc + 0x08, (u32)now);
}

static bool rtc_line_low(u64 rtc)
{
	return true; /* no readable interrupt status */
}

static void rtc_disarm(u64 rtc)
{
	mmio_w32(rtc + 0x10, 0); /* IRQ_ENABLED: off */
}
#endif

/* A real device passed through: the RTC's alarm interrupt must arrive
 * through the zone's interrupt controller, exactly once (the handler
 * clears it at the device before completing it). The zone only gets it
 * when its description lists the device; otherwise the test is skipped. */
static void test_passthrough_irq(void)
{
	u64 rtc = GUEST_PASSTHRU_RTC, has = 0;
	bool got;

	g_arch_hypercall(HC_ZONE_ID, 0, 0, 0, 0, &has);
	if (has != GUEST_PASSTHRU_ZONE_ID)
		return;
	g_arch_ext_enable(GUEST_PASSTHRU_RTC_IRQ);
	rtc_arm(rtc);
	got = wait_for(&passthru_irqs, 1, 2 * GUEST_TIMER_HZ);
	/* Nothing more may arrive once the device is quiet. */
	wait_for(&passthru_irqs, 2, GUEST_TIMER_HZ / 50);
	if (!got || passthru_irqs != 1 || !rtc_line_low(rtc))
		g_printf("passthrough: %u interrupts, device line %s\n", (u64)passthru_irqs,
			 rtc_line_low(rtc) ? "low" : "high");
	check("passthrough-irq", got && passthru_irqs == 1 && rtc_line_low(rtc));
	rtc_disarm(rtc);
}
#endif

#ifdef GUEST_BURST_SGIS
/* 0: not all arrived yet, 1: each arrived exactly once, 2: one more often. */
static int burst_state(u32 ext0, u32 timer0)
{
	int state = 1;

	for (u32 i = 0; i < 18; i++) {
		u32 n = i == 16 ? ext_irqs - ext0 : i == 17 ? timer_irqs - timer0 : other_irqs[i];

		if (i < 16 && !(GUEST_BURST_SGIS & (1u << i)))
			continue;
		if (n > 1)
			return 2;
		if (n == 0)
			state = 0;
	}
	return state;
}

/* More virtual interrupts pending at once than the interrupt controller
 * has slots to present them in (GICv3: 16 list registers at most, QEMU
 * has 4): with interrupts masked, the SGIs in GUEST_BURST_SGIS are sent
 * to this vCPU twice each (the second merges with the first, still
 * pending), the device interrupt and an expired timer are raised; once
 * unmasked, each must arrive exactly once. */
static void test_irq_burst(void)
{
	u32 ext0 = ext_irqs, timer0 = timer_irqs;
	u64 end;
	int state;

	g_arch_irq_enable(false);
	for (u32 round = 0; round < 2; round++)
		for (u32 i = 0; i < 16; i++)
			if (GUEST_BURST_SGIS & (1u << i))
				g_arch_sgi_self(i);
	mmio_w64(GUEST_TESTDEV + TESTDEV_REG_IRQ, 1);
	g_arch_timer_set(0);
	g_arch_irq_enable(true);
	end = g_arch_time() + 3 * GUEST_TIMER_HZ; /* generous: a loaded TCG host */
	while (burst_state(ext0, timer0) == 0 && g_arch_time() < end)
		;
	/* Then nothing more: give a duplicate time to show up. */
	for (end = g_arch_time() + GUEST_TIMER_HZ / 50; g_arch_time() < end;)
		;
	state = burst_state(ext0, timer0);
	if (state != 1) {
		for (u32 i = 0; i < 16; i++)
			if (GUEST_BURST_SGIS & (1u << i))
				g_printf("irq-burst: SGI %u x%u\n", (u64)i, (u64)other_irqs[i]);
		g_printf("irq-burst: device x%u, timer x%u\n", (u64)(ext_irqs - ext0),
			 (u64)(timer_irqs - timer0));
	}
	check("irq-burst", state == 1);
}
#endif

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

/* Every GPR an exiting instruction does not name survives the exit,
 * whichever way the hypervisor takes it (the ISA's table: hypercalls,
 * firmware calls, MMIO loads and stores), and the ones it names get the
 * right values. */
static void test_exit_regs(void)
{
	u64 scratch = GUEST_TESTDEV + TESTDEV_REG_SCRATCH, r[32];
	bool ok = true;

	for (const struct g_exit_regs_case *c = g_arch_exit_regs_cases; c->op; c++) {
		mmio_w64(scratch, G_EXIT_REGS_MEM);
		c->run(scratch, r);
		if (!regs_kept(c->op, r, c->written)) {
			ok = false;
		} else if (!c->results(r, scratch)) {
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
static void test_user_priv(void)
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
static u32 le32_at(const volatile u8 *p)
{
	return p[0] | (u32)p[1] << 8 | (u32)p[2] << 16 | (u32)p[3] << 24;
}

static void test_misaligned(void)
{
	/* Across a 16-byte boundary: aarch64's FEAT_LSE2 lets atomics and
	 * exclusives within one 16-byte granule be unaligned. */
	static volatile u8 buf[32] __attribute__((aligned(16)));
	const u32 at = 14, val = 0x11223344, old = 0x11100f0e;
	u64 addr = (u64)(uintptr_t)&buf[at];

	for (int which = 0;; which++) {
		struct g_misaligned m = {0};
		u32 before, want;
		bool trapped, ok;
		u64 got;

		for (u32 i = 0; i < sizeof(buf); i++)
			buf[i] = (u8)i;
		before = exceptions_taken;
		expect_exception = 1;
		got = g_arch_misaligned(which, addr, val, &m);
		expect_exception = 0;
		if (!m.name)
			break;
		trapped = exceptions_taken != before;
		if (trapped) {
			ok = (exception_cause & m.cause_mask) == m.cause &&
			     exception_tval == addr && le32_at(&buf[at]) == old;
		} else if (m.kind == G_ACCESS_LOAD) {
			ok = m.may_complete && (u32)got == old;
		} else {
			want = m.kind == G_ACCESS_STORE ? val : old + val;
			ok = m.may_complete && le32_at(&buf[at]) == want;
		}
		g_printf("%s: %s, cause 0x%x tval 0x%x\n", m.name,
			 trapped ? "exception" : "performed", trapped ? exception_cause : 0,
			 trapped ? exception_tval : 0);
		check(m.name, ok);
	}
}
#endif

#ifdef GUEST_WFIT
/* WFIT with interrupts masked and no timer armed: only its timeout can
 * end it (10 ms), and it must, within a second. */
static void test_wfit(void)
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

void guest_secondary(void)
{
	u32 seen = ipi_irqs[1];

	g_arch_init();
	g_arch_irq_enable(true);
	secondary_up++;
	/* Answer every IPI from vCPU 0 with one, or stop if asked to. */
	for (;;) {
		while (ipi_irqs[1] == seen)
			g_arch_wait();
		seen = ipi_irqs[1];
		if (secondary_stop)
			g_arch_cpu_stop();
		g_arch_ipi(0);
	}
}

static void test_ipi(void)
{
	u32 up;

	if (g_arch_cpu_start(1, guest_secondary)) {
		check("cpu-start", false);
		return;
	}
	up = wait_for(&secondary_up, 1, GUEST_TIMER_HZ);
	check("cpu-start", up);
	if (!up)
		return;
	g_arch_ipi(1);
	check("ipi-roundtrip", wait_for(&ipi_irqs[0], 1, GUEST_TIMER_HZ));
	check("cpu-start-again-refused", g_arch_cpu_start(1, guest_secondary) != 0);
	/* Stop the secondary (it stops itself) and start it once more. */
	secondary_stop = 1;
	g_arch_ipi(1);
	for (u64 end = g_arch_time() + GUEST_TIMER_HZ; g_arch_time() < end;)
		if (g_arch_cpu_running(1) == 0)
			break;
	check("cpu-stop", g_arch_cpu_running(1) == 0);
	secondary_stop = 0;
	check("cpu-restart", g_arch_cpu_start(1, guest_secondary) == 0 &&
				 wait_for(&secondary_up, 2, GUEST_TIMER_HZ));
}

void guest_main(void)
{
	g_arch_init();
	g_printf("selftest: vcpu %u up\n", (u64)g_arch_cpu_id());
	test_hypercalls();
	test_mmio();
#ifdef GUEST_REG_PATTERN
	test_exit_regs();
#endif
#ifdef GUEST_USER_PRIV
	test_user_priv();
#endif
#ifdef GUEST_MISALIGNED
	test_misaligned();
#endif
	g_arch_irq_enable(true);
	test_timer();
#ifdef GUEST_WFIT
	test_wfit();
#endif
	test_device_irq();
#ifdef GUEST_PASSTHRU_RTC
	test_passthrough_irq();
#endif
	test_ipi();
#ifdef GUEST_BURST_SGIS
	test_irq_burst();
#endif
#ifdef GUEST_ARCH_SELFTEST
	g_arch_selftest(check);
#endif
	g_printf("SELFTEST: %u passed, %u failed\n", (u64)passed, (u64)failed);
	g_printf("selftest: done; a heartbeat every %u s from now on\n", (u64)SELFTEST_HEARTBEAT_S);
	for (u64 n = 1;; n++) {
		u64 end = g_arch_time() + SELFTEST_HEARTBEAT_S * GUEST_TIMER_HZ;

		g_arch_timer_set(end);
		while (g_arch_time() < end)
			g_arch_wait();
		g_printf("heartbeat %u\n", n);
	}
}
