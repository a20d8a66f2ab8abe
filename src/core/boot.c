/* SPDX-License-Identifier: MIT */
/* Boot flow: console, banner, zone table check, zones built, secondary
 * CPUs asked to start, zones loaded while they come up, zones started,
 * then every CPU enters its vCPU loop. */
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

/* Milliseconds between two start requests to a CPU that has not come up
 * (at least one: arch_time_ms() may tick right after the first read).
 * Counted in time, not in spins: under QEMU's -icount every spin of the
 * boot CPU is an instruction of the boot, and 4M spins per round cost a
 * LoongArch boot 55 M instructions for the two requests its CPUs lose. */
#define CPU_START_RETRY_MS 2

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

/* Ask every other CPU to start. Round 0 only reports a refusal. */
static void boot_request_cpus(u32 round)
{
	for (u32 c = 0; c < zv_board.nr_cpus; c++)
		if (!(__atomic_load_n(&cpus_online, __ATOMIC_ACQUIRE) & (1ULL << c)) &&
		    arch_cpu_start(c) && round == 0)
			printk("cpu %u did not start\n", c);
}

/*
 * Wait until every CPU asked by boot_request_cpus(0) is in the core. A
 * start request can be lost when it arrives before the CPU's firmware is
 * ready for it (QEMU loongarch's boot stub clears its mailbox when it
 * begins), so a CPU that stays away is asked again; a second request to
 * a CPU that is already on its way is harmless on every port (refused or
 * an extra IPI).
 */
static void boot_wait_cpus(void)
{
	u64 all = (zv_board.nr_cpus >= 64) ? ~0ULL : (1ULL << zv_board.nr_cpus) - 1;

	for (u32 round = 1;; round++) {
		for (u64 t0 = arch_time_ms(); arch_time_ms() - t0 < CPU_START_RETRY_MS;)
			if (__atomic_load_n(&cpus_online, __ATOMIC_ACQUIRE) == all)
				return;
		boot_request_cpus(round);
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
	/* The zones load while the other CPUs come up: waiting first made
	 * this CPU spin through their whole start, 4 M instructions under
	 * QEMU -icount on riscv64 and 41 M on loongarch64 (QEMU runs a
	 * secondary's boot stub only when the boot CPU's time slice ends,
	 * and requests sent before that are lost); the load fills that. */
	boot_request_cpus(0);
	zone_load_all();
	boot_wait_cpus();
	printk("%u cpus online, starting %u zones\n", zv_board.nr_cpus, nr_zones);
	zone_boot_all();
	vcpu_loop(cpu);
}

void zv_secondary(u32 cpu)
{
	arch_cpu_init(cpu);
	__atomic_or_fetch(&cpus_online, 1ULL << cpu, __ATOMIC_ACQ_REL);
	vcpu_loop(cpu);
}
