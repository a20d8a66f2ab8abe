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

include src/arch/$(ARCH)/arch.mk

CFLAGS := --target=$(TARGET) -std=c11 -ffreestanding -fno-builtin -nostdlib \
	-fno-stack-protector -fno-pic -fno-common -O2 -g -Wall -Wextra -Werror \
	-Wno-unused-parameter -Isrc/core/include -Isrc/arch/$(ARCH)/include \
	-Isrc/platform/$(PLATFORM) $(ARCH_CFLAGS)
ASFLAGS := $(CFLAGS) -D__ASSEMBLY__

CORE_SRCS := $(wildcard src/core/*.c src/core/lib/*.c src/core/dev/*.c)
HV_SRCS := $(CORE_SRCS) $(ARCH_SRCS) $(PLATFORM_SRCS) $(wildcard src/platform/$(PLATFORM)/*.c)
HV_OBJS := $(patsubst %,$(BUILD)/hv/%.o,$(HV_SRCS))

.PHONY: all hv tools guests test unit system bench demo clean format
all: hv tools guests

hv: $(BUILD)/zonevisor.elf $(BUILD)/zonevisor.bin

$(BUILD)/hv/%.c.o: %.c
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	@$(CC) $(CFLAGS) -MMD -c $< -o $@
$(BUILD)/hv/%.S.o: %.S
	@mkdir -p $(dir $@)
	@echo "  AS      $<"
	@$(CC) $(ASFLAGS) -MMD -c $< -o $@

$(BUILD)/zonevisor.elf: $(HV_OBJS) src/arch/$(ARCH)/linker.ld
	$(LD) -nostdlib -static $(LDFLAGS) -T src/arch/$(ARCH)/linker.ld $(HV_OBJS) -o $@
$(BUILD)/zonevisor.bin: $(BUILD)/zonevisor.elf
	$(OBJCOPY) -O binary $< $@

-include $(HV_OBJS:.o=.d)
-include tools/zvcfg/zvcfg.mk
-include guests/guests.mk
-include tests/unit/unit.mk
-include tests/fuzz/fuzz.mk
-include tests/system/system.mk
-include bench/bench.mk

test:
	tests/run-all.sh

format:
	clang-format-19 -i $$(git ls-files '*.c' '*.h')

clean:
	rm -rf build

# A zone configuration compiled for QEMU: build/<arch>/cfg/<name>/{zones.bin,qemu-args}.
# Always regenerated: staged image sizes must match the images just built.
CONFIG ?= demo
CFG_DIR = $(BUILD)/cfg/$(CONFIG)
.PHONY: config run
config: hv tools guests $(if $(filter demo,$(CONFIG)),initramfs)
	@mkdir -p $(CFG_DIR)
	@$(HOSTBUILD)/zvcfg -o $(CFG_DIR) configs/$(PLATFORM)/$(CONFIG).dts

# Boot the hypervisor with CONFIG's zones (Ctrl-] switches console focus,
# Ctrl-A X quits QEMU).
run: config
	$(QEMU) $(QEMU_MACHINE) -kernel $(BUILD)/zonevisor.elf $$(cat $(CFG_DIR)/qemu-args)

demo: run
