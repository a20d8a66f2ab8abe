/* SPDX-License-Identifier: MIT */
/* The self test's exit-regs cases on loongarch64 (exit_regs.S). */
#include "guest.h"

g_exit_regs_run g_arch_exit_regs_hvcl, g_arch_exit_regs_hvcl_kvm, g_arch_exit_regs_cpucfg,
    g_arch_exit_regs_load, g_arch_exit_regs_store;

#define R(n) (1u << (n))

/* a2 (r6) holds the address for the load and the store. HC_NULL: 0 in a0
 * (r4, error) and a1 (r5, value), a7 (r11) held it; another hvcl code
 * (KVM's): "unknown" in a0, nothing else written. */
const struct g_exit_regs_case g_arch_exit_regs_cases[] = {
    {"hvcl", g_arch_exit_regs_hvcl, R(4) | R(5) | R(11), {G_OUT(4, 0), G_OUT(5, 0)}},
    {"hvcl 0x100", g_arch_exit_regs_hvcl_kvm, R(4), {G_OUT(4, (u64)-1)}},
    {"cpucfg", g_arch_exit_regs_cpucfg, R(28), {G_OUT_FW(28)}},
    {"load", g_arch_exit_regs_load, R(6) | R(29), {G_OUT(29, G_EXIT_REGS_MEM)}},
    {"store", g_arch_exit_regs_store, R(6), {G_STORED(22)}},
    {0},
};
