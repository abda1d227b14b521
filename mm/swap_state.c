/*
 * mm/swap_state.c - the swap cache and swap-in readahead (Linux's
 * mm/swap_state.c).
 *
 * The swap cache maps a swap entry to the page that holds its data in
 * RAM.  It is what lets a slot and a page exist at the same time:
 *
 *   swap-out  reclaim's add_to_swap puts an anonymous page in the cache
 *             under a new slot; try_to_unmap turns the ptes into the
 *             entry; pageout writes it; only then does __remove_mapping
 *             take it out and free it.  A fault in between finds the page
 *             here and maps it back without any I/O.
 *   swap-in   do_swap_page looks the entry up here first.  After a COW
 *             fork, parent and child hold the same entry in their ptes; the
 *             first to fault reads the page into the cache, the second
 *             finds it there: the page is read once and shared again.
 *   readahead swapin_readahead reads the neighbouring slots into the cache
 *             too, in the hope that they are wanted next (a sequential
 *             scan); a window that grows with hits and shrinks without
 *             them (Linux's __swapin_nr_pages) keeps random access from
 *             reading 2^page_cluster pages per fault.  The window's pages
 *             are all added to the cache first (locked, not yet
 *             uptodate), then read in slot order with one disk request per
 *             run of consecutive slots (swap_readpages, mm/page_io.c):
 *             reading 8 neighbours costs about what reading one does.
 *
 * A page in the swap cache has PG_swapcache, page->private = entry.val,
 * PG_swapbacked, and one reference that is the cache's own; it is on an LRU
 * list (pages read in are added to the inactive anon list here), so reclaim
 * can drop it again.  Its slot's swap_map count has SWAP_HAS_CACHE
 * (mm/swapfile.c), claimed before the page is added (get_swap_page,
 * swapcache_prepare) and dropped after it leaves (put_swap_page).  A page
 * leaves the cache when reclaim frees it (clean and unmapped), when no pte
 * refers to its slot any more (try_to_free_swap: zap, the last swap-in of a
 * page written to), or after a read error.
 *
 * The index is a hash table of chains through struct page (swap_next):
 * adding a page never allocates, so reclaim can always use it.  2^12
 * buckets cover a few tens of thousands of cached pages with short chains.
 *
 * page->mapping: PAGE_MAPPING_ANON only while some pte maps the page
 * (mm/memory.c's rule); a swap-cache page no pte maps has mapping NULL.
 *
 * Locking: swap_cache_lock guards the hash chains, PG_swapcache and
 * page->private of cached pages, and the counters.  Changing a page's
 * membership (add, delete) needs the page lock too, so a holder of the
 * page lock sees a stable PG_swapcache.  Never held across I/O or an
 * allocation; taken inside the page lock and outside si->lock (swapfile.c's
 * functions are called after dropping it).
 */
#include "kernel/errno.h"
#include "kernel/panic.h"
#include "kernel/spinlock.h"
#include "mm/memory.h"
#include "mm/mm.h"
#include "mm/swap.h"
#include "mm/vmscan.h"
#include "mm/vmstat.h"

/* page_cluster - see swap.h (Linux's default 3: up to 8 pages per readahead). */
int page_cluster = 3;

#define SWAP_CACHE_HASH_BITS	12
#define SWAP_CACHE_HASH_SIZE	(1UL << SWAP_CACHE_HASH_BITS)

static struct page *swap_cache_hash[SWAP_CACHE_HASH_SIZE];
static DEFINE_SPINLOCK(swap_cache_lock);
static unsigned long swap_cache_pages;		/* pages in the cache now */
static struct swap_cache_stats swap_cache_stats;

/* The readahead window's state (Linux's swapin_readahead_hits, prev_offset, last_readahead_pages). */
static unsigned long swapin_readahead_hits;
static unsigned long swapin_prev_offset;
static unsigned int swapin_last_window;

/* swap_cache_bucket - the chain entry's page is on. */
static struct page **swap_cache_bucket(swp_entry_t entry)
{
	return &swap_cache_hash[(entry.val * 0x9e3779b97f4a7c15UL) >> (64 - SWAP_CACHE_HASH_BITS)];
}

/* __swap_cache_find - the cached page for entry, or NULL.  swap_cache_lock held. */
static struct page *__swap_cache_find(swp_entry_t entry)
{
	for (struct page *page = *swap_cache_bucket(entry); page; page = page->swap_next)
		if (page->private == entry.val)
			return page;
	return NULL;
}

/* find_get_swap_page - see swap.h: lookup_swap_cache without the statistics. */
struct page *find_get_swap_page(swp_entry_t entry)
{
	struct page *page;

	spin_lock(&swap_cache_lock);
	page = __swap_cache_find(entry);
	if (page)
		get_page(page);
	spin_unlock(&swap_cache_lock);
	return page;
}

/* total_swapcache_pages - see swap.h. */
unsigned long total_swapcache_pages(void)
{
	return READ_ONCE(swap_cache_pages);
}

/* swap_cache_info - see swap.h. */
void swap_cache_info(struct swap_cache_stats *stats)
{
	spin_lock(&swap_cache_lock);
	*stats = swap_cache_stats;
	spin_unlock(&swap_cache_lock);
}

/* add_to_swap_cache - see swap.h.  Page locked; never allocates (gfp is Linux's, unused). */
int add_to_swap_cache(struct page *page, swp_entry_t entry, gfp_t gfp)
{
	struct page **bucket = swap_cache_bucket(entry);

	(void)gfp;
	WARN_ON_ONCE(!PageLocked(page));
	if (WARN_ON_ONCE(PageSwapCache(page)))
		return -EEXIST;
	spin_lock(&swap_cache_lock);
	if (__swap_cache_find(entry)) {
		spin_unlock(&swap_cache_lock);
		return -EEXIST;
	}
	get_page(page);				/* the cache's reference */
	SetPageSwapCache(page);
	SetPageSwapBacked(page);
	page->private = entry.val;
	page->swap_next = *bucket;
	*bucket = page;
	swap_cache_pages++;
	swap_cache_stats.add_total++;
	spin_unlock(&swap_cache_lock);
	inc_node_page_state(page, NR_SWAPCACHE);
	return 0;
}

/* __delete_from_swap_cache - unlink page from its chain; the slot and the reference stay. */
static void __delete_from_swap_cache(struct page *page, swp_entry_t entry)
{
	struct page **pp = swap_cache_bucket(entry);

	spin_lock(&swap_cache_lock);
	while (*pp && *pp != page)
		pp = &(*pp)->swap_next;
	if (!WARN_ON_ONCE(!*pp))
		*pp = page->swap_next;
	page->swap_next = NULL;
	ClearPageSwapCache(page);
	page->private = 0;
	swap_cache_pages--;
	swap_cache_stats.del_total++;
	spin_unlock(&swap_cache_lock);
	dec_node_page_state(page, NR_SWAPCACHE);
}

/* delete_from_swap_cache - see swap.h.  Page locked; the caller holds its own reference. */
void delete_from_swap_cache(struct page *page)
{
	swp_entry_t entry = { page->private };

	WARN_ON_ONCE(!PageLocked(page));
	if (WARN_ON_ONCE(!PageSwapCache(page)))
		return;
	__delete_from_swap_cache(page, entry);
	put_swap_page(entry);
	put_page(page);				/* the cache's reference */
}

/* lookup_swap_cache - see swap.h.  A hit on an unmapped page feeds the readahead window. */
struct page *lookup_swap_cache(swp_entry_t entry)
{
	struct page *page = find_get_swap_page(entry);

	spin_lock(&swap_cache_lock);
	swap_cache_stats.find_total++;
	if (page) {
		swap_cache_stats.find_success++;
		if (page_mapcount(page) <= 0)
			swapin_readahead_hits++;	/* read ahead (or left by reclaim), not shared */
	}
	spin_unlock(&swap_cache_lock);
	return page;
}

/* add_to_swap - see swap.h.  Page locked and isolated by reclaim. */
bool add_to_swap(struct page *page)
{
	swp_entry_t entry;

	WARN_ON_ONCE(!PageLocked(page));
	entry = get_swap_page();
	if (!entry.val)
		return false;
	if (add_to_swap_cache(page, entry, GFP_ATOMIC)) {
		put_swap_page(entry);
		return false;
	}
	/* RAM holds the only copy until pageout writes the slot. */
	SetPageUptodate(page);
	SetPageDirty(page);
	return true;
}

/*
 * free_swap_cache - page (a reference held) may leave the swap cache if no
 * pte maps it and no swap pte refers to its slot any more: the data is
 * wanted by nobody.  Never sleeps; a locked page is left for reclaim.
 */
void free_swap_cache(struct page *page)
{
	if (!PageSwapCache(page) || page_mapcount(page) > 0 || !trylock_page(page))
		return;
	if (PageSwapCache(page) && page_mapcount(page) <= 0 && try_to_free_swap(page))
		ClearPageDirty(page);		/* nobody will read it: no write either */
	unlock_page(page);
}

/*
 * swap_cache_add_new - page (fresh, our reference) becomes the cache's page
 * for entry, whose SWAP_HAS_CACHE we claimed, waiting to be read: locked
 * (a fault finding it waits for the data), not uptodate, on the LRU.  The
 * page, or NULL with *err = -EEXIST (someone added one first).
 */
static struct page *swap_cache_add_new(struct page *page, swp_entry_t entry, int *err)
{
	trylock_page(page);			/* fresh: nobody else can hold it */
	SetPageSwapBacked(page);
	ClearPageUptodate(page);
	if (add_to_swap_cache(page, entry, GFP_KERNEL)) {
		put_swap_page(entry);
		unlock_page(page);
		put_page(page);
		*err = -EEXIST;
		return NULL;
	}
	lru_cache_add(page);			/* reclaim can find it, mapped or not */
	return page;
}

/*
 * swap_cache_read_done - a page of swap_cache_add_new has been through
 * swap_readpage(s): unlocked; if its read failed it leaves the cache and
 * our reference is dropped.  The page, or NULL with *err = -EIO.
 */
static struct page *swap_cache_read_done(struct page *page, int *err)
{
	if (!PageUptodate(page)) {
		*err = -EIO;
		delete_from_swap_cache(page);
		unlock_page(page);
		put_page(page);
		return NULL;
	}
	unlock_page(page);
	return page;
}

/*
 * swap_cache_get_or_add - the swap-cache page for entry with a reference:
 * found (*new_page_allocated false), or newly allocated and added by
 * swap_cache_add_new, locked and not yet read (*new_page_allocated true:
 * the caller reads it and calls swap_cache_read_done).  Linux's
 * __read_swap_cache_async does just this half.  NULL with *err as for
 * __read_swap_cache_async.  May sleep (the allocation).
 */
static struct page *swap_cache_get_or_add(swp_entry_t entry, gfp_t gfp_mask,
					  bool *new_page_allocated, int *err)
{
	*new_page_allocated = false;
	*err = -EEXIST;
	for (int tries = 0; tries < 4; tries++) {
		struct page *page = find_get_swap_page(entry), *new_page;
		int ret;

		if (page)
			return page;
		new_page = alloc_page(gfp_mask);
		if (!new_page) {
			*err = -ENOMEM;
			return NULL;
		}
		/* The allocation may have slept in reclaim: someone may have read it meanwhile. */
		page = find_get_swap_page(entry);
		if (page) {
			__free_page(new_page);
			return page;
		}
		ret = swapcache_prepare(entry);
		if (ret == -EEXIST) {
			__free_page(new_page);
			continue;
		}
		if (ret) {
			__free_page(new_page);
			*err = ret;
			return NULL;
		}
		page = swap_cache_add_new(new_page, entry, err);
		*new_page_allocated = page != NULL;
		return page;
	}
	return NULL;
}

/*
 * __read_swap_cache_async - read_swap_cache_async (see swap.h) that says
 * why it returns NULL: *err is -ENOMEM, -ENOENT (the slot was freed: the
 * pte that named it changed), -EEXIST (lost a race: look again) or -EIO.
 * May sleep (the allocation, the read).
 */
struct page *__read_swap_cache_async(swp_entry_t entry, gfp_t gfp_mask, bool *new_page_allocated,
				     int *err)
{
	struct page *page = swap_cache_get_or_add(entry, gfp_mask, new_page_allocated, err);

	if (!page || !*new_page_allocated)
		return page;
	swap_readpage(page);
	page = swap_cache_read_done(page, err);
	*new_page_allocated = page != NULL;
	return page;
}

/* read_swap_cache_async - see swap.h. */
struct page *read_swap_cache_async(swp_entry_t entry, gfp_t gfp_mask, bool *new_page_allocated)
{
	int err;

	return __read_swap_cache_async(entry, gfp_mask, new_page_allocated, &err);
}

/*
 * swapin_nr_pages - the readahead window for a miss at offset (Linux's
 * __swapin_nr_pages): with no hits since the last miss, read one page
 * unless this miss is next to the previous one (a sequential scan
 * starting); with hits, the next power of two above hits + 2; never more
 * than 2^page_cluster, never below half the last window (shrink slowly).
 */
static unsigned int swapin_nr_pages(unsigned long offset)
{
	unsigned int max_pages = 1U << (page_cluster > 0 ? page_cluster : 0);
	unsigned long hits, prev;
	unsigned int pages;

	spin_lock(&swap_cache_lock);
	hits = swapin_readahead_hits;
	swapin_readahead_hits = 0;
	prev = swapin_prev_offset;
	swapin_prev_offset = offset;
	spin_unlock(&swap_cache_lock);

	pages = hits + 2;
	if (pages == 2) {
		if (offset != prev + 1 && offset != prev - 1)
			pages = 1;
	} else {
		unsigned int roundup = 4;

		while (roundup < pages)
			roundup <<= 1;
		pages = roundup;
	}
	if (pages > max_pages)
		pages = max_pages;
	if (pages < swapin_last_window / 2)
		pages = swapin_last_window / 2;
	swapin_last_window = pages;
	return pages;
}

/*
 * swapin_ra_page - a readahead page for slot e: new in the swap cache,
 * locked, waiting to be read; NULL if the slot is free, bad, held only by
 * the cache, or already cached (nothing to read), or with *err = -ENOMEM.
 */
static struct page *swapin_ra_page(swp_entry_t e, gfp_t ra_gfp, int *err)
{
	int count = __swap_count(e);
	struct page *page;
	bool new_page;

	*err = 0;
	if (count <= 0 || count == SWAP_MAP_BAD)
		return NULL;
	page = swap_cache_get_or_add(e, ra_gfp, &new_page, err);
	if (page && !new_page) {
		put_page(page);
		return NULL;
	}
	return page;
}

/*
 * swapin_read_batch - read batch[0..n) (new cache pages, locked, in slot
 * order) with one request per run of consecutive slots, then let every
 * page but keep (the faulting one, finished by the caller) go: unlocked,
 * our reference dropped, out of the cache if its read failed.
 */
static void swapin_read_batch(struct page **batch, unsigned int n, struct page *keep)
{
	int err;

	swap_readpages(batch, n);
	for (unsigned int i = 0; i < n; i++) {
		if (batch[i] == keep)
			continue;
		if (swap_cache_read_done(batch[i], &err))
			put_page(batch[i]);
	}
}

/*
 * swap_cluster_readahead - entry's page (its slot at offset in si, not in
 * the cache: allocated with gfp_mask) and the other in-use slots of the
 * aligned window of win slots around it (allocated without direct
 * reclaim: readahead never pushes anything out to make room for a guess),
 * read together in slot order: one request per run of consecutive slots,
 * SWAP_BATCH_MAX pages at most.  A read that fails for the run entry is in
 * is retried for entry's page alone, so that a bad neighbouring slot
 * cannot cost the faulting process a page that reads fine.  Returns
 * entry's page with a reference, or NULL with *err set.
 */
static struct page *swap_cluster_readahead(struct swap_info_struct *si, swp_entry_t entry,
					   gfp_t gfp_mask, unsigned int win, int *err)
{
	gfp_t ra_gfp = (gfp_mask & ~__GFP_DIRECT_RECLAIM) | __GFP_NOWARN | __GFP_NORETRY;
	unsigned long offset = swp_offset(entry);
	unsigned long start = max(offset & ~((unsigned long)win - 1), 1UL);	/* slot 0: header */
	unsigned long end = min(start + win, (unsigned long)si->max);
	struct page *page, *batch[SWAP_BATCH_MAX];
	unsigned int n = 0;
	bool new_page;
	int ra_err;

	page = swap_cache_get_or_add(entry, gfp_mask, &new_page, err);
	if (!page || !new_page)
		return page;			/* found in the cache: nothing to read */
	for (unsigned long off = start; off < end; off++) {
		struct page *ra = page;

		if (off != offset) {
			ra = swapin_ra_page(swp_entry(swp_type(entry), off), ra_gfp, &ra_err);
			if (ra_err == -ENOMEM)
				break;
			if (!ra)
				continue;
		}
		batch[n++] = ra;
		if (n == SWAP_BATCH_MAX) {
			swapin_read_batch(batch, n, page);
			n = 0;
		}
	}
	if (n)
		swapin_read_batch(batch, n, page);
	if (!PageUptodate(page))
		swap_readpage(page);		/* offset's run failed: try offset alone */
	return swap_cache_read_done(page, err);
}

/*
 * swapin_readahead - see swap.h (Linux's swap_cluster_readahead behind it).
 * Reads one page when the window (swapin_nr_pages) is one, else the
 * window around entry in as few requests as its in-use slots allow.
 * When entry's page cannot be had, vmf->swap_err says why (vmf may be
 * NULL).
 */
struct page *swapin_readahead(swp_entry_t entry, gfp_t gfp_mask, struct vm_fault *vmf)
{
	struct swap_info_struct *si = swp_swap_info(entry);
	unsigned int win = swapin_nr_pages(swp_offset(entry));
	struct page *page;
	bool new_page;
	int err;

	if (!si || win <= 1)
		page = __read_swap_cache_async(entry, gfp_mask, &new_page, &err);
	else
		page = swap_cluster_readahead(si, entry, gfp_mask, win, &err);
	if (!page && vmf)
		vmf->swap_err = err;
	return page;
}
