/*
 * tests/host/shim/page_alloc_host.c - a page allocator and the kernel
 * services mm code needs, for host tests (compiled as a kernel source:
 * kernel headers, the shim headers first).
 *
 * "Physical memory" is one arena from aligned_alloc; physical address 0 is
 * its first byte (host_page_offset) and host_vmemmap_start is a host array
 * of struct page, one per arena page.  alloc_pages(gfp, order) finds the
 * first free naturally aligned block of 2^order pages (as the buddy
 * allocator's blocks are), so code that relies on that alignment is tested
 * honestly.  It is not the buddy allocator (mm/page_alloc.c has its own
 * host test); it checks its callers instead: a free must name a block that
 * was allocated with that order, and its struct page must be clean
 * (PAGE_FLAGS_CHECK_AT_FREE, mapping).  Free pages are ASan-poisoned, so
 * any access to a page after __free_pages is reported by AddressSanitizer.
 * __GFP_COMP marks the first page PG_head with the order in private, like
 * Linux's prep_compound_page.
 */
#include "tests/host/shim/page_alloc_host.h"
#include "kernel/kallsyms.h"
#include "kernel/panic.h"
#include "kernel/printk.h"
#include "kernel/string.h"
#include "mm/gfp.h"
#include "mm/mm.h"

/* libc, declared by hand: its headers clash with the kernel's (kernel_lib.h). */
void *aligned_alloc(size_t alignment, size_t size);
void *calloc(size_t n, size_t size);
__noreturn void abort(void);
int puts(const char *s);
#ifdef __SANITIZE_ADDRESS__
void __asan_poison_memory_region(void const volatile *addr, size_t size);
void __asan_unpoison_memory_region(void const volatile *addr, size_t size);
#else	/* a benchmark build (tests/host/slub_bench.c): no ASan */
#define __asan_poison_memory_region(addr, size)		((void)(addr), (void)(size))
#define __asan_unpoison_memory_region(addr, size)	((void)(addr), (void)(size))
#endif

unsigned long host_page_offset;
unsigned long host_vmemmap_start;
void (*host_printk_hook)(const char *line);
void (*host_bug_hook)(const char *what);
int oops_in_progress;

static unsigned long arena_pages;
static unsigned char *block_order;	/* per pfn: order + 1 if a block starts here, else 0 */
static unsigned char *page_used;	/* per pfn: allocated */
static unsigned long nr_free;
static long fail_after = -1;

/* host_mm_init - see page_alloc_host.h. */
void host_mm_init(unsigned long nr_pages)
{
	void *arena = aligned_alloc(PAGE_SIZE << 10, nr_pages * PAGE_SIZE);

	if (!arena)
		abort();
	host_page_offset = (unsigned long)arena;
	host_vmemmap_start = (unsigned long)calloc(nr_pages, sizeof(struct page));
	block_order = calloc(nr_pages, 1);
	page_used = calloc(nr_pages, 1);
	if (!host_vmemmap_start || !block_order || !page_used)
		abort();
	arena_pages = nr_free = nr_pages;
	for (unsigned long pfn = 0; pfn < nr_pages; pfn++)
		pfn_to_page(pfn)->_mapcount = -1;
	__asan_poison_memory_region(arena, nr_pages * PAGE_SIZE);
}

/* host_nr_free_pages - see page_alloc_host.h. */
unsigned long host_nr_free_pages(void)
{
	return nr_free;
}

/* host_fail_alloc_pages_after - see page_alloc_host.h. */
void host_fail_alloc_pages_after(long n)
{
	fail_after = n;
}

/* host_page_is_slab - see page_alloc_host.h. */
int host_page_is_slab(const void *p)
{
	return PageSlab(virt_to_page(p));
}

/* host_page_compound_order - see page_alloc_host.h. */
int host_page_compound_order(const void *p)
{
	struct page *page = virt_to_page(p);

	return PageHead(page) ? (int)page->private : -1;
}

static bool block_free(unsigned long pfn, unsigned long nr)
{
	for (unsigned long i = 0; i < nr; i++)
		if (page_used[pfn + i])
			return false;
	return true;
}

/* alloc_pages - the first free naturally aligned 2^order block, or NULL. */
struct page *alloc_pages(gfp_t gfp, unsigned int order)
{
	unsigned long nr = 1UL << order;
	struct page *page;

	if (fail_after == 0)
		return NULL;
	if (fail_after > 0)
		fail_after--;
	for (unsigned long pfn = 0; pfn + nr <= arena_pages; pfn += nr) {
		if (!block_free(pfn, nr))
			continue;
		for (unsigned long i = 0; i < nr; i++)
			page_used[pfn + i] = 1;
		block_order[pfn] = order + 1;
		nr_free -= nr;
		page = pfn_to_page(pfn);
		set_page_count(page, 1);
		if ((gfp & __GFP_COMP) && order) {
			SetPageHead(page);
			page->private = order;
		}
		__asan_unpoison_memory_region(page_address(page), nr * PAGE_SIZE);
		if (gfp & __GFP_ZERO)
			memset(page_address(page), 0, nr * PAGE_SIZE);
		return page;
	}
	return NULL;
}

/* __free_pages - free a block alloc_pages gave; checks that it is one, and clean. */
void __free_pages(struct page *page, unsigned int order)
{
	unsigned long pfn = page_to_pfn(page), nr = 1UL << order;

	if (pfn >= arena_pages || block_order[pfn] != order + 1) {
		printk("__free_pages: pfn %lu order %u was not allocated with that order\n",
		       pfn, order);
		BUG();
	}
	for (unsigned long i = 0; i < nr; i++) {
		struct page *p = page + i;

		if ((p->flags & PAGE_FLAGS_CHECK_AT_FREE) || p->mapping) {
			printk("__free_pages: pfn %lu freed with flags %#lx mapping %p\n",
			       pfn + i, p->flags, p->mapping);
			BUG();
		}
	}
	ClearPageHead(page);
	page->private = 0;
	set_page_count(page, 0);
	for (unsigned long i = 0; i < nr; i++)
		page_used[pfn + i] = 0;
	block_order[pfn] = 0;
	nr_free += nr;
	__asan_poison_memory_region(page_address(page), nr * PAGE_SIZE);
}

/* drain_local_pages - nothing is cached per CPU here. */
void drain_local_pages(void)
{
}

/* format_gfp_flags - the mask in hex (the real one names the flags). */
int format_gfp_flags(char *buf, size_t size, gfp_t gfp)
{
	return scnprintf(buf, size, "%#x", gfp);
}

/* printk - format, strip the level, hand each line to the hook (or stdout). */
int printk(const char *fmt, ...)
{
	char buf[1024], *p = buf;
	va_list args;
	int n;

	va_start(args, fmt);
	n = vscnprintf(buf, sizeof(buf), fmt, args);
	va_end(args);
	if (p[0] == '\001' && p[1])
		p += 2;
	if (n && buf[n - 1] == '\n')
		buf[n - 1] = '\0';
	if (host_printk_hook) {
		host_printk_hook(p);
	} else {
		char line[1100];

		scnprintf(line, sizeof(line), "# %s", p);
		puts(line);
	}
	return n;
}

static __noreturn void host_die(const char *what)
{
	if (host_bug_hook)
		host_bug_hook(what);
	printk("%s: no host_bug_hook, aborting\n", what);
	abort();
}

void panic(const char *fmt, ...)
{
	char buf[256];
	va_list args;

	va_start(args, fmt);
	vscnprintf(buf, sizeof(buf), fmt, args);
	va_end(args);
	printk("Kernel panic - not syncing: %s\n", buf);
	host_die("panic");
}

void __bug(const char *file, int line)
{
	printk("kernel BUG at %s:%d!\n", file, line);
	host_die("BUG");
}

void __warn(const char *file, int line, const char *func)
{
	printk("WARNING: CPU: 0 PID: 0 at %s:%d %s\n", file, line, func);
	if (host_bug_hook)
		host_bug_hook("WARN");
}

/* sprint_symbol - no symbol table on the host: the bare address. */
int sprint_symbol(char *buf, size_t size, u64 addr)
{
	return scnprintf(buf, size, "0x%llx", (unsigned long long)addr);
}
