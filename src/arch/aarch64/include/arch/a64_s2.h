/* SPDX-License-Identifier: MIT */
/* aarch64 stage-2 table format (s2_pte.c): pure C, unit-tested on the host. */
#ifndef ARCH_A64_S2_H
#define ARCH_A64_S2_H

#include <zv/stage2.h>

/* The format for an IPA space of gpa_bits (25..39) and leaves up to
 * leaf_max (4 KiB, 2 MiB or 1 GiB). */
struct s2_format a64_s2_format(u32 gpa_bits, u64 leaf_max);
/* The translation level (VMSA numbering, 1 or 2) the walk starts at. */
u32 a64_s2_start_level(u32 gpa_bits);

#endif
