/* SPDX-License-Identifier: MIT */
/*
 * Guest device trees for zones on loongarch64 boards: what the
 * hypervisor's LVZ port shows a zone (src/arch/loongarch64/virq.c). The
 * interrupt hierarchy is the virt board's: the CPU interrupt controller
 * (ESTAT.IS lines), an EIOINTC in IOCSR space on its HWI1 line (cell 3 =
 * ESTAT.IS bit 3), and a PCH-PIC at 0x10000000 whose inputs are the zone's
 * interrupt numbers. Secondary vCPUs start through the IPI mailboxes, so
 * the cpu nodes need no enable-method. The initrd is passed in the EFI
 * table of the boot hand-off, not in /chosen. Power-off and reboot are the
 * board's ACPI GED sleep-control and reset registers, which the port
 * emulates per zone: described as a byte-wide syscon with syscon-poweroff
 * and syscon-reboot nodes, which Linux drives without ACPI.
 */
#include <stdint.h>
#include <stdio.h>

#include <libfdt.h>

#include <board_facts/qemu-loongarch64-virt.h>

#include "guest_dt_loongarch64.h"
#include "guest_dt_util.h"

/* The guest view the port implements: the PCH-PIC and GED windows are the
 * board's (src/platform/qemu-loongarch64-virt/board.mk), the rest
 * Loongson's and QEMU virt's. */
#define LA_EIOINTC_IOCSR 0x1400ULL
#define LA_EIOINTC_SIZE 0x800ULL
#define LA_EIOINTC_PARENT_LINE 3 /* HWI1 */
#define LA_UART_CLOCK 100000000
#define LA_IRQ_LEVEL_HIGH 4

enum { PH_CPUIC = 1, PH_EIOINTC, PH_PCH_PIC, PH_GED };

static int la_gen_cpus(void *fdt, const struct zv_zone_cfg *z)
{
	TRY(fdt_begin_node(fdt, "cpus"));
	TRY(fdt_property_u32(fdt, "#address-cells", 1));
	TRY(fdt_property_u32(fdt, "#size-cells", 0));
	for (uint32_t i = 0; i < z->nr_cpus; i++) {
		TRY(begin_node_at(fdt, "cpu", i));
		TRY(fdt_property_string(fdt, "device_type", "cpu"));
		TRY(fdt_property_string(fdt, "compatible", "loongarch,Loongson-3A5000"));
		TRY(fdt_property_u32(fdt, "reg", i));
		TRY(fdt_end_node(fdt));
	}
	return fdt_end_node(fdt);
}

static int la_gen_intc(void *fdt)
{
	TRY(fdt_begin_node(fdt, "cpuic"));
	TRY(fdt_property_string(fdt, "compatible", "loongson,cpu-interrupt-controller"));
	TRY(fdt_property(fdt, "interrupt-controller", NULL, 0));
	TRY(fdt_property_u32(fdt, "#interrupt-cells", 1));
	TRY(fdt_property_u32(fdt, "phandle", PH_CPUIC));
	TRY(fdt_end_node(fdt));

	TRY(begin_node_at(fdt, "eiointc", LA_EIOINTC_IOCSR));
	TRY(fdt_property_string(fdt, "compatible", "loongson,ls2k2000-eiointc"));
	TRY(fdt_property(fdt, "interrupt-controller", NULL, 0));
	TRY(fdt_property_u32(fdt, "#interrupt-cells", 1));
	TRY(fdt_property_u32(fdt, "interrupt-parent", PH_CPUIC));
	TRY(fdt_property_u32(fdt, "interrupts", LA_EIOINTC_PARENT_LINE));
	TRY(prop_reg64(fdt, LA_EIOINTC_IOCSR, LA_EIOINTC_SIZE));
	TRY(fdt_property_u32(fdt, "phandle", PH_EIOINTC));
	TRY(fdt_end_node(fdt));

	TRY(begin_node_at(fdt, "platic", BOARD_PCH_PIC_BASE));
	TRY(fdt_property_string(fdt, "compatible", "loongson,pch-pic-1.0"));
	TRY(prop_reg64(fdt, BOARD_PCH_PIC_BASE, BOARD_PCH_PIC_SIZE));
	TRY(fdt_property(fdt, "interrupt-controller", NULL, 0));
	TRY(fdt_property_u32(fdt, "#interrupt-cells", 2));
	TRY(fdt_property_u32(fdt, "interrupt-parent", PH_EIOINTC));
	TRY(fdt_property_u32(fdt, "loongson,pic-base-vec", 0));
	TRY(fdt_property_u32(fdt, "phandle", PH_PCH_PIC));
	return fdt_end_node(fdt);
}

/* An emulated device on PCH-PIC input 'irq'. */
static int la_gen_device(void *fdt, const char *name, const char *compat, uint64_t base,
			 uint64_t size, uint32_t irq, uint32_t clock)
{
	fdt32_t cells[2] = {cpu_to_fdt32(irq), cpu_to_fdt32(LA_IRQ_LEVEL_HIGH)};

	TRY(begin_node_at(fdt, name, base));
	TRY(fdt_property_string(fdt, "compatible", compat));
	TRY(prop_reg64(fdt, base, size));
	TRY(fdt_property(fdt, "interrupts", cells, sizeof(cells)));
	TRY(fdt_property_u32(fdt, "interrupt-parent", PH_PCH_PIC));
	if (clock)
		TRY(fdt_property_u32(fdt, "clock-frequency", clock));
	return fdt_end_node(fdt);
}

/* A syscon-poweroff or syscon-reboot node writing value at offset of the GED. */
static int la_gen_sys_off(void *fdt, const char *name, const char *compat, uint32_t offset,
			  uint32_t value)
{
	TRY(fdt_begin_node(fdt, name));
	TRY(fdt_property_string(fdt, "compatible", compat));
	TRY(fdt_property_u32(fdt, "regmap", PH_GED));
	TRY(fdt_property_u32(fdt, "offset", offset));
	TRY(fdt_property_u32(fdt, "value", value));
	return fdt_end_node(fdt);
}

/* Linux creates platform devices only for top-level nodes (and children of
 * simple-bus/simple-mfd), so poweroff and reboot sit beside the syscon. */
static int la_gen_power(void *fdt)
{
	TRY(begin_node_at(fdt, "ged", BOARD_GED_BASE));
	TRY(fdt_property_string(fdt, "compatible", "syscon"));
	TRY(prop_reg64(fdt, BOARD_GED_BASE, BOARD_GED_SIZE));
	TRY(fdt_property_u32(fdt, "reg-io-width", 1)); /* byte registers at offsets 0 and 2 */
	TRY(fdt_property_u32(fdt, "phandle", PH_GED));
	TRY(fdt_end_node(fdt));
	TRY(la_gen_sys_off(fdt, "poweroff", "syscon-poweroff", BOARD_GED_SLEEP_CTL,
			   BOARD_GED_SLEEP_S5));
	return la_gen_sys_off(fdt, "reboot", "syscon-reboot", BOARD_GED_RESET_CTL, BOARD_GED_RESET);
}

static int la_virtio_irq(void *fdt, const struct zv_zone_cfg *z, uint32_t irq)
{
	fdt32_t cells[2] = {cpu_to_fdt32(irq), cpu_to_fdt32(LA_IRQ_LEVEL_HIGH)};

	(void)z;
	TRY(fdt_property(fdt, "interrupts", cells, sizeof(cells)));
	return fdt_property_u32(fdt, "interrupt-parent", PH_PCH_PIC);
}

int gen_loongarch64(void *fdt, const struct zv_board *b, const struct zv_zone_cfg *z)
{
	TRY(la_gen_cpus(fdt, z));
	TRY(gen_memory(fdt, z));
	TRY(la_gen_intc(fdt));
	TRY(la_gen_power(fdt));
	if (z->devices & ZV_DEV_UARTS)
		TRY(la_gen_device(fdt, "serial", "ns16550a", b->uart_gpa, b->uart_size, b->uart_irq,
				  LA_UART_CLOCK));
	if (z->devices & ZV_DEV_TESTDEV)
		TRY(la_gen_device(fdt, "zonevisor-testdev", "zonevisor,testdev", b->testdev_gpa,
				  b->testdev_size, b->testdev_irq, 0));
	TRY(gen_virtio_nodes(fdt, b, z, la_virtio_irq));
	return gen_chosen(fdt, b, z, "", false);
}
