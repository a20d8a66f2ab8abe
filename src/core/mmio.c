/* SPDX-License-Identifier: MIT */
#include <zv/mmio.h>
#include <zv/vcpu.h>
#include <zv/zone.h>

int mmio_register(struct zone *z, const struct mmio_dev *d)
{
	if (z->nr_mmio >= ZONE_MAX_MMIO)
		return -ZV_ENOMEM;
	z->mmio[z->nr_mmio++] = *d;
	return 0;
}

int mmio_attach(struct zone *z, u64 base, u64 size, const struct mmio_ops *ops, void *priv)
{
	struct mmio_dev d = {
	    .base = base,
	    .size = size,
	    .read = ops->read,
	    .write = ops->write,
	    .priv = priv,
	    .name = ops->name,
	};

	return mmio_register(z, &d);
}

struct mmio_dev *mmio_find(struct zone *z, u64 gpa, u8 width)
{
	for (u32 i = 0; i < z->nr_mmio; i++) {
		struct mmio_dev *d = &z->mmio[i];

		/* The whole access must fall inside one device. */
		if (gpa >= d->base && gpa - d->base < d->size && width <= d->size - (gpa - d->base))
			return d;
	}
	return NULL;
}

/* d is one of z's devices and holds the whole access of a valid width. */
static bool mmio_fits(const struct zone *z, const struct mmio_dev *d, u64 gpa, u8 width)
{
	if (!d || d < z->mmio || d >= z->mmio + z->nr_mmio)
		return false;
	if (width != 1 && width != 2 && width != 4 && width != 8)
		return false;
	return gpa >= d->base && gpa - d->base < d->size && width <= d->size - (gpa - d->base);
}

int mmio_access(struct vcpu *v, struct mmio_dev *d, u64 gpa, u8 width, bool write, u64 *data)
{
	if (!mmio_fits(v->zone, d, gpa, width))
		return -ZV_EFAULT;
	if (write)
		return d->write ? d->write(d, v, gpa - d->base, width, *data) : 0;
	*data = 0;
	return d->read ? d->read(d, v, gpa - d->base, width, data) : 0;
}

int mmio_dispatch(struct vcpu *v, u64 gpa, u8 width, bool write, u64 *data)
{
	return mmio_access(v, mmio_find(v->zone, gpa, width), gpa, width, write, data);
}
