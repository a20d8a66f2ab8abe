/* SPDX-License-Identifier: MIT */
/*
 * zvchan: a byte stream over a zonevisor channel (docs/channels.md), for
 * bare-metal programs and RTOS ports. Freestanding C11, no allocation, no
 * dependency but a hypercall hook the port supplies.
 *
 * A channel's shared region is split in two halves, one ring per
 * direction: the member that opens with side 0 sends in the first half
 * and receives in the second, side 1 the reverse. Each ring is
 *
 *	offset   0: u32 magic     ZVCHAN_MAGIC once the producer opened it
 *	offset   4: u32 capacity  data bytes (the half's size - 192)
 *	offset  64: u32 head      next data byte the producer writes
 *	offset 128: u32 tail      next data byte the consumer reads
 *	offset 192: data[capacity]
 *
 * all little-endian, head and tail on cache lines of their own. Only the
 * producer writes head, only the consumer tail; each keeps its own index
 * privately and only publishes it, and reads the peer's as untrusted: an
 * index >= capacity (a hostile or broken peer) is refused with
 * ZVCHAN_ECORRUPT and nothing is read or written through it. Empty is
 * head == tail; one byte stays free, so full is head + 1 == tail.
 *
 * After moving data each side rings the peer's doorbell (HC_CHAN_RING),
 * so a blocked producer learns of free space as a blocked consumer of
 * data. Doorbells are level interrupts, coalesced by the hypervisor: the
 * receiver calls zvchan_ack() from its handler (lowers the line), then
 * drains the ring.
 */
#ifndef ZVCHAN_H
#define ZVCHAN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define ZVCHAN_MAGIC 0x3152565au /* "ZVR1" */
#define ZVCHAN_HDR 192u		 /* ring header bytes before the data */
#define ZVCHAN_OFF_HEAD 64u
#define ZVCHAN_OFF_TAIL 128u

/* Hypercall numbers (zv/hypercall.h) and results. */
#define ZVCHAN_HC_RING 9
#define ZVCHAN_HC_ACK 10
#define ZVCHAN_ECORRUPT (-100) /* the peer's index is out of range */

/* The port's hypercall (riscv64: SBI extension 0x0a5a5600, aarch64: HVC
 * 0xc6000000 + nr, loongarch64: hvcl 0, a7 = nr): returns 0 or a negative
 * error, *value the call's value. */
long zvchan_hypercall(unsigned long nr, unsigned long a0, unsigned long a1, unsigned long *value);

struct zvchan_ring {
	volatile uint8_t *base; /* the ring's header */
	uint32_t cap;		/* data bytes, from the local size, not the peer */
	uint32_t own;		/* head (producer) or tail (consumer), private */
};

struct zvchan {
	struct zvchan_ring tx, rx;
	uint32_t id;	  /* channel id */
	uint32_t peer;	  /* the peer's zone id, whose doorbell we ring */
	uint32_t corrupt; /* ZVCHAN_ECORRUPT results seen */
};

/* Open channel 'id' over its region as mapped here ('size' bytes, as the
 * zone table gives it) on 'side' (0 or 1), ringing zone 'peer'. A ring
 * header left by an earlier run of this member (a restart) is taken up
 * where it stood if valid, else reset. Any doorbell of this member left
 * pending from before (rung before it was ready to take it) is
 * acknowledged, so the next ring raises a fresh interrupt: open after the
 * doorbell is enabled at the interrupt controller. Returns 0, or -1 if
 * size is too small or not a multiple of 8. */
int zvchan_open(struct zvchan *ch, void *region, size_t size, int side, uint32_t id, uint32_t peer);
/* Copy up to len bytes into the tx ring; returns the count (0: full) or
 * ZVCHAN_ECORRUPT. Does not ring. */
long zvchan_send(struct zvchan *ch, const void *buf, size_t len);
/* Copy up to len bytes out of the rx ring; returns the count (0: empty)
 * or ZVCHAN_ECORRUPT. Does not ring. */
long zvchan_recv(struct zvchan *ch, void *buf, size_t len);
/* Ring the peer's doorbell: 0 or the hypercall's error. */
long zvchan_notify(struct zvchan *ch);
/* Lower this member's own doorbell (from its interrupt handler): 1 if
 * one was pending, 0 if not, or the hypercall's error. */
long zvchan_ack(struct zvchan *ch);

#endif
