/* SPDX-License-Identifier: MIT */
/* zvctl's protocol: find the control port by name, send a request, wait
 * for its answer (docs/management.md). */
#include "zvctl.h"

#define ANSWER_TIMEOUT_S 30

static int ctl = -1;
static uint8_t seq;
uint8_t ans[MGMT_HDR_SIZE + MGMT_MAX_PAYLOAD];
uint32_t ans_len; /* payload bytes of the last answer */

static const char *const status_names[MGMT_STATUSES] = {"ok",
							"protocol error",
							"request too big",
							"invalid request",
							"no such zone",
							"not permitted",
							"wrong zone state",
							"image check failed",
							"load out of sequence",
							"no console port"};

/* ---- Finding and opening a port by name ---- */

struct dirent64 {
	uint64_t ino;
	int64_t off;
	unsigned short reclen;
	unsigned char type;
	char name[];
};

int open_port(const char *want)
{
	static char dents[4096];
	char path[128], name[64];
	int dir = sys_open("/sys/class/virtio-ports", O_RDONLY | O_DIRECTORY), fd = -1;
	long n;

	if (dir < 0)
		return -1;
	while (fd < 0 && (n = sys3(SYS_GETDENTS64, dir, dents, sizeof(dents))) > 0) {
		for (long off = 0; fd < 0 && off < n;) {
			struct dirent64 *d = (struct dirent64 *)(dents + off);
			int nf;
			long len;

			off += d->reclen;
			if (d->name[0] == '.' || strlen(d->name) > 40)
				continue;
			memcpy(path, "/sys/class/virtio-ports/", 24);
			memcpy(path + 24, d->name, strlen(d->name));
			memcpy(path + 24 + strlen(d->name), "/name", 6);
			if ((nf = sys_open(path, O_RDONLY)) < 0)
				continue;
			len = sys_read(nf, name, sizeof(name) - 1);
			sys_close(nf);
			if (len <= 0)
				continue;
			name[len] = 0;
			if (name[len - 1] == '\n')
				name[len - 1] = 0;
			if (strcmp(name, want))
				continue;
			memcpy(path, "/dev/", 5);
			memcpy(path + 5, d->name, strlen(d->name) + 1);
			fd = sys_open(path, O_RDWR);
		}
	}
	sys_close(dir);
	return fd;
}

void open_control(void)
{
	ctl = open_port(MGMT_CONTROL_PORT_NAME);
	if (ctl < 0) {
		fdprintf(2,
			 "zvctl: no control port '%s' in /sys/class/virtio-ports: only the root "
			 "zone has one\n",
			 MGMT_CONTROL_PORT_NAME);
		sys_exit(EX_NOPORT);
	}
}

/* ---- Requests and answers ---- */

#define PORT_WRITE_MAX 4096u /* virtio_console.c's VCON_TX_MAX */

void send(uint8_t op, const void *payload, uint32_t len)
{
	static uint8_t f[MGMT_HDR_SIZE + MGMT_MAX_PAYLOAD];

	f[0] = MGMT_MAGIC0;
	f[1] = MGMT_MAGIC1;
	f[2] = op;
	f[3] = seq;
	put32(f + 4, len);
	memcpy(f + MGMT_HDR_SIZE, payload, len);
	/* One write is one transmit buffer, and the device takes at most
	 * PORT_WRITE_MAX bytes of a buffer: a frame goes in pieces. */
	for (uint32_t off = 0, n = MGMT_HDR_SIZE + len; off < n; off += PORT_WRITE_MAX) {
		uint32_t k = n - off < PORT_WRITE_MAX ? n - off : PORT_WRITE_MAX;

		if (sys_write_all(ctl, f + off, k) < 0) {
			fdprintf(2, "zvctl: writing to the control port failed\n");
			sys_exit(EX_IO);
		}
	}
}

/* Read exactly n bytes, waiting at most ANSWER_TIMEOUT_S for each part. */
static void read_exact(uint8_t *buf, uint32_t n)
{
	struct pollfd {
		int fd;
		short events, revents;
	} p = {ctl, POLLIN, 0};
	long ts[2] = {ANSWER_TIMEOUT_S, 0}, r;

	while (n) {
		r = sys4(SYS_PPOLL, &p, 1, ts, 0);
		if (r == 0) {
			fdprintf(2, "zvctl: no answer from the hypervisor in %u s\n",
				 ANSWER_TIMEOUT_S);
			sys_exit(EX_IO);
		}
		r = r < 0 ? r : sys_read(ctl, buf, n);
		if (r == -EINTR || r == -EAGAIN)
			continue;
		if (r <= 0) {
			fdprintf(2, "zvctl: reading the control port failed (%d)\n", (int)r);
			sys_exit(EX_IO);
		}
		buf += r;
		n -= (uint32_t)r;
	}
}

/* The answer to the request just sent: its status; the payload after the
 * status is ans + MGMT_HDR_SIZE + 4, ans_len bytes. Answers to earlier
 * requests (another zvctl killed mid-request) are skipped. */
static uint32_t answer(uint8_t op)
{
	uint32_t len;

	for (;;) {
		read_exact(ans, MGMT_HDR_SIZE);
		len = get32(ans + 4);
		if (ans[0] != MGMT_MAGIC0 || ans[1] != MGMT_MAGIC1 || len < 4 ||
		    len > MGMT_MAX_PAYLOAD) {
			fdprintf(2, "zvctl: garbled answer from the hypervisor\n");
			sys_exit(EX_IO);
		}
		read_exact(ans + MGMT_HDR_SIZE, len);
		if (ans[2] == (op | MGMT_ANSWER) && ans[3] == seq)
			break;
	}
	ans_len = len - 4;
	seq++;
	return get32(ans + MGMT_HDR_SIZE);
}

void check(uint32_t status, const char *what)
{
	const char *msg = (const char *)ans + MGMT_HDR_SIZE + 4;

	if (status == MGMT_OK)
		return;
	fdprintf(2, "zvctl: %s: %s: ", what,
		 status < MGMT_STATUSES ? status_names[status] : "unknown error");
	sys_write_all(2, msg, ans_len);
	fdprintf(2, "\n");
	sys_exit(EX_REFUSED + (int)(status < 90 ? status : 89));
}

uint32_t request(uint8_t op, const void *payload, uint32_t len)
{
	send(op, payload, len);
	return answer(op);
}

void zone_ref(struct mgmt_zone_ref *r, const char *zone)
{
	if (strlen(zone) >= MGMT_NAME_LEN) {
		fdprintf(2, "zvctl: zone name '%s' longer than %u characters\n", zone,
			 MGMT_NAME_LEN - 1);
		sys_exit(EX_USAGE);
	}
	memset(r, 0, sizeof(*r));
	memcpy(r->name, zone, strlen(zone));
}
