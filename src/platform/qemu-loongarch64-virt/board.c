/* SPDX-License-Identifier: MIT */
#include <zv/board.h>

#include "../board_fields.h"
#include "board.h"

const struct zv_board zv_board_qemu_loongarch64_virt = {
    .name = "qemu-loongarch64-virt",
    .isa = "loongarch64",
    .max_irq = BOARD_PCH_PIC_INPUTS - 1,
    .mmio = {BOARD_DEV_BASE, BOARD_DEV_END - BOARD_DEV_BASE},
    .uart_gpa = BOARD_UART_PHYS,
    .uart_size = 0x100,
    .uart_model = ZV_UART_NS16550,
    .uart_models = ZV_UART_BIT(ZV_UART_NS16550),
    /* virq.c: PCH-PIC and the ACPI GED power registers (the EIOINTC and
     * the IPIs are IOCSRs, outside the guest-physical space). */
    .emulated = {{"pch-pic", BOARD_PCH_PIC_BASE, BOARD_PCH_PIC_SIZE},
		 {"ged", BOARD_GED_BASE, BOARD_GED_SIZE}},
    .hv_devices = {{BOARD_UART_PHYS & ~0xfffUL, 0x1000},
		   {BOARD_PCH_PIC_BASE, BOARD_PCH_PIC_SIZE},
		   {BOARD_GED_BASE & ~0xfffUL, 0x1000}},
    ZV_BOARD_FIELDS,
};
