/* SPDX-License-Identifier: MIT */
/*
 * Stage-2 (guest-physical -> host-physical) tables, built once for every
 * port. A port describes its table format as data (struct s2_format): how
 * many levels a walk takes, which GPA bits index each level, which levels
 * may hold a leaf (block / huge page) and the largest leaf the board wants,
 * plus three hooks that encode and decode one entry. The core owns the
 * walk, the choice of leaf sizes, overlap refusal and the table memory: a
 * static pool of 4 KiB pages, nothing freed.
 *
 * Levels are numbered from the root (0) down to the page level
 * (levels - 1), whose leaves map 4 KiB. A hook is told the size an entry
 * at its level maps, as a shift (12: a page, 21: 2 MiB, 30: 1 GiB), which
 * is what the encodings depend on.
 */
#ifndef ZV_STAGE2_H
#define ZV_STAGE2_H

#include <zv/types.h>

struct zone;

/* What a mapping allows the guest, and whether it is a device. */
#define S2_READ (1u << 0)
#define S2_WRITE (1u << 1)
#define S2_EXEC (1u << 2)
#define S2_DEVICE (1u << 3)
#define S2_RWX (S2_READ | S2_WRITE | S2_EXEC)

#define S2_MAX_LEVELS 4
#define S2_PAGE_SHIFT 12
#define S2_PAGE_SIZE (1ULL << S2_PAGE_SHIFT)
#define S2_PAGE_ENTRIES 512 /* 64-bit entries in one 4 KiB page */

enum s2_pte_kind { S2_PTE_EMPTY, S2_PTE_TABLE, S2_PTE_LEAF };

struct s2_format {
	u32 levels;		 /* lookups per walk, root included */
	u8 shift[S2_MAX_LEVELS]; /* lowest GPA bit of each level's index */
	u8 bits[S2_MAX_LEVELS];	 /* index width: 9, more at a wide root */
	u32 leaf_levels;	 /* bit l: level l may hold a leaf (the page level always does) */
	u32 pa_bits;		 /* host-physical addresses a leaf can hold */
	u64 leaf_max;		 /* largest leaf for RAM (the board's choice) */
	u64 device_leaf_max;	 /* largest leaf for S2_DEVICE mappings */
	/*
	 * The walker cannot tell an empty directory entry from a table at
	 * physical address 0 (LoongArch lddir): every empty entry above the
	 * page level then points at a shared all-empty table of the next
	 * level instead of holding 0. The core builds that chain once per pool.
	 */
	bool empty_tables;
	/* A leaf mapping hpa with S2_* flags, at a level whose entries map
	 * 1 << shift bytes. */
	u64 (*leaf)(u64 hpa, u32 flags, u32 shift);
	/* A directory entry pointing at the table at physical address pa. */
	u64 (*table)(u64 pa, u32 shift);
	/* What pte is (an empty-table pointer is decoded as a TABLE; the core
	 * tells those apart), and for a TABLE its physical address in *pa. */
	enum s2_pte_kind (*decode)(u64 pte, u32 shift, u64 *pa);
};

/* Table memory: nr pages from pa (physical address of page[0]). */
struct s2_pool {
	const struct s2_format *fmt;
	u64 (*page)[S2_PAGE_ENTRIES];
	u32 nr, used;
	u64 pa;
	u64 empty[S2_MAX_LEVELS]; /* what an empty entry holds at each level */
	u64 empty_root_pa;	  /* an all-empty root (empty_tables only), else 0 */
};

struct s2_table {
	struct s2_pool *pool;
	u64 *root;
	u64 root_pa;
};

/* Hand pages to a pool for tables of format f; builds the shared empty
 * tables if f wants them. Returns 0 or -ZV_ENOMEM. */
int s2_pool_init(struct s2_pool *p, void *pages, u32 nr, u64 pa, const struct s2_format *f);
/* An empty table: a root, aligned to its size. Returns 0 or -ZV_ENOMEM. */
int s2_table_init(struct s2_table *t, struct s2_pool *p);
/*
 * Map [gpa, gpa + size) to [hpa, hpa + size) with S2_* flags, in the
 * largest leaves alignment, size, the format and its leaf_max allow.
 * Returns 0; -ZV_EINVAL (not page aligned, wraps, beyond the GPA or PA
 * space); -ZV_EBUSY (a part is mapped already: nothing is replaced);
 * -ZV_ENOMEM (pool exhausted). On an error the part before it stays mapped.
 */
int s2_map(struct s2_table *t, u64 gpa, u64 hpa, u64 size, u32 flags);
/* The leaf entry that maps gpa and in *shift the size it maps, or 0. */
u64 s2_lookup(const struct s2_table *t, u64 gpa, u32 *shift);

/* The hypervisor's tables (stage2_zone.c), from one static pool in the
 * format arch_stage2_format() gives. */
/* The zone's empty table in z->s2. Returns 0 or -ZV_ENOMEM. */
int stage2_zone_init(struct zone *z);
/* Physical address of an all-empty root (empty_tables formats), or 0. */
u64 stage2_empty_root_pa(void);

#endif
