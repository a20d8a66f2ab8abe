/* SPDX-License-Identifier: MIT */
#include <zv/board.h>

#include "board.h"

const struct zv_board zv_board_qemu_loongarch64_virt = {
	.name = "qemu-loongarch64-virt",
	.isa = "loongarch64",
	.nr_cpus = BOARD_NR_CPUS,
	.max_irq = BOARD_PCH_PIC_INPUTS - 1,
	.page_size = 0x1000,
	.gpa_bits = BOARD_GPA_BITS,
	.ram = {BOARD_RAM_BASE, BOARD_RAM_SIZE},
	.hv = {BOARD_RAM_BASE, BOARD_RESERVED_END - BOARD_RAM_BASE},
	.config_addr = BOARD_CONFIG_ADDR,
	.staging = {BOARD_STAGING_BASE, BOARD_RESERVED_END - BOARD_STAGING_BASE},
	.mmio = {BOARD_DEV_BASE, BOARD_DEV_END - BOARD_DEV_BASE},
	.uart_gpa = BOARD_UART_PHYS,
	.uart_size = 0x100,
	.uart_irq = BOARD_UART_IRQ,
    .uart_model = ZV_UART_NS16550,
    .uart_models = ZV_UART_BIT(ZV_UART_NS16550),
	.testdev_gpa = BOARD_TESTDEV_GPA,
	.testdev_size = 0x1000,
	.testdev_irq = BOARD_TESTDEV_IRQ,
	.virtio_gpa = BOARD_VIRTIO_GPA,
	.virtio_irq = BOARD_VIRTIO_IRQ,
	.disk_store = {BOARD_DISK_STORE, BOARD_DISK_STORE_SIZE},
	/* virq.c: PCH-PIC and the ACPI GED power registers (the EIOINTC and
	 * the IPIs are IOCSRs, outside the guest-physical space). */
	.emulated = {{"pch-pic", BOARD_PCH_PIC_BASE, BOARD_PCH_PIC_SIZE},
		     {"ged", BOARD_GED_BASE, BOARD_GED_SIZE}},
	.hv_devices = {{BOARD_UART_PHYS & ~0xfffUL, 0x1000},
		       {BOARD_PCH_PIC_BASE, BOARD_PCH_PIC_SIZE},
		       {BOARD_GED_BASE & ~0xfffUL, 0x1000}},
	.hv_irqs = {BOARD_UART_IRQ},
};
