/* SPDX-License-Identifier: MIT */
/*
 * The hostile guest: the zone's id selects the attack (the test suite
 * writes one zone description per attack). Attack 0 runs every attack the
 * hypervisor answers with an error or an injected fault, each reported as
 * "ATTACK <name>: DENIED" or "ATTACK <name>: BREACH"; ids 1-9 each try
 * one access the hypervisor must stop the zone for, then print "BREACH".
 * Ids 10-13 race a zone stop or restart on one vCPU against the other
 * vCPU starting it over and over (race_main()).
 */
#include "guest.h"

#ifndef GUEST_SIBLING_HPA
#define GUEST_SIBLING_HPA 0x89000000UL /* the heartbeat zone's host RAM */
#endif
#ifndef GUEST_HV_HPA
#define GUEST_HV_HPA BOARD_HV_BASE /* the hypervisor image (board.mk) */
#endif
#ifndef GUEST_UNASSIGNED_DEV
#define GUEST_UNASSIGNED_DEV 0x10001000UL /* virtio-mmio slot 0 */
#endif
#ifndef GUEST_RAM_SIZE
#define GUEST_RAM_SIZE 0x01000000UL
#endif

static volatile u32 exceptions;
static u64 rng = 0x2545f4914f6cdd1dULL;

static u64 rand64(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

void g_exception(u64 cause, u64 pc, u64 tval)
{
	exceptions++;
	g_arch_skip_insn();
}

static void race_secondary(void);

void guest_secondary(void)
{
	race_secondary();
	for (;;)
		g_arch_wait();
}

static void report(const char *name, bool denied)
{
	g_printf("ATTACK %s: %s\n", name, denied ? "DENIED" : "BREACH");
}

static bool hypervisor_alive(void)
{
	u64 v = 0;

	return g_arch_hypercall(HC_VERSION, 0, 0, 0, 0, &v) == 0 && v == ZV_VERSION;
}

static void attack_random_hypercalls(void)
{
	u64 v;

	for (int i = 0; i < 2000; i++) {
		u64 nr = rand64() % 64, a0 = rand64(), a1 = rand64() % 0x100000;

		if (nr == HC_CONSOLE_WRITE && a1 < 0x10000)
			a1 += 0x10000; /* keep the console quiet: too long */
		if (nr == HC_VCPU_STOP || nr == HC_VCPU_START)
			nr = HC_VCPU_STATE; /* would stop or restart the attacker itself */
		g_arch_hypercall(nr, a0, a1, rand64(), rand64(), &v);
	}
	report("random-hypercalls", hypervisor_alive());
}

static void attack_foreign_pointers(void)
{
	u64 v;
	bool ok =
	    g_arch_hypercall(HC_CONSOLE_WRITE, GUEST_SIBLING_HPA, 16, 0, 0, &v) < 0 &&
	    g_arch_hypercall(HC_CONSOLE_WRITE, GUEST_HV_HPA, 16, 0, 0, &v) < 0 &&
	    g_arch_hypercall(HC_CONSOLE_WRITE, ~0ULL - 8, 64, 0, 0, &v) < 0 &&
	    g_arch_hypercall(HC_CONSOLE_WRITE, (u64)(uintptr_t)&rng, 1ULL << 40, 0, 0, &v) < 0;

	report("hypercall-foreign-pointers", ok);
	ok = g_arch_fw_console_write(GUEST_SIBLING_HPA, 16) != 0 &&
	     g_arch_fw_console_write(GUEST_HV_HPA, 16) != 0 &&
	     g_arch_fw_console_write((u64)(uintptr_t)&rng, 1ULL << 40) != 0;
	report("firmware-foreign-pointers", ok);
}

static void attack_floods(void)
{
	u64 v;

	for (int i = 0; i < 20000; i++)
		g_arch_hypercall(HC_NULL, 0, 0, 0, 0, &v);
	report("hypercall-flood", hypervisor_alive());
	for (int i = 0; i < 5000; i++)
		g_arch_ipi_mask(1);
	report("ipi-flood", hypervisor_alive());
}

static void attack_cpus(void)
{
	bool ok = g_arch_ipi_mask(1UL << 5) != 0 && g_arch_ipi_mask(1UL << 63) != 0 &&
		  g_arch_cpu_start_at(3, 0x88000000) != 0 &&
		  g_arch_cpu_start_at(0, 0x88000000) != 0 &&
		  g_arch_cpu_start_at(1, GUEST_SIBLING_HPA) != 0;

	report("foreign-cpus", ok);
}

static void attack_irqc(void)
{
	report("irqc-unowned-source", g_arch_irqc_unowned_denied(GUEST_UNOWNED_IRQ));
	report("irqc-out-of-range-source", g_arch_irqc_unowned_denied(200));
}

static void attack_privileged(void)
{
	u32 before = exceptions;
	int n = 0;

	while (g_arch_priv_insn(n) == 0)
		n++;
	report("privileged-instructions", exceptions == before + (u32)n);
}

/* Lines dressed up as the hypervisor's or the sibling's, through the UART,
 * the hypercall console and the firmware console: a carriage return, ANSI
 * escapes and backspaces that would put the cursor back at the start of the
 * line, over this zone's tag. The console mux must show them escaped; the
 * test checks that, and that its harness takes none of them as real. */
static void attack_console_forgery(void)
{
	static const char call[] = "\r[zv] zone beat stopped: fault\r\n";
	u64 v;

	g_puts("forged \r[zv] zone beat stopped: fault\n");
	g_puts("\x1b[2K\x1b[1G[beat] heartbeat 424242\n");
	g_puts("\b\b\b\b\b\b\b\b\b\b[zv] zone beat stopped: fault\n");
	g_arch_hypercall(HC_CONSOLE_WRITE, (u64)(uintptr_t)call, sizeof(call) - 1, 0, 0, &v);
	g_arch_fw_console_write((u64)(uintptr_t)call, sizeof(call) - 1);
	g_printf("ATTACK console-forgery: sent\n");
}

static void nonfatal_attacks(void)
{
	attack_random_hypercalls();
	attack_foreign_pointers();
	attack_floods();
	attack_cpus();
	attack_irqc();
	attack_privileged();
	attack_console_forgery();
	g_printf("HOSTILE DONE\n");
}

/* Each of these must get the zone stopped. */
static void fatal_attack(u64 which)
{
	volatile u64 *sib = (volatile u64 *)GUEST_SIBLING_HPA;
	volatile u64 *hv = (volatile u64 *)GUEST_HV_HPA;
	volatile u32 *dev = (volatile u32 *)GUEST_UNASSIGNED_DEV;
	static const char *const names[] = {
	    "",
	    "read-sibling-ram",
	    "write-sibling-ram",
	    "read-hypervisor-ram",
	    "write-hypervisor-ram",
	    "unassigned-device",
	    "exec-sibling-ram",
	    "corrupt-vectors",
	    "corrupt-page-tables",
	    "page-table-in-device",
	};
	u64 va;

	if (which >= sizeof(names) / sizeof(names[0])) {
		g_printf("no attack %u\n", which);
		return;
	}
	g_printf("ATTACK %s: trying\n", names[which]);
	switch (which) {
	case 1:
		g_printf("read 0x%x\n", *sib);
		break;
	case 2:
		*sib = 0xbad;
		break;
	case 3:
		g_printf("read 0x%x\n", *hv);
		break;
	case 4:
		*hv = 0xbad;
		break;
	case 5:
		g_printf("read 0x%x\n", (u64)*dev);
		break;
	case 6:
		((void (*)(void))GUEST_SIBLING_HPA)();
		break;
	case 7:
		g_arch_set_vectors(GUEST_SIBLING_HPA);
		g_arch_priv_insn(4);
		break;
	case 8:
		g_arch_enable_paging(GUEST_SIBLING_HPA);
		break;
	case 9: /* a load whose page-table walk reads the emulated UART */
		va = g_arch_paging_via(GUEST_UART);
		if (!va) {
			g_printf("ATTACK %s: no hook\n", names[which]);
			return;
		}
		g_printf("read 0x%x\n", (u64) * (volatile u8 *)(uintptr_t)va);
		break;
	}
	g_printf("ATTACK %s: BREACH\n", names[which]);
}

/*
 * Lifecycle races. One vCPU (the "mover") stops its zone with a fault or
 * resets it, while the other (the "starter") keeps asking for the mover
 * to be started at g_secondary_start (HC_VCPU_START, and the firmware's
 * own start call in turn). The hypervisor must let no start slip in while
 * the zone goes down: a CPU waiting for that vCPU to stop would spin
 * forever, a stopped zone would run again, a restarted one would boot
 * where the starter said instead of the configured entry. Ids (first
 * RACE_FIRST): stop-race (the mover is vCPU 0), stop-race-reverse
 * (vCPU 1), reset-race, reset-race-reverse. The reset races repeat for
 * RACE_BOOTS boots, then power the zone off.
 */
#define RACE_FIRST 10
#define RACE_BOOTS 8

extern char g_secondary_start[];

static const char *const race_names[] = {"stop-race", "stop-race-reverse", "reset-race",
					 "reset-race-reverse"};
/* This run's state: zeroed at every boot (BSS), kept across a stop. */
static volatile u32 race_kind, race_mover, race_started, race_looping;
static volatile u32 race_entries[2];

static bool race_is_reset(void)
{
	return race_kind >= 2;
}

static const char *race_name(void)
{
	return race_names[race_kind];
}

/* The mover's act, once the starter is looping: never returns. */
static void race_move(void)
{
	while (!race_looping)
		;
	for (volatile int i = 0; i < 1000; i++)
		;
	if (race_is_reset())
		g_arch_reset();
	g_printf("read 0x%x\n", *(volatile u64 *)GUEST_SIBLING_HPA);
	g_printf("ATTACK %s: BREACH: the fault did not stop the zone\n", race_name());
	for (;;)
		g_arch_wait();
}

/* The starter: start the mover again and again. */
static void race_start_loop(u32 mover)
{
	u64 entry = (u64)(uintptr_t)g_secondary_start, v;

	race_looping = 1;
	for (u32 i = 0;; i++) {
		if (i & 1)
			g_arch_cpu_start_at(mover, entry);
		else
			g_arch_hypercall(HC_VCPU_START, mover, entry, mover, 0, &v);
	}
}

/* Either vCPU at g_secondary_start: vCPU 1 once per run as started by
 * race_main(); anything else is a start that got through the lifecycle. */
static void race_secondary(void)
{
	u32 cpu = g_arch_cpu_id();
	u64 id = 0;

	g_arch_hypercall(HC_ZONE_ID, 0, 0, 0, 0, &id);
	if (id < RACE_FIRST || cpu > 1)
		return;
	if (cpu == 0 || !race_started || ++race_entries[cpu] > 1) {
		g_printf("ATTACK %s: BREACH: vCPU %u started after its zone went down\n",
			 race_names[id - RACE_FIRST], (u64)cpu);
		return;
	}
	if (race_mover == 1)
		race_move();
	race_start_loop(0);
}

static void race_main(u64 id)
{
	u64 boots = 0;

	race_kind = (u32)(id - RACE_FIRST);
	race_mover = race_kind & 1;
	g_arch_hypercall(HC_ZONE_BOOTS, 0, 0, 0, 0, &boots);
	g_printf("ATTACK %s: boot %u at the configured entry\n", race_name(), boots);
	if (race_is_reset() && boots > RACE_BOOTS) {
		g_printf("ATTACK %s: DENIED\n", race_name());
		g_arch_shutdown();
	}
	race_started = 1;
	if (g_arch_cpu_start(1, guest_secondary) != 0)
		g_printf("ATTACK %s: vCPU 1 did not start\n", race_name());
	if (race_mover == 0)
		race_move();
	race_start_loop(1);
}

void guest_main(void)
{
	u64 id = 0;

	g_arch_init();
	g_arch_hypercall(HC_ZONE_ID, 0, 0, 0, 0, &id);
	if (id == 0)
		nonfatal_attacks();
	else if (id >= RACE_FIRST && id < RACE_FIRST + 4)
		race_main(id);
	else
		fatal_attack(id);
	for (;;)
		g_arch_wait();
}
