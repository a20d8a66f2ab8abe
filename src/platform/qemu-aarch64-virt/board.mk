# QEMU aarch64 'virt' board with EL2 and GICv3: the one statement of the
# facts the hypervisor, zvcfg, make and the Python harnesses share. Read by
# make (arch.mk includes it), by tools/boardinfo.py (Python), and turned by
# that into the C header build/gen/board_facts/qemu-aarch64-virt.h (#define
# for every number; sizes such as 2G in bytes) that board.h includes. Plain
# `NAME := value` lines; a value may name an earlier one as $(NAME).

BOARD_QEMU := qemu-system-aarch64
BOARD_NR_CPUS := 4
BOARD_QEMU_MEM := 2G
BOARD_QEMU_M := virt,gic-version=3
BOARD_QEMU_CPU := max
# The board's QEMU options but its size: what runs a guest natively (at EL1,
# no EL2).
BOARD_QEMU_NATIVE := -M $(BOARD_QEMU_M) -cpu $(BOARD_QEMU_CPU)
# How QEMU runs the board for the hypervisor: with EL2.
BOARD_QEMU_MACHINE := -M $(BOARD_QEMU_M),virtualization=on -cpu $(BOARD_QEMU_CPU) \
	-smp $(BOARD_NR_CPUS) -m $(BOARD_QEMU_MEM)

# RAM (all of -m) and what the hypervisor keeps of it. QEMU puts its own
# DTB at the start of RAM when the ELF starts above it.
BOARD_RAM_BASE := 0x40000000
BOARD_HV_BASE := 0x40200000
BOARD_CONFIG_ADDR := 0x40f00000
BOARD_STAGING_BASE := 0x41000000
BOARD_RESERVED_END := 0x48000000

# The console: the physical PL011 (SPI 1 = INTID 33), and where a zone sees
# its UART model.
BOARD_UART_BASE := 0x09000000
BOARD_UART_IRQ := 33
# The GICv3 distributor and redistributors (RD_base + SGI_base frames per
# CPU), physical and emulated in every zone at the same place.
BOARD_GICD_BASE := 0x08000000
BOARD_GICD_SIZE := 0x00010000
BOARD_GICR_BASE := 0x080a0000
BOARD_GICR_STRIDE := 0x00020000

# The test device (zonevisor,testdev) a zone may be given, on an SPI QEMU
# virt does not use (SPI 49 = INTID 81).
BOARD_TESTDEV_GPA := 0x09110000
BOARD_TESTDEV_IRQ := 81

# The virtio-mmio slots the hypervisor serves: 8 x 0x200 from the base,
# interrupts base..base+7 (INTID 82-89 = SPI 50-57; QEMU virt's own virtio-mmio is at 0x0a000000, SPI 16-47).
BOARD_VIRTIO_GPA := 0x09120000
BOARD_VIRTIO_IRQ := 82
# The last 64 MiB of RAM hold the zones' disk images (no zone maps them).
BOARD_DISK_STORE := 0xbc000000
BOARD_DISK_STORE_SIZE := 0x04000000
