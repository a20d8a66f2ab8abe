/* SPDX-License-Identifier: MIT */
/*
 * The bare-metal self test: console, hypercall round trip, the ISA's
 * firmware call, timer interrupt, IPIs between the zone's vCPUs, emulated
 * MMIO and a virtual device interrupt. Prints one "TEST <name>: PASS|FAIL"
 * line per check and a closing "SELFTEST: N passed, N failed", then shows
 * it is alive with a heartbeat line every SELFTEST_HEARTBEAT_S seconds: slow
 * enough that the zone beside it (Linux in the demo) keeps the screen. The
 * fast heartbeat the isolation tests watch is guests/common/heartbeat.c.
 * The checks of interrupts and CPU details are in guests/selftest/.
 */
#include "../selftest/selftest.h"

#define SELFTEST_HEARTBEAT_S 10

static u32 passed, failed;
static volatile u32 ipi_irqs[2], secondary_stop;
volatile u32 timer_irqs, ext_irqs, secondary_up;
#ifdef GUEST_PASSTHRU_RTC
volatile u32 passthru_irqs;
#endif
#ifdef GUEST_BURST_SGIS
volatile u32 other_irqs[32];
#endif

void check(const char *name, bool ok)
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

volatile u32 expect_exception, exceptions_taken;
volatile u64 exception_cause, exception_tval;

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
	g_park();
}

bool wait_for(volatile u32 *counter, u32 target, u64 ticks)
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
