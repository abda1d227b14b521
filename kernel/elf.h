/*
 * kernel/elf.h - the ELF64 file format, as much of it as execve reads
 * (Linux's include/uapi/linux/elf.h; the System V ABI and its x86-64
 * supplement).
 *
 * An ELF executable starts with an Elf64_Ehdr: magic, class (64-bit),
 * byte order, type (ET_EXEC: fixed addresses; ET_DYN: position
 * independent), machine, entry point, and where the program headers are.
 * Each program header (Elf64_Phdr) describes a segment: PT_LOAD segments
 * are mapped at p_vaddr with p_memsz bytes, the first p_filesz of them
 * from file offset p_offset, the rest zero (bss); p_flags gives
 * PF_R/PF_W/PF_X.  PT_INTERP names a dynamic loader, PT_GNU_STACK says
 * whether the stack must be executable.
 *
 * The auxiliary vector (AT_*) is what the kernel tells the program about
 * itself on its initial stack, after argv and envp (kernel/exec.c).
 */
#ifndef KERNEL_ELF_H
#define KERNEL_ELF_H

#include "kernel/types.h"

typedef u64 Elf64_Addr;
typedef u16 Elf64_Half;
typedef u64 Elf64_Off;
typedef u32 Elf64_Word;
typedef u64 Elf64_Xword;

#define EI_NIDENT	16
#define EI_CLASS	4
#define EI_DATA		5
#define EI_VERSION	6
#define ELFMAG		"\177ELF"
#define SELFMAG		4
#define ELFCLASS64	2
#define ELFDATA2LSB	1
#define EV_CURRENT	1

#define ET_EXEC		2	/* fixed-address executable */
#define ET_DYN		3	/* position-independent (static-PIE, or a shared object) */
#define EM_X86_64	62

typedef struct elf64_hdr {
	unsigned char e_ident[EI_NIDENT];	/* magic, class, data, version, ABI */
	Elf64_Half e_type;
	Elf64_Half e_machine;
	Elf64_Word e_version;
	Elf64_Addr e_entry;		/* where the program starts */
	Elf64_Off e_phoff;		/* program header table's file offset */
	Elf64_Off e_shoff;
	Elf64_Word e_flags;
	Elf64_Half e_ehsize;
	Elf64_Half e_phentsize;		/* size of one program header */
	Elf64_Half e_phnum;		/* how many */
	Elf64_Half e_shentsize;
	Elf64_Half e_shnum;
	Elf64_Half e_shstrndx;
} Elf64_Ehdr;

/* p_type */
#define PT_NULL		0
#define PT_LOAD		1
#define PT_DYNAMIC	2
#define PT_INTERP	3
#define PT_NOTE		4
#define PT_PHDR		6
#define PT_TLS		7
#define PT_GNU_STACK	0x6474e551
/* p_flags */
#define PF_X		0x1
#define PF_W		0x2
#define PF_R		0x4

typedef struct elf64_phdr {
	Elf64_Word p_type;
	Elf64_Word p_flags;
	Elf64_Off p_offset;		/* segment's file offset */
	Elf64_Addr p_vaddr;		/* where it goes */
	Elf64_Addr p_paddr;
	Elf64_Xword p_filesz;		/* bytes from the file */
	Elf64_Xword p_memsz;		/* bytes in memory (>= p_filesz; the rest is zero) */
	Elf64_Xword p_align;
} Elf64_Phdr;

/* The auxiliary vector's entry types (Linux's include/uapi/linux/auxvec.h). */
#define AT_NULL		0
#define AT_IGNORE	1
#define AT_EXECFD	2
#define AT_PHDR		3	/* program headers, in memory */
#define AT_PHENT	4	/* size of one */
#define AT_PHNUM	5	/* how many */
#define AT_PAGESZ	6
#define AT_BASE		7	/* the interpreter's base (0: none) */
#define AT_FLAGS	8
#define AT_ENTRY	9	/* the program's entry point */
#define AT_NOTELF	10
#define AT_UID		11
#define AT_EUID		12
#define AT_GID		13
#define AT_EGID		14
#define AT_PLATFORM	15	/* "x86_64" */
#define AT_HWCAP	16	/* CPUID.1:EDX */
#define AT_CLKTCK	17	/* times() ticks per second */
#define AT_SECURE	23
#define AT_BASE_PLATFORM 24
#define AT_RANDOM	25	/* 16 random bytes (stack protector, pointer guard) */
#define AT_HWCAP2	26
#define AT_EXECFN	31	/* the filename execve was given */
#define AT_SYSINFO_EHDR	33
#define AT_MINSIGSTKSZ	51

#endif /* KERNEL_ELF_H */
