/* SPDX-License-Identifier: MIT */
/*
 * The exit-cost benchmark (make bench). Runs as a zone's bare-metal guest
 * and, linked a second time at the firmware's payload address, natively on
 * the same QEMU machine; it finds out which by asking for the hypervisor's
 * version. Every figure is printed raw, one line each:
 *   BENCH <op> round=<r> n=<iterations> insns=<net> ticks=<net>
 * insns: retired-instruction counter (g_arch_insn_count) over the n
 * iterations, net of the same loop with an empty operation; ticks: the same
 * in the time counter (GUEST_TIMER_HZ). bench/run.py turns them into
 * per-operation figures (instructions under -icount, wall time without).
 */
#include "guest.h"

#define N_OPS 1000
#define N_ROUNDS 3
#define N_TICKS 100
#define N_IPI 200

typedef void (*op_fn)(u32 i);

static bool zoned;
static volatile u32 secondary_up;
static volatile u32 ipi_seq, pong;
static volatile u64 stamp_rx[N_IPI], stamp_back[N_IPI];
static volatile u32 timer_fired;
static volatile u64 timer_insn, timer_time;

#ifdef GUEST_PASSTHRU_RTC
/*
 * Device interrupt latency: a real device passed through (the board's RTC,
 * bare.dts) raises its line, and the guest's handler stamps the counters.
 * The device's interrupt is made pending with its output masked, then the
 * guest unmasks it: the line rises at that store, an instruction the guest
 * stamps, so the figure runs from the device raising the line to the
 * handler's first C line (trap entry included, natively too). The LS7A RTC
 * (LoongArch) has no output mask: see below.
 */
#define BENCH_DEV_IRQ 1
static volatile u32 dev_fired;
static volatile u64 dev_insn, dev_time;

#ifdef GUEST_PASSTHRU_RTC_LS7A
/*
 * LS7A RTC: RTCCTRL (0x40) EO (bit 8) | RTCEN (bit 13) starts the 32768 Hz
 * counter, and QEMU's model then re-arms each RTCMATCH timer; the matches
 * are 0 after reset, long passed, so the line rises at that store (with
 * -rtc clock=vm, bench/tables.py, the RTC runs on the virtual clock: under
 * -icount the raise is on the instruction clock). QEMU's model never
 * lowers the line again and the PCH-PIC latches an edge input only after
 * the line was low: one interrupt per QEMU run, so one sample, in edge
 * mode (EDGE 0x60; in level mode the zone's input would fire again at
 * every unmask, pirq.c).
 */
#define N_DEV 1
#define N_DEV_ROUNDS 1

static void dev_pend(u64 rtc)
{
	mmio_w32(GUEST_PCH_PIC + 0x60,
		 mmio_r32(GUEST_PCH_PIC + 0x60) | 1u << GUEST_PASSTHRU_RTC_IRQ);
	mmio_w32(rtc + 0x40, 0);
}

static void dev_raise(u64 rtc)
{
	mmio_w32(rtc + 0x40, (1u << 8) | (1u << 13));
}

/* Counter (and its match timers) off. */
static void dev_clear(u64 rtc)
{
	mmio_w32(rtc + 0x40, 0);
}
#else
#define N_DEV 200
#define N_DEV_ROUNDS N_ROUNDS

/* Both devices: clear (goldfish CLEAR_INTERRUPT, PL031 RTCICR, 0x1c) and
 * mask the output again. */
static void dev_clear(u64 rtc)
{
	mmio_w32(rtc + 0x1c, 1);
	mmio_w32(rtc + 0x10, 0);
}

#ifdef GUEST_PASSTHRU_RTC_PL031
/* PL031: a match register equal to the count (RTCDR 0x00, RTCMR 0x04)
 * sets the raw status (RTCRIS 0x14) at once; the line is RIS & RTCIMSC
 * (0x10). A second may pass between the read and the write: try again. */
static void dev_pend(u64 rtc)
{
	mmio_w32(rtc + 0x10, 0);
	do
		mmio_w32(rtc + 0x04, mmio_r32(rtc + 0x00));
	while (!(mmio_r32(rtc + 0x14) & 1));
}

static void dev_raise(u64 rtc)
{
	mmio_w32(rtc + 0x10, 1);
}
#else
/* goldfish: an alarm (ALARM_HIGH 0x0c then ALARM_LOW 0x08) not after the
 * time (0x00, 0x04) is pending at once; the line is pending &
 * IRQ_ENABLED (0x10). */
static void dev_pend(u64 rtc)
{
	u64 now;

	mmio_w32(rtc + 0x10, 0);
	now = mmio_r32(rtc + 0x00);
	now |= (u64)mmio_r32(rtc + 0x04) << 32;
	mmio_w32(rtc + 0x0c, (u32)(now >> 32));
	mmio_w32(rtc + 0x08, (u32)now);
}

static void dev_raise(u64 rtc)
{
	mmio_w32(rtc + 0x10, 1);
}
#endif /* PL031 or goldfish */
#endif /* LS7A or not */

static void dev_irq(u64 insn, u64 t)
{
	u32 irq;

	while ((irq = g_arch_ext_claim()) != 0) {
		if (irq == GUEST_PASSTHRU_RTC_IRQ) {
			dev_clear(GUEST_PASSTHRU_RTC);
			dev_insn = insn;
			dev_time = t;
			dev_fired = 1;
		}
		g_arch_ext_complete(irq);
	}
}
#endif

void g_irq(enum g_irq kind)
{
	u64 insn = g_arch_insn_count();
	u64 t = g_arch_time();

	switch (kind) {
	case G_IRQ_TIMER:
		timer_insn = insn;
		timer_time = t;
		g_arch_timer_set(~0ULL);
		timer_fired = 1;
		break;
#ifdef BENCH_DEV_IRQ
	case G_IRQ_EXT:
		dev_irq(insn, t);
		break;
#endif
	case G_IRQ_IPI:
		if (g_arch_cpu_id() == 1) {
			/* Receiver: stamp, answer. */
			stamp_rx[ipi_seq] = insn;
			g_arch_ipi(0);
		} else {
			stamp_back[ipi_seq] = insn;
			pong = 1;
		}
		break;
	default:
		break;
	}
}

void g_exception(u64 cause, u64 pc, u64 tval)
{
	g_printf("BENCH error exception cause 0x%x pc 0x%x tval 0x%x\n", cause, pc, tval);
	g_arch_shutdown();
}

/* Wait with interrupts masked around the check, so that an interrupt taken
 * between the check and wfi cannot be lost. */
static void wait_flag(volatile u32 *flag)
{
	g_arch_irq_enable(false);
	while (!*flag) {
		g_arch_wait();
		g_arch_irq_enable(true);
		g_arch_irq_enable(false);
	}
	g_arch_irq_enable(true);
}

__attribute__((noinline)) static void op_empty(u32 i)
{
	__asm__ volatile("" ::: "memory");
}

__attribute__((noinline)) static void op_hypercall(u32 i)
{
	u64 value;

	g_arch_hypercall(HC_NULL, 0, 0, 0, 0, &value);
}

__attribute__((noinline)) static void op_sbi(u32 i)
{
	g_arch_firmware_version();
}

__attribute__((noinline)) static void op_mmio_read(u32 i)
{
	(void)mmio_r64(GUEST_TESTDEV + TESTDEV_REG_SCRATCH);
}

__attribute__((noinline)) static void op_mmio_write(u32 i)
{
	mmio_w64(GUEST_TESTDEV + TESTDEV_REG_SCRATCH, i);
}

/* A guest timer interrupt whose deadline has already passed: from the
 * write of the deadline to the guest's handler, the guest spinning with
 * interrupts on (no wfi in the path: only what delivering the interrupt
 * costs). */
static void timer_spin(u64 deadline)
{
	timer_fired = 0;
	g_arch_timer_set(deadline);
	while (!timer_fired)
		;
}

__attribute__((noinline)) static void op_timer_expired(u32 i)
{
	timer_spin(0);
}

/* Not inlined, and called the same way for every op: the empty loop costs
 * exactly what the loop around any other op costs. */
__attribute__((noinline)) static void run_loop(op_fn f, u64 *insns, u64 *ticks)
{
	u64 i0 = g_arch_insn_count(), t0 = g_arch_time();

	for (u32 i = 0; i < N_OPS; i++)
		f(i);
	*insns = g_arch_insn_count() - i0;
	*ticks = g_arch_time() - t0;
}

static void measure(const char *name, op_fn f)
{
	op_fn volatile empty = op_empty;

	for (u32 r = 0; r < N_ROUNDS; r++) {
		u64 ei, et, oi, ot;

		run_loop(empty, &ei, &et);
		run_loop(f, &oi, &ot);
		g_printf("BENCH %s round=%u n=%u insns=%d ticks=%d empty_insns=%u\n", name, (u64)r,
			 (u64)N_OPS, (long)(oi - ei), (long)(ot - et), ei);
	}
}

void guest_secondary(void)
{
	g_arch_init();
	g_arch_irq_enable(true);
	secondary_up = 1;
	for (;;)
		g_arch_wait();
}

/* IPI ping-pong between vCPU 0 and vCPU 1, both waiting in wfi: one-way
 * from the send to the receiver's handler (the counter stamps of both
 * vCPUs, meaningful only if the counter is one across CPUs) and the whole
 * round trip measured on vCPU 0 alone. */
static void bench_ipi(void)
{
	u64 sum_rt = 0, sum_fwd = 0, sum_back = 0, wall = 0;
	bool shared = true;

	if (g_arch_cpu_start(1, guest_secondary)) {
		g_printf("BENCH error cpu-start\n");
		return;
	}
	while (!secondary_up) /* no interrupt announces it */
		;
	for (u32 r = 0; r < N_ROUNDS; r++) {
		sum_rt = sum_fwd = sum_back = wall = 0;
		for (u32 i = 0; i < N_IPI; i++) {
			u64 t0, i0;

			ipi_seq = i;
			pong = 0;
			t0 = g_arch_time();
			i0 = g_arch_insn_count();
			g_arch_ipi(1);
			wait_flag(&pong);
			wall += g_arch_time() - t0;
			sum_rt += stamp_back[i] - i0;
			if (!(i0 < stamp_rx[i] && stamp_rx[i] < stamp_back[i]))
				shared = false;
			sum_fwd += stamp_rx[i] - i0;
			sum_back += stamp_back[i] - stamp_rx[i];
		}
		g_printf("BENCH ipi-roundtrip round=%u n=%u insns=%d ticks=%d\n", (u64)r,
			 (u64)N_IPI, (long)sum_rt, (long)wall);
		g_printf("BENCH ipi-oneway round=%u n=%u insns=%d ticks=0\n", (u64)r, (u64)N_IPI,
			 (long)sum_fwd);
		g_printf("BENCH ipi-oneway-back round=%u n=%u insns=%d ticks=0\n", (u64)r,
			 (u64)N_IPI, (long)sum_back);
	}
	g_printf("BENCH counter-shared %u\n", (u64)shared);
}

/* The hypervisor exits N_TICKS guest timer ticks (100 us apart) cost a
 * vCPU that computes between them (spins, interrupts on): what a tick
 * itself costs, without the exits of waiting. */
static void bench_timer_exits(void)
{
	u64 e0 = 0, e1 = 0;
	long r0, r1;

	r0 = g_arch_hypercall(HC_VCPU_EXITS, 0, 0, 0, 0, &e0);
	for (u32 i = 0; i < N_TICKS; i++)
		timer_spin(g_arch_time() + GUEST_TIMER_HZ / 10000);
	r1 = g_arch_hypercall(HC_VCPU_EXITS, 0, 0, 0, 0, &e1);
	if (r0 == 0 && r1 == 0)
		/* The second HC_VCPU_EXITS counts itself: take it off. */
		g_printf("BENCH timer-exits n=%u exits=%d\n", (u64)N_TICKS, (long)(e1 - e0 - 1));
	else
		g_printf("BENCH error HC_VCPU_EXITS %d\n", r0 ? r0 : r1);
}

/* A timer in the future, waited for in wfi: expiry to handler in the time
 * counter (under -icount the wait is skipped over, so only wall time). */
static void bench_timer_wfi(void)
{
	u64 lat = 0;

	for (u32 i = 0; i < N_TICKS; i++) {
		u64 deadline = g_arch_time() + GUEST_TIMER_HZ / 10000; /* 100 us */

		timer_fired = 0;
		g_arch_timer_set(deadline);
		wait_flag(&timer_fired);
		lat += timer_time - deadline;
	}
	g_printf("BENCH timer-latency round=0 n=%u insns=0 ticks=%d\n", (u64)N_TICKS, (long)lat);
}

#ifdef BENCH_DEV_IRQ
static u64 median(u64 *v, u32 n)
{
	for (u32 i = 1; i < n; i++)
		for (u32 j = i; j && v[j - 1] > v[j]; j--) {
			u64 x = v[j];

			v[j] = v[j - 1];
			v[j - 1] = x;
		}
	return v[n / 2];
}

/* The median, not the mean: under QEMU's round-robin TCG an interrupt
 * can wait for another CPU's whole time slice (with a busy sibling zone),
 * and one such wait would swamp a mean. Printed as one iteration. */
static void bench_dev_irq(void)
{
	static u64 li[N_DEV], lt[N_DEV];

	g_arch_ext_enable(GUEST_PASSTHRU_RTC_IRQ);
	for (u32 r = 0; r < N_DEV_ROUNDS; r++) {
		for (u32 i = 0; i < N_DEV; i++) {
			u64 t0, i0;

			dev_pend(GUEST_PASSTHRU_RTC);
			dev_fired = 0;
			t0 = g_arch_time();
			i0 = g_arch_insn_count();
			dev_raise(GUEST_PASSTHRU_RTC);
			while (!dev_fired)
				;
			li[i] = dev_insn - i0;
			lt[i] = dev_time - t0;
		}
		g_printf("BENCH dev-irq round=%u n=1 insns=%d ticks=%d\n", (u64)r,
			 (long)median(li, N_DEV), (long)median(lt, N_DEV));
	}
}
#endif

/* The busy sibling of bench/configs/<board>/bare-busy.dts: exits at full
 * rate (emulated MMIO writes) while the bench zone measures. */
#define BENCH_BUSY_ZONE_ID 2
/* The bench zone beside it: measures only the device interrupt. */
#define BENCH_BESIDE_BUSY_ZONE_ID 3

static void busy_sibling(void)
{
	for (u32 i = 0;; i++)
		op_mmio_write(i);
}

void guest_main(void)
{
	u64 value = 0;
	bool beside_busy;

	g_arch_init();
	zoned = g_arch_hypercall(HC_VERSION, 0, 0, 0, 0, &value) == 0 && value == ZV_VERSION;
	if (zoned && g_arch_hypercall(HC_ZONE_ID, 0, 0, 0, 0, &value) == 0 &&
	    value == BENCH_BUSY_ZONE_ID)
		busy_sibling();
	beside_busy = zoned && value == BENCH_BESIDE_BUSY_ZONE_ID;
	g_printf("BENCH begin env=%s timer_hz=%u\n", zoned ? "zone" : "native",
		 (u64)GUEST_TIMER_HZ);
	g_arch_irq_enable(true);
	if (beside_busy) {
#ifdef BENCH_DEV_IRQ
		bench_dev_irq();
#endif
		g_printf("BENCH end\n");
		g_arch_shutdown();
	}
	measure("empty", op_empty);
	measure("firmware-call", op_sbi);
	if (zoned) {
		measure("hypercall", op_hypercall);
		measure("mmio-read", op_mmio_read);
		measure("mmio-write", op_mmio_write);
	}
	measure("timer-expired", op_timer_expired);
	if (zoned)
		bench_timer_exits();
	bench_ipi();
#ifdef BENCH_DEV_IRQ
	bench_dev_irq();
#endif
	bench_timer_wfi();
	g_printf("BENCH end\n");
	g_arch_shutdown();
}
