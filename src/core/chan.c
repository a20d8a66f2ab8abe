/* SPDX-License-Identifier: MIT */
/*
 * Inter-zone channels: shared regions mapped into their members and
 * doorbells between them (docs/channels.md).
 *
 * A doorbell is a level on the member's virtual interrupt line, held from
 * a ring until that member acknowledges it (HC_CHAN_ACK). While it is
 * pending, further rings only report that it was (coalescing): however
 * fast a sender rings, the receiver takes at most one interrupt per
 * acknowledgement, and a sender's storm costs only its own CPU time.
 */
#include <zv/arch.h>
#include <zv/chan.h>
#include <zv/chan_port.h>
#include <zv/lib.h>
#include <zv/spinlock.h>
#include <zv/stage2.h>
#include <zv/vcpu.h>
#include <zv/zone.h>

struct chan_state {
	spinlock_t lock;
	bool pending[ZV_MAX_CHAN_MEMBERS];
};

static struct chan_state chan_states[ZV_MAX_CHANNELS];

static u32 chan_count(void)
{
	return zv_config ? zv_config->nr_channels : 0;
}

static const struct zv_chan_cfg *chan_cfg(u32 ch)
{
	return &zv_config->channels[ch];
}

/* Member index of zone index 'zone' on channel ch, or -1. */
static int chan_member(const struct zv_chan_cfg *c, u32 zone)
{
	for (u32 m = 0; m < c->nr_members; m++)
		if (c->members[m].zone == zone)
			return (int)m;
	return -1;
}

/* The channel with id 'id' the calling zone is a member of, or -1. */
static int chan_find(const struct zone *z, u64 id, int *member)
{
	for (u32 ch = 0; ch < chan_count(); ch++) {
		const struct zv_chan_cfg *c = chan_cfg(ch);

		if (c->id != id)
			continue;
		*member = chan_member(c, z->index);
		return *member < 0 ? -1 : (int)ch;
	}
	return -1;
}

void chan_init(void)
{
	for (u32 ch = 0; ch < chan_count(); ch++) {
		const struct zv_chan_cfg *c = chan_cfg(ch);

		memset((void *)(uintptr_t)c->hpa, 0, c->size);
		arch_cache_sync_range(c->hpa, c->size);
	}
}

int chan_map_zone(struct zone *z)
{
	int err = 0;

	for (u32 ch = 0; !err && ch < chan_count(); ch++) {
		const struct zv_chan_cfg *c = chan_cfg(ch);
		int m = chan_member(c, z->index);

		if (m < 0)
			continue;
		err = s2_map(&z->s2, c->members[m].gpa, c->hpa, c->size,
			     c->members[m].rights == ZV_CHAN_RW ? S2_READ | S2_WRITE : S2_READ);
	}
	return err;
}

void chan_zone_reset(struct zone *z)
{
	for (u32 ch = 0; ch < chan_count(); ch++) {
		const struct zv_chan_cfg *c = chan_cfg(ch);
		struct chan_state *s = &chan_states[ch];
		int m = chan_member(c, z->index);

		if (m < 0)
			continue;
		spin_lock(&s->lock);
		s->pending[m] = false;
		arch_zone_irq_set(z, c->members[m].doorbell, false);
		spin_unlock(&s->lock);
	}
}

bool chan_doorbell_owned(const struct zone *z, u32 irq)
{
	for (u32 ch = 0; ch < chan_count(); ch++) {
		const struct zv_chan_cfg *c = chan_cfg(ch);
		int m = chan_member(c, z->index);

		if (m >= 0 && c->members[m].doorbell == irq)
			return true;
	}
	return false;
}

bool chan_gpa_in(const struct zone *z, u64 gpa)
{
	for (u32 ch = 0; ch < chan_count(); ch++) {
		const struct zv_chan_cfg *c = chan_cfg(ch);
		int m = chan_member(c, z->index);

		if (m >= 0 && gpa - c->members[m].gpa < c->size)
			return true;
	}
	return false;
}

/* The member of channel c whose zone has id 'zone_id', or -1. */
static int chan_member_by_id(const struct zv_chan_cfg *c, u64 zone_id)
{
	for (u32 m = 0; m < c->nr_members; m++)
		if (zones[c->members[m].zone].cfg->id == zone_id)
			return (int)m;
	return -1;
}

/* Raise member t's doorbell of channel ch; returns whether it was pending. */
static bool chan_raise_locked(u32 ch, u32 t)
{
	const struct zv_chan_cfg *c = chan_cfg(ch);
	struct chan_state *s = &chan_states[ch];
	bool was;

	spin_lock(&s->lock);
	was = s->pending[t];
	if (!was) {
		s->pending[t] = true;
		arch_zone_irq_set(&zones[c->members[t].zone], c->members[t].doorbell, true);
	}
	spin_unlock(&s->lock);
	return was;
}

bool chan_raise(u32 ch, u32 t)
{
	return ch < chan_count() && t < chan_cfg(ch)->nr_members && chan_raise_locked(ch, t);
}

s64 chan_ring(struct vcpu *v, u64 chan_id, u64 zone_id, u64 *value)
{
	int self, ch = chan_find(v->zone, chan_id, &self), t;

	if (ch < 0)
		return -ZV_EPERM;
	if ((t = chan_member_by_id(chan_cfg((u32)ch), zone_id)) < 0)
		return -ZV_EINVAL;
	if (chan_port_owns((u32)ch, (u32)t)) {
		/* The hypervisor serves that member: move the bytes now. */
		*value = 0;
		chan_port_doorbell((u32)ch, (u32)t);
		return 0;
	}
	*value = chan_raise_locked((u32)ch, (u32)t);
	return 0;
}

s64 chan_ack(struct vcpu *v, u64 chan_id, u64 *value)
{
	int self, ch = chan_find(v->zone, chan_id, &self);
	const struct zv_chan_cfg *c;
	struct chan_state *s;

	if (ch < 0)
		return -ZV_EPERM;
	c = chan_cfg((u32)ch);
	s = &chan_states[ch];
	spin_lock(&s->lock);
	*value = s->pending[self];
	if (s->pending[self]) {
		s->pending[self] = false;
		arch_zone_irq_set(v->zone, c->members[self].doorbell, false);
	}
	spin_unlock(&s->lock);
	return 0;
}
