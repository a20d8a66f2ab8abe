/* SPDX-License-Identifier: MIT */
/*
 * Channel echo (configs/<board>/chanlinux.dts): the bare member of a
 * channel whose other member is a Linux zone that sees it as a virtio-
 * console port (src/core/chan_port.c). Side 1 of channel 1: every byte
 * received is sent back. As zone id 2 (the test's hostile variant) it
 * echoes 64 KiB, then writes indices far outside the rings into both ring
 * headers and keeps doorbelling. Lines: "ECHO ready", "ECHO corrupted
 * the ring headers", "ECHO echoed N bytes" every 256 KiB.
 */
#include "guest.h"
#include "zvchan.h"

#define CHAN_ID 1
#define LINUX_ZONE 0
#define HOSTILE_ZONE 2
#define HOSTILE_AFTER 65536u
#define ECHO_CHUNK 2048u

void g_exception(u64 cause, u64 pc, u64 tval)
{
	g_printf("chanecho: unexpected exception 0x%x at 0x%x (0x%x)\n", cause, pc, tval);
	g_park();
}

/* Indices far outside both rings: the hypervisor must refuse them. */
static void corrupt_headers(void)
{
	volatile u8 *base = (volatile u8 *)GUEST_CHAN_GPA;
	u32 half = GUEST_CHAN_SIZE / 2;

	*(volatile u32 *)(base + ZVCHAN_OFF_TAIL) = 0xfffffff0u;	/* Linux's tx tail */
	*(volatile u32 *)(base + half + ZVCHAN_OFF_HEAD) = 0x7ffffff0u; /* our head */
	g_printf("ECHO corrupted the ring headers\n");
	for (u32 i = 0; i < 1000; i++)
		zvchan_notify(&g_chan);
}

static void echo(bool hostile)
{
	static u8 buf[ECHO_CHUNK];
	u32 have = 0, off = 0, total = 0, mark = 0;

	for (;;) {
		u32 seen = g_chan_doorbells;
		bool moved = false;
		long n;

		if (have == off) {
			have = off = 0;
			if ((n = zvchan_recv(&g_chan, buf, ECHO_CHUNK)) > 0) {
				have = (u32)n;
				moved = true;
			}
		}
		if (off < have && (n = zvchan_send(&g_chan, buf + off, have - off)) > 0) {
			off += (u32)n;
			total += (u32)n;
			moved = true;
		}
		if (moved)
			zvchan_notify(&g_chan);
		else
			g_chan_wait(seen);
		if (total - mark >= 262144u) {
			mark = total;
			g_printf("ECHO echoed %u bytes\n", (u64)total);
		}
		if (hostile && total >= HOSTILE_AFTER) {
			corrupt_headers();
			return;
		}
	}
}

void guest_main(void)
{
	u64 id = 0;

	g_arch_init();
	g_arch_hypercall(HC_ZONE_ID, 0, 0, 0, 0, &id);
	g_arch_ext_enable(GUEST_CHAN_DOORBELL);
	if (zvchan_open(&g_chan, (void *)GUEST_CHAN_GPA, GUEST_CHAN_SIZE, 1, CHAN_ID, LINUX_ZONE)) {
		g_printf("ECHO open failed\n");
		g_arch_shutdown();
	}
	g_arch_irq_enable(true);
	g_printf("ECHO ready\n");
	echo(id == HOSTILE_ZONE);
	for (u64 beat = 0;; beat++) {
		u64 end = g_arch_time() + GUEST_TIMER_HZ;

		while (g_arch_time() < end)
			g_chan_wait(g_chan_doorbells);
		g_printf("ECHO alive %u\n", beat);
	}
}
