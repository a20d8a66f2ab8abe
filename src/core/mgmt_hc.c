/* SPDX-License-Identifier: MIT */
/*
 * The management service's hypercall pipe: a root zone without the
 * virtio control port (a bare-metal root, the system tests) writes request
 * bytes with HC_MGMT_WRITE and reads the answers with HC_MGMT_READ. Only
 * the root zone may: any other zone gets -ZV_EPERM and the service never
 * sees its bytes. Guest buffers are checked against the caller's zone.
 */
#include <zv/hypercall.h>
#include <zv/lib.h>
#include <zv/mgmt.h>
#include <zv/spinlock.h>
#include <zv/vcpu.h>
#include <zv/zone.h>

#include "mgmt_int.h"

static struct {
	spinlock_t lock;
	u8 buf[MGMT_HC_PIPE];
	u32 head, len; /* oldest byte, bytes queued */
	u32 dropped;   /* answers that did not fit */
} pipe;

/* Whole answers only: one that does not fit is dropped (the root reads
 * too little), counted, and the root's next read sees the others intact. */
void mgmt_hc_tx(void *ctx, const u8 *data, u32 len)
{
	spin_lock(&pipe.lock);
	if (len > MGMT_HC_PIPE - pipe.len) {
		pipe.dropped++;
	} else {
		for (u32 i = 0; i < len; i++)
			pipe.buf[(pipe.head + pipe.len + i) % MGMT_HC_PIPE] = data[i];
		pipe.len += len;
	}
	spin_unlock(&pipe.lock);
}

static bool mgmt_hc_root(const struct vcpu *v)
{
	return mgmt.root && v->zone == mgmt.root;
}

s64 mgmt_hc_write(struct vcpu *v, u64 gpa, u64 len)
{
	u64 hpa;

	if (!mgmt_hc_root(v))
		return -ZV_EPERM;
	if (len > MGMT_HDR_SIZE + MGMT_MAX_PAYLOAD)
		return -ZV_EINVAL;
	if (!zone_gpa_to_hpa(v->zone, gpa, len, &hpa))
		return -ZV_EFAULT;
	/* The parser reads each byte once and copies what it keeps. */
	mgmt_rx((const u8 *)(uintptr_t)hpa, (u32)len);
	return 0;
}

s64 mgmt_hc_read(struct vcpu *v, u64 gpa, u64 size, u64 *value)
{
	u64 hpa, n;
	u8 *dst;

	if (!mgmt_hc_root(v))
		return -ZV_EPERM;
	if (size > MGMT_HC_PIPE)
		size = MGMT_HC_PIPE;
	if (!zone_gpa_to_hpa(v->zone, gpa, size, &hpa))
		return -ZV_EFAULT;
	dst = (u8 *)(uintptr_t)hpa;
	spin_lock(&pipe.lock);
	n = pipe.len < size ? pipe.len : size;
	for (u64 i = 0; i < n; i++)
		dst[i] = pipe.buf[(pipe.head + i) % MGMT_HC_PIPE];
	pipe.head = (u32)((pipe.head + n) % MGMT_HC_PIPE);
	pipe.len -= (u32)n;
	spin_unlock(&pipe.lock);
	*value = n;
	return 0;
}
