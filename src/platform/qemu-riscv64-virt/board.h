/* SPDX-License-Identifier: MIT */
/* QEMU riscv64 'virt' board (qemu-system-riscv64 -M virt,aclint=on -smp 4 -m 2G). */
#ifndef ZV_PLATFORM_BOARD_H
#define ZV_PLATFORM_BOARD_H

#define BOARD_NR_CPUS 4
#define BOARD_RAM_BASE 0x80000000UL
#define BOARD_RAM_SIZE 0x80000000UL
#define BOARD_HV_BASE 0x80200000UL /* OpenSBI occupies the 2 MiB below */
#define BOARD_CONFIG_ADDR 0x80f00000UL
#define BOARD_STAGING_BASE 0x81000000UL
#define BOARD_RESERVED_END 0x88000000UL

#define BOARD_UART_BASE 0x10000000UL /* ns16550a, PLIC source 10 */
#define BOARD_UART_IRQ 10
#define BOARD_PLIC_BASE 0x0c000000UL
#define BOARD_PLIC_SIZE 0x00600000UL
#define BOARD_CLINT_BASE 0x02000000UL
/* ACLINT SSWI (aclint=on): a 32-bit SETSSIP register per hart; writing 1
 * raises that hart's sip.SSIP, which the hart clears itself. */
#define BOARD_SSWI_BASE 0x02f00000UL
#define BOARD_TEST_BASE 0x00100000UL /* sifive_test: poweroff/reset */
#define BOARD_PLIC_SOURCES 96
#define BOARD_TIMEBASE_HZ 10000000UL

#define BOARD_TESTDEV_GPA 0x10010000UL
#define BOARD_TESTDEV_IRQ 12
/* virtio-mmio slots the hypervisor serves (8 x 0x200 from the base,
 * interrupts base..base+7): QEMU virt's own virtio-mmio is at 0x10001000, sources 1-8; PCIe INTx 32-35. */
#define BOARD_VIRTIO_GPA 0x10020000UL
#define BOARD_VIRTIO_IRQ 40
/* The last 64 MiB of RAM hold the zones' disk images (no zone maps them). */
#define BOARD_DISK_STORE 0xfc000000UL
#define BOARD_DISK_STORE_SIZE 0x04000000UL

/* Guest-physical space: all that hgatp Sv39x4 translates. */
#define BOARD_GPA_BITS 41

#endif
