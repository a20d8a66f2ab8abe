# How host programs are built: zvcfg (tools/zvcfg), the unit tests
# (tests/unit) and the fuzzers (tests/fuzz) compile code of the hypervisor
# for the host (-DZV_HOST: libc in place of src/core/lib) with these flags
# and link these lists. The Makefile includes this before their .mk files.
HOST_CFLAGS_COMMON := -std=c11 -D_GNU_SOURCE -DZV_HOST -O1 -g -Wall -Wextra -Werror \
	-fno-sanitize-recover=all -fno-omit-frame-pointer -Isrc/core/include -I$(BOARD_GEN)
# zvcfg and the unit tests run under these; the fuzzers add libFuzzer.
HOST_SANITIZERS := address,undefined
HOST_CFLAGS := $(HOST_CFLAGS_COMMON) -fsanitize=$(HOST_SANITIZERS)

# Every board's facts: zvcfg checks configs for all of them.
HOST_BOARD_SRCS := src/platform/boards.c $(wildcard src/platform/*/board.c)
# The zone-table checker, which the hypervisor runs at boot too.
CONFIG_CHECK_SRCS := src/core/config.c src/core/config_report.c src/core/config_zone.c src/core/config_chan.c src/core/config_mgmt.c \
	src/core/virtio/virtio_config.c
# zone.c and what it calls into from other core modules.
ZONE_SRCS := src/core/zone.c src/core/zone_load.c src/core/chan.c src/core/rng.c src/core/fdt_chosen.c

# A port's code on the host: its <arch/...> headers and its board's
# "board.h" (HOST_INC_<isa>), and zv_board as the port's linker script
# sets it (HOST_BOARD_<isa>).
HOST_INC_riscv64 := -Isrc/arch/riscv64/include -Isrc/platform/qemu-riscv64-virt
HOST_INC_aarch64 := -Isrc/arch/aarch64/include -Isrc/platform/qemu-aarch64-virt
HOST_INC_loongarch64 := -Isrc/arch/loongarch64/include -Isrc/platform/qemu-loongarch64-virt
HOST_BOARD_riscv64 := -Wl,--defsym=zv_board=zv_board_qemu_riscv64_virt
HOST_BOARD_aarch64 := -Wl,--defsym=zv_board=zv_board_qemu_aarch64_virt
HOST_BOARD_loongarch64 := -Wl,--defsym=zv_board=zv_board_qemu_loongarch64_virt
