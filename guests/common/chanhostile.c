/* SPDX-License-Identifier: MIT */
/*
 * Channel attacks (configs/<board>/chanhostile.dts, docs/channels.md).
 * Zone id 200 is the victim: it serves channel 1 with the zvchan library
 * and prints "VICTIM alive N doorbells D private P" every 100 ms (P: its
 * doorbells on channel 3, which the attacker is not in). Any other id is
 * the attacker, the id selecting the attack, like guests/common/hostile.c:
 * 0 runs the attacks the hypervisor refuses or absorbs, each printing
 * "ATTACK <name>: DENIED" or "BREACH", then "CHANHOSTILE DONE"; 1 and 2
 * each try one store the hypervisor must stop the zone for.
 */
#include "guest.h"
#include "zvchan.h"

#define VICTIM_ID 200
#define BEAT_ID 100
#define CH_RING 1    /* attacker rw, victim rw */
#define CH_RO 2	     /* attacker ro, victim rw */
#define CH_PRIVATE 3 /* victim and beat only */

static struct zvchan ch;
static volatile u32 ticks, doorbells, private_doorbells;

static u32 chan_of_irq(u32 irq)
{
	return irq - GUEST_CHAN_DOORBELL + 1;
}

void g_irq(enum g_irq kind)
{
	u64 v;
	u32 irq;

	if (kind == G_IRQ_TIMER) {
		ticks++;
		g_arch_timer_set(g_arch_time() + GUEST_TIMER_HZ / 10);
	}
	if (kind != G_IRQ_EXT)
		return;
	while ((irq = g_arch_ext_claim()) != 0) {
		if (irq >= GUEST_CHAN_DOORBELL && irq <= GUEST_CHAN_DOORBELL + 2) {
			g_arch_hypercall(HC_CHAN_ACK, chan_of_irq(irq), 0, 0, 0, &v);
			if (chan_of_irq(irq) == CH_PRIVATE)
				private_doorbells++;
			else
				doorbells++;
		}
		g_arch_ext_complete(irq);
	}
}

void g_exception(u64 cause, u64 pc, u64 tval)
{
	g_printf("chanhostile: exception 0x%x at 0x%x (0x%x)\n", cause, pc, tval);
	g_park();
}

/* ---- the victim ---- */

static void victim(void)
{
	static u8 buf[256];
	u32 seen = 0;
	bool told = false;

	g_arch_timer_set(g_arch_time() + GUEST_TIMER_HZ / 10);
	g_arch_irq_enable(true);
	for (;;) {
		long n = zvchan_recv(&ch, buf, sizeof(buf));

		if (n == ZVCHAN_ECORRUPT && !told) {
			g_printf("VICTIM corrupt header detected (%u), still serving\n",
				 (u64)ch.corrupt);
			told = true;
		}
		if (ticks != seen) {
			seen = ticks;
			g_printf("VICTIM alive %u doorbells %u private %u\n", (u64)seen,
				 (u64)doorbells, (u64)private_doorbells);
		}
		if (n <= 0)
			g_arch_wait();
	}
}

/* ---- the attacker ---- */

static void report(const char *name, bool denied)
{
	g_printf("ATTACK %s: %s\n", name, denied ? "DENIED" : "BREACH");
}

static long hc(u64 nr, u64 a0, u64 a1, u64 *v)
{
	return g_arch_hypercall(nr, a0, a1, 0, 0, v);
}

static void attack_refused(void)
{
	u64 v = 0;

	report("ring-not-member", hc(HC_CHAN_RING, CH_PRIVATE, VICTIM_ID, &v) == -ZV_EPERM);
	report("ring-non-member-zone", hc(HC_CHAN_RING, CH_RING, BEAT_ID, &v) == -ZV_EINVAL);
	report("ring-unknown-channel", hc(HC_CHAN_RING, 77, VICTIM_ID, &v) == -ZV_EPERM);
	report("ack-not-member", hc(HC_CHAN_ACK, CH_PRIVATE, 0, &v) == -ZV_EPERM);
}

/* Ring the victim as fast as possible for about 2 s: the hypervisor must
 * coalesce (most rings find the doorbell pending) and the victim and the
 * sibling stay responsive (the test watches their lines). */
static void attack_storm(void)
{
	u64 end = g_arch_time() + 2 * GUEST_TIMER_HZ, v, rings = 0, coalesced = 0, errors = 0;

	while (g_arch_time() < end) {
		for (int i = 0; i < 256; i++, rings++) {
			v = 0;
			errors += hc(HC_CHAN_RING, CH_RING, VICTIM_ID, &v) != 0;
			coalesced += v == 1;
		}
	}
	g_printf("storm: %u rings, %u coalesced, %u errors\n", rings, coalesced, errors);
	report("doorbell-storm", !errors && coalesced * 2 > rings);
}

/* Point the ring's head (ours to write as its producer) far outside the
 * ring, and the reverse ring's tail too, then ring: the victim's library
 * must refuse both indices and go on. */
static void attack_header(void)
{
	volatile u8 *r = (volatile u8 *)GUEST_CHAN_GPA;
	u64 v;

	mmio_w32((u64)(uintptr_t)(r + ZVCHAN_OFF_HEAD), 0xfffffff0u);
	mmio_w32((u64)(uintptr_t)(r + GUEST_CHAN_SIZE / 2 + ZVCHAN_OFF_TAIL), 0x7fffffffu);
	report("corrupt-ring-header", hc(HC_CHAN_RING, CH_RING, VICTIM_ID, &v) == 0);
}

static void attack_fatal(u64 id)
{
	u64 where = id == 1 ? GUEST_CHAN_GPA + GUEST_CHAN_SIZE : GUEST_CHAN2_GPA;

	g_printf("ATTACK %s: trying\n",
		 id == 1 ? "write-beyond-region" : "write-read-only-channel");
	mmio_w32(where, 0xdeadbeef);
	g_printf("ATTACK: BREACH (store at 0x%x went through)\n", where);
}

static void attacker(u64 id)
{
	u64 t;

	if (id == 1 || id == 2) {
		attack_fatal(id);
		return;
	}
	/* The victim opens first: let it start (its lines show it). */
	t = g_arch_time() + GUEST_TIMER_HZ / 2;
	while (g_arch_time() < t)
		;
	attack_refused();
	attack_storm();
	attack_header();
	g_printf("CHANHOSTILE DONE\n");
}

void guest_main(void)
{
	u64 id = 0;

	g_arch_init();
	g_arch_hypercall(HC_ZONE_ID, 0, 0, 0, 0, &id);
	for (u32 i = 0; id == VICTIM_ID && i < 3; i++)
		g_arch_ext_enable(GUEST_CHAN_DOORBELL + i);
	zvchan_open(&ch, (void *)GUEST_CHAN_GPA, GUEST_CHAN_SIZE, id == VICTIM_ID, CH_RING,
		    id == VICTIM_ID ? 0 : VICTIM_ID);
	if (id == VICTIM_ID)
		victim();
	attacker(id);
	for (;;)
		g_arch_wait();
}
