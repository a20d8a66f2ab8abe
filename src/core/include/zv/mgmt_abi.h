/* SPDX-License-Identifier: MIT */
/*
 * The management protocol between a root zone (guests/zvctl) and the
 * hypervisor's management service (src/core/mgmt*.c), spoken over the
 * root's control port, a byte stream. docs/management.md describes it.
 * Fixed-size little-endian records, no pointers; shared by both ends.
 */
#ifndef ZV_MGMT_ABI_H
#define ZV_MGMT_ABI_H

#include <stdint.h>

#define MGMT_VERSION 1

/* Every frame, both ways: this header, then 'len' payload bytes. */
#define MGMT_MAGIC0 'Z'
#define MGMT_MAGIC1 'V'
struct mgmt_hdr {
	uint8_t magic[2]; /* "ZV" */
	uint8_t op;	  /* MGMT_OP_*; an answer has MGMT_ANSWER set */
	uint8_t seq;	  /* the requester's; the answer echoes it */
	uint32_t len;	  /* payload bytes, at most MGMT_MAX_PAYLOAD */
};
#define MGMT_HDR_SIZE 8
#define MGMT_CHUNK 4096 /* image bytes in one MGMT_OP_LOAD_DATA */
#define MGMT_MAX_PAYLOAD (MGMT_CHUNK + 16)
#define MGMT_ANSWER 0x80

/* Requests; the payload each takes is named after it. */
enum mgmt_op {
	MGMT_OP_HELLO = 1,	/* none -> struct mgmt_hello */
	MGMT_OP_LIST = 2,	/* none -> u32 count, count x struct mgmt_zone_info */
	MGMT_OP_STOP = 3,	/* struct mgmt_zone_ref -> nothing */
	MGMT_OP_START = 4,	/* struct mgmt_zone_ref -> nothing */
	MGMT_OP_RESTART = 5,	/* struct mgmt_zone_ref -> nothing */
	MGMT_OP_LOAD_BEGIN = 6, /* struct mgmt_load_begin -> nothing */
	MGMT_OP_LOAD_DATA = 7,	/* struct mgmt_load_data + 1..MGMT_CHUNK bytes -> nothing */
	MGMT_OP_LOAD_END = 8,	/* struct mgmt_zone_ref -> nothing */
	MGMT_OP_STATS = 9,	/* struct mgmt_zone_ref -> struct mgmt_stats */
	MGMT_OP_CONSOLE = 10,	/* struct mgmt_zone_ref -> the port's name (text) */
	MGMT_OPS
};

/* Every answer's payload starts with a u32 status: 0, then the op's data,
 * or one of these, then a message (text, no NUL) saying what and why. */
enum mgmt_status {
	MGMT_OK = 0,
	MGMT_EPROTO = 1,  /* not a frame (bad magic), or an unknown op */
	MGMT_ETOOBIG = 2, /* payload longer than MGMT_MAX_PAYLOAD */
	MGMT_EINVAL = 3,  /* payload of the wrong size or content for the op */
	MGMT_ENOZONE = 4, /* no zone of that name */
	MGMT_EPERM = 5,	  /* not a zone this root manages (the root itself) */
	MGMT_ESTATE = 6,  /* the zone's state forbids it (load/start while running) */
	MGMT_ERANGE = 7,  /* an image or the entry fails the zone's checks */
	MGMT_ESEQ = 8,	  /* load data out of order, or no load under way */
	MGMT_ENODEV = 9,  /* no console port for the zone */
	MGMT_STATUSES
};

/* The root's control port's name (/sys/class/virtio-ports/<port>/name);
 * a managed zone's console port is "zv-console-<zone name>". */
#define MGMT_CONTROL_PORT_NAME "zv-control"
#define MGMT_CONSOLE_PORT_PREFIX "zv-console-"

#define MGMT_NAME_LEN 24 /* ZV_NAME_LEN: NUL-terminated, NUL-padded */

struct mgmt_zone_ref {
	char name[MGMT_NAME_LEN];
};

struct mgmt_hello {
	uint32_t version;     /* MGMT_VERSION */
	uint32_t max_payload; /* MGMT_MAX_PAYLOAD */
};

/* Zone states as the protocol reports them. */
enum mgmt_state { MGMT_ZONE_OFF, MGMT_ZONE_RUNNING, MGMT_ZONE_STOPPED, MGMT_ZONE_RESTARTING };
/* mgmt_zone_info.flags */
#define MGMT_ZF_ROOT (1u << 0)	  /* the root zone (the asker) */
#define MGMT_ZF_MANAGED (1u << 1) /* managed by the asker */
#define MGMT_ZF_LOADED (1u << 2)  /* a loaded image waits for its start */

struct mgmt_zone_info {
	char name[MGMT_NAME_LEN];
	uint32_t id;
	uint32_t state; /* enum mgmt_state */
	uint32_t nr_cpus;
	uint32_t flags; /* MGMT_ZF_* */
	uint64_t mem;	/* bytes of memory regions */
	uint64_t boots;
	uint64_t exits; /* since its last start */
};

/* Up to three images (kernel, initrd, dtb: the zone table's order); size 0
 * is absent, the kernel is not. vCPU 0 starts at 'entry' with the dtb's
 * address (or 0) as the boot argument, as a configured start does. */
struct mgmt_image {
	uint64_t gpa; /* MGMT_ADDR_CONFIGURED: the zone description's <image>-addr */
	uint64_t size;
};
#define MGMT_ADDR_CONFIGURED UINT64_MAX /* also for entry: the configured entry */
/* As the dtb's size (no data follows): the zone's own configured tree,
 * which zvcfg generated, with its initrd range set to the loaded initrd's. */
#define MGMT_SIZE_GENERATED UINT64_MAX
struct mgmt_load_begin {
	char name[MGMT_NAME_LEN];
	uint64_t entry;
	struct mgmt_image image[3];
};

/* Bytes of image 'image' from 'offset' on; chunks come in order. */
struct mgmt_load_data {
	uint32_t image;
	uint32_t pad; /* 0 */
	uint64_t offset;
};

#define MGMT_EXIT_CLASSES 4 /* port, mmio, hypercall, other */
struct mgmt_stats {
	uint32_t state; /* enum mgmt_state */
	uint32_t nr_vcpus;
	uint64_t boots;
	uint64_t exits[MGMT_EXIT_CLASSES]; /* every vCPU's, since its last start */
	/* The hypervisor's, all zones: stage-2 table pages handed out (a
	 * leak check for the root: a stop/load/start cycle must not grow it). */
	uint64_t hv_table_pages;
};

#endif
