/* SPDX-License-Identifier: MIT */
/*
 * Host tests and fuzz harnesses: what stubs.c records of the calls it
 * stands in for.
 */
#ifndef TESTS_COMMON_STUBS_H
#define TESTS_COMMON_STUBS_H

#include <zv/types.h>

struct zone;

/* arch_zone_irq_set(): how often, and the last call's arguments. */
struct stub_irq_set {
	int calls;
	struct zone *zone;
	u32 irq;
	bool level;
};
extern struct stub_irq_set stub_irq;

#endif
