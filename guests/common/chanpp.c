/* SPDX-License-Identifier: MIT */
/*
 * Channel ping-pong (configs/<board>/chan.dts): zones 1 and 2 exchange
 * CHAN_BYTES of a known pattern each way over channel 1 with the zvchan
 * library, both at once, each checking every byte it receives; then zone
 * 1 times CHAN_ROUNDS one-byte round trips (send, doorbell, echo,
 * doorbell). Lines: "CHAN side S: sent N sum X received N sum Y bad B
 * corrupt C", "CHAN waits: W woken by a doorbell, T timed out", "CHAN
 * round trip: R rounds, I insns T ticks each" and "CHAN DONE".
 */
#include "guest.h"
#include "zvchan.h"

#define CHAN_ID 1
#define CHAN_BYTES 65536u
#define CHAN_ROUNDS 100u
#define CHAN_CHUNK 512u

void g_exception(u64 cause, u64 pc, u64 tval)
{
	g_printf("chanpp: unexpected exception 0x%x at 0x%x (0x%x)\n", cause, pc, tval);
	g_park();
}

/* Byte i of the stream side 'side' sends. */
static u8 pattern(int side, u32 i)
{
	return (u8)(i * 31u + (i >> 9) + (u32)side * 0x5au);
}

/* FNV-1a over the stream. */
static u32 sum_add(u32 h, const u8 *p, long n)
{
	for (long i = 0; i < n; i++)
		h = (h ^ p[i]) * 16777619u;
	return h;
}

static u32 timeouts, wakes; /* round trips' waits: how they ended */

/* Sleep until a doorbell newer than 'seen', or 10 ms (g_chan_wait()),
 * counting how the waits end. */
static void wait_doorbell(u32 seen)
{
	if (g_chan_wait(seen))
		wakes++;
	else
		timeouts++;
}

struct stream {
	u32 sent, recvd, sum_tx, sum_rx, bad;
};

static bool pump(struct stream *s, int side)
{
	static u8 buf[CHAN_CHUNK];
	bool moved = false;
	u32 want;
	long n;

	if (s->sent < CHAN_BYTES) {
		want = CHAN_BYTES - s->sent < CHAN_CHUNK ? CHAN_BYTES - s->sent : CHAN_CHUNK;

		for (u32 i = 0; i < want; i++)
			buf[i] = pattern(side, s->sent + i);
		if ((n = zvchan_send(&g_chan, buf, want)) > 0) {
			s->sum_tx = sum_add(s->sum_tx, buf, n);
			s->sent += (u32)n;
			moved = true;
		}
	}
	/* Not beyond the stream: the round trips' bytes may follow it. */
	want = CHAN_BYTES - s->recvd < CHAN_CHUNK ? CHAN_BYTES - s->recvd : CHAN_CHUNK;
	if ((n = zvchan_recv(&g_chan, buf, want)) > 0) {
		for (long i = 0; i < n; i++)
			s->bad += buf[i] != pattern(!side, s->recvd + (u32)i);
		s->sum_rx = sum_add(s->sum_rx, buf, n);
		s->recvd += (u32)n;
		moved = true;
	}
	return moved;
}

static bool transfer(int side)
{
	struct stream s = {.sum_tx = 2166136261u, .sum_rx = 2166136261u};
	u64 i0 = g_arch_insn_count(), t0 = g_arch_time();
	u64 end = t0 + 20 * GUEST_TIMER_HZ;

	while ((s.sent < CHAN_BYTES || s.recvd < CHAN_BYTES) && g_arch_time() < end) {
		u32 seen = g_chan_doorbells;

		if (pump(&s, side))
			zvchan_notify(&g_chan);
		else
			wait_doorbell(seen);
	}
	g_printf("CHAN side %u: sent %u sum 0x%x received %u sum 0x%x bad %u corrupt %u\n",
		 (u64)side, (u64)s.sent, (u64)s.sum_tx, (u64)s.recvd, (u64)s.sum_rx, (u64)s.bad,
		 (u64)g_chan.corrupt);
	/* For bench/chan.py: both streams at once, pattern and sums included. */
	g_printf("CHAN transfer side %u: %u bytes each way, %u insns %u ticks (%u Hz)\n", (u64)side,
		 (u64)CHAN_BYTES, g_arch_insn_count() - i0, g_arch_time() - t0,
		 (u64)GUEST_TIMER_HZ);
	return s.sent == CHAN_BYTES && s.recvd == CHAN_BYTES && !s.bad;
}

/* Wait for one byte (20 s at most); true if it came. */
static bool recv_byte(u8 *b)
{
	u64 end = g_arch_time() + 20 * GUEST_TIMER_HZ;

	for (;;) {
		u32 seen = g_chan_doorbells;

		if (zvchan_recv(&g_chan, b, 1) == 1)
			return true;
		if (g_arch_time() >= end)
			return false;
		wait_doorbell(seen);
	}
}

static void round_trips(int side)
{
	timeouts = wakes = 0;
	u64 i0 = g_arch_insn_count(), t0 = g_arch_time();
	u32 done = 0;
	u8 b = 0;

	for (; done < CHAN_ROUNDS; done++) {
		if (side == 0) {
			b = (u8)done;
			if (zvchan_send(&g_chan, &b, 1) != 1 || zvchan_notify(&g_chan))
				break;
		}
		if (!recv_byte(&b) || b != (u8)done)
			break;
		if (side == 1 && (zvchan_send(&g_chan, &b, 1) != 1 || zvchan_notify(&g_chan)))
			break;
	}
	g_printf("CHAN waits: %u woken by a doorbell, %u timed out; %u doorbells\n", (u64)wakes,
		 (u64)timeouts, (u64)g_chan_doorbells);
	if (side == 0)
		g_printf("CHAN round trip: %u rounds, %u insns %u ticks each (%u Hz)\n", (u64)done,
			 (g_arch_insn_count() - i0) / CHAN_ROUNDS,
			 (g_arch_time() - t0) / CHAN_ROUNDS, (u64)GUEST_TIMER_HZ);
}

void guest_main(void)
{
	u64 id = 0;
	int side;

	g_arch_init();
	g_arch_hypercall(HC_ZONE_ID, 0, 0, 0, 0, &id);
	side = id == 1 ? 0 : 1;
	g_arch_ext_enable(GUEST_CHAN_DOORBELL);
	if (zvchan_open(&g_chan, (void *)GUEST_CHAN_GPA, GUEST_CHAN_SIZE, side, CHAN_ID,
			side ? 1 : 2)) {
		g_printf("CHAN open failed\n");
		g_arch_shutdown();
	}
	g_arch_irq_enable(true);
	g_printf("CHAN side %u: %s\n", (u64)side, transfer(side) ? "ok" : "FAIL");
	round_trips(side);
	g_printf("CHAN DONE\n");
	for (;;)
		g_arch_wait();
}
