/*
 * tests/host/slub_test.c - SLUB (mm/slub.c, mm/slab_common.c) on the host
 * under ASan and UBSan.
 *
 * The allocator runs on the page allocator shim (tests/host/shim/
 * page_alloc_host.c): a "physical" arena whose free pages are ASan-poisoned,
 * so a slab page touched after SLUB gave it back is an ASan report.
 *
 *  - exact cases: every kmalloc size class, large kmalloc, kcalloc
 *    overflow, krealloc, alignment, constructors, destroy with and without
 *    leaks (the report text is checked), empty slabs going back to the
 *    page allocator beyond min_partial, allocation failure;
 *  - every debug detection (double free, use after free, red zone over-
 *    and underflow, invalid pointer, wrong cache): the report lines are
 *    captured and checked, and BUG() is caught with a longjmp;
 *  - a model-based random stress (>= 100k operations) over kmalloc and
 *    several caches (one with all debugging on) against a shadow set of
 *    live objects: no two live objects overlap (a byte map of the arena),
 *    each is aligned and keeps its fill pattern until freed, and
 *    validate_slab_cache() finds every cache consistent; afterwards every
 *    cache is empty, keeps at most min_partial partial slabs, and the
 *    arena's free page count is back to where it started.
 */
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "host_test.h"
#include "shim/page_alloc_host.h"
#include "mm/slab.h"

#define ARENA_PAGES	8192UL		/* 32 MiB of "physical memory" */
#define HPAGE		4096UL

/* ---- capturing kernel output and BUG() ---- */
static char captured[64 * 1024];
static size_t captured_len;
static jmp_buf bug_jmp;
static int warns;

static void capture_line(const char *line)
{
	size_t n = strlen(line);

	if (captured_len + n + 2 < sizeof(captured)) {
		memcpy(captured + captured_len, line, n);
		captured_len += n;
		captured[captured_len++] = '\n';
		captured[captured_len] = '\0';
	}
}

static void bug_hook(const char *what)
{
	if (!strcmp(what, "WARN")) {
		warns++;
		return;
	}
	longjmp(bug_jmp, 1);
}

static void capture_start(void)
{
	captured_len = 0;
	captured[0] = '\0';
	host_printk_hook = capture_line;
}

static void capture_stop(void)
{
	host_printk_hook = NULL;
}

/* Prints what was captured as diagnostics (when a check about it failed). */
static void capture_dump(void)
{
	static char copy[sizeof(captured)];
	char *save, *line;

	memcpy(copy, captured, sizeof(copy));
	line = strtok_r(copy, "\n", &save);

	for (int i = 0; line && i < 40; i++, line = strtok_r(NULL, "\n", &save))
		printf("#   | %s\n", line);
}

#define CHECK_CAPTURED(text) do {					\
	bool __found = strstr(captured, text) != NULL;			\
	CHECK(__found, "output lacks \"%s\"", text);			\
	if (!__found)							\
		capture_dump();						\
} while (0)

static struct slabinfo info_of(struct kmem_cache *s)
{
	struct slabinfo info;

	get_slabinfo(s, &info);
	return info;
}

/* Every kmalloc cache gives its empty slabs back (for free-page comparisons). */
static int shrink_one(struct kmem_cache *s, void *arg)
{
	kmem_cache_shrink(s);
	return 0;
}

static unsigned long free_pages_settled(void)
{
	slab_caches_for_each(shrink_one, NULL);
	return host_nr_free_pages();
}

/* ---- kmalloc ---- */
static size_t class_of(size_t n)
{
	static const size_t classes[] = { 8, 16, 32, 64, 96, 128, 192, 256, 512, 1024, 2048, 4096, 8192 };

	for (size_t i = 0; i < sizeof(classes) / sizeof(classes[0]); i++)
		if (n <= classes[i])
			return classes[i];
	return 0;
}

static void kmalloc_every_size_lands_in_its_class(void)
{
	unsigned long before = free_pages_settled();

	for (size_t n = 1; n <= KMALLOC_MAX_CACHE_SIZE; n++) {
		void *p = kmalloc(n, GFP_KERNEL);
		struct kmem_cache *s = kmalloc_slab(n);
		struct slabinfo si = info_of(s);

		CHECK(p && host_page_is_slab(p), "kmalloc(%zu) = %p not in a slab", n, p);
		CHECK(si.objsize == class_of(n), "kmalloc(%zu) from %s", n, si.name);
		CHECK(ksize(p) >= n && ksize(p) == class_of(n), "ksize(kmalloc(%zu)) = %zu", n, ksize(p));
		if (!(class_of(n) & (class_of(n) - 1)))
			CHECK((uintptr_t)p % class_of(n) == 0, "kmalloc(%zu) = %p not aligned", n, p);
		memset(p, 0x77, n);
		kfree(p);
	}
	CHECK(kmalloc(0, GFP_KERNEL) == ZERO_SIZE_PTR, "kmalloc(0)");
	kfree(ZERO_SIZE_PTR);
	kfree(NULL);
	CHECK(ksize(NULL) == 0 && ksize(ZERO_SIZE_PTR) == 0, "ksize of NULL");
	CHECK(!strcmp(info_of(kmalloc_slab(96)).name, "kmalloc-96"), "96 cache name");
	CHECK(!strcmp(info_of(kmalloc_slab(8192)).name, "kmalloc-8k"), "8k cache name");
	CHECK(kmalloc_index(65) == 1 && kmalloc_index(129) == 2 && kmalloc_index(8193) == -1,
	      "kmalloc_index");
	CHECK(free_pages_settled() == before, "pages leaked: %lu -> %lu", before, host_nr_free_pages());
}

static void kmalloc_large_comes_from_the_page_allocator(void)
{
	unsigned long before = free_pages_settled();
	void *p = kmalloc(8193, GFP_KERNEL);

	CHECK(p && !host_page_is_slab(p), "kmalloc(8193) = %p in a slab", p);
	CHECK(host_page_compound_order(p) == 2, "order %d", host_page_compound_order(p));
	CHECK(host_nr_free_pages() == before - 4, "free pages %lu, was %lu", host_nr_free_pages(), before);
	CHECK(ksize(p) == 4 * HPAGE, "ksize %zu", ksize(p));
	memset(p, 1, 8193);
	kfree(p);
	CHECK(host_nr_free_pages() == before, "not given back");
	CHECK(kmalloc(KMALLOC_MAX_SIZE + 1, GFP_KERNEL | __GFP_NOWARN) == NULL, "too big");
}

static void kcalloc_overflow_is_null(void)
{
	unsigned char *p;

	CHECK(kcalloc(SIZE_MAX / 2, 4, GFP_KERNEL) == NULL, "kcalloc overflow");
	CHECK(kmalloc_array(SIZE_MAX / 8 + 1, 16, GFP_KERNEL) == NULL, "kmalloc_array overflow");
	p = kmalloc(100, GFP_KERNEL);
	memset(p, 0xff, 100);
	kfree(p);
	p = kcalloc(10, 10, GFP_KERNEL);
	for (int i = 0; i < 100; i++)
		CHECK(p[i] == 0, "kcalloc byte %d = %#x", i, p[i]);
	kfree(p);
	p = kzalloc(3000, GFP_KERNEL);
	for (int i = 0; i < 3000; i++)
		CHECK(p[i] == 0, "kzalloc byte %d = %#x", i, p[i]);
	kfree(p);
}

static void krealloc_keeps_contents(void)
{
	unsigned long before = free_pages_settled();
	unsigned char *p = krealloc(NULL, 5, GFP_KERNEL), *q;
	size_t size = 5;

	for (size_t i = 0; i < size; i++)
		p[i] = (unsigned char)i;
	while (size < 40000) {
		size_t next = size * 3 + 1;

		q = krealloc(p, next, GFP_KERNEL);
		CHECK(q != NULL, "krealloc to %zu", next);
		for (size_t i = 0; i < size; i++)
			CHECK(q[i] == (unsigned char)i, "byte %zu lost growing to %zu", i, next);
		for (size_t i = size; i < next; i++)
			q[i] = (unsigned char)i;
		p = q;
		size = next;
	}
	q = krealloc(p, 10, GFP_KERNEL);
	CHECK(q == p, "shrinking moved the block");
	CHECK(krealloc(q, 0, GFP_KERNEL) == ZERO_SIZE_PTR, "krealloc(p, 0)");
	CHECK(free_pages_settled() == before, "pages leaked");
}

/* ---- caches ---- */
static void cache_alignment_is_honoured(void)
{
	struct kmem_cache *hw = kmem_cache_create("hw40", 40, 0, SLAB_HWCACHE_ALIGN, NULL);
	struct kmem_cache *al = kmem_cache_create("al256", 100, 256, 0, NULL);
	struct kmem_cache *small = kmem_cache_create("hw20", 20, 0, SLAB_HWCACHE_ALIGN, NULL);
	void *objs[300];

	CHECK(info_of(hw).align == 64, "hw40 align %u", info_of(hw).align);
	CHECK(info_of(small).align == 32, "hw20 align %u", info_of(small).align);
	for (int i = 0; i < 300; i++) {
		objs[i] = kmem_cache_alloc(i % 2 ? hw : al, GFP_KERNEL);
		CHECK((uintptr_t)objs[i] % (i % 2 ? 64 : 256) == 0, "object %p misaligned", objs[i]);
	}
	for (int i = 0; i < 300; i++)
		kmem_cache_free(i % 2 ? hw : al, objs[i]);
	kmem_cache_destroy(hw);
	kmem_cache_destroy(al);
	kmem_cache_destroy(small);
	CHECK(kmem_cache_create("badalign", 10, 24, 0, NULL) == NULL, "align 24 accepted");
	CHECK(kmem_cache_create("zero", 0, 0, 0, NULL) == NULL, "size 0 accepted");
}

static int ctor_calls;
static void count_ctor(void *p)
{
	ctor_calls++;
	memset(p, 0x3c, 48);
}

static void ctor_runs_once_per_object_at_slab_creation(void)
{
	struct kmem_cache *s = kmem_cache_create("ctor48", 48, 0, 0, count_ctor);
	unsigned int per_slab = info_of(s).objects_per_slab;
	unsigned char *p;

	ctor_calls = 0;
	p = kmem_cache_alloc(s, GFP_KERNEL);
	CHECK(ctor_calls == (int)per_slab, "ctor ran %d times for a %u-object slab", ctor_calls, per_slab);
	for (int i = 0; i < 48; i++)
		CHECK(p[i] == 0x3c, "object not constructed");
	kmem_cache_free(s, p);
	p = kmem_cache_alloc(s, GFP_KERNEL);
	CHECK(ctor_calls == (int)per_slab, "ctor ran again on reuse");
	kmem_cache_free(s, p);
	kmem_cache_destroy(s);
}

static void destroy_of_empty_cache_frees_everything(void)
{
	unsigned long before = free_pages_settled();
	struct kmem_cache *s = kmem_cache_create("empty", 200, 0, 0, NULL);
	void *objs[100];

	for (int i = 0; i < 100; i++)
		objs[i] = kmem_cache_alloc(s, GFP_KERNEL);
	for (int i = 0; i < 100; i++)
		kmem_cache_free(s, objs[i]);
	capture_start();
	kmem_cache_destroy(s);
	capture_stop();
	CHECK(captured_len == 0, "destroy printed something");
	CHECK(free_pages_settled() == before, "pages leaked: %lu -> %lu", before, host_nr_free_pages());
}

static void destroy_with_live_objects_reports_and_keeps_cache(void)
{
	unsigned long before = free_pages_settled();
	struct kmem_cache *s = kmem_cache_create("leaky", 64, 0, SLAB_STORE_USER, NULL);
	void *a = kmem_cache_alloc(s, GFP_KERNEL), *b = kmem_cache_alloc(s, GFP_KERNEL);
	void *c = kmem_cache_alloc(s, GFP_KERNEL);
	char line[128];

	kmem_cache_free(s, b);
	capture_start();
	kmem_cache_destroy(s);
	capture_stop();
	CHECK_CAPTURED("BUG leaky (Not tainted): Objects remaining in leaky on __kmem_cache_shutdown()");
	snprintf(line, sizeof(line), "INFO: Object 0x%016lx @offset=", (unsigned long)a);
	CHECK_CAPTURED(line);
	snprintf(line, sizeof(line), "INFO: Object 0x%016lx @offset=", (unsigned long)c);
	CHECK_CAPTURED(line);
	snprintf(line, sizeof(line), "INFO: Object 0x%016lx @offset=", (unsigned long)b);
	CHECK(!strstr(captured, line), "freed object reported as leaked");
	CHECK_CAPTURED("INFO: Allocated in ");
	CHECK_CAPTURED("kmem_cache_destroy leaky: Slab cache still has objects");
	CHECK(info_of(s).active_objs == 2, "active %lu", info_of(s).active_objs);
	CHECK(validate_slab_cache(s) == 0, "cache damaged by the failed destroy");
	kmem_cache_free(s, a);
	kmem_cache_free(s, c);
	capture_start();
	kmem_cache_destroy(s);
	capture_stop();
	CHECK(captured_len == 0, "second destroy printed something");
	CHECK(free_pages_settled() == before, "pages leaked");
}

static void empty_slabs_beyond_min_partial_go_back(void)
{
	unsigned long before = free_pages_settled();
	struct kmem_cache *s = kmem_cache_create("seesaw", 512, 0, 0, NULL);
	struct slabinfo si = info_of(s);
	unsigned int n = si.objects_per_slab * 30;
	void **objs = calloc(n, sizeof(void *));

	for (unsigned int i = 0; i < n; i++)
		objs[i] = kmem_cache_alloc(s, GFP_KERNEL);
	CHECK(info_of(s).num_slabs == 30, "%lu slabs", info_of(s).num_slabs);
	for (unsigned int i = 0; i < n; i++)
		kmem_cache_free(s, objs[(i * 7919u) % n]);	/* a scattered order */
	si = info_of(s);
	CHECK(si.active_objs == 0, "active %lu", si.active_objs);
	CHECK(si.nr_partial <= si.min_partial, "%lu partial > min_partial %lu", si.nr_partial, si.min_partial);
	CHECK(si.num_slabs <= si.min_partial + 1, "%lu slabs kept", si.num_slabs);
	CHECK(host_nr_free_pages() >= before - ((si.min_partial + 1) << si.cache_order),
	      "free pages %lu, before %lu", host_nr_free_pages(), before);
	CHECK(validate_slab_cache(s) == 0, "invalid");
	kmem_cache_shrink(s);
	CHECK(info_of(s).num_slabs == 0, "shrink left %lu slabs", info_of(s).num_slabs);
	kmem_cache_destroy(s);
	free(objs);
	CHECK(free_pages_settled() == before, "pages leaked");
}

static void page_allocation_failure_returns_null(void)
{
	struct kmem_cache *s = kmem_cache_create("oom", 1000, 0, 0, NULL);
	void *p;

	host_fail_alloc_pages_after(0);
	p = kmem_cache_alloc(s, GFP_KERNEL | __GFP_NOWARN);
	CHECK(p == NULL, "allocated without pages");
	CHECK(kmalloc(20000, GFP_KERNEL | __GFP_NOWARN) == NULL, "large kmalloc without pages");
	host_fail_alloc_pages_after(-1);
	p = kmem_cache_alloc(s, GFP_KERNEL);
	CHECK(p != NULL, "no recovery");
	kmem_cache_free(s, p);
	CHECK(validate_slab_cache(s) == 0, "invalid");
	kmem_cache_destroy(s);
}

/* Run twice, compare: the same alloc/free sequence leaves the same state. */
static void same_sequence_same_state(void)
{
	struct slabinfo first = { 0 };
	unsigned long before = free_pages_settled();

	for (int run = 0; run < 2; run++) {
		struct kmem_cache *s = kmem_cache_create("twice", 72, 0, 0, NULL);
		void *objs[1000];
		struct slabinfo si;

		for (int i = 0; i < 1000; i++)
			objs[i] = kmem_cache_alloc(s, GFP_KERNEL);
		for (int i = 0; i < 1000; i += 3)
			kmem_cache_free(s, objs[i]);
		si = info_of(s);
		CHECK(si.active_objs == 666, "active %lu", si.active_objs);
		if (run == 0)
			first = si;
		else
			CHECK(si.num_slabs == first.num_slabs && si.nr_partial == first.nr_partial &&
			      si.active_slabs == first.active_slabs, "state differs between runs");
		for (int i = 0; i < 1000; i++)
			if (i % 3)
				kmem_cache_free(s, objs[i]);
		kmem_cache_destroy(s);
		CHECK(free_pages_settled() == before, "run %d leaked pages", run);
	}
}

/* ---- debug detections ---- */
#define DEBUG_FLAGS	(SLAB_RED_ZONE | SLAB_POISON | SLAB_STORE_USER)

/* Runs fn(cache, other) expecting a report and BUG; the caches are abandoned. */
static bool expect_bug(void (*fn)(struct kmem_cache *s, struct kmem_cache *other), const char *name)
{
	struct kmem_cache *s = kmem_cache_create(name, 64, 0, DEBUG_FLAGS, NULL);
	struct kmem_cache *other = kmem_cache_create("other", 64, 0, DEBUG_FLAGS, NULL);
	volatile bool bugged = false;

	capture_start();
	host_bug_hook = bug_hook;
	if (setjmp(bug_jmp) == 0)
		fn(s, other);
	else
		bugged = true;
	host_bug_hook = NULL;
	capture_stop();
	CHECK(bugged, "%s: no BUG", name);
	CHECK_CAPTURED("mm/slub.c:");
	return bugged;
}

static void do_double_free(struct kmem_cache *s, struct kmem_cache *o)
{
	void *p = kmem_cache_alloc(s, GFP_KERNEL);

	kmem_cache_free(s, p);
	kmem_cache_free(s, p);
}

static void do_use_after_free(struct kmem_cache *s, struct kmem_cache *o)
{
	char *p = kmem_cache_alloc(s, GFP_KERNEL);

	kmem_cache_free(s, p);
	p[10] = 0x42;
	p = kmem_cache_alloc(s, GFP_KERNEL);
}

static void do_redzone_overflow(struct kmem_cache *s, struct kmem_cache *o)
{
	char *p = kmem_cache_alloc(s, GFP_KERNEL);

	p[64] = 0;
	kmem_cache_free(s, p);
}

static void do_redzone_underflow(struct kmem_cache *s, struct kmem_cache *o)
{
	char *p = kmem_cache_alloc(s, GFP_KERNEL);

	p[-1] = 0;
	kmem_cache_free(s, p);
}

static void do_invalid_pointer(struct kmem_cache *s, struct kmem_cache *o)
{
	char *p = kmem_cache_alloc(s, GFP_KERNEL);

	kmem_cache_free(s, p + 8);
}

static void do_wrong_cache(struct kmem_cache *s, struct kmem_cache *o)
{
	void *p = kmem_cache_alloc(s, GFP_KERNEL);

	kmem_cache_free(o, p);
}

static void debug_detects_double_free(void)
{
	expect_bug(do_double_free, "dbl");
	CHECK_CAPTURED("BUG dbl (Not tainted): Object already free");
	CHECK_CAPTURED("INFO: Slab 0x");
	CHECK_CAPTURED("INFO: Object 0x");
	CHECK_CAPTURED("INFO: Freed in ");
	CHECK_CAPTURED("Object   0x");
}

static void debug_detects_use_after_free(void)
{
	expect_bug(do_use_after_free, "uaf");
	CHECK_CAPTURED("BUG uaf (Not tainted): Poison overwritten");
	CHECK_CAPTURED("First byte 0x42 instead of 0x6b");
	CHECK_CAPTURED("INFO: Allocated in ");
	CHECK_CAPTURED("INFO: Freed in ");
}

static void debug_detects_redzone_overflow(void)
{
	expect_bug(do_redzone_overflow, "rzo");
	CHECK_CAPTURED("BUG rzo (Not tainted): Right Redzone overwritten");
	CHECK_CAPTURED("First byte 0x0 instead of 0xcc");
	CHECK_CAPTURED("Redzone  0x");
}

static void debug_detects_redzone_underflow(void)
{
	expect_bug(do_redzone_underflow, "rzu");
	CHECK_CAPTURED("BUG rzu (Not tainted): Left Redzone overwritten");
}

static void debug_detects_invalid_pointer(void)
{
	expect_bug(do_invalid_pointer, "inv");
	CHECK_CAPTURED("BUG inv (Not tainted): Invalid object pointer 0x");
}

static void debug_detects_wrong_cache(void)
{
	expect_bug(do_wrong_cache, "wrong");
	CHECK_CAPTURED("kmem_cache_free: Wrong slab cache. other but object is from wrong");
}

static void kfree_of_a_non_kmalloc_pointer_warns(void)
{
	void *p = kmalloc(20000, GFP_KERNEL);

	warns = 0;
	host_bug_hook = bug_hook;
	capture_start();
	kfree((char *)p + HPAGE);	/* a tail page of a large kmalloc */
	capture_stop();
	host_bug_hook = NULL;
	CHECK(warns == 1, "%d warnings", warns);
	kfree(p);
}

/* ---- model-based random stress ---- */
struct live {
	unsigned char *p;
	size_t size;
	struct kmem_cache *cache;	/* NULL: kmalloc */
	unsigned char fill;
	unsigned int align;
};

static unsigned char *owner_map;	/* one bit per 8-byte granule of the arena */

static bool mark_owned(unsigned char *p, size_t size, bool set)
{
	uintptr_t first = ((uintptr_t)p - host_page_offset) / 8;
	uintptr_t last = ((uintptr_t)p + size - 1 - host_page_offset) / 8;
	bool ok = true;

	for (uintptr_t g = first; g <= last; g++) {
		bool owned = owner_map[g / 8] & (1u << (g % 8));

		if (owned == set)
			ok = false;
		if (set)
			owner_map[g / 8] |= 1u << (g % 8);
		else
			owner_map[g / 8] &= ~(1u << (g % 8));
	}
	return ok;
}

#define NR_CACHES	4
#define MAX_LIVE	3000

static void *stress_alloc(struct live *l, struct kmem_cache **caches)
{
	int kind = (int)host_rand_below(NR_CACHES + 2);

	l->cache = kind < NR_CACHES ? caches[kind] : NULL;
	if (l->cache) {
		struct slabinfo si = info_of(l->cache);

		l->size = si.objsize;
		l->align = si.align;
		l->p = kmem_cache_alloc(l->cache, GFP_KERNEL);
	} else {
		/* mostly small, sometimes up to 3 pages (large kmalloc) */
		l->size = host_rand_below(8) ? 1 + host_rand_below(600) : 1 + host_rand_below(12000);
		l->align = 8;
		l->p = kmalloc(l->size, GFP_KERNEL);
	}
	return l->p;
}

static void stress_check_and_free(struct live *l)
{
	for (size_t i = 0; i < l->size; i++) {
		if (l->p[i] != (unsigned char)(l->fill + i)) {
			CHECK(0, "object %p (%zu bytes) byte %zu changed", (void *)l->p, l->size, i);
			break;
		}
	}
	CHECK(mark_owned(l->p, l->size, false), "object %p lost its ownership", (void *)l->p);
	if (l->cache)
		kmem_cache_free(l->cache, l->p);
	else
		kfree(l->p);
}

static int validate_one(struct kmem_cache *s, void *arg)
{
	*(int *)arg += validate_slab_cache(s);
	return 0;
}

static void random_stress_against_shadow_model(void)
{
	static const struct { const char *name; unsigned int size, align; slab_flags_t flags; } defs[NR_CACHES] = {
		{ "stress-24", 24, 0, 0 },
		{ "stress-hw100", 100, 0, SLAB_HWCACHE_ALIGN },
		{ "stress-al512", 300, 512, 0 },
		{ "stress-debug", 56, 0, SLAB_RED_ZONE | SLAB_POISON | SLAB_STORE_USER },
	};
	unsigned long before = free_pages_settled();
	struct kmem_cache *caches[NR_CACHES];
	struct live *live = calloc(MAX_LIVE, sizeof(*live));
	long ops = host_iterations(150000), nr_live = 0;
	int errors = 0;

	owner_map = calloc(ARENA_PAGES * HPAGE / 64, 1);
	for (int i = 0; i < NR_CACHES; i++)
		caches[i] = kmem_cache_create(defs[i].name, defs[i].size, defs[i].align, defs[i].flags, NULL);
	for (long op = 0; op < ops && !host_test_case_failures; op++) {
		bool grow = nr_live == 0 || (nr_live < MAX_LIVE && host_rand_below(100) < 55);

		if (grow) {
			struct live *l = &live[nr_live];

			if (!stress_alloc(l, caches)) {
				CHECK(0, "allocation of %zu failed", l->size);
				break;
			}
			CHECK((uintptr_t)l->p % l->align == 0, "%p not aligned to %u", (void *)l->p, l->align);
			CHECK(mark_owned(l->p, l->size, true), "%p (%zu bytes) overlaps a live object",
			      (void *)l->p, l->size);
			l->fill = (unsigned char)host_rand();
			for (size_t i = 0; i < l->size; i++)
				l->p[i] = (unsigned char)(l->fill + i);
			nr_live++;
		} else {
			long victim = (long)host_rand_below(nr_live);

			stress_check_and_free(&live[victim]);
			live[victim] = live[--nr_live];
		}
		if (op % 10000 == 0) {
			slab_caches_for_each(validate_one, &errors);
			CHECK(errors == 0, "validate_slab_cache found %d problems at op %ld", errors, op);
		}
	}
	while (nr_live)
		stress_check_and_free(&live[--nr_live]);
	slab_caches_for_each(validate_one, &errors);
	CHECK(errors == 0, "validate_slab_cache found %d problems at the end", errors);
	for (int i = 0; i < NR_CACHES; i++) {
		struct slabinfo si = info_of(caches[i]);

		CHECK(si.active_objs == 0, "%s: %lu objects left", si.name, si.active_objs);
		CHECK(si.nr_partial <= si.min_partial, "%s: %lu partial slabs", si.name, si.nr_partial);
		kmem_cache_destroy(caches[i]);
	}
	CHECK(free_pages_settled() == before, "pages leaked: %lu -> %lu", before, host_nr_free_pages());
	free(owner_map);
	free(live);
}

static void kmem_cache_zalloc_zeroes(void)
{
	struct kmem_cache *s = kmem_cache_create("z", 130, 0, 0, NULL);
	unsigned char *p = kmem_cache_alloc(s, GFP_KERNEL);

	memset(p, 0xee, 130);
	kmem_cache_free(s, p);
	p = kmem_cache_zalloc(s, GFP_KERNEL);
	for (int i = 0; i < 130; i++)
		CHECK(p[i] == 0, "byte %d = %#x", i, p[i]);
	kmem_cache_free(s, p);
	kmem_cache_destroy(s);
}

static const struct host_test_case cases[] = {
	HOST_TEST(kmalloc_every_size_lands_in_its_class),
	HOST_TEST(kmalloc_large_comes_from_the_page_allocator),
	HOST_TEST(kcalloc_overflow_is_null),
	HOST_TEST(krealloc_keeps_contents),
	HOST_TEST(cache_alignment_is_honoured),
	HOST_TEST(ctor_runs_once_per_object_at_slab_creation),
	HOST_TEST(kmem_cache_zalloc_zeroes),
	HOST_TEST(destroy_of_empty_cache_frees_everything),
	HOST_TEST(destroy_with_live_objects_reports_and_keeps_cache),
	HOST_TEST(empty_slabs_beyond_min_partial_go_back),
	HOST_TEST(page_allocation_failure_returns_null),
	HOST_TEST(same_sequence_same_state),
	HOST_TEST(random_stress_against_shadow_model),
	HOST_TEST(debug_detects_double_free),
	HOST_TEST(debug_detects_use_after_free),
	HOST_TEST(debug_detects_redzone_overflow),
	HOST_TEST(debug_detects_redzone_underflow),
	HOST_TEST(debug_detects_invalid_pointer),
	HOST_TEST(debug_detects_wrong_cache),
	HOST_TEST(kfree_of_a_non_kmalloc_pointer_warns),
};

int main(void)
{
	host_mm_init(ARENA_PAGES);
	kmem_cache_init();
	return host_test_main(cases, (int)(sizeof(cases) / sizeof(cases[0])));
}
