/* SPDX-License-Identifier: MIT */
/* The hostile virtio driver's state and driver helpers (vdrv.h). */
#include "vdrv.h"

struct ring_mem rings[4];
struct vq bq, rxq, txq, cq;
struct blk_hdr hdr __attribute__((aligned(16)));
u8 data[4096] __attribute__((aligned(16)));
volatile u8 blk_status;
u8 rxbuf[QN][RXBUF] __attribute__((aligned(16)));
u8 txbuf[NET_HDR + 2048] __attribute__((aligned(16)));
u8 mac[6], peer[6];
bool have_peer;
volatile u32 exceptions;
u32 passed, failed;

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

u64 ram_base(void)
{
	/* The image is loaded at the start of the zone's only RAM region. */
	return (u64)(uintptr_t)&guest_main & ~(RAM_SIZE - 1);
}

u64 slot(u32 s)
{
	return BOARD_VIRTIO_GPA + s * 0x200UL;
}

u64 gpa(const volatile void *p)
{
	return (u64)(uintptr_t)p;
}

/* Not inlined: in a loop the compiler would use a post-indexed load or
 * store, which aarch64 reports without a syndrome (ESR ISV = 0), and the
 * hypervisor stops a zone whose MMIO access it cannot decode. */
__attribute__((noinline)) u32 rd(u64 dev, u32 off)
{
	return mmio_r32(dev + off);
}

__attribute__((noinline)) void wr(u64 dev, u32 off, u32 v)
{
	mmio_w32(dev + off, v);
}

__attribute__((noinline)) u8 rd8(u64 a)
{
	return mmio_r8(a);
}

void fence(void)
{
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
}

void pause_ms(u64 ms)
{
	u64 end = g_arch_time() + GUEST_TIMER_HZ / 1000 * ms;

	while (g_arch_time() < end)
		;
}

/* Byte-wise: the aarch64 guest runs with its MMU off (Device memory),
 * where a merged unaligned store would fault. */
void bytes_set(volatile u8 *d, u8 v, u32 n)
{
	while (n--)
		*d++ = v;
}

void bytes_copy(volatile u8 *d, const volatile u8 *s, u32 n)
{
	while (n--)
		*d++ = *s++;
}

bool str_eq(const volatile u8 *a, const char *b)
{
	while (*b)
		if (*a++ != (u8)*b++)
			return false;
	return *a == 0;
}

void trying(const char *name)
{
	g_printf("VATTACK %s: trying\n", name);
}

/* One result line; then a pause so the hypervisor's per-zone message
 * budget (ZONE_MSG_BURST, one per 200 ms after it) never hides a line. */
void verdict(const char *name, bool ok, const char *what)
{
	g_printf("VATTACK %s: %s %s\n", name, ok ? "PASS" : "FAIL", what);
	if (ok)
		passed++;
	else
		failed++;
	pause_ms(250);
}

/* Reset, then negotiate 'features'; Status as read back. */
u32 dev_begin(u64 dev, u64 features)
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

void q_regs(u64 dev, u32 qi, u32 num, u64 d, u64 a, u64 u)
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
bool q_init(struct vq *q, u64 dev, u32 qi, struct ring_mem *m)
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

void q_desc(struct vq *q, u16 i, u64 addr, u32 len, u16 flags, u16 next)
{
	volatile struct desc *d = &q->m->desc[i];

	d->addr = addr;
	d->len = len;
	d->flags = flags;
	d->next = next;
}

/* Offer chain 'head' and kick the queue. */
void q_offer(struct vq *q, u16 head)
{
	volatile u16 *av = q->m->avail;

	av[2 + q->next_avail % QN] = head;
	fence();
	av[1] = ++q->next_avail;
	fence();
	wr(q->dev, R_NOTIFY, q->idx);
}

u16 q_used(const struct vq *q)
{
	return ((volatile u16 *)&q->m->used)[1];
}

bool needs_reset(u64 dev)
{
	return (rd(dev, R_STATUS) & S_NEEDS_RESET) && (rd(dev, R_INT_STATUS) & INT_CONFIG);
}

/* The device bring-up a driver does: features, queues, DRIVER_OK. */
bool blk_up(void)
{
	u64 dev = slot(SLOT_BLK);

	if (!(dev_begin(dev, F_VERSION_1) & S_FEATURES_OK) || !q_init(&bq, dev, 0, &rings[0]))
		return false;
	wr(dev, R_STATUS, S_ACK | S_DRIVER | S_FEATURES_OK | S_DRIVER_OK);
	return rd(dev, R_STATUS) == (S_ACK | S_DRIVER | S_FEATURES_OK | S_DRIVER_OK);
}

/* A three-descriptor block request: header, data, status. */
void blk_chain(u32 type, u64 sector, u64 daddr, u32 dlen, u16 dflags)
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
void blk_refused(const char *name)
{
	u16 used = q_used(&bq);
	bool ok;

	bytes_set(data, 0xaa, sizeof(data));
	q_offer(&bq, 0);
	ok = needs_reset(bq.dev) && q_used(&bq) == used && blk_status == 0xee && data[0] == 0xaa;
	verdict(name, ok, ok ? "NEEDS_RESET, nothing returned or written" : "not refused");
}

/* A request the device must answer with 'want' as its status. */
void blk_answered(const char *name, u8 want)
{
	u16 used = q_used(&bq);
	bool ok;

	q_offer(&bq, 0);
	ok = !(rd(bq.dev, R_STATUS) & S_NEEDS_RESET) && q_used(&bq) == (u16)(used + 1) &&
	     blk_status == want;
	g_printf("VATTACK %s: status %u\n", name, (u64)blk_status);
	verdict(name, ok, ok ? "answered with the policy's status" : "wrong answer");
}

bool start(const char *name)
{
	trying(name);
	if (blk_up())
		return true;
	verdict(name, false, "device bring-up failed");
	return false;
}

/* A chain with one bad data buffer at addr. */
void blk_bad_buffer(const char *name, u64 addr, u32 len)
{
	if (!start(name))
		return;
	blk_chain(BLK_IN, 0, addr, len, D_WRITE);
	blk_refused(name);
}
