/* SPDX-License-Identifier: MIT */
/*
 * Inter-zone channels (docs/channels.md): the hypervisor's side. The table
 * has been checked (config_chan.c), so a member's zone index, rights and
 * doorbell are trusted here; what a guest passes in a hypercall is not.
 */
#ifndef ZV_CHAN_H
#define ZV_CHAN_H

#include <zv/types.h>

struct zone;
struct vcpu;

/* At boot, before any zone runs: zero every channel region. */
void chan_init(void);
/* Map every channel zone z is a member of into its stage 2 (rw: read and
 * write, ro: read only; never executable). */
int chan_map_zone(struct zone *z);
/* Zone z (re)starts: its doorbells are lowered and no longer pending. The
 * regions are not touched (the other members use them). */
void chan_zone_reset(struct zone *z);
/* Is irq the doorbell of one of z's channels (a virtual interrupt z owns)? */
bool chan_doorbell_owned(const struct zone *z, u32 irq);
/* Is gpa in one of z's channel regions (a fault's log)? */
bool chan_gpa_in(const struct zone *z, u64 gpa);

/* HC_CHAN_RING(channel id, zone id): raise that member's doorbell. 0, or
 * -ZV_EPERM (no such channel, or the caller is not a member), -ZV_EINVAL
 * (the zone is not a member). *value = 1 if it was pending already
 * (coalesced: not raised again), else 0. */
/* Raise member t's doorbell on channel ch (for the hypervisor's own
 * senders); returns whether it was already pending. */
bool chan_raise(u32 ch, u32 t);

s64 chan_ring(struct vcpu *v, u64 chan_id, u64 zone_id, u64 *value);
/* HC_CHAN_ACK(channel id): lower the caller's own doorbell of that channel.
 * 0 or -ZV_EPERM; *value = 1 if it was pending. */
s64 chan_ack(struct vcpu *v, u64 chan_id, u64 *value);

#endif
