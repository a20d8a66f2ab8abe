/* SPDX-License-Identifier: MIT */
/*
 * virtio-console's multiport control protocol and port data
 * (src/core/virtio/virtio_console.c) under a hostile driver, through the
 * real transport and walker: port 0 (the zone's console, console_putc
 * recorded here) and a named port 1 ("svc", its callbacks recorded) of a
 * zone whose RAM is an exactly sized heap buffer. Steps: a control
 * message of any length, id, event and value; a control receive buffer of
 * any size; data transmitted on a port over one to three buffers of any
 * length; receive buffers posted and input sent to a port; hostile steps
 * (virtio_driver.h) and resets.
 * Checks against an oracle from docs/virtio.md: a transmit chain gives
 * the port exactly its first min(length, VCON_TX_MAX) bytes and comes
 * back, and port 1 takes one only when its space allows a whole one; a
 * control message shorter than 8 bytes or naming no port changes
 * nothing, PORT_OPEN opens or closes exactly the named port; every
 * message the device sends names a port and is one of DEVICE_ADD,
 * CONSOLE_PORT, PORT_OPEN, PORT_NAME (with the port's name), within its
 * buffer; input fills the posted receive buffers oldest first, byte for
 * byte, and what was taken is exactly what fit; no device fails.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <zv/console.h>
#include <zv/virtio_console.h>

#include "virtio_driver.h"

#define F_MULTIPORT BIT(1)
#define NQ 6 /* port 0 rx/tx, control rx/tx, port 1 rx/tx */
#define CTRL_RXQ 2
#define CTRL_TXQ 3
#define BUF(k) (VF_DATA + (k) * 0x1000u) /* 12 areas of 4 KiB */
#define TX_AREA BUF(4)			 /* 16 KiB for transmit chains */
#define NSLOT 4

static struct vf_zone vz;
static struct virtio_console con;

/* What the ports were given: port 0 through console_putc, port 1 through
 * its write callback. */
static u8 got[2][VCON_TX_MAX];
static u32 got_len[2];
static int svc_open = -1; /* last open() value, -1 none */
static u32 svc_space;

void console_putc(struct zone *z, char c)
{
	CHECK(z == &vz.zone);
	if (got_len[0] < sizeof(got[0]))
		got[0][got_len[0]] = (u8)c;
	got_len[0]++;
}

static void svc_write(void *ctx, const u8 *buf, u32 len)
{
	/* Raw chains of hostile steps may add up past one chain's worth. */
	if (got_len[1] < sizeof(got[1]))
		memcpy(got[1] + got_len[1], buf,
		       len < sizeof(got[1]) - got_len[1] ? len : sizeof(got[1]) - got_len[1]);
	got_len[1] += len;
}

static void svc_set_open(void *ctx, bool open)
{
	svc_open = open;
}

static u32 svc_get_space(void *ctx)
{
	return svc_space;
}

static const struct vcon_port_ops svc_ops = {
    .write = svc_write,
    .open = svc_set_open,
    .space = svc_get_space,
};

/* Posted receive buffers per queue (port 0 rx, control rx, port 1 rx),
 * oldest first: slot = head % NSLOT. */
static struct {
	u32 len[NSLOT];
	u32 head, tail;
} posted[NQ];

static u32 rxq_area(u32 q)
{
	return q == 0 ? 0 : q == CTRL_RXQ ? 1 : 2; /* BUF(0..2), 1 KiB a slot */
}

static void up(void)
{
	vf_up(&vz, F_MULTIPORT, NQ);
	memset(posted, 0, sizeof(posted));
	svc_open = -1;
}

static void post(struct fuzz_input *in, u32 q)
{
	u32 k = posted[q].head % NSLOT, len = 1 + (u32)fuzz_take(in, 2) % 1024;
	u32 off = BUF(rxq_area(q)) + k * 1024;

	if (posted[q].head - posted[q].tail >= NSLOT)
		return;
	memset(vz.ram + off, 0xcc, 1024);
	vf_set_desc(&vz, q, (u16)k, vf_gpa(off), len, VIRTQ_DESC_F_WRITE, 0);
	posted[q].len[k] = len;
	posted[q].head++;
	vf_offer(&vz, q, (u16)k);
	vf_notify(&vz, q);
}

/* Every control message the device returned since last time is valid. */
static void check_ctrl_rx(void)
{
	while (vz.used_seen[CTRL_RXQ] != vf_used_idx(&vz, CTRL_RXQ)) {
		u32 id, len, k = posted[CTRL_RXQ].tail % NSLOT, blen = posted[CTRL_RXQ].len[k];
		const u8 *b = vz.ram + BUF(1) + k * 1024;
		struct vcon_ctrl m;

		CHECK(posted[CTRL_RXQ].tail != posted[CTRL_RXQ].head);
		vf_used(&vz, CTRL_RXQ, vz.used_seen[CTRL_RXQ]++, &id, &len);
		posted[CTRL_RXQ].tail++;
		CHECK(id == k && len <= blen && len >= (blen < 8 ? blen : 8));
		if (blen < 8)
			continue;
		memcpy(&m, b, sizeof(m));
		CHECK(m.id < con.nr_ports && m.value == 1);
		CHECK(m.event == 1 || m.event == 4 || m.event == 6 || m.event == 7);
		CHECK((m.event == 4) == (m.event != 1 && m.event != 6 && m.id == 0));
		if (m.event == 7)
			CHECK(len == (blen < 11 ? blen : 11) && !memcmp(b + 8, "svc", len - 8));
		else
			CHECK(len == 8);
	}
}

static void ctrl_message(struct fuzz_input *in)
{
	static const u16 events[] = {0, 3, 6};
	u8 c = (u8)fuzz_take(in, 1);
	struct vcon_ctrl m = {
	    .id = c & 0x80 ? (u32)fuzz_take(in, 4) : (c >> 4) % 3,
	    .event = c & 0x08 ? (u16)fuzz_take(in, 2) : events[c % 3],
	    .value = c & 0x04 ? (u16)fuzz_take(in, 2) : (c >> 6) & 1,
	};
	u32 len = c & 0x40 ? (u32)fuzz_take(in, 1) % 12 : 8, off = BUF(3);
	u16 used = vf_used_idx(&vz, CTRL_TXQ);
	int open_before = svc_open;
	bool ready_before = con.driver_ready;

	memset(vz.ram + off, 0, 16);
	memcpy(vz.ram + off, &m, sizeof(m));
	vf_set_desc(&vz, CTRL_TXQ, 0, vf_gpa(off), len, 0, 0);
	vf_offer(&vz, CTRL_TXQ, 0);
	vf_notify(&vz, CTRL_TXQ);
	CHECK(vf_used_idx(&vz, CTRL_TXQ) == (u16)(used + 1));
	/* DEVICE_READY (0) is about the device, its id unused (5.3.6.2). */
	if (len < 8 || (m.event != 0 && m.id >= con.nr_ports) ||
	    (m.event != 0 && m.event != 3 && m.event != 6)) {
		CHECK(svc_open == open_before && con.driver_ready == ready_before);
	} else if (m.event == 6 && m.id == 1) {
		CHECK(svc_open == (m.value != 0));
	} else if (m.event == 0 && m.value) {
		CHECK(con.driver_ready);
	}
	check_ctrl_rx();
}

static void transmit(struct fuzz_input *in)
{
	u32 port = (u32)fuzz_take(in, 1) & 1, q = port ? 5 : 1;
	u32 total = (u32)fuzz_take(in, 2) % 0x4000,
	    cut1 = total ? (u32)fuzz_take(in, 2) % total : 0;
	u32 at[4] = {0, cut1, cut1 + (total - cut1) / 2, total}, want;
	u16 used = vf_used_idx(&vz, q), d = 0;
	u8 *tx = vz.ram + TX_AREA, seed = (u8)fuzz_take(in, 1);
	bool take = port == 0 || svc_space >= VCON_TX_MAX;

	for (u32 i = 0; i < total; i++)
		tx[i] = (u8)(seed + i * 31);
	for (u32 i = 0; i < 3; i++) {
		if (at[i + 1] == at[i] && !(i == 2 && d == 0))
			continue;
		vf_set_desc(&vz, q, d, vf_gpa(TX_AREA + at[i]), at[i + 1] - at[i],
			    VIRTQ_DESC_F_NEXT, d + 1);
		d++;
	}
	vf_desc(&vz, q, d - 1)->flags = 0;
	got_len[port] = 0;
	vf_offer(&vz, q, 0);
	vf_notify(&vz, q);
	want = total < VCON_TX_MAX ? total : VCON_TX_MAX;
	if (!take) {
		CHECK(vf_used_idx(&vz, q) == used && got_len[port] == 0);
		vz.dirty = true; /* the chain stays offered */
		return;
	}
	CHECK(vf_used_idx(&vz, q) == (u16)(used + 1));
	CHECK(got_len[port] == want && !memcmp(got[port], tx, want));
}

/* Input for port p: fills its posted buffers oldest first. */
static void receive(struct fuzz_input *in)
{
	u32 port = (u32)fuzz_take(in, 1) & 1, q = port ? 4 : 0;
	u32 len = 1 + (u32)fuzz_take(in, 2) % 2048, done, fit = 0, at = 0;
	static u8 buf[2048];
	u16 used = vf_used_idx(&vz, q);

	for (u32 i = 0; i < len; i++)
		buf[i] = (u8)(i * 7 + len);
	for (u32 t = posted[q].tail; t != posted[q].head && fit < len; t++)
		fit += posted[q].len[t % NSLOT];
	done = virtio_console_send(&con, port, buf, len);
	CHECK(done == (fit < len ? fit : len));
	while (at < done) {
		u32 k = posted[q].tail % NSLOT, blen = posted[q].len[k], id, ulen;
		u32 n = done - at < blen ? done - at : blen;

		vf_used(&vz, q, used++, &id, &ulen);
		CHECK(id == k && ulen == n);
		CHECK(!memcmp(vz.ram + BUF(rxq_area(q)) + k * 1024, buf + at, n));
		posted[q].tail++;
		at += n;
	}
	CHECK(vf_used_idx(&vz, q) == used);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_input in = {data, size};

	memset(&vf_table, 0, sizeof(vf_table));
	vf_zone_init(&vz, 0, "fuzz", "");
	CHECK(virtio_console_attach(&vz.zone, &vz.dev, &con, VF_DEV_GPA, 9) == 0);
	CHECK(virtio_console_add_port(&con, "svc", &svc_ops, NULL) == 1);
	svc_space = 0;
	up();
	while (in.left) {
		u8 op = (u8)fuzz_take(&in, 1);

		if (vz.dirty || vf_failed(&vz) || vz.dev.status != 0x0f)
			up();
		switch (op % 8) {
		case 0:
		case 1:
			ctrl_message(&in);
			break;
		case 2:
			post(&in, (u32[]){0, CTRL_RXQ, 4}[(op >> 3) % 3]);
			check_ctrl_rx();
			break;
		case 3:
			transmit(&in);
			break;
		case 4:
			receive(&in);
			break;
		case 5:
			svc_space = op & 0x80 ? VCON_TX_MAX : (u32)fuzz_take(&in, 2);
			break;
		case 6:
			vf_hostile(&vz, &in, NQ);
			break;
		default:
			virtio_dev_reset(&vz.dev);
			vz.dirty = true;
		}
		CHECK(!vf_failed(&vz) || vz.dirty);
	}
	return 0;
}
