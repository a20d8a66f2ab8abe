/* SPDX-License-Identifier: MIT */
#ifndef ZV_ZONE_H
#define ZV_ZONE_H

#include <arch/arch_types.h>
#include <zv/config_abi.h>
#include <zv/mmio.h>
#include <zv/spinlock.h>
#include <zv/stage2.h>
#include <zv/types.h>
#include <zv/vcpu.h>

enum zone_state { ZONE_OFF, ZONE_RUNNING, ZONE_STOPPED, ZONE_RESTARTING };

/* The budget of hypervisor messages a zone's guest can cause
 * (zone_msg_ok()). */
struct zone_msg_limit {
	spinlock_t lock;
	u32 credit;  /* messages that may be printed now */
	u32 dropped; /* suppressed since the last one printed */
	u64 stamp;   /* arch_time_ms() the credit was last refilled up to */
};

/* The initrd a boot's kernel is told of outside its tree (a port's Linux
 * hand-off, arch_linux_handoff()); size 0: none. */
struct zone_initrd {
	u64 gpa, size;
};

/* A boot of images the root loaded (zone_start_stopped): vCPU 0's pc and
 * argument (the tree's address), and the initrd. */
struct zone_boot {
	u64 entry, arg;
	struct zone_initrd initrd;
};

struct zone {
	u32 index; /* position in the zone table */
	const struct zv_zone_cfg *cfg;
	enum zone_state state;
	u32 nr_vcpus;
	struct vcpu *vcpus[ZV_MAX_VCPUS];
	u32 nr_mmio;
	struct mmio_dev mmio[ZONE_MAX_MMIO];
	void *uart;	/* the console UART's model state, NULL: none */
	u32 uart_model; /* which model it is: ZV_UART_* (zv/board.h) */
	u32 boots;	/* how often the zone was started */
	spinlock_t lock;
	struct zone_msg_limit msg;
	struct s2_table s2;		/* its stage-2 tables (zv/stage2.h) */
	struct zone_initrd boot_initrd; /* of this boot: configured or loaded */
	struct arch_zone arch;
};

extern struct zone zones[ZV_MAX_ZONES];
extern u32 nr_zones;
extern const struct zv_config *zv_config;

const char *zone_name(const struct zone *z);
/* Is [gpa, gpa+size) inside one memory region of the zone (RAM, flash or
 * ROM)? Then *hpa is where it lives. A ROM is read-only only to the guest:
 * nothing may write through *hpa on a guest's request (today's callers,
 * console writes, only read). */
bool zone_gpa_to_hpa(const struct zone *z, u64 gpa, u64 size, u64 *hpa);
bool zone_owns_irq(const struct zone *z, u32 irq);
/* An interrupt the zone's guest may see at its interrupt controller: a line
 * of one of its emulated devices (the board's UART, test device), a channel
 * doorbell (zv/chan.h) or one it owns (passthrough). The controller model
 * checks its own number range. */
bool zone_sees_irq(const struct zone *z, u32 irq);
/* The zone that owns physical interrupt 'irq', or NULL. */
struct zone *zone_of_irq(u32 irq);
/* What guest-physical address gpa is to the zone, for a fault's log: "in
 * zone RAM", the emulated device there, "a passthrough device" or
 * "outside the zone". */
const char *zone_gpa_meaning(struct zone *z, u64 gpa);
/* May the hypervisor print a message its guest caused (a restart, a
 * refused start, ...)? A zone gets ZONE_MSG_BURST at once and then one
 * per ZONE_MSG_INTERVAL_MS, so a guest that repeats the cause cannot
 * flood the console; the first message let through after others were
 * dropped is preceded by their count. Messages about a zone's stop are
 * not limited: it stays stopped. */
#define ZONE_MSG_BURST 20
#define ZONE_MSG_INTERVAL_MS 200
bool zone_msg_ok(struct zone *z);

/* At boot: zone 'index' from its checked config, with the vCPUs of its
 * CPUs taken from 'vcpus' (one per physical CPU: pcpu_vcpus), its memory
 * mapped and its devices and interrupt controller attached. */
int zone_init(struct zone *z, u32 index, const struct zv_zone_cfg *cfg, struct vcpu *vcpus);

/* Lifecycle (callable from any vCPU of the zone). A stop or restart runs
 * only from ZONE_RUNNING and one at a time: a second one, from another
 * vCPU at once, only turns the caller's vCPU off. */
void zone_start(struct zone *z);
/* At boot: load every zone, then start them. */
void zone_start_all(void);
/* The same in two steps: load every zone (its vCPUs stay off, no other
 * CPU is needed), then start their first vCPUs (on CPUs that are up). */
void zone_load_all(void);
void zone_boot_all(void);
/* zone_stop: false when another stop or restart ran instead (the zone was
 * not running). */
bool zone_stop(struct zone *z, const char *why);    /* stays down */
void zone_restart(struct zone *z, const char *why); /* scrub, reload, boot */
/* For the management service (src/core/mgmt.c), on a ZONE_STOPPED zone
 * from its root's CPU: scrub its memory and reset its devices; start it,
 * with its configured images (loaded NULL) or with what its memory holds
 * (an image the root loaded), as 'loaded' says. */
void zone_wipe(struct zone *z);
void zone_start_stopped(struct zone *z, const struct zone_boot *loaded);
/* Start vCPU 'id' of the zone at 'entry' with 'arg' (SBI HSM, PSCI CPU_ON,
 * HC_VCPU_START, IPI mailbox). Returns 0, -ZV_EINVAL (no such vCPU),
 * -ZV_EFAULT (the first instruction, at arch_entry_gpa(entry), is not in
 * the zone's RAM) or -ZV_EBUSY (the vCPU is not off, or the zone is not
 * running: it is going down), checked in that order; each caller maps
 * these to its interface's own codes. */
int zone_vcpu_start(struct zone *z, u64 id, u64 entry, u64 arg);
/* The caller's own vCPU v stops itself (SBI HSM stop, PSCI CPU_OFF,
 * HC_VCPU_STOP); while its zone goes down, once the stop request the
 * zone's stop or restart posts has been taken. */
void zone_vcpu_off(struct vcpu *v);

/* The zone's console UART, whichever model its devices name on this board
 * (src/core/dev/zone_uart.c): attach it at the board's UART address (it
 * registers its console input itself), reset it. */
int zone_uart_attach(struct zone *z);
void zone_uart_reset(struct zone *z);

#endif
