# aarch64 with the virtualization extensions, non-VHE EL2, GICv3.
TARGET := aarch64-unknown-none
PLATFORM ?= qemu-aarch64-virt
include src/platform/platform.mk
ARCH_CFLAGS := -mgeneral-regs-only -mcmodel=small
ARCH_SRCS := $(wildcard src/arch/aarch64/*.c src/arch/aarch64/*.S)
LDFLAGS += --defsym=zv_board=zv_board_$(subst -,_,$(PLATFORM)) --defsym=BOARD_HV_BASE=$(BOARD_HV_BASE)
PLATFORM_SRCS := src/drivers/pl011.c
QEMU := $(BOARD_QEMU)
QEMU_MACHINE := $(BOARD_QEMU_MACHINE) -nographic
