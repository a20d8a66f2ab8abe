# QEMU loongarch64 'virt' board: the one statement of the facts the
# hypervisor, zvcfg, make and the Python harnesses share. Read by make
# (arch.mk includes it), by tools/boardinfo.py (Python), and turned by that
# into the C header build/gen/board_facts/qemu-loongarch64-virt.h (#define
# for every number; sizes such as 2G in bytes) that board.h includes. Plain
# `NAME := value` lines; a value may name an earlier one as $(NAME).

BOARD_QEMU := qemu-system-loongarch64
BOARD_NR_CPUS := 4
BOARD_QEMU_MEM := 2G
BOARD_QEMU_M := virt
BOARD_QEMU_CPU := la464
BOARD_QEMU_SIZE := -smp $(BOARD_NR_CPUS) -m $(BOARD_QEMU_MEM)
# The board's QEMU options but its size: what runs a guest natively (in
# root, without LVZ).
BOARD_QEMU_NATIVE := -M $(BOARD_QEMU_M) -cpu $(BOARD_QEMU_CPU)
# Zones need the LoongArch Virtualization extension: an LVZ-capable QEMU
# (QEMU_LVZ) with lvz=on. Stock QEMU runs the board without it (the
# hypervisor then reports LVZ missing and powers off).
BOARD_QEMU_MACHINE := -M $(BOARD_QEMU_M) -cpu $(BOARD_QEMU_CPU),lvz=on $(BOARD_QEMU_SIZE)
BOARD_QEMU_MACHINE_NOLVZ := $(BOARD_QEMU_NATIVE) $(BOARD_QEMU_SIZE)

# RAM: QEMU puts the first 256 MiB of -m low (from 0) and the rest high,
# from 2 GiB; the hypervisor uses the high RAM.
BOARD_LOW_RAM_SIZE := 0x10000000
BOARD_RAM_BASE := 0x80000000
BOARD_HV_BASE := 0x80000000
BOARD_CONFIG_ADDR := 0x80f00000
BOARD_STAGING_BASE := 0x81000000
BOARD_RESERVED_END := 0x88000000

# The console UART (ns16550a UART0, PCH-PIC input 2), physical and in
# every zone.
BOARD_UART_PHYS := 0x1fe001e0
BOARD_UART_IRQ := 2
# The PCH-PIC, physical and emulated in every zone at the same place.
BOARD_PCH_PIC_BASE := 0x10000000
BOARD_PCH_PIC_SIZE := 0x400
BOARD_PCH_PIC_INPUTS := 32
# ACPI GED registers, emulated per zone (byte offsets in the window): the
# sleep control, where SLP_EN | SLP_TYP(S5) << 2 powers off, and the reset
# register with its reset value.
BOARD_GED_BASE := 0x100e001c
BOARD_GED_SIZE := 3
BOARD_GED_SLEEP_CTL := 0
BOARD_GED_SLEEP_S5 := 0x34
BOARD_GED_RESET_CTL := 2
BOARD_GED_RESET := 0x42

# The test device (zonevisor,testdev) a zone may be given, on a free
# PCH-PIC input.
BOARD_TESTDEV_GPA := 0x1fe10000
BOARD_TESTDEV_IRQ := 12

# The virtio-mmio slots the hypervisor serves: 8 x 0x200 from the base,
# interrupts base..base+7 (PCH-PIC inputs 24-31; QEMU's loongarch virt board has no virtio-mmio of its own).
BOARD_VIRTIO_GPA := 0x1fe20000
BOARD_VIRTIO_IRQ := 24
# The last 64 MiB of RAM hold the zones' disk images (no zone maps them).
BOARD_DISK_STORE := 0xec000000
BOARD_DISK_STORE_SIZE := 0x04000000
