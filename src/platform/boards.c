/* SPDX-License-Identifier: MIT */
/* Every board the host tool knows; add a line per new platform. */
#include <stddef.h>

#include <zv/board.h>

extern const struct zv_board zv_board_qemu_riscv64_virt;
extern const struct zv_board zv_board_qemu_aarch64_virt;
extern const struct zv_board zv_board_qemu_loongarch64_virt;

const struct zv_board *const zv_boards[] = {
	&zv_board_qemu_riscv64_virt,
	&zv_board_qemu_aarch64_virt,
	&zv_board_qemu_loongarch64_virt,
	NULL,
};
