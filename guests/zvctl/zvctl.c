/* SPDX-License-Identifier: MIT */
/*
 * zvctl: manage zonevisor zones from the root zone's Linux, with Debian's
 * stock kernel and no module: requests go over the root's virtio-console
 * control port "zv-control" (/dev/vportNpM, found by its name in
 * /sys/class/virtio-ports), in the protocol of docs/management.md.
 */
#include "zvctl.h"
#include "counter.h"

/* ---- Commands ---- */

static const char *state_name(uint32_t s)
{
	static const char *const n[] = {"off", "running", "stopped", "restarting"};

	return s < 4 ? n[s] : "?";
}

static int cmd_list(void)
{
	const uint8_t *d = ANS_PAYLOAD;
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
	const uint8_t *d = ANS_PAYLOAD;
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
