# QEMU riscv64 'virt' board: the one statement of the facts the hypervisor,
# zvcfg, make and the Python harnesses share. Read by make (arch.mk includes
# it), by tools/boardinfo.py (Python), and turned by that into the C header
# build/gen/board_facts/qemu-riscv64-virt.h (#define for every number;
# sizes such as 2G in bytes) that board.h includes. Plain `NAME := value`
# lines; a value may name an earlier one as $(NAME).

BOARD_QEMU := qemu-system-riscv64
BOARD_NR_CPUS := 4
BOARD_QEMU_MEM := 2G
# The board's QEMU options but its size: what runs a guest natively.
BOARD_QEMU_NATIVE := -M virt,aclint=on -bios default
# How QEMU runs the board for the hypervisor (OpenSBI below it).
BOARD_QEMU_MACHINE := $(BOARD_QEMU_NATIVE) -smp $(BOARD_NR_CPUS) -m $(BOARD_QEMU_MEM)

# RAM (all of -m) and what the hypervisor keeps of it.
BOARD_RAM_BASE := 0x80000000
BOARD_HV_BASE := 0x80200000
BOARD_CONFIG_ADDR := 0x80f00000
BOARD_STAGING_BASE := 0x81000000
BOARD_RESERVED_END := 0x88000000

# The console UART (ns16550a, PLIC source 10), physical and in every zone.
BOARD_UART_BASE := 0x10000000
BOARD_UART_IRQ := 10
# The PLIC, physical and emulated in every zone at the same place.
BOARD_PLIC_BASE := 0x0c000000
BOARD_PLIC_SIZE := 0x00600000
BOARD_PLIC_SOURCES := 96
BOARD_TIMEBASE_HZ := 10000000

# The test device (zonevisor,testdev) a zone may be given.
BOARD_TESTDEV_GPA := 0x10010000
BOARD_TESTDEV_IRQ := 12

# The virtio-mmio slots the hypervisor serves: 8 x 0x200 from the base,
# interrupts base..base+7 (QEMU virt's own virtio-mmio is at 0x10001000, sources 1-8; PCIe INTx 32-35).
BOARD_VIRTIO_GPA := 0x10020000
BOARD_VIRTIO_IRQ := 40
# The last 64 MiB of RAM hold the zones' disk images (no zone maps them).
BOARD_DISK_STORE := 0xfc000000
BOARD_DISK_STORE_SIZE := 0x04000000
