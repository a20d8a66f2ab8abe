/* SPDX-License-Identifier: MIT */
/*
 * virtio-blk's request parser (src/core/virtio/virtio_blk.c) under a
 * hostile driver, through the real transport and walker: well-formed
 * chains (header, possibly split, 0-3 data buffers, status byte) with any
 * type, sector and lengths, one or two per notify, mixed with raw
 * descriptors, register writes and ring rewrites (virtio_driver.h). The
 * disk is an exactly sized heap buffer and so is the zone's RAM.
 * Checks, for every well-formed request, against an oracle written from
 * docs/virtio.md: the status (OK; IOERR for sectors past the end, data
 * not whole sectors or over VIRTIO_BLK_MAX_DATA; UNSUPP for an unknown
 * type), the used length, the data read (the disk's bytes, or the ID
 * "zv-fuzz"), and the disk afterwards (a shadow copy, changed only by a
 * successful write).
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <zv/virtio_blk.h>

#include "virtio_driver.h"

#define DISK_SECTORS 64
#define DISK_SIZE (DISK_SECTORS * 512)
#define HDR_OFF VF_DATA		  /* request headers, 32 bytes apart */
#define STATUS_OFF (VF_DATA + 64) /* status bytes, 2 apart */
#define BUF_OFF (VF_DATA + 128)	  /* data buffers from here */

static struct vf_zone vz;
static struct virtio_blk blk;
static u8 *disk, shadow[DISK_SIZE];

struct req {
	u32 type;
	u64 sector;
	u16 head;
	u32 nseg;
	u32 seg_off[3], seg_len[3];
	u64 len;
	bool data_write;
	u32 status_off;
};

/* The status the device owes this request, and the bytes it writes. */
static u8 oracle(const struct req *r, u32 *written)
{
	u64 in_len = r->data_write ? r->len : 0, out_len = r->data_write ? 0 : r->len;
	u64 len = r->type == 0 ? in_len : out_len;

	*written = 0;
	switch (r->type) {
	case 0:
	case 1:
		if (len % 512 || len > VIRTIO_BLK_MAX_DATA || r->sector > DISK_SECTORS ||
		    len > DISK_SIZE - r->sector * 512)
			return 1;
		*written = r->type == 0 ? (u32)len : 0;
		return 0;
	case 4:
		return 0;
	case 8:
		*written = (u32)(in_len < 20 ? in_len : 20);
		return 0;
	}
	return 2;
}

/* Build request r from the input at descriptor base; *cursor: where its
 * buffers go in the data area. */
static void build(struct fuzz_input *in, struct req *r, u16 base, u32 j, u32 *cursor)
{
	static const u32 types[] = {0, 1, 4, 8};
	u8 t = (u8)fuzz_take(in, 1), s = (u8)fuzz_take(in, 1);
	u32 hdr_off = HDR_OFF + 32 * j;
	struct {
		u32 type, reserved;
		u64 sector;
	} h;
	u16 d = base;
	bool split = t & 0x40;

	r->type = t & 0x80 ? (u32)fuzz_take(in, 4) : types[t % 4];
	r->sector = s & 0x80 ? fuzz_take(in, 8) : s % (DISK_SECTORS + 4);
	r->nseg = (t >> 2) % 4;
	r->data_write = r->type == 0 || r->type == 8 || (r->type != 1 && (t & 0x20));
	r->head = base;
	r->len = 0;
	h.type = r->type;
	h.reserved = 0;
	h.sector = r->sector;
	memcpy(vz.ram + hdr_off, &h, sizeof(h));
	if (split) {
		vf_set_desc(&vz, 0, d, vf_gpa(hdr_off), 8, VIRTQ_DESC_F_NEXT, d + 1);
		d++;
		vf_set_desc(&vz, 0, d, vf_gpa(hdr_off + 8), 8, VIRTQ_DESC_F_NEXT, d + 1);
	} else {
		vf_set_desc(&vz, 0, d, vf_gpa(hdr_off), 16, VIRTQ_DESC_F_NEXT, d + 1);
	}
	d++;
	for (u32 i = 0; i < r->nseg; i++) {
		u8 l = (u8)fuzz_take(in, 1);
		u32 len = l & 0x80 ? (u32)fuzz_take(in, 2) % 2048 : (l % 17) * 512;

		if (*cursor + len > VF_RAM_SIZE)
			len = VF_RAM_SIZE - *cursor;
		r->seg_off[i] = *cursor;
		r->seg_len[i] = len;
		memset(vz.ram + *cursor, 0x5a, len);
		vf_set_desc(&vz, 0, d, vf_gpa(*cursor), len,
			    VIRTQ_DESC_F_NEXT | (r->data_write ? VIRTQ_DESC_F_WRITE : 0), d + 1);
		*cursor += len;
		r->len += len;
		d++;
	}
	r->status_off = STATUS_OFF + 2 * j;
	vz.ram[r->status_off] = 0xee;
	vf_set_desc(&vz, 0, d, vf_gpa(r->status_off), 1, VIRTQ_DESC_F_WRITE, 0);
}

/* The data the device wrote into r's buffers equals want[0..n). */
static bool data_is(const struct req *r, const u8 *want, u32 n)
{
	for (u32 i = 0; i < r->nseg && n; i++) {
		u32 k = r->seg_len[i] < n ? r->seg_len[i] : n;

		if (memcmp(vz.ram + r->seg_off[i], want, k))
			return false;
		want += k;
		n -= k;
	}
	return true;
}

/* Write r's data (an OUT that succeeded) into the shadow disk. */
static void shadow_write(const struct req *r)
{
	u64 at = r->sector * 512;

	for (u32 i = 0; i < r->nseg; i++) {
		memcpy(shadow + at, vz.ram + r->seg_off[i], r->seg_len[i]);
		at += r->seg_len[i];
	}
}

static void check(const struct req *r, u16 used_i)
{
	u8 id[20] = "zv-fuzz";
	u32 written, uid, ulen;
	u8 want = oracle(r, &written);

	vf_used(&vz, 0, used_i, &uid, &ulen);
	CHECK(uid == r->head);
	CHECK(vz.ram[r->status_off] == want);
	CHECK(ulen == written + 1);
	/* Requests are served in order: the shadow is the disk as this one
	 * found it. */
	if (want == 0 && r->type == 0)
		CHECK(data_is(r, shadow + r->sector * 512, written));
	if (want == 0 && r->type == 8)
		CHECK(data_is(r, id, written));
	if (want == 0 && r->type == 1)
		shadow_write(r);
}

static void requests(struct fuzz_input *in)
{
	struct req r[2];
	u32 n = 1 + (u32)(fuzz_take(in, 1) & 1), cursor = BUF_OFF;
	u16 used;

	if (vz.dirty || vz.dev.status != 0x0f)
		vf_up(&vz, 0, 1);
	used = vf_used_idx(&vz, 0);
	for (u32 j = 0; j < n; j++) {
		build(in, &r[j], (u16)(8 * j), j, &cursor);
		vf_offer(&vz, 0, r[j].head);
	}
	vf_notify(&vz, 0);
	CHECK(!vf_failed(&vz));
	CHECK(vf_used_idx(&vz, 0) == (u16)(used + n));
	for (u32 j = 0; j < n; j++)
		check(&r[j], (u16)(used + j));
	CHECK(!memcmp(disk, shadow, DISK_SIZE));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_input in = {data, size};

	if (!disk)
		disk = malloc(DISK_SIZE);
	for (u32 i = 0; i < DISK_SIZE; i++)
		disk[i] = (u8)(i * 7 + i / 512);
	memcpy(shadow, disk, DISK_SIZE);
	vf_zone_init(&vz, 0, "fuzz", "");
	CHECK(virtio_blk_attach(&vz.zone, &vz.dev, &blk, VF_DEV_GPA, 9, (u64)(uintptr_t)disk,
				DISK_SIZE) == 0);
	vf_up(&vz, 0, 1);
	while (in.left) {
		if (fuzz_take(&in, 1) & 1) {
			requests(&in);
		} else {
			vf_hostile(&vz, &in, 1);
			/* A raw chain may be a valid write: take what it did. */
			memcpy(shadow, disk, DISK_SIZE);
		}
	}
	return 0;
}
