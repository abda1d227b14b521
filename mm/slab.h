/*
 * mm/slab.h - the slab allocator's public API: object caches and kmalloc
 * (mm/slub.c and mm/slab_common.c; Linux's include/linux/slab.h).
 *
 * The page allocator hands out whole pages; most kernel objects are far
 * smaller.  A *cache* (struct kmem_cache) serves objects of one size: it
 * carves pages from the buddy allocator into *slabs* of equal objects and
 * keeps the free ones on lists threaded through the free objects
 * themselves.  Two families of calls:
 *
 *   kmem_cache_*   a named cache per object type ("task_struct", "vm_area"):
 *                  kmem_cache_create once, then kmem_cache_alloc/free;
 *                  an optional constructor runs once per object when a
 *                  slab is created, not on every allocation.
 *   kmalloc/kfree  general-purpose memory: the size is rounded up to one of
 *                  the kmalloc caches (8, 16, 32, 64, 96, 128, 192, 256,
 *                  512, 1024, 2048, 4096, 8192 bytes: "kmalloc-64"...);
 *                  anything larger comes straight from the buddy allocator
 *                  as a compound page.  kfree() tells the two apart by
 *                  PG_slab on the page.
 *
 * Allocation functions return NULL on failure (never an error code) and
 * may be called with interrupts off: nothing here sleeps.  kmalloc(0)
 * returns ZERO_SIZE_PTR, which kfree() accepts and which faults if used.
 *
 * Debugging (slub_debug= on the command line, or SLAB_* flags at
 * kmem_cache_create) adds red zones, poisoning and owner tracking; a
 * detected corruption is reported in Linux's words and then BUG()s.
 */
#ifndef MM_SLAB_H
#define MM_SLAB_H

#include "kernel/types.h"
#include "mm/gfp.h"

typedef unsigned int slab_flags_t;

/* ---- cache flags (Linux's values, include/linux/slab.h) ---- */
#define SLAB_CONSISTENCY_CHECKS	0x00000100U	/* slub_debug=F: check pointers and lists */
#define SLAB_RED_ZONE		0x00000400U	/* slub_debug=Z: guard bytes around objects */
#define SLAB_POISON		0x00000800U	/* slub_debug=P: fill free objects with 0x6b */
#define SLAB_HWCACHE_ALIGN	0x00002000U	/* align objects to a cache line */
#define SLAB_STORE_USER		0x00010000U	/* slub_debug=U: remember alloc/free call sites */
#define SLAB_RECLAIM_ACCOUNT	0x00020000U	/* objects are reclaimable: __GFP_RECLAIMABLE slabs */
#define SLAB_PANIC		0x00040000U	/* panic if kmem_cache_create fails */

/* Every flag slub_debug can turn on. */
#define SLAB_DEBUG_FLAGS	(SLAB_CONSISTENCY_CHECKS | SLAB_RED_ZONE | \
				 SLAB_POISON | SLAB_STORE_USER)

/* ---- kmalloc size classes (Linux's KMALLOC_SHIFT_*) ---- */
#define KMALLOC_MIN_SIZE	8
#define KMALLOC_SHIFT_LOW	3	/* smallest cache: 8 bytes */
#define KMALLOC_SHIFT_HIGH	13	/* largest cache: 8192 bytes (2 pages) */
#define KMALLOC_MAX_CACHE_SIZE	(1UL << KMALLOC_SHIFT_HIGH)
#define KMALLOC_MAX_ORDER	10	/* largest buddy allocation kmalloc asks for */
#define KMALLOC_MAX_SIZE	(4096UL << KMALLOC_MAX_ORDER)	/* 4 MiB */
#define ARCH_KMALLOC_MINALIGN	8
#define L1_CACHE_BYTES		64

/* kmalloc(0) returns this: not NULL (no failure) but faults if touched. */
#define ZERO_SIZE_PTR		((void *)16)
#define ZERO_OR_NULL_PTR(x)	((unsigned long)(x) <= (unsigned long)ZERO_SIZE_PTR)

struct kmem_cache;

/* ---- object caches (mm/slub.c) ---- */

/*
 * kmem_cache_init - bring up SLUB: the "kmem_cache" cache itself (from a
 * static bootstrap structure) and the kmalloc caches.  Called once from
 * mm_init() after the buddy allocator is live.
 */
void kmem_cache_init(void);

/*
 * kmem_cache_create - a cache of objects of 'size' bytes aligned to 'align'
 * (0: the natural word alignment; SLAB_HWCACHE_ALIGN raises it to a cache
 * line).  ctor, if not NULL, runs on every object when its slab is created.
 * The name is not copied: pass a string that outlives the cache.  Returns
 * the cache, or NULL (panics instead with SLAB_PANIC).
 */
struct kmem_cache *kmem_cache_create(const char *name, unsigned int size,
				     unsigned int align, slab_flags_t flags,
				     void (*ctor)(void *object));

/*
 * kmem_cache_destroy - free an empty cache and its slabs.  If objects are
 * still allocated it reports each of them ("Objects remaining in <cache> on
 * __kmem_cache_shutdown()") and returns without freeing anything.
 * NULL is a no-op.
 */
void kmem_cache_destroy(struct kmem_cache *s);

/* kmem_cache_alloc - one object from s (zeroed with __GFP_ZERO), or NULL. */
void *kmem_cache_alloc(struct kmem_cache *s, gfp_t gfp);
/* kmem_cache_zalloc - one zeroed object from s, or NULL. */
void *kmem_cache_zalloc(struct kmem_cache *s, gfp_t gfp);
/* kmem_cache_free - give back an object kmem_cache_alloc(s) returned. */
void kmem_cache_free(struct kmem_cache *s, void *object);

/*
 * kmem_cache_shrink - give every empty slab of s back to the buddy
 * allocator, including this CPU's current slab if it is empty.  Returns 0.
 */
int kmem_cache_shrink(struct kmem_cache *s);

/* kmem_cache_size - the object size the cache was created with. */
unsigned int kmem_cache_size(struct kmem_cache *s);

/* ---- kmalloc (mm/slab_common.c) ---- */

/* kmalloc - size bytes of kernel memory, or NULL; kmalloc(0) is ZERO_SIZE_PTR. */
void *kmalloc(size_t size, gfp_t gfp);
/* kzalloc - kmalloc, zeroed. */
void *kzalloc(size_t size, gfp_t gfp);
/* kmalloc_array - n * size bytes, or NULL if the product overflows. */
void *kmalloc_array(size_t n, size_t size, gfp_t gfp);
/* kcalloc - kmalloc_array, zeroed. */
void *kcalloc(size_t n, size_t size, gfp_t gfp);
/*
 * krealloc - resize p to new_size, keeping its contents up to the smaller
 * size.  Returns p itself when it is already big enough, a new block (p
 * freed) otherwise, or NULL on failure (p untouched).  krealloc(NULL, n) is
 * kmalloc(n); krealloc(p, 0) frees p and returns ZERO_SIZE_PTR.
 */
void *krealloc(const void *p, size_t new_size, gfp_t gfp);
/* kfree - free what kmalloc & co returned; NULL and ZERO_SIZE_PTR are no-ops. */
void kfree(const void *p);
/* ksize - how many bytes the block at p really has (>= what was asked). */
size_t ksize(const void *p);

/*
 * kmalloc_index - which kmalloc cache serves a request of size bytes:
 * 1 for 96, 2 for 192, else log2 of the size class (3..13); 0 for size 0,
 * -1 if above KMALLOC_MAX_CACHE_SIZE.
 */
int kmalloc_index(size_t size);
/* kmalloc_slab - the cache for a kmalloc of size bytes (NULL for 0 or large). */
struct kmem_cache *kmalloc_slab(size_t size);

/* ---- statistics for /proc/slabinfo and tests ---- */
struct slabinfo {
	const char *name;		/* the cache's name */
	unsigned long active_objs;	/* objects handed out */
	unsigned long num_objs;		/* objects in all slabs */
	unsigned long active_slabs;	/* slabs with at least one object in use */
	unsigned long num_slabs;	/* slabs the cache holds */
	unsigned long nr_partial;	/* slabs on the node partial list */
	unsigned long min_partial;	/* partial slabs kept even when empty */
	unsigned int objsize;		/* object size asked for */
	unsigned int size;		/* bytes per object including metadata */
	unsigned int align;		/* object alignment */
	unsigned int objects_per_slab;
	unsigned int cache_order;	/* slab size: 2^cache_order pages */
	slab_flags_t flags;		/* SLAB_* including slub_debug's */
};

/* get_slabinfo - fill *info for s (a consistent snapshot: takes the node lock). */
void get_slabinfo(struct kmem_cache *s, struct slabinfo *info);

/*
 * slab_caches_for_each - call fn(s, arg) for every cache in creation order,
 * with slab_mutex held (fn must not create or destroy caches).  Stops early
 * and returns fn's value if it returns non-zero; else returns 0.
 */
int slab_caches_for_each(int (*fn)(struct kmem_cache *s, void *arg), void *arg);

/*
 * validate_slab_cache - walk every slab of s and check its freelist and
 * counters (Linux's validate_slab_cache, /sys/kernel/slab/<c>/validate).
 * Returns the number of inconsistencies found (0: all is well); each is
 * reported.  For tests.
 */
int validate_slab_cache(struct kmem_cache *s);

/* ---- between mm/slub.c and mm/slab_common.c only (Linux's mm/slab.h) ---- */
struct page;
/* virt_to_slab - the first page of the slab holding x, or NULL if x is in none. */
struct page *virt_to_slab(const void *x);
/* __kmem_cache_alloc - kmem_cache_alloc, recording 'caller' as the call site. */
void *__kmem_cache_alloc(struct kmem_cache *s, gfp_t gfp, unsigned long caller);
/* __kmem_cache_free - free x to slab's own cache, recording 'caller'. */
void __kmem_cache_free(struct page *slab, void *x, unsigned long caller);
/* slab_ksize - the usable bytes of an object of s (ksize's answer). */
size_t slab_ksize(struct kmem_cache *s);
/* create_kmalloc_caches - make kmalloc-8 ... kmalloc-8192 (kmem_cache_init). */
void create_kmalloc_caches(slab_flags_t flags);

#endif /* MM_SLAB_H */
