/* SPDX-License-Identifier: MIT */
/* A second bare-metal image for the management tests: the root zone loads
 * it into a stopped zone and starts it (docs/management.md). It says so,
 * then ticks once a second. */
#include "guest.h"

static volatile u32 ticks;

/* Where the management test's descriptions put this zone's device tree
 * (zvctl load --generate-dtb): 12 MiB into its memory, on every ISA. */
#define DTB_OFFSET 0xc00000u
extern char _start[];

static u32 be32(const u8 *p)
{
	return (u32)p[0] << 24 | (u32)p[1] << 16 | (u32)p[2] << 8 | p[3];
}

static bool str_is(const char *a, const char *b)
{
	while (*a && *a == *b)
		a++, b++;
	return *a == *b;
}

/* Say what /chosen of the tree at DTB_OFFSET gives as the initrd: the test
 * compares it with what the root loaded. A walk of the structure block
 * (devicetree spec 5.4), bounded by the tree's own sizes. */
static void dtb_report(void)
{
	const u8 *t = (const u8 *)_start - ((u64)_start & 0xffffff) + DTB_OFFSET, *s, *str;
	u32 ssize, off = 0, depth = 0, in_chosen = 0;
	u64 start = 0, end = 0;
	int found = 0;

	if (be32(t) != 0xd00dfeed) {
		g_printf("banner: no device tree\n");
		return;
	}
	s = t + be32(t + 8), str = t + be32(t + 12), ssize = be32(t + 36);
	while (off + 4 <= ssize) {
		u32 tok = be32(s + off);

		off += 4;
		if (tok == 1) { /* begin node */
			const char *name = (const char *)s + off;
			u32 n = 0;

			while (off + n < ssize && name[n])
				n++;
			in_chosen = ++depth == 2 && str_is(name, "chosen");
			off += (n + 4) & ~3u;
		} else if (tok == 2) { /* end node */
			depth--, in_chosen = 0;
		} else if (tok == 3) { /* property */
			u32 len = be32(s + off);
			const char *name = (const char *)str + be32(s + off + 4);
			const u8 *v = s + off + 8;

			if (in_chosen && len == 8 && str_is(name, "linux,initrd-start"))
				start = (u64)be32(v) << 32 | be32(v + 4), found |= 1;
			if (in_chosen && len == 8 && str_is(name, "linux,initrd-end"))
				end = (u64)be32(v) << 32 | be32(v + 4), found |= 2;
			off += 8 + ((len + 3) & ~3u);
		} else if (tok != 4) { /* not a NOP: the end */
			break;
		}
	}
	if (found == 3)
		g_printf("banner: device tree: initrd 0x%x-0x%x\n", start, end);
	else
		g_printf("banner: device tree: no initrd\n");
}

void g_irq(enum g_irq kind)
{
	if (kind == G_IRQ_TIMER) {
		ticks++;
		g_arch_timer_set(g_arch_time() + GUEST_TIMER_HZ);
	}
}

void g_exception(u64 cause, u64 pc, u64 tval)
{
	g_printf("banner: unexpected exception 0x%x at 0x%x\n", cause, pc);
	g_park();
}

void guest_main(void)
{
	u64 boots = 0, t0 = g_arch_time(); /* for bench/mgmt.py */
	u32 seen = 0;

	g_arch_init();
	g_arch_hypercall(HC_ZONE_BOOTS, 0, 0, 0, 0, &boots);
	g_printf("banner: the loaded image runs (boot %u) at counter %u of %u Hz\n", boots, t0,
		 (u64)GUEST_TIMER_HZ);
	dtb_report();
	/* A second hypercall tells a root watching its exit counts
	 * (mgmtroot.c's soak) that the line is out. */
	g_arch_hypercall(HC_ZONE_ID, 0, 0, 0, 0, &boots);
	g_arch_irq_enable(true);
	g_arch_timer_set(g_arch_time() + GUEST_TIMER_HZ);
	for (;;) {
		while (ticks == seen)
			g_arch_wait();
		seen = ticks;
		g_printf("banner: tick %u\n", (u64)seen);
	}
}
