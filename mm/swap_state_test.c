/*
 * mm/swap_state_test.c - ktest suite "swap_cache": the swap cache
 * (mm/swap_state.c) and the swap paths of the VM that use it (mm/rmap.c's
 * try_to_unmap, mm/memory.c's do_swap_page, fork's copy of a swap pte,
 * zap), and - with a swap disk (/dev/vda, turned on by the case if it is
 * not on) - pages swapped out and in through reclaim, the disk and
 * readahead.
 *
 * The cases without a disk use a test area (swap_test_area_create, mm/
 * swapfile.c): a swap_map with no disk behind it, whose slots come from
 * get_swap_page_of_type.  No I/O may happen on it, so those cases only
 * ever take the paths where the page is found in the swap cache - which
 * are exactly the ones worth checking by hand: the COW-shared page that is
 * read once, the slot freed when its last user writes.
 *
 * Cases that need the reverse map adopt their mm as the test thread's own
 * (as mm/vmscan_test.c does).  Each case ends with the free pages, the
 * test area's slots and the swap cache's size where it started.
 */
#include "arch/x86_64/io.h"
#include "arch/x86_64/pgtable.h"
#include "arch/x86_64/switch_to.h"
#include "kernel/errno.h"
#include "kernel/ktest.h"
#include "kernel/sched.h"
#include "kernel/string.h"
#include "mm/memory.h"
#include "mm/mm.h"
#include "mm/mmap.h"
#include "mm/mmzone.h"
#include "mm/swap.h"
#include "mm/vmscan.h"
#include "mm/vmstat.h"

#define BASE		0x30000000UL	/* a quiet, 2 MiB-aligned address */
#define AREA_SLOTS	64
#define MODEL_PAGES	24

static unsigned long free_now(void)
{
	drain_local_pages();
	return nr_free_pages();
}

/* A small deterministic generator (the model test must replay the same way). */
static unsigned long lcg_next(unsigned long *state)
{
	*state = *state * 6364136223846793005UL + 1442695040888963407UL;
	return *state >> 33;
}

/* ==== the cache alone, against a shadow model ==== */

struct model {
	struct swap_info_struct *si;
	struct page *page[AREA_SLOTS];	/* the model: slot -> the page the cache should give */
	unsigned long nr;		/* pages in the model */
};

/* Take a slot and put a fresh page in the cache under it; false if none is left. */
static bool model_add(struct ktest *t, struct model *m)
{
	swp_entry_t entry = get_swap_page_of_type(m->si->type);
	struct page *page;

	if (!entry.val)
		return false;
	page = alloc_page(GFP_KERNEL);
	KTEST_ASSERT_NOT_NULL(t, page);
	KTEST_ASSERT_TRUE(t, trylock_page(page));
	KTEST_EXPECT_EQ(t, add_to_swap_cache(page, entry, GFP_KERNEL), 0);
	unlock_page(page);
	put_page(page);			/* the cache's reference keeps it */
	KTEST_EXPECT_NULL(t, m->page[swp_offset(entry)]);
	m->page[swp_offset(entry)] = page;
	m->nr++;
	return true;
}

/* Take the page of slot off out of the cache: its page is freed, its slot too. */
static void model_delete(struct model *m, unsigned long off)
{
	struct page *page = m->page[off];

	get_page(page);
	lock_page(page);
	delete_from_swap_cache(page);
	unlock_page(page);
	put_page(page);
	m->page[off] = NULL;
	m->nr--;
}

/* Every slot of the area gives what the model says; the counts agree. */
static void model_check(struct ktest *t, struct model *m, unsigned long cached_before)
{
	for (unsigned long off = 1; off < AREA_SLOTS; off++) {
		swp_entry_t entry = swp_entry(m->si->type, off);
		struct page *page = lookup_swap_cache(entry);

		KTEST_EXPECT_TRUE(t, page == m->page[off]);
		if (page) {
			KTEST_EXPECT_TRUE(t, PageSwapCache(page));
			KTEST_EXPECT_EQ(t, page->private, entry.val);
			KTEST_EXPECT_EQ(t, page_count(page), 2);	/* the cache's and ours */
			KTEST_EXPECT_EQ(t, swapcache_prepare(entry), -EEXIST);
			put_page(page);
		} else {
			KTEST_EXPECT_EQ(t, swapcache_prepare(entry), -ENOENT);	/* free */
		}
	}
	KTEST_EXPECT_EQ(t, total_swapcache_pages(), cached_before + m->nr);
	KTEST_EXPECT_EQ(t, m->si->inuse_pages, m->nr);
}

static void swap_cache_add_lookup_delete_match_a_shadow_model(struct ktest *t)
{
	unsigned long free_before = free_now(), cached = total_swapcache_pages();
	unsigned long nr_cached = global_node_page_state(NR_SWAPCACHE);
	struct swap_cache_stats before, after;
	struct model m = { 0 };
	unsigned long seed = 7, adds = 0, dels = 0;

	m.si = swap_test_area_create(AREA_SLOTS);
	KTEST_ASSERT_NOT_NULL(t, m.si);
	swap_cache_info(&before);
	for (int step = 0; step < 400 && !t->failed; step++) {
		unsigned long r = lcg_next(&seed);

		if (r % 3 != 0 && m.nr < MODEL_PAGES) {
			adds += model_add(t, &m);
		} else if (m.nr) {
			unsigned long off = 1 + r % (AREA_SLOTS - 1);

			while (!m.page[off])
				off = off % (AREA_SLOTS - 1) + 1;
			model_delete(&m, off);
			dels++;
		}
		if (step % 40 == 0)
			model_check(t, &m, cached);
	}
	model_check(t, &m, cached);
	KTEST_EXPECT_EQ(t, global_node_page_state(NR_SWAPCACHE), nr_cached + m.nr);
	for (unsigned long off = 1; off < AREA_SLOTS; off++)
		if (m.page[off]) {
			model_delete(&m, off);
			dels++;
		}
	swap_cache_info(&after);
	KTEST_EXPECT_EQ(t, after.add_total - before.add_total, adds);
	KTEST_EXPECT_EQ(t, after.del_total - before.del_total, dels);
	KTEST_EXPECT_TRUE(t, adds > 100);
	KTEST_EXPECT_EQ(t, total_swapcache_pages(), cached);
	KTEST_EXPECT_EQ(t, swap_test_area_destroy(m.si), 0);
	KTEST_EXPECT_EQ(t, free_now(), free_before);
}

static void add_to_swap_cache_refuses_a_second_page_for_an_entry(struct ktest *t)
{
	unsigned long free_before = free_now();
	struct swap_info_struct *si = swap_test_area_create(8);
	struct page *a, *b;
	swp_entry_t entry;

	KTEST_ASSERT_NOT_NULL(t, si);
	entry = get_swap_page_of_type(si->type);
	KTEST_ASSERT_TRUE(t, entry.val != 0);
	a = alloc_page(GFP_KERNEL);
	b = alloc_page(GFP_KERNEL);
	KTEST_ASSERT_TRUE(t, a && b);
	trylock_page(a);
	trylock_page(b);
	KTEST_EXPECT_EQ(t, add_to_swap_cache(a, entry, GFP_KERNEL), 0);
	KTEST_EXPECT_EQ(t, add_to_swap_cache(b, entry, GFP_KERNEL), -EEXIST);
	KTEST_EXPECT_FALSE(t, PageSwapCache(b));
	KTEST_EXPECT_EQ(t, page_count(b), 1);
	delete_from_swap_cache(a);
	KTEST_EXPECT_FALSE(t, PageSwapCache(a));
	KTEST_EXPECT_EQ(t, page_count(a), 1);
	KTEST_EXPECT_NULL(t, lookup_swap_cache(entry));
	unlock_page(a);
	unlock_page(b);
	__free_page(a);
	__free_page(b);
	KTEST_EXPECT_EQ(t, swap_test_area_destroy(si), 0);	/* the slot went with the page */
	KTEST_EXPECT_EQ(t, free_now(), free_before);
}

/* free_swap_cache keeps a page whose slot a swap pte still names, drops it after. */
static void free_swap_cache_waits_for_the_last_swap_pte(struct ktest *t)
{
	unsigned long free_before = free_now();
	struct swap_info_struct *si = swap_test_area_create(8);
	struct page *page;
	swp_entry_t entry;

	KTEST_ASSERT_NOT_NULL(t, si);
	entry = get_swap_page_of_type(si->type);
	page = alloc_page(GFP_KERNEL);
	KTEST_ASSERT_TRUE(t, entry.val && page);
	trylock_page(page);
	KTEST_ASSERT_EQ(t, add_to_swap_cache(page, entry, GFP_KERNEL), 0);
	unlock_page(page);
	KTEST_EXPECT_EQ(t, swap_duplicate(entry), 0);	/* as a swap pte would */
	free_swap_cache(page);
	KTEST_EXPECT_TRUE(t, PageSwapCache(page));
	swap_free(entry);				/* the pte is gone */
	free_swap_cache(page);
	KTEST_EXPECT_FALSE(t, PageSwapCache(page));
	KTEST_EXPECT_EQ(t, page_count(page), 1);
	put_page(page);
	KTEST_EXPECT_EQ(t, swap_test_area_destroy(si), 0);
	KTEST_EXPECT_EQ(t, free_now(), free_before);
}

/* ==== the VM's swap paths, through the cache ==== */

/*
 * unuse_mm - give up the adopted mm (Linux's kthread_unuse_mm).  A case
 * that slept on disk I/O came back through context_switch, which loaded
 * the adopted mm's page tables into CR3 and made it active_mm: switch back
 * to saved's (NULL: the kernel's) before the mm can be freed, or CR3 would
 * point at a freed pgd.
 */
static void unuse_mm(struct mm_struct *saved)
{
	unsigned long flags = arch_local_irq_save();

	current->mm = saved;
	if (current->active_mm != saved) {
		switch_mm(current->active_mm, saved);
		current->active_mm = saved;
	}
	arch_local_irq_restore(flags);
}

struct vm_case {
	struct swap_info_struct *si;
	struct mm_struct *mm, *saved_mm;
	unsigned long free_before;
	long swapents_before;
};

static void fill(char *buf, unsigned long seed)
{
	for (unsigned long i = 0; i < PAGE_SIZE; i++)
		buf[i] = (char)(seed * 131 + i * 7 + (i >> 8));
}

/* An mm with one written anonymous page at BASE (pattern seed), adopted by current. */
static void vm_case_setup(struct ktest *t, struct vm_case *c, char *buf)
{
	c->free_before = free_now();
	c->si = swap_test_area_create(16);
	KTEST_ASSERT_NOT_NULL(t, c->si);
	c->mm = mm_alloc();
	KTEST_ASSERT_NOT_NULL(t, c->mm);
	KTEST_ASSERT_EQ(t, __do_mmap(c->mm, NULL, BASE, PAGE_SIZE, PROT_READ | PROT_WRITE,
				     MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, 0, 0), BASE);
	fill(buf, 1);
	KTEST_ASSERT_EQ(t, access_remote_vm(c->mm, BASE, buf, PAGE_SIZE, FOLL_WRITE), PAGE_SIZE);
	c->saved_mm = current->mm;
	current->mm = c->mm;		/* kthread_use_mm: the reverse map walks tasks' mms */
}

static struct page *page_at(struct mm_struct *mm)
{
	pte_t *ptep = follow_pte(mm, BASE);

	return ptep && pte_present(*ptep) ? pfn_to_page(pte_pfn(*ptep)) : NULL;
}

/* Reclaim's first steps by hand on the test area: into the cache, every pte unmapped. */
static struct page *swap_out_to_cache(struct ktest *t, struct vm_case *c, swp_entry_t *entry)
{
	struct page *page = page_at(c->mm);

	KTEST_ASSERT_NOT_NULL(t, page);
	*entry = get_swap_page_of_type(c->si->type);
	KTEST_ASSERT_TRUE(t, entry->val != 0);
	KTEST_ASSERT_TRUE(t, trylock_page(page));
	KTEST_EXPECT_EQ(t, add_to_swap_cache(page, *entry, GFP_KERNEL), 0);
	SetPageUptodate(page);
	SetPageDirty(page);
	KTEST_EXPECT_TRUE(t, try_to_unmap(page));
	unlock_page(page);
	return page;
}

static void vm_case_teardown(struct ktest *t, struct vm_case *c)
{
	unuse_mm(c->saved_mm);
	mmput(c->mm);
	KTEST_EXPECT_EQ(t, swap_test_area_destroy(c->si), 0);
	KTEST_EXPECT_EQ(t, free_now(), c->free_before);
}

/*
 * try_to_unmap leaves the swap entry in the pte and moves the RSS to
 * MM_SWAPENTS; a read fault maps the very same page back from the cache
 * (no I/O, not a major fault), read-only and still cached; a write then
 * frees the slot and reuses the page (no copy).
 */
static void unmap_then_fault_maps_the_cached_page_back(struct ktest *t)
{
	unsigned long majflt = vm_event_count(PGMAJFAULT);
	static char buf[PAGE_SIZE], got[PAGE_SIZE];
	struct vm_case c;
	swp_entry_t entry;
	struct page *page;
	pte_t *ptep;

	vm_case_setup(t, &c, buf);
	page = swap_out_to_cache(t, &c, &entry);
	ptep = follow_pte(c.mm, BASE);
	KTEST_ASSERT_TRUE(t, ptep && is_swap_pte(*ptep));
	KTEST_EXPECT_EQ(t, pte_to_swp_entry(*ptep).val, entry.val);
	KTEST_EXPECT_EQ(t, get_mm_counter(c.mm, MM_ANONPAGES), 0);
	KTEST_EXPECT_EQ(t, get_mm_counter(c.mm, MM_SWAPENTS), 1);
	KTEST_EXPECT_EQ(t, page_mapcount(page), 0);
	KTEST_EXPECT_EQ(t, page_count(page), 1);		/* the cache's alone */
	KTEST_EXPECT_EQ(t, __swap_count(entry), 1);

	KTEST_EXPECT_EQ(t, access_remote_vm(c.mm, BASE, got, PAGE_SIZE, 0), PAGE_SIZE);
	KTEST_EXPECT_EQ(t, memcmp(got, buf, PAGE_SIZE), 0);
	KTEST_EXPECT_TRUE(t, page_at(c.mm) == page);
	KTEST_EXPECT_FALSE(t, pte_write(*follow_pte(c.mm, BASE)));
	KTEST_EXPECT_TRUE(t, PageSwapCache(page));
	KTEST_EXPECT_TRUE(t, PageAnon(page));
	KTEST_EXPECT_EQ(t, __swap_count(entry), 0);
	KTEST_EXPECT_EQ(t, get_mm_counter(c.mm, MM_ANONPAGES), 1);
	KTEST_EXPECT_EQ(t, get_mm_counter(c.mm, MM_SWAPENTS), 0);
	KTEST_EXPECT_EQ(t, vm_event_count(PGMAJFAULT), majflt);

	fill(buf, 2);
	KTEST_EXPECT_EQ(t, access_remote_vm(c.mm, BASE, buf, PAGE_SIZE, FOLL_WRITE), PAGE_SIZE);
	KTEST_EXPECT_TRUE(t, page_at(c.mm) == page);		/* reused, not copied */
	KTEST_EXPECT_FALSE(t, PageSwapCache(page));
	KTEST_EXPECT_EQ(t, c.si->inuse_pages, 0);
	vm_case_teardown(t, &c);
}

/*
 * COW fork of a swap pte: the child's pte names the same slot (two counts).
 * The parent's write copies (the slot is still the child's); the child's
 * read then finds the ORIGINAL page in the cache - read once - and its
 * write takes it over and frees the slot.
 */
static void fork_shares_the_swap_entry_and_the_cached_page(struct ktest *t)
{
	static char buf[PAGE_SIZE], got[PAGE_SIZE];
	struct mm_struct *child;
	struct vm_case c;
	swp_entry_t entry;
	struct page *page;

	vm_case_setup(t, &c, buf);
	page = swap_out_to_cache(t, &c, &entry);
	child = mm_alloc();
	KTEST_ASSERT_NOT_NULL(t, child);
	KTEST_ASSERT_EQ(t, dup_mmap(child, c.mm), 0);
	KTEST_EXPECT_EQ(t, __swap_count(entry), 2);
	KTEST_EXPECT_EQ(t, get_mm_counter(child, MM_SWAPENTS), 1);

	fill(got, 3);
	KTEST_EXPECT_EQ(t, access_remote_vm(c.mm, BASE, got, PAGE_SIZE, FOLL_WRITE), PAGE_SIZE);
	KTEST_EXPECT_TRUE(t, page_at(c.mm) != page);		/* the parent got a copy */
	KTEST_EXPECT_TRUE(t, PageSwapCache(page));
	KTEST_EXPECT_EQ(t, __swap_count(entry), 1);

	KTEST_EXPECT_EQ(t, access_remote_vm(child, BASE, got, PAGE_SIZE, 0), PAGE_SIZE);
	KTEST_EXPECT_EQ(t, memcmp(got, buf, PAGE_SIZE), 0);	/* the data before the fork */
	KTEST_EXPECT_TRUE(t, page_at(child) == page);		/* read once: the same page */
	fill(buf, 4);
	KTEST_EXPECT_EQ(t, access_remote_vm(child, BASE, buf, PAGE_SIZE, FOLL_WRITE), PAGE_SIZE);
	KTEST_EXPECT_TRUE(t, page_at(child) == page);
	KTEST_EXPECT_FALSE(t, PageSwapCache(page));
	KTEST_EXPECT_EQ(t, c.si->inuse_pages, 0);
	mmput(child);
	vm_case_teardown(t, &c);
}

/* Exit with a swap pte (and its page only in the cache): slot and page are freed. */
static void zap_of_a_swap_pte_frees_slot_and_cached_page(struct ktest *t)
{
	static char buf[PAGE_SIZE];
	unsigned long cached;
	struct mm_struct *child;
	struct vm_case c;
	swp_entry_t entry;

	vm_case_setup(t, &c, buf);
	cached = total_swapcache_pages();
	swap_out_to_cache(t, &c, &entry);
	child = mm_alloc();
	KTEST_ASSERT_NOT_NULL(t, child);
	KTEST_ASSERT_EQ(t, dup_mmap(child, c.mm), 0);
	mmput(child);					/* one pte of two gone: all stays */
	KTEST_EXPECT_EQ(t, __swap_count(entry), 1);
	KTEST_EXPECT_EQ(t, total_swapcache_pages(), cached + 1);
	unuse_mm(c.saved_mm);
	mmput(c.mm);					/* the last: slot and page go */
	c.mm = NULL;
	KTEST_EXPECT_EQ(t, total_swapcache_pages(), cached);
	KTEST_EXPECT_EQ(t, swap_test_area_destroy(c.si), 0);
	KTEST_EXPECT_EQ(t, free_now(), c.free_before);
}

/* An mlocked VMA's page is never unmapped. */
static void try_to_unmap_refuses_an_mlocked_page(struct ktest *t)
{
	static char buf[PAGE_SIZE];
	struct vm_case c;
	swp_entry_t entry;
	struct page *page;

	vm_case_setup(t, &c, buf);
	c.mm->mmap->vm_flags |= VM_LOCKED;
	page = page_at(c.mm);
	KTEST_ASSERT_NOT_NULL(t, page);
	entry = get_swap_page_of_type(c.si->type);
	KTEST_ASSERT_TRUE(t, trylock_page(page));
	KTEST_EXPECT_EQ(t, add_to_swap_cache(page, entry, GFP_KERNEL), 0);
	KTEST_EXPECT_FALSE(t, try_to_unmap(page));
	KTEST_EXPECT_TRUE(t, page_at(c.mm) == page);
	KTEST_EXPECT_EQ(t, __swap_count(entry), 0);
	KTEST_EXPECT_TRUE(t, try_to_free_swap(page));
	unlock_page(page);
	c.mm->mmap->vm_flags &= ~VM_LOCKED;
	vm_case_teardown(t, &c);
}

/* ==== through reclaim and the disk ==== */

#define DISK_PAGES	8

/* A case with swap on a real disk: an adopted mm of written pages, and a private LRU list. */
struct disk_case {
	struct mm_struct *mm, *saved_mm;
	struct lruvec lruvec;		/* the case's pages while reclaim looks at them */
	unsigned long free_before;
	long swap_free_before;
	bool swapped_on;		/* this case turned /dev/vda on (and turns it off) */
};

/*
 * Swap on (/dev/vda turned on here if no area is: skipped without a
 * disk), then an mm with n pages at BASE, page i written with pattern
 * 10 + i, adopted by current.
 */
static void disk_case_setup(struct ktest *t, struct disk_case *d, int n)
{
	static char buf[PAGE_SIZE];

	memset(d, 0, sizeof(*d));
	if (total_swap_pages == 0) {
		if (do_swapon("/dev/vda", 0))
			ktest_skip(t, "no swap: boot with a mkswap'd --disk for /dev/vda");
		d->swapped_on = true;
	}
	d->swap_free_before = get_nr_swap_pages();
	d->free_before = free_now();
	init_lruvec(&d->lruvec);
	d->mm = mm_alloc();
	KTEST_ASSERT_NOT_NULL(t, d->mm);
	KTEST_ASSERT_EQ(t, __do_mmap(d->mm, NULL, BASE, n * PAGE_SIZE, PROT_READ | PROT_WRITE,
				     MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, 0, 0), BASE);
	for (int i = 0; i < n; i++) {
		fill(buf, 10 + i);
		KTEST_ASSERT_EQ(t, access_remote_vm(d->mm, BASE + i * PAGE_SIZE, buf, PAGE_SIZE,
						    FOLL_WRITE), PAGE_SIZE);
	}
	d->saved_mm = current->mm;
	current->mm = d->mm;		/* kthread_use_mm: the reverse map walks tasks' mms */
}

/* Moves page from one lruvec to another (both locks, one after the other). */
static void move_lru(struct page *page, struct lruvec *from, struct lruvec *to)
{
	unsigned long flags;

	spin_lock_irqsave(&from->lru_lock, flags);
	del_page_from_lru_list(page, from);
	spin_unlock_irqrestore(&from->lru_lock, flags);
	spin_lock_irqsave(&to->lru_lock, flags);
	add_page_to_lru_list(page, to);
	spin_unlock_irqrestore(&to->lru_lock, flags);
}

/*
 * Real reclaim of the n pages: their accessed bits cleared, they alone on
 * the case's inactive list (page 0 at the tail: reclaimed first, so it
 * gets the first slot), shrink_inactive_list.  Returns the pages freed.
 */
static unsigned long disk_case_reclaim(struct disk_case *d, int n)
{
	struct scan_control sc = { .priority = 0, .may_unmap = 1, .may_swap = 1,
				   .may_writepage = 1, .nr_to_reclaim = n };
	struct lruvec *node = pgdat_lruvec(first_online_pgdat());

	for (int i = 0; i < n; i++) {
		pte_t *ptep = follow_pte(d->mm, BASE + i * PAGE_SIZE);

		set_pte(ptep, __pte(pte_val(*ptep) & ~_PAGE_ACCESSED));
		move_lru(pfn_to_page(pte_pfn(*ptep)), node, &d->lruvec);
	}
	return shrink_inactive_list(n, &d->lruvec, &sc, LRU_INACTIVE_ANON);
}

/* Pages left on the case's lists go home; the mm goes; slots and pages are back. */
static void disk_case_teardown(struct ktest *t, struct disk_case *d)
{
	struct lruvec *node = pgdat_lruvec(first_online_pgdat());
	enum lru_list lru;

	for_each_evictable_lru(lru)
		while (!list_empty(&d->lruvec.lists[lru]))
			move_lru(list_first_entry(&d->lruvec.lists[lru], struct page, lru),
				 &d->lruvec, node);
	unuse_mm(d->saved_mm);
	mmput(d->mm);
	KTEST_EXPECT_EQ(t, get_nr_swap_pages(), d->swap_free_before);
	KTEST_EXPECT_EQ(t, free_now(), d->free_before);
	if (d->swapped_on)
		KTEST_EXPECT_EQ(t, do_swapoff("/dev/vda"), 0);
}

/* Page i of the case reads back with its pattern. */
static bool disk_page_intact(struct disk_case *d, int i)
{
	static char want[PAGE_SIZE], got[PAGE_SIZE];

	fill(want, 10 + i);
	if (access_remote_vm(d->mm, BASE + i * PAGE_SIZE, got, PAGE_SIZE, 0) != PAGE_SIZE)
		return false;
	return memcmp(got, want, PAGE_SIZE) == 0;
}

/*
 * Reclaim writes a page out (PSWPOUT) and frees it, leaving its swap
 * entry; a fault reads it back (PSWPIN, a major fault) with its data; exit
 * gives every slot back.
 */
static void reclaim_swaps_a_page_out_and_a_fault_reads_it_back(struct ktest *t)
{
	unsigned long pswpout = vm_event_count(PSWPOUT), pswpin = vm_event_count(PSWPIN);
	unsigned long majflt = vm_event_count(PGMAJFAULT);
	struct disk_case d;

	disk_case_setup(t, &d, 1);
	KTEST_EXPECT_EQ(t, disk_case_reclaim(&d, 1), 1);
	KTEST_EXPECT_EQ(t, d.lruvec.nr_pages[LRU_INACTIVE_ANON], 0);
	KTEST_EXPECT_TRUE(t, is_swap_pte(*follow_pte(d.mm, BASE)));
	KTEST_EXPECT_EQ(t, vm_event_count(PSWPOUT), pswpout + 1);
	KTEST_EXPECT_EQ(t, get_mm_counter(d.mm, MM_SWAPENTS), 1);
	KTEST_EXPECT_EQ(t, get_nr_swap_pages(), d.swap_free_before - 1);

	KTEST_EXPECT_TRUE(t, disk_page_intact(&d, 0));
	KTEST_EXPECT_EQ(t, vm_event_count(PSWPIN), pswpin + 1);
	KTEST_EXPECT_EQ(t, vm_event_count(PGMAJFAULT), majflt + 1);
	disk_case_teardown(t, &d);
}

/*
 * Readahead: DISK_PAGES pages reclaimed together get consecutive slots
 * (the allocator's cluster); reading them back in order, the window grows
 * with the hits (swapin_nr_pages) and later faults find their page already
 * in the cache: fewer major faults than pages, yet every slot is read
 * exactly once and every page is intact.
 */
static void swapin_readahead_reads_the_neighbouring_slots(struct ktest *t)
{
	unsigned long pswpin, majflt;
	swp_entry_t first;
	struct disk_case d;

	disk_case_setup(t, &d, DISK_PAGES);
	KTEST_EXPECT_EQ(t, disk_case_reclaim(&d, DISK_PAGES), DISK_PAGES);
	first = pte_to_swp_entry(*follow_pte(d.mm, BASE));
	for (int i = 0; i < DISK_PAGES; i++) {
		pte_t pte = *follow_pte(d.mm, BASE + i * PAGE_SIZE);

		KTEST_ASSERT_TRUE(t, is_swap_pte(pte));
		KTEST_EXPECT_EQ(t, swp_offset(pte_to_swp_entry(pte)), swp_offset(first) + i);
	}
	pswpin = vm_event_count(PSWPIN);
	majflt = vm_event_count(PGMAJFAULT);
	for (int i = 0; i < DISK_PAGES; i++)
		KTEST_EXPECT_TRUE(t, disk_page_intact(&d, i));
	KTEST_EXPECT_EQ(t, vm_event_count(PSWPIN) - pswpin, DISK_PAGES);
	KTEST_EXPECT_TRUE(t, vm_event_count(PGMAJFAULT) - majflt >= 1);
	KTEST_EXPECT_TRUE(t, vm_event_count(PGMAJFAULT) - majflt < DISK_PAGES);
	ktest_info(t, "%lu major faults for %d pages", vm_event_count(PGMAJFAULT) - majflt,
		   DISK_PAGES);
	disk_case_teardown(t, &d);
}

/* Warm-up: one round of what the cases allocate (a test area, two mms, VMAs, tables). */
static int swap_cache_test_init(void)
{
	struct swap_info_struct *si = swap_test_area_create(AREA_SLOTS);
	struct mm_struct *mm = mm_alloc(), *child = mm_alloc();
	char c = 1;

	if (si)
		swap_test_area_destroy(si);
	if (mm && child) {
		__do_mmap(mm, NULL, BASE, PAGE_SIZE, PROT_READ | PROT_WRITE,
			  MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, 0, 0);
		access_remote_vm(mm, BASE, &c, 1, FOLL_WRITE);
		dup_mmap(child, mm);
	}
	if (child)
		mmput(child);
	if (mm)
		mmput(mm);
	return si && mm && child ? 0 : -ENOMEM;
}

static struct ktest_case swap_cache_cases[] = {
	KTEST_CASE(swap_cache_add_lookup_delete_match_a_shadow_model),
	KTEST_CASE(add_to_swap_cache_refuses_a_second_page_for_an_entry),
	KTEST_CASE(free_swap_cache_waits_for_the_last_swap_pte),
	KTEST_CASE(unmap_then_fault_maps_the_cached_page_back),
	KTEST_CASE(fork_shares_the_swap_entry_and_the_cached_page),
	KTEST_CASE(zap_of_a_swap_pte_frees_slot_and_cached_page),
	KTEST_CASE(try_to_unmap_refuses_an_mlocked_page),
	KTEST_CASE(reclaim_swaps_a_page_out_and_a_fault_reads_it_back),
	KTEST_CASE(swapin_readahead_reads_the_neighbouring_slots),
	{}
};
KTEST_SUITE(swap_cache, swap_cache_cases, .init = swap_cache_test_init);
