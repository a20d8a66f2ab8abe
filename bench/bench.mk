# make bench: what the hypervisor costs, measured against native, on QEMU.
# Not a test: asserts nothing about time. bench/run.py does the runs and
# writes build/bench/results-<arch>.json and its section of
# docs/benchmarks.md; this file only builds what it boots.
#   bench/configs/<platform>/bare.dts   the exit-cost guest (guests/common/bench.c)
#   bench/configs/<platform>/linux.dts  the Linux zone, with bench/init
# A port is benchmarked once those two configs and its guest arch hooks
# exist; otherwise run.py says why it skipped it (footprint only).
# make bench BENCH_ARGS=--save-baseline also stores bench/baseline-<arch>.json.
.PHONY: bench bench-prep bench-info
BENCH_DIR := $(BUILD)/bench
BENCH_CFG := bench/configs/$(PLATFORM)
# Where the firmware starts an S-mode/EL1 payload: the native bench guest,
# where the hypervisor is linked (board.mk). riscv64: OpenSBI's next stage.
BENCH_NATIVE_BASE_riscv64 := $(BOARD_HV_BASE)
# aarch64: QEMU runs an ELF at EL1 (no EL2/EL3) where it is linked; its
# DTB sits at the start of RAM, so keep clear of that.
BENCH_NATIVE_BASE_aarch64 := $(BOARD_HV_BASE)
# loongarch64: QEMU boots the ELF where it is linked, in low RAM.
BENCH_NATIVE_BASE_loongarch64 := 0x200000
BENCH_BUSYBOX_riscv64 := $(ZV_CACHE)/riscv64/busybox
BENCH_BUSYBOX_aarch64 := $(ZV_CACHE)/arm64/busybox
BENCH_BUSYBOX_loongarch64 := $(ZV_CACHE)/loong64/busybox
# The QEMU-LVZ fork boots only ELF kernels: the native Linux run gets the
# raw Image wrapped (bench/tables.py "native_kernel").
BENCH_NATIVE_KERNEL_loongarch64 := $(BENCH_DIR)/Image.elf

# Every ISA (bench/tables.py default_arches()) unless ARCH= is given.
bench:
	$(Q)python3 bench/run.py --arch $(if $(filter command line,$(origin ARCH)),$(ARCH),all) \
		$(BENCH_ARGS)

# Everything a run boots; bench/run.py calls this.
bench-prep: hv tools $(GUEST_DIR)/bench.bin $(BENCH_DIR)/bench-native.elf \
		$(BENCH_DIR)/initramfs.cpio $(BENCH_NATIVE_KERNEL_$(ARCH))
	@for c in bare linux linux1 $(if $(wildcard $(BENCH_CFG)/bare-busy.dts),bare-busy); do \
		mkdir -p $(BENCH_DIR)/cfg-$$c && \
		$(HOSTBUILD)/zvcfg -o $(BENCH_DIR)/cfg-$$c $(BENCH_CFG)/$$c.dts >/dev/null || exit 1; \
	done

# The same bench guest linked where the firmware jumps: booted natively.
$(BENCH_DIR)/bench-native.elf: $(GUEST_DIR)/obj/guests/common/bench.c.o $(GUEST_LIB_OBJS) \
		guests/arch/$(ARCH)/guest.ld
	@mkdir -p $(dir $@)
	$(call say,LD,$@)
	$(Q)$(LD) -nostdlib -static --defsym=GUEST_BASE=$(BENCH_NATIVE_BASE_$(ARCH)) \
		-T guests/arch/$(ARCH)/guest.ld $(filter %.o,$^) -o $@

$(BENCH_DIR)/Image.elf: $(ZV_CACHE)/loong64/Image tools/image2elf
	@mkdir -p $(dir $@)
	$(call say,IMG2ELF,$@)
	$(Q)python3 tools/image2elf $< $@

$(BENCH_DIR)/initramfs.cpio: $(BENCH_BUSYBOX_$(ARCH)) bench/init tools/mkinitramfs \
		$(BENCH_DIR)/zvclock
	@mkdir -p $(dir $@)
	$(call say,CPIO,$@)
	$(Q)python3 tools/mkinitramfs $@ --busybox $< --init bench/init \
		--file bin/zvclock=$(BENCH_DIR)/zvclock

# The counter reader bench/init runs around each job (a static Linux
# program without libc).
LINUX_TRIPLE_riscv64 := riscv64-linux-gnu
LINUX_TRIPLE_aarch64 := aarch64-linux-gnu
LINUX_TRIPLE_loongarch64 := loongarch64-linux-gnu
$(BENCH_DIR)/zvclock: guests/linux/zvclock.c
	@mkdir -p $(dir $@)
	$(call say,CC,$<)
	$(Q)$(CC) --target=$(LINUX_TRIPLE_$(ARCH)) -std=c11 -O2 -ffreestanding -fno-builtin \
		-nostdlib -static -fno-pic -fno-stack-protector -Wall -Wextra -Werror \
		-fuse-ld=lld -Wl,-e,_start $< -o $@

# The board and the hypervisor's sources for this ARCH (footprint).
bench-info:
	@echo "platform=$(PLATFORM)"
	@echo "srcs=$(HV_SRCS)"
