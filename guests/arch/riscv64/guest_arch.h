/* SPDX-License-Identifier: MIT */
/* riscv64 guest facts: the zone's emulated devices (QEMU virt layout). */
#ifndef GUEST_ARCH_H
#define GUEST_ARCH_H

/* The board's facts: src/platform/qemu-riscv64-virt/board.mk. */
#include <board_facts/qemu-riscv64-virt.h>

#define GUEST_UART BOARD_UART_BASE
#define GUEST_TESTDEV BOARD_TESTDEV_GPA
#define GUEST_TESTDEV_IRQ BOARD_TESTDEV_IRQ
#define GUEST_PLIC BOARD_PLIC_BASE
#define GUEST_TIMER_HZ ((u64)BOARD_TIMEBASE_HZ)
#define GUEST_STACK_SIZE 0x4000
#define GUEST_MISALIGNED 1 /* selftest misaligned-*: g_arch_misaligned() */

/* configs/qemu-riscv64-virt/selftest.dts passes the goldfish RTC through
 * to zone id 7 (the self test runs the passthrough check only there). */
#define GUEST_PASSTHRU_RTC 0x101000UL
#define GUEST_PASSTHRU_RTC_IRQ 11
#define GUEST_PASSTHRU_ZONE_ID 7

/* The self test's exit-regs check (exit_regs.S): out[n] = GPR n after the
 * exit, all set to GUEST_REG_PATTERN(n) before it. */
#define GUEST_REG_PATTERN_ASM(n) (((0x600 + (n)) << 52) | ((n) << 12))
#define GUEST_REG_PATTERN(n) (((u64)(0x600 + (n)) << 52) | ((u64)(n) << 12))
#define GUEST_REG_UNCHECKED (1u << 0 | 1u << 2) /* zero, sp */

/* Channels of configs/<board>/chan.dts and chanhostile.dts: channel 1 at
 * GUEST_CHAN_GPA (GUEST_CHAN_SIZE bytes), channel 2 (one page) 1 MiB above
 * it; their doorbells are GUEST_CHAN_DOORBELL and the next number. */
#define GUEST_CHAN_GPA 0x8c000000UL
#define GUEST_CHAN_SIZE 0x20000UL
#define GUEST_CHAN2_GPA (GUEST_CHAN_GPA + 0x100000UL)
#define GUEST_CHAN_DOORBELL 20
#endif
