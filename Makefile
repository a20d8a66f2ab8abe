# zonevisor — one Makefile for all ISAs: make ARCH=riscv64|aarch64|loongarch64
ARCH ?= riscv64
ZV_CACHE ?= $(HOME)/.cache/zonevisor
export ZV_CACHE

CC := clang-19
LD := ld.lld-19
OBJCOPY := llvm-objcopy-19
HOSTCC := clang-19
DTC := dtc

BUILD := build/$(ARCH)
HOSTBUILD := build/host

# Build output: one short line per step ("  CC      file"); V=1 prints the
# full commands instead, make -s neither. Recipes use $(call say,WHAT,file)
# then $(Q)command.
ifeq ($(V),1)
Q :=
say = @:
else
Q := @
say = @printf '  %-7s %s\n' '$(1)' '$(2)'
endif
ifneq ($(findstring s,$(filter-out --%,$(firstword -$(MAKEFLAGS)))),)
say = @:
endif

include src/arch/$(ARCH)/arch.mk

CFLAGS := --target=$(TARGET) -std=c11 -ffreestanding -fno-builtin -nostdlib \
	-fno-stack-protector -fno-pic -fno-common -O2 -g -Wall -Wextra -Werror \
	-Wno-unused-parameter -Isrc/core/include -Isrc/arch/$(ARCH)/include \
	-Isrc/platform/$(PLATFORM) -I$(BOARD_GEN) $(ARCH_CFLAGS)
ASFLAGS := $(CFLAGS) -D__ASSEMBLY__

CORE_SRCS := $(wildcard src/core/*.c src/core/lib/*.c src/core/dev/*.c src/core/virtio/*.c)
HV_SRCS := $(CORE_SRCS) $(ARCH_SRCS) $(PLATFORM_SRCS) $(wildcard src/platform/$(PLATFORM)/*.c)
HV_OBJS := $(patsubst %,$(BUILD)/hv/%.o,$(HV_SRCS))

.PHONY: all hv tools guests test unit system bench demo clean format help
all: hv tools guests

hv: $(BUILD)/zonevisor.elf $(BUILD)/zonevisor.bin

$(BUILD)/hv/%.c.o: %.c
	@mkdir -p $(dir $@)
	$(call say,CC,$<)
	$(Q)$(CC) $(CFLAGS) -MMD -c $< -o $@
$(BUILD)/hv/%.S.o: %.S
	@mkdir -p $(dir $@)
	$(call say,AS,$<)
	$(Q)$(CC) $(ASFLAGS) -MMD -c $< -o $@

$(BUILD)/zonevisor.elf: $(HV_OBJS) src/arch/$(ARCH)/linker.ld
	$(call say,LD,$@)
	$(Q)$(LD) -nostdlib -static $(LDFLAGS) -T src/arch/$(ARCH)/linker.ld $(HV_OBJS) -o $@
$(BUILD)/zonevisor.bin: $(BUILD)/zonevisor.elf
	$(call say,OBJCOPY,$@)
	$(Q)$(OBJCOPY) -O binary $< $@

-include $(HV_OBJS:.o=.d)
include tools/host.mk
-include tools/zvcfg/zvcfg.mk
-include guests/guests.mk
-include guests/zvctl/zvctl.mk
-include tests/unit/unit.mk
-include tests/fuzz/fuzz.mk
-include bench/bench.mk

# Every C build reads the boards' generated facts (src/platform/platform.mk);
# guest objects get them from their pattern rule (guests/guests.mk).
$(HV_OBJS) $(ZVCFG_OBJS) $(UNIT_BINS) $(FUZZ_BINS): | $(BOARD_FACTS_H)

test:
	$(Q)tests/run-all.sh

format:
	clang-format-19 -i $$(git ls-files '*.c' '*.h')

clean:
	rm -rf build

# A zone configuration compiled for QEMU: build/<arch>/cfg/<name>/{zones.bin,qemu-args}.
# CONFIG is a name under configs/<board>/ (demo: configs/<board>/demo.dts) or
# the path of a .dts/.dtb file (anything with a '/' or that extension); <name>
# is the file's name without its extension. Always regenerated: staged image
# sizes must match the images just built.
CONFIG ?= demo
CONFIG_FILE = $(if $(findstring /,$(CONFIG))$(filter %.dts %.dtb,$(CONFIG)),$(CONFIG),configs/$(PLATFORM)/$(CONFIG).dts)
CONFIG_NAME = $(basename $(notdir $(CONFIG_FILE)))
CFG_DIR = $(BUILD)/cfg/$(CONFIG_NAME)
# The initramfs is built when the description names it.
CONFIG_NEEDS = $(if $(shell grep -s 'initramfs\.cpio' $(CONFIG_FILE)),initramfs) \
	$(if $(shell grep -s 'initramfs-manage\.cpio' $(CONFIG_FILE)),initramfs-manage)
.PHONY: config run
config: hv tools guests $(CONFIG_NEEDS)
	@test -f $(CONFIG_FILE) || { echo "make: CONFIG=$(CONFIG): no file $(CONFIG_FILE)" \
		"(give a name under configs/$(PLATFORM)/ or the path of a .dts)" >&2; exit 1; }
	@mkdir -p $(CFG_DIR)
	$(call say,ZVCFG,$(CONFIG_FILE))
	$(Q)$(HOSTBUILD)/zvcfg -o $(CFG_DIR) $(CONFIG_FILE)

# Boot the hypervisor with CONFIG's zones (Ctrl-] switches console focus,
# Ctrl-A X quits QEMU). QEMU_EXTRA: more QEMU arguments, e.g. the device
# behind a passthrough-virtio transport.
run: config
	$(call say,QEMU,$(BUILD)/zonevisor.elf with $(CONFIG_FILE) (Ctrl-] focus, Ctrl-A X quits))
	$(Q)$(QEMU) $(QEMU_MACHINE) -kernel $(BUILD)/zonevisor.elf $$(cat $(CFG_DIR)/qemu-args) \
		$(QEMU_EXTRA)

demo: run

help:
	@echo 'zonevisor: make [TARGET] [VARIABLE=value ...]'
	@echo
	@echo 'Targets:'
	@echo '  all (default)  hypervisor, host tools and bare-metal guests for ARCH'
	@echo '  demo           build and boot Debian Linux beside the bare-metal self test'
	@echo '  run            build and boot the zones of CONFIG'
	@echo '  config         compile CONFIG to build/<arch>/cfg/<name>/ (no boot)'
	@echo '  initramfs      the busybox initramfs for the Linux zone'
	@echo '  test           every test: unit, bad configs, fuzzers, QEMU boots of'
	@echo '                 each ISA (about 5-10 minutes on 2 cores)'
	@echo '  unit           unit-c (cmocka) and unit-configs (bad-config suite)'
	@echo '  fuzz           the libFuzzer harnesses, FUZZ_SECONDS each'
	@echo '  bench          exit costs and overhead against native (docs/benchmarks.md)'
	@echo '  format         clang-format-19 on every C file'
	@echo '  clean          remove build/'
	@echo
	@echo 'Variables:'
	@echo '  ARCH=riscv64|aarch64|loongarch64   the ISA (default riscv64)'
	@echo '  CONFIG=<name>|<path>  zone description: configs/<board>/<name>.dts or'
	@echo '                 any .dts file (default demo)'
	@echo '  QEMU_LVZ=<path>  an LVZ-capable qemu-system-loongarch64: LoongArch'
	@echo '                 zones run only there (stock QEMU has no LVZ)'
	@echo '  FUZZ_SECONDS=N how long each fuzzer runs in make fuzz / make test'
	@echo '                 (default 10)'
	@echo '  V=1            print full build commands instead of short lines'
