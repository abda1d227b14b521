/*
 * mm/slub_internal.h - what SLUB's two halves share: mm/slub.c (the
 * allocator: slabs, the fast and slow paths, caches) and mm/slub_debug.c
 * (its debugging: slub_debug=, red zones, poison, owner tracking, the
 * consistency checks, Linux-style reports, validate_slab_cache).  Private to
 * those two files; everyone else uses the public API in mm/slab.h.  (Linux
 * keeps the same things in mm/slab.h and mm/slub.c.)
 *
 * It holds the cache structures, the object-layout helpers both halves
 * read (free pointer, object index, where the metadata starts), and the
 * debug hooks the allocator calls.  The object layout itself - which bytes
 * are object, red zone, free pointer and tracks - is decided by
 * calculate_sizes() in mm/slub.c and drawn at the top of mm/slub_debug.c.
 *
 * Locks: as in mm/slub.c's lock order.  mm/slub_debug.c adds one lock,
 * object_map_lock, taken inside node->list_lock.
 */
#ifndef MM_SLUB_INTERNAL_H
#define MM_SLUB_INTERNAL_H

#include "mm/slab.h"
#include "kernel/compiler.h"
#include "kernel/list.h"
#include "kernel/smp.h"
#include "kernel/spinlock.h"

struct page;

/* Internal flag: the object itself is poisoned (SLAB_POISON without a ctor). */
#define __OBJECT_POISON		0x80000000U

#define OO_SHIFT		16	/* kmem_cache_order_objects: order << 16 | objects */
#define OO_MASK			((1U << OO_SHIFT) - 1)
#define MAX_OBJS_PER_SLAB	4096	/* 8-byte objects in an order-3 slab */

/* Order and object count of a slab, packed in one word as Linux does. */
struct kmem_cache_order_objects {
	unsigned int x;
};

/*
 * The owner-tracking record SLAB_STORE_USER keeps twice per object, after
 * the free pointer (calculate_sizes() makes room; mm/slub_debug.c fills it).
 */
struct track {
	unsigned long addr;	/* call site (return address into the caller) */
	unsigned int cpu;	/* CPU it ran on */
	int pid;		/* task (0 until there are tasks) */
};

enum track_item { TRACK_ALLOC, TRACK_FREE };

/* One CPU's current slab: the fast path's only data. */
struct kmem_cache_cpu {
	void *freelist;		/* next free object of page, or NULL */
	struct page *page;	/* the slab allocated from (frozen), or NULL */
};

/* A memory node's slabs (Pagoda has one node). */
struct kmem_cache_node {
	spinlock_t list_lock;		/* protects everything below and slab freelists */
	unsigned long nr_partial;	/* slabs on partial */
	struct list_head partial;	/* slabs with some free objects, not frozen */
	struct list_head full;		/* slabs with no free object, not frozen */
	unsigned long nr_slabs;		/* every slab of the cache (all lists + CPU slabs) */
	unsigned long total_objects;	/* objects in those slabs */
};

/* A cache of equal objects. */
struct kmem_cache {
	struct kmem_cache_cpu cpu_slab[NR_CPUS]; /* per-CPU current slab, by smp_processor_id() */
	slab_flags_t flags;		/* SLAB_* (with slub_debug's) and __OBJECT_POISON */
	unsigned long min_partial;	/* keep this many partial slabs even if empty */
	unsigned int size;		/* bytes per object including metadata: the stride */
	unsigned int object_size;	/* bytes the user asked for */
	unsigned int offset;		/* where the free pointer is, from the object */
	struct kmem_cache_order_objects oo; /* slab order and objects per slab */
	gfp_t allocflags;		/* extra gfp for slab pages (__GFP_RECLAIMABLE) */
	void (*ctor)(void *object);	/* run once on each object of a new slab */
	unsigned int inuse;		/* object_size + right red zone: where metadata starts */
	unsigned int align;		/* object alignment (power of two) */
	unsigned int red_left_pad;	/* left red zone: bytes before each object */
	const char *name;		/* for reports and /proc/slabinfo (not copied) */
	struct list_head list;		/* link in slab_caches */
	struct kmem_cache_node node;	/* the (single) node's lists */
};

/* ---- layout helpers ---- */

static inline unsigned int oo_order(struct kmem_cache_order_objects x) { return x.x >> OO_SHIFT; }
static inline unsigned int oo_objects(struct kmem_cache_order_objects x) { return x.x & OO_MASK; }

/* Does s have any slub_debug feature (and so take the debug slow paths)? */
static inline bool kmem_cache_debug(const struct kmem_cache *s)
{
	return s->flags & SLAB_DEBUG_FLAGS;
}

static inline void *get_freepointer(struct kmem_cache *s, void *object)
{
	return *(void **)((char *)object + s->offset);
}

static inline void set_freepointer(struct kmem_cache *s, void *object, void *fp)
{
	*(void **)((char *)object + s->offset) = fp;
}

/* The address of object index idx of the slab starting at addr. */
static inline void *slab_object(struct kmem_cache *s, void *addr, unsigned int idx)
{
	return (char *)addr + (size_t)idx * s->size + s->red_left_pad;
}

/* The index of object p in the slab starting at addr. */
static inline unsigned int obj_to_index(struct kmem_cache *s, void *addr, void *p)
{
	return (unsigned int)(((char *)p - s->red_left_pad - (char *)addr) / s->size);
}

/*
 * get_info_end - bytes from the object's start to where the tracks begin:
 * past the free pointer when it sits after the object, else s->inuse.
 */
static inline unsigned int get_info_end(struct kmem_cache *s)
{
	return s->offset >= s->inuse ? s->inuse + sizeof(void *) : s->inuse;
}

/* ---- the end of a debug report (mm/slub.c), called by mm/slub_debug.c ---- */

/*
 * slab_free_report_bug - BUG(): the cache a report was about can no longer
 * be trusted.  Never returns.
 */
__noreturn void slab_free_report_bug(void);

/* ---- debugging hooks (mm/slub_debug.c), called by mm/slub.c ---- */

/* kmem_cache_flags - a new cache's flags with slub_debug= applied. */
slab_flags_t kmem_cache_flags(slab_flags_t flags, const char *name);

/* setup_slab_debug - poison the pages of a new slab at addr (SLAB_POISON).  No lock needed. */
void setup_slab_debug(struct kmem_cache *s, void *addr);

/* setup_object_debug - clear a new object's tracks and mark it free (red zones, poison). */
void setup_object_debug(struct kmem_cache *s, void *object);

/*
 * alloc_debug_processing - check a free object about to be handed out,
 * then record addr and mark it allocated.  BUG()s after a report if the
 * object is damaged.  list_lock held.
 */
void alloc_debug_processing(struct kmem_cache *s, struct page *slab, void *object,
			    unsigned long addr);

/*
 * free_debug_processing - check an object being freed (invalid pointer,
 * double free, red zones), then record addr and mark it free.  BUG()s
 * after a report if anything is wrong.  list_lock held.
 */
void free_debug_processing(struct kmem_cache *s, struct page *slab, void *object,
			   unsigned long addr);

/*
 * wrong_slab_cache - report kmem_cache_free(s, x) with x from another
 * cache (slab is x's slab) or from no slab at all (slab is NULL), and BUG().
 */
void wrong_slab_cache(struct kmem_cache *s, struct page *slab, void *x);

/* list_slab_objects - report every object still allocated in slab.  list_lock held. */
void list_slab_objects(struct kmem_cache *s, struct page *slab);

#endif /* MM_SLUB_INTERNAL_H */
