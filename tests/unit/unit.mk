# Host unit tests: every tests/unit/test_<name>.c becomes a cmocka runner
# build/host/unit/test_<name>, linked with the sources in TEST_<name>_SRCS
# (arch-neutral core code compiled for the host with -DZV_HOST), with the
# extra flags in TEST_<name>_CFLAGS and the libraries in TEST_<name>_LIBS.
# `make unit` builds and runs them all, then the zone-description suite.
# Tests of core code link tests/common/stubs.c (TEST_STUBS) for what that
# code calls outside itself, and define only the stubs they check.
UNIT_CFLAGS := -std=c11 -D_GNU_SOURCE -DZV_HOST -O1 -g -Wall -Wextra -Werror \
	-fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer \
	-Isrc/core/include -Itests/common
UNIT_LDLIBS := -lcmocka
TEST_STUBS := tests/common/stubs.c

HOST_BOARDS := src/platform/boards.c $(wildcard src/platform/*/board.c)
TEST_config_SRCS := src/core/config.c src/core/config_zone.c src/core/config_mgmt.c $(HOST_BOARDS)
TEST_config_mgmt_SRCS := src/core/config_mgmt.c
TEST_config_mgmt_CFLAGS := -Wno-unused-parameter
TEST_guest_dt_SRCS := $(GUEST_DT_SRCS) $(HOST_BOARDS)
TEST_guest_dt_LIBS := -lfdt

# loongarch64 port: its pure-C logic with the port's own headers.
LA_HOST_CFLAGS := -Wno-unused-parameter -Isrc/arch/loongarch64/include
TEST_la_decode_SRCS := src/arch/loongarch64/decode.c
TEST_la_decode_CFLAGS := $(LA_HOST_CFLAGS)
TEST_la_exc_SRCS := src/arch/loongarch64/decode.c
TEST_la_exc_CFLAGS := $(LA_HOST_CFLAGS)
TEST_la_gcsr_SRCS := src/arch/loongarch64/gcsr.c src/arch/loongarch64/efi.c
TEST_la_gcsr_CFLAGS := $(LA_HOST_CFLAGS)
TEST_la_pt_SRCS := src/arch/loongarch64/pt.c
TEST_la_pt_CFLAGS := $(LA_HOST_CFLAGS)
TEST_la_vintc_SRCS := src/arch/loongarch64/vintc.c
TEST_la_vintc_CFLAGS := $(LA_HOST_CFLAGS)
TEST_la_vtimer_SRCS := src/arch/loongarch64/vtimer_calc.c
TEST_la_vtimer_CFLAGS := $(LA_HOST_CFLAGS)

# aarch64 port: the stage-2 data abort decoder, the vGIC's pure decisions.
A64_HOST_CFLAGS := -Wno-unused-parameter -Isrc/arch/aarch64/include
TEST_a64_decode_SRCS := src/arch/aarch64/decode.c
TEST_a64_decode_CFLAGS := $(A64_HOST_CFLAGS)
TEST_a64_vgic_SRCS := src/arch/aarch64/vgic_calc.c
TEST_a64_vgic_CFLAGS := $(A64_HOST_CFLAGS)

# Tests of hypervisor code: warnings as in the hv build, the riscv64 port's
# headers for <arch/...>, and the board the hypervisor would link (zv_board,
# as the riscv64 linker script sets it).
RV_HOST_CFLAGS := -Wno-unused-parameter -Isrc/arch/riscv64/include \
	-Isrc/platform/qemu-riscv64-virt
RV_HOST_BOARD := -Wl,--defsym=zv_board=zv_board_qemu_riscv64_virt
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
TEST_hypercall_SRCS := src/core/hypercall.c src/core/zone.c $(HOST_BOARDS) $(TEST_STUBS)
TEST_hypercall_CFLAGS := $(RV_HOST_CFLAGS)
TEST_hypercall_LIBS := $(RV_HOST_BOARD)
TEST_zone_load_SRCS := src/core/zone.c $(HOST_BOARDS) $(TEST_STUBS)
TEST_zone_load_CFLAGS := $(RV_HOST_CFLAGS)
TEST_zone_load_LIBS := $(RV_HOST_BOARD)
TEST_zone_life_SRCS := src/core/zone.c src/core/mmio.c $(HOST_BOARDS) $(TEST_STUBS)
TEST_zone_life_CFLAGS := $(RV_HOST_CFLAGS)
TEST_zone_life_LIBS := $(RV_HOST_BOARD)
TEST_vcpu_exit_SRCS := src/core/vcpu.c src/core/mmio.c
TEST_vcpu_exit_CFLAGS := $(RV_HOST_CFLAGS)
TEST_mgmt_SRCS := src/core/mgmt.c src/core/mgmt_proto.c src/core/mgmt_load.c src/core/mgmt_hc.c src/core/config.c src/core/config_zone.c \
	src/core/config_mgmt.c src/core/zone.c src/core/mmio.c $(HOST_BOARDS) $(TEST_STUBS)
TEST_mgmt_CFLAGS := $(RV_HOST_CFLAGS) -Isrc/core
TEST_mgmt_LIBS := $(RV_HOST_BOARD)
TEST_console_SRCS := src/core/console.c $(TEST_STUBS)
TEST_console_CFLAGS := $(RV_HOST_CFLAGS)
TEST_rv_vplic_SRCS := src/arch/riscv64/vplic.c src/core/zone.c src/core/mmio.c $(HOST_BOARDS) \
	$(TEST_STUBS)
TEST_rv_vplic_CFLAGS := $(RV_HOST_CFLAGS)
TEST_rv_vplic_LIBS := $(RV_HOST_BOARD)

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
