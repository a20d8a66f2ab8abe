/* SPDX-License-Identifier: MIT */
/*
 * The Linux end of an inter-zone channel (src/core/chan_port.c): a zone
 * with the virtio console sees each two-member channel it is in as a named
 * console port; the hypervisor moves bytes between that port and the
 * channel's zvchan rings, and owns the zone's doorbell on the channel.
 */
#ifndef ZV_CHAN_PORT_H
#define ZV_CHAN_PORT_H

#include <zv/types.h>

struct zone;
struct virtio_console;

/* Add a port to c for every channel z is a member of (at boot). */
int chan_port_attach(struct zone *z, struct virtio_console *c);
/* Is member m of channel ch served by a bridge (its doorbell is ours)? */
bool chan_port_owns(u32 ch, u32 m);
/* The peer rang bridged member m of channel ch; call with no lock held. */
void chan_port_doorbell(u32 ch, u32 m);
/* VCPU_REQ_CHAN on a vCPU of z: serve z's ports another port rang (on
 * that vCPU's CPU, no lock held). */
void chan_port_kicked(struct zone *z);

#endif
