/* SPDX-License-Identifier: MIT */
/*
 * The split-virtqueue walker (virtio 1.2, 2.7). The rings live in the
 * zone's RAM, where any of its vCPUs may rewrite them while the device
 * reads: every index, ring entry and descriptor is read once into a local
 * copy, and only the copy is checked and used. Nothing outside the zone's
 * read/write memory is ever read or written: the rings were checked whole
 * when the queue was made ready, every buffer before it goes into a chain.
 */
#include <zv/config_abi.h>
#include <zv/lib.h>
#include <zv/virtio.h>
#include <zv/zone.h>

bool virtio_gpa_rw(const struct zone *z, u64 gpa, u64 size, u64 *hpa)
{
	const struct zv_zone_cfg *c = z->cfg;

	if (!zone_gpa_to_hpa(z, gpa, size, hpa))
		return false;
	/* zone_gpa_to_hpa() accepts any kind of region, and an empty range
	 * at a region's end: the start must lie inside a region the guest
	 * may write (the device writes guest buffers; a ROM is read-only to
	 * the guest). Regions do not overlap (config_check). */
	for (u32 i = 0; i < c->nr_ram; i++) {
		const struct zv_region *r = &c->ram[i];

		if (gpa - r->gpa < r->size)
			return c->ram_kind[i] != ZV_MEM_ROM;
	}
	return false;
}

/* Ring sizes (2.7.2): 16 bytes a descriptor, avail is flags, idx and a
 * u16 per entry (+ used_event), used is flags, idx and 8 bytes per entry
 * (+ avail_event). The event words are included whether or not
 * VIRTIO_F_EVENT_IDX is negotiated: the driver allocates them anyway. */
static bool virtq_ring(const struct zone *z, u64 gpa, u64 size, u64 align, u64 *hpa)
{
	return IS_ALIGNED(gpa, align) && virtio_gpa_rw(z, gpa, size, hpa);
}

bool virtq_setup(const struct zone *z, struct virtq *q)
{
	u64 d, a, u;

	if (!q->num || q->num > VIRTQ_MAX_SIZE || (q->num & (q->num - 1)))
		return false;
	if (!virtq_ring(z, q->desc_gpa, 16ull * q->num, 16, &d) ||
	    !virtq_ring(z, q->avail_gpa, 6 + 2ull * q->num, 2, &a) ||
	    !virtq_ring(z, q->used_gpa, 6 + 8ull * q->num, 4, &u))
		return false;
	q->desc = (struct virtq_desc *)(uintptr_t)d;
	q->avail = (volatile u16 *)(uintptr_t)a;
	q->used = (volatile u16 *)(uintptr_t)u;
	q->last_avail = 0;
	q->used_idx = 0;
	q->signalled_used = 0;
	return true;
}

/* The event words after each ring (2.7.6, 2.7.8): inside what
 * virtq_setup checked, at whatever value the driver put there. */
static volatile u16 *used_event(const struct virtq *q)
{
	return &q->avail[2 + q->num];
}

static volatile u16 *avail_event(const struct virtq *q)
{
	return &q->used[2 + 4 * (u32)q->num];
}

static u16 avail_idx(const struct virtq *q)
{
	u16 idx = q->avail[1];

	/* The ring entries the index covers are read after it. */
	__atomic_thread_fence(__ATOMIC_ACQUIRE);
	return idx;
}

u16 virtq_pending(const struct virtq *q)
{
	return (u16)(q->avail[1] - q->last_avail);
}

bool virtq_should_signal(struct virtq *q)
{
	u16 old = q->signalled_used, now = q->used_idx;

	q->signalled_used = now;
	/* With EVENT_IDX the flags are ignored (2.7.10): only used_event
	 * counts, read once; any value is a valid request. */
	if (q->event_idx)
		return virtq_need_event(*used_event(q), now, old);
	return !(q->avail[0] & VIRTQ_AVAIL_F_NO_INTERRUPT);
}

void virtq_event_arm(struct virtq *q)
{
	if (!q->event_idx)
		return;
	*avail_event(q) = q->avail[1];
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
}

void virtq_unpop(struct virtq *q, u16 n)
{
	q->last_avail = (u16)(q->last_avail - n);
}

/* The queue looked empty. With EVENT_IDX, ask for a notify at the next
 * entry (avail_event = last_avail), then look again: a driver that added
 * one before it saw the new avail_event did not notify (2.7.10), and the
 * fence orders our write before the second read as its own fence orders
 * its index before its read of avail_event. */
static u16 avail_idx_rearmed(struct virtq *q)
{
	if (!q->event_idx)
		return q->last_avail;
	*avail_event(q) = q->last_avail;
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	return avail_idx(q);
}

/* One descriptor, copied out of guest memory field by field. */
static void desc_read(const struct virtq *q, u16 i, struct virtq_desc *out)
{
	const volatile struct virtq_desc *d = &q->desc[i];

	out->addr = d->addr;
	out->len = d->len;
	out->flags = d->flags;
	out->next = d->next;
}

/* Add descriptor d (a copy) to c; 0 or the error for virtq_pop. */
static int chain_add(const struct zone *z, struct virtq_chain *c, const struct virtq_desc *d,
		     const char **why)
{
	struct virtq_seg *s = &c->seg[c->nr];
	bool write = d->flags & VIRTQ_DESC_F_WRITE;

	if (d->flags & VIRTQ_DESC_F_INDIRECT) {
		*why = "indirect descriptor, not negotiated";
		return -ZV_EINVAL;
	}
	if (!write && c->nr != c->nr_out) {
		*why = "readable descriptor after a writable one";
		return -ZV_EINVAL;
	}
	if (!virtio_gpa_rw(z, d->addr, d->len, &s->hpa)) {
		*why = "buffer outside the zone's RAM";
		return -ZV_EFAULT;
	}
	s->len = d->len;
	s->write = write;
	c->nr++;
	if (write) {
		c->in_bytes += d->len;
	} else {
		c->nr_out++;
		c->out_bytes += d->len;
	}
	return 0;
}

int virtq_pop(const struct zone *z, struct virtq *q, struct virtq_chain *c, const char **why)
{
	u16 idx = avail_idx(q), i;
	struct virtq_desc d;
	int err;

	if (idx == q->last_avail && (idx = avail_idx_rearmed(q)) == q->last_avail)
		return 0;
	if ((u16)(idx - q->last_avail) > q->num) {
		*why = "more entries available than the queue holds";
		return -ZV_EINVAL;
	}
	i = q->avail[2 + (q->last_avail & (q->num - 1))];
	c->head = i;
	c->nr = c->nr_out = 0;
	c->out_bytes = c->in_bytes = 0;
	/* At most num descriptors: a longer chain revisits one (a loop). */
	for (;;) {
		if (i >= q->num) {
			*why = "descriptor index out of range";
			return -ZV_EINVAL;
		}
		if (c->nr >= q->num) {
			*why = "descriptor chain loops or is longer than the queue";
			return -ZV_EINVAL;
		}
		desc_read(q, i, &d);
		err = chain_add(z, c, &d, why);
		if (err)
			return err;
		if (!(d.flags & VIRTQ_DESC_F_NEXT))
			break;
		i = d.next;
	}
	q->last_avail++;
	return 1;
}

/* Used-ring entry used_idx + k, not yet published. */
static void used_fill(struct virtq *q, u16 k, u16 head, u32 len)
{
	volatile u32 *e =
	    (volatile u32 *)(q->used + 2) + 2 * ((u16)(q->used_idx + k) & (q->num - 1));

	e[0] = head;
	e[1] = len;
}

void virtq_push_n(struct virtq *q, const u16 *head, const u32 *len, u16 n)
{
	for (u16 k = 0; k < n; k++)
		used_fill(q, k, head[k], len[k]);
	q->used_idx = (u16)(q->used_idx + n);
	/* The entries are visible before the index that publishes them. */
	__atomic_thread_fence(__ATOMIC_RELEASE);
	q->used[1] = q->used_idx;
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
}

void virtq_push(struct virtq *q, u16 head, u32 len)
{
	used_fill(q, 0, head, len);
	q->used_idx++;
	/* The entry is visible before the index that publishes it. */
	__atomic_thread_fence(__ATOMIC_RELEASE);
	q->used[1] = q->used_idx;
	/* ... and the index before the flags or used_event the interrupt
	 * decision reads. */
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
}

/* Walk the readable (write == false) or writable segments of c from byte
 * 'off' of that part, copying len bytes to or from buf. */
static u64 chain_copy(const struct virtq_chain *c, bool write, u64 off, u8 *buf, u64 len)
{
	u64 done = 0;

	for (u32 i = 0; i < c->nr && done < len; i++) {
		const struct virtq_seg *s = &c->seg[i];
		u64 n;

		if (s->write != write)
			continue;
		if (off >= s->len) {
			off -= s->len;
			continue;
		}
		n = s->len - off < len - done ? s->len - off : len - done;
		if (write)
			memcpy((void *)(uintptr_t)(s->hpa + off), buf + done, n);
		else
			memcpy(buf + done, (const void *)(uintptr_t)(s->hpa + off), n);
		done += n;
		off = 0;
	}
	return done;
}

u64 virtq_copy_from(const struct virtq_chain *c, u64 off, void *dst, u64 len)
{
	return chain_copy(c, false, off, dst, len);
}

u64 virtq_copy_to(const struct virtq_chain *c, u64 off, const void *src, u64 len)
{
	return chain_copy(c, true, off, (u8 *)src, len);
}

volatile u8 *virtq_write_byte(const struct virtq_chain *c, u64 off)
{
	for (u32 i = 0; i < c->nr; i++) {
		const struct virtq_seg *s = &c->seg[i];

		if (!s->write)
			continue;
		if (off < s->len)
			return (volatile u8 *)(uintptr_t)(s->hpa + off);
		off -= s->len;
	}
	return NULL;
}
