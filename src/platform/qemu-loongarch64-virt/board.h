/* SPDX-License-Identifier: MIT */
/*
 * QEMU loongarch64 'virt' board (its QEMU command line: board.mk), memory
 * map as QEMU 9.0/10.0 build it (hw/loongarch/virt.c; compare its FDT:
 * -M virt,dumpdtb=virt.dtb): low RAM 0-256 MiB, high RAM from 2 GiB. Boot
 * data QEMU writes (EFI system table at 0, FDT at 1 MiB, secondary-CPU stub
 * in flash at 0x1c000000) stay clear of the high RAM the hypervisor uses.
 */
#ifndef ZV_PLATFORM_BOARD_H
#define ZV_PLATFORM_BOARD_H

/* CPUs, RAM and the hypervisor's part of it, the UART, the PCH-PIC and the
 * ACPI GED registers: src/platform/qemu-loongarch64-virt/board.mk. */
#include <board_facts/qemu-loongarch64-virt.h>

/* The high RAM: all of -m but the low part. */
#define BOARD_RAM_SIZE (BOARD_QEMU_MEM - BOARD_LOW_RAM_SIZE)

#define BOARD_DEV_BASE 0x10000000UL   /* devices the zones may be given */
#define BOARD_DEV_END 0x80000000UL    /* (PCH, UARTs, flash, ECAM, PCI MMIO) */

/* The hypervisor reaches devices through the uncached direct-mapped window
 * DMW0 (VSEG 0x8): see src/arch/loongarch64/include/arch/asm_offsets.h. */
#define BOARD_DMW_UC 0x8000000000000000UL
#define BOARD_UART_BASE (BOARD_DMW_UC | BOARD_UART_PHYS)

/* Guest-physical space: all that the stage-2 table layout maps (la_pt.h). */
#define BOARD_GPA_BITS 39

#endif
