/* SPDX-License-Identifier: MIT */
/* The self test's shared state (guests/common/selftest.c) and its checks
 * in guests/selftest/: irq.c (passthrough, interrupt burst) and cpu.c
 * (exit registers, user mode, misaligned accesses, WFIT). */
#ifndef SELFTEST_H
#define SELFTEST_H

#include "guest.h"

/* Counted by g_irq(). */
extern volatile u32 timer_irqs, ext_irqs, secondary_up;
#ifdef GUEST_PASSTHRU_RTC
extern volatile u32 passthru_irqs;
#endif
#ifdef GUEST_BURST_SGIS
extern volatile u32 other_irqs[32]; /* G_IRQ_OTHER per interrupt number */
#endif

/* An exception a check provokes: recorded, and the guest resumes after
 * the instruction (expect_exception counts what is still allowed). */
extern volatile u32 expect_exception, exceptions_taken;
extern volatile u64 exception_cause, exception_tval;

/* One "TEST name: PASS|FAIL" line, counted. */
void check(const char *name, bool ok);
/* Wait until *counter reaches target or ticks pass; whether it did. */
bool wait_for(volatile u32 *counter, u32 target, u64 ticks);

void test_passthrough_irq(void);
void test_irq_burst(void);
void test_exit_regs(void);
void test_user_priv(void);
void test_misaligned(void);
void test_wfit(void);

#endif
