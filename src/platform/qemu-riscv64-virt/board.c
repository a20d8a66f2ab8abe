/* SPDX-License-Identifier: MIT */
#include <zv/board.h>

#include "board.h"

const struct zv_board zv_board_qemu_riscv64_virt = {
	.name = "qemu-riscv64-virt",
	.isa = "riscv64",
	.nr_cpus = BOARD_NR_CPUS,
	.max_irq = BOARD_PLIC_SOURCES - 1,
	.page_size = 0x1000,
	.gpa_bits = BOARD_GPA_BITS,
	.ram = {BOARD_RAM_BASE, BOARD_RAM_SIZE},
	.hv = {BOARD_RAM_BASE, BOARD_RESERVED_END - BOARD_RAM_BASE},
	.config_addr = BOARD_CONFIG_ADDR,
	.staging = {BOARD_STAGING_BASE, BOARD_RESERVED_END - BOARD_STAGING_BASE},
	.mmio = {0x0, BOARD_RAM_BASE},
	.uart_gpa = BOARD_UART_BASE,
	.uart_size = 0x1000,
	.uart_irq = BOARD_UART_IRQ,
    .uart_model = ZV_UART_NS16550,
    .uart_models = ZV_UART_BIT(ZV_UART_NS16550),
	.testdev_gpa = BOARD_TESTDEV_GPA,
	.testdev_size = 0x1000,
	.testdev_irq = BOARD_TESTDEV_IRQ,
	.virtio_gpa = BOARD_VIRTIO_GPA,
	.virtio_irq = BOARD_VIRTIO_IRQ,
	.disk_store = {BOARD_DISK_STORE, BOARD_DISK_STORE_SIZE},
	.emulated = {{"plic", BOARD_PLIC_BASE, BOARD_PLIC_SIZE}}, /* vplic.c */
	.hv_devices = {{BOARD_UART_BASE, 0x1000},
		       {BOARD_PLIC_BASE, BOARD_PLIC_SIZE},
		       {BOARD_CLINT_BASE, 0x10000},
		       {BOARD_SSWI_BASE, 0x4000},
		       {BOARD_TEST_BASE, 0x1000}},
	.hv_irqs = {BOARD_UART_IRQ},
};
