/* SPDX-License-Identifier: MIT */
/*
 * zvctl: manage zonevisor zones from the root zone's Linux, with Debian's
 * stock kernel and no module: requests go over the root's virtio-console
 * control port "zv-control" (/dev/vportNpM, found by its name in
 * /sys/class/virtio-ports), in the protocol of docs/management.md.
 */
#include <zv/mgmt_abi.h>

#include "counter.h"
#include "sys.h"

/* Exit codes: distinct per kind of failure (docs/management.md). */
enum {
	EX_OK = 0,
	EX_USAGE = 1,	/* bad command line */
	EX_NOPORT = 2,	/* no control port: not the root zone, or no hypervisor */
	EX_IO = 3,	/* the port failed or the hypervisor did not answer */
	EX_FILE = 4,	/* an image file cannot be read */
	EX_REFUSED = 10 /* + the answer's status: 12..19 (MGMT_E*) */
};

#define ANSWER_TIMEOUT_S 30

static int ctl = -1;
static uint8_t seq;
static uint8_t ans[MGMT_HDR_SIZE + MGMT_MAX_PAYLOAD];
static uint32_t ans_len; /* payload bytes of the last answer */

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

static void put32(uint8_t *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

static void put64(uint8_t *p, uint64_t v)
{
	put32(p, (uint32_t)v);
	put32(p + 4, (uint32_t)(v >> 32));
}

static uint32_t get32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint64_t get64(const uint8_t *p)
{
	return get32(p) | (uint64_t)get32(p + 4) << 32;
}

/* ---- Finding and opening a port by name ---- */

struct dirent64 {
	uint64_t ino;
	int64_t off;
	unsigned short reclen;
	unsigned char type;
	char name[];
};

/* Open /dev/<vportNpM> whose /sys/class/virtio-ports/<..>/name is 'want';
 * -1 when none has it. */
static int open_port(const char *want)
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

static void open_control(void)
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

static void send(uint8_t op, const void *payload, uint32_t len)
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

/* Exit with the refusal's message when the status is not ok. */
static void check(uint32_t status, const char *what)
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

static uint32_t request(uint8_t op, const void *payload, uint32_t len)
{
	send(op, payload, len);
	return answer(op);
}

static void zone_ref(struct mgmt_zone_ref *r, const char *zone)
{
	if (strlen(zone) >= MGMT_NAME_LEN) {
		fdprintf(2, "zvctl: zone name '%s' longer than %u characters\n", zone,
			 MGMT_NAME_LEN - 1);
		sys_exit(EX_USAGE);
	}
	memset(r, 0, sizeof(*r));
	memcpy(r->name, zone, strlen(zone));
}

/* ---- Commands ---- */

static const char *state_name(uint32_t s)
{
	static const char *const n[] = {"off", "running", "stopped", "restarting"};

	return s < 4 ? n[s] : "?";
}

static int cmd_list(void)
{
	const uint8_t *d = ans + MGMT_HDR_SIZE + 4;
	uint32_t n;

	check(request(MGMT_OP_LIST, NULL, 0), "list");
	n = get32(d);
	if (ans_len < 4 + n * sizeof(struct mgmt_zone_info)) {
		fdprintf(2, "zvctl: short list answer\n");
		return EX_IO;
	}
	fdprintf(1, "%3s  %-16s %4s %10s  %-10s %6s %12s  %s\n", "ID", "NAME", "CPUS", "MEMORY",
		 "STATE", "BOOTS", "EXITS", "ROLE");
	for (uint32_t i = 0; i < n; i++) {
		const uint8_t *z = d + 4 + i * sizeof(struct mgmt_zone_info);
		uint32_t flags = get32(z + 36);
		char name[MGMT_NAME_LEN];

		memcpy(name, z, MGMT_NAME_LEN);
		name[MGMT_NAME_LEN - 1] = 0;
		fdprintf(1, "%3u  %-16s %4u %9luM  %-10s %6lu %12lu  %s%s\n", get32(z + 24), name,
			 get32(z + 32), get64(z + 40) >> 20, state_name(get32(z + 28)),
			 get64(z + 48), get64(z + 56),
			 flags & MGMT_ZF_ROOT	   ? "root"
			 : flags & MGMT_ZF_MANAGED ? "managed"
						   : "-",
			 flags & MGMT_ZF_LOADED ? ", image loaded" : "");
	}
	return EX_OK;
}

static int cmd_zone(uint8_t op, const char *what, const char *zone)
{
	struct mgmt_zone_ref r;

	uint64_t c0, t0;

	zone_ref(&r, zone);
	c0 = zv_counter(), t0 = sys_now_ns();
	check(request(op, &r, sizeof(r)), what);
	t0 = sys_now_ns() - t0;
	/* the time and the counter at the request: bench/mgmt.py */
	fdprintf(1, "zone %s: %s in %lu us (counter %lu at the request)\n", zone,
		 op == MGMT_OP_STOP    ? "stopped"
		 : op == MGMT_OP_START ? "started"
				       : "restarted",
		 t0 / 1000, c0);
	return EX_OK;
}

static int cmd_stats(const char *zone)
{
	const uint8_t *d = ans + MGMT_HDR_SIZE + 4;
	static const char *const cls[MGMT_EXIT_CLASSES] = {"port", "mmio", "hypercall", "other"};
	struct mgmt_zone_ref r;

	zone_ref(&r, zone);
	check(request(MGMT_OP_STATS, &r, sizeof(r)), "stats");
	if (ans_len < sizeof(struct mgmt_stats))
		return EX_IO;
	fdprintf(1, "zone %s: %s, %u vCPUs, %lu boots\n", zone, state_name(get32(d)), get32(d + 4),
		 get64(d + 8));
	for (int c = 0; c < MGMT_EXIT_CLASSES; c++)
		fdprintf(1, "  exits %-10s %lu\n", cls[c], get64(d + 16 + 8 * c));
	fdprintf(1, "hypervisor: %lu stage-2 table pages in use\n",
		 get64(d + 16 + 8 * MGMT_EXIT_CLASSES));
	return EX_OK;
}

/* ---- load ---- */

struct image {
	const char *path;
	int fd;
	uint64_t gpa, size;
};

static void open_image(struct image *im, const char *what)
{
	long end;

	if (!im->path)
		return;
	im->fd = sys_open(im->path, O_RDONLY);
	end = im->fd < 0 ? im->fd : sys3(SYS_LSEEK, im->fd, 0, SEEK_END);
	if (end < 0 || sys3(SYS_LSEEK, im->fd, 0, SEEK_SET) < 0) {
		fdprintf(2, "zvctl: %s '%s': cannot read it (%d)\n", what, im->path, (int)end);
		sys_exit(EX_FILE);
	}
	if (end == 0) {
		fdprintf(2, "zvctl: %s '%s' is empty\n", what, im->path);
		sys_exit(EX_FILE);
	}
	im->size = (uint64_t)end;
}

/* Stream image n in MGMT_CHUNK pieces; the hypervisor answers only at the
 * end, so the port's buffers stay full. */
static void stream_image(uint32_t n, struct image *im)
{
	static uint8_t buf[sizeof(struct mgmt_load_data) + MGMT_CHUNK];
	uint64_t off = 0;
	long got;

	while (off < im->size) {
		got = sys_read(im->fd, buf + sizeof(struct mgmt_load_data), MGMT_CHUNK);
		if (got <= 0) {
			fdprintf(2, "zvctl: reading '%s' failed at %lu\n", im->path, off);
			sys_exit(EX_FILE);
		}
		memset(buf, 0, sizeof(struct mgmt_load_data));
		put32(buf, n);
		put64(buf + 8, off);
		send(MGMT_OP_LOAD_DATA, buf, sizeof(struct mgmt_load_data) + (uint32_t)got);
		off += (uint64_t)got;
	}
}

static int opt_addr(const char *opt, const char *val, uint64_t *v)
{
	if (!val || !parse_u64(val, v)) {
		fdprintf(2, "zvctl: %s needs an address (decimal or 0x hex)\n", opt);
		return 0;
	}
	return 1;
}

static int cmd_load(int argc, char **argv)
{
	struct image im[3] = {{argv[1], -1, MGMT_ADDR_CONFIGURED, 0},
			      {0, -1, MGMT_ADDR_CONFIGURED, 0},
			      {0, -1, MGMT_ADDR_CONFIGURED, 0}};
	static const char *const what[3] = {"kernel", "initrd", "dtb"};
	uint64_t entry = MGMT_ADDR_CONFIGURED, total = 0, t0, ns;
	uint8_t b[sizeof(struct mgmt_load_begin)];
	struct mgmt_zone_ref r;
	int ok = 1, gen_dtb = 0;

	for (int i = 2; ok && i < argc; i += 2) {
		const char *o = argv[i], *v = i + 1 < argc ? argv[i + 1] : 0;

		if (!strcmp(o, "--initrd") && v)
			im[1].path = v;
		else if (!strcmp(o, "--dtb") && v)
			im[2].path = v;
		else if (!strcmp(o, "--generate-dtb"))
			gen_dtb = 1, i--; /* no value */
		else if (!strcmp(o, "--kernel-addr"))
			ok = opt_addr(o, v, &im[0].gpa);
		else if (!strcmp(o, "--initrd-addr"))
			ok = opt_addr(o, v, &im[1].gpa);
		else if (!strcmp(o, "--dtb-addr"))
			ok = opt_addr(o, v, &im[2].gpa);
		else if (!strcmp(o, "--entry"))
			ok = opt_addr(o, v, &entry);
		else {
			fdprintf(2, "zvctl: load: unknown option '%s' (see zvctl --help)\n", o);
			ok = 0;
		}
	}
	if (!ok || (gen_dtb && im[2].path)) {
		if (ok)
			fdprintf(2, "zvctl: load: --dtb or --generate-dtb, not both\n");
		return EX_USAGE;
	}
	for (int n = 0; n < 3; n++)
		open_image(&im[n], what[n]);
	if (gen_dtb) /* the hypervisor writes the zone's own tree: no data */
		im[2].size = MGMT_SIZE_GENERATED;
	zone_ref(&r, argv[0]);
	memset(b, 0, sizeof(b));
	memcpy(b, r.name, MGMT_NAME_LEN);
	put64(b + MGMT_NAME_LEN, entry);
	for (int n = 0; n < 3; n++) {
		put64(b + MGMT_NAME_LEN + 8 + 16 * n, im[n].size ? im[n].gpa : 0);
		put64(b + MGMT_NAME_LEN + 16 + 16 * n, im[n].size);
		total += im[n].path ? im[n].size : 0;
	}
	t0 = sys_now_ns();
	check(request(MGMT_OP_LOAD_BEGIN, b, sizeof(b)), "load");
	for (uint32_t n = 0; n < 3; n++)
		if (im[n].path)
			stream_image(n, &im[n]);
	check(request(MGMT_OP_LOAD_END, &r, sizeof(r)), "load");
	ns = sys_now_ns() - t0;
	fdprintf(1, "zone %s: loaded %lu bytes in %lu ms (%lu KiB/s); 'zvctl start %s' boots it\n",
		 argv[0], total, ns / 1000000, ns ? total * 1000000000 / 1024 / ns : 0, argv[0]);
	return EX_OK;
}

/* ---- console ---- */

#define TCGETS 0x5401
#define TCSETS 0x5402
#define ESCAPE 0x1c /* Ctrl-\ : Ctrl-] is the hypervisor console's */

struct termios {
	uint32_t iflag, oflag, cflag, lflag;
	uint8_t line, cc[19];
};

static int cmd_console(const char *zone)
{
	char port[MGMT_NAME_LEN + 16];
	struct mgmt_zone_ref r;
	struct termios saved, raw;
	struct pollfd {
		int fd;
		short events, revents;
	} p[2];
	static uint8_t buf[1024];
	int fd, tty, code = EX_OK;
	long n;

	zone_ref(&r, zone);
	check(request(MGMT_OP_CONSOLE, &r, sizeof(r)), "console");
	n = ans_len < sizeof(port) - 1 ? ans_len : sizeof(port) - 1;
	memcpy(port, ans + MGMT_HDR_SIZE + 4, n);
	port[n] = 0;
	if ((fd = open_port(port)) < 0) {
		fdprintf(2, "zvctl: console: no port '%s'\n", port);
		return EX_NOPORT;
	}
	tty = sys3(SYS_IOCTL, 0, TCGETS, &saved) == 0;
	if (tty) {
		raw = saved;
		raw.iflag &= ~(0x400u | 0x100u | 0x40u); /* IXON, ICRNL, INLCR */
		raw.lflag &= ~(0x2u | 0x8u | 0x1u);	 /* ICANON, ECHO, ISIG */
		raw.cc[6] = 1, raw.cc[5] = 0;		 /* VMIN 1, VTIME 0 */
		sys3(SYS_IOCTL, 0, TCSETS, &raw);
	}
	fdprintf(1, "[zvctl: console of zone %s; Ctrl-\\ leaves]\r\n", zone);
	p[0] = (struct pollfd){0, POLLIN, 0};
	p[1] = (struct pollfd){fd, POLLIN, 0};
	for (;;) {
		if (sys4(SYS_PPOLL, p, 2, 0, 0) < 0)
			continue;
		if (p[1].revents & POLLIN) {
			n = sys_read(fd, buf, sizeof(buf));
			if (n > 0)
				sys_write_all(1, buf, n);
		}
		if (p[0].revents & (POLLIN | POLLHUP)) {
			n = sys_read(0, buf, sizeof(buf));
			if (n <= 0)
				break;
			for (long i = 0; i < n; i++)
				if (buf[i] == ESCAPE)
					n = i, code = -1;
			if (n > 0)
				sys_write_all(fd, buf, n);
			if (code < 0)
				break;
		}
	}
	if (tty)
		sys3(SYS_IOCTL, 0, TCSETS, &saved);
	fdprintf(1, "\r\n[zvctl: left the console of zone %s]\n", zone);
	sys_close(fd);
	return EX_OK;
}

static void usage(int fd)
{
	fdprintf(fd, "usage: zvctl COMMAND [ARGS]   manage zonevisor zones from the root zone\n"
		     "  list                         every zone: id, name, CPUs, memory, state,\n"
		     "                               boots, exits since its start, role\n"
		     "  stop ZONE                    stop it: vCPUs off, memory scrubbed\n"
		     "  start ZONE                   boot it: the image loaded last, else its\n"
		     "                               configured images\n"
		     "  restart ZONE                 stop, then start\n"
		     "  load ZONE KERNEL [--initrd F] [--dtb F | --generate-dtb]\n"
		     "       [--kernel-addr A] [--initrd-addr A] [--dtb-addr A] [--entry A]\n"
		     "                               write images into a stopped zone (addresses\n"
		     "                               default to its description's); with\n"
		     "                               --generate-dtb the hypervisor writes the\n"
		     "                               zone's own device tree, with this initrd\n"
		     "  console ZONE                 attach to its console (Ctrl-\\ leaves)\n"
		     "  stats ZONE                   its state, boots and exits by class\n"
		     "  --help                       this text\n"
		     "exit status: 0 ok, 1 usage, 2 no control port (not the root zone),\n"
		     "  3 port error or no answer, 4 image file unreadable,\n"
		     "  10+N the hypervisor refused with status N (docs/management.md)\n");
}

int zvctl_main(int argc, char **argv)
{
	const char *cmd = argc > 1 ? argv[1] : "";
	int zone_cmd = !strcmp(cmd, "stop") || !strcmp(cmd, "start") || !strcmp(cmd, "restart") ||
		       !strcmp(cmd, "stats") || !strcmp(cmd, "console");

	if (!strcmp(cmd, "--help") || !strcmp(cmd, "-h") || !strcmp(cmd, "help")) {
		usage(1);
		return EX_OK;
	}
	if ((strcmp(cmd, "list") || argc != 2) && (!zone_cmd || argc != 3) &&
	    (strcmp(cmd, "load") || argc < 4)) {
		usage(2);
		return EX_USAGE;
	}
	open_control();
	if (!strcmp(cmd, "list"))
		return cmd_list();
	if (!strcmp(cmd, "stop"))
		return cmd_zone(MGMT_OP_STOP, "stop", argv[2]);
	if (!strcmp(cmd, "start"))
		return cmd_zone(MGMT_OP_START, "start", argv[2]);
	if (!strcmp(cmd, "restart"))
		return cmd_zone(MGMT_OP_RESTART, "restart", argv[2]);
	if (!strcmp(cmd, "stats"))
		return cmd_stats(argv[2]);
	if (!strcmp(cmd, "console"))
		return cmd_console(argv[2]);
	return cmd_load(argc - 2, argv + 2);
}
