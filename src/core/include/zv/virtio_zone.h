/* SPDX-License-Identifier: MIT */
/* A zone's virtio devices (src/core/virtio/virtio_zone.c). */
#ifndef ZV_VIRTIO_ZONE_H
#define ZV_VIRTIO_ZONE_H

struct zone;
struct virtio_console;

/* Attach the virtio devices z's table entry names (at boot). */
int virtio_zone_attach(struct zone *z);
/* Put them back in their reset state (every zone start). */
void virtio_zone_reset(struct zone *z);
/* The zone's virtio console (to add named ports to), or NULL: none. */
struct virtio_console *virtio_zone_console(struct zone *z);

#endif
