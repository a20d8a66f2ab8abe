/* SPDX-License-Identifier: MIT */
/* The struct zv_board fields every board states the same way: each
 * board's board.mk (and board.h) names its facts BOARD_NR_CPUS,
 * BOARD_RAM_BASE, ... alike, so its board.c writes them with
 * ZV_BOARD_FIELDS and adds only what differs (name, interrupt numbering,
 * device window, UART models, emulated and reserved devices). */
#ifndef ZV_PLATFORM_BOARD_FIELDS_H
#define ZV_PLATFORM_BOARD_FIELDS_H

#define ZV_BOARD_FIELDS                                                                            \
	.nr_cpus = BOARD_NR_CPUS, .page_size = 0x1000, .gpa_bits = BOARD_GPA_BITS,                 \
	.ram = {BOARD_RAM_BASE, BOARD_RAM_SIZE},                                                   \
	.hv = {BOARD_RAM_BASE, BOARD_RESERVED_END - BOARD_RAM_BASE},                               \
	.config_addr = BOARD_CONFIG_ADDR,                                                          \
	.staging = {BOARD_STAGING_BASE, BOARD_RESERVED_END - BOARD_STAGING_BASE},                  \
	.uart_irq = BOARD_UART_IRQ, .testdev_gpa = BOARD_TESTDEV_GPA, .testdev_size = 0x1000,      \
	.testdev_irq = BOARD_TESTDEV_IRQ, .virtio_gpa = BOARD_VIRTIO_GPA,                          \
	.virtio_irq = BOARD_VIRTIO_IRQ, .disk_store = {BOARD_DISK_STORE, BOARD_DISK_STORE_SIZE},   \
	.hv_irqs = {BOARD_UART_IRQ}

#endif
