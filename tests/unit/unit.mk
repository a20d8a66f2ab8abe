# Host unit tests: every tests/unit/test_<name>.c becomes a cmocka runner
# build/host/unit/test_<name>, linked with the sources in TEST_<name>_SRCS
# (arch-neutral core code compiled for the host with -DZV_HOST), with the
# extra flags in TEST_<name>_CFLAGS and the libraries in TEST_<name>_LIBS.
# `make unit` builds and runs them all, then the zone-description suite.
# Tests of core code link tests/common/stubs.c (TEST_STUBS) for what that
# code calls outside itself, and define only the stubs they check.
# Flags, board lists and port includes shared with zvcfg and the fuzzers:
# tools/host.mk.
UNIT_CFLAGS := $(HOST_CFLAGS) -Itests/common
UNIT_LDLIBS := -lcmocka
TEST_STUBS := tests/common/stubs.c

TEST_config_SRCS := $(CONFIG_CHECK_SRCS) $(HOST_BOARD_SRCS)
TEST_config_layout_SRCS := $(TEST_config_SRCS)
TEST_guest_dt_SRCS := $(GUEST_DT_SRCS) $(HOST_BOARD_SRCS)
TEST_fdt_initrd_SRCS := src/core/fdt_initrd.c src/core/fdt_chosen.c
TEST_fdt_initrd_LIBS := -lfdt
TEST_fdt_initrd_CFLAGS := -Wno-unused-parameter
TEST_config_mgmt_SRCS := src/core/config_mgmt.c src/core/config_report.c
TEST_config_mgmt_CFLAGS := -Wno-unused-parameter
TEST_guest_dt_LIBS := -lfdt

# loongarch64 port: its pure-C logic with the port's own headers.
LA_HOST_CFLAGS := -Wno-unused-parameter $(HOST_INC_loongarch64)
TEST_la_decode_SRCS := src/arch/loongarch64/decode.c
TEST_la_decode_CFLAGS := $(LA_HOST_CFLAGS)
TEST_la_exc_SRCS := src/arch/loongarch64/decode.c
TEST_la_exc_CFLAGS := $(LA_HOST_CFLAGS)
TEST_la_gcsr_SRCS := src/arch/loongarch64/gcsr.c src/arch/loongarch64/efi.c
TEST_la_gcsr_CFLAGS := $(LA_HOST_CFLAGS)
TEST_la_vintc_SRCS := src/arch/loongarch64/vintc.c
TEST_la_vintc_CFLAGS := $(LA_HOST_CFLAGS)
TEST_la_vtimer_SRCS := src/arch/loongarch64/vtimer_calc.c
TEST_la_vtimer_CFLAGS := $(LA_HOST_CFLAGS)

# The core's stage-2 builder in the three ports' table formats.
TEST_stage2_SRCS := src/core/stage2.c src/arch/riscv64/s2_pte.c src/arch/aarch64/s2_pte.c \
	src/arch/loongarch64/s2_pte.c
TEST_stage2_CFLAGS := -Wno-unused-parameter -Isrc/arch/riscv64/include \
	-Isrc/arch/aarch64/include -Isrc/arch/loongarch64/include
TEST_stage2_bad_SRCS := $(TEST_stage2_SRCS)
TEST_stage2_bad_CFLAGS := $(TEST_stage2_CFLAGS)

# aarch64 port: the stage-2 data abort decoder, the vGIC's pure decisions.
A64_HOST_CFLAGS := -Wno-unused-parameter $(HOST_INC_aarch64)
TEST_a64_decode_SRCS := src/arch/aarch64/decode.c
TEST_a64_decode_CFLAGS := $(A64_HOST_CFLAGS)
TEST_a64_vgic_SRCS := src/arch/aarch64/vgic_calc.c
TEST_a64_vgic_CFLAGS := $(A64_HOST_CFLAGS)

# Tests of hypervisor code: warnings as in the hv build, the riscv64 port's
# headers for <arch/...>, and the board the hypervisor would link (zv_board,
# as the riscv64 linker script sets it).
RV_HOST_CFLAGS := -Wno-unused-parameter $(HOST_INC_riscv64)
RV_HOST_BOARD := $(HOST_BOARD_riscv64)
TEST_mmio_SRCS := src/core/mmio.c
TEST_mmio_CFLAGS := $(RV_HOST_CFLAGS)
TEST_vuart_SRCS := src/core/dev/vuart.c src/core/mmio.c $(TEST_STUBS)
TEST_vuart_CFLAGS := $(RV_HOST_CFLAGS)
TEST_vpl011_SRCS := src/core/dev/vpl011.c src/core/mmio.c $(TEST_STUBS)
TEST_vpl011_CFLAGS := $(RV_HOST_CFLAGS)
TEST_testdev_SRCS := src/core/dev/testdev.c src/core/mmio.c $(TEST_STUBS)
TEST_testdev_CFLAGS := $(RV_HOST_CFLAGS)
TEST_rv_decode_SRCS := src/arch/riscv64/decode.c
TEST_rv_decode_CFLAGS := $(RV_HOST_CFLAGS)
TEST_hypercall_SRCS := src/core/hypercall.c $(ZONE_SRCS) $(HOST_BOARD_SRCS) $(TEST_STUBS)
TEST_hypercall_CFLAGS := $(RV_HOST_CFLAGS)
TEST_hypercall_LIBS := $(RV_HOST_BOARD)
TEST_zone_load_SRCS := $(ZONE_SRCS) $(HOST_BOARD_SRCS) $(TEST_STUBS)
TEST_zone_load_CFLAGS := $(RV_HOST_CFLAGS)
TEST_zone_load_LIBS := $(RV_HOST_BOARD)
TEST_zone_life_SRCS := $(ZONE_SRCS) src/core/mmio.c $(HOST_BOARD_SRCS) $(TEST_STUBS)
TEST_zone_life_CFLAGS := $(RV_HOST_CFLAGS)
TEST_zone_life_LIBS := $(RV_HOST_BOARD)
TEST_vcpu_exit_SRCS := src/core/vcpu.c src/core/mmio.c
TEST_vcpu_exit_CFLAGS := $(RV_HOST_CFLAGS)
TEST_mgmt_SRCS := src/core/mgmt.c src/core/mgmt_proto.c src/core/mgmt_load.c src/core/mgmt_hc.c \
	src/core/mgmt_gendtb.c src/core/fdt_initrd.c \
	$(CONFIG_CHECK_SRCS) $(ZONE_SRCS) src/core/mmio.c $(HOST_BOARD_SRCS) $(TEST_STUBS)
TEST_mgmt_CFLAGS := $(RV_HOST_CFLAGS) -Isrc/core
TEST_mgmt_LIBS := $(RV_HOST_BOARD) -lfdt
TEST_mgmt_load_SRCS := $(TEST_mgmt_SRCS)
TEST_mgmt_load_CFLAGS := $(TEST_mgmt_CFLAGS)
TEST_mgmt_load_LIBS := $(TEST_mgmt_LIBS)
TEST_console_SRCS := src/core/console.c $(TEST_STUBS)
TEST_console_CFLAGS := $(RV_HOST_CFLAGS)
TEST_rv_vplic_SRCS := src/arch/riscv64/vplic.c $(ZONE_SRCS) src/core/mmio.c $(HOST_BOARD_SRCS) \
	$(TEST_STUBS)
TEST_rv_vplic_CFLAGS := $(RV_HOST_CFLAGS)
TEST_rv_vplic_LIBS := $(RV_HOST_BOARD)

# Zone rng-seeds: ChaCha20, the /chosen walker, seeding a tree.
TEST_rng_SRCS := src/core/rng.c src/core/fdt_chosen.c $(TEST_STUBS)
TEST_rng_CFLAGS := $(RV_HOST_CFLAGS)
TEST_rng_LIBS := -lfdt

VIRTIO_CORE_SRCS := src/core/virtio/virtio_mmio.c src/core/virtio/virtq.c
TEST_virtio_SRCS := $(VIRTIO_CORE_SRCS) $(ZONE_SRCS) src/core/mmio.c $(HOST_BOARD_SRCS) $(TEST_STUBS)
TEST_virtio_CFLAGS := $(RV_HOST_CFLAGS)
TEST_virtio_LIBS := $(RV_HOST_BOARD)
TEST_virtq_SRCS := $(TEST_virtio_SRCS)
TEST_virtq_CFLAGS := $(TEST_virtio_CFLAGS)
TEST_virtq_LIBS := $(TEST_virtio_LIBS)
TEST_virtq_event_SRCS := $(TEST_virtio_SRCS)
TEST_virtq_event_CFLAGS := $(TEST_virtio_CFLAGS)
TEST_virtq_event_LIBS := $(TEST_virtio_LIBS)
TEST_virtio_blk_SRCS := $(VIRTIO_CORE_SRCS) src/core/virtio/virtio_blk.c $(ZONE_SRCS) \
	src/core/mmio.c $(HOST_BOARD_SRCS) $(TEST_STUBS)
TEST_virtio_blk_CFLAGS := $(RV_HOST_CFLAGS)
TEST_virtio_blk_LIBS := $(RV_HOST_BOARD)

UNIT_TESTS := $(patsubst tests/unit/test_%.c,%,$(wildcard tests/unit/test_*.c))
UNIT_BINS := $(patsubst %,$(HOSTBUILD)/unit/test_%,$(UNIT_TESTS))

define unit_test_rule
$(HOSTBUILD)/unit/test_$(1): tests/unit/test_$(1).c $$(TEST_$(1)_SRCS)
	@mkdir -p $$(dir $$@)
	$$(call say,HOSTCC,$$@)
	$$(Q)$$(HOSTCC) $$(UNIT_CFLAGS) $$(TEST_$(1)_CFLAGS) $$^ $$(TEST_$(1)_LIBS) $$(UNIT_LDLIBS) -o $$@
endef
$(foreach t,$(UNIT_TESTS),$(eval $(call unit_test_rule,$(t))))

.PHONY: unit unit-c unit-configs
unit: unit-c unit-configs

unit-c: $(UNIT_BINS)
	@set -e; for t in $(UNIT_BINS); do echo "== $$t"; $$t; done

unit-configs: $(HOSTBUILD)/zvcfg
	$(Q)tests/configs/run-bad-configs.sh $(HOSTBUILD)/zvcfg
