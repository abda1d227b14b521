/*
 * mm/slub.c - SLUB, the slab allocator: small objects carved out of pages
 * (Linux's mm/slub.c, simplified; the API is in mm/slab.h, kmalloc in
 * mm/slab_common.c).  Its debugging - slub_debug=, red zones, poisoning,
 * owner tracking, the consistency checks and their reports, and
 * validate_slab_cache - lives in mm/slub_debug.c; what the two files share
 * (struct kmem_cache and the debug hooks) is in mm/slub_internal.h.
 *
 * A cache (struct kmem_cache) serves objects of one size.  It takes slabs
 * of 2^order contiguous pages from the buddy allocator (alloc_pages) and
 * cuts each into s->oo objects of s->size bytes.  The slab's bookkeeping
 * lives in its first page's struct page (mm/mm_types.h): PG_slab,
 * slab_cache, freelist (first free object), inuse (objects not on that
 * freelist), objects, frozen; every page of the slab has PG_slab and
 * slab_cache, so virt_to_slab(obj) finds the slab of any object by
 * aligning its pfn down to the slab order (buddy blocks are naturally
 * aligned).  The free objects of a slab form a singly linked list whose
 * "next" pointers are stored inside the free objects themselves, at
 * s->offset, so a slab needs no memory outside its pages.
 *
 * Where a slab can be:
 *
 *   a CPU's slab   kmem_cache_cpu.page; frozen = 1.  The CPU took the whole
 *                  freelist into kmem_cache_cpu.freelist and allocates from
 *                  it with interrupts off and no lock (the fast path).
 *                  Frees to it from this CPU go back onto that list.
 *   partial        on node->partial (nr_partial of them): some objects free
 *                  on page->freelist.  The slow path refills a CPU from here.
 *   full           on node->full: no free object.  (Linux keeps full slabs on
 *                  no list unless debugging; Pagoda always lists them so
 *                  that kmem_cache_destroy can report every leaked object.)
 *
 * Empty slabs are given back to the buddy allocator, except that a cache
 * keeps up to s->min_partial partial slabs (empty or not) to avoid taking
 * and returning pages on every alloc/free seesaw.
 *
 * Lock order (outermost first):
 *   1. slab_mutex          the list of all caches (slab_caches); a spinlock
 *                          here, since nothing in Pagoda sleeps yet
 *   2. interrupts off      the per-CPU slab (kmem_cache_cpu): only its own
 *                          CPU touches it, so disabling interrupts is the
 *                          whole of its protection
 *   3. node->list_lock     the partial and full lists, nr_partial, the slab
 *                          counters, and page->freelist/inuse/frozen of
 *                          every slab (a CPU's slab included, since another
 *                          CPU may free into it)
 *   4. object_map_lock     mm/slub_debug.c's bitmap of free objects, for
 *                          reports and validation
 *   5. zone->lock          taken inside alloc_pages/__free_pages; SLUB never
 *                          calls the buddy with list_lock held
 *
 * On SMP: Linux's fast path uses a this_cpu_cmpxchg_double on (freelist,
 * transaction id) instead of disabling interrupts, and its __slab_free
 * updates page->freelist/counters with cmpxchg_double, taking list_lock
 * only when a slab changes lists.  Pagoda takes list_lock for every slow
 * path free: simpler, correct, and still lock-free on the fast path.  It
 * also has no per-CPU partial lists (CONFIG_SLUB_CPU_PARTIAL) and one node.
 *
 * Object layout: without debugging a stride of s->size bytes is just the
 * object (rounded up to its alignment) and the free pointer sits in its
 * middle (s->offset = object_size / 2, rounded down to a word, as Linux
 * does so that a small overflow does not hit it).  With SLAB_POISON or a
 * constructor the free pointer moves past the object (s->inuse), since
 * the object's bytes then have meaning while it is free.  Debugging adds
 * red zones, owner tracks and padding around it: calculate_sizes() lays
 * them out, and the top of mm/slub_debug.c draws the result.
 *
 * A debug cache (slub_debug=, or SLAB_* debug flags at creation) never
 * uses the per-CPU fast path: every alloc and free takes the slow path
 * under list_lock and calls mm/slub_debug.c's checks (as Linux since 6.2).
 */
#include "mm/slub_internal.h"
#include "arch/x86_64/io.h"
#include "kernel/compiler.h"
#include "kernel/list.h"
#include "kernel/panic.h"
#include "kernel/printk.h"
#include "kernel/smp.h"
#include "kernel/spinlock.h"
#include "kernel/string.h"
#include "mm/mm.h"

#define _RET_IP_		((unsigned long)__builtin_return_address(0))

#define MIN_PARTIAL		5	/* bounds of s->min_partial (Linux's) */
#define MAX_PARTIAL		10
#define SLUB_MAX_ORDER		3	/* PAGE_ALLOC_COSTLY_ORDER: Linux's slub_max_order */
#define SLAB_MAX_ORDER		10	/* a single huge object may go up to this */

#define local_irq_save(flags)		((flags) = arch_local_irq_save())
#define local_irq_restore(flags)	arch_local_irq_restore(flags)

/* Every cache, in creation order; protected by slab_mutex. */
static LIST_HEAD(slab_caches);
static DEFINE_SPINLOCK(slab_mutex);

/* The cache struct kmem_caches come from, and its static bootstrap copy. */
static struct kmem_cache *kmem_cache;
static struct kmem_cache boot_kmem_cache;

/* How far kmem_cache_init() has got (Linux's slab_state). */
static enum { DOWN, PARTIAL, UP } slab_state;

/* ===================== small helpers ===================== */

static inline unsigned int order_objects(unsigned int order, unsigned int size)
{
	return (unsigned int)((PAGE_SIZE << order) / size);
}

static inline struct kmem_cache_order_objects oo_make(unsigned int order, unsigned int size)
{
	struct kmem_cache_order_objects x = { (order << OO_SHIFT) + order_objects(order, size) };

	return x;
}

static inline unsigned int slab_order(struct page *slab)
{
	return oo_order(slab->slab_cache->oo);
}

static unsigned int fls_uint(unsigned int x)
{
	return x ? 32 - __builtin_clz(x) : 0;
}

/* The smallest order whose block holds size bytes (Linux's get_order). */
static unsigned int size_to_order(size_t size)
{
	unsigned int order = 0;

	while ((PAGE_SIZE << order) < size)
		order++;
	return order;
}

/*
 * virt_to_slab - the first page of the slab holding x, or NULL if x is not
 * in a slab.  Every page of a slab carries PG_slab and slab_cache, and a
 * slab is a naturally aligned buddy block of the cache's order.
 */
struct page *virt_to_slab(const void *x)
{
	struct page *page = virt_to_page(x);
	unsigned long pfn;

	if (!PageSlab(page))
		return NULL;
	pfn = page_to_pfn(page);
	return pfn_to_page(ALIGN_DOWN(pfn, 1UL << slab_order(page)));
}

/* ===================== list maintenance (list_lock held) ===================== */

static void add_partial(struct kmem_cache_node *n, struct page *slab)
{
	list_add_tail(&slab->slab_list, &n->partial);
	n->nr_partial++;
}

static void remove_partial(struct kmem_cache_node *n, struct page *slab)
{
	list_del(&slab->slab_list);
	n->nr_partial--;
}

static void add_full(struct kmem_cache_node *n, struct page *slab)
{
	list_add(&slab->slab_list, &n->full);
}

static void remove_full(struct page *slab)
{
	list_del(&slab->slab_list);
}

/* ===================== the end of a debug report ===================== */

/*
 * slab_free_report_bug - the end of every mm/slub_debug.c report.  It lives
 * here so that the oops says "kernel BUG at mm/slub.c:", as Linux's does.
 */
__noreturn void slab_free_report_bug(void)
{
	BUG();
}

/* ===================== slabs: creating and freeing ===================== */

/* setup_object - prepare a new slab's object: debug fill, then the constructor. */
static void setup_object(struct kmem_cache *s, void *object)
{
	setup_object_debug(s, object);
	if (s->ctor)
		s->ctor(object);
}

/* A new slab of 'objects' objects joins the node's counters.  No list_lock held. */
static void inc_slabs_node(struct kmem_cache *s, unsigned int objects)
{
	struct kmem_cache_node *n = &s->node;
	unsigned long flags;

	spin_lock_irqsave(&n->list_lock, flags);
	n->nr_slabs++;
	n->total_objects += objects;
	spin_unlock_irqrestore(&n->list_lock, flags);
}

/* A slab of 'objects' objects leaves the node's counters.  No list_lock held. */
static void dec_slabs_node(struct kmem_cache *s, unsigned int objects)
{
	struct kmem_cache_node *n = &s->node;
	unsigned long flags;

	spin_lock_irqsave(&n->list_lock, flags);
	n->nr_slabs--;
	n->total_objects -= objects;
	spin_unlock_irqrestore(&n->list_lock, flags);
}

/*
 * init_slab_objects - set up every object of a new slab (starting at
 * start) and thread them all, in address order, onto its freelist.
 */
static void init_slab_objects(struct kmem_cache *s, struct page *slab, void *start)
{
	void *prev = NULL;

	for (unsigned int i = 0; i < slab->objects; i++) {
		void *p = slab_object(s, start, i);

		setup_object(s, p);
		if (prev)
			set_freepointer(s, prev, p);
		else
			slab->freelist = p;
		prev = p;
	}
	set_freepointer(s, prev, NULL);
}

/*
 * allocate_slab - take 2^order pages from the buddy, mark every page as
 * belonging to s, and thread all objects, in address order, onto the new
 * slab's freelist.  Returns the slab (not on any list, not frozen) or NULL.
 * Call with no list_lock held.
 */
static struct page *allocate_slab(struct kmem_cache *s, gfp_t gfp)
{
	unsigned int order = oo_order(s->oo);
	struct page *slab;
	void *start;

	gfp = (gfp & ~(__GFP_ZERO | __GFP_COMP)) | s->allocflags;
	slab = alloc_pages(gfp, order);
	if (!slab)
		return NULL;
	for (unsigned long i = 0; i < (1UL << order); i++) {
		SetPageSlab(slab + i);
		slab[i].slab_cache = s;
	}
	slab->objects = oo_objects(s->oo);
	slab->inuse = 0;
	slab->frozen = 0;
	start = page_address(slab);
	setup_slab_debug(s, start);
	init_slab_objects(s, slab, start);
	inc_slabs_node(s, slab->objects);
	return slab;
}

/* __free_slab - undo allocate_slab's page marks and give the pages back. */
static void __free_slab(struct kmem_cache *s, struct page *slab)
{
	unsigned int order = oo_order(s->oo);

	for (unsigned long i = 0; i < (1UL << order); i++) {
		ClearPageSlab(slab + i);
		slab[i].slab_cache = NULL;
	}
	slab->freelist = NULL;
	slab->inuse = 0;
	slab->objects = 0;
	slab->frozen = 0;
	INIT_LIST_HEAD(&slab->slab_list);
	__free_pages(slab, order);
}

/* discard_slab - an empty slab (on no list) goes back to the buddy.  No list_lock held. */
static void discard_slab(struct kmem_cache *s, struct page *slab)
{
	dec_slabs_node(s, slab->objects);
	__free_slab(s, slab);
}

/* ===================== allocation ===================== */

/*
 * get_freelist - take the whole freelist of the CPU's slab (objects other
 * CPUs freed into it meanwhile).  With list_lock held.
 */
static void *get_freelist(struct page *slab)
{
	void *freelist = slab->freelist;

	slab->freelist = NULL;
	slab->inuse = slab->objects;
	return freelist;
}

/*
 * freeze_slab - make slab (on no list) this CPU's slab and return its whole
 * freelist.  With list_lock held; c is this CPU's kmem_cache_cpu.
 */
static void *freeze_slab(struct kmem_cache_cpu *c, struct page *slab)
{
	slab->frozen = 1;
	c->page = slab;
	return get_freelist(slab);
}

/*
 * get_partial - freeze the first partial slab for this CPU and return its
 * freelist, or NULL if there is none.  Interrupts off.
 */
static void *get_partial(struct kmem_cache *s, struct kmem_cache_cpu *c)
{
	struct kmem_cache_node *n = &s->node;
	struct page *slab;
	void *freelist = NULL;

	spin_lock(&n->list_lock);
	slab = list_first_entry_or_null(&n->partial, struct page, slab_list);
	if (slab) {
		remove_partial(n, slab);
		freelist = freeze_slab(c, slab);
	}
	spin_unlock(&n->list_lock);
	return freelist;
}

/*
 * alloc_debug_slow - the whole allocation path of a debug cache: one object
 * from the first partial slab (or a new one), checked and marked, under
 * list_lock; no CPU slab.  Interrupts off.
 */
static void *alloc_debug_slow(struct kmem_cache *s, gfp_t gfp, unsigned long addr)
{
	struct kmem_cache_node *n = &s->node;
	struct page *slab;
	void *object;

	spin_lock(&n->list_lock);
	slab = list_first_entry_or_null(&n->partial, struct page, slab_list);
	if (!slab) {
		spin_unlock(&n->list_lock);
		slab = allocate_slab(s, gfp);
		if (!slab)
			return NULL;
		spin_lock(&n->list_lock);
		add_partial(n, slab);
	}
	object = slab->freelist;
	alloc_debug_processing(s, slab, object, addr);
	slab->freelist = get_freepointer(s, object);
	slab->inuse++;
	if (!slab->freelist) {
		remove_partial(n, slab);
		add_full(n, slab);
	}
	spin_unlock(&n->list_lock);
	return object;
}

static void slab_out_of_memory(struct kmem_cache *s, gfp_t gfp)
{
	char buf[128];

	if (gfp & __GFP_NOWARN)
		return;
	format_gfp_flags(buf, sizeof(buf), gfp);
	pr_warn("SLUB: Unable to allocate memory on node -1, gfp=%#x(%s)\n", gfp, buf);
	pr_warn("  cache: %s, object size: %u, buffer size: %u, default order: %u, min order: %u\n",
		s->name, s->object_size, s->size, oo_order(s->oo), oo_order(s->oo));
}

/*
 * get_cpu_freelist - the objects other CPUs freed into this CPU's slab
 * meanwhile, or NULL; a slab with none left is unfrozen onto the full
 * list.  Interrupts off; c is this CPU's kmem_cache_cpu.
 */
static void *get_cpu_freelist(struct kmem_cache *s, struct kmem_cache_cpu *c)
{
	struct kmem_cache_node *n = &s->node;
	struct page *slab = c->page;
	void *freelist;

	if (!slab)
		return NULL;
	spin_lock(&n->list_lock);
	freelist = get_freelist(slab);
	if (!freelist) {	/* used up: unfreeze it onto the full list */
		slab->frozen = 0;
		add_full(n, slab);
		c->page = NULL;
	}
	spin_unlock(&n->list_lock);
	return freelist;
}

/*
 * new_slab - a brand-new slab becomes this CPU's; returns its freelist, or
 * NULL (with a warning unless __GFP_NOWARN) if the buddy has no pages.
 * Interrupts off; c is this CPU's kmem_cache_cpu.
 */
static void *new_slab(struct kmem_cache *s, gfp_t gfp, struct kmem_cache_cpu *c)
{
	struct kmem_cache_node *n = &s->node;
	struct page *slab;
	void *freelist;

	/* Linux re-enables interrupts here when gfp may sleep; the buddy's locks are irq-safe. */
	slab = allocate_slab(s, gfp);
	if (!slab) {
		slab_out_of_memory(s, gfp);
		return NULL;
	}
	spin_lock(&n->list_lock);
	freelist = freeze_slab(c, slab);
	spin_unlock(&n->list_lock);
	return freelist;
}

/*
 * ___slab_alloc - the slow path: this CPU's freelist is empty.  In order:
 * objects freed into the CPU slab by others, a partial slab, a new slab.
 * Returns the object (the rest of the freelist goes to c), or NULL.
 * Interrupts off; c is this CPU's kmem_cache_cpu.
 */
static void *___slab_alloc(struct kmem_cache *s, gfp_t gfp, unsigned long addr,
			   struct kmem_cache_cpu *c)
{
	void *freelist;

	if (kmem_cache_debug(s))
		return alloc_debug_slow(s, gfp, addr);
	freelist = get_cpu_freelist(s, c);
	if (!freelist)
		freelist = get_partial(s, c);
	if (!freelist)
		freelist = new_slab(s, gfp, c);
	if (!freelist)
		return NULL;
	c->freelist = get_freepointer(s, freelist);
	return freelist;
}

/* __slab_alloc - the slow path's entry (Linux disables interrupts here; ours already are). */
static __noinline void *__slab_alloc(struct kmem_cache *s, gfp_t gfp, unsigned long addr,
				     struct kmem_cache_cpu *c)
{
	return ___slab_alloc(s, gfp, addr, c);
}

/*
 * slab_alloc_node - the fast path: pop the first object of this CPU's
 * freelist with interrupts off (on one CPU nothing else can touch it; SMP
 * Linux uses a cmpxchg on (freelist, tid) instead).  Falls back to
 * __slab_alloc when the list is empty - always, for a debug cache.
 */
static __always_inline void *slab_alloc_node(struct kmem_cache *s, gfp_t gfp, unsigned long addr)
{
	struct kmem_cache_cpu *c;
	unsigned long flags;
	void *object;

	local_irq_save(flags);
	c = &s->cpu_slab[smp_processor_id()];
	object = c->freelist;
	if (likely(object))
		c->freelist = get_freepointer(s, object);
	else
		object = __slab_alloc(s, gfp, addr, c);
	local_irq_restore(flags);
	if (unlikely(gfp & __GFP_ZERO) && object)
		memset(object, 0, s->object_size);
	return object;
}

/* kmem_cache_alloc - one object from s, or NULL. */
void *kmem_cache_alloc(struct kmem_cache *s, gfp_t gfp)
{
	return slab_alloc_node(s, gfp, _RET_IP_);
}

/* kmem_cache_zalloc - one zeroed object from s, or NULL. */
void *kmem_cache_zalloc(struct kmem_cache *s, gfp_t gfp)
{
	return slab_alloc_node(s, gfp | __GFP_ZERO, _RET_IP_);
}

/* __kmem_cache_alloc - kmem_cache_alloc on behalf of caller (kmalloc). */
void *__kmem_cache_alloc(struct kmem_cache *s, gfp_t gfp, unsigned long caller)
{
	return slab_alloc_node(s, gfp, caller);
}

/* ===================== freeing ===================== */

/*
 * __slab_free - the slow path: x goes onto its slab's own freelist.  A
 * full slab becomes partial; an empty one goes back to the buddy if the
 * node already keeps more than min_partial partial slabs.  A frozen slab
 * (some CPU's) stays where it is.  Any interrupt state; takes list_lock.
 */
static __noinline void __slab_free(struct kmem_cache *s, struct page *slab, void *x,
				   unsigned long addr)
{
	struct kmem_cache_node *n = &s->node;
	unsigned long flags;
	void *prior;

	spin_lock_irqsave(&n->list_lock, flags);
	if (kmem_cache_debug(s))
		free_debug_processing(s, slab, x, addr);
	prior = slab->freelist;
	set_freepointer(s, x, prior);
	slab->freelist = x;
	slab->inuse--;
	if (slab->frozen)
		goto out;
	if (!prior) {		/* was full */
		remove_full(slab);
		add_partial(n, slab);
	}
	if (!slab->inuse && n->nr_partial > s->min_partial) {
		remove_partial(n, slab);
		spin_unlock_irqrestore(&n->list_lock, flags);
		discard_slab(s, slab);
		return;
	}
out:
	spin_unlock_irqrestore(&n->list_lock, flags);
}

/*
 * slab_free - the fast path: an object of this CPU's slab goes back on the
 * CPU freelist, interrupts off, no lock.  Anything else is __slab_free.
 */
static __always_inline void slab_free(struct kmem_cache *s, struct page *slab, void *x,
				      unsigned long addr)
{
	struct kmem_cache_cpu *c;
	unsigned long flags;

	local_irq_save(flags);
	c = &s->cpu_slab[smp_processor_id()];
	if (likely(slab == c->page)) {
		set_freepointer(s, x, c->freelist);
		c->freelist = x;
		local_irq_restore(flags);
		return;
	}
	local_irq_restore(flags);
	__slab_free(s, slab, x, addr);
}

/* kmem_cache_free - give back x, an object of s.  Wrong cache: report and BUG. */
void kmem_cache_free(struct kmem_cache *s, void *x)
{
	struct page *slab;

	if (unlikely(!x))
		return;
	slab = virt_to_slab(x);
	if (unlikely(!slab || slab->slab_cache != s))
		wrong_slab_cache(s, slab, x);
	slab_free(s, slab, x, _RET_IP_);
}

/* __kmem_cache_free - free x (in slab) to its own cache on behalf of caller (kfree). */
void __kmem_cache_free(struct page *slab, void *x, unsigned long caller)
{
	slab_free(slab->slab_cache, slab, x, caller);
}

/* slab_ksize - bytes a kmalloc user may use in an object of s (Linux's). */
size_t slab_ksize(struct kmem_cache *s)
{
	if (s->flags & (SLAB_RED_ZONE | SLAB_POISON))
		return s->object_size;
	if (s->flags & SLAB_STORE_USER)
		return s->inuse;
	return s->size;
}

/* ===================== giving CPU slabs and empty slabs back ===================== */

/*
 * deactivate_slab - this CPU gives up its slab: the CPU freelist is spliced
 * back onto the slab's, which then goes to the partial or full list, or to
 * the buddy if empty and the node has min_partial partial slabs already.
 * Interrupts off.
 */
static void deactivate_slab(struct kmem_cache *s, struct kmem_cache_cpu *c)
{
	struct kmem_cache_node *n = &s->node;
	struct page *slab = c->page;
	void *freelist = c->freelist, *tail = NULL;
	unsigned int count = 0;

	c->page = NULL;
	c->freelist = NULL;
	if (!slab)
		return;
	for (void *p = freelist; p; p = get_freepointer(s, p)) {
		tail = p;
		count++;
	}
	spin_lock(&n->list_lock);
	if (tail) {
		set_freepointer(s, tail, slab->freelist);
		slab->freelist = freelist;
	}
	slab->inuse -= count;
	slab->frozen = 0;
	if (!slab->inuse && n->nr_partial >= s->min_partial) {
		spin_unlock(&n->list_lock);
		discard_slab(s, slab);
		return;
	}
	if (slab->freelist)
		add_partial(n, slab);
	else
		add_full(n, slab);
	spin_unlock(&n->list_lock);
}

/*
 * flush_all - every CPU gives up its slab of s.  With one CPU that is this
 * CPU's; SMP will send each CPU an IPI to deactivate its own (Linux's
 * flush_all with on_each_cpu_cond).
 */
static void flush_all(struct kmem_cache *s)
{
	unsigned long flags;

	local_irq_save(flags);
	for (unsigned int cpu = 0; cpu < NR_CPUS; cpu++)
		deactivate_slab(s, &s->cpu_slab[cpu]);
	local_irq_restore(flags);
}

/* Move every empty partial slab of s to 'discard'.  list_lock held. */
static void take_empty_partials(struct kmem_cache_node *n, struct list_head *discard)
{
	struct page *slab, *t;

	list_for_each_entry_safe(slab, t, &n->partial, slab_list) {
		if (!slab->inuse) {
			remove_partial(n, slab);
			list_add(&slab->slab_list, discard);
		}
	}
}

static void discard_slabs(struct kmem_cache *s, struct list_head *discard)
{
	struct page *slab, *t;

	list_for_each_entry_safe(slab, t, discard, slab_list) {
		list_del(&slab->slab_list);
		discard_slab(s, slab);
	}
}

/* kmem_cache_shrink - give every empty slab of s back to the buddy. */
int kmem_cache_shrink(struct kmem_cache *s)
{
	struct kmem_cache_node *n = &s->node;
	unsigned long flags;
	LIST_HEAD(discard);

	flush_all(s);
	spin_lock_irqsave(&n->list_lock, flags);
	take_empty_partials(n, &discard);
	spin_unlock_irqrestore(&n->list_lock, flags);
	discard_slabs(s, &discard);
	return 0;
}

/* ===================== creating and destroying caches ===================== */

/*
 * calc_slab_order - the smallest order >= what min_objects need, up to
 * max_order, whose leftover (slab size % object size) is at most
 * 1/fract_leftover of the slab.  Returns max_order + 1 if none.
 */
static unsigned int calc_slab_order(unsigned int size, unsigned int min_objects,
				    unsigned int max_order, unsigned int fract_leftover)
{
	unsigned int order;

	for (order = size_to_order((size_t)min_objects * size); order <= max_order; order++) {
		unsigned int slab_size = (unsigned int)(PAGE_SIZE << order);

		if (slab_size % size <= slab_size / fract_leftover)
			break;
	}
	return order;
}

/*
 * calculate_order - Linux's search for a slab order with little waste:
 * try to fit min_objects objects (4 * (fls(nr_cpus) + 1): 8 on one CPU)
 * wasting at most 1/16 of the slab, then 1/8, then 1/4, then fewer
 * objects, all within SLUB_MAX_ORDER; a single huge object may go beyond.
 * Returns the order, or -1 if the object cannot fit at all.
 */
static int calculate_order(unsigned int size)
{
	unsigned int min_objects = 4 * (fls_uint(1) + 1);
	unsigned int order;

	min_objects = min(min_objects, order_objects(SLUB_MAX_ORDER, size));
	while (min_objects > 1) {
		for (unsigned int fraction = 16; fraction >= 4; fraction /= 2) {
			order = calc_slab_order(size, min_objects, SLUB_MAX_ORDER, fraction);
			if (order <= SLUB_MAX_ORDER)
				return order;
		}
		min_objects--;
	}
	order = calc_slab_order(size, 1, SLUB_MAX_ORDER, 1);
	if (order <= SLUB_MAX_ORDER)
		return order;
	order = calc_slab_order(size, 1, SLAB_MAX_ORDER, 1);
	return order <= SLAB_MAX_ORDER ? (int)order : -1;
}

/* calculate_alignment - SLAB_HWCACHE_ALIGN: a cache line, halved while two objects fit in it. */
static unsigned int calculate_alignment(slab_flags_t flags, unsigned int align, unsigned int size)
{
	if (flags & SLAB_HWCACHE_ALIGN) {
		unsigned int ralign = L1_CACHE_BYTES;

		while (size <= ralign / 2)
			ralign /= 2;
		align = max(align, ralign);
	}
	align = max(align, (unsigned int)sizeof(unsigned long long));
	return ALIGN(align, (unsigned int)sizeof(void *));
}

/*
 * calculate_sizes - lay out one object and its metadata (drawn at the top of
 * mm/slub_debug.c) and choose the slab order.  Returns false if it cannot be done.
 */
static bool calculate_sizes(struct kmem_cache *s)
{
	slab_flags_t flags = s->flags;
	unsigned int size = ALIGN(s->object_size, (unsigned int)sizeof(void *));
	int order;

	if ((flags & SLAB_POISON) && !s->ctor)
		s->flags |= __OBJECT_POISON;
	if ((flags & SLAB_RED_ZONE) && size == s->object_size)
		size += sizeof(void *);		/* room for a right red zone */
	s->inuse = size;
	if ((flags & SLAB_POISON) || s->ctor ||
	    ((flags & SLAB_RED_ZONE) && s->object_size < sizeof(void *))) {
		s->offset = size;		/* free pointer after the object */
		size += sizeof(void *);
	} else {
		s->offset = ALIGN_DOWN(s->object_size / 2, (unsigned int)sizeof(void *));
	}
	if (flags & SLAB_STORE_USER)
		size += 2 * sizeof(struct track);
	if (flags & SLAB_RED_ZONE) {
		size += sizeof(void *);		/* pad word: catches writes past the metadata */
		s->red_left_pad = ALIGN((unsigned int)sizeof(void *), s->align);
		size += s->red_left_pad;
	}
	s->size = ALIGN(size, s->align);
	order = calculate_order(s->size);
	if (order < 0)
		return false;
	s->oo = oo_make(order, s->size);
	s->allocflags = (flags & SLAB_RECLAIM_ACCOUNT) ? __GFP_RECLAIMABLE : 0;
	return oo_objects(s->oo) > 0 && oo_objects(s->oo) <= MAX_OBJS_PER_SLAB;
}

/* kmem_cache_open - fill in *s (zeroed) for a new cache.  Returns false if impossible. */
static bool kmem_cache_open(struct kmem_cache *s, const char *name, unsigned int size,
			    unsigned int align, slab_flags_t flags, void (*ctor)(void *))
{
	unsigned int order_bits;

	s->name = name;
	s->object_size = size;
	s->ctor = ctor;
	s->flags = kmem_cache_flags(flags, name);
	s->align = calculate_alignment(flags, align, size);
	if (!calculate_sizes(s))
		return false;
	/* Linux: min_partial = ilog2(size) / 2, within [MIN_PARTIAL, MAX_PARTIAL]. */
	order_bits = fls_uint(s->size) - 1;
	s->min_partial = min(max(order_bits / 2, (unsigned int)MIN_PARTIAL), (unsigned int)MAX_PARTIAL);
	spin_lock_init(&s->node.list_lock);
	INIT_LIST_HEAD(&s->node.partial);
	INIT_LIST_HEAD(&s->node.full);
	return true;
}

/* kmem_cache_create - see mm/slab.h. */
struct kmem_cache *kmem_cache_create(const char *name, unsigned int size, unsigned int align,
				     slab_flags_t flags, void (*ctor)(void *object))
{
	struct kmem_cache *s = NULL;
	unsigned long irqflags;

	if (slab_state < PARTIAL || !name || !size || size > KMALLOC_MAX_SIZE ||
	    (align & (align - 1)) || align > PAGE_SIZE)
		goto fail;
	s = kmem_cache_zalloc(kmem_cache, GFP_KERNEL);
	if (!s)
		goto fail;
	if (!kmem_cache_open(s, name, size, align, flags, ctor))
		goto out_free_cache;
	spin_lock_irqsave(&slab_mutex, irqflags);
	list_add_tail(&s->list, &slab_caches);
	spin_unlock_irqrestore(&slab_mutex, irqflags);
	return s;

out_free_cache:
	kmem_cache_free(kmem_cache, s);
fail:
	if (flags & SLAB_PANIC)
		panic("kmem_cache_create: Failed to create slab '%s'. Error %d",
		      name ? name : "(null)", -22);
	pr_warn("kmem_cache_create(%s) failed with error %d\n", name ? name : "(null)", -22);
	return NULL;
}

/*
 * __kmem_cache_shutdown - give back every slab of s.  Returns 0, or 1 if
 * objects are still allocated: those are reported and their slabs kept.
 * slab_mutex held.
 */
static int __kmem_cache_shutdown(struct kmem_cache *s)
{
	struct kmem_cache_node *n = &s->node;
	struct page *slab;
	unsigned long flags;
	int busy;

	kmem_cache_shrink(s);
	spin_lock_irqsave(&n->list_lock, flags);
	list_for_each_entry(slab, &n->partial, slab_list)
		list_slab_objects(s, slab);
	list_for_each_entry(slab, &n->full, slab_list)
		list_slab_objects(s, slab);
	busy = n->nr_slabs != 0;
	spin_unlock_irqrestore(&n->list_lock, flags);
	return busy;
}

/* kmem_cache_destroy - see mm/slab.h. */
void kmem_cache_destroy(struct kmem_cache *s)
{
	unsigned long flags;

	if (!s)
		return;
	spin_lock_irqsave(&slab_mutex, flags);
	if (s == kmem_cache || __kmem_cache_shutdown(s)) {
		pr_err("kmem_cache_destroy %s: Slab cache still has objects\n", s->name);
		spin_unlock_irqrestore(&slab_mutex, flags);
		return;
	}
	list_del(&s->list);
	spin_unlock_irqrestore(&slab_mutex, flags);
	kmem_cache_free(kmem_cache, s);
}

/* kmem_cache_size - the object size s was created with. */
unsigned int kmem_cache_size(struct kmem_cache *s)
{
	return s->object_size;
}

/*
 * kmem_cache_init - bootstrap.  The cache of struct kmem_cache cannot come
 * from itself, so it is built in static storage (Linux builds it in a
 * static boot_kmem_cache and then copies it into one of its own objects;
 * Pagoda just keeps the static one).  From then on kmem_cache_create works,
 * and the kmalloc caches are made with it.
 */
void kmem_cache_init(void)
{
	kmem_cache = &boot_kmem_cache;
	if (!kmem_cache_open(kmem_cache, "kmem_cache", sizeof(struct kmem_cache), 0,
			     SLAB_HWCACHE_ALIGN, NULL))
		panic("kmem_cache_init: cannot lay out the kmem_cache cache");
	list_add_tail(&kmem_cache->list, &slab_caches);
	slab_state = PARTIAL;
	create_kmalloc_caches(0);
	slab_state = UP;
	pr_info("SLUB: HWalign=%d, Order=0-%d, MinObjects=0, CPUs=1, Nodes=1\n",
		L1_CACHE_BYTES, SLUB_MAX_ORDER);
}

/* ===================== statistics ===================== */

static unsigned long count_freelist(struct kmem_cache *s, void *p)
{
	unsigned long nr = 0;

	for (; p; p = get_freepointer(s, p))
		nr++;
	return nr;
}

/*
 * count_cpu_free - the objects on the CPU freelists of s; adds to *empty
 * the CPU slabs with no object in use.  Interrupts off, list_lock held.
 */
static unsigned long count_cpu_free(struct kmem_cache *s, unsigned long *empty)
{
	unsigned long free_objs = 0;

	for (unsigned int cpu = 0; cpu < NR_CPUS; cpu++) {
		struct kmem_cache_cpu *c = &s->cpu_slab[cpu];

		free_objs += count_freelist(s, c->freelist);
		if (c->page && c->page->inuse == count_freelist(s, c->freelist))
			(*empty)++;
	}
	return free_objs;
}

/* get_slabinfo - see mm/slab.h. */
void get_slabinfo(struct kmem_cache *s, struct slabinfo *info)
{
	struct kmem_cache_node *n = &s->node;
	unsigned long flags, free_objs, empty = 0;
	struct page *slab;

	local_irq_save(flags);
	spin_lock(&n->list_lock);
	free_objs = count_cpu_free(s, &empty);
	list_for_each_entry(slab, &n->partial, slab_list) {
		free_objs += slab->objects - slab->inuse;
		empty += !slab->inuse;
	}
	info->name = s->name;
	info->num_objs = n->total_objects;
	info->active_objs = n->total_objects - free_objs;
	info->num_slabs = n->nr_slabs;
	info->active_slabs = n->nr_slabs - empty;
	info->nr_partial = n->nr_partial;
	spin_unlock(&n->list_lock);
	local_irq_restore(flags);
	info->min_partial = s->min_partial;
	info->objsize = s->object_size;
	info->size = s->size;
	info->align = s->align;
	info->objects_per_slab = oo_objects(s->oo);
	info->cache_order = oo_order(s->oo);
	info->flags = s->flags & ~__OBJECT_POISON;
}

/* slab_caches_for_each - see mm/slab.h. */
int slab_caches_for_each(int (*fn)(struct kmem_cache *s, void *arg), void *arg)
{
	struct kmem_cache *s;
	unsigned long flags;
	int ret = 0;

	spin_lock_irqsave(&slab_mutex, flags);
	list_for_each_entry(s, &slab_caches, list) {
		ret = fn(s, arg);
		if (ret)
			break;
	}
	spin_unlock_irqrestore(&slab_mutex, flags);
	return ret;
}
