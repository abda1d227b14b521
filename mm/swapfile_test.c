/*
 * mm/swapfile_test.c - ktest suite "swapfile": the swap header parser, the
 * slot allocator and the per-slot counts of mm/swapfile.c, and - when the
 * machine has a mkswap'd /dev/vda - swapon, one page written and read back
 * through mm/page_io.c, and swapoff bringing a process's pages back
 * (try_to_unuse; the process is the test's own mm, adopted by the test
 * thread as vmscan_test does, so that swapoff's walk of the tasks finds it).
 *
 * The allocator cases run on test areas (swap_test_area_create: in
 * swap_info[], no disk, never chosen by get_swap_page), so they need no
 * disk and leave nothing behind: each ends with swap_test_area_destroy()
 * reporting no slot in use, and nr_swap_pages as it was.  The random case
 * checks every answer against a shadow model: per slot the pte count and
 * whether the cache holds it, Linux's swap_map semantics restated in the
 * simplest way.
 */
#include "arch/x86_64/io.h"
#include "arch/x86_64/switch_to.h"
#include "drivers/block/blkdev.h"
#include "kernel/errno.h"
#include "kernel/ktest.h"
#include "kernel/random.h"
#include "kernel/string.h"
#include "kernel/sched.h"
#include "mm/gfp.h"
#include "mm/memory.h"
#include "mm/mm.h"
#include "mm/mmap.h"
#include "mm/slab.h"
#include "mm/swap.h"
#include "mm/vmalloc.h"
#include "mm/vmscan.h"
#include "mm/vmstat.h"

/* ==== the header parser ==== */

/* A header page as `mkswap` writes it for a disk of last_page + 1 pages. */
static union swap_header *make_header(u32 last_page)
{
	union swap_header *h = kzalloc(PAGE_SIZE, GFP_KERNEL);

	if (!h)
		return NULL;
	memcpy(h->magic.magic, "SWAPSPACE2", 10);
	h->info.version = 1;
	h->info.last_page = last_page;
	return h;
}

static void header_layout_is_linux(struct ktest *t)
{
	KTEST_EXPECT_EQ(t, sizeof(union swap_header), PAGE_SIZE);
	KTEST_EXPECT_EQ(t, offsetof(union swap_header, info.version), 1024);
	KTEST_EXPECT_EQ(t, offsetof(union swap_header, info.last_page), 1028);
	KTEST_EXPECT_EQ(t, offsetof(union swap_header, info.nr_badpages), 1032);
	KTEST_EXPECT_EQ(t, offsetof(union swap_header, info.badpages), 1536);
	KTEST_EXPECT_EQ(t, offsetof(union swap_header, magic.magic), PAGE_SIZE - 10);
	KTEST_EXPECT_EQ(t, MAX_SWAP_BADPAGES, 637);
}

/* mkswap on a 256 MiB disk: last_page 65535, 65535 usable slots (262140k). */
static void swap_parse_header_accepts_mkswap(struct ktest *t)
{
	union swap_header *h = make_header(65535);
	struct swap_header_info info;
	const char *why = NULL;

	KTEST_ASSERT_NOT_NULL(t, h);
	KTEST_EXPECT_EQ(t, swap_parse_header(h, 65536, &info, &why), 0);
	KTEST_EXPECT_EQ(t, info.max, 65536);
	KTEST_EXPECT_EQ(t, info.pages, 65535);
	KTEST_EXPECT_EQ(t, info.pages << (PAGE_SHIFT - 10), 262140);
	KTEST_EXPECT_FALSE(t, info.truncated);
	KTEST_EXPECT_NULL(t, why);
	kfree(h);
}

static void swap_parse_header_rejects_bad_magic(struct ktest *t)
{
	union swap_header *h = make_header(100);
	struct swap_header_info info;
	const char *why = NULL;

	KTEST_ASSERT_NOT_NULL(t, h);
	memcpy(h->magic.magic, "SWAP-SPACE", 10);	/* the old version 0 magic */
	KTEST_EXPECT_EQ(t, swap_parse_header(h, 101, &info, &why), -EINVAL);
	KTEST_EXPECT_STREQ(t, why, "no swap signature (SWAPSPACE2) found");
	memset(h, 0, PAGE_SIZE);			/* a blank disk */
	KTEST_EXPECT_EQ(t, swap_parse_header(h, 101, &info, &why), -EINVAL);
	kfree(h);
}

static void swap_parse_header_rejects_version_2(struct ktest *t)
{
	union swap_header *h = make_header(100);
	struct swap_header_info info;
	const char *why = NULL;

	KTEST_ASSERT_NOT_NULL(t, h);
	h->info.version = 2;
	KTEST_EXPECT_EQ(t, swap_parse_header(h, 101, &info, &why), -EINVAL);
	KTEST_EXPECT_NOT_NULL(t, why);
	h->info.version = 0x01000000;			/* version 1 of the other byte order */
	KTEST_EXPECT_EQ(t, swap_parse_header(h, 101, &info, &why), -EINVAL);
	h->info.version = 1;
	h->info.last_page = 0;				/* nothing but the header */
	KTEST_EXPECT_EQ(t, swap_parse_header(h, 101, &info, &why), -EINVAL);
	kfree(h);
}

/* last_page past the disk's end: the area is cut to the disk. */
static void swap_parse_header_cuts_last_page_to_disk(struct ktest *t)
{
	union swap_header *h = make_header(65535);
	struct swap_header_info info;
	const char *why = NULL;

	KTEST_ASSERT_NOT_NULL(t, h);
	KTEST_EXPECT_EQ(t, swap_parse_header(h, 1000, &info, &why), 0);
	KTEST_EXPECT_EQ(t, info.max, 1000);
	KTEST_EXPECT_EQ(t, info.pages, 999);
	KTEST_EXPECT_TRUE(t, info.truncated);
	kfree(h);
}

static void swap_parse_header_bad_pages(struct ktest *t)
{
	union swap_header *h = make_header(1023);
	struct swap_header_info info;
	const char *why = NULL;

	KTEST_ASSERT_NOT_NULL(t, h);
	h->info.nr_badpages = 3;
	h->info.badpages[0] = 5;
	h->info.badpages[1] = 700;
	h->info.badpages[2] = 1023;
	KTEST_EXPECT_EQ(t, swap_parse_header(h, 1024, &info, &why), 0);
	KTEST_EXPECT_EQ(t, info.pages, 1023 - 3);
	/* a bad page past a shorter disk does not count */
	KTEST_EXPECT_EQ(t, swap_parse_header(h, 800, &info, &why), 0);
	KTEST_EXPECT_EQ(t, info.pages, 799 - 2);
	h->info.badpages[1] = 0;			/* page 0 is the header */
	KTEST_EXPECT_EQ(t, swap_parse_header(h, 1024, &info, &why), -EINVAL);
	h->info.badpages[1] = 1024;			/* beyond last_page */
	KTEST_EXPECT_EQ(t, swap_parse_header(h, 1024, &info, &why), -EINVAL);
	h->info.badpages[1] = 700;
	h->info.nr_badpages = MAX_SWAP_BADPAGES + 1;
	KTEST_EXPECT_EQ(t, swap_parse_header(h, 1024, &info, &why), -EINVAL);
	kfree(h);
}

/* An area built from a header never hands out slot 0 or a bad page. */
static void swap_area_skips_bad_pages(struct ktest *t)
{
	union swap_header *h = make_header(63);
	long nr_before = nr_swap_pages;
	struct swap_info_struct *si;
	unsigned int n = 0;
	swp_entry_t e;

	KTEST_ASSERT_NOT_NULL(t, h);
	h->info.nr_badpages = 2;
	h->info.badpages[0] = 1;
	h->info.badpages[1] = 40;
	si = swap_test_area_from_header(h, 64);
	kfree(h);
	KTEST_ASSERT_NOT_NULL(t, si);
	KTEST_EXPECT_EQ(t, si->pages, 61);
	while ((e = get_swap_page_of_type(si->type)).val) {
		KTEST_EXPECT_NE(t, swp_offset(e), 0);
		KTEST_EXPECT_NE(t, swp_offset(e), 1);
		KTEST_EXPECT_NE(t, swp_offset(e), 40);
		KTEST_EXPECT_LT(t, swp_offset(e), 64);
		n++;
	}
	KTEST_EXPECT_EQ(t, n, 61);
	KTEST_EXPECT_EQ(t, swap_area_check(si), 0);
	for (unsigned int off = 2; off < 64; off++)
		if (off != 40)
			put_swap_page(swp_entry(si->type, off));
	KTEST_EXPECT_EQ(t, swap_test_area_destroy(si), 0);
	KTEST_EXPECT_EQ(t, nr_swap_pages, nr_before);
}

/* ==== the allocator ==== */

/* Slots come in clusters: an empty area hands out consecutive slots. */
static void get_swap_page_is_sequential_in_a_cluster(struct ktest *t)
{
	struct swap_info_struct *si = swap_test_area_create(4 * SWAP_CLUSTER_PAGES);
	unsigned long first, i;
	swp_entry_t e;

	KTEST_ASSERT_NOT_NULL(t, si);
	e = get_swap_page_of_type(si->type);
	first = swp_offset(e);
	KTEST_EXPECT_NE(t, first, 0);
	for (i = 1; i < SWAP_CLUSTER_PAGES / 2; i++) {
		e = get_swap_page_of_type(si->type);
		KTEST_EXPECT_EQ(t, swp_offset(e), first + i);
		KTEST_EXPECT_EQ(t, swp_type(e), si->type);
	}
	for (i = 0; i < SWAP_CLUSTER_PAGES / 2; i++)
		put_swap_page(swp_entry(si->type, first + i));
	KTEST_EXPECT_EQ(t, swap_area_check(si), 0);
	KTEST_EXPECT_EQ(t, swap_test_area_destroy(si), 0);
}

/*
 * A new run starts in a wholly free aligned cluster, not in a hole that
 * frees left behind: pages swapped out together stay together.
 */
static void get_swap_page_new_cluster_skips_holes(struct ktest *t)
{
	struct swap_info_struct *si = swap_test_area_create(4 * SWAP_CLUSTER_PAGES);
	unsigned long first = 0, off, i;
	swp_entry_t e;

	KTEST_ASSERT_NOT_NULL(t, si);
	for (i = 0; i < SWAP_CLUSTER_PAGES; i++) {
		e = get_swap_page_of_type(si->type);
		KTEST_ASSERT_NE(t, e.val, 0);
		if (i == 0)
			first = swp_offset(e);
	}
	KTEST_EXPECT_EQ(t, first % SWAP_CLUSTER_PAGES, 0);	/* a whole cluster */
	put_swap_page(swp_entry(si->type, first + 10));		/* a hole in the run */
	e = get_swap_page_of_type(si->type);			/* the run is used up */
	off = swp_offset(e);
	KTEST_EXPECT_EQ(t, off % SWAP_CLUSTER_PAGES, 0);
	KTEST_EXPECT_NE(t, off, first);
	put_swap_page(e);
	for (i = 0; i < SWAP_CLUSTER_PAGES; i++)
		if (i != 10)
			put_swap_page(swp_entry(si->type, first + i));
	KTEST_EXPECT_EQ(t, swap_area_check(si), 0);
	KTEST_EXPECT_EQ(t, swap_test_area_destroy(si), 0);
}

/* A full area says so; one slot freed is the next one handed out. */
static void get_swap_page_full_area(struct ktest *t)
{
	struct swap_info_struct *si = swap_test_area_create(100);
	unsigned int n = 0, off;
	swp_entry_t e;

	KTEST_ASSERT_NOT_NULL(t, si);
	while (get_swap_page_of_type(si->type).val)
		n++;
	KTEST_EXPECT_EQ(t, n, 99);
	KTEST_EXPECT_EQ(t, si->inuse_pages, 99);
	put_swap_page(swp_entry(si->type, 57));
	e = get_swap_page_of_type(si->type);
	KTEST_EXPECT_EQ(t, swp_offset(e), 57);
	KTEST_EXPECT_EQ(t, get_swap_page_of_type(si->type).val, 0);
	for (off = 1; off < 100; off++)
		put_swap_page(swp_entry(si->type, off));
	KTEST_EXPECT_EQ(t, swap_area_check(si), 0);
	KTEST_EXPECT_EQ(t, swap_test_area_destroy(si), 0);
}

/* The counts: ptes and the cache hold a slot together; the last one frees it. */
static void swap_counts_free_slot_when_last_goes(struct ktest *t)
{
	struct swap_info_struct *si = swap_test_area_create(16);
	swp_entry_t e;

	KTEST_ASSERT_NOT_NULL(t, si);
	e = get_swap_page_of_type(si->type);		/* the cache's */
	KTEST_EXPECT_EQ(t, __swap_count(e), 0);
	KTEST_EXPECT_EQ(t, swap_duplicate(e), 0);	/* two ptes */
	KTEST_EXPECT_EQ(t, swap_duplicate(e), 0);
	KTEST_EXPECT_EQ(t, __swap_count(e), 2);
	KTEST_EXPECT_EQ(t, swapcache_prepare(e), -EEXIST);
	put_swap_page(e);				/* the page left the cache */
	KTEST_EXPECT_EQ(t, si->inuse_pages, 1);
	KTEST_EXPECT_EQ(t, swapcache_prepare(e), 0);	/* a fault reads it back */
	put_swap_page(e);
	swap_free(e);
	KTEST_EXPECT_EQ(t, __swap_count(e), 1);
	swap_free(e);
	KTEST_EXPECT_EQ(t, __swap_count(e), 0);
	KTEST_EXPECT_EQ(t, si->inuse_pages, 0);
	KTEST_EXPECT_EQ(t, swapcache_prepare(e), -ENOENT);	/* free: the pte changed */
	KTEST_EXPECT_EQ(t, swap_area_check(si), 0);
	KTEST_EXPECT_EQ(t, swap_test_area_destroy(si), 0);
}

/* More ptes than SWAP_MAP_MAX: the count sticks (the slot stays until swapoff). */
static void swap_duplicate_saturates(struct ktest *t)
{
	struct swap_info_struct *si = swap_test_area_create(16);
	swp_entry_t e;
	int i;

	KTEST_ASSERT_NOT_NULL(t, si);
	e = get_swap_page_of_type(si->type);
	for (i = 0; i < SWAP_MAP_MAX + 5; i++)
		KTEST_EXPECT_EQ(t, swap_duplicate(e), 0);
	KTEST_EXPECT_EQ(t, __swap_count(e), SWAP_MAP_MAX);
	put_swap_page(e);
	for (i = 0; i < SWAP_MAP_MAX + 5; i++)
		swap_free(e);
	KTEST_EXPECT_EQ(t, __swap_count(e), SWAP_MAP_MAX);
	KTEST_EXPECT_EQ(t, swap_test_area_destroy(si), 1);
}

/* ---- the shadow model ---- */

#define MODEL_SLOTS	1024
#define MODEL_OPS	30000

struct model_slot {
	unsigned char ptes;	/* swap ptes referring to the slot */
	bool cache;		/* SWAP_HAS_CACHE */
};

struct model {
	struct swap_info_struct *si;
	struct model_slot *slot;	/* [MODEL_SLOTS] */
	unsigned int used;		/* slots with anything */
};

static u32 model_rand(u64 *state)
{
	*state = *state * 6364136223846793005ULL + 1442695040888963407ULL;
	return *state >> 33;
}

/* One random operation, checked against the model. */
static void model_step(struct ktest *t, struct model *m, u64 *rng)
{
	unsigned int off = 1 + model_rand(rng) % (MODEL_SLOTS - 1);
	struct model_slot *s = &m->slot[off];
	swp_entry_t e = swp_entry(m->si->type, off);
	bool in_use = s->ptes || s->cache;

	switch (model_rand(rng) % 5) {
	case 0:	/* get_swap_page: any free slot, count SWAP_HAS_CACHE */
		e = get_swap_page_of_type(m->si->type);
		if (m->used == MODEL_SLOTS - 1) {
			KTEST_EXPECT_EQ(t, e.val, 0);
			break;
		}
		KTEST_ASSERT_NE(t, e.val, 0);
		s = &m->slot[swp_offset(e)];
		KTEST_EXPECT_FALSE(t, s->ptes || s->cache);
		s->cache = true;
		m->used++;
		break;
	case 1:	/* swap_duplicate: a pte more (only for a slot in use) */
		if (!in_use || s->ptes >= SWAP_MAP_MAX - 1)
			break;
		KTEST_EXPECT_EQ(t, swap_duplicate(e), 0);
		s->ptes++;
		break;
	case 2:	/* swap_free */
		if (!s->ptes)
			break;
		swap_free(e);
		s->ptes--;
		m->used -= !s->ptes && !s->cache;
		break;
	case 3:	/* swapcache_prepare */
		KTEST_EXPECT_EQ(t, swapcache_prepare(e),
				!in_use ? -ENOENT : s->cache ? -EEXIST : 0);
		s->cache = in_use;
		break;
	case 4:	/* put_swap_page */
		if (!s->cache)
			break;
		put_swap_page(e);
		s->cache = false;
		m->used -= !s->ptes;
		break;
	}
	KTEST_EXPECT_EQ(t, __swap_count(swp_entry(m->si->type, off)), m->slot[off].ptes);
}

/* Random get/dup/free/prepare/put against the shadow model; every count and the invariants agree. */
static void swap_map_matches_shadow_model(struct ktest *t)
{
	struct model m = { .si = swap_test_area_create(MODEL_SLOTS) };
	long nr_before = nr_swap_pages;
	u64 rng = 0x5eed;
	unsigned int i, off;

	KTEST_ASSERT_NOT_NULL(t, m.si);
	m.slot = vzalloc(MODEL_SLOTS * sizeof(*m.slot));
	KTEST_ASSERT_NOT_NULL(t, m.slot);
	for (i = 0; i < MODEL_OPS && !t->failed; i++) {
		model_step(t, &m, &rng);
		if (i % 1000 == 0) {
			KTEST_EXPECT_EQ(t, swap_area_check(m.si), 0);
			KTEST_EXPECT_EQ(t, m.si->inuse_pages, m.used);
		}
	}
	KTEST_EXPECT_EQ(t, m.si->inuse_pages, m.used);
	for (off = 1; off < MODEL_SLOTS; off++) {
		for (; m.slot[off].ptes; m.slot[off].ptes--)
			swap_free(swp_entry(m.si->type, off));
		if (m.slot[off].cache)
			put_swap_page(swp_entry(m.si->type, off));
	}
	KTEST_EXPECT_EQ(t, swap_area_check(m.si), 0);
	KTEST_EXPECT_EQ(t, swap_test_area_destroy(m.si), 0);
	KTEST_EXPECT_EQ(t, nr_swap_pages, nr_before);
	vfree(m.slot);
}

/* ==== with a disk ==== */

/* The disk, if it carries mkswap's signature; else the case is skipped. */
static struct block_device *swap_disk_or_skip(struct ktest *t)
{
	struct block_device *bdev = blkdev_get_by_name("/dev/vda");
	union swap_header *h;
	bool ok;

	if (!bdev)
		ktest_skip(t, "no /dev/vda (boot with a mkswap'd --disk)");
	h = kmalloc(PAGE_SIZE, GFP_KERNEL);
	KTEST_ASSERT_NOT_NULL(t, h);
	ok = !blkdev_read(bdev, 0, h, PAGE_SIZE) && !memcmp(h->magic.magic, "SWAPSPACE2", 10);
	kfree(h);
	if (!ok)
		ktest_skip(t, "/dev/vda has no swap signature");
	return bdev;
}

/*
 * swapon, a page written to a slot and read back into another page, the
 * counters, swapoff (nothing mapped from the area: it only has to drop
 * the cache), and swapon again is -EBUSY-free.
 */
static void swapon_page_io_swapoff(struct ktest *t)
{
	struct page *a, *b;
	long free_before = get_nr_swap_pages();
	unsigned long total_before = total_swap_pages;
	unsigned long out_before = vm_event_count(PSWPOUT), in_before = vm_event_count(PSWPIN);
	swp_entry_t e;
	unsigned int i;

	swap_disk_or_skip(t);
	KTEST_ASSERT_EQ(t, do_swapon("/dev/vda", 0), 0);
	KTEST_EXPECT_EQ(t, do_swapon("/dev/vda", 0), -EBUSY);
	KTEST_EXPECT_GT(t, total_swap_pages, total_before);
	KTEST_EXPECT_EQ(t, get_nr_swap_pages(), free_before + (long)(total_swap_pages - total_before));
	a = alloc_page(GFP_KERNEL);
	b = alloc_page(GFP_KERNEL);
	e = get_swap_page();
	if (a && b && e.val) {
		for (i = 0; i < PAGE_SIZE / 8; i++)
			((u64 *)page_address(a))[i] = e.val * 31 + i;
		memset(page_address(b), 0, PAGE_SIZE);
		a->private = e.val;
		b->private = e.val;
		KTEST_EXPECT_EQ(t, swap_writepage(a), 0);
		KTEST_EXPECT_EQ(t, swap_readpage(b), 0);
		KTEST_EXPECT_TRUE(t, PageUptodate(b));
		KTEST_EXPECT_EQ(t, memcmp(page_address(a), page_address(b), PAGE_SIZE), 0);
		KTEST_EXPECT_EQ(t, vm_event_count(PSWPOUT), out_before + 1);
		KTEST_EXPECT_EQ(t, vm_event_count(PSWPIN), in_before + 1);
		a->private = b->private = 0;
		ClearPageUptodate(b);
	}
	KTEST_EXPECT_NE(t, e.val, 0);
	if (e.val)
		put_swap_page(e);
	if (a)
		__free_page(a);
	if (b)
		__free_page(b);
	KTEST_EXPECT_EQ(t, do_swapoff("/dev/vda"), 0);
	KTEST_EXPECT_EQ(t, do_swapoff("/dev/vda"), -EINVAL);
	KTEST_EXPECT_EQ(t, total_swap_pages, total_before);
	KTEST_EXPECT_EQ(t, get_nr_swap_pages(), free_before);
}

#define UNUSE_BASE	0x20000000UL	/* a quiet, 2 MiB-aligned address */
#define UNUSE_PAGES	16

static void unuse_fill(char *buf, unsigned long seed)
{
	for (unsigned long i = 0; i < PAGE_SIZE; i++)
		buf[i] = (char)(seed * 37 + i * 11 + (i >> 9));
}

static struct page *unuse_page_at(struct mm_struct *mm, unsigned long addr)
{
	pte_t *ptep = follow_pte(mm, addr);

	return ptep && pte_present(*ptep) ? pfn_to_page(pte_pfn(*ptep)) : NULL;
}

/*
 * unuse_use_mm / unuse_unuse_mm - Linux's kthread_use_mm and
 * kthread_unuse_mm: the test thread takes mm as its own (swapoff walks the
 * tasks' mms), and gives it back.  Giving it back must also load other
 * page tables: the thread sleeps in swapoff's I/O, the scheduler then
 * loads mm's (it is current->mm), and they are freed with mm.
 */
static void unuse_use_mm(struct mm_struct *mm)
{
	current->mm = mm;
}

static void unuse_unuse_mm(struct mm_struct *saved)
{
	unsigned long flags = arch_local_irq_save();

	switch_mm(current->active_mm, saved);
	current->mm = saved;
	current->active_mm = saved;
	arch_local_irq_restore(flags);
}

/*
 * Reclaim's steps by hand: page into the swap cache, unmapped, written;
 * out of the cache too if drop (else it stays there, clean - as between
 * pageout and __remove_mapping).
 */
static void unuse_swap_out(struct ktest *t, struct page *page, bool drop)
{
	get_page(page);
	KTEST_ASSERT_TRUE(t, trylock_page(page));
	KTEST_EXPECT_TRUE(t, add_to_swap(page));
	KTEST_EXPECT_TRUE(t, try_to_unmap(page));
	KTEST_EXPECT_EQ(t, swap_writepage(page), 0);
	if (drop)
		delete_from_swap_cache(page);
	unlock_page(page);
	put_page(page);
}

/*
 * swapoff with every page of a process on the disk - half only there,
 * half also still in the swap cache: each pte maps its page again with
 * its data, the RSS counters move back, the cache lets go, the area is
 * gone from the counters.
 */
static void swapoff_brings_every_page_back(struct ktest *t)
{
	static char buf[PAGE_SIZE], got[PAGE_SIZE];
	unsigned long cached_before = total_swapcache_pages();
	struct mm_struct *mm, *saved = current->mm;
	unsigned long addr;
	int i;

	swap_disk_or_skip(t);
	if (total_swap_pages)
		ktest_skip(t, "swap is already on: not turning it off under its users");
	KTEST_ASSERT_EQ(t, do_swapon("/dev/vda", 0), 0);
	mm = mm_alloc();
	KTEST_ASSERT_NOT_NULL(t, mm);
	KTEST_ASSERT_EQ(t, __do_mmap(mm, NULL, UNUSE_BASE, UNUSE_PAGES * PAGE_SIZE,
				     PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED,
				     0, 0), UNUSE_BASE);
	for (i = 0, addr = UNUSE_BASE; i < UNUSE_PAGES; i++, addr += PAGE_SIZE) {
		unuse_fill(buf, i);
		KTEST_ASSERT_EQ(t, access_remote_vm(mm, addr, buf, PAGE_SIZE, FOLL_WRITE), PAGE_SIZE);
	}
	unuse_use_mm(mm);
	for (i = 0, addr = UNUSE_BASE; i < UNUSE_PAGES; i++, addr += PAGE_SIZE) {
		struct page *page = unuse_page_at(mm, addr);

		KTEST_ASSERT_NOT_NULL(t, page);
		unuse_swap_out(t, page, i & 1);
		KTEST_EXPECT_TRUE(t, is_swap_pte(*follow_pte(mm, addr)));
	}
	KTEST_EXPECT_EQ(t, get_mm_counter(mm, MM_SWAPENTS), UNUSE_PAGES);
	KTEST_EXPECT_EQ(t, get_mm_counter(mm, MM_ANONPAGES), 0);

	KTEST_EXPECT_EQ(t, do_swapoff("/dev/vda"), 0);
	KTEST_EXPECT_EQ(t, total_swap_pages, 0);
	KTEST_EXPECT_EQ(t, get_nr_swap_pages(), 0);
	KTEST_EXPECT_EQ(t, total_swapcache_pages(), cached_before);
	KTEST_EXPECT_EQ(t, get_mm_counter(mm, MM_SWAPENTS), 0);
	KTEST_EXPECT_EQ(t, get_mm_counter(mm, MM_ANONPAGES), UNUSE_PAGES);
	for (i = 0, addr = UNUSE_BASE; i < UNUSE_PAGES; i++, addr += PAGE_SIZE) {
		KTEST_EXPECT_NOT_NULL(t, unuse_page_at(mm, addr));
		unuse_fill(buf, i);
		KTEST_EXPECT_EQ(t, access_remote_vm(mm, addr, got, PAGE_SIZE, 0), PAGE_SIZE);
		KTEST_EXPECT_EQ(t, memcmp(got, buf, PAGE_SIZE), 0);
	}
	/* a write now reuses the page: it is this mm's alone again */
	KTEST_EXPECT_EQ(t, access_remote_vm(mm, UNUSE_BASE, buf, PAGE_SIZE, FOLL_WRITE), PAGE_SIZE);
	KTEST_EXPECT_TRUE(t, pte_write(*follow_pte(mm, UNUSE_BASE)));
	unuse_unuse_mm(saved);
	mmput(mm);
}

static struct ktest_case swapfile_cases[] = {
	KTEST_CASE(header_layout_is_linux),
	KTEST_CASE(swap_parse_header_accepts_mkswap),
	KTEST_CASE(swap_parse_header_rejects_bad_magic),
	KTEST_CASE(swap_parse_header_rejects_version_2),
	KTEST_CASE(swap_parse_header_cuts_last_page_to_disk),
	KTEST_CASE(swap_parse_header_bad_pages),
	KTEST_CASE(swap_area_skips_bad_pages),
	KTEST_CASE(get_swap_page_is_sequential_in_a_cluster),
	KTEST_CASE(get_swap_page_new_cluster_skips_holes),
	KTEST_CASE(get_swap_page_full_area),
	KTEST_CASE(swap_counts_free_slot_when_last_goes),
	KTEST_CASE(swap_duplicate_saturates),
	KTEST_CASE(swap_map_matches_shadow_model),
	KTEST_CASE(swapon_page_io_swapoff),
	KTEST_CASE(swapoff_brings_every_page_back),
	{}
};
KTEST_SUITE(swapfile, swapfile_cases);
