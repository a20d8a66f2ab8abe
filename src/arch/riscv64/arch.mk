# riscv64 with the H extension, HS-mode under OpenSBI.
TARGET := riscv64-unknown-none-elf
PLATFORM ?= qemu-riscv64-virt
include src/platform/platform.mk
ARCH_CFLAGS := -march=rv64imac_zicsr_zifencei -mabi=lp64 -mcmodel=medany -mno-relax
ARCH_SRCS := $(wildcard src/arch/riscv64/*.c src/arch/riscv64/*.S)
LDFLAGS += --defsym=zv_board=zv_board_$(subst -,_,$(PLATFORM)) --defsym=BOARD_HV_BASE=$(BOARD_HV_BASE)
PLATFORM_SRCS := src/drivers/ns16550.c
QEMU := $(BOARD_QEMU)
QEMU_MACHINE := $(BOARD_QEMU_MACHINE) -nographic
