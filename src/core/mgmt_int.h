/* SPDX-License-Identifier: MIT */
/* The management service's state, shared by mgmt.c and mgmt_load.c. */
#ifndef ZV_MGMT_INT_H
#define ZV_MGMT_INT_H

#include <zv/config_abi.h>
#include <zv/fdt_initrd.h>
#include <zv/mgmt.h>
#include <zv/spinlock.h>
#include <zv/zone.h>

struct mgmt_req {
	u8 op, seq;
	u32 len;
	const u8 *payload;
};

/* What a managed zone's next start boots: an image loaded into its RAM
 * (at boot.entry, with boot.arg and boot.initrd), else its configured
 * images. */
struct mgmt_zone {
	bool loaded;
	struct zone_boot boot;
};

/* A load under way: the images announced, the bytes of each written so
 * far, and the first error, answered at MGMT_OP_LOAD_END. */
struct mgmt_load {
	struct zone *z; /* NULL: none */
	u64 entry;
	struct mgmt_image image[ZV_IMG_COUNT];
	u64 done[ZV_IMG_COUNT];
	u32 error; /* MGMT_OK or the first chunk's error */
	char msg[160];
	bool gen_dtb;		  /* the dtb is the zone's own (mgmt_gendtb.c) */
	struct fdt_initrd dtb_at; /* its initrd properties, if any */
};

struct mgmt {
	spinlock_t lock;
	struct zone *root;
	mgmt_tx_fn tx;
	void *tx_ctx;
	bool console_ready; /* the transport has the zones' console ports */
	struct mgmt_parser parser;
	struct mgmt_load load;
	struct mgmt_zone zone[ZV_MAX_ZONES];
	u8 answer[MGMT_HDR_SIZE + 4 + 4 + ZV_MAX_ZONES * sizeof(struct mgmt_zone_info)];
};

extern struct mgmt mgmt;

void mgmt_ok(const struct mgmt_req *r, const void *data, u32 len);
__attribute__((format(printf, 3, 4))) void mgmt_fail(const struct mgmt_req *r, u32 status,
						     const char *fmt, ...);
struct zone *mgmt_zone_ref(const struct mgmt_req *r, const u8 *name, bool self_ok);

/* mgmt_load.c */
void mgmt_load_begin(const struct mgmt_req *r);
void mgmt_load_data(const struct mgmt_req *r);
void mgmt_load_end(const struct mgmt_req *r);
/* z was stopped or restarted: its load under way and loaded image go. */
void mgmt_load_forget(struct zone *z);

/* mgmt_gendtb.c: --generate-dtb. At the begin, a dtb of size
 * MGMT_SIZE_GENERATED becomes the zone's configured tree (false: refused,
 * answered); at the end, the tree goes in with the loaded initrd's range. */
bool mgmt_gen_dtb_begin(const struct mgmt_req *r, struct zone *z, struct mgmt_image *im, bool *gen,
			struct fdt_initrd *at);
void mgmt_gen_dtb_end(struct mgmt_load *l, struct zone *z);

#endif
