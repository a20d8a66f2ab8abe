/* SPDX-License-Identifier: MIT */
/*
 * The hostile virtio driver's own small driver (guests/common/vhostile.c):
 * the virtio-mmio registers, the split rings it builds by hand, and the
 * helpers every attack uses. Linked into vhostile.bin only.
 */
#ifndef VDRV_H
#define VDRV_H

#include "guest.h"

/* virtio-mmio registers and bits (virtio 1.2, 4.2.2, 2.1, 2.7). */
#define R_MAGIC 0x000
#define R_DEV_FEAT 0x010
#define R_DEV_FEAT_SEL 0x014
#define R_DRV_FEAT 0x020
#define R_DRV_FEAT_SEL 0x024
#define R_QSEL 0x030
#define R_QNUM_MAX 0x034
#define R_QNUM 0x038
#define R_QREADY 0x044
#define R_NOTIFY 0x050
#define R_INT_STATUS 0x060
#define R_INT_ACK 0x064
#define R_STATUS 0x070
#define R_QDESC 0x080
#define R_QDRIVER 0x090
#define R_QDEVICE 0x0a0
#define R_CONFIG 0x100
#define S_ACK 0x01
#define S_DRIVER 0x02
#define S_DRIVER_OK 0x04
#define S_FEATURES_OK 0x08
#define S_NEEDS_RESET 0x40
#define INT_CONFIG 0x2
#define F_INDIRECT (1ULL << 28)
#define F_VERSION_1 (1ULL << 32)
#define F_PACKED (1ULL << 34)
#define F_NET_MAC (1ULL << 5)
#define F_NET_MRG_RXBUF (1ULL << 15)
#define F_EVENT_IDX (1ULL << 29)
#define INT_USED 0x1
#define D_NEXT 1
#define D_WRITE 2
#define D_INDIRECT 4

#define SLOT_BLK 0
#define SLOT_CON 1
#define SLOT_NET 2
#define VICTIM_ID 300
#define QN 8		      /* entries of every queue this driver sets up */
#define RAM_SIZE 0x01000000UL /* every test zone: 16 MiB, 16 MiB aligned */
#define NET_HDR 12
#define RXBUF 4096 /* larger than any legal frame: an oversized one would fit */

#ifndef GUEST_SIBLING_HPA
#define GUEST_SIBLING_HPA 0x89000000UL /* the heartbeat zone's host RAM */
#endif
#ifndef GUEST_HV_HPA
#define GUEST_HV_HPA BOARD_HV_BASE
#endif

struct desc {
	u64 addr;
	u32 len;
	u16 flags, next;
};

struct used_elem {
	u32 id, len;
};

struct ring_mem {
	struct desc desc[QN];
	u16 avail[3 + QN];
	u16 pad[5];
	struct {
		u16 flags, idx;
		struct used_elem ring[QN];
		u16 event;
	} used __attribute__((aligned(4)));
} __attribute__((aligned(16)));

struct vq {
	u64 dev;
	u32 idx;
	struct ring_mem *m;
	u16 next_avail, used_seen;
};

struct blk_hdr {
	u32 type, reserved;
	u64 sector;
};

#define BLK_IN 0
#define BLK_OUT 1
#define BLK_GET_ID 8
#define BLK_S_OK 0
#define BLK_S_IOERR 1
#define BLK_S_UNSUPP 2

extern struct ring_mem rings[4];
extern struct vq bq, rxq, txq, cq;
extern struct blk_hdr hdr;
extern u8 data[4096];
extern volatile u8 blk_status;
extern u8 rxbuf[QN][RXBUF];
extern u8 txbuf[NET_HDR + 2048];
extern u8 mac[6], peer[6];
extern bool have_peer;
extern volatile u32 exceptions;
extern u32 passed, failed;

u64 ram_base(void);
u64 slot(u32 s);
u64 gpa(const volatile void *p);
u32 rd(u64 dev, u32 off);
void wr(u64 dev, u32 off, u32 v);
u8 rd8(u64 a);
void fence(void);
void pause_ms(u64 ms);
void bytes_set(volatile u8 *d, u8 v, u32 n);
void bytes_copy(volatile u8 *d, const volatile u8 *s, u32 n);
bool str_eq(const volatile u8 *a, const char *b);
void trying(const char *name);
void verdict(const char *name, bool ok, const char *what);
u32 dev_begin(u64 dev, u64 features);
void q_regs(u64 dev, u32 qi, u32 num, u64 d, u64 a, u64 u);
bool q_init(struct vq *q, u64 dev, u32 qi, struct ring_mem *m);
void q_desc(struct vq *q, u16 i, u64 addr, u32 len, u16 flags, u16 next);
void q_offer(struct vq *q, u16 head);
u16 q_used(const struct vq *q);
bool needs_reset(u64 dev);
bool blk_up(void);
void blk_chain(u32 type, u64 sector, u64 daddr, u32 dlen, u16 dflags);
void blk_refused(const char *name);
void blk_answered(const char *name, u8 want);
bool start(const char *name);
void blk_bad_buffer(const char *name, u64 addr, u32 len);

/* net.c */
bool net_up_f(u64 features, bool post);
bool net_send(const u8 *dst, const u8 *src, const char *tag, u32 len);
void attacks_net(void);
/* net_mrg.c: mergeable RX buffers and event indexes (after attacks_net) */
void attacks_net_mrg(void);
void victim_main(void);

#endif
