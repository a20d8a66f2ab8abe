# Bare-metal test guests: build/<arch>/guests/<name>.bin, one per program in
# guests/common/*.c other than lib.c, linked with guests/arch/<arch>.
include guests/arch/$(ARCH)/guest.mk

GUEST_NAMES := $(filter-out lib,$(basename $(notdir $(wildcard guests/common/*.c))))
GUEST_DIR := $(BUILD)/guests
GUEST_CFLAGS := --target=$(GUEST_TARGET) -std=c11 -ffreestanding -fno-builtin -nostdlib \
	-fno-stack-protector -fno-pic -O2 -g -Wall -Wextra -Werror -Wno-unused-parameter \
	-Iguests/include -Iguests/arch/$(ARCH) -Isrc/core/include -I$(BOARD_GEN) \
	$(GUEST_ARCH_CFLAGS)
GUEST_LIB_SRCS := guests/common/lib.c guests/zvchan/zvchan.c guests/zvchan/zvchan_guest.c $(wildcard guests/arch/$(ARCH)/*.c guests/arch/$(ARCH)/*.S)
GUEST_LIB_OBJS := $(patsubst %,$(GUEST_DIR)/obj/%.o,$(GUEST_LIB_SRCS))

# The self test's further parts, linked into selftest.bin only.
SELFTEST_OBJS := $(patsubst %,$(GUEST_DIR)/obj/%.o,$(wildcard guests/selftest/*.c))
$(GUEST_DIR)/selftest.elf: $(SELFTEST_OBJS)
# The hostile virtio driver's driver helpers and network part.
VHOSTILE_OBJS := $(patsubst %,$(GUEST_DIR)/obj/%.o,$(wildcard guests/vhostile/*.c))
$(GUEST_DIR)/vhostile.elf: $(VHOSTILE_OBJS)
# The bare channel guests' channel, doorbell interrupt and wait.
$(GUEST_DIR)/chanecho.elf $(GUEST_DIR)/chanpp.elf: $(GUEST_DIR)/obj/guests/zvchan/chan_bare.c.o

guests: $(patsubst %,$(GUEST_DIR)/%.bin,$(GUEST_NAMES))

# Guests read the boards' generated facts (src/platform/platform.mk).
$(GUEST_DIR)/obj/%.o: % | $(BOARD_FACTS_H)
	@mkdir -p $(dir $@)
	$(call say,GUEST,$<)
	$(Q)$(CC) $(GUEST_CFLAGS) -MMD -c $< -o $@

$(GUEST_DIR)/%.elf: $(GUEST_DIR)/obj/guests/common/%.c.o $(GUEST_LIB_OBJS) guests/arch/$(ARCH)/guest.ld
	$(call say,LD,$@)
	$(Q)$(LD) -nostdlib -static --defsym=GUEST_BASE=$(GUEST_BASE) -T guests/arch/$(ARCH)/guest.ld \
		$(filter %.o,$^) -o $@

$(GUEST_DIR)/%.bin: $(GUEST_DIR)/%.elf
	$(call say,OBJCOPY,$@)
	$(Q)$(OBJCOPY) -O binary $< $@

.PRECIOUS: $(GUEST_DIR)/%.elf $(GUEST_DIR)/obj/%.o
-include $(wildcard $(GUEST_DIR)/obj/*/*/*.d $(GUEST_DIR)/obj/*/*/*/*.d)
