# loongarch64 with the LoongArch Virtualization extension (LVZ), bare metal
# (QEMU direct kernel boot, no firmware). Soft-float ABI and no LSX/LASX:
# EUEN disables them at reset and the hypervisor enables them only around
# the zone scrub's LASX stores (zero.c, zero.S).
TARGET := loongarch64-unknown-none
PLATFORM ?= qemu-loongarch64-virt
include src/platform/platform.mk
ARCH_CFLAGS := -march=loongarch64 -mabi=lp64s -msoft-float -mno-lsx -mno-lasx \
	-mcmodel=normal
ARCH_SRCS := $(wildcard src/arch/loongarch64/*.c src/arch/loongarch64/*.S)
LDFLAGS += --defsym=zv_board=zv_board_$(subst -,_,$(PLATFORM)) --defsym=BOARD_HV_BASE=$(BOARD_HV_BASE)
PLATFORM_SRCS := src/drivers/ns16550.c
# Stock QEMU has no LVZ: the hypervisor reports it and powers off. Zones need
# an LVZ-capable QEMU: $(QEMU_LVZ) if set, else the one beside the repository
# in ../shared/qemu-lvz (used where it lies: it finds its ROMs from there;
# tests/system/zvtest.py and bench/run.py pick the same one).
ifeq ($(QEMU_LVZ),)
QEMU_LVZ := $(wildcard $(abspath ../shared/qemu-lvz/bin/qemu-system-loongarch64))
endif
ifneq ($(QEMU_LVZ),)
QEMU := $(QEMU_LVZ)
QEMU_MACHINE := $(BOARD_QEMU_MACHINE) -nographic
else
QEMU := $(BOARD_QEMU)
QEMU_MACHINE := $(BOARD_QEMU_MACHINE_NOLVZ) -nographic
endif

# No rules here (this file is read before the Makefile's default goal): the
# stock-QEMU boot check is tests/system/loongarch64-nolvz.sh, by hand:
#   $(QEMU) $(QEMU_MACHINE) -kernel build/loongarch64/zonevisor.elf
