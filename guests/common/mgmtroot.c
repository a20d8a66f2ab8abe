/* SPDX-License-Identifier: MIT */
/*
 * A bare-metal root zone for the management system tests: it drives the
 * hypervisor's management service through the hypercall pipe
 * (HC_MGMT_WRITE / HC_MGMT_READ, docs/management.md) and prints each
 * answer, for tests/system/test_zones.py test_manage_bare: list, the
 * refusals, stop (the managed zone's heartbeat stops), load of the image
 * its own initrd holds (guests/common/banner.c) and start, restart, stats.
 * In a zone that is not the root, every call must be refused.
 */
#include <zv/mgmt_abi.h>

#include "guest.h"

/* Where the zone description puts the image to load (initrd-addr), and
 * how much of it is sent: the image and zeroes after it. */
#define IMAGE_OFFSET 0x800000
#define IMAGE_SIZE 0x10000
#define MANAGED "bare"

extern char GUEST_BASE[]; /* the link address (guests.mk), where RAM begins */

static u8 req[MGMT_HDR_SIZE + MGMT_MAX_PAYLOAD];
static u8 ans[MGMT_HDR_SIZE + MGMT_MAX_PAYLOAD];
static u8 seq;
static char self[MGMT_NAME_LEN];

static void put32(u8 *p, u32 v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (u8)(v >> (8 * i));
}

static void put64(u8 *p, u64 v)
{
	put32(p, (u32)v);
	put32(p + 4, (u32)(v >> 32));
}

static u32 get32(const u8 *p)
{
	return (u32)p[0] | (u32)p[1] << 8 | (u32)p[2] << 16 | (u32)p[3] << 24;
}

static u64 get64(const u8 *p)
{
	return get32(p) | (u64)get32(p + 4) << 32;
}

static void put_name(u8 *p, const char *name)
{
	u32 i = 0;

	for (; i < MGMT_NAME_LEN && name[i]; i++)
		p[i] = (u8)name[i];
	for (; i < MGMT_NAME_LEN; i++)
		p[i] = 0;
}

static void delay_ms(u64 ms)
{
	u64 end = g_arch_time() + GUEST_TIMER_HZ / 1000 * ms;

	while (g_arch_time() < end)
		;
}

/* Read n answer bytes into ans + at; false if the pipe has fewer. */
static bool pipe_read(u32 at, u32 n)
{
	u64 got = 0;

	return g_arch_hypercall(HC_MGMT_READ, (u64)(uintptr_t)(ans + at), n, 0, 0, &got) == 0 &&
	       got == n;
}

/* Send one request; its answer's status, or 100 + -ret when the call
 * itself fails, 99 when no answer came (load data has none: 0). */
static u32 call(u8 op, u32 len)
{
	u64 unused;
	long ret;

	req[0] = MGMT_MAGIC0, req[1] = MGMT_MAGIC1, req[2] = op, req[3] = ++seq;
	put32(req + 4, len);
	ret = g_arch_hypercall(HC_MGMT_WRITE, (u64)(uintptr_t)req, MGMT_HDR_SIZE + len, 0, 0,
			       &unused);
	if (ret)
		return 100 + (u32)-ret;
	if (op == MGMT_OP_LOAD_DATA)
		return 0;
	if (!pipe_read(0, MGMT_HDR_SIZE) || get32(ans + 4) < 4 ||
	    get32(ans + 4) > MGMT_MAX_PAYLOAD || !pipe_read(MGMT_HDR_SIZE, get32(ans + 4)) ||
	    ans[2] != (op | MGMT_ANSWER) || ans[3] != seq)
		return 99;
	return get32(ans + MGMT_HDR_SIZE);
}

static u32 zone_call(u8 op, const char *zone)
{
	put_name(req + MGMT_HDR_SIZE, zone);
	return call(op, MGMT_NAME_LEN);
}

static void list(void)
{
	const u8 *d = ans + MGMT_HDR_SIZE + 4;
	u32 st = call(MGMT_OP_LIST, 0);

	g_printf("mgmtroot: list: status %u\n", (u64)st);
	for (u32 i = 0; st == 0 && i < get32(d) && i < 8; i++) {
		const u8 *z = d + 4 + i * sizeof(struct mgmt_zone_info);

		g_printf("mgmtroot: zone %s id %u state %u cpus %u flags %u mem %u\n",
			 (const char *)z, (u64)get32(z + 24), (u64)get32(z + 28),
			 (u64)get32(z + 32), (u64)get32(z + 36), get64(z + 40));
		if (get32(z + 36) & MGMT_ZF_ROOT)
			for (u32 k = 0; k < MGMT_NAME_LEN; k++)
				self[k] = (char)z[k];
	}
}

static u32 load_begin(u64 size)
{
	u8 *b = req + MGMT_HDR_SIZE;

	put_name(b, MANAGED);
	put64(b + MGMT_NAME_LEN, MGMT_ADDR_CONFIGURED);
	put64(b + MGMT_NAME_LEN + 8, MGMT_ADDR_CONFIGURED);
	put64(b + MGMT_NAME_LEN + 16, size);
	for (u32 i = MGMT_NAME_LEN + 24; i < sizeof(struct mgmt_load_begin); i++)
		b[i] = 0;
	return call(MGMT_OP_LOAD_BEGIN, sizeof(struct mgmt_load_begin));
}

static u64 t_stream; /* counter ticks spent streaming data, all loads */

/* Stream the image in this zone's memory at IMAGE_OFFSET. */
static u32 load(void)
{
	const u8 *img = (const u8 *)(uintptr_t)((uintptr_t)GUEST_BASE + IMAGE_OFFSET);
	u32 st = load_begin(IMAGE_SIZE);
	u64 t0 = g_arch_time();

	for (u32 off = 0; st == 0 && off < IMAGE_SIZE; off += MGMT_CHUNK) {
		u8 *p = req + MGMT_HDR_SIZE;

		put32(p, 0), put32(p + 4, 0), put64(p + 8, off);
		for (u32 i = 0; i < MGMT_CHUNK; i++)
			p[16 + i] = img[off + i];
		st = call(MGMT_OP_LOAD_DATA, 16 + MGMT_CHUNK);
	}
	st = st ? st : zone_call(MGMT_OP_LOAD_END, MANAGED);
	t_stream += g_arch_time() - t0;
	return st;
}

void g_exception(u64 cause, u64 pc, u64 tval)
{
	g_printf("mgmtroot: unexpected exception 0x%x at 0x%x\n", cause, pc);
	g_park();
}

/* ---- Soak: SOAK_CYCLES stop-load-start cycles, each verified ---- */

#define SOAK_CYCLES 200

static u64 ticks_us(u64 t)
{
	return t * 1000 / (GUEST_TIMER_HZ / 1000);
}

/* The managed zone is running its boots-th boot, and the loaded image
 * (banner.c) has printed its line: its second hypercall since the start. */
static bool zone_ran(u64 boots)
{
	const u8 *d = ans + MGMT_HDR_SIZE + 4;

	if (zone_call(MGMT_OP_STATS, MANAGED))
		return false;
	return get32(d) == MGMT_ZONE_RUNNING && get64(d + 8) == boots && get64(d + 16 + 8 * 2) >= 2;
}

/* One cycle; 0 or the step that failed (1 stop, 2 load, 3 start, 4 the
 * zone did not run). */
static u32 soak_cycle(u64 boots, u64 *t_load)
{
	u64 t0;

	if (zone_call(MGMT_OP_STOP, MANAGED))
		return 1;
	t0 = g_arch_time();
	if (load())
		return 2;
	*t_load += g_arch_time() - t0;
	if (zone_call(MGMT_OP_START, MANAGED))
		return 3;
	for (u32 wait = 0; wait < 100 && !zone_ran(boots); wait++)
		delay_ms(5);
	return zone_ran(boots) ? 0 : 4;
}

/* The same bytes copied inside this zone: what the load is measured
 * against. */
static u64 memcpy_ticks(void)
{
	const u64 *src = (const u64 *)((uintptr_t)GUEST_BASE + IMAGE_OFFSET);
	u64 *dst = (u64 *)((uintptr_t)GUEST_BASE + IMAGE_OFFSET + 0x200000);
	u64 t0 = g_arch_time();

	for (u32 i = 0; i < IMAGE_SIZE / 8; i++)
		dst[i] = src[i];
	return g_arch_time() - t0;
}

static void soak(void)
{
	u64 t_load = 0, t0, t_all, boots = 0, t_copy;
	u32 failed = 0, first = 0, step = 0;

	zone_call(MGMT_OP_STATS, MANAGED);
	boots = get64(ans + MGMT_HDR_SIZE + 4 + 8);
	t0 = g_arch_time();
	t_stream = 0;
	for (u32 i = 1; i <= SOAK_CYCLES; i++) {
		u32 s = soak_cycle(boots + i, &t_load);

		if (s && !failed++)
			first = i, step = s;
		if (s == 1 || s == 2 || s == 3)
			break; /* the service said no: the zone is not where we think */
	}
	t_all = g_arch_time() - t0;
	t_copy = memcpy_ticks();
	g_printf("mgmtroot: soak: %u cycles, %u failed (first: cycle %u step %u)\n",
		 (u64)SOAK_CYCLES, (u64)failed, (u64)first, (u64)step);
	g_printf("mgmtroot: soak: %u us per cycle; load %u KiB in %u us each (%u us streaming, "
		 "%u KiB/s; the rest is the 16 MiB scrub); memcpy in the root %u KiB/s\n",
		 ticks_us(t_all) / SOAK_CYCLES, (u64)IMAGE_SIZE / 1024,
		 ticks_us(t_load) / SOAK_CYCLES, ticks_us(t_stream) / SOAK_CYCLES,
		 (u64)IMAGE_SIZE / 1024 * SOAK_CYCLES * 1000000 / (ticks_us(t_stream) + 1),
		 (u64)IMAGE_SIZE / 1024 * 1000000 / (ticks_us(t_copy) + 1));
}

static void refusals(void)
{
	g_printf("mgmtroot: stop self: status %u\n", (u64)zone_call(MGMT_OP_STOP, self));
	g_printf("mgmtroot: stop unknown: status %u\n", (u64)zone_call(MGMT_OP_STOP, "nope"));
	g_printf("mgmtroot: start running: status %u\n", (u64)zone_call(MGMT_OP_START, MANAGED));
	g_printf("mgmtroot: load running: status %u\n", (u64)load_begin(0x1000));
}

void guest_main(void)
{
	u64 v = 0;
	u32 st;

	g_arch_init();
	st = call(MGMT_OP_HELLO, 0);
	if (st >= 100) {
		g_printf("mgmtroot: control refused: write %u, read %d\n", (u64)st,
			 (u64)g_arch_hypercall(HC_MGMT_READ, (u64)(uintptr_t)ans, 64, 0, 0, &v));
		for (;;)
			g_arch_wait();
	}
	g_printf("mgmtroot: hello: status %u version %u\n", (u64)st,
		 (u64)get32(ans + MGMT_HDR_SIZE + 4));
	list();
	delay_ms(500);
	refusals();
	g_printf("mgmtroot: stop %s: status %u\n", MANAGED, (u64)zone_call(MGMT_OP_STOP, MANAGED));
	delay_ms(1500);
	g_printf("mgmtroot: load too big: status %u\n", (u64)load_begin(0x2000000));
	g_printf("mgmtroot: load %s: status %u\n", MANAGED, (u64)load());
	list();
	g_printf("mgmtroot: start %s: status %u\n", MANAGED,
		 (u64)zone_call(MGMT_OP_START, MANAGED));
	delay_ms(2500);
	g_printf("mgmtroot: restart %s: status %u\n", MANAGED,
		 (u64)zone_call(MGMT_OP_RESTART, MANAGED));
	delay_ms(1000);
	st = zone_call(MGMT_OP_STATS, MANAGED);
	g_printf("mgmtroot: stats %s: status %u state %u boots %u\n", MANAGED, (u64)st,
		 (u64)get32(ans + MGMT_HDR_SIZE + 4), get64(ans + MGMT_HDR_SIZE + 12));
	g_printf("mgmtroot: done\n");
	soak();
	g_printf("mgmtroot: soak done\n");
	for (;;)
		g_arch_wait();
}
