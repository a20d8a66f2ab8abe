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
 */
#include "guest.h"

/* virtio-mmio registers and bits (virtio 1.2, 4.2.2, 2.1, 2.7). */
#define R_MAGIC 0x000
#define R_DEV_FEAT 0x010
#define R_DEV_FEAT_SEL 0x014
#define R_DRV_FEAT 0x020
#define R_DRV_FEAT_SEL 0x024
#define R_QSEL 0x030
#define R_QNUM_MAX 0x034
#define R_QNUM 0x038
#define R_QREADY 0x044
#define R_NOTIFY 0x050
#define R_INT_STATUS 0x060
#define R_INT_ACK 0x064
#define R_STATUS 0x070
#define R_QDESC 0x080
#define R_QDRIVER 0x090
#define R_QDEVICE 0x0a0
#define R_CONFIG 0x100
#define S_ACK 0x01
#define S_DRIVER 0x02
#define S_DRIVER_OK 0x04
#define S_FEATURES_OK 0x08
#define S_NEEDS_RESET 0x40
#define INT_CONFIG 0x2
#define F_INDIRECT (1ULL << 28)
#define F_VERSION_1 (1ULL << 32)
#define F_PACKED (1ULL << 34)
#define F_NET_MAC (1ULL << 5)
#define D_NEXT 1
#define D_WRITE 2
#define D_INDIRECT 4

#define SLOT_BLK 0
#define SLOT_CON 1
#define SLOT_NET 2
#define VICTIM_ID 300
#define QN 8		      /* entries of every queue this driver sets up */
#define RAM_SIZE 0x01000000UL /* every test zone: 16 MiB, 16 MiB aligned */
#define NET_HDR 12
#define RXBUF 4096 /* larger than any legal frame: an oversized one would fit */

#ifndef GUEST_SIBLING_HPA
#define GUEST_SIBLING_HPA 0x89000000UL /* the heartbeat zone's host RAM */
#endif
#ifndef GUEST_HV_HPA
#define GUEST_HV_HPA BOARD_HV_BASE
#endif

struct desc {
	u64 addr;
	u32 len;
	u16 flags, next;
};

struct used_elem {
	u32 id, len;
};

struct ring_mem {
	struct desc desc[QN];
	u16 avail[3 + QN];
	u16 pad[5];
	struct {
		u16 flags, idx;
		struct used_elem ring[QN];
		u16 event;
	} used __attribute__((aligned(4)));
} __attribute__((aligned(16)));

struct vq {
	u64 dev;
	u32 idx;
	struct ring_mem *m;
	u16 next_avail, used_seen;
};

struct blk_hdr {
	u32 type, reserved;
	u64 sector;
};

static struct ring_mem rings[4];
static struct vq bq, rxq, txq, cq;
static struct blk_hdr hdr __attribute__((aligned(16)));
static u8 data[4096] __attribute__((aligned(16)));
static volatile u8 blk_status;
static u8 rxbuf[QN][RXBUF] __attribute__((aligned(16)));
static u8 txbuf[NET_HDR + 2048] __attribute__((aligned(16)));
static u8 mac[6], peer[6];
static bool have_peer;
static volatile u32 exceptions;
static u32 passed, failed;

void g_irq(enum g_irq kind)
{
}

void g_exception(u64 cause, u64 pc, u64 tval)
{
	exceptions++;
	g_arch_skip_insn();
}

void guest_secondary(void)
{
	for (;;)
		g_arch_wait();
}

static u64 ram_base(void)
{
	/* The image is loaded at the start of the zone's only RAM region. */
	return (u64)(uintptr_t)&guest_main & ~(RAM_SIZE - 1);
}

static u64 slot(u32 s)
{
	return BOARD_VIRTIO_GPA + s * 0x200UL;
}

static u64 gpa(const volatile void *p)
{
	return (u64)(uintptr_t)p;
}

/* Not inlined: in a loop the compiler would use a post-indexed load or
 * store, which aarch64 reports without a syndrome (ESR ISV = 0), and the
 * hypervisor stops a zone whose MMIO access it cannot decode. */
static __attribute__((noinline)) u32 rd(u64 dev, u32 off)
{
	return mmio_r32(dev + off);
}

static __attribute__((noinline)) void wr(u64 dev, u32 off, u32 v)
{
	mmio_w32(dev + off, v);
}

static __attribute__((noinline)) u8 rd8(u64 a)
{
	return mmio_r8(a);
}

static void fence(void)
{
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
}

static void pause_ms(u64 ms)
{
	u64 end = g_arch_time() + GUEST_TIMER_HZ / 1000 * ms;

	while (g_arch_time() < end)
		;
}

/* Byte-wise: the aarch64 guest runs with its MMU off (Device memory),
 * where a merged unaligned store would fault. */
static void bytes_set(volatile u8 *d, u8 v, u32 n)
{
	while (n--)
		*d++ = v;
}

static void bytes_copy(volatile u8 *d, const volatile u8 *s, u32 n)
{
	while (n--)
		*d++ = *s++;
}

static bool str_eq(const volatile u8 *a, const char *b)
{
	while (*b)
		if (*a++ != (u8)*b++)
			return false;
	return *a == 0;
}

static void trying(const char *name)
{
	g_printf("VATTACK %s: trying\n", name);
}

/* One result line; then a pause so the hypervisor's per-zone message
 * budget (ZONE_MSG_BURST, one per 200 ms after it) never hides a line. */
static void verdict(const char *name, bool ok, const char *what)
{
	g_printf("VATTACK %s: %s %s\n", name, ok ? "PASS" : "FAIL", what);
	if (ok)
		passed++;
	else
		failed++;
	pause_ms(250);
}

/* Reset, then negotiate 'features'; Status as read back. */
static u32 dev_begin(u64 dev, u64 features)
{
	wr(dev, R_STATUS, 0);
	wr(dev, R_STATUS, S_ACK);
	wr(dev, R_STATUS, S_ACK | S_DRIVER);
	wr(dev, R_DRV_FEAT_SEL, 0);
	wr(dev, R_DRV_FEAT, (u32)features);
	wr(dev, R_DRV_FEAT_SEL, 1);
	wr(dev, R_DRV_FEAT, (u32)(features >> 32));
	wr(dev, R_STATUS, S_ACK | S_DRIVER | S_FEATURES_OK);
	return rd(dev, R_STATUS);
}

static void q_regs(u64 dev, u32 qi, u32 num, u64 d, u64 a, u64 u)
{
	wr(dev, R_QSEL, qi);
	wr(dev, R_QNUM, num);
	wr(dev, R_QDESC, (u32)d);
	wr(dev, R_QDESC + 4, (u32)(d >> 32));
	wr(dev, R_QDRIVER, (u32)a);
	wr(dev, R_QDRIVER + 4, (u32)(a >> 32));
	wr(dev, R_QDEVICE, (u32)u);
	wr(dev, R_QDEVICE + 4, (u32)(u >> 32));
}

/* Queue qi of dev on ring memory m, ready; false if the device refused. */
static bool q_init(struct vq *q, u64 dev, u32 qi, struct ring_mem *m)
{
	bytes_set((volatile u8 *)m, 0, sizeof(*m));
	q->dev = dev;
	q->idx = qi;
	q->m = m;
	q->next_avail = q->used_seen = 0;
	q_regs(dev, qi, QN, gpa(m->desc), gpa(m->avail), gpa(&m->used));
	wr(dev, R_QREADY, 1);
	return rd(dev, R_QREADY) == 1;
}

static void q_desc(struct vq *q, u16 i, u64 addr, u32 len, u16 flags, u16 next)
{
	volatile struct desc *d = &q->m->desc[i];

	d->addr = addr;
	d->len = len;
	d->flags = flags;
	d->next = next;
}

/* Offer chain 'head' and kick the queue. */
static void q_offer(struct vq *q, u16 head)
{
	volatile u16 *av = q->m->avail;

	av[2 + q->next_avail % QN] = head;
	fence();
	av[1] = ++q->next_avail;
	fence();
	wr(q->dev, R_NOTIFY, q->idx);
}

static u16 q_used(const struct vq *q)
{
	return ((volatile u16 *)&q->m->used)[1];
}

static bool needs_reset(u64 dev)
{
	return (rd(dev, R_STATUS) & S_NEEDS_RESET) && (rd(dev, R_INT_STATUS) & INT_CONFIG);
}

/* The device bring-up a driver does: features, queues, DRIVER_OK. */
static bool blk_up(void)
{
	u64 dev = slot(SLOT_BLK);

	if (!(dev_begin(dev, F_VERSION_1) & S_FEATURES_OK) || !q_init(&bq, dev, 0, &rings[0]))
		return false;
	wr(dev, R_STATUS, S_ACK | S_DRIVER | S_FEATURES_OK | S_DRIVER_OK);
	return rd(dev, R_STATUS) == (S_ACK | S_DRIVER | S_FEATURES_OK | S_DRIVER_OK);
}

/* A three-descriptor block request: header, data, status. */
static void blk_chain(u32 type, u64 sector, u64 daddr, u32 dlen, u16 dflags)
{
	hdr.type = type;
	hdr.reserved = 0;
	hdr.sector = sector;
	blk_status = 0xee;
	q_desc(&bq, 0, gpa(&hdr), sizeof(hdr), D_NEXT, 1);
	q_desc(&bq, 1, daddr, dlen, dflags | D_NEXT, 2);
	q_desc(&bq, 2, gpa(&blk_status), 1, D_WRITE, 0);
}

/* Submit the chain at 0 to a live blk device and check the policy:
 * NEEDS_RESET with the config interrupt, nothing returned, the status
 * byte and data untouched. */
static void blk_refused(const char *name)
{
	u16 used = q_used(&bq);
	bool ok;

	bytes_set(data, 0xaa, sizeof(data));
	q_offer(&bq, 0);
	ok = needs_reset(bq.dev) && q_used(&bq) == used && blk_status == 0xee && data[0] == 0xaa;
	verdict(name, ok, ok ? "NEEDS_RESET, nothing returned or written" : "not refused");
}

/* A request the device must answer with 'want' as its status. */
static void blk_answered(const char *name, u8 want)
{
	u16 used = q_used(&bq);
	bool ok;

	q_offer(&bq, 0);
	ok = !(rd(bq.dev, R_STATUS) & S_NEEDS_RESET) && q_used(&bq) == (u16)(used + 1) &&
	     blk_status == want;
	g_printf("VATTACK %s: status %u\n", name, (u64)blk_status);
	verdict(name, ok, ok ? "answered with the policy's status" : "wrong answer");
}

#define BLK_IN 0
#define BLK_OUT 1
#define BLK_GET_ID 8
#define BLK_S_OK 0
#define BLK_S_IOERR 1
#define BLK_S_UNSUPP 2

static bool start(const char *name)
{
	trying(name);
	if (blk_up())
		return true;
	verdict(name, false, "device bring-up failed");
	return false;
}

/* A chain with one bad data buffer at addr. */
static void blk_bad_buffer(const char *name, u64 addr, u32 len)
{
	if (!start(name))
		return;
	blk_chain(BLK_IN, 0, addr, len, D_WRITE);
	blk_refused(name);
}

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

/* ---- virtio-net: the attacker and its victim ---- */

static bool net_up(void)
{
	u64 dev = slot(SLOT_NET);

	if (!(dev_begin(dev, F_VERSION_1 | F_NET_MAC) & S_FEATURES_OK) ||
	    !q_init(&rxq, dev, 0, &rings[1]) || !q_init(&txq, dev, 1, &rings[2]))
		return false;
	for (u32 i = 0; i < 6; i++)
		mac[i] = rd8(dev + R_CONFIG + i);
	wr(dev, R_STATUS, S_ACK | S_DRIVER | S_FEATURES_OK | S_DRIVER_OK);
	for (u16 i = 0; i < QN; i++) {
		q_desc(&rxq, i, gpa(rxbuf[i]), RXBUF, D_WRITE, 0);
		q_offer(&rxq, i);
	}
	return true;
}

/* A TSO header for the next net_send (gso_type TCPV4, NEEDS_CSUM), an
 * offload this driver never negotiates. */
static bool next_tso;

/* Send one frame: 'len' bytes after the 12-byte header, to dst, from
 * src, payload the NUL-terminated tag (the rest zero). Returns whether
 * the device gave the buffer back. */
static bool net_send(const u8 *dst, const u8 *src, const char *tag, u32 len)
{
	volatile u8 *f = txbuf + NET_HDR;
	u16 used = q_used(&txq);
	u32 n = 0;

	bytes_set(txbuf, 0, NET_HDR + 64);
	if (next_tso) {
		txbuf[0] = 1;		/* flags: NEEDS_CSUM */
		txbuf[1] = 1;		/* gso_type: TCPV4 */
		txbuf[4] = 1448 & 0xff; /* gso_size */
		txbuf[5] = 1448 >> 8;
		txbuf[6] = 34; /* csum_start */
		txbuf[8] = 16; /* csum_offset */
		next_tso = false;
	}
	bytes_copy(f, dst, 6);
	bytes_copy(f + 6, src, 6);
	f[12] = 0x88; /* EtherType 0x88b5: local experimental */
	f[13] = 0xb5;
	while (tag[n] && n < 40) {
		f[14 + n] = (u8)tag[n];
		n++;
	}
	q_desc(&txq, 0, gpa(txbuf), NET_HDR + len, 0, 0);
	q_offer(&txq, 0);
	return q_used(&txq) == (u16)(used + 1);
}

/* Received frames: call fn(tag, src) for each, give the buffer back. */
static void net_poll(void (*fn)(const volatile u8 *tag, const volatile u8 *src, u32 len))
{
	while (rxq.used_seen != q_used(&rxq)) {
		volatile struct used_elem *e = &rxq.m->used.ring[rxq.used_seen % QN];
		u32 id = e->id % QN, len = e->len;
		const volatile u8 *f = rxbuf[id] + NET_HDR;

		rxq.used_seen++;
		if (len >= NET_HDR + 14 + 1)
			fn(f + 14, f + 6, len - NET_HDR);
		else /* shorter than a header and a tag: reported as "short" */
			fn((const volatile u8 *)"short", f + 6, len - NET_HDR);
		q_offer(&rxq, (u16)id);
	}
}

static char acked[48];
static const char *dropped_tag; /* a frame the switch must drop */
static bool dropped_seen;	/* ... was acked anyway */

static void hostile_rx(const volatile u8 *tag, const volatile u8 *src, u32 len)
{
	u32 n = 0;

	if (!(tag[0] == 'a' && tag[1] == 'c' && tag[2] == 'k' && tag[3] == ':'))
		return;
	bytes_copy(peer, src, 6);
	have_peer = true;
	while (tag[4 + n] && n < sizeof(acked) - 1) {
		acked[n] = (char)tag[4 + n];
		n++;
	}
	acked[n] = 0;
	if (dropped_tag && str_eq((const u8 *)acked, dropped_tag))
		dropped_seen = true;
	g_printf("VNET acked %s\n", acked);
}

static const u8 bcast[6] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff};

/* Send a well-formed broadcast with tag, wait up to ms for its ack. */
static bool net_marker(const char *tag, u32 ms)
{
	u64 end = g_arch_time() + GUEST_TIMER_HZ / 1000 * ms;

	acked[0] = 0;
	net_send(bcast, mac, tag, 64);
	while (g_arch_time() < end) {
		net_poll(hostile_rx);
		if (str_eq((const u8 *)acked, tag))
			return true;
	}
	return false;
}

/* A frame the switch must drop, then a marker: only the marker may come
 * back acked, the device stays live and the frame was given back. */
static void net_dropped(const char *name, const u8 *src, const char *tag, u32 len,
			const char *marker)
{
	bool sent, ok;

	trying(name);
	dropped_tag = tag;
	dropped_seen = false;
	sent = net_send(bcast, src, tag, len);
	ok = sent && net_marker(marker, 3000) && !dropped_seen &&
	     !(rd(txq.dev, R_STATUS) & S_NEEDS_RESET);
	verdict(name, ok, ok ? "dropped, only the marker after it arrived" : "delivered or stuck");
}

static void attacks_net(void)
{
	bool ok = false;

	trying("net-peer");
	if (!net_up()) {
		verdict("net-peer", false, "bring-up failed");
		return;
	}
	for (u32 i = 0; i < 50 && !ok; i++)
		ok = net_marker("hello", 200);
	verdict("net-peer", ok, ok ? "the victim answers" : "no answer");
	if (!ok)
		return;
	net_dropped("net-frame-over-1518", mac, "big1600", 1600, "after-big1600");
	net_dropped("net-frame-runt", mac, "short", 8, "after-runt");
	net_dropped("net-spoofed-mac", peer, "spoof", 64, "after-spoof");
	next_tso = true;
	net_dropped("net-tso-not-negotiated", mac, "tso", 64, "after-tso");
	/* A 64 KiB frame: the whole of it from one buffer in RAM. */
	trying("net-frame-64k");
	{
		u16 used = q_used(&txq);

		q_desc(&txq, 0, ram_base() + 0x400000, NET_HDR + 65536, 0, 0);
		q_offer(&txq, 0);
		ok = q_used(&txq) == (u16)(used + 1) && net_marker("after-64k", 3000) &&
		     !(rd(txq.dev, R_STATUS) & S_NEEDS_RESET);
		verdict("net-frame-64k", ok, ok ? "dropped, device live" : "delivered or stuck");
	}
	/* Rule breakers: TX chains the device cannot take. */
	trying("net-tx-writable");
	q_desc(&txq, 0, gpa(txbuf), NET_HDR + 64, D_WRITE, 0);
	q_offer(&txq, 0);
	ok = needs_reset(txq.dev);
	verdict("net-tx-writable", ok, ok ? "NEEDS_RESET" : "not refused");
	trying("net-tx-no-header");
	ok = net_up();
	q_desc(&txq, 0, gpa(txbuf), 8, 0, 0);
	q_offer(&txq, 0);
	ok = ok && needs_reset(txq.dev);
	verdict("net-tx-no-header", ok, ok ? "NEEDS_RESET" : "not refused");
	/* After a reset the NIC works again. */
	trying("net-after-reset");
	ok = net_up() && net_marker("after-reset", 3000);
	verdict("net-after-reset", ok, ok ? "the victim answers again" : "no answer");
}

/* Every frame is answered by a broadcast "ack:<tag>" (so the attacker
 * sees the answer whatever source MAC it put in the frame). */
static void victim_rx(const volatile u8 *tag, const volatile u8 *src, u32 len)
{
	char ack[48];
	u32 n = 0;

	ack[0] = 'a';
	ack[1] = 'c';
	ack[2] = 'k';
	ack[3] = ':';
	while (tag[n] && n < 40) {
		ack[4 + n] = (char)tag[n];
		n++;
	}
	ack[4 + n] = 0;
	g_printf("VNET got %s len %u\n", ack + 4, (u64)len);
	net_send(bcast, mac, ack, 64);
}

static void victim_main(void)
{
	if (!net_up()) {
		g_printf("VNET victim: no NIC\n");
		return;
	}
	g_printf("VNET victim ready\n");
	for (;;) {
		net_poll(victim_rx);
		/* A device the attacker's frames made fail would be a breach. */
		if (rd(rxq.dev, R_STATUS) & S_NEEDS_RESET) {
			g_printf("VNET victim: device failed\n");
			return;
		}
	}
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
