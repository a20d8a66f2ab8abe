/* SPDX-License-Identifier: MIT */
/* zvchan: the byte ring over a channel region (guests/include/zvchan.h). */
#include "zvchan.h"

static uint32_t ld32(volatile uint8_t *p)
{
	return __atomic_load_n((volatile uint32_t *)p, __ATOMIC_ACQUIRE);
}

static void st32(volatile uint8_t *p, uint32_t v)
{
	__atomic_store_n((volatile uint32_t *)p, v, __ATOMIC_RELEASE);
}

/* Take up this ring's header: keep our own index if the header is ours
 * and in range, else start empty. Producer: own = head; consumer: tail. */
static void ring_open(struct zvchan_ring *r, volatile uint8_t *base, uint32_t cap, bool producer)
{
	uint32_t off = producer ? ZVCHAN_OFF_HEAD : ZVCHAN_OFF_TAIL;
	uint32_t idx = ld32(base + off);

	r->base = base;
	r->cap = cap;
	if (ld32(base) != ZVCHAN_MAGIC || ld32(base + 4) != cap || idx >= cap)
		idx = 0;
	r->own = idx;
	st32(base + off, idx);
	if (producer) {
		st32(base + 4, cap);
		st32(base, ZVCHAN_MAGIC);
	}
}

int zvchan_open(struct zvchan *ch, void *region, size_t size, int side, uint32_t id, uint32_t peer)
{
	volatile uint8_t *half[2];
	size_t h = size / 2;

	if (size % 8 || h <= ZVCHAN_HDR || h - ZVCHAN_HDR > 0x7fffffffu)
		return -1;
	half[0] = (volatile uint8_t *)region;
	half[1] = half[0] + h;
	ch->id = id;
	ch->peer = peer;
	ch->corrupt = 0;
	ring_open(&ch->tx, half[side ? 1 : 0], (uint32_t)(h - ZVCHAN_HDR), true);
	ring_open(&ch->rx, half[side ? 0 : 1], (uint32_t)(h - ZVCHAN_HDR), false);
	zvchan_ack(ch); /* a doorbell rung before we were ready: start afresh */
	return 0;
}

/* The peer's index, or ZVCHAN_ECORRUPT if it points outside the ring. */
static long peer_index(struct zvchan *ch, struct zvchan_ring *r, uint32_t off)
{
	uint32_t v = ld32(r->base + off);

	if (v >= r->cap) {
		ch->corrupt++;
		return ZVCHAN_ECORRUPT;
	}
	return v;
}

long zvchan_send(struct zvchan *ch, const void *buf, size_t len)
{
	struct zvchan_ring *r = &ch->tx;
	const uint8_t *src = buf;
	long tail = peer_index(ch, r, ZVCHAN_OFF_TAIL);
	uint32_t head = r->own, space, n = 0;

	if (tail < 0)
		return tail;
	space = ((uint32_t)tail + r->cap - head - 1) % r->cap;
	if (len > space)
		len = space;
	for (; n < len; n++) {
		r->base[ZVCHAN_HDR + head] = src[n];
		head = head + 1 == r->cap ? 0 : head + 1;
	}
	r->own = head;
	st32(r->base + ZVCHAN_OFF_HEAD, head); /* release: the data first */
	return (long)n;
}

long zvchan_recv(struct zvchan *ch, void *buf, size_t len)
{
	struct zvchan_ring *r = &ch->rx;
	uint8_t *dst = buf;
	long head = peer_index(ch, r, ZVCHAN_OFF_HEAD);
	uint32_t tail = r->own, avail, n = 0;

	if (head < 0)
		return head;
	avail = ((uint32_t)head + r->cap - tail) % r->cap;
	if (len > avail)
		len = avail;
	for (; n < len; n++) {
		dst[n] = r->base[ZVCHAN_HDR + tail];
		tail = tail + 1 == r->cap ? 0 : tail + 1;
	}
	r->own = tail;
	st32(r->base + ZVCHAN_OFF_TAIL, tail); /* release: done reading */
	return (long)n;
}

long zvchan_notify(struct zvchan *ch)
{
	unsigned long v;

	return zvchan_hypercall(ZVCHAN_HC_RING, ch->id, ch->peer, &v);
}

long zvchan_ack(struct zvchan *ch)
{
	unsigned long v = 0;
	long err = zvchan_hypercall(ZVCHAN_HC_ACK, ch->id, 0, &v);

	return err ? err : (long)v;
}
