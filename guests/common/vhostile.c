/* SPDX-License-Identifier: MIT */
/*
 * The hostile virtio driver (configs/<board>/vhostile.dts). Zone
 * "vhostile" (id 0) drives the virtio-mmio transport of its virtio-blk,
 * virtio-console and virtio-net devices by hand and breaks, one at a time,
 * every rule docs/virtio.md names; zone "victim" (this program, id
 * VICTIM_ID) is its peer on network "lan0" and answers every frame it
 * receives with "ack:<tag>"; zone "beat" must keep its heartbeat.
 *
 * Each attack prints "VATTACK <name>: trying", then either
 * "VATTACK <name>: PASS <what>" when the device answered as the policy
 * says (NEEDS_RESET and the config interrupt, a status byte, a dropped
 * frame, an ignored write...) or "VATTACK <name>: FAIL <what>". The
 * hypervisor's own line about a refusal comes between the two (the tests
 * check it). No attack stops the zone: the virtio policy never does.
 *
 * The driver helpers are in guests/vhostile/vdrv.c, the network attacks
 * and the victim in guests/vhostile/net.c.
 */
#include "../vhostile/vdrv.h"

static void attack_baseline(void)
{
	const char *name = "blk-baseline-get-id";

	if (!start(name))
		return;
	blk_chain(BLK_GET_ID, 0, gpa(data), 20, D_WRITE);
	blk_answered(name, BLK_S_OK);
	g_printf("VATTACK %s: id %s\n", name, str_eq(data, "zv-vhostile") ? "zv-vhostile" : "?");
}

static void attacks_buffers(void)
{
	u64 end = ram_base() + RAM_SIZE;

	blk_bad_buffer("desc-outside-ram", GUEST_UNMAPPED_GPA, 512);
	blk_bad_buffer("desc-into-hypervisor", GUEST_HV_HPA, 512);
	blk_bad_buffer("desc-into-sibling", GUEST_SIBLING_HPA, 512);
	blk_bad_buffer("desc-into-device-window", slot(SLOT_BLK), 512);
	blk_bad_buffer("desc-across-ram-end", end - 256, 512);
	blk_bad_buffer("length-near-4g", ram_base(), 0xfffffe00u);
	blk_bad_buffer("address-wraps", ~0ULL - 255, 512);
	/* A good buffer first, then one into the hypervisor: the whole chain
	 * is refused before any byte moves (data[] keeps its 0xaa). */
	if (start("partial-chain-into-hypervisor")) {
		blk_chain(BLK_IN, 0, gpa(data), 512, D_WRITE);
		q_desc(&bq, 1, gpa(data), 512, D_WRITE | D_NEXT, 3);
		q_desc(&bq, 3, GUEST_HV_HPA, 512, D_WRITE | D_NEXT, 2);
		blk_refused("partial-chain-into-hypervisor");
	}
}

static void attacks_chains(void)
{
	if (start("chain-loop")) {
		blk_chain(BLK_IN, 0, gpa(data), 512, D_WRITE);
		q_desc(&bq, 2, gpa(&blk_status), 1, D_WRITE | D_NEXT, 1); /* 0 1 2 1 2 ... */
		blk_refused("chain-loop");
	}
	if (start("chain-self-loop")) {
		blk_chain(BLK_IN, 0, gpa(data), 512, D_WRITE);
		q_desc(&bq, 0, gpa(&hdr), sizeof(hdr), D_NEXT, 0);
		blk_refused("chain-self-loop");
	}
	if (start("next-out-of-range")) {
		blk_chain(BLK_IN, 0, gpa(data), 512, D_WRITE);
		q_desc(&bq, 1, gpa(data), 512, D_WRITE | D_NEXT, 0xffff);
		blk_refused("next-out-of-range");
	}
	if (start("head-out-of-range")) {
		u16 used = q_used(&bq);
		bool ok;

		blk_chain(BLK_IN, 0, gpa(data), 512, D_WRITE);
		bq.m->avail[2 + bq.next_avail % QN] = 200;
		fence();
		bq.m->avail[1] = ++bq.next_avail;
		fence();
		wr(bq.dev, R_NOTIFY, 0);
		ok = needs_reset(bq.dev) && q_used(&bq) == used && blk_status == 0xee;
		verdict("head-out-of-range", ok, ok ? "NEEDS_RESET" : "not refused");
	}
	if (start("avail-index-runaway")) {
		u16 used = q_used(&bq);
		bool ok;

		blk_chain(BLK_IN, 0, gpa(data), 512, D_WRITE);
		bq.next_avail += 200; /* 200 entries "available" in a queue of 8 */
		bq.m->avail[1] = bq.next_avail;
		fence();
		wr(bq.dev, R_NOTIFY, 0);
		ok = needs_reset(bq.dev) && q_used(&bq) == used && blk_status == 0xee;
		verdict("avail-index-runaway", ok, ok ? "NEEDS_RESET" : "not refused");
	}
	if (start("readable-after-writable")) {
		blk_chain(BLK_OUT, 0, gpa(data), 512, 0);
		q_desc(&bq, 0, gpa(&hdr), sizeof(hdr), D_WRITE | D_NEXT, 1);
		blk_refused("readable-after-writable");
	}
}

/* Features the device never offers, and descriptor layouts that come
 * with them. */
static void attacks_features(void)
{
	u64 dev = slot(SLOT_BLK);
	u32 st;
	u16 used;
	bool ok;

	trying("indirect-negotiated");
	st = dev_begin(dev, F_VERSION_1 | F_INDIRECT);
	wr(dev, R_STATUS, st | S_DRIVER_OK);
	st = rd(dev, R_STATUS);
	ok = !(st & (S_FEATURES_OK | S_DRIVER_OK));
	g_printf("VATTACK indirect-negotiated: status 0x%x\n", (u64)st);
	verdict("indirect-negotiated", ok, ok ? "FEATURES_OK and DRIVER_OK refused" : "accepted");

	trying("packed-negotiated");
	st = dev_begin(dev, F_VERSION_1 | F_PACKED);
	used = 0;
	/* A queue and a chain anyway: the device must not work. */
	q_init(&bq, dev, 0, &rings[0]);
	wr(dev, R_STATUS, st | S_DRIVER_OK);
	st = rd(dev, R_STATUS);
	blk_chain(BLK_GET_ID, 0, gpa(data), 20, D_WRITE);
	q_offer(&bq, 0);
	ok = !(st & (S_FEATURES_OK | S_DRIVER_OK)) && q_used(&bq) == used && blk_status == 0xee;
	g_printf("VATTACK packed-negotiated: status 0x%x\n", (u64)st);
	verdict("packed-negotiated", ok, ok ? "refused, no request served" : "accepted");

	if (start("indirect-descriptor")) {
		blk_chain(BLK_IN, 0, gpa(data), 512, D_WRITE);
		/* An indirect table of one descriptor, pointing at data. */
		q_desc(&bq, 4, gpa(data), 512, D_WRITE, 0);
		q_desc(&bq, 1, gpa(&bq.m->desc[4]), 16, D_INDIRECT | D_NEXT, 2);
		blk_refused("indirect-descriptor");
	}
	if (start("packed-layout-descriptor")) {
		/* A packed-ring descriptor {addr, len, id, flags} in the split
		 * table: id 1 reads as NEXT, flags AVAIL|USED as next 0x8080. */
		blk_chain(BLK_IN, 0, gpa(data), 512, D_WRITE);
		q_desc(&bq, 0, gpa(&hdr), sizeof(hdr), 1, 0x8080);
		blk_refused("packed-layout-descriptor");
	}
}

/* Rings a queue may not have: each QueueReady=1 must be refused. */
static void ring_refused(const char *name, u32 num, u64 d, u64 a, u64 u)
{
	u64 dev = slot(SLOT_BLK);
	bool ok;

	trying(name);
	if (!(dev_begin(dev, F_VERSION_1) & S_FEATURES_OK)) {
		verdict(name, false, "bring-up failed");
		return;
	}
	q_regs(dev, 0, num, d, a, u);
	wr(dev, R_QREADY, 1);
	ok = rd(dev, R_QREADY) == 0 && needs_reset(dev);
	verdict(name, ok, ok ? "QueueReady stays 0, NEEDS_RESET" : "queue accepted");
}

static void attacks_rings(void)
{
	struct ring_mem *m = &rings[0];
	u64 end = ram_base() + RAM_SIZE;
	u64 d = gpa(m->desc), a = gpa(m->avail), u = gpa(&m->used);

	ring_refused("used-ring-into-hypervisor", QN, d, a, GUEST_HV_HPA);
	ring_refused("used-ring-into-sibling", QN, d, a, GUEST_SIBLING_HPA);
	ring_refused("used-ring-across-ram-end", QN, d, a, end - 16);
	ring_refused("used-ring-in-device-window", QN, d, a, slot(SLOT_NET));
	ring_refused("avail-ring-outside-ram", QN, d, GUEST_UNMAPPED_GPA, u);
	ring_refused("avail-ring-into-hypervisor", QN, d, GUEST_HV_HPA, u);
	ring_refused("desc-table-into-sibling", QN, GUEST_SIBLING_HPA, a, u);
	ring_refused("used-ring-misaligned", QN, d, a, u + 2);
	ring_refused("queue-size-not-power-of-two", 6, d, a, u);
	ring_refused("queue-size-too-large", 256, d, a, u);
}

static void attack_notify_storm(void)
{
	const char *name = "notify-storm";
	u64 t0, t1;
	bool ok;

	if (!start(name))
		return;
	t0 = g_arch_time();
	for (u32 i = 0; i < 20000; i++)
		wr(bq.dev, R_NOTIFY, i & 1 ? 0 : 0xffffffffu - i);
	t1 = g_arch_time();
	/* The device still serves a request, and was never failed. */
	blk_chain(BLK_GET_ID, 0, gpa(data), 20, D_WRITE);
	q_offer(&bq, 0);
	ok = !(rd(bq.dev, R_STATUS) & S_NEEDS_RESET) && q_used(&bq) == 1 && blk_status == 0;
	g_printf("VATTACK %s: 20000 notifies in %u ms\n", name,
		 (t1 - t0) / (GUEST_TIMER_HZ / 1000));
	verdict(name, ok, ok ? "device serves on" : "device broken");
}

/* A running queue's registers are not rewritten; the device goes on
 * with the rings it checked. */
static void attack_reconfig(void)
{
	const char *name = "queue-reconfig-live";
	u64 dev = slot(SLOT_BLK), d = gpa(bq.m->desc);
	bool ok;

	if (!start(name))
		return;
	q_regs(dev, 0, 2, GUEST_HV_HPA, GUEST_SIBLING_HPA, GUEST_UNMAPPED_GPA);
	wr(dev, R_QREADY, 1);
	wr(dev, R_DRV_FEAT_SEL, 0);
	wr(dev, R_DRV_FEAT, (u32)F_INDIRECT); /* after FEATURES_OK: ignored */
	blk_chain(BLK_GET_ID, 0, gpa(data), 20, D_WRITE);
	q_offer(&bq, 0);
	wr(dev, R_QSEL, 0);
	ok = rd(dev, R_QDESC) == (u32)d && rd(dev, R_QDESC + 4) == (u32)(d >> 32) &&
	     rd(dev, R_QREADY) == 1 && q_used(&bq) == 1 && blk_status == BLK_S_OK &&
	     !(rd(dev, R_STATUS) & S_NEEDS_RESET);
	verdict(name, ok, ok ? "registers kept, rings unchanged, device serves" : "queue moved");

	name = "queue-select-beyond";
	trying(name);
	wr(dev, R_QSEL, 7);
	q_regs(dev, 7, QN, GUEST_HV_HPA, GUEST_HV_HPA, GUEST_HV_HPA);
	wr(dev, R_QREADY, 1);
	wr(dev, R_NOTIFY, 7);
	ok = rd(dev, R_QNUM_MAX) == 0 && rd(dev, R_QREADY) == 0 &&
	     !(rd(dev, R_STATUS) & S_NEEDS_RESET);
	verdict(name, ok, ok ? "no such queue, nothing happened" : "queue 7 exists");

	/* Stop the queue, move it into the hypervisor, start it again. */
	name = "queue-moved-while-stopped";
	if (!start(name))
		return;
	wr(dev, R_QREADY, 0);
	q_regs(dev, 0, QN, GUEST_HV_HPA, gpa(bq.m->avail), gpa(&bq.m->used));
	wr(dev, R_QREADY, 1);
	ok = rd(dev, R_QREADY) == 0 && needs_reset(dev);
	verdict(name, ok, ok ? "QueueReady stays 0, NEEDS_RESET" : "queue accepted");
}

/* Config space past its end and registers at other widths. */
static void attack_config(void)
{
	const char *name = "config-space-out-of-bounds";
	u64 blk = slot(SLOT_BLK), con = slot(SLOT_CON);
	u64 cap, junk = 0;
	bool ok;

	if (!start(name))
		return;
	cap = mmio_r64(blk + R_CONFIG);
	/* blk's config space is 32 bytes: everything past it reads 0. */
	for (u32 off = 32; off < 0x100; off += 4)
		junk |= rd(blk, R_CONFIG + off);
	junk |= mmio_r64(blk + R_CONFIG + 0xf8);
	junk |= mmio_r8(blk + R_CONFIG + 0xff);
	for (u32 off = 0; off < 0x100; off += 4)
		wr(blk, R_CONFIG + off, 0xffffffff);
	mmio_w64(blk + R_CONFIG + 0xf8, ~0ULL);
	mmio_w64(blk + R_CONFIG, 0); /* capacity is read-only */
	/* Registers at widths other than 4 read 0 and are ignored. */
	junk |= mmio_r8(blk + R_MAGIC) | mmio_r16(blk + R_MAGIC) | mmio_r64(blk + R_MAGIC);
	mmio_w8(blk + R_STATUS, 0);
	mmio_w64(blk + R_QSEL, ~0ULL);
	/* The console's config is 12 bytes: past it, even emerg_wr's
	 * neighbours print nothing. */
	junk |= mmio_r32(con + R_CONFIG + 12) | mmio_r64(con + R_CONFIG + 8);
	mmio_w32(con + R_CONFIG + 12, 'X');
	mmio_w64(con + R_CONFIG + 0xf8, 'Y');
	ok = !junk && mmio_r64(blk + R_CONFIG) == cap && cap == (8ULL << 20) / 512 &&
	     rd(blk, R_STATUS) == (S_ACK | S_DRIVER | S_FEATURES_OK | S_DRIVER_OK) &&
	     mmio_r32(blk + R_MAGIC) == 0x74726976 && !exceptions;
	g_printf("VATTACK %s: capacity %u sectors, stray bits 0x%x\n", name, cap, junk);
	verdict(name, ok, ok ? "reads 0, writes ignored, device intact" : "leaked or changed");
}

/* The per-request policy of virtio-blk: answered, with a status. */
static void attacks_blk_requests(void)
{
	u64 big = ram_base() + 0x400000; /* 5 MiB of the zone's own RAM */

	if (start("blk-sector-past-end")) {
		blk_chain(BLK_IN, (8ULL << 20) / 512, gpa(data), 512, D_WRITE);
		blk_answered("blk-sector-past-end", BLK_S_IOERR);
	}
	if (start("blk-sector-overflow")) {
		blk_chain(BLK_OUT, ~0ULL >> 8, gpa(data), 512, 0);
		blk_answered("blk-sector-overflow", BLK_S_IOERR);
	}
	if (start("blk-request-over-4m")) {
		blk_chain(BLK_IN, 0, big, 5u << 20, D_WRITE);
		blk_answered("blk-request-over-4m", BLK_S_IOERR);
	}
	if (start("blk-partial-sector")) {
		blk_chain(BLK_IN, 0, gpa(data), 100, D_WRITE);
		blk_answered("blk-partial-sector", BLK_S_IOERR);
	}
	if (start("blk-unknown-type")) {
		blk_chain(0x7fffffff, 0, gpa(data), 512, D_WRITE);
		blk_answered("blk-unknown-type", BLK_S_UNSUPP);
	}
	if (start("blk-no-status-byte")) {
		blk_chain(BLK_IN, 0, gpa(data), 512, D_WRITE);
		q_desc(&bq, 0, gpa(&hdr), sizeof(hdr), 0, 0); /* header only */
		blk_refused("blk-no-status-byte");
	}
}

/* The console: a transmit buffer in the hypervisor fails the device. */
static void attack_console(void)
{
	const char *name = "console-tx-into-hypervisor";
	u64 dev = slot(SLOT_CON);
	u16 used;
	bool ok;

	trying(name);
	if (!(dev_begin(dev, F_VERSION_1) & S_FEATURES_OK) || !q_init(&cq, dev, 1, &rings[3])) {
		verdict(name, false, "bring-up failed");
		return;
	}
	wr(dev, R_STATUS, S_ACK | S_DRIVER | S_FEATURES_OK | S_DRIVER_OK);
	used = q_used(&cq);
	q_desc(&cq, 0, GUEST_HV_HPA, 64, 0, 0);
	q_offer(&cq, 0);
	ok = needs_reset(dev) && q_used(&cq) == used;
	verdict(name, ok, ok ? "NEEDS_RESET, nothing printed" : "not refused");
	wr(dev, R_STATUS, 0);
}

void guest_main(void)
{
	u64 id = 0;

	g_arch_init();
	g_arch_hypercall(HC_ZONE_ID, 0, 0, 0, 0, &id);
	if (id == VICTIM_ID) {
		victim_main();
	} else {
		g_printf("VHOSTILE start\n");
		attack_baseline();
		attacks_buffers();
		attacks_chains();
		attacks_features();
		attacks_rings();
		attack_notify_storm();
		attack_reconfig();
		attack_config();
		attacks_blk_requests();
		attack_console();
		attacks_net();
		g_printf("VHOSTILE DONE passed %u failed %u exceptions %u\n", (u64)passed,
			 (u64)failed, (u64)exceptions);
	}
	for (;;)
		g_arch_wait();
}
