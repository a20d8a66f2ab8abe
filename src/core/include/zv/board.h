/* SPDX-License-Identifier: MIT */
/*
 * Board facts: what a platform offers (memory, CPUs, where the hypervisor
 * and the staged images live, emulated-device addresses). One const
 * instance per board in src/platform/<board>/board.c; the hypervisor links
 * its own, the host tool links all of them to check configs.
 */
#ifndef ZV_BOARD_H
#define ZV_BOARD_H

#include <zv/types.h>

struct zv_range {
	u64 base;
	u64 size;
};

/* A guest-physical window the port emulates in every zone. */
struct zv_window {
	const char *name; /* for messages: "plic", "gicd" */
	u64 base;
	u64 size;
};

/* Console UART models a board can offer its zones. */
enum zv_uart_model { ZV_UART_NONE, ZV_UART_NS16550, ZV_UART_PL011, ZV_UART_MODELS };
#define ZV_UART_BIT(m) (1u << (m))

struct zv_board {
	const char *name;
	const char *isa; /* "riscv64", "aarch64", "loongarch64" */
	u32 nr_cpus;
	u32 max_irq;		 /* highest interrupt number a zone may own */
	u32 min_virq;		 /* lowest a doorbell may take (0: 1; GIC: 32, an SPI) */
	u64 page_size;		 /* alignment required of every region */
	u32 gpa_bits;		 /* guest-physical space the port's stage 2 maps */
	struct zv_range ram;	 /* physical RAM given to QEMU (-m) */
	struct zv_range hv;	 /* reserved: firmware, hypervisor, config, staging */
	u64 config_addr;	 /* where the zone table is loaded */
	struct zv_range staging; /* where QEMU loads pristine guest images */
	struct zv_range mmio;	 /* device window passthrough regions must lie in */
	/* Emulated devices: guest-physical address, size and interrupt. The
	 * console UART is the model uart_model unless a zone names another of
	 * uart_models (ZV_UART_BIT each); every model uses the same address. */
	u64 uart_gpa, uart_size;
	u32 uart_irq;
	u32 uart_model;
	u32 uart_models;
	u64 testdev_gpa, testdev_size;
	u32 testdev_irq;
	/* virtio-mmio devices served by the hypervisor: slot i of a zone
	 * (enum zv_virtio_slot) at virtio_gpa + i * ZV_VIRTIO_SLOT_SIZE with
	 * interrupt virtio_irq + i. A window and lines no device of the
	 * board uses. */
	u64 virtio_gpa;
	u32 virtio_irq;
	/* Host RAM that holds the zones' virtio-blk disk images (QEMU loads
	 * them; no zone's memory may cover it). */
	struct zv_range disk_store;
	/* Windows every zone sees emulated whatever its devices (interrupt
	 * controllers, power registers): no zone region may cover them. */
	struct zv_window emulated[4];
	/* Physical devices the hypervisor keeps for itself. */
	struct zv_range hv_devices[6];
	u32 hv_irqs[4];
};

extern const struct zv_board zv_board;		 /* the board built in */
extern const struct zv_board *const zv_boards[]; /* host tool: all, NULL-ended */

#endif
