# Pagoda - top-level Makefile.
#
#   make            build build/pagoda.iso (kernel, symbol table, GRUB ISO)
#   make run        boot it in QEMU on this terminal (RAM=128M CMDLINE='...' SMP=1
#                   DISK=image: a raw disk as /dev/vda)
#   make swapdisk   build/swap.img: a disk of SWAPSIZE (256M) formatted by util-linux mkswap
#   make debug      boot it halted, with gdb attached (see README "Debugging")
#   make test       build everything and run every test layer (DESIGN.md §9)
#   make deps       install the Debian packages the build and tests need
#   make clean      remove build/
#   make user       the user programs only (user/Makefile, into build/user/)
#   make initramfs  build/initramfs.cpio: /init, /bin/* (and EXTRA=dir's files),
#                   /bin/busybox and its applet links (BUSYBOX=path, default:
#                   the host's busybox-static, /bin/busybox)
#
# The kernel is linked twice: the first link (build/kernel.pass1.elf) has an
# empty symbol table; tools/kallsyms.py turns its `nm` listing into
# build/kallsyms.S, and the second link puts that table at the very end of
# the image (linker.ld), so no other symbol moves between the two links.

PYTHON   ?= /usr/bin/python3
QEMU     ?= qemu-system-x86_64
RAM      ?= 128M
SMP      ?= 1
CMDLINE  ?=
ACCEL    ?= tcg
B        ?= build
EXTRA    ?=
BUSYBOX  ?=
DISK     ?=
SWAPSIZE ?= 256M

CC       := gcc
LD       := ld
NASM     := nasm
OBJDUMP  := objdump
NM       := nm

# Freestanding kernel code: no libc, no red zone (interrupts push onto the
# stack below RSP), no SSE (its registers are not saved on kernel entry),
# addresses in the top 2 GiB (-mcmodel=kernel), frame pointers kept so that
# the oops unwinder can walk them.
KCFLAGS := -std=gnu11 -O2 -g -ffreestanding -nostdlib -fno-pic -fno-pie \
	-mcmodel=kernel -mno-red-zone -mgeneral-regs-only -mno-sse -mno-mmx \
	-fno-stack-protector -fno-omit-frame-pointer -mno-omit-leaf-frame-pointer \
	-fno-strict-aliasing -fno-common -fno-builtin-printf \
	-Wall -Wextra -Werror -Wno-unused-parameter -Wno-sign-compare \
	-Wstrict-prototypes -Wmissing-prototypes -MMD -MP -I.
KLDFLAGS := -nostdlib -z max-page-size=4096 -z noexecstack --no-warn-rwx-segments -T linker.ld
NASMFLAGS := -f elf64 -g -F dwarf -w+all -I./

KSRC_DIRS := kernel arch mm drivers
KSRCS     := $(shell find $(KSRC_DIRS) -name '*.c' | LC_ALL=C sort)
KASMS     := $(shell find boot arch -name '*.asm' | LC_ALL=C sort)
KOBJS     := $(KSRCS:%.c=$(B)/obj/%.o) $(KASMS:%.asm=$(B)/obj/%.asm.o)

.PHONY: all kernel iso run debug swapdisk test deps check-deps clean host-tests compile_commands \
	user initramfs FORCE
all: iso

kernel: $(B)/kernel.elf

# V=1 shows whole commands; by default one line per file, as Linux's build.
ifeq ($(V),1)
Q :=
else
Q := @
endif

$(B)/obj/%.o: %.c | check-deps
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  CC      $<")
	$(Q)$(CC) $(KCFLAGS) -c $< -o $@

$(B)/obj/%.asm.o: %.asm | check-deps
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  AS      $<")
	$(Q)$(NASM) $(NASMFLAGS) -MD $(@:.o=.d) -MP $< -o $@

# Pass 1: an empty symbol table.
$(B)/kallsyms_empty.S: tools/kallsyms.py
	@mkdir -p $(B)
	$(PYTHON) tools/kallsyms.py --empty > $@
$(B)/kernel.pass1.elf: $(KOBJS) $(B)/kallsyms_empty.o linker.ld
	$(LD) $(KLDFLAGS) -o $@ $(KOBJS) $(B)/kallsyms_empty.o
# Pass 2: the real one, from pass 1's symbols.
$(B)/kallsyms.S: $(B)/kernel.pass1.elf tools/kallsyms.py
	$(NM) -n -S $< | $(PYTHON) tools/kallsyms.py > $@
$(B)/%.o: $(B)/%.S
	$(CC) -c $< -o $@
$(B)/kernel.elf: $(B)/kernel.pass1.elf $(B)/kallsyms.o
	$(LD) $(KLDFLAGS) -o $@ $(KOBJS) $(B)/kallsyms.o
	@$(PYTHON) tools/kallsyms.py --check $(B)/kernel.pass1.elf $@
	$(OBJDUMP) -d -S $@ > $(B)/kernel.asm
	$(NM) -n $@ > $(B)/kernel.sym

# User programs (user/Makefile): static musl binaries in $(B)/user/.
user: | check-deps
	$(Q)$(MAKE) --no-print-directory $(if $(Q),-s) -C user B=$(abspath $(B))

# The initramfs (tools/mkinitramfs.sh): a newc cpio of a staging directory
# with /init, /bin/<every user program>, /bin/busybox and a link per applet
# (busybox sh is /bin/sh), /bin/<every file in $(EXTRA)>, /dev /proc /tmp.
# Remade on every make (the file is replaced only when its bytes change).  tests/boot.py --extra passes its own INITRAMFS and
# INITRAMFS_STAGE, so that boots with different EXTRA= do not collide.
INITRAMFS       ?= $(B)/initramfs.cpio
INITRAMFS_STAGE ?= $(B)/initramfs
initramfs: $(INITRAMFS)
$(INITRAMFS): user tools/mkinitramfs.sh FORCE
	$(Q)BUSYBOX=$(BUSYBOX) tools/mkinitramfs.sh $@ $(INITRAMFS_STAGE) $(B)/user $(EXTRA)

# The ISO: GRUB 2 (BIOS), the kernel, the initramfs (a multiboot2 module)
# and iso/boot/grub/grub.cfg, whose @CMDLINE@ is the kernel command line
# (empty for build/pagoda.iso; tests/boot.py makes one ISO per command line
# and initramfs it boots).
iso: $(B)/pagoda.iso
$(B)/pagoda.iso: $(B)/kernel.elf $(INITRAMFS) iso/boot/grub/grub.cfg tools/mkiso.sh
	tools/mkiso.sh $@ $(B)/kernel.elf "" $(INITRAMFS)

run: all
	PAGODA_BUILD=$(B) $(PYTHON) tests/boot.py --interactive --ram $(RAM) --smp $(SMP) --accel $(ACCEL) --cmdline "$(CMDLINE)" $(if $(EXTRA),--extra "$(EXTRA)") $(if $(DISK),--disk "$(DISK)")

# A swap disk for make run DISK=$(B)/swap.img CMDLINE=swap=/dev/vda: sparse,
# formatted by Linux's own mkswap (util-linux; /sbin is not on every PATH).
MKSWAP   := $(firstword $(wildcard /sbin/mkswap /usr/sbin/mkswap) mkswap)
swapdisk: $(B)/swap.img
$(B)/swap.img:
	@mkdir -p $(B)
	truncate -s $(SWAPSIZE) $@
	chmod 600 $@
	$(MKSWAP) --quiet $@

debug: all
	PAGODA_BUILD=$(B) ACCEL=$(ACCEL) $(if $(DISK),PAGODA_DISK="$(DISK)") tools/debug.sh "$(RAM)" "$(CMDLINE)"

# Every test layer; pytest's summary line is the last thing printed.
test: all host-tests
	PAGODA_BUILD=$(B) $(PYTHON) -m pytest -n $(or $(JOBS),auto) tests/

host-tests:
	$(MAKE) -C tests/host B=$(B)

deps:
	tools/deps.sh install

check-deps:
	@tools/deps.sh check

compile_commands: $(B)/compile_commands.json
$(B)/compile_commands.json: $(KSRCS)
	@mkdir -p $(B)
	$(PYTHON) tools/compile_commands.py "$(CC) $(KCFLAGS)" $(KSRCS) > $@

clean:
	rm -rf $(B)
	$(MAKE) -C tests/host clean

-include $(KOBJS:.o=.d)
