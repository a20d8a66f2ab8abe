/* SPDX-License-Identifier: MIT */
/*
 * The virtio-mmio transport and the split-virtqueue walker under a hostile
 * driver: register writes (ring addresses anywhere, sizes, status, feature
 * words), guest stores into its own RAM (rings and descriptors rewritten
 * at will), notifies, config-space accesses of any offset and width, and
 * device resets. The zone's RAM is an exactly sized heap buffer and a
 * ROM a second one, so any access outside them is an ASan report.
 * Checks: every segment of every chain lies inside the RAM buffer (never
 * the ROM), a chain is no longer than its queue, readable segments come
 * first, the device never works while NEEDS_RESET is set or before
 * DRIVER_OK, the interrupt line follows InterruptStatus, and a reset
 * clears both.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <zv/virtio.h>
#include <zv/zone.h>

#include "fuzz_input.h"

#define CHECK(x) ((x) ? (void)0 : abort())
#define RAM_GPA 0x80000000ULL
#define RAM_SIZE 0x4000
#define ROM_GPA 0x80004000ULL /* right after RAM: a chain may not run on */
#define ROM_SIZE 0x1000
#define DEV_IRQ 9
#define QMAX 16

static u8 *ram, *rom;
static struct zv_zone_cfg cfg;
static struct zone zone;
static struct virtio_dev dev;
static int irq_line = -1;
static u8 config[24];

void arch_zone_irq_set(struct zone *z, u32 irq, bool level)
{
	CHECK(z == &zone && irq == DEV_IRQ);
	irq_line = level;
}

static bool in_ram(u64 hpa, u64 len)
{
	u64 base = (u64)(uintptr_t)ram;

	return hpa >= base && hpa - base <= RAM_SIZE && len <= RAM_SIZE - (hpa - base);
}

static int fz_config_read(struct virtio_dev *d, u32 off, u8 width, u64 *val)
{
	CHECK(off + width <= sizeof(config));
	memcpy(val, config + off, width);
	return 0;
}

static void fz_config_write(struct virtio_dev *d, u32 off, u8 width, u64 val)
{
	CHECK(off + width <= sizeof(config));
	memcpy(config + off, &val, width);
}

/* A device that touches every byte of every chain it gets, as blk would. */
static void fz_notify(struct virtio_dev *d, u32 q)
{
	struct virtq_chain *c = &d->chain;
	const char *why = NULL;
	u32 budget = QMAX;
	int r = 0;
	u8 tmp[64];

	CHECK(virtio_queue_live(d, q));
	while (budget-- && (r = virtq_pop(d->zone, &d->vq[q], c, &why)) == 1) {
		CHECK(c->nr >= 1 && c->nr <= d->vq[q].num && c->nr_out <= c->nr);
		for (u32 i = 0; i < c->nr; i++) {
			CHECK(in_ram(c->seg[i].hpa, c->seg[i].len));
			CHECK(c->seg[i].write == (i >= c->nr_out));
		}
		for (u64 off = 0; off < c->out_bytes; off += sizeof(tmp))
			virtq_copy_from(c, off, tmp, sizeof(tmp));
		for (u64 off = 0; off < c->in_bytes; off += sizeof(tmp))
			virtq_copy_to(c, off, tmp, sizeof(tmp));
		virtq_push(&d->vq[q], c->head, (u32)c->in_bytes);
		virtio_dev_used_irq(d, q);
	}
	if (r < 0) {
		CHECK(why != NULL);
		virtio_dev_fail(d, why);
	}
}

static const struct virtio_ops fz_ops = {
    .name = "virtio-fuzz",
    .device_id = 3,
    .nr_queues = 3,
    .queue_max = QMAX,
    .features = BIT(0) | BIT(5),
    .config_size = sizeof(config),
    .config_read = fz_config_read,
    .config_write = fz_config_write,
    .notify = fz_notify,
};

static const u32 regs[] = {
    VIRTIO_MMIO_DEVICE_FEATURES_SEL, VIRTIO_MMIO_DRIVER_FEATURES,  VIRTIO_MMIO_DRIVER_FEATURES_SEL,
    VIRTIO_MMIO_QUEUE_SEL,	     VIRTIO_MMIO_QUEUE_NUM,	   VIRTIO_MMIO_QUEUE_READY,
    VIRTIO_MMIO_QUEUE_NOTIFY,	     VIRTIO_MMIO_INTERRUPT_ACK,	   VIRTIO_MMIO_STATUS,
    VIRTIO_MMIO_QUEUE_DESC_LOW,	     VIRTIO_MMIO_QUEUE_DESC_HIGH,  VIRTIO_MMIO_QUEUE_DRIVER_LOW,
    VIRTIO_MMIO_QUEUE_DRIVER_HIGH,   VIRTIO_MMIO_QUEUE_DEVICE_LOW, VIRTIO_MMIO_QUEUE_DEVICE_HIGH,
};

/* A ring address: mostly inside RAM (so queues do come up), sometimes raw. */
static u32 addr_value(struct fuzz_input *in, u32 reg)
{
	u32 v = (u32)fuzz_take(in, 4);

	if ((reg == VIRTIO_MMIO_QUEUE_DESC_LOW || reg == VIRTIO_MMIO_QUEUE_DRIVER_LOW ||
	     reg == VIRTIO_MMIO_QUEUE_DEVICE_LOW) &&
	    !(v & 0x80000000u))
		return (u32)RAM_GPA + (v % (RAM_SIZE + ROM_SIZE + 64));
	return v;
}

static void step(struct fuzz_input *in)
{
	u8 op = (u8)fuzz_take(in, 1);
	u32 status_before = dev.status;

	switch (op % 8) {
	case 0: { /* register write */
		u32 reg = regs[fuzz_take(in, 1) % (sizeof(regs) / sizeof(regs[0]))];

		virtio_mmio_write(&dev, reg, 4, addr_value(in, reg));
		break;
	}
	case 1: { /* the guest rewrites its RAM: a descriptor or ring word */
		u32 off = (u32)fuzz_take(in, 2) % (RAM_SIZE - 8);
		u64 v = fuzz_take(in, 8);

		if (op & 0x80) /* a descriptor address into RAM, ROM or past it */
			v = RAM_GPA + (v % (RAM_SIZE + ROM_SIZE + 64));
		memcpy(ram + off, &v, 8);
		break;
	}
	case 2: { /* notify: the device works only when live */
		u32 q = (u32)fuzz_take(in, 1) % 4;

		virtio_mmio_write(&dev, VIRTIO_MMIO_QUEUE_NOTIFY, 4, q);
		if (status_before & VIRTIO_STATUS_NEEDS_RESET)
			CHECK(dev.status & VIRTIO_STATUS_NEEDS_RESET);
		break;
	}
	case 3: { /* any access in the window, any width */
		u32 off = (u32)fuzz_take(in, 2) % VIRTIO_MMIO_SIZE;
		u8 width = 1u << (fuzz_take(in, 1) & 3);

		if (op & 0x40)
			virtio_mmio_write(&dev, off, width, fuzz_take(in, 8));
		else
			(void)virtio_mmio_read(&dev, off, width);
		break;
	}
	case 4: /* the driver's bring-up, to reach the rings quickly */
		virtio_mmio_write(&dev, VIRTIO_MMIO_DRIVER_FEATURES_SEL, 4, 1);
		virtio_mmio_write(&dev, VIRTIO_MMIO_DRIVER_FEATURES, 4, 1);
		virtio_mmio_write(&dev, VIRTIO_MMIO_STATUS, 4, 0x0b);
		virtio_mmio_write(&dev, VIRTIO_MMIO_STATUS, 4, 0x0f);
		break;
	case 5: { /* a queue set up as a driver would, rings anywhere in RAM */
		u32 q = (u32)fuzz_take(in, 1) % 4, num = 1u << (fuzz_take(in, 1) % 6);

		virtio_mmio_write(&dev, VIRTIO_MMIO_QUEUE_SEL, 4, q);
		virtio_mmio_write(&dev, VIRTIO_MMIO_QUEUE_NUM, 4, num);
		virtio_mmio_write(&dev, VIRTIO_MMIO_QUEUE_DESC_LOW, 4,
				  (u32)RAM_GPA + ((u32)fuzz_take(in, 2) % RAM_SIZE & ~15u));
		virtio_mmio_write(&dev, VIRTIO_MMIO_QUEUE_DRIVER_LOW, 4,
				  (u32)RAM_GPA + ((u32)fuzz_take(in, 2) % RAM_SIZE & ~1u));
		virtio_mmio_write(&dev, VIRTIO_MMIO_QUEUE_DEVICE_LOW, 4,
				  (u32)RAM_GPA + ((u32)fuzz_take(in, 2) % RAM_SIZE & ~3u));
		virtio_mmio_write(&dev, VIRTIO_MMIO_QUEUE_READY, 4, 1);
		break;
	}
	case 6: { /* the driver offers a chain: a descriptor and an avail entry */
		u32 q = (u32)fuzz_take(in, 1) % 3;
		struct virtq *vq = &dev.vq[q];
		u16 head = (u16)fuzz_take(in, 1);
		struct virtq_desc d = {
		    .addr = RAM_GPA + fuzz_take(in, 2) % (RAM_SIZE + ROM_SIZE + 64),
		    .len = (u32)fuzz_take(in, 2),
		    .flags = (u16)(fuzz_take(in, 1) & 7),
		    .next = (u16)fuzz_take(in, 1),
		};

		if (!vq->ready)
			break;
		head %= (op & 0x80) ? 0x100 : vq->num;
		if (head < vq->num)
			vq->desc[head] = d;
		vq->avail[2 + (vq->avail[1] & (vq->num - 1))] = head;
		vq->avail[1]++;
		break;
	}
	default:
		if (op & 0x80) { /* zone restart */
			virtio_dev_reset(&dev);
			CHECK(dev.status == 0 && irq_line == 0);
		}
	}
	/* Invariants after every step. */
	CHECK(irq_line == (dev.int_status != 0) || irq_line == -1);
	if (dev.status & VIRTIO_STATUS_DRIVER_OK)
		CHECK(dev.status & VIRTIO_STATUS_FEATURES_OK);
	if (dev.status & VIRTIO_STATUS_FEATURES_OK)
		CHECK(virtio_has(&dev, VIRTIO_F_VERSION_1) &&
		      !(dev.drv_features & ~(fz_ops.features | BIT(VIRTIO_F_VERSION_1))));
	for (u32 q = 0; q < fz_ops.nr_queues; q++) {
		const struct virtq *vq = &dev.vq[q];

		if (!vq->ready)
			continue;
		CHECK(vq->num && vq->num <= QMAX && !(vq->num & (vq->num - 1)));
		CHECK(in_ram((u64)(uintptr_t)vq->desc, 16u * vq->num));
		CHECK(in_ram((u64)(uintptr_t)vq->avail, 6 + 2u * vq->num));
		CHECK(in_ram((u64)(uintptr_t)vq->used, 6 + 8u * vq->num));
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_input in = {data, size};

	if (!ram) {
		ram = malloc(RAM_SIZE);
		rom = malloc(ROM_SIZE);
	}
	memset(ram, 0, RAM_SIZE);
	memset(&zone, 0, sizeof(zone));
	memset(&cfg, 0, sizeof(cfg));
	strcpy(cfg.name, "fuzz");
	cfg.nr_ram = 2;
	cfg.ram[0] = (struct zv_region){RAM_GPA, (u64)(uintptr_t)ram, RAM_SIZE};
	cfg.ram_kind[0] = ZV_MEM_RAM;
	cfg.ram[1] = (struct zv_region){ROM_GPA, (u64)(uintptr_t)rom, ROM_SIZE};
	cfg.ram_kind[1] = ZV_MEM_ROM;
	zone.cfg = &cfg;
	irq_line = -1;
	CHECK(virtio_mmio_attach(&zone, &dev, 0x0a000000, DEV_IRQ, &fz_ops, NULL) == 0);
	while (in.left)
		step(&in);
	return 0;
}
