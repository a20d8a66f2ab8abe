/* SPDX-License-Identifier: MIT */
/* aarch64 guest facts: the zone's emulated devices (zonevisor's
 * qemu-aarch64-virt board: PL011 console and GICv3 at QEMU virt's
 * addresses). */
#ifndef GUEST_ARCH_H
#define GUEST_ARCH_H

/* The board's facts: src/platform/qemu-aarch64-virt/board.mk. */
#include <board_facts/qemu-aarch64-virt.h>

#define GUEST_UART BOARD_UART_BASE /* PL011, in a zone and natively (bench.c) */
#define GUEST_TESTDEV BOARD_TESTDEV_GPA
#define GUEST_TESTDEV_IRQ BOARD_TESTDEV_IRQ /* GIC INTID */
#define GUEST_GICD BOARD_GICD_BASE
#define GUEST_GICR BOARD_GICR_BASE
#define GUEST_GICR_STRIDE BOARD_GICR_STRIDE
#define GUEST_TIMER_HZ 1000000000UL /* CNTFRQ_EL0 of QEMU 10 "-cpu max" (1 GHz) */
#define GUEST_STACK_SIZE 0x4000
#define GUEST_MISALIGNED 1    /* selftest misaligned-*: g_arch_misaligned() */
#define GUEST_WFIT 1	      /* selftest wfit-timeout: g_arch_wfit() */
#define GUEST_ARCH_SELFTEST 1 /* selftest aarch32-el0-*: g_arch_selftest() */
/* hostile.c targets (configs/qemu-aarch64-virt/hostile.dts layout). */
#define GUEST_SIBLING_HPA 0x49000000UL /* the heartbeat zone's host RAM */
#define GUEST_HV_HPA BOARD_HV_BASE     /* the hypervisor image */
#define GUEST_UNASSIGNED_DEV 0x0a000000UL /* virtio-mmio slot 0 */
#define GUEST_PROBE_ADDR 0x49000000UL /* probe.c: the sibling zone's host RAM */
/* SPI 2 (the PL031's): SPI 1 is the zone's own emulated PL011. */
#define GUEST_UNOWNED_IRQ 2

/* configs/qemu-aarch64-virt/selftest.dts passes QEMU virt's PL031 RTC
 * through to zone id 7 (the self test runs the passthrough check only
 * there): its alarm interrupt is SPI 2, INTID 34. */
#define GUEST_PASSTHRU_RTC 0x09010000UL
#define GUEST_PASSTHRU_RTC_IRQ 34
#define GUEST_PASSTHRU_RTC_PL031 1
#define GUEST_PASSTHRU_ZONE_ID 7

/* selftest irq-burst: every SGI but the IPI (SGI 1), with the device and
 * timer interrupts 17 at once, more than any GICv3 has list registers. */
#define GUEST_IPI_SGI 1
#define GUEST_BURST_SGIS (0xffffu & ~(1u << GUEST_IPI_SGI))

/* The self test's exit-regs check (exit_regs.S): out[n] = xn after the
 * exit, all set to GUEST_REG_PATTERN(n) before it. */
#define GUEST_REG_PATTERN(n) (((u64)(0x600 + (n)) << 52) | ((u64)(n) << 12))
#define GUEST_REG_UNCHECKED (1u << 31) /* no x31: sp or xzr */

/* Channels of configs/<board>/chan.dts and chanhostile.dts: channel 1 at
 * GUEST_CHAN_GPA (GUEST_CHAN_SIZE bytes), channel 2 (one page) 1 MiB above
 * it; their doorbells are GUEST_CHAN_DOORBELL and the next number. */
#define GUEST_CHAN_GPA 0x4c000000UL
#define GUEST_CHAN_SIZE 0x20000UL
#define GUEST_CHAN2_GPA (GUEST_CHAN_GPA + 0x100000UL)
#define GUEST_CHAN_DOORBELL 100
#endif
