/* SPDX-License-Identifier: MIT */
#include <zv/arch.h>
#include <zv/mmio.h>
#include <zv/testdev.h>
#include <zv/zone.h>

static u64 width_mask(u8 width)
{
	return width == 8 ? ~0ULL : (1ULL << (width * 8)) - 1;
}

static int testdev_read(struct mmio_dev *d, struct vcpu *v, u64 off, u8 width, u64 *val)
{
	struct testdev *t = d->priv;

	switch (off) {
	case TESTDEV_REG_ID:
		*val = TESTDEV_ID;
		break;
	case TESTDEV_REG_SCRATCH:
		*val = t->scratch & width_mask(width);
		break;
	case TESTDEV_REG_COUNTER:
		*val = __atomic_add_fetch(&t->counter, 1, __ATOMIC_RELAXED);
		break;
	case TESTDEV_REG_IRQ:
		*val = t->irq_level;
		break;
	default:
		*val = 0;
	}
	return 0;
}

static int testdev_write(struct mmio_dev *d, struct vcpu *v, u64 off, u8 width, u64 val)
{
	struct testdev *t = d->priv;
	u64 mask = width_mask(width);

	if (off == TESTDEV_REG_SCRATCH) {
		t->scratch = (t->scratch & ~mask) | (val & mask);
	} else if (off == TESTDEV_REG_IRQ) {
		t->irq_level = val & 1;
		arch_zone_irq_set(t->zone, t->irq, t->irq_level);
	}
	return 0;
}

void testdev_reset(struct testdev *t)
{
	t->scratch = t->counter = t->irq_level = 0;
}

static const struct mmio_ops testdev_ops = {
    .read = testdev_read,
    .write = testdev_write,
    .name = "emulated test device",
};

int testdev_attach(struct zone *z, struct testdev *t, u64 gpa, u64 size, u32 irq)
{
	t->zone = z;
	t->irq = irq;
	testdev_reset(t);
	return mmio_attach(z, gpa, size, &testdev_ops, t);
}
