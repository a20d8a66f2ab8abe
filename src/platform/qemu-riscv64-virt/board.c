/* SPDX-License-Identifier: MIT */
#include <zv/board.h>

#include "../board_fields.h"
#include "board.h"

const struct zv_board zv_board_qemu_riscv64_virt = {
    .name = "qemu-riscv64-virt",
    .isa = "riscv64",
    .max_irq = BOARD_PLIC_SOURCES - 1,
    .mmio = {0x0, BOARD_RAM_BASE},
    .uart_gpa = BOARD_UART_BASE,
    .uart_size = 0x1000,
    .uart_model = ZV_UART_NS16550,
    .uart_models = ZV_UART_BIT(ZV_UART_NS16550),
    .emulated = {{"plic", BOARD_PLIC_BASE, BOARD_PLIC_SIZE}}, /* vplic.c */
    .hv_devices = {{BOARD_UART_BASE, 0x1000},
		   {BOARD_PLIC_BASE, BOARD_PLIC_SIZE},
		   {BOARD_CLINT_BASE, 0x10000},
		   {BOARD_SSWI_BASE, 0x4000},
		   {BOARD_TEST_BASE, 0x1000}},
    ZV_BOARD_FIELDS,
};
