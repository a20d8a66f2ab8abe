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

struct mmio_dev *mmio_find(struct zone *z, u64 gpa, u8 width)
{
	for (u32 i = 0; i < z->nr_mmio; i++) {
		struct mmio_dev *d = &z->mmio[i];

		/* The whole access must fall inside one device. */
		if (gpa >= d->base && gpa - d->base < d->size &&
		    width <= d->size - (gpa - d->base))
			return d;
	}
	return NULL;
}

int mmio_dispatch(struct vcpu *v, u64 gpa, u8 width, bool write, u64 *data)
{
	struct mmio_dev *d = mmio_find(v->zone, gpa, width);

	if (!d || (width != 1 && width != 2 && width != 4 && width != 8))
		return -ZV_EFAULT;
	if (write)
		return d->write ? d->write(d, v, gpa - d->base, width, *data) : 0;
	*data = 0;
	return d->read ? d->read(d, v, gpa - d->base, width, data) : 0;
}
