/* SPDX-License-Identifier: MIT */
/*
 * QEMU loongarch64 'virt' board (qemu-system-loongarch64 -M virt -cpu la464
 * -smp 4 -m 2G), memory map as QEMU 9.0/10.0 build it (hw/loongarch/virt.c;
 * compare its FDT: -M virt,dumpdtb=virt.dtb): low RAM 0-256 MiB, high RAM
 * from 2 GiB. Boot data QEMU writes (EFI system table at 0, FDT at 1 MiB,
 * secondary-CPU stub in flash at 0x1c000000) stay clear of the high RAM the
 * hypervisor uses.
 */
#ifndef ZV_PLATFORM_BOARD_H
#define ZV_PLATFORM_BOARD_H

#define BOARD_NR_CPUS 4
#define BOARD_RAM_BASE 0x80000000UL   /* high RAM */
#define BOARD_RAM_SIZE 0x70000000UL   /* -m 2G: 2 GiB minus the 256 MiB low RAM */
#define BOARD_HV_BASE 0x80000000UL
#define BOARD_CONFIG_ADDR 0x80f00000UL
#define BOARD_STAGING_BASE 0x81000000UL
#define BOARD_RESERVED_END 0x88000000UL

#define BOARD_UART_PHYS 0x1fe001e0UL  /* ns16550a UART0, PCH-PIC input 2 */
#define BOARD_UART_IRQ 2
#define BOARD_PCH_PIC_BASE 0x10000000UL
#define BOARD_PCH_PIC_SIZE 0x400UL
#define BOARD_PCH_PIC_INPUTS 32
#define BOARD_GED_BASE 0x100e001cUL   /* ACPI GED regs: sleep ctl 0, reset 2 */
#define BOARD_GED_SLEEP_S5 0x34       /* SLP_EN | SLP_TYP(S5) << 2 */
#define BOARD_GED_RESET 0x42
#define BOARD_GED_SIZE 3             /* the registers a zone sees emulated */
#define BOARD_DEV_BASE 0x10000000UL   /* devices the zones may be given */
#define BOARD_DEV_END 0x80000000UL    /* (PCH, UARTs, flash, ECAM, PCI MMIO) */

#define BOARD_TESTDEV_GPA 0x1fe10000UL
#define BOARD_TESTDEV_IRQ 12          /* a free PCH-PIC input */
/* virtio-mmio slots the hypervisor serves (8 x 0x200 from the base,
 * interrupts base..base+7): PCH-PIC inputs 24-31; QEMU's loongarch virt board has no virtio-mmio of its own. */
#define BOARD_VIRTIO_GPA 0x1fe20000UL
#define BOARD_VIRTIO_IRQ 24
/* The last 64 MiB of RAM hold the zones' disk images (no zone maps them). */
#define BOARD_DISK_STORE 0xec000000UL
#define BOARD_DISK_STORE_SIZE 0x04000000UL

/* The hypervisor reaches devices through the uncached direct-mapped window
 * DMW0 (VSEG 0x8): see src/arch/loongarch64/include/arch/asm_offsets.h. */
#define BOARD_DMW_UC 0x8000000000000000UL
#define BOARD_UART_BASE (BOARD_DMW_UC | BOARD_UART_PHYS)

/* Guest-physical space: all that the stage-2 table layout maps (la_pt.h). */
#define BOARD_GPA_BITS 39

#endif
