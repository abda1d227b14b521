/*
 * mm/vmscan.c - the LRU lists, page reclaim and kswapd (Linux's
 * mm/vmscan.c with the LRU list helpers of mm/swap.c; one node, no
 * memory cgroups, no multi-generational LRU).
 *
 * The lists.  The node keeps its user pages on five lists (struct lruvec,
 * mm/vmscan.h): inactive and active anon (swap-backed: anonymous memory),
 * inactive and active file (page cache), and unevictable.  A page enters
 * at the head of its inactive list when it is faulted in (lru_cache_add,
 * called by mm/memory.c for every new anonymous page) and leaves when its
 * last reference goes (put_page -> __page_cache_release) or reclaim takes
 * it.  Page-cache pages of Pagoda's RAM file system have no backing store
 * - dropping one would lose the file's data - so, like Linux's ramfs
 * mapping_set_unevictable(), they could only ever be unevictable: the
 * ramfs does not put them on the LRU at all.
 *
 * The reference signal is the pte's accessed bit, which the MMU sets on
 * every access; page_referenced() (mm/rmap.c) tests and clears it in every
 * pte mapping the page.  Aging (Linux's two-list "second chance" scheme):
 *
 *   shrink_inactive_list   isolate_lru_pages takes pages from the tail;
 *     shrink_page_list decides per page (page_check_references):
 *       referenced anon page, or file page referenced twice   -> activate
 *       mapped by an mlocked VMA     -> activate (never swapped)
 *       file page referenced once    -> keep, PG_referenced: a second chance
 *       not referenced               -> reclaim: anon needs add_to_swap,
 *                                       mapped pages try_to_unmap, dirty
 *                                       ones pageout, then the page is freed
 *   shrink_active_list     deactivation: pages from the tail of an active
 *     list go to the inactive one (referenced file pages stay active), so
 *     that a page that stops being used drifts down to where reclaim finds
 *     it; done whenever the inactive list is smaller than the active one
 *     (inactive_is_low, Linux's ratio for under 1 GiB).
 *
 * How much of which list (get_scan_count): lru_size >> priority pages per
 * pass, priority falling from DEF_PRIORITY (12) to 0.  Anon against file
 * in the proportion vm_swappiness : 200 - vm_swappiness.  Without swap
 * space the anon lists are not scanned at all (Linux's rule: nothing
 * could be done with them), so reclaim frees nothing, direct reclaim
 * reports no progress, and the allocator calls the OOM killer - the "OOM
 * without swap" case.
 *
 * Swapping an anonymous page out, one page of shrink_page_list, all of it
 * under the page lock (taken with trylock_page: a page someone else holds
 * - a fault mapping it, a read in progress - is simply kept):
 *   add_to_swap        a slot, the swap cache, PG_dirty (mm/swap_state.c)
 *   try_to_unmap       its ptes become the swap entry (mm/rmap.c)
 *   pageout            swap_writepages (mm/page_io.c): PG_writeback while the
 *                      disk works, PG_dirty cleared when it is done.  A write
 *                      error leaves the page dirty, in the swap cache and
 *                      resident - its data is safe in RAM - and activated;
 *                      a fault maps it back as if nothing had happened.
 *   __remove_mapping   clean, unmapped, nobody but reclaim and the cache
 *                      holding it: out of the swap cache (the slot keeps
 *                      the data) and freed.
 * A fault between any two steps finds the page in the swap cache.  A
 * swap-cache page whose slot no pte names any more (its owners exited or
 * wrote to it) is simply dropped from the cache and freed, never written.
 *
 * Pages are written in batches.  shrink_page_list takes each page through
 * add_to_swap and try_to_unmap, then, if it must be written, leaves it
 * locked on a list; after the loop (or when SWAP_BATCH_MAX pages wait)
 * pageout writes them all with one swap_writepages call and takes each
 * through the rest.  add_to_swap hands out consecutive slots (the
 * allocator's cluster), so the pages of a batch are neighbours on the disk
 * and go out in one request instead of one request each - the round trip
 * to the disk, not the bytes, is what a page-at-a-time write pays for.  A
 * fault on a page of the batch waits on its page lock, as it would during
 * its write.  (Linux submits each page's write asynchronously and lets the
 * block layer's plug, opened in shrink_lruvec, merge the adjacent ones.)
 *
 * Who reclaims:
 *   kswapd        the node's kernel thread, woken (wakeup_kswapd) by an
 *                 allocation that finds a zone below its low watermark;
 *                 reclaims until a zone is above its high watermark
 *                 (balance_pgdat).  After MAX_RECLAIM_RETRIES fruitless runs
 *                 the node is "hopeless" and kswapd is not woken again until
 *                 direct reclaim makes progress.
 *   direct        the allocating task itself, under the min watermark
 *                 (try_to_free_pages, from __alloc_pages_slowpath).
 * Counters (mm/vmstat.h): pgscan_kswapd/direct (inactive pages looked at),
 * pgsteal_kswapd/direct (freed), allocstall, kswapd_wakeup.
 *
 * Locking: lruvec->lru_lock (irqsave) guards the lists, their counts and
 * PG_lru/PG_active of pages on them.  Isolated pages (PG_lru clear, on a
 * private list) hold a reference taken with get_page_unless_zero, so they
 * cannot be freed under reclaim; page_referenced/try_to_unmap take
 * tasklist_lock (mm/rmap.c).  Order: page lock, then tasklist_lock or
 * lru_lock; lru_lock is never held across either.  pageout sleeps (disk
 * I/O) with the page locked and nothing else held, so shrink_page_list,
 * and the reclaim entry points above it, may sleep.
 */
#include "kernel/errno.h"
#include "kernel/kthread.h"
#include "kernel/panic.h"
#include "kernel/printk.h"
#include "kernel/sched.h"
#include "mm/memory.h"
#include "mm/mmap.h"
#include "mm/mmzone.h"
#include "mm/swap.h"
#include "mm/vmscan.h"
#include "mm/vmstat.h"

int vm_swappiness = 60;

#define LRU_LIST_INIT(v, i)	LIST_HEAD_INIT((v).lists[i])
static struct lruvec node_lruvec = {
	.lists = {
		LRU_LIST_INIT(node_lruvec, 0), LRU_LIST_INIT(node_lruvec, 1),
		LRU_LIST_INIT(node_lruvec, 2), LRU_LIST_INIT(node_lruvec, 3),
		LRU_LIST_INIT(node_lruvec, 4),
	},
	.lru_lock = __SPIN_LOCK_UNLOCKED,
};

/* kswapd's state (Linux keeps it in pg_data_t). */
static struct task_struct *kswapd_task;
static DECLARE_WAIT_QUEUE_HEAD(kswapd_wait);
static bool kswapd_pending;		/* woken, not yet running a pass */
static int kswapd_order;		/* the largest order asked for since */
static int kswapd_highest_zoneidx;	/* ... and the highest zone */
static int kswapd_failures;		/* runs in a row that freed nothing */

/* ==== the lists ==== */

/* pgdat_lruvec - see vmscan.h. */
struct lruvec *pgdat_lruvec(struct pglist_data *pgdat)
{
	(void)pgdat;
	return &node_lruvec;
}

/* init_lruvec - see vmscan.h. */
void init_lruvec(struct lruvec *lruvec)
{
	for (int i = 0; i < NR_LRU_LISTS; i++) {
		INIT_LIST_HEAD(&lruvec->lists[i]);
		lruvec->nr_pages[i] = 0;
	}
	spin_lock_init(&lruvec->lru_lock);
}

/*
 * page_evictable - may reclaim ever take this page?  Swap-backed pages
 * (anon, shmem) yes, given swap; page cache of the RAM file system no.
 */
static bool page_evictable(struct page *page)
{
	return PageSwapBacked(page) && !PageMlocked(page);
}

/* page_lru - see vmscan.h. */
enum lru_list page_lru(struct page *page)
{
	enum lru_list lru;

	if (PageUnevictable(page))
		return LRU_UNEVICTABLE;
	lru = PageSwapBacked(page) ? LRU_INACTIVE_ANON : LRU_INACTIVE_FILE;
	if (PageActive(page))
		lru += LRU_ACTIVE;
	return lru;
}

/* add_page_to_lru_list - see vmscan.h. */
void add_page_to_lru_list(struct page *page, struct lruvec *lruvec)
{
	enum lru_list lru = page_lru(page);

	list_add(&page->lru, &lruvec->lists[lru]);
	lruvec->nr_pages[lru]++;
}

/* del_page_from_lru_list - see vmscan.h. */
void del_page_from_lru_list(struct page *page, struct lruvec *lruvec)
{
	list_del(&page->lru);
	lruvec->nr_pages[page_lru(page)]--;
}

/* lru_cache_add - see vmscan.h. */
void lru_cache_add(struct page *page)
{
	struct lruvec *lruvec = &node_lruvec;
	unsigned long flags;

	if (WARN_ON_ONCE(PageLRU(page)))
		return;
	spin_lock_irqsave(&lruvec->lru_lock, flags);
	ClearPageActive(page);
	if (!page_evictable(page))
		SetPageUnevictable(page);
	SetPageLRU(page);
	add_page_to_lru_list(page, lruvec);
	spin_unlock_irqrestore(&lruvec->lru_lock, flags);
}

/* __page_cache_release - see vmscan.h.  The page's count is 0: nobody else can see it. */
void __page_cache_release(struct page *page)
{
	struct lruvec *lruvec = &node_lruvec;
	unsigned long flags;

	spin_lock_irqsave(&lruvec->lru_lock, flags);
	if (PageLRU(page)) {
		del_page_from_lru_list(page, lruvec);
		ClearPageLRU(page);
	}
	ClearPageActive(page);
	ClearPageUnevictable(page);
	spin_unlock_irqrestore(&lruvec->lru_lock, flags);
}

/* A reference unless the page is already on its way to the allocator (Linux's). */
static bool get_page_unless_zero(struct page *page)
{
	int c = page_count(page);

	while (c > 0)
		if (__atomic_compare_exchange_n(&page->_refcount, &c, c + 1, false,
						__ATOMIC_ACQUIRE, __ATOMIC_RELAXED))
			return true;
	return false;
}

/*
 * isolate_lru_pages - move up to nr_to_scan pages from the tail of lru onto
 * dst, each with a reference and PG_lru cleared; *nr_scanned says how many
 * were looked at.  Returns the number taken.  lru_lock held.
 */
static unsigned long isolate_lru_pages(unsigned long nr_to_scan, struct lruvec *lruvec,
				       struct list_head *dst, unsigned long *nr_scanned,
				       enum lru_list lru)
{
	struct list_head *src = &lruvec->lists[lru];
	unsigned long scan = 0, taken = 0;

	while (scan < nr_to_scan && !list_empty(src)) {
		struct page *page = list_last_entry(src, struct page, lru);

		scan++;
		if (!get_page_unless_zero(page)) {	/* being freed: leave it */
			list_move(&page->lru, src);
			continue;
		}
		list_move(&page->lru, dst);
		ClearPageLRU(page);
		lruvec->nr_pages[lru]--;
		taken++;
	}
	*nr_scanned = scan;
	return taken;
}

/*
 * putback_lru_pages - isolated pages back onto the lists their flags name,
 * dropping the isolation reference; a page nobody else holds any more is
 * freed instead.  Nothing held.
 */
static void putback_lru_pages(struct lruvec *lruvec, struct list_head *list)
{
	struct page *page, *next;
	unsigned long flags;

	list_for_each_entry_safe(page, next, list, lru) {
		list_del(&page->lru);
		spin_lock_irqsave(&lruvec->lru_lock, flags);
		if (page_count(page) > 1) {
			SetPageLRU(page);
			add_page_to_lru_list(page, lruvec);
		} else {
			ClearPageActive(page);
		}
		spin_unlock_irqrestore(&lruvec->lru_lock, flags);
		put_page(page);
	}
}

/* ==== deciding, page by page ==== */

enum page_references {
	PAGEREF_RECLAIM,	/* not used lately: reclaim it */
	PAGEREF_KEEP,		/* a second chance on the inactive list */
	PAGEREF_ACTIVATE,	/* in use: to the active list */
};

/* TestClearPageReferenced - was PG_referenced set?  Clears it. */
static bool TestClearPageReferenced(struct page *page)
{
	bool was = PageReferenced(page);

	ClearPageReferenced(page);
	return was;
}

/*
 * page_check_references - the second-chance rule (Linux's): a referenced
 * swap-backed page is activated at once; a page-cache page must be
 * referenced on two scans (PG_referenced remembers the first) or through
 * two ptes.  A page an mlocked VMA maps stays active, whatever its bits.
 * Clears the accessed bits it looks at.
 */
static enum page_references page_check_references(struct page *page)
{
	unsigned long vm_flags;
	int referenced_ptes = page_referenced_flags(page, &vm_flags);
	bool referenced_page = TestClearPageReferenced(page);

	if (vm_flags & VM_LOCKED)
		return PAGEREF_ACTIVATE;
	if (referenced_ptes) {
		if (PageSwapBacked(page))
			return PAGEREF_ACTIVATE;
		SetPageReferenced(page);
		if (referenced_page || referenced_ptes > 1)
			return PAGEREF_ACTIVATE;
		return PAGEREF_KEEP;
	}
	return PAGEREF_RECLAIM;
}

/*
 * __remove_mapping - detach an unmapped, clean page from the swap cache so
 * that it can be freed: only if nobody but reclaim (its isolation
 * reference) and the cache holds it - a fault that found it in the cache
 * meanwhile holds a reference and wins.  Page locked.  True if detached:
 * reclaim's reference is the last one.
 */
static bool __remove_mapping(struct page *page)
{
	if (!PageSwapCache(page) || PageDirty(page) || PageWriteback(page))
		return false;
	if (page_mapcount(page) > 0 || page_count(page) != 2)
		return false;
	delete_from_swap_cache(page);
	return true;
}

/*
 * page_is_orphan - page is held only by reclaim (and maybe the swap cache,
 * whose slot no swap pte names any more): its data is wanted by nobody.
 * Detach it from the swap cache so that reclaim's reference is the last.
 * Page locked.
 */
static bool page_is_orphan(struct page *page)
{
	if (page_mapcount(page) > 0 || PageWriteback(page))
		return false;
	if (PageSwapCache(page)) {
		if (page_count(page) != 2 || !try_to_free_swap(page))
			return false;
		ClearPageDirty(page);
	}
	return page_count(page) == 1;
}

/* reclaim_activate - the page goes back to the active list (counted in sc->stat). */
static void reclaim_activate(struct page *page, struct scan_control *sc)
{
	if (!PageActive(page)) {
		SetPageActive(page);
		sc->stat.nr_activate[!PageSwapBacked(page)]++;
	}
}

/*
 * pageout - write the pages on batch (at most SWAP_BATCH_MAX; each dirty,
 * in the swap cache, unmapped and locked) with one swap_writepages call -
 * a request per run of consecutive slots - then finish each as
 * shrink_page_list would: clean and held only by reclaim and the cache ->
 * out of the cache, to be freed; still dirty (its write failed, page_io.c
 * logged it; the data stays in RAM) -> activated.  Every page is unlocked
 * and moved to ret_pages.  Returns the pages to be freed.  Sleeps.
 */
static unsigned long pageout(struct list_head *batch, struct list_head *ret_pages,
			     struct scan_control *sc)
{
	struct page *pages[SWAP_BATCH_MAX], *page, *next;
	unsigned long nr_reclaimed = 0;
	unsigned int nr = 0;

	list_for_each_entry(page, batch, lru)
		pages[nr++] = page;
	swap_writepages(pages, nr);
	list_for_each_entry_safe(page, next, batch, lru) {
		if (PageDirty(page))
			reclaim_activate(page, sc);
		else if (__remove_mapping(page))
			nr_reclaimed++;
		unlock_page(page);
		list_move(&page->lru, ret_pages);
	}
	return nr_reclaimed;
}

/*
 * shrink_anon_to_swap - the swap-out steps of an unreferenced page:
 * a swap slot for an anonymous page not yet in the swap cache, then its
 * ptes unmapped.  False if the page must stay (no swap, an mlocked VMA),
 * counted in sc->stat.  Page locked.
 */
static bool shrink_anon_to_swap(struct page *page, struct scan_control *sc)
{
	if (PageAnon(page) && PageSwapBacked(page) && !PageSwapCache(page)) {
		if (!sc->may_swap || !add_to_swap(page)) {
			sc->stat.nr_swap_fail++;
			return false;
		}
	}
	if (page_mapcount(page) > 0) {
		if (!sc->may_unmap || !try_to_unmap(page)) {
			sc->stat.nr_unmap_fail++;
			return false;
		}
	}
	return true;
}

/*
 * shrink_page_list - try to free each isolated page of page_list (Linux's
 * shrink_folio_list, the paths Pagoda has).  Pages that must be written
 * wait, locked, on a batch for pageout.  Pages not freed are left on
 * page_list, flagged for the list they go back to.  Returns the number
 * freed.  Nothing held; may sleep (pageout).
 */
static unsigned long shrink_page_list(struct list_head *page_list, struct scan_control *sc)
{
	LIST_HEAD(ret_pages);
	LIST_HEAD(write_pages);		/* waiting for pageout */
	unsigned long nr_reclaimed = 0;
	unsigned int nr_write = 0;
	struct page *page, *next;

	/* Oldest first (the list's tail, Linux's lru_to_folio): slots follow the LRU order. */
	while (!list_empty(page_list)) {
		page = list_last_entry(page_list, struct page, lru);
		list_del(&page->lru);
		if (!trylock_page(page))
			goto keep;		/* busy: a fault or a read has it */
		if (page_is_orphan(page))
			goto free_it;
		if (PageWriteback(page))
			goto keep_locked;
		switch (page_check_references(page)) {
		case PAGEREF_ACTIVATE:
			goto activate_locked;
		case PAGEREF_KEEP:
			sc->stat.nr_ref_keep++;
			goto keep_locked;
		case PAGEREF_RECLAIM:
			break;
		}
		if (!shrink_anon_to_swap(page, sc))
			goto activate_locked;
		if (PageDirty(page)) {
			/* Only swap-cache pages have a backing store (ramfs pages never come here). */
			if (!sc->may_writepage || !PageSwapCache(page))
				goto keep_locked;
			list_add_tail(&page->lru, &write_pages);	/* still locked */
			if (++nr_write == SWAP_BATCH_MAX) {
				nr_reclaimed += pageout(&write_pages, &ret_pages, sc);
				nr_write = 0;
			}
			continue;
		}
		if (!__remove_mapping(page))
			goto keep_locked;
free_it:
		/* Ours is the last reference now: putback frees it. */
		unlock_page(page);
		nr_reclaimed++;
		goto keep;
activate_locked:
		reclaim_activate(page, sc);
keep_locked:
		unlock_page(page);
keep:
		list_add(&page->lru, &ret_pages);
	}
	if (nr_write)
		nr_reclaimed += pageout(&write_pages, &ret_pages, sc);
	list_for_each_entry_safe(page, next, &ret_pages, lru)
		list_move(&page->lru, page_list);
	return nr_reclaimed;
}

/* ==== shrinking the lists ==== */

/* shrink_inactive_list - see vmscan.h. */
unsigned long shrink_inactive_list(unsigned long nr_to_scan, struct lruvec *lruvec,
				   struct scan_control *sc, enum lru_list lru)
{
	LIST_HEAD(page_list);
	unsigned long nr_scanned, nr_reclaimed;
	unsigned long flags;

	spin_lock_irqsave(&lruvec->lru_lock, flags);
	isolate_lru_pages(nr_to_scan, lruvec, &page_list, &nr_scanned, lru);
	spin_unlock_irqrestore(&lruvec->lru_lock, flags);
	count_vm_events(sc->current_is_kswapd ? PGSCAN_KSWAPD : PGSCAN_DIRECT, nr_scanned);
	sc->nr_scanned += nr_scanned;
	nr_reclaimed = shrink_page_list(&page_list, sc);
	count_vm_events(sc->current_is_kswapd ? PGSTEAL_KSWAPD : PGSTEAL_DIRECT, nr_reclaimed);
	sc->nr_reclaimed += nr_reclaimed;
	putback_lru_pages(lruvec, &page_list);
	return nr_reclaimed;
}

/* shrink_active_list - see vmscan.h.  Referenced file pages stay active; the rest go inactive. */
void shrink_active_list(unsigned long nr_to_scan, struct lruvec *lruvec,
			struct scan_control *sc, enum lru_list lru)
{
	LIST_HEAD(l_hold);
	unsigned long nr_scanned;
	struct page *page, *next;
	unsigned long flags;

	(void)sc;
	spin_lock_irqsave(&lruvec->lru_lock, flags);
	isolate_lru_pages(nr_to_scan, lruvec, &l_hold, &nr_scanned, lru);
	spin_unlock_irqrestore(&lruvec->lru_lock, flags);
	list_for_each_entry_safe(page, next, &l_hold, lru) {
		if (page_referenced(page) && !PageSwapBacked(page))
			continue;	/* Linux: executable file pages in use stay */
		ClearPageActive(page);
	}
	putback_lru_pages(lruvec, &l_hold);
}

/*
 * inactive_is_low - is the inactive list too small next to its active one?
 * Linux's target ratio: 1 below 1 GiB of RAM, sqrt(10 * GiB) above.
 */
static bool inactive_is_low(struct lruvec *lruvec, enum lru_list inactive_lru)
{
	unsigned long inactive = lruvec->nr_pages[inactive_lru];
	unsigned long active = lruvec->nr_pages[inactive_lru + LRU_ACTIVE];
	unsigned long gb = totalram_pages >> (30 - PAGE_SHIFT);
	unsigned long ratio = 1;

	while (gb && (ratio + 1) * (ratio + 1) <= 10 * gb)
		ratio++;
	return inactive * ratio < active;
}

/*
 * Free swap slots exist to put anonymous pages in (Linux's rule: with swap
 * full or off the anon lists are not scanned, and reclaim that frees
 * nothing else ends in the OOM killer).
 */
static bool can_reclaim_anon_pages(struct scan_control *sc)
{
	return sc->may_swap && get_nr_swap_pages() > 0;
}

/*
 * get_scan_count - how many pages of each evictable list this pass looks
 * at: size >> priority (at least a batch of a small list), anon and file
 * weighted swappiness : 200 - swappiness; no anon at all without swap;
 * only anon when there is no page cache on the lists (Linux's
 * file_is_tiny: nothing to balance against).
 */
static void get_scan_count(struct lruvec *lruvec, struct scan_control *sc, unsigned long *nr)
{
	bool anon = can_reclaim_anon_pages(sc) && vm_swappiness > 0;
	bool no_file = !lruvec->nr_pages[LRU_INACTIVE_FILE] && !lruvec->nr_pages[LRU_ACTIVE_FILE];
	enum lru_list lru;

	for_each_evictable_lru(lru) {
		unsigned long size = lruvec->nr_pages[lru];
		unsigned long scan = size >> sc->priority;
		unsigned long weight;

		if (!scan)
			scan = min(size, SWAP_CLUSTER_MAX);
		if (lru < LRU_INACTIVE_FILE)
			weight = anon ? (no_file ? 200 : (unsigned long)vm_swappiness) : 0;
		else
			weight = anon ? 200 - (unsigned long)vm_swappiness : 200;
		nr[lru] = scan * weight / 200;
		if (!nr[lru] && scan && weight)
			nr[lru] = 1;
	}
}

/* shrink_list - one batch of lru: active lists are only aged when their inactive list is low. */
static unsigned long shrink_list(enum lru_list lru, unsigned long nr_to_scan,
				 struct lruvec *lruvec, struct scan_control *sc)
{
	if (lru == LRU_ACTIVE_ANON || lru == LRU_ACTIVE_FILE) {
		if (inactive_is_low(lruvec, lru - LRU_ACTIVE))
			shrink_active_list(nr_to_scan, lruvec, sc, lru);
		return 0;
	}
	return shrink_inactive_list(nr_to_scan, lruvec, sc, lru);
}

/* shrink_lruvec - see vmscan.h.  Nothing held; may sleep (pageout). */
void shrink_lruvec(struct lruvec *lruvec, struct scan_control *sc)
{
	unsigned long nr[NR_LRU_LISTS];
	enum lru_list lru;
	bool more = true;

	get_scan_count(lruvec, sc, nr);
	while (more && sc->nr_reclaimed < sc->nr_to_reclaim) {
		more = false;
		for_each_evictable_lru(lru) {
			unsigned long n = min(nr[lru], SWAP_CLUSTER_MAX);

			if (!n)
				continue;
			nr[lru] -= n;
			shrink_list(lru, n, lruvec, sc);
			more = true;
		}
	}
	/* Keep the anon lists balanced even when none was reclaimed (needs swap to matter). */
	if (can_reclaim_anon_pages(sc) && inactive_is_low(lruvec, LRU_INACTIVE_ANON))
		shrink_active_list(SWAP_CLUSTER_MAX, lruvec, sc, LRU_ACTIVE_ANON);
}

/* shrink_node - reclaim from the node's lists (one node: its only lruvec). */
static void shrink_node(struct pglist_data *pgdat, struct scan_control *sc)
{
	shrink_lruvec(pgdat_lruvec(pgdat), sc);
}

/* ==== direct reclaim ==== */

/*
 * AGING_ROUNDS - full priority sweeps before reclaim reports no progress.
 * One sweep may only age: freshly faulted anon pages are all referenced,
 * so the first look activates them (clearing their accessed bits) and
 * deactivation brings them back to the head of the inactive list, behind
 * pages not looked at yet.  The next sweep finds them unreferenced.  (Linux
 * gets the same from the allocator's should_reclaim_retry.)
 */
#define AGING_ROUNDS	3

/*
 * do_try_to_free_pages - shrink at rising priority until enough is freed;
 * sweep again (AGING_ROUNDS) while a sweep freed nothing but did look at
 * pages.  The pages freed.
 */
static unsigned long do_try_to_free_pages(struct scan_control *sc)
{
	for (int round = 0; round < AGING_ROUNDS; round++) {
		unsigned long scanned = sc->nr_scanned;

		for (sc->priority = DEF_PRIORITY; sc->priority >= 0; sc->priority--) {
			shrink_node(first_online_pgdat(), sc);
			if (sc->nr_reclaimed >= sc->nr_to_reclaim)
				return sc->nr_reclaimed;
		}
		if (sc->nr_reclaimed || sc->nr_scanned == scanned)
			break;
	}
	return sc->nr_reclaimed;
}

/* try_to_free_pages - see vmscan.h.  May sleep (pageout writes to swap). */
unsigned long try_to_free_pages(struct zonelist *zonelist, int order, gfp_t gfp_mask)
{
	struct scan_control sc = {
		.nr_to_reclaim = SWAP_CLUSTER_MAX,
		.gfp_mask = gfp_mask,
		.order = order,
		.reclaim_idx = gfp_zone(gfp_mask),
		.may_writepage = 1,
		.may_unmap = 1,
		.may_swap = 1,
	};
	unsigned long nr_reclaimed;

	(void)zonelist;
	count_vm_event(ALLOCSTALL);
	nr_reclaimed = do_try_to_free_pages(&sc);
	if (nr_reclaimed)
		WRITE_ONCE(kswapd_failures, 0);	/* the node is not hopeless after all */
	return nr_reclaimed;
}

/* ==== kswapd ==== */

/* pgdat_balanced - is any zone up to highest_zoneidx above its high watermark? */
static bool pgdat_balanced(int order, int highest_zoneidx)
{
	struct zone *zone;

	for_each_populated_zone(zone) {
		if (zone_idx(zone) > highest_zoneidx)
			continue;
		if (zone_watermark_ok(zone, order, high_wmark_pages(zone), 0))
			return true;
	}
	return false;
}

/*
 * balance_pgdat - kswapd's run: reclaim at rising priority until a zone
 * is balanced (another sweep if one only aged pages: AGING_ROUNDS); a run
 * that frees nothing counts as a failure.  Returns the pages freed.
 */
static unsigned long balance_pgdat(int order, int highest_zoneidx)
{
	struct scan_control sc = {
		.gfp_mask = GFP_KERNEL,
		.order = order,
		.reclaim_idx = highest_zoneidx,
		.may_writepage = 1,
		.may_unmap = 1,
		.may_swap = 1,
		.current_is_kswapd = 1,
	};
	unsigned long total = 0;

	for (int round = 0; round < AGING_ROUNDS; round++) {
		unsigned long before = total, scanned = sc.nr_scanned;

		for (sc.priority = DEF_PRIORITY; sc.priority >= 0; sc.priority--) {
			if (pgdat_balanced(order, highest_zoneidx))
				break;
			sc.nr_reclaimed = 0;
			sc.nr_to_reclaim = SWAP_CLUSTER_MAX;
			shrink_node(first_online_pgdat(), &sc);
			total += sc.nr_reclaimed;
		}
		if (total != before || sc.nr_scanned == scanned ||
		    pgdat_balanced(order, highest_zoneidx))
			break;
	}
	if (!total && !pgdat_balanced(order, highest_zoneidx))
		WRITE_ONCE(kswapd_failures, kswapd_failures + 1);
	return total;
}

/* kswapd - the node's reclaim thread: sleep until woken, balance, repeat. */
static int kswapd(void *unused)
{
	(void)unused;
	for (;;) {
		int order, highest_zoneidx;

		/* Interruptible, as Linux's: "S" in ps (a kthread never gets a signal). */
		wait_event_interruptible(kswapd_wait, READ_ONCE(kswapd_pending));
		order = READ_ONCE(kswapd_order);
		highest_zoneidx = READ_ONCE(kswapd_highest_zoneidx);
		WRITE_ONCE(kswapd_order, 0);
		WRITE_ONCE(kswapd_highest_zoneidx, 0);
		WRITE_ONCE(kswapd_pending, false);
		balance_pgdat(order, highest_zoneidx);
	}
	return 0;
}

/* wakeup_kswapd - see vmscan.h.  Any context (an atomic allocation too). */
void wakeup_kswapd(struct zone *zone, gfp_t gfp_flags, int order, int highest_zoneidx)
{
	(void)gfp_flags;
	if (!kswapd_task || !populated_zone(zone))
		return;
	if (READ_ONCE(kswapd_failures) >= MAX_RECLAIM_RETRIES)
		return;			/* hopeless: direct reclaim or the OOM killer decide */
	if (order > READ_ONCE(kswapd_order))
		WRITE_ONCE(kswapd_order, order);
	if (highest_zoneidx > READ_ONCE(kswapd_highest_zoneidx))
		WRITE_ONCE(kswapd_highest_zoneidx, highest_zoneidx);
	if (READ_ONCE(kswapd_pending))
		return;
	WRITE_ONCE(kswapd_pending, true);
	count_vm_event(KSWAPD_WAKEUP);
	wake_up(&kswapd_wait);
}

/* kswapd_run - see vmscan.h. */
void kswapd_run(void)
{
	struct task_struct *k = kthread_run(kswapd, NULL, "kswapd0");

	if (IS_ERR(k)) {
		pr_err("Failed to start kswapd on node 0 (%ld)\n", PTR_ERR(k));
		return;
	}
	kswapd_task = k;
}
