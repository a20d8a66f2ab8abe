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
 * counter. Last: on the QEMU-LVZ fork under -icount an exit with the
 * guest timer armed aborts QEMU ("Bad icount read"), so the instruction
 * run ends here and keeps every figure before it. */
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

void guest_main(void)
{
	u64 value = 0;

	g_arch_init();
	zoned = g_arch_hypercall(HC_VERSION, 0, 0, 0, 0, &value) == 0 && value == ZV_VERSION;
	g_printf("BENCH begin env=%s timer_hz=%u\n", zoned ? "zone" : "native",
		 (u64)GUEST_TIMER_HZ);
	g_arch_irq_enable(true);
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
	bench_timer_wfi();
	g_printf("BENCH end\n");
	g_arch_shutdown();
}
