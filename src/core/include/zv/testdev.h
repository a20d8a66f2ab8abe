/* SPDX-License-Identifier: MIT */
/*
 * The test device: an emulated MMIO block the bare-metal guests use to
 * exercise the MMIO exit path and virtual interrupt delivery.
 *   0x00 ID      (ro, 32-bit) TESTDEV_ID
 *   0x08 SCRATCH (rw, any width; narrower writes replace the low bytes)
 *   0x10 COUNTER (ro) increments on every read
 *   0x18 IRQ     (rw) write 1 raises the device interrupt, 0 lowers it
 */
#ifndef ZV_TESTDEV_H
#define ZV_TESTDEV_H

#include <zv/types.h>

#define TESTDEV_ID 0x5a567464u /* "ZVtd" */
#define TESTDEV_REG_ID 0x00
#define TESTDEV_REG_SCRATCH 0x08
#define TESTDEV_REG_COUNTER 0x10
#define TESTDEV_REG_IRQ 0x18

struct zone;

struct testdev {
	struct zone *zone;
	u32 irq;
	u64 scratch;
	u64 counter;
	u64 irq_level;
};

int testdev_attach(struct zone *z, struct testdev *t, u64 gpa, u64 size, u32 irq);
void testdev_reset(struct testdev *t);

#endif
