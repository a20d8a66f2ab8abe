/* SPDX-License-Identifier: MIT */
/* Boot flow: console, banner, zone table check, zones built and started,
 * secondary CPUs brought up, then every CPU enters its vCPU loop. */
#include <zv/arch.h>
#include <zv/board.h>
#include <zv/boot.h>
#include <zv/config.h>
#include <zv/console.h>
#include <zv/lib.h>
#include <zv/mgmt.h>
#include <zv/mgmt_port.h>
#include <zv/rng.h>
#include <zv/zone.h>

static volatile u64 cpus_online; /* bit per CPU that reached the core */

/* Spins between two start requests to a CPU that has not come up. */
#define CPU_START_RETRY_SPINS (1u << 22)

static void boot_report(void *ctx, const char *zone, const char *field, const char *msg)
{
	printk("config error: zone '%s': %s: %s\n", zone ? zone : "-", field, msg);
}

static const struct zv_config *boot_load_config(void)
{
	const struct zv_config *c = (const struct zv_config *)(uintptr_t)zv_board.config_addr;

	if (c->magic != ZV_CFG_MAGIC)
		panic("no zone table at 0x%lx (load it with zvcfg's qemu-args)\n",
		      (u64)zv_board.config_addr);
	if (config_check(c, &zv_board, boot_report, NULL))
		panic("zone table rejected, nothing booted\n");
	return c;
}

/* "gpa->hpa+size" of a RAM region, the size in MiB or, if not whole
 * MiB, in KiB. */
static void boot_fmt_region(char *buf, size_t len, const struct zv_region *r)
{
	bool mib = !(r->size & ((1ul << 20) - 1));

	snprintf(buf, len, "0x%lx->0x%lx+%lu%s", r->gpa, r->hpa, r->size >> (mib ? 20 : 10),
		 mib ? "M" : "K");
}

/* The zone table: one line per zone, then one per further RAM region. */
static void boot_print_zones(void)
{
	printk("%-4s %-12s %-10s %-26s %s\n", "id", "zone", "cpus", "ram (gpa->hpa)", "entry");
	for (u32 i = 0; i < nr_zones; i++) {
		const struct zv_zone_cfg *c = zones[i].cfg;
		char cpus[32], ram[64];
		int n = 0;

		for (u32 j = 0; j < c->nr_cpus; j++)
			n += snprintf(cpus + n, sizeof(cpus) - n, j ? ",%u" : "%u", c->cpus[j]);
		boot_fmt_region(ram, sizeof(ram), &c->ram[0]);
		printk("%-4u %-12s %-10s %-26s 0x%lx\n", c->id, c->name, cpus, ram, c->entry);
		for (u32 r = 1; r < c->nr_ram; r++) {
			boot_fmt_region(ram, sizeof(ram), &c->ram[r]);
			printk("%-4s %-12s %-10s %s\n", "", "", "", ram);
		}
	}
}

static void boot_zones(void)
{
	nr_zones = zv_config->nr_zones;
	for (u32 i = 0; i < nr_zones; i++) {
		int err = zone_init(&zones[i], i, &zv_config->zones[i], pcpu_vcpus);

		if (err)
			panic("zone %s: setup failed (%d)\n", zv_config->zones[i].name, err);
	}
	boot_print_zones();
	mgmt_boot();
	mgmt_port_boot();
}

/*
 * Start every other CPU and wait until all are in the core. A start request
 * can be lost when it arrives before the CPU's firmware is ready for it
 * (QEMU loongarch's boot stub clears its mailbox when it begins), so a CPU
 * that stays away is asked again; a second request to a CPU that is already
 * on its way is harmless on every port (refused or an extra IPI).
 */
static void boot_start_cpus(void)
{
	u64 all = (zv_board.nr_cpus >= 64) ? ~0ULL : (1ULL << zv_board.nr_cpus) - 1;

	for (u32 round = 0;; round++) {
		for (u32 c = 0; c < zv_board.nr_cpus; c++)
			if (!(cpus_online & (1ULL << c)) && arch_cpu_start(c) && round == 0)
				printk("cpu %u did not start\n", c);
		for (u32 spin = 0; spin < CPU_START_RETRY_SPINS; spin++)
			if (__atomic_load_n(&cpus_online, __ATOMIC_ACQUIRE) == all)
				return;
	}
}

void zv_main(u32 cpu)
{
	console_init();
	printk("zonevisor %s on %s (%s), boot cpu %u\n", "0.1", zv_board.name, zv_board.isa, cpu);
	arch_cpu_init(cpu);
	rng_boot();
	zv_config = boot_load_config();
	console_set_focus(zv_config->console_focus);
	boot_zones();
	__atomic_or_fetch(&cpus_online, 1ULL << cpu, __ATOMIC_ACQ_REL);
	boot_start_cpus();
	printk("%u cpus online, starting %u zones\n", zv_board.nr_cpus, nr_zones);
	zone_start_all();
	vcpu_loop(cpu);
}

void zv_secondary(u32 cpu)
{
	arch_cpu_init(cpu);
	__atomic_or_fetch(&cpus_online, 1ULL << cpu, __ATOMIC_ACQ_REL);
	vcpu_loop(cpu);
}
