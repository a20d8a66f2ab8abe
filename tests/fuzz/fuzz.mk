# libFuzzer harnesses: every tests/fuzz/fuzz_<name>.c becomes
# build/host/fuzz/fuzz_<name>, linked with FUZZ_<name>_SRCS and
# FUZZ_<name>_LIBS; harnesses of core code add FUZZ_STUBS
# (tests/common/stubs.c) for what that code calls outside itself; those
# that drive a model step by step read their input through
# tests/common/fuzz_input.h. `make fuzz` runs
# each for FUZZ_SECONDS (default 10) on its corpus
# build/host/fuzz/corpus/<name> (kept between runs) plus the seeds
# generated in build/host/fuzz/seeds/<name>; crashes are saved as
# build/host/fuzz/crashes/<name>-*. Extra libFuzzer flags per harness:
# FUZZ_FLAGS_<name>. See tests/fuzz/README.md.
FUZZ_CC := clang-19
FUZZ_SECONDS ?= 10
FUZZ_DIR := $(HOSTBUILD)/fuzz
# Flags, board lists and port includes shared with zvcfg and the unit
# tests: tools/host.mk.
FUZZ_CFLAGS := $(HOST_CFLAGS_COMMON) -Wno-unused-parameter \
	-fsanitize=fuzzer,$(HOST_SANITIZERS) -Itests/common
# <arch/...> and "board.h": riscv64 unless a harness names its own
# (FUZZ_<name>_INC).
FUZZ_RV_INC := $(HOST_INC_riscv64)
FUZZ_RV_BOARD := $(HOST_BOARD_riscv64)
FUZZ_STUBS := tests/common/stubs.c

FUZZ_config_SRCS := $(CONFIG_CHECK_SRCS) $(HOST_BOARD_SRCS)
FUZZ_zvcfg_dtb_SRCS := $(ZVCFG_SRCS)
# The tool's main() is renamed out of libFuzzer's way.
FUZZ_zvcfg_dtb_CFLAGS := -Dmain=zvcfg_main -Itools/zvcfg
FUZZ_zvcfg_dtb_LIBS := -lfdt
FUZZ_FLAGS_zvcfg_dtb := -close_fd_mask=2 # zvcfg reports every error on stderr
FUZZ_rv_decode_SRCS := src/arch/riscv64/decode.c
FUZZ_vuart_SRCS := src/core/dev/vuart.c src/core/mmio.c
FUZZ_vpl011_SRCS := src/core/dev/vpl011.c src/core/mmio.c
FUZZ_vplic_SRCS := src/arch/riscv64/vplic.c $(ZONE_SRCS) src/core/mmio.c $(HOST_BOARD_SRCS) \
	$(FUZZ_STUBS)
FUZZ_vplic_LIBS := $(FUZZ_RV_BOARD)
FUZZ_hypercall_SRCS := src/core/hypercall.c $(ZONE_SRCS) $(HOST_BOARD_SRCS) $(FUZZ_STUBS)
FUZZ_hypercall_LIBS := $(FUZZ_RV_BOARD)
FUZZ_chan_SRCS := src/core/hypercall.c $(ZONE_SRCS) $(CONFIG_CHECK_SRCS) \
	$(HOST_BOARD_SRCS) $(FUZZ_STUBS)
FUZZ_chan_LIBS := $(FUZZ_RV_BOARD)
# The bridge is #included by its harness (to check its state); it
# provides the console and chan.c functions the bridge calls. _DEPS:
# files a harness includes (rebuilt on change, not linked).
FUZZ_chan_port_SRCS :=
FUZZ_chan_port_DEPS := src/core/chan_port.c
FUZZ_chan_pair_SRCS :=
FUZZ_chan_pair_DEPS := src/core/chan_port.c
FUZZ_mgmt_SRCS := src/core/mgmt.c src/core/mgmt_proto.c src/core/mgmt_load.c src/core/mgmt_hc.c \
	src/core/mgmt_gendtb.c src/core/fdt_initrd.c \
	$(CONFIG_CHECK_SRCS) $(ZONE_SRCS) src/core/mmio.c $(HOST_BOARD_SRCS) $(FUZZ_STUBS)
FUZZ_mgmt_CFLAGS := -Isrc/core
FUZZ_mgmt_LIBS := $(FUZZ_RV_BOARD)
# aarch64 port: pure decode, PSCI over the real zone.c, and the vGIC with
# the system registers it touches stubbed (a64_host.h, forced in with
# -include).
FUZZ_A64_INC := $(HOST_INC_aarch64)
FUZZ_A64_BOARD := $(HOST_BOARD_aarch64)
FUZZ_a64_dabt_SRCS := src/arch/aarch64/decode.c
FUZZ_a64_dabt_INC := $(FUZZ_A64_INC)
FUZZ_a64_psci_SRCS := src/arch/aarch64/psci.c $(ZONE_SRCS) $(HOST_BOARD_SRCS) $(FUZZ_STUBS)
FUZZ_a64_psci_INC := $(FUZZ_A64_INC) -Isrc/arch/aarch64
FUZZ_a64_psci_LIBS := $(FUZZ_A64_BOARD)
FUZZ_a64_vgic_SRCS := src/arch/aarch64/vgic.c src/arch/aarch64/vgic_lr.c \
	src/arch/aarch64/vgic_inject.c src/arch/aarch64/vgic_regs.c src/arch/aarch64/vgic_calc.c \
	$(ZONE_SRCS) src/core/mmio.c $(HOST_BOARD_SRCS) $(FUZZ_STUBS)
FUZZ_a64_vgic_INC := $(FUZZ_A64_INC) -Isrc/arch/aarch64
FUZZ_a64_vgic_CFLAGS := -include tests/fuzz/a64_host.h
FUZZ_a64_vgic_LIBS := $(FUZZ_A64_BOARD)
# loongarch64 port: the BADI decoder and the interrupt-controller models.
FUZZ_LA_INC := $(HOST_INC_loongarch64)
FUZZ_la_decode_SRCS := src/arch/loongarch64/decode.c
FUZZ_la_decode_INC := $(FUZZ_LA_INC)
FUZZ_la_vintc_SRCS := src/arch/loongarch64/virq.c src/arch/loongarch64/vintc.c $(ZONE_SRCS) \
	src/core/mmio.c $(HOST_BOARD_SRCS) $(FUZZ_STUBS)
FUZZ_la_vintc_INC := $(FUZZ_LA_INC) -Isrc/arch/loongarch64
FUZZ_la_vintc_CFLAGS := -include tests/fuzz/la_host.h
FUZZ_la_vintc_LIBS := $(HOST_BOARD_loongarch64)
# virtio: the transport and the split-virtqueue walker over the real zone.c.
FUZZ_virtq_SRCS := src/core/virtio/virtio_mmio.c src/core/virtio/virtq.c $(ZONE_SRCS) \
	src/core/mmio.c $(HOST_BOARD_SRCS) $(FUZZ_STUBS)
FUZZ_virtq_LIBS := $(FUZZ_RV_BOARD)
# virtio devices' request parsers over the real transport and walker
# (tests/fuzz/virtio_driver.h drives them).
FUZZ_VIRTIO_SRCS := src/core/virtio/virtio_mmio.c src/core/virtio/virtq.c $(ZONE_SRCS) \
	src/core/mmio.c $(HOST_BOARD_SRCS) $(FUZZ_STUBS)
FUZZ_virtio_blk_SRCS := src/core/virtio/virtio_blk.c $(FUZZ_VIRTIO_SRCS)
FUZZ_virtio_blk_DEPS := tests/fuzz/virtio_driver.h
FUZZ_virtio_blk_LIBS := $(FUZZ_RV_BOARD)
FUZZ_virtio_net_SRCS := src/core/virtio/virtio_net.c src/core/virtio/virtio_net_frame.c \
	tests/fuzz/net_oracle.c $(FUZZ_VIRTIO_SRCS)
FUZZ_virtio_net_DEPS := tests/fuzz/virtio_driver.h tests/fuzz/net_oracle.h
FUZZ_virtio_net_LIBS := $(FUZZ_RV_BOARD)
FUZZ_virtio_console_SRCS := src/core/virtio/virtio_console.c $(FUZZ_VIRTIO_SRCS)
FUZZ_virtio_console_DEPS := tests/fuzz/virtio_driver.h
FUZZ_virtio_console_LIBS := $(FUZZ_RV_BOARD)
export FUZZ_FLAGS_zvcfg_dtb

FUZZERS := $(patsubst tests/fuzz/fuzz_%.c,%,$(wildcard tests/fuzz/fuzz_*.c))
FUZZ_BINS := $(patsubst %,$(FUZZ_DIR)/fuzz_%,$(FUZZERS))

define fuzz_rule
$(FUZZ_DIR)/fuzz_$(1): tests/fuzz/fuzz_$(1).c $$(FUZZ_$(1)_SRCS) $$(FUZZ_$(1)_DEPS)
	@mkdir -p $$(dir $$@)
	$$(call say,FUZZCC,$$@)
	$$(Q)$$(FUZZ_CC) $$(FUZZ_CFLAGS) $$(or $$(FUZZ_$(1)_INC),$$(FUZZ_RV_INC)) $$(FUZZ_$(1)_CFLAGS) $$(filter-out $$(FUZZ_$(1)_DEPS),$$^) $$(FUZZ_$(1)_LIBS) -o $$@
endef
$(foreach f,$(FUZZERS),$(eval $(call fuzz_rule,$(f))))

.PHONY: fuzz-build fuzz fuzz-seeds
fuzz-build: $(FUZZ_BINS)

# Seeds: every zone description as a DTB, and the zone tables zvcfg makes
# of them (with dummy files for the images they name).
fuzz-seeds: $(HOSTBUILD)/zvcfg
	@tests/fuzz/make-seeds.sh $(HOSTBUILD)/zvcfg $(FUZZ_DIR)/seeds
	@python3 tests/fuzz/mgmt-seeds.py $(FUZZ_DIR)/seeds

fuzz: fuzz-build fuzz-seeds
	@tests/fuzz/run-fuzzers.sh $(FUZZ_SECONDS) $(FUZZ_DIR) $(FUZZERS)
