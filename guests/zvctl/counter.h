/* SPDX-License-Identifier: MIT */
#ifndef ZVCTL_COUNTER_H
#define ZVCTL_COUNTER_H

#include <stdint.h>

/* The CPU's constant-rate counter as user space reads it (riscv64 time,
 * aarch64 CNTVCT_EL0, loongarch64 the stable counter): zvctl start prints
 * it at its request, for the start-to-first-instruction benchmark
 * (bench/mgmt.py), which compares it with the started zone's. */
uint64_t zv_counter(void);

#endif
