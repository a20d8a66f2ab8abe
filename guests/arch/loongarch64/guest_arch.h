/* SPDX-License-Identifier: MIT */
/* loongarch64 guest facts: the zone's devices (QEMU virt layout). */
#ifndef GUEST_ARCH_H
#define GUEST_ARCH_H

/* The board's facts: src/platform/qemu-loongarch64-virt/board.mk. */
#include <board_facts/qemu-loongarch64-virt.h>

#define GUEST_UART BOARD_UART_PHYS
#define GUEST_TESTDEV BOARD_TESTDEV_GPA
#define GUEST_TESTDEV_IRQ BOARD_TESTDEV_IRQ /* PCH-PIC input */
#define GUEST_PCH_PIC BOARD_PCH_PIC_BASE
#define GUEST_GED BOARD_GED_BASE   /* ACPI GED (board.mk) */
#define GUEST_TIMER_HZ 100000000UL /* constant timer, CPUCFG4 on la464 */
#define GUEST_STACK_SIZE 0x4000
#define GUEST_HV_HPA BOARD_HV_BASE
#define GUEST_UNASSIGNED_DEV 0x1fe002e0UL /* UART1: no zone has it */
#define GUEST_UNMAPPED_GPA 0x40000000UL	  /* zone RAM starts at GPA 0 here */

/* configs/qemu-loongarch64-virt/selftest.dts passes the LS7A RTC (the page
 * at 0x100d0000, PCH-PIC input 3 on QEMU 9.0's virt board) through to zone
 * id 7 (the self test runs the passthrough check only there). */
#define GUEST_PASSTHRU_RTC 0x100d0100UL
#define GUEST_PASSTHRU_RTC_IRQ 3
#define GUEST_PASSTHRU_RTC_LS7A 1
#define GUEST_PASSTHRU_ZONE_ID 7

/* The self test's exit-regs check (exit_regs.S): out[n] = GPR n after the
 * exit, all set to GUEST_REG_PATTERN(n) before it. */
#define GUEST_REG_PATTERN(n) (((u64)(0x600 + (n)) << 52) | ((u64)(n) << 12))
/* The self test's user-priv check (user.S): g_arch_user_priv() exists. */
#define GUEST_USER_PRIV 1
#define GUEST_REG_UNCHECKED (1u << 0 | 1u << 3) /* zero, sp */

/* Channels of configs/<board>/chan.dts and chanhostile.dts: channel 1 at
 * GUEST_CHAN_GPA (GUEST_CHAN_SIZE bytes), channel 2 (one page) 1 MiB above
 * it; their doorbells are GUEST_CHAN_DOORBELL and the next number. */
#define GUEST_CHAN_GPA 0x04000000UL
#define GUEST_CHAN_SIZE 0x20000UL
#define GUEST_CHAN2_GPA (GUEST_CHAN_GPA + 0x100000UL)
#define GUEST_CHAN_DOORBELL 20
#endif
