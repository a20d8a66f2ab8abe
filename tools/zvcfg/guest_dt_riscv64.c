/* SPDX-License-Identifier: MIT */
/*
 * Guest device trees for zones on riscv64 boards: what the hypervisor's
 * riscv64 port shows a zone. vCPUs with their local interrupt controllers,
 * the emulated PLIC (contexts 2i and 2i+1 for vCPU i's M- and S-mode) and
 * the emulated devices under /soc.
 */
#include <stdint.h>
#include <string.h>

#include <libfdt.h>

#include <zv/config.h>

#include <board_facts/qemu-riscv64-virt.h>

#include "guest_dt_riscv64.h"
#include "guest_dt_util.h"

/* QEMU riscv64 virt facts the guest sees (the PLIC is emulated); the
 * board's own are in its board.mk. Source 0 is no source: ndev counts the
 * others. */
#define RV_PLIC_NDEV (BOARD_PLIC_SOURCES - 1)
#define RV_UART_CLOCK 3686400
#define RV_IRQ_M_EXT 11
#define RV_IRQ_S_EXT 9

/* Phandles: vCPU i's interrupt controller is i + 1, the PLIC follows. */
static uint32_t rv_intc_phandle(uint32_t cpu)
{
	return cpu + 1;
}

/*
 * The extensions a vCPU offers: the board's CPU (QEMU's rv64 default) has
 * them all, and each works in VS-mode with no exit. Unprivileged ones
 * (zba/zbb/zbs, zihintpause) need nothing; sstc and zicboz need henvcfg.STCE
 * and henvcfg.CBZE, which the hypervisor sets (src/arch/riscv64/cpu.c);
 * svvptc is a promise of the hardware TLB that lets Linux drop the
 * sfence.vma after every page it maps (without it, one per page fault).
 */
#define RV_ISA_EXTS "i\0m\0a\0f\0d\0c\0zicboz\0zicntr\0zicsr\0zifencei\0zihintpause\0" \
		    "zihpm\0zba\0zbb\0zbs\0sstc\0svvptc"
#define RV_ISA_STRING "rv64imafdc_zicboz_zicntr_zicsr_zifencei_zihintpause_zihpm_zba_zbb_zbs_" \
		      "sstc_svvptc"
#define RV_CBOZ_BLOCK_SIZE 64

static int rv_gen_cpu(void *fdt, uint32_t i)
{
	static const char exts[] = RV_ISA_EXTS;

	TRY(begin_node_at(fdt, "cpu", i));
	TRY(fdt_property_string(fdt, "device_type", "cpu"));
	TRY(fdt_property_u32(fdt, "reg", i));
	TRY(fdt_property_string(fdt, "status", "okay"));
	TRY(fdt_property_string(fdt, "compatible", "riscv"));
	TRY(fdt_property_string(fdt, "riscv,isa", RV_ISA_STRING));
	TRY(fdt_property_string(fdt, "riscv,isa-base", "rv64i"));
	TRY(fdt_property(fdt, "riscv,isa-extensions", exts, sizeof(exts)));
	TRY(fdt_property_u32(fdt, "riscv,cboz-block-size", RV_CBOZ_BLOCK_SIZE));
	TRY(fdt_property_string(fdt, "mmu-type", "riscv,sv39"));
	TRY(fdt_begin_node(fdt, "interrupt-controller"));
	TRY(fdt_property_string(fdt, "compatible", "riscv,cpu-intc"));
	TRY(fdt_property_u32(fdt, "#interrupt-cells", 1));
	TRY(fdt_property(fdt, "interrupt-controller", NULL, 0));
	TRY(fdt_property_u32(fdt, "phandle", rv_intc_phandle(i)));
	TRY(fdt_end_node(fdt));
	return fdt_end_node(fdt);
}

static int rv_gen_cpus(void *fdt, const struct zv_zone_cfg *z)
{
	TRY(fdt_begin_node(fdt, "cpus"));
	TRY(fdt_property_u32(fdt, "#address-cells", 1));
	TRY(fdt_property_u32(fdt, "#size-cells", 0));
	TRY(fdt_property_u32(fdt, "timebase-frequency", BOARD_TIMEBASE_HZ));
	for (uint32_t i = 0; i < z->nr_cpus; i++)
		TRY(rv_gen_cpu(fdt, i));
	return fdt_end_node(fdt);
}

/* PLIC contexts 2i and 2i+1 are vCPU i's M- and S-mode, as in QEMU's tree. */
static int rv_gen_plic(void *fdt, const struct zv_zone_cfg *z, uint32_t phandle)
{
	fdt32_t ext[ZV_MAX_VCPUS * 4];

	for (uint32_t i = 0; i < z->nr_cpus; i++) {
		ext[4 * i + 0] = cpu_to_fdt32(rv_intc_phandle(i));
		ext[4 * i + 1] = cpu_to_fdt32(RV_IRQ_M_EXT);
		ext[4 * i + 2] = cpu_to_fdt32(rv_intc_phandle(i));
		ext[4 * i + 3] = cpu_to_fdt32(RV_IRQ_S_EXT);
	}
	TRY(begin_node_at(fdt, "plic", BOARD_PLIC_BASE));
	TRY(fdt_property(fdt, "compatible", "sifive,plic-1.0.0\0riscv,plic0",
			 sizeof("sifive,plic-1.0.0\0riscv,plic0")));
	TRY(prop_reg64(fdt, BOARD_PLIC_BASE, BOARD_PLIC_SIZE));
	TRY(fdt_property_u32(fdt, "#address-cells", 0));
	TRY(fdt_property_u32(fdt, "#interrupt-cells", 1));
	TRY(fdt_property(fdt, "interrupt-controller", NULL, 0));
	TRY(fdt_property_u32(fdt, "riscv,ndev", RV_PLIC_NDEV));
	TRY(fdt_property(fdt, "interrupts-extended", ext, z->nr_cpus * 4 * sizeof(ext[0])));
	TRY(fdt_property_u32(fdt, "phandle", phandle));
	return fdt_end_node(fdt);
}

static int rv_gen_device(void *fdt, const char *name, const char *compat, uint64_t base,
			 uint64_t size, uint32_t irq, uint32_t plic)
{
	TRY(begin_node_at(fdt, name, base));
	TRY(fdt_property_string(fdt, "compatible", compat));
	TRY(prop_reg64(fdt, base, size));
	TRY(fdt_property_u32(fdt, "interrupts", irq));
	TRY(fdt_property_u32(fdt, "interrupt-parent", plic));
	if (!strcmp(name, "serial"))
		TRY(fdt_property_u32(fdt, "clock-frequency", RV_UART_CLOCK));
	return fdt_end_node(fdt);
}

static int rv_virtio_irq(void *fdt, const struct zv_zone_cfg *z, uint32_t irq)
{
	TRY(fdt_property_u32(fdt, "interrupts", irq));
	return fdt_property_u32(fdt, "interrupt-parent", rv_intc_phandle(z->nr_cpus));
}

static int rv_gen_soc(void *fdt, const struct zv_board *b, const struct zv_zone_cfg *z)
{
	uint32_t plic = rv_intc_phandle(z->nr_cpus);

	TRY(fdt_begin_node(fdt, "soc"));
	TRY(fdt_property_string(fdt, "compatible", "simple-bus"));
	TRY(fdt_property_u32(fdt, "#address-cells", 2));
	TRY(fdt_property_u32(fdt, "#size-cells", 2));
	TRY(fdt_property(fdt, "ranges", NULL, 0));
	TRY(rv_gen_plic(fdt, z, plic));
	if (z->devices & ZV_DEV_UARTS)
		TRY(rv_gen_device(fdt, "serial", "ns16550a", b->uart_gpa, 0x100, b->uart_irq, plic));
	if (z->devices & ZV_DEV_TESTDEV)
		TRY(rv_gen_device(fdt, "zonevisor-testdev", "zonevisor,testdev", b->testdev_gpa,
				  b->testdev_size, b->testdev_irq, plic));
	TRY(gen_virtio_nodes(fdt, b, z, rv_virtio_irq));
	return fdt_end_node(fdt);
}

int gen_riscv64(void *fdt, const struct zv_board *b, const struct zv_zone_cfg *z)
{
	TRY(rv_gen_cpus(fdt, z));
	TRY(gen_memory(fdt, z));
	TRY(rv_gen_soc(fdt, b, z));
	return gen_chosen(fdt, b, z, "/soc", true);
}
