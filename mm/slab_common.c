/*
 * mm/slab_common.c - kmalloc and friends on top of SLUB's caches (Linux's
 * mm/slab_common.c; the caches themselves are in mm/slub.c).
 *
 * kmalloc rounds a request up to a size class and allocates from that
 * class's cache; the classes are the powers of two from 8 to 8192 plus 96
 * and 192, which fill the biggest gaps between 64, 128 and 256 (Linux's
 * kmalloc_index).  kmalloc_caches[i] serves class i: index 1 is 96 bytes,
 * index 2 is 192, and index i >= 3 is 2^i bytes, named as in Linux's
 * /proc/slabinfo ("kmalloc-96", "kmalloc-1k", ..., "kmalloc-8k").
 *
 * Larger requests (> KMALLOC_MAX_CACHE_SIZE) go straight to the buddy
 * allocator as a compound page (__GFP_COMP: PG_head, order in private),
 * and kfree() tells them apart by PG_slab: a slab page's object goes back
 * to its cache, any other page is freed by its compound order.
 *
 * Invariant: kmalloc_caches[] is written once, by create_kmalloc_caches()
 * during kmem_cache_init(), and only read afterwards (no lock needed).
 */
#include "mm/slab.h"
#include "kernel/compiler.h"
#include "kernel/panic.h"
#include "kernel/printk.h"
#include "kernel/string.h"
#include "mm/mm.h"

#define _RET_IP_	((unsigned long)__builtin_return_address(0))

/* The kmalloc caches, by kmalloc_index(); entry 0 is unused. */
static struct kmem_cache *kmalloc_caches[KMALLOC_SHIFT_HIGH + 1];

static const struct {
	const char *name;
	unsigned int size;
} kmalloc_info[KMALLOC_SHIFT_HIGH + 1] = {
	[1] = { "kmalloc-96", 96 },	[2] = { "kmalloc-192", 192 },
	[3] = { "kmalloc-8", 8 },	[4] = { "kmalloc-16", 16 },
	[5] = { "kmalloc-32", 32 },	[6] = { "kmalloc-64", 64 },
	[7] = { "kmalloc-128", 128 },	[8] = { "kmalloc-256", 256 },
	[9] = { "kmalloc-512", 512 },	[10] = { "kmalloc-1k", 1024 },
	[11] = { "kmalloc-2k", 2048 },	[12] = { "kmalloc-4k", 4096 },
	[13] = { "kmalloc-8k", 8192 },
};

/* kmalloc_index - see mm/slab.h. */
int kmalloc_index(size_t size)
{
	if (!size)
		return 0;
	if (size <= KMALLOC_MIN_SIZE)
		return KMALLOC_SHIFT_LOW;
	if (size > 64 && size <= 96)
		return 1;
	if (size > 128 && size <= 192)
		return 2;
	for (int i = KMALLOC_SHIFT_LOW; i <= KMALLOC_SHIFT_HIGH; i++)
		if (size <= (1UL << i))
			return i;
	return -1;
}

/* kmalloc_slab - see mm/slab.h. */
struct kmem_cache *kmalloc_slab(size_t size)
{
	int index = kmalloc_index(size);

	return index > 0 ? kmalloc_caches[index] : NULL;
}

/*
 * create_kmalloc_caches - one cache per size class.  Power-of-two classes
 * are aligned to their size (up to a page), so kmalloc(2^n) is naturally
 * aligned even with red zones, as Linux guarantees.
 */
void create_kmalloc_caches(slab_flags_t flags)
{
	for (int i = 1; i <= KMALLOC_SHIFT_HIGH; i++) {
		unsigned int size = kmalloc_info[i].size;
		unsigned int align = ARCH_KMALLOC_MINALIGN;

		if (!size)
			continue;
		if (!(size & (size - 1)))
			align = min(size, (unsigned int)PAGE_SIZE);
		kmalloc_caches[i] = kmem_cache_create(kmalloc_info[i].name, size, align,
						      flags | SLAB_PANIC, NULL);
	}
}

/* The smallest order whose block holds size bytes (Linux's get_order). */
static unsigned int kmalloc_order(size_t size)
{
	unsigned int order = 0;

	while ((PAGE_SIZE << order) < size)
		order++;
	return order;
}

/* kmalloc_large - more than the biggest cache: a compound page block from the buddy. */
static void *kmalloc_large(size_t size, gfp_t gfp)
{
	struct page *page;

	if (size > KMALLOC_MAX_SIZE) {
		if (!(gfp & __GFP_NOWARN))
			pr_warn("kmalloc: %zu bytes is more than KMALLOC_MAX_SIZE\n", size);
		return NULL;
	}
	page = alloc_pages(gfp | __GFP_COMP, kmalloc_order(size));
	return page ? page_address(page) : NULL;
}

static void *__kmalloc(size_t size, gfp_t gfp, unsigned long caller)
{
	struct kmem_cache *s;

	if (unlikely(size > KMALLOC_MAX_CACHE_SIZE))
		return kmalloc_large(size, gfp);
	if (unlikely(!size))
		return ZERO_SIZE_PTR;
	s = kmalloc_caches[kmalloc_index(size)];
	return __kmem_cache_alloc(s, gfp, caller);
}

/* kmalloc - see mm/slab.h. */
void *kmalloc(size_t size, gfp_t gfp)
{
	return __kmalloc(size, gfp, _RET_IP_);
}

/* kzalloc - see mm/slab.h. */
void *kzalloc(size_t size, gfp_t gfp)
{
	return __kmalloc(size, gfp | __GFP_ZERO, _RET_IP_);
}

/* kmalloc_array - see mm/slab.h. */
void *kmalloc_array(size_t n, size_t size, gfp_t gfp)
{
	size_t bytes;

	if (__builtin_mul_overflow(n, size, &bytes))
		return NULL;
	return __kmalloc(bytes, gfp, _RET_IP_);
}

/* kcalloc - see mm/slab.h. */
void *kcalloc(size_t n, size_t size, gfp_t gfp)
{
	size_t bytes;

	if (__builtin_mul_overflow(n, size, &bytes))
		return NULL;
	return __kmalloc(bytes, gfp | __GFP_ZERO, _RET_IP_);
}

/* ksize - see mm/slab.h. */
size_t ksize(const void *p)
{
	struct page *page;

	if (ZERO_OR_NULL_PTR(p))
		return 0;
	page = virt_to_page(p);
	if (PageSlab(page))
		return slab_ksize(page->slab_cache);
	return PAGE_SIZE << compound_order(page);
}

static void __kfree(const void *p, unsigned long caller)
{
	struct page *page;

	if (ZERO_OR_NULL_PTR(p))
		return;
	page = virt_to_page(p);
	if (likely(PageSlab(page))) {
		__kmem_cache_free(virt_to_slab(p), (void *)p, caller);
		return;
	}
	/* Not a slab: it must be the start of a large kmalloc. */
	if (WARN_ON_ONCE(!PageHead(page) || p != page_address(page))) {
		pr_err("kfree: %p is not a kmalloc pointer; not freed\n", p);
		return;
	}
	__free_pages(page, compound_order(page));
}

/* kfree - see mm/slab.h. */
void kfree(const void *p)
{
	__kfree(p, _RET_IP_);
}

/* krealloc - see mm/slab.h. */
void *krealloc(const void *p, size_t new_size, gfp_t gfp)
{
	size_t ks;
	void *ret;

	if (unlikely(!new_size)) {
		__kfree(p, _RET_IP_);
		return ZERO_SIZE_PTR;
	}
	ks = ksize(p);
	if (ks >= new_size)
		return (void *)p;
	ret = __kmalloc(new_size, gfp, _RET_IP_);
	if (ret && !ZERO_OR_NULL_PTR(p)) {
		memcpy(ret, p, ks);
		__kfree(p, _RET_IP_);
	}
	return ret;
}
