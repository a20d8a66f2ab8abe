# Host tools: zvcfg (zone description -> zones.bin) and the initramfs images.
# HOST_CFLAGS, HOST_BOARD_SRCS, CONFIG_CHECK_SRCS: tools/host.mk.
HOST_LDLIBS := -lfdt

# The guest DT generators (guest_dt.c and one guest_dt_<isa>.c per ISA) and
# the tool's parts; unit tests and fuzzers link these lists too.
GUEST_DT_SRCS := $(wildcard tools/zvcfg/guest_dt*.c)
ZVCFG_TOOL_SRCS := tools/zvcfg/zvcfg.c tools/zvcfg/parse.c tools/zvcfg/chan.c tools/zvcfg/stage.c \
	tools/zvcfg/output.c $(GUEST_DT_SRCS)
ZVCFG_SRCS := $(ZVCFG_TOOL_SRCS) $(CONFIG_CHECK_SRCS) $(HOST_BOARD_SRCS)
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

build/riscv64/initramfs.cpio: $(ZV_CACHE)/riscv64/busybox tools/mkinitramfs
	@mkdir -p $(dir $@)
	$(call say,CPIO,$@)
	$(Q)python3 tools/mkinitramfs $@ --busybox $<

build/aarch64/initramfs.cpio: $(ZV_CACHE)/arm64/busybox tools/mkinitramfs
	@mkdir -p $(dir $@)
	$(call say,CPIO,$@)
	$(Q)python3 tools/mkinitramfs $@ --busybox $<

build/loongarch64/initramfs.cpio: $(ZV_CACHE)/loong64/busybox tools/mkinitramfs
	@mkdir -p $(dir $@)
	$(call say,CPIO,$@)
	$(Q)python3 tools/mkinitramfs $@ --busybox $<
