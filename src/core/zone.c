/* SPDX-License-Identifier: MIT */
/* Zones: built once from the checked zone table; started, stopped and
 * restarted as units. Nothing here allocates: every zone, vCPU and device
 * model is a static slot. */
#include <zv/arch.h>
#include <zv/board.h>
#include <zv/chan.h>
#include <zv/console.h>
#include <zv/lib.h>
#include <zv/rng.h>
#include <zv/testdev.h>
#include <zv/virtio_cfg.h>
#include <zv/virtio_zone.h>
#include <zv/zone.h>

#include "zone_int.h"

struct zone zones[ZV_MAX_ZONES];
u32 nr_zones;
const struct zv_config *zv_config;

static struct testdev zone_testdevs[ZV_MAX_ZONES];

const char *zone_name(const struct zone *z)
{
	return z->cfg->name;
}

bool zone_gpa_to_hpa(const struct zone *z, u64 gpa, u64 size, u64 *hpa)
{
	for (u32 i = 0; i < z->cfg->nr_ram; i++) {
		const struct zv_region *r = &z->cfg->ram[i];

		if (gpa >= r->gpa && gpa - r->gpa <= r->size && size <= r->size - (gpa - r->gpa)) {
			*hpa = r->hpa + (gpa - r->gpa);
			return true;
		}
	}
	return false;
}

bool zone_owns_irq(const struct zone *z, u32 irq)
{
	for (u32 i = 0; i < z->cfg->nr_irqs; i++)
		if (z->cfg->irqs[i] == irq)
			return true;
	return false;
}

bool zone_sees_irq(const struct zone *z, u32 irq)
{
	const struct zv_zone_cfg *c = z->cfg;

	if ((c->devices & ZV_DEV_UARTS) && irq == zv_board.uart_irq)
		return true;
	if ((c->devices & ZV_DEV_TESTDEV) && irq == zv_board.testdev_irq)
		return true;
	if (virtio_cfg_owns_irq(&zv_board, c, irq))
		return true;
	return zone_owns_irq(z, irq) || chan_doorbell_owned(z, irq);
}

struct zone *zone_of_irq(u32 irq)
{
	for (u32 i = 0; i < nr_zones; i++)
		if (zone_owns_irq(&zones[i], irq))
			return &zones[i];
	return NULL;
}

/* Stage-2 rights of each memory kind: a ROM is mapped without write, so a
 * guest store there is a stage-2 fault, which stops the zone. */
static u32 zone_mem_rights(u32 kind)
{
	return kind == ZV_MEM_ROM ? S2_READ | S2_EXEC : S2_RWX;
}

const char *zone_gpa_meaning(struct zone *z, u64 gpa)
{
	const struct zv_zone_cfg *c = z->cfg;
	struct mmio_dev *d = mmio_find(z, gpa, 1);
	u64 hpa;

	if (zone_gpa_to_hpa(z, gpa, 1, &hpa))
		return "in zone RAM";
	if (d)
		return d->name ? d->name : "an emulated device";
	if (chan_gpa_in(z, gpa))
		return "a channel region";
	for (u32 i = 0; i < c->nr_passthru; i++)
		if (gpa - c->passthru[i].gpa < c->passthru[i].size)
			return "a passthrough device";
	return "outside the zone";
}

bool zone_msg_ok(struct zone *z)
{
	struct zone_msg_limit *m = &z->msg;
	u64 now = arch_time_ms(), earned;
	u32 dropped = 0;
	bool ok;

	spin_lock(&m->lock);
	earned = (now - m->stamp) / ZONE_MSG_INTERVAL_MS;
	if (earned >= ZONE_MSG_BURST - m->credit) {
		m->credit = ZONE_MSG_BURST;
		m->stamp = now;
	} else {
		m->credit += (u32)earned;
		m->stamp += earned * ZONE_MSG_INTERVAL_MS;
	}
	ok = m->credit > 0;
	if (ok) {
		m->credit--;
		dropped = m->dropped;
		m->dropped = 0;
	} else {
		m->dropped++;
	}
	spin_unlock(&m->lock);
	if (dropped)
		printk("zone %s: %u more messages about it suppressed\n", zone_name(z), dropped);
	return ok;
}

static int zone_map(struct zone *z)
{
	const struct zv_zone_cfg *c = z->cfg;
	int err = stage2_zone_init(z);

	for (u32 i = 0; !err && i < c->nr_ram; i++)
		err = s2_map(&z->s2, c->ram[i].gpa, c->ram[i].hpa, c->ram[i].size,
			     zone_mem_rights(c->ram_kind[i]));
	for (u32 i = 0; !err && i < c->nr_passthru; i++)
		err = s2_map(&z->s2, c->passthru[i].gpa, c->passthru[i].hpa, c->passthru[i].size,
			     S2_READ | S2_WRITE | S2_DEVICE);
	if (!err)
		err = chan_map_zone(z);
	return err ? err : arch_stage2_init(z);
}

static int zone_attach_devices(struct zone *z)
{
	const struct zv_board *b = &zv_board;
	int err = 0;

	if (z->cfg->devices & ZV_DEV_UARTS)
		err = zone_uart_attach(z);
	if (!err && (z->cfg->devices & ZV_DEV_TESTDEV))
		err = testdev_attach(z, &zone_testdevs[z->index], b->testdev_gpa, b->testdev_size,
				     b->testdev_irq);
	if (!err)
		err = virtio_zone_attach(z);
	return err;
}

int zone_init(struct zone *z, u32 index, const struct zv_zone_cfg *cfg, struct vcpu *vcpus)
{
	int err;

	z->index = index;
	z->cfg = cfg;
	z->state = ZONE_OFF;
	z->nr_vcpus = cfg->nr_cpus;
	z->msg.credit = ZONE_MSG_BURST;
	z->msg.stamp = arch_time_ms();
	for (u32 i = 0; i < cfg->nr_cpus; i++) {
		struct vcpu *v = &vcpus[cfg->cpus[i]];

		v->id = i;
		v->pcpu = cfg->cpus[i];
		v->zone = z;
		v->state = VCPU_OFF;
		z->vcpus[i] = v;
	}
	err = zone_map(z);
	if (!err)
		err = zone_attach_devices(z);
	if (!err)
		err = arch_zone_irq_init(z);
	return err;
}

static void zone_reset_devices(struct zone *z)
{
	if (z->uart)
		zone_uart_reset(z);
	console_zone_reset(z);
	chan_zone_reset(z);
	if (z->cfg->devices & ZV_DEV_TESTDEV)
		testdev_reset(&zone_testdevs[z->index]);
	virtio_zone_reset(z);
}

void zone_wipe(struct zone *z)
{
	zone_load_memory(z, false);
	zone_reset_devices(z);
}

static void zone_clear_exits(struct zone *z)
{
	for (u32 i = 0; i < z->nr_vcpus; i++)
		memset(z->vcpus[i]->exits_by, 0, sizeof(z->vcpus[i]->exits_by));
}

/* The zone's exits since it started, by class: what it cost. Printed once
 * its vCPUs are off, so the counts are final. */
static void zone_print_exits(const struct zone *z)
{
	u64 by[VCPU_EXIT_CLASSES] = {0};
	u64 all = 0;

	for (u32 i = 0; i < z->nr_vcpus; i++)
		for (u32 c = 0; c < VCPU_EXIT_CLASSES; c++)
			by[c] += z->vcpus[i]->exits_by[c];
	for (u32 c = 0; c < VCPU_EXIT_CLASSES; c++)
		all += by[c];
	printk("zone %s: %lu exits: port %lu (firmware calls, interrupts, waits), mmio %lu, "
	       "hypercall %lu, other %lu\n",
	       zone_name(z), all, by[VCPU_EXITS_PORT], by[VCPU_EXITS_MMIO],
	       by[VCPU_EXITS_HYPERCALL], by[VCPU_EXITS_OTHER]);
}

/* Make the zone ready to run: its configured images (load_images) or
 * what its memory holds now (an image its root loaded). */
static void zone_prepare(struct zone *z, bool load_images)
{
	zone_clear_exits(z);
	if (load_images) {
		zone_load_memory(z, true);
		zone_reset_devices(z);
		z->boot_initrd = (struct zone_initrd){z->cfg->image[ZV_IMG_INITRD].gpa,
						      z->cfg->image[ZV_IMG_INITRD].size};
	} else {
		zone_sync_memory(z);
		zone_reset_devices(z);
	}
	z->boots++;
	spin_lock(&z->lock);
	z->state = ZONE_RUNNING;
	spin_unlock(&z->lock);
}

static void zone_boot_vcpu_at(struct zone *z, u64 entry, u64 arg)
{
	if (zone_vcpu_start(z, 0, entry, arg)) {
		if (zone_msg_ok(z))
			printk("zone %s: vCPU 0 not started at 0x%lx\n", zone_name(z), entry);
		return;
	}
	/* make bench splits a zone's boot here: under QEMU's -icount the
	 * counter is the instructions retired since QEMU started. */
	printk("zone %s: loaded, vCPU 0 starts at %lu ms\n", zone_name(z), arch_time_ms());
}

static void zone_boot_vcpu(struct zone *z)
{
	zone_boot_vcpu_at(z, z->cfg->entry, z->cfg->image[ZV_IMG_DTB].gpa);
}

void zone_start(struct zone *z)
{
	zone_prepare(z, true);
	zone_boot_vcpu(z);
}

/* A stopped zone started by its root on another CPU: each of its vCPUs
 * drops the guest TLB entries of the last run on its own CPU first. */
static void zone_flush_remote(struct zone *z)
{
	for (u32 i = 0; i < z->nr_vcpus; i++)
		vcpu_kick(z->vcpus[i], VCPU_REQ_FLUSH);
}

void zone_start_stopped(struct zone *z, const struct zone_boot *loaded)
{
	zone_flush_remote(z);
	if (loaded) /* before vCPU 0's reset reads it (arch_linux_handoff) */
		z->boot_initrd = loaded->initrd;
	zone_prepare(z, !loaded);
	if (loaded)
		zone_boot_vcpu_at(z, loaded->entry, loaded->arg);
	else
		zone_boot_vcpu(z);
}

/* At boot every zone is loaded and marked running before any vCPU starts,
 * so an early fault in one zone never sees the others as down. */
void zone_load_all(void)
{
	chan_init();
	for (u32 i = 0; i < nr_zones; i++) {
		if (zones[i].cfg->flags & ZV_ZONE_BOOT_STOPPED) {
			zones[i].state = ZONE_STOPPED; /* until its root starts it */
			printk("zone %s stays stopped at boot: its root starts it\n",
			       zone_name(&zones[i]));
		} else {
			zone_prepare(&zones[i], true);
		}
	}
}

void zone_boot_all(void)
{
	for (u32 i = 0; i < nr_zones; i++)
		if (zones[i].state == ZONE_RUNNING)
			zone_boot_vcpu(&zones[i]);
}

void zone_start_all(void)
{
	zone_load_all();
	zone_boot_all();
}

/* Every start of a vCPU comes here (boot, restart, SBI HSM, PSCI CPU_ON,
 * the LoongArch mailbox, HC_VCPU_START). The zone lock orders it against
 * a stop or restart: once the zone has left ZONE_RUNNING no vCPU of it
 * leaves the off state until the next boot starts vCPU 0, so the waits
 * in zone_halt_vcpus() end and a restart boots at the configured entry. */
int zone_vcpu_start(struct zone *z, u64 id, u64 entry, u64 arg)
{
	struct vcpu *v;
	u64 hpa;
	int err = 0;

	if (id >= z->nr_vcpus)
		return -ZV_EINVAL;
	if (!zone_gpa_to_hpa(z, arch_entry_gpa(entry), 4, &hpa))
		return -ZV_EFAULT;
	v = z->vcpus[id];
	spin_lock(&z->lock);
	/* Off is left only here, under the lock: v stays off meanwhile. */
	if (z->state != ZONE_RUNNING || v->state != VCPU_OFF) {
		err = -ZV_EBUSY;
	} else {
		v->start_entry = entry;
		v->start_arg = arg;
		__atomic_store_n(&v->state, VCPU_STARTING, __ATOMIC_RELEASE);
	}
	spin_unlock(&z->lock);
	if (!err)
		vcpu_kick(v, VCPU_REQ_START);
	return err;
}

void zone_vcpu_off(struct vcpu *v)
{
	struct zone *z = v->zone;
	bool running;

	spin_lock(&z->lock);
	running = z->state == ZONE_RUNNING;
	if (running)
		v->state = VCPU_OFF;
	spin_unlock(&z->lock);
	/* The zone is going down: whoever took it down saw v not off after
	 * its state change and has posted (or will post) VCPU_REQ_STOP;
	 * taking it here leaves no stale request to stop v in the next run. */
	while (!running && v->state != VCPU_OFF)
		vcpu_handle_requests();
}

static bool zone_all_down(void)
{
	for (u32 i = 0; i < nr_zones; i++)
		if (zones[i].state == ZONE_RUNNING || zones[i].state == ZONE_RESTARTING)
			return false;
	return true;
}

/* Take every vCPU of z off its CPU; the caller's own vCPU (if it is one of
 * z's) is marked off directly, the others are asked and waited for. The
 * zone has left ZONE_RUNNING, so none of them can be started meanwhile
 * (zone_vcpu_start()) and the waits end. */
static void zone_halt_vcpus(struct zone *z)
{
	struct vcpu *self = vcpu_current();

	for (u32 i = 0; i < z->nr_vcpus; i++) {
		struct vcpu *v = z->vcpus[i];

		if (v == self)
			v->state = VCPU_OFF;
		else if (v->state != VCPU_OFF)
			vcpu_kick(v, VCPU_REQ_STOP);
	}
	for (u32 i = 0; i < z->nr_vcpus; i++)
		while (z->vcpus[i]->state != VCPU_OFF)
			vcpu_handle_requests();
}

/* Only one stop or restart runs at a time, and only from ZONE_RUNNING:
 * true if the caller's is that one. A vCPU whose stop or restart lost
 * (another vCPU faulted, reset or stopped the zone at the same time) only
 * turns itself off. */
static bool zone_go_down(struct zone *z, enum zone_state to)
{
	struct vcpu *self = vcpu_current();
	bool won;

	spin_lock(&z->lock);
	won = z->state == ZONE_RUNNING;
	if (won)
		z->state = to;
	spin_unlock(&z->lock);
	if (!won && self && self->zone == z)
		zone_vcpu_off(self);
	return won;
}

bool zone_stop(struct zone *z, const char *why)
{
	if (!zone_go_down(z, ZONE_STOPPED))
		return false;
	printk("zone %s stopped: %s\n", zone_name(z), why);
	zone_halt_vcpus(z);
	zone_print_exits(z);
	console_zone_reset(z);
	if (zone_all_down()) {
		printk("all zones are down, powering off\n");
		arch_poweroff();
	}
	return true;
}

/* A guest can restart its zone over and over: its two lines are one
 * message to the rate limit. */
void zone_restart(struct zone *z, const char *why)
{
	bool say;

	if (!zone_go_down(z, ZONE_RESTARTING))
		return;
	say = zone_msg_ok(z);
	if (say)
		printk("zone %s restarting: %s\n", zone_name(z), why);
	zone_halt_vcpus(z);
	if (say)
		zone_print_exits(z);
	arch_stage2_flush(z);
	zone_start(z);
}
