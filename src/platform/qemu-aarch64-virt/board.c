/* SPDX-License-Identifier: MIT */
#include <zv/board.h>
#include <zv/config_abi.h>

#include "../board_fields.h"
#include "board.h"

const struct zv_board zv_board_qemu_aarch64_virt = {
    .name = "qemu-aarch64-virt",
    .isa = "aarch64",
    .max_irq = BOARD_MAX_INTID,
    .min_virq = 32, /* doorbells are SPIs */
    .mmio = {0x0, BOARD_DEVICE_END},
    .uart_gpa = BOARD_VUART_GPA,
    .uart_size = BOARD_VUART_SIZE,
    .uart_model = ZV_UART_PL011,
    .uart_models = ZV_UART_BIT(ZV_UART_PL011) | ZV_UART_BIT(ZV_UART_NS16550),
    /* vgic_regs.c: the distributor, and one redistributor per vCPU. */
    .emulated = {{"gicd", BOARD_VGICD_GPA, BOARD_GICD_SIZE},
		 {"gicr", BOARD_VGICR_GPA, (ZV_MAX_VCPUS * BOARD_GICR_STRIDE)}},
    .hv_devices = {{BOARD_UART_BASE, 0x1000},
		   {BOARD_GICD_BASE, BOARD_GICD_SIZE},
		   {BOARD_GICR_BASE, BOARD_GICR_SIZE},
		   {BOARD_GIC_ITS_BASE, BOARD_GIC_ITS_SIZE}},
    ZV_BOARD_FIELDS,
};
