# Host tools: zvcfg (zone description -> zones.bin) and the initramfs images.
HOST_CFLAGS := -std=c11 -D_GNU_SOURCE -DZV_HOST -O1 -g -Wall -Wextra -Werror \
	-fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer \
	-Isrc/core/include
HOST_LDLIBS := -lfdt

# Every board's facts: the tool checks configs for all of them.
HOST_BOARD_SRCS := src/platform/boards.c $(wildcard src/platform/*/board.c)
# The guest DT generators (guest_dt.c and one guest_dt_<isa>.c per ISA) and
# the tool's parts; unit tests and fuzzers link these lists too.
GUEST_DT_SRCS := $(wildcard tools/zvcfg/guest_dt*.c)
ZVCFG_TOOL_SRCS := tools/zvcfg/zvcfg.c tools/zvcfg/parse.c tools/zvcfg/stage.c \
	tools/zvcfg/output.c tools/zvcfg/mgmt_props.c $(GUEST_DT_SRCS)
ZVCFG_SRCS := $(ZVCFG_TOOL_SRCS) src/core/config.c src/core/config_zone.c src/core/config_mgmt.c \
	$(HOST_BOARD_SRCS)
ZVCFG_OBJS := $(patsubst %,$(HOSTBUILD)/%.o,$(ZVCFG_SRCS))

.PHONY: tools initramfs
tools: $(HOSTBUILD)/zvcfg

$(HOSTBUILD)/%.c.o: %.c
	@mkdir -p $(dir $@)
	$(call say,HOSTCC,$<)
	$(Q)$(HOSTCC) $(HOST_CFLAGS) -MMD -c $< -o $@

$(HOSTBUILD)/zvcfg: $(ZVCFG_OBJS)
	$(call say,HOSTLD,$@)
	$(Q)$(HOSTCC) $(HOST_CFLAGS) $^ $(HOST_LDLIBS) -o $@

-include $(ZVCFG_OBJS:.o=.d)

# initramfs with busybox for the Linux zones (build/<arch>/initramfs.cpio).
initramfs: build/$(ARCH)/initramfs.cpio

build/riscv64/initramfs.cpio: $(ZV_CACHE)/riscv64/busybox tools/mkinitramfs build/riscv64/zvctl
	@mkdir -p $(dir $@)
	$(call say,CPIO,$@)
	$(Q)python3 tools/mkinitramfs $@ --busybox $< --file bin/zvctl=build/riscv64/zvctl

build/aarch64/initramfs.cpio: $(ZV_CACHE)/arm64/busybox tools/mkinitramfs build/aarch64/zvctl
	@mkdir -p $(dir $@)
	$(call say,CPIO,$@)
	$(Q)python3 tools/mkinitramfs $@ --busybox $< --file bin/zvctl=build/aarch64/zvctl

build/loongarch64/initramfs.cpio: $(ZV_CACHE)/loong64/busybox tools/mkinitramfs build/loongarch64/zvctl
	@mkdir -p $(dir $@)
	$(call say,CPIO,$@)
	$(Q)python3 tools/mkinitramfs $@ --busybox $< --file bin/zvctl=build/loongarch64/zvctl
