/* SPDX-License-Identifier: MIT */
/* Self-test interrupt checks: a passed-through device's interrupt and a
 * burst of more interrupts than the controller has slots. */
#include "selftest.h"

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
void test_passthrough_irq(void)
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
void test_irq_burst(void)
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
