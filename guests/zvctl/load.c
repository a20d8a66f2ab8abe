/* SPDX-License-Identifier: MIT */
/* zvctl load: stream a kernel, initrd and DTB into a stopped zone. */
#include "zvctl.h"

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

int cmd_load(int argc, char **argv)
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
