/* SPDX-License-Identifier: MIT */
/* Boot flow: console, banner, zone table check, zones built and started,
 * secondary CPUs brought up, then every CPU enters its vCPU loop. */
#include <zv/arch.h>
#include <zv/board.h>
#include <zv/boot.h>
#include <zv/config.h>
#include <zv/console.h>
#include <zv/lib.h>
#include <zv/zone.h>

extern struct vcpu pcpu_vcpus[];
int zone_init(struct zone *z, u32 index, const struct zv_zone_cfg *cfg, struct vcpu *pcpu_vcpus);

static volatile u32 cpus_online;

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

static void boot_print_zones(void)
{
	printk("%-4s %-12s %-10s %-24s %s\n", "id", "zone", "cpus", "ram (gpa->hpa)", "entry");
	for (u32 i = 0; i < nr_zones; i++) {
		const struct zv_zone_cfg *c = zones[i].cfg;
		char cpus[32];
		int n = 0;

		for (u32 j = 0; j < c->nr_cpus; j++)
			n += snprintf(cpus + n, sizeof(cpus) - n, j ? ",%u" : "%u", c->cpus[j]);
		printk("%-4u %-12s %-10s 0x%lx->0x%lx+%luM 0x%lx\n", c->id, c->name, cpus,
		       c->ram[0].gpa, c->ram[0].hpa, c->ram[0].size >> 20, c->entry);
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
}

void zv_main(u32 cpu)
{
	console_init();
	printk("zonevisor %s on %s (%s), boot cpu %u\n", "0.1", zv_board.name, zv_board.isa, cpu);
	arch_cpu_init(cpu);
	zv_config = boot_load_config();
	console_set_focus(zv_config->console_focus);
	boot_zones();
	__atomic_add_fetch(&cpus_online, 1, __ATOMIC_ACQ_REL);
	for (u32 c = 0; c < zv_board.nr_cpus; c++)
		if (c != cpu && arch_cpu_start(c))
			printk("cpu %u did not start\n", c);
	while (cpus_online < zv_board.nr_cpus)
		;
	printk("%u cpus online, starting %u zones\n", cpus_online, nr_zones);
	zone_start_all();
	vcpu_loop(cpu);
}

void zv_secondary(u32 cpu)
{
	arch_cpu_init(cpu);
	__atomic_add_fetch(&cpus_online, 1, __ATOMIC_ACQ_REL);
	vcpu_loop(cpu);
}
