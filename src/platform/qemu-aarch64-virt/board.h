/* SPDX-License-Identifier: MIT */
/*
 * QEMU aarch64 'virt' board with EL2 and GICv3 (its QEMU command line:
 * board.mk). entry.S includes this too: no C here, numbers get their
 * suffixes only outside assembly (BOARD_UL).
 */
#ifndef ZV_PLATFORM_BOARD_H
#define ZV_PLATFORM_BOARD_H

/* CPUs, RAM and the hypervisor's part of it, the PL011 and the GIC's
 * distributor and redistributors: src/platform/qemu-aarch64-virt/board.mk. */
#include <board_facts/qemu-aarch64-virt.h>

#define BOARD_RAM_SIZE BOARD_QEMU_MEM

/* Physical devices the hypervisor keeps, besides those. */
#define BOARD_GICR_SIZE 0x00f60000
#define BOARD_GIC_ITS_BASE 0x08080000
#define BOARD_GIC_ITS_SIZE 0x00020000
#define BOARD_MAX_INTID 287 /* QEMU virt: 256 SPIs, INTIDs 32..287 */
#define BOARD_DEVICE_END 0x40000000 /* device window below RAM */

/*
 * The zone's emulated devices. The console is the core's PL011 model where
 * software for QEMU virt expects a UART: QEMU's own PL011 address and
 * interrupt (SPI 1), in the zone's guest-physical space (the physical PL011
 * stays the hypervisor's). A zone may ask for the core's 16550 instead, at
 * the same place. Interrupts are GIC INTIDs (SPI n = INTID 32 + n); the
 * testdev is on an SPI QEMU virt does not use.
 */
#define BOARD_VUART_GPA BOARD_UART_BASE
#define BOARD_VUART_SIZE 0x1000 /* the PL011's 4 KiB, ID registers at its end */
#define BOARD_VUART_IRQ BOARD_UART_IRQ
/* Where a zone sees its virtual GIC: QEMU virt's own layout. */
#define BOARD_VGICD_GPA BOARD_GICD_BASE
#define BOARD_VGICR_GPA BOARD_GICR_BASE

/*
 * Largest stage-2 leaf the port maps (4 KiB page, 2 MiB or 1 GiB block).
 * QEMU TCG keeps a translation at the larger of its stage-1 and stage-2
 * sizes, and a TLBI by VA inside any such "large page" empties its whole
 * EL1 TLB: with 2 MiB stage-2 blocks a guest Linux's every TLBI VAE1 did.
 * Linux boot in a zone against native, make bench back to back on one
 * host: 1.71x and 1.57x with blocks, 1.32x and 1.44x with 4 KiB leaves.
 * A board on real hardware keeps the blocks for TLB reach.
 */
#define BOARD_S2_LEAF_MAX 0x1000
/*
 * Guest-physical (IPA) space: QEMU virt's devices and its RAM (from 1 GiB,
 * at most 3 GiB with -m 2G here) lie below 4 GiB. 32 bits let the stage-2
 * walk start at level 2 (four concatenated root tables): two lookups per
 * guest translation instead of three.
 */
#define BOARD_GPA_BITS 32

#define BOARD_TIMER_PPI 27 /* EL1 virtual timer */
#define BOARD_MAINT_PPI 25 /* GIC maintenance interrupt */
#define BOARD_HYP_TIMER_PPI 26 /* EL2 physical timer (CNTHP): WFIT timeouts */

#endif
