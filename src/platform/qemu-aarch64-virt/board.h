/* SPDX-License-Identifier: MIT */
/*
 * QEMU aarch64 'virt' board with EL2 and GICv3
 * (qemu-system-aarch64 -M virt,virtualization=on,gic-version=3 -cpu max
 * -smp 4 -m 2G). Plain numbers, no suffixes: entry.S includes this too.
 */
#ifndef ZV_PLATFORM_BOARD_H
#define ZV_PLATFORM_BOARD_H

#define BOARD_NR_CPUS 4
#define BOARD_RAM_BASE 0x40000000
#define BOARD_RAM_SIZE 0x80000000
/* QEMU puts its own DTB at the start of RAM when the ELF starts above it. */
#define BOARD_HV_BASE 0x40200000
#define BOARD_CONFIG_ADDR 0x40f00000
#define BOARD_STAGING_BASE 0x41000000
#define BOARD_RESERVED_END 0x48000000

/* Physical devices the hypervisor keeps. */
#define BOARD_UART_BASE 0x09000000 /* PL011, SPI 1 = INTID 33 */
#define BOARD_UART_IRQ 33
#define BOARD_GICD_BASE 0x08000000
#define BOARD_GICD_SIZE 0x00010000
#define BOARD_GICR_BASE 0x080a0000
#define BOARD_GICR_STRIDE 0x00020000 /* RD_base + SGI_base frames */
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
#define BOARD_TESTDEV_GPA 0x09110000
#define BOARD_TESTDEV_IRQ 81 /* SPI 49 */
/* virtio-mmio slots the hypervisor serves (8 x 0x200 from the base,
 * interrupts base..base+7): INTID 82-89 = SPI 50-57; QEMU virt's own virtio-mmio is at 0x0a000000, SPI 16-47. */
#define BOARD_VIRTIO_GPA 0x09120000
#define BOARD_VIRTIO_IRQ 82
/* The last 64 MiB of RAM hold the zones' disk images (no zone maps them). */
#define BOARD_DISK_STORE 0xbc000000
#define BOARD_DISK_STORE_SIZE 0x04000000UL
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
