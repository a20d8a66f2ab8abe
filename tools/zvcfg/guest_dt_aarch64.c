/* SPDX-License-Identifier: MIT */
/*
 * Guest device trees for zones on aarch64 boards: what the hypervisor's
 * aarch64 port shows a zone. vCPU i has MPIDR Aff1.Aff0 = i / 16, i % 16
 * and is started with PSCI over HVC; the GICv3 is the zone's emulated
 * distributor plus one redistributor per vCPU at QEMU virt's addresses;
 * the guest's timer is the EL1 virtual timer (PPI 11 = INTID 27); the
 * console is the board's UART model (a PL011 as on QEMU virt, or a 16550
 * where the zone asks for "ns16550") and interrupt numbers in the zone
 * table are GIC INTIDs (SPI n = INTID 32 + n).
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <libfdt.h>

#include <zv/config.h>

#include <board_facts/qemu-aarch64-virt.h>

#include "guest_dt_aarch64.h"
#include "guest_dt_util.h"

/* The guest view the port implements: the GIC's windows are the board's
 * (src/platform/qemu-aarch64-virt/board.mk), the rest QEMU virt's. */
#define A64_UART_CLOCK 3686400
#define A64_GIC_PHANDLE 1
#define A64_PCLK_PHANDLE 2
#define A64_PCLK_HZ 24000000 /* QEMU virt's "clk24mhz" */

/* Interrupt specifier cells: type (0 SPI, 1 PPI), number, flags. */
#define GIC_SPI 0
#define GIC_PPI 1
#define IRQ_LEVEL_HIGH 4

static int prop_irq(void *fdt, uint32_t type, uint32_t num)
{
	fdt32_t cells[3] = {cpu_to_fdt32(type), cpu_to_fdt32(num), cpu_to_fdt32(IRQ_LEVEL_HIGH)};

	return fdt_property(fdt, "interrupts", cells, sizeof(cells));
}

static int a64_gen_cpus(void *fdt, const struct zv_zone_cfg *z)
{
	TRY(fdt_begin_node(fdt, "cpus"));
	TRY(fdt_property_u32(fdt, "#address-cells", 1));
	TRY(fdt_property_u32(fdt, "#size-cells", 0));
	for (uint32_t i = 0; i < z->nr_cpus; i++) {
		uint32_t mpidr = ((i / 16) << 8) | (i % 16);

		TRY(begin_node_at(fdt, "cpu", mpidr));
		TRY(fdt_property_string(fdt, "device_type", "cpu"));
		TRY(fdt_property_string(fdt, "compatible", "arm,armv8"));
		TRY(fdt_property_u32(fdt, "reg", mpidr));
		TRY(fdt_property_string(fdt, "enable-method", "psci"));
		TRY(fdt_end_node(fdt));
	}
	return fdt_end_node(fdt);
}

static int a64_gen_psci(void *fdt)
{
	static const char compat[] = "arm,psci-1.0\0arm,psci-0.2";

	TRY(fdt_begin_node(fdt, "psci"));
	TRY(fdt_property(fdt, "compatible", compat, sizeof(compat)));
	TRY(fdt_property_string(fdt, "method", "hvc"));
	return fdt_end_node(fdt);
}

/* Secure, non-secure physical, virtual and hypervisor timer PPIs (13, 14,
 * 11, 10): the binding wants all four; an EL1 guest uses the virtual one. */
static int a64_gen_timer(void *fdt)
{
	static const uint32_t ppis[] = {13, 14, 11, 10};
	fdt32_t cells[3 * 4];

	for (int i = 0; i < 4; i++) {
		cells[3 * i] = cpu_to_fdt32(GIC_PPI);
		cells[3 * i + 1] = cpu_to_fdt32(ppis[i]);
		cells[3 * i + 2] = cpu_to_fdt32(IRQ_LEVEL_HIGH);
	}
	TRY(fdt_begin_node(fdt, "timer"));
	TRY(fdt_property_string(fdt, "compatible", "arm,armv8-timer"));
	TRY(fdt_property(fdt, "interrupts", cells, sizeof(cells)));
	return fdt_end_node(fdt);
}

static int a64_gen_gic(void *fdt, const struct zv_zone_cfg *z)
{
	fdt64_t reg[4] = {
	    cpu_to_fdt64(BOARD_GICD_BASE),
	    cpu_to_fdt64(BOARD_GICD_SIZE),
	    cpu_to_fdt64(BOARD_GICR_BASE),
	    cpu_to_fdt64(BOARD_GICR_STRIDE * z->nr_cpus),
	};

	TRY(begin_node_at(fdt, "interrupt-controller", BOARD_GICD_BASE));
	TRY(fdt_property_string(fdt, "compatible", "arm,gic-v3"));
	TRY(fdt_property_u32(fdt, "#interrupt-cells", 3));
	TRY(fdt_property(fdt, "interrupt-controller", NULL, 0));
	TRY(fdt_property_u32(fdt, "#redistributor-regions", 1));
	TRY(fdt_property(fdt, "reg", reg, sizeof(reg)));
	TRY(fdt_property_u32(fdt, "phandle", A64_GIC_PHANDLE));
	return fdt_end_node(fdt);
}

/* An emulated device on an SPI; 'irq' is its GIC INTID. */
static int a64_gen_device(void *fdt, const char *name, const char *compat, uint64_t base,
			  uint64_t size, uint32_t irq)
{
	TRY(begin_node_at(fdt, name, base));
	TRY(fdt_property_string(fdt, "compatible", compat));
	TRY(prop_reg64(fdt, base, size));
	TRY(prop_irq(fdt, GIC_SPI, irq - 32));
	if (!strcmp(name, "serial"))
		TRY(fdt_property_u32(fdt, "clock-frequency", A64_UART_CLOCK));
	return fdt_end_node(fdt);
}

/* The PL011's clock: one fixed clock drives both its UART clock and its bus
 * clock, "apb_pclk", which Linux's AMBA bus enables before it reads the
 * PrimeCell ID registers. */
static int a64_gen_pclk(void *fdt)
{
	TRY(fdt_begin_node(fdt, "apb-pclk"));
	TRY(fdt_property_string(fdt, "compatible", "fixed-clock"));
	TRY(fdt_property_u32(fdt, "#clock-cells", 0));
	TRY(fdt_property_u32(fdt, "clock-frequency", A64_PCLK_HZ));
	TRY(fdt_property_string(fdt, "clock-output-names", "clk24mhz"));
	TRY(fdt_property_u32(fdt, "phandle", A64_PCLK_PHANDLE));
	return fdt_end_node(fdt);
}

static int a64_gen_pl011(void *fdt, uint64_t base, uint64_t size, uint32_t irq)
{
	static const char compat[] = "arm,pl011\0arm,primecell";
	static const char names[] = "uartclk\0apb_pclk";
	fdt32_t clocks[2] = {cpu_to_fdt32(A64_PCLK_PHANDLE), cpu_to_fdt32(A64_PCLK_PHANDLE)};

	TRY(a64_gen_pclk(fdt));
	TRY(begin_node_at(fdt, "serial", base));
	TRY(fdt_property(fdt, "compatible", compat, sizeof(compat)));
	TRY(prop_reg64(fdt, base, size));
	TRY(prop_irq(fdt, GIC_SPI, irq - 32));
	TRY(fdt_property(fdt, "clocks", clocks, sizeof(clocks)));
	TRY(fdt_property(fdt, "clock-names", names, sizeof(names)));
	return fdt_end_node(fdt);
}

static int a64_gen_uart(void *fdt, const struct zv_board *b, const struct zv_zone_cfg *z)
{
	switch (config_uart_model(b, z->devices)) {
	case ZV_UART_PL011:
		return a64_gen_pl011(fdt, b->uart_gpa, b->uart_size, b->uart_irq);
	case ZV_UART_NS16550:
		return a64_gen_device(fdt, "serial", "ns16550a", b->uart_gpa, 0x100, b->uart_irq);
	default:
		return 0; /* none, or one config_check() refuses */
	}
}

static int a64_virtio_irq(void *fdt, const struct zv_zone_cfg *z, uint32_t irq)
{
	(void)z;
	return prop_irq(fdt, GIC_SPI, irq - 32);
}

int gen_aarch64(void *fdt, const struct zv_board *b, const struct zv_zone_cfg *z)
{
	TRY(fdt_property_u32(fdt, "interrupt-parent", A64_GIC_PHANDLE));
	TRY(a64_gen_cpus(fdt, z));
	TRY(a64_gen_psci(fdt));
	TRY(a64_gen_timer(fdt));
	TRY(gen_memory(fdt, z));
	TRY(a64_gen_gic(fdt, z));
	TRY(a64_gen_uart(fdt, b, z));
	if (z->devices & ZV_DEV_TESTDEV)
		TRY(a64_gen_device(fdt, "zonevisor-testdev", "zonevisor,testdev", b->testdev_gpa,
				   b->testdev_size, b->testdev_irq));
	TRY(gen_virtio_nodes(fdt, b, z, a64_virtio_irq));
	/* Passthrough regions get no nodes: the zone description names only
	 * addresses, not what the device is. */
	return gen_chosen(fdt, b, z, "", true);
}
