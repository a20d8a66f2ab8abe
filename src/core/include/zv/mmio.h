/* SPDX-License-Identifier: MIT */
/* Emulated MMIO devices: a zone holds a fixed table of (range -> model). */
#ifndef ZV_MMIO_H
#define ZV_MMIO_H

#include <stdbool.h>
#include <zv/types.h>

struct zone;
struct vcpu;

/* A load's data as its 64-bit destination register takes it: the low
 * 'width' bytes (1, 2, 4 or 8) of val, sign- or zero-extended. Every
 * port completes an MMIO load with it. */
static inline u64 mmio_extend(u64 val, u8 width, bool sign)
{
	unsigned shift = 64 - width * 8u;

	if (width >= 8)
		return val;
	return sign ? (u64)((s64)(val << shift) >> shift) : (val << shift) >> shift;
}

#define MMIO_POWER_OFF 1
#define MMIO_RESET 2

struct mmio_dev {
	u64 base;
	u64 size;
	/* offset is relative to base; width is 1, 2, 4 or 8. Return 0,
	 * -ZV_E* (the access then faults the guest), or for a board's power
	 * register MMIO_POWER_OFF / MMIO_RESET: the zone is then powered off
	 * or restarted through the vCPU loop, as a firmware call would. */
	int (*read)(struct mmio_dev *d, struct vcpu *v, u64 off, u8 width, u64 *val);
	int (*write)(struct mmio_dev *d, struct vcpu *v, u64 off, u8 width, u64 val);
	void *priv;
	const char *name; /* for fault logs: "emulated uart", ...; may be NULL */
};

#define ZONE_MAX_MMIO 8

/* The frame every emulated device goes through: a model states once, as a
 * static const, how it is reached (its handlers and its name for fault
 * logs); mmio_attach() places one instance of it, its state in priv, at
 * [base, base + size) of a zone. The handlers are copied into the zone's
 * table, so an exit calls them without going through ops. */
struct mmio_ops {
	int (*read)(struct mmio_dev *d, struct vcpu *v, u64 off, u8 width, u64 *val);
	int (*write)(struct mmio_dev *d, struct vcpu *v, u64 off, u8 width, u64 val);
	const char *name;
};

/* The ops of a model whose handlers are <prefix>_read and <prefix>_write:
 * <prefix>_ops, named 'label' in fault logs. */
#define MMIO_OPS(prefix, label)                                                                    \
	static const struct mmio_ops prefix##_ops = {                                              \
	    .read = prefix##_read, .write = prefix##_write, .name = (label)}

int mmio_attach(struct zone *z, u64 base, u64 size, const struct mmio_ops *ops, void *priv);
int mmio_register(struct zone *z, const struct mmio_dev *d);
struct mmio_dev *mmio_find(struct zone *z, u64 gpa, u8 width);
/* Dispatch one decoded access; returns 0 or -ZV_EFAULT if nothing is there. */
int mmio_dispatch(struct vcpu *v, u64 gpa, u8 width, bool write, u64 *data);
/* The same on a device already found: -ZV_EFAULT unless d is one of v's
 * zone's devices and the whole access falls inside it. */
int mmio_access(struct vcpu *v, struct mmio_dev *d, u64 gpa, u8 width, bool write, u64 *data);

#endif
