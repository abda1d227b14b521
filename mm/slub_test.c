/*
 * mm/slub_test.c - in-kernel tests of SLUB and kmalloc (mm/slub.c,
 * mm/slab_common.c) on the real buddy allocator.
 *
 * Suite `slub` (run by ktest=all): every kmalloc size class, large kmalloc
 * from the buddy, kcalloc overflow, krealloc, kfree(NULL), alignment,
 * constructors, kmem_cache_destroy of an empty cache and of one with live
 * objects (which prints Linux's leak report: a boot scenario checks it),
 * and empty slabs beyond min_partial going back to the buddy.  The last
 * case is a leak check in the manner of xv6's countfree: the buddy's free
 * page count (caches shrunk, per-CPU lists drained) equals the count taken
 * before the first case.
 *
 * Suite `slub_selftest` (manual: ktest=slub_selftest.<case>, one case per
 * boot): each case commits one of the errors SLUB's debugging detects, on a
 * cache made with SLAB_RED_ZONE | SLAB_POISON | SLAB_STORE_USER (so no
 * slub_debug= is needed), and ends in the report and BUG(): an
 * expected-oops scenario asserts the lines.  Reaching the end of a case is
 * a failure.
 *
 * Benchmarks (kbench=): kmalloc(64)/kfree and kmem_cache_alloc/free pairs
 * (the per-CPU fast path), and batches of 1000 (slabs filled and emptied,
 * so the slow paths run once per slab).  Cycles per alloc+free.
 */
#include "mm/slab.h"
#include "kernel/kbench.h"
#include "kernel/ktest.h"
#include "kernel/string.h"
#include "mm/mm.h"
#include "mm/mmzone.h"

static unsigned long slub_suite_free_pages;

static int shrink_cache(struct kmem_cache *s, void *arg)
{
	kmem_cache_shrink(s);
	return 0;
}

/* Free buddy pages once every cache has given back its empty slabs. */
static unsigned long settled_free_pages(void)
{
	slab_caches_for_each(shrink_cache, NULL);
	drain_local_pages();
	return nr_free_pages();
}

static int slub_test_init(void)
{
	slub_suite_free_pages = settled_free_pages();
	return 0;
}

static size_t kmalloc_class(size_t n)
{
	static const size_t classes[] = { 8, 16, 32, 64, 96, 128, 192, 256, 512, 1024, 2048, 4096, 8192 };

	for (size_t i = 0; i < ARRAY_SIZE(classes); i++)
		if (n <= classes[i])
			return classes[i];
	return 0;
}

static void kmalloc_every_size_lands_in_its_class(struct ktest *t)
{
	for (size_t n = 1; n <= KMALLOC_MAX_CACHE_SIZE; n++) {
		void *p = kmalloc(n, GFP_KERNEL);
		struct slabinfo si;

		KTEST_ASSERT_NOT_NULL(t, p);
		get_slabinfo(kmalloc_slab(n), &si);
		KTEST_EXPECT_EQ(t, si.objsize, kmalloc_class(n));
		KTEST_EXPECT_TRUE(t, PageSlab(virt_to_page(p)));
		KTEST_EXPECT_EQ(t, virt_to_slab(p)->slab_cache, kmalloc_slab(n));
		KTEST_EXPECT_GE(t, ksize(p), n);
		memset(p, 0xa1, n);
		kfree(p);
		if (t->failed) {
			ktest_info(t, "first failure at kmalloc(%zu)", n);
			return;
		}
	}
}

static void kmalloc_cache_names_are_linux(struct ktest *t)
{
	struct slabinfo si;

	get_slabinfo(kmalloc_slab(96), &si);
	KTEST_EXPECT_STREQ(t, si.name, "kmalloc-96");
	get_slabinfo(kmalloc_slab(192), &si);
	KTEST_EXPECT_STREQ(t, si.name, "kmalloc-192");
	get_slabinfo(kmalloc_slab(64), &si);
	KTEST_EXPECT_STREQ(t, si.name, "kmalloc-64");
	get_slabinfo(kmalloc_slab(8192), &si);
	KTEST_EXPECT_STREQ(t, si.name, "kmalloc-8k");
	KTEST_EXPECT_EQ(t, kmalloc_index(8193), -1);
}

static void kmalloc_zero_and_kfree_null(struct ktest *t)
{
	KTEST_EXPECT_TRUE(t, kmalloc(0, GFP_KERNEL) == ZERO_SIZE_PTR);
	kfree(NULL);
	kfree(ZERO_SIZE_PTR);
	KTEST_EXPECT_EQ(t, ksize(NULL), 0);
}

static void kmalloc_large_goes_to_the_buddy(struct ktest *t)
{
	unsigned long before;
	void *p;

	drain_local_pages();
	before = nr_free_pages();
	p = kmalloc(3 * PAGE_SIZE, GFP_KERNEL);		/* order 2 */
	KTEST_ASSERT_NOT_NULL(t, p);
	KTEST_EXPECT_FALSE(t, PageSlab(virt_to_page(p)));
	KTEST_EXPECT_TRUE(t, PageHead(virt_to_page(p)));
	KTEST_EXPECT_EQ(t, compound_order(virt_to_page(p)), 2);
	KTEST_EXPECT_EQ(t, ksize(p), 4 * PAGE_SIZE);
	KTEST_EXPECT_EQ(t, nr_free_pages(), before - 4);
	memset(p, 0x55, 3 * PAGE_SIZE);
	kfree(p);
	KTEST_EXPECT_EQ(t, nr_free_pages(), before);
}

static void kcalloc_overflow_is_null(struct ktest *t)
{
	u8 *p;

	KTEST_EXPECT_NULL(t, kcalloc(SIZE_MAX / 2, 4, GFP_KERNEL));
	KTEST_EXPECT_NULL(t, kmalloc_array(SIZE_MAX / 16 + 1, 16, GFP_KERNEL));
	p = kcalloc(25, 4, GFP_KERNEL);
	KTEST_ASSERT_NOT_NULL(t, p);
	KTEST_EXPECT_NULL(t, memchr_inv(p, 0, 100));
	kfree(p);
}

static void krealloc_keeps_contents(struct ktest *t)
{
	u8 *p = kmalloc(10, GFP_KERNEL), *q;

	KTEST_ASSERT_NOT_NULL(t, p);
	for (int i = 0; i < 10; i++)
		p[i] = (u8)i;
	q = krealloc(p, 5000, GFP_KERNEL);
	KTEST_ASSERT_NOT_NULL(t, q);
	for (int i = 0; i < 10; i++)
		KTEST_EXPECT_EQ(t, q[i], i);
	for (int i = 0; i < 5000; i++)
		q[i] = (u8)(i * 7);
	p = krealloc(q, 20000, GFP_KERNEL);		/* to a large kmalloc */
	KTEST_ASSERT_NOT_NULL(t, p);
	for (int i = 0; i < 5000; i++)
		KTEST_EXPECT_EQ(t, p[i], (u8)(i * 7));
	KTEST_EXPECT_TRUE(t, krealloc(p, 100, GFP_KERNEL) == p);	/* shrinking stays */
	KTEST_EXPECT_TRUE(t, krealloc(p, 0, GFP_KERNEL) == ZERO_SIZE_PTR);
}

static void cache_alignment_is_honoured(struct ktest *t)
{
	struct kmem_cache *hw = kmem_cache_create("test_hwalign", 40, 0, SLAB_HWCACHE_ALIGN, NULL);
	struct kmem_cache *al = kmem_cache_create("test_align256", 100, 256, 0, NULL);
	void *objs[40];

	KTEST_ASSERT_NOT_NULL(t, hw);
	KTEST_ASSERT_NOT_NULL(t, al);
	for (int i = 0; i < 40; i++) {
		objs[i] = kmem_cache_alloc(i & 1 ? hw : al, GFP_KERNEL);
		KTEST_EXPECT_TRUE(t, IS_ALIGNED((unsigned long)objs[i], i & 1 ? 64 : 256));
	}
	for (int i = 0; i < 40; i++)
		kmem_cache_free(i & 1 ? hw : al, objs[i]);
	kmem_cache_destroy(hw);
	kmem_cache_destroy(al);
}

static int ctor_calls;

static void test_ctor(void *object)
{
	ctor_calls++;
	memset(object, 0x3c, 32);
}

static void ctor_runs_once_per_object_at_slab_creation(struct ktest *t)
{
	struct kmem_cache *s = kmem_cache_create("test_ctor", 32, 0, 0, test_ctor);
	struct slabinfo si;
	u8 *p;

	KTEST_ASSERT_NOT_NULL(t, s);
	get_slabinfo(s, &si);
	ctor_calls = 0;
	p = kmem_cache_alloc(s, GFP_KERNEL);
	KTEST_ASSERT_NOT_NULL(t, p);
	KTEST_EXPECT_EQ(t, ctor_calls, si.objects_per_slab);
	KTEST_EXPECT_NULL(t, memchr_inv(p, 0x3c, 32));
	kmem_cache_free(s, p);
	p = kmem_cache_alloc(s, GFP_KERNEL);
	KTEST_EXPECT_EQ(t, ctor_calls, si.objects_per_slab);
	kmem_cache_free(s, p);
	kmem_cache_destroy(s);
}

static void destroy_of_an_empty_cache_frees_its_slabs(struct ktest *t)
{
	unsigned long before = settled_free_pages();
	struct kmem_cache *s = kmem_cache_create("test_empty", 300, 0, 0, NULL);
	void *objs[64];

	KTEST_ASSERT_NOT_NULL(t, s);
	for (int i = 0; i < 64; i++)
		objs[i] = kmem_cache_alloc(s, GFP_KERNEL);
	for (int i = 0; i < 64; i++)
		kmem_cache_free(s, objs[i]);
	kmem_cache_destroy(s);
	KTEST_EXPECT_EQ(t, settled_free_pages(), before);
}

/*
 * Prints the leak report on purpose; tests/ checks these lines:
 *   BUG test_leak (Not tainted): Objects remaining in test_leak on __kmem_cache_shutdown()
 *   INFO: Object 0x... @offset=...   (twice)
 *   kmem_cache_destroy test_leak: Slab cache still has objects
 */
static void destroy_with_live_objects_reports_and_keeps_the_cache(struct ktest *t)
{
	struct kmem_cache *s = kmem_cache_create("test_leak", 48, 0, SLAB_STORE_USER, NULL);
	void *a, *b, *c;
	struct slabinfo si;

	KTEST_ASSERT_NOT_NULL(t, s);
	a = kmem_cache_alloc(s, GFP_KERNEL);
	b = kmem_cache_alloc(s, GFP_KERNEL);
	c = kmem_cache_alloc(s, GFP_KERNEL);
	kmem_cache_free(s, b);
	kmem_cache_destroy(s);		/* reports a and c, frees nothing */
	get_slabinfo(s, &si);
	KTEST_EXPECT_EQ(t, si.active_objs, 2);
	KTEST_EXPECT_EQ(t, validate_slab_cache(s), 0);
	kmem_cache_free(s, a);
	kmem_cache_free(s, c);
	kmem_cache_destroy(s);		/* now it goes */
}

static void empty_slabs_beyond_min_partial_go_back(struct ktest *t)
{
	unsigned long before = settled_free_pages();	/* before the cache's own struct */
	struct kmem_cache *s = kmem_cache_create("test_seesaw", 1000, 0, 0, NULL);
	struct slabinfo si;
	void **objs;
	unsigned int n;

	KTEST_ASSERT_NOT_NULL(t, s);
	get_slabinfo(s, &si);
	n = si.objects_per_slab * 20;
	objs = kcalloc(n, sizeof(void *), GFP_KERNEL);
	KTEST_ASSERT_NOT_NULL(t, objs);
	for (unsigned int i = 0; i < n; i++)
		objs[i] = kmem_cache_alloc(s, GFP_KERNEL);
	get_slabinfo(s, &si);
	KTEST_EXPECT_EQ(t, si.num_slabs, 20);
	for (unsigned int i = 0; i < n; i++)
		kmem_cache_free(s, objs[(i * 7919u) % n]);
	get_slabinfo(s, &si);
	KTEST_EXPECT_EQ(t, si.active_objs, 0);
	KTEST_EXPECT_LE(t, si.nr_partial, si.min_partial);
	KTEST_EXPECT_LE(t, si.num_slabs, si.min_partial + 1);
	KTEST_EXPECT_EQ(t, validate_slab_cache(s), 0);
	kfree(objs);
	kmem_cache_destroy(s);
	KTEST_EXPECT_EQ(t, settled_free_pages(), before);
}

static void slub_suite_leaks_no_pages(struct ktest *t)
{
	KTEST_EXPECT_EQ(t, settled_free_pages(), slub_suite_free_pages);
}

static struct ktest_case slub_cases[] = {
	KTEST_CASE(kmalloc_every_size_lands_in_its_class),
	KTEST_CASE(kmalloc_cache_names_are_linux),
	KTEST_CASE(kmalloc_zero_and_kfree_null),
	KTEST_CASE(kmalloc_large_goes_to_the_buddy),
	KTEST_CASE(kcalloc_overflow_is_null),
	KTEST_CASE(krealloc_keeps_contents),
	KTEST_CASE(cache_alignment_is_honoured),
	KTEST_CASE(ctor_runs_once_per_object_at_slab_creation),
	KTEST_CASE(destroy_of_an_empty_cache_frees_its_slabs),
	KTEST_CASE(destroy_with_live_objects_reports_and_keeps_the_cache),
	KTEST_CASE(empty_slabs_beyond_min_partial_go_back),
	KTEST_CASE(slub_suite_leaks_no_pages),
	{}
};
KTEST_SUITE(slub, slub_cases, .init = slub_test_init);

/* ---- slub_selftest: each case ends in a report and BUG() ---- */

#define SELFTEST_FLAGS	(SLAB_RED_ZONE | SLAB_POISON | SLAB_STORE_USER)

static struct kmem_cache *selftest_cache(struct ktest *t, const char *name)
{
	struct kmem_cache *s = kmem_cache_create(name, 64, 0, SELFTEST_FLAGS, NULL);

	KTEST_ASSERT_NOT_NULL(t, s);
	return s;
}

/* Only reached if SLUB missed the error. */
static void selftest_missed(struct ktest *t, const char *what)
{
	ktest_fail(t, __FILE__, __LINE__, "SLUB did not detect the %s", what);
}

static void double_free(struct ktest *t)
{
	struct kmem_cache *s = selftest_cache(t, "selftest-64");
	void *p = kmem_cache_alloc(s, GFP_KERNEL);

	kmem_cache_free(s, p);
	kmem_cache_free(s, p);
	selftest_missed(t, "double free");
}

static void use_after_free(struct ktest *t)
{
	struct kmem_cache *s = selftest_cache(t, "selftest-64");
	u8 *p = kmem_cache_alloc(s, GFP_KERNEL);

	kmem_cache_free(s, p);
	WRITE_ONCE(p[16], 0x42);
	p = kmem_cache_alloc(s, GFP_KERNEL);	/* the same object: its poison is checked */
	selftest_missed(t, "write after free");
}

static void redzone_overflow(struct ktest *t)
{
	struct kmem_cache *s = selftest_cache(t, "selftest-64");
	u8 *p = kmem_cache_alloc(s, GFP_KERNEL);

	WRITE_ONCE(p[64], 0x00);		/* one byte past the object */
	kmem_cache_free(s, p);
	selftest_missed(t, "red zone overflow");
}

static void redzone_underflow(struct ktest *t)
{
	struct kmem_cache *s = selftest_cache(t, "selftest-64");
	u8 *p = kmem_cache_alloc(s, GFP_KERNEL);

	WRITE_ONCE(p[-1], 0x00);		/* one byte before it */
	kmem_cache_free(s, p);
	selftest_missed(t, "red zone underflow");
}

static void invalid_pointer(struct ktest *t)
{
	struct kmem_cache *s = selftest_cache(t, "selftest-64");
	u8 *p = kmem_cache_alloc(s, GFP_KERNEL);

	kmem_cache_free(s, p + 8);
	selftest_missed(t, "invalid pointer");
}

static void wrong_cache(struct ktest *t)
{
	struct kmem_cache *s = selftest_cache(t, "selftest-64");
	struct kmem_cache *other = selftest_cache(t, "selftest-other");
	void *p = kmem_cache_alloc(s, GFP_KERNEL);

	kmem_cache_free(other, p);
	selftest_missed(t, "free to the wrong cache");
}

static struct ktest_case slub_selftest_cases[] = {
	KTEST_CASE(double_free),
	KTEST_CASE(use_after_free),
	KTEST_CASE(redzone_overflow),
	KTEST_CASE(redzone_underflow),
	KTEST_CASE(invalid_pointer),
	KTEST_CASE(wrong_cache),
	{}
};
KTEST_SUITE_MANUAL(slub_selftest, slub_selftest_cases);

/* ---- benchmarks ---- */
#define BENCH_OPS	100000
#define BENCH_BATCH	1000

static void bench_kmalloc64(void)
{
	u64 start;

	kfree(kmalloc(64, GFP_KERNEL));		/* warm: a CPU slab exists */
	start = kbench_cycles();
	for (int i = 0; i < BENCH_OPS; i++) {
		void *p = kmalloc(64, GFP_KERNEL);

		WRITE_ONCE(*(char *)p, 1);
		kfree(p);
	}
	kbench_report("slub_kmalloc64_kfree", kbench_cycles() - start, BENCH_OPS);
}
KBENCH(slub_kmalloc64, bench_kmalloc64);

static void bench_cache_alloc(void)
{
	struct kmem_cache *s = kmem_cache_create("bench_64", 64, 0, 0, NULL);
	void **objs = kmalloc_array(BENCH_BATCH, sizeof(void *), GFP_KERNEL);
	u64 start;

	if (!s || !objs)
		return;
	kmem_cache_free(s, kmem_cache_alloc(s, GFP_KERNEL));
	start = kbench_cycles();
	for (int i = 0; i < BENCH_OPS; i++) {
		void *p = kmem_cache_alloc(s, GFP_KERNEL);

		WRITE_ONCE(*(char *)p, 1);
		kmem_cache_free(s, p);
	}
	kbench_report("slub_cache_alloc_free", kbench_cycles() - start, BENCH_OPS);
	start = kbench_cycles();
	for (int r = 0; r < BENCH_OPS / BENCH_BATCH; r++) {
		for (int i = 0; i < BENCH_BATCH; i++)
			objs[i] = kmem_cache_alloc(s, GFP_KERNEL);
		for (int i = 0; i < BENCH_BATCH; i++)
			kmem_cache_free(s, objs[i]);
	}
	kbench_report("slub_cache_alloc_free_batch1000", kbench_cycles() - start, BENCH_OPS);
	kfree(objs);
	kmem_cache_destroy(s);
}
KBENCH(slub_cache_alloc, bench_cache_alloc);
