/*
 * mm/swapfile.c - swap areas: swapon(2), the slot allocator and the
 * per-slot swap counts (Linux's mm/swapfile.c, cut to block devices).
 * swapoff(2) is mm/swapoff.c; the helpers it needs from here are declared
 * in mm/swap_internal.h.
 *
 * A swap area is a disk that util-linux's mkswap formatted: page 0 is the
 * header (union swap_header, mm/swap.h: "SWAPSPACE2", version 1,
 * last_page, a list of bad pages), pages 1..last_page are the slots.  Each
 * area is a struct swap_info_struct in swap_info[type]; a swap entry
 * (type, offset) names one slot (mm/swap.h).
 *
 * Per slot, two views under si->lock:
 *
 *   swap_map[offset]    the count: how many swap ptes refer to the slot
 *                       (low 6 bits) plus SWAP_HAS_CACHE while a swap-cache
 *                       page exists for it.  0 = free.  SWAP_MAP_BAD for
 *                       slot 0 and for mkswap's bad pages: never used.
 *                       A count that reaches SWAP_MAP_MAX sticks there (Linux
 *                       2.6's rule before count continuations): the slot is
 *                       then only freed by swapoff.
 *   free_bitmap         bit set = slot free.  The allocator's fast view, kept
 *                       equal to (swap_map[offset] == 0).
 *
 * The allocator (scan_swap_map, Linux's old one): slots are handed out in
 * runs of SWAP_CLUSTER_PAGES.  When a run is used up, it looks for a wholly
 * free aligned cluster of SWAP_CLUSTER_PAGES slots (4 bitmap words of ones)
 * from lowest_bit up, so that pages reclaimed together land together on
 * the disk (and swap-in readahead of neighbours finds related pages); if
 * there is none it goes on from the first free slot.  Within a run it
 * takes the next free slot after the last one (cluster_next).  So a full
 * search happens once per SWAP_CLUSTER_PAGES allocations.
 * Invariants: no free slot below lowest_bit or above highest_bit;
 * inuse_pages = slots with a nonzero count, not counting bad ones;
 * pages - inuse_pages = bits set in free_bitmap.
 *
 * Counters: nr_swap_pages counts free slots of the areas that are on
 * (atomically; get_nr_swap_pages clamps it at 0) and total_swap_pages
 * (mm/util.c) their usable slots.  Each slot freed adds one and each slot
 * taken subtracts one, whatever the area's state.  swapon adds the area's
 * pages; swapoff subtracts them all at once before bringing pages back in,
 * so as each remaining slot is freed the sum climbs back to the truth
 * (Linux's trick), and a failed swapoff adds them back.
 *
 * swapoff (mm/swapoff.c) uses this file's side of the work: the area
 * stops handing out slots (disable_swap_info), its slots are freed one by
 * one as their pages come back in, then its maps go (swap_free_map) and
 * its type is free again (release_swap_info); reinsert_swap_info turns it
 * back on if swapoff fails.
 *
 * Lock order: swapon_mutex (a sleeping flag: swapon/swapoff one at a time)
 * -> swap_lock -> si->lock.  Never sleeps under a spinlock: the I/O of
 * swapon and swapoff happens with none held.  The swap cache
 * (mm/swap_state.c) calls in here with no lock of its own held, and this
 * file calls the swap cache with none of its spinlocks held.
 */
#include "drivers/block/blkdev.h"
#include "kernel/errno.h"
#include "kernel/fs/fs.h"
#include "kernel/panic.h"
#include "kernel/printk.h"
#include "kernel/sched.h"
#include "kernel/string.h"
#include "kernel/syscalls.h"
#include "kernel/wait.h"
#include "mm/mm.h"
#include "mm/mmap.h"
#include "mm/slab.h"
#include "mm/swap.h"
#include "mm/swap_internal.h"
#include "mm/vmalloc.h"
#include "mm/vmstat.h"

/* swapon(2) flags (Linux's include/linux/swap.h) */
#define SWAP_FLAG_PREFER	0x8000	/* set if swap priority specified */
#define SWAP_FLAG_PRIO_MASK	0x7fff
#define SWAP_FLAG_DISCARD	0x10000	/* enable discard for swap (ignored: no discard here) */
#define SWAP_FLAG_DISCARD_ONCE	0x20000
#define SWAP_FLAG_DISCARD_PAGES	0x40000
#define SWAP_FLAGS_VALID	(SWAP_FLAG_PRIO_MASK | SWAP_FLAG_PREFER | SWAP_FLAG_DISCARD | \
				 SWAP_FLAG_DISCARD_ONCE | SWAP_FLAG_DISCARD_PAGES)

#define BITS_PER_LONG		64

struct swap_info_struct *swap_info[MAX_SWAPFILES];
unsigned int nr_swapfiles;
spinlock_t swap_lock;
long nr_swap_pages;

/* The next default priority: -2, -3, ... (Linux starts its count at -1). */
static int least_priority = -1;

/* swapon_mutex: one swapon or swapoff at a time (they sleep on I/O). */
static bool swapon_busy;
static DECLARE_WAIT_QUEUE_HEAD(swapon_wq);

/* swapon_mutex_lock - see swap_internal.h. */
void swapon_mutex_lock(void)
{
	/* One CPU, no kernel preemption: nothing runs between the wait's end and the store. */
	wait_event(swapon_wq, !READ_ONCE(swapon_busy));
	swapon_busy = true;
}

/* swapon_mutex_unlock - see swap_internal.h. */
void swapon_mutex_unlock(void)
{
	swapon_busy = false;
	wake_up(&swapon_wq);
}

static void add_nr_swap_pages(long delta)
{
	__atomic_add_fetch(&nr_swap_pages, delta, __ATOMIC_RELAXED);
}

/* get_nr_swap_pages - free swap slots (a snapshot; 0 while swapoff's sum is below). */
long get_nr_swap_pages(void)
{
	long n = __atomic_load_n(&nr_swap_pages, __ATOMIC_RELAXED);

	return n > 0 ? n : 0;
}

/* ==== the free bitmap ==== */

static bool slot_is_free(struct swap_info_struct *si, unsigned long off)
{
	return si->free_bitmap[off / BITS_PER_LONG] & (1UL << (off % BITS_PER_LONG));
}

static void set_slot_free(struct swap_info_struct *si, unsigned long off)
{
	si->free_bitmap[off / BITS_PER_LONG] |= 1UL << (off % BITS_PER_LONG);
}

static void clear_slot_free(struct swap_info_struct *si, unsigned long off)
{
	si->free_bitmap[off / BITS_PER_LONG] &= ~(1UL << (off % BITS_PER_LONG));
}

/* The first free slot in [from, highest_bit], or 0 (slot 0 is never free). */
static unsigned long find_next_free(struct swap_info_struct *si, unsigned long from)
{
	unsigned long last = si->highest_bit, word, bits;

	if (from < si->lowest_bit)
		from = si->lowest_bit;
	while (from <= last) {
		word = from / BITS_PER_LONG;
		bits = si->free_bitmap[word] & (~0UL << (from % BITS_PER_LONG));
		if (bits) {
			from = word * BITS_PER_LONG + __builtin_ctzl(bits);
			return from <= last ? from : 0;
		}
		from = (word + 1) * BITS_PER_LONG;
	}
	return 0;
}

/*
 * The first wholly free aligned cluster of SWAP_CLUSTER_PAGES slots from
 * lowest_bit up (its first slot), or 0.
 */
static unsigned long find_free_cluster(struct swap_info_struct *si)
{
	const unsigned long words = SWAP_CLUSTER_PAGES / BITS_PER_LONG;
	unsigned long c, w;

	for (c = ALIGN_DOWN((unsigned long)si->lowest_bit, SWAP_CLUSTER_PAGES);
	     c + SWAP_CLUSTER_PAGES - 1 <= si->highest_bit; c += SWAP_CLUSTER_PAGES) {
		for (w = 0; w < words; w++)
			if (si->free_bitmap[c / BITS_PER_LONG + w] != ~0UL)
				break;
		if (w == words)
			return c;
	}
	return 0;
}

/* ==== taking and freeing slots (si->lock held) ==== */

/* Slot off (free) becomes used: bitmap, inuse_pages, lowest/highest_bit, nr_swap_pages. */
static void swap_range_alloc(struct swap_info_struct *si, unsigned long off)
{
	clear_slot_free(si, off);
	si->inuse_pages++;
	if (si->inuse_pages == si->pages) {
		si->lowest_bit = si->max;
		si->highest_bit = 0;
	} else {
		if (off == si->lowest_bit)
			si->lowest_bit++;
		if (off == si->highest_bit)
			si->highest_bit--;
	}
	add_nr_swap_pages(-1);
}

/* swap_range_free - see swap_internal.h. */
void swap_range_free(struct swap_info_struct *si, unsigned long off)
{
	set_slot_free(si, off);
	si->inuse_pages--;
	if (off < si->lowest_bit)
		si->lowest_bit = off;
	if (off > si->highest_bit)
		si->highest_bit = off;
	add_nr_swap_pages(1);
}

/*
 * scan_swap_map - take a free slot of si, its count SWAP_HAS_CACHE; its
 * offset, or 0 if the area is full.  si->lock held.
 */
static unsigned long scan_swap_map(struct swap_info_struct *si)
{
	unsigned long off;

	if (si->inuse_pages >= si->pages)
		return 0;
	if (!si->cluster_nr) {
		off = find_free_cluster(si);
		si->cluster_next = off ? off : si->lowest_bit;
		si->cluster_nr = SWAP_CLUSTER_PAGES;
	}
	off = find_next_free(si, si->cluster_next);
	if (!off)
		off = find_next_free(si, si->lowest_bit);
	if (WARN_ON_ONCE(!off))
		return 0;
	swap_range_alloc(si, off);
	si->swap_map[off] = SWAP_HAS_CACHE;
	si->cluster_next = off + 1;
	si->cluster_nr--;
	return off;
}

/*
 * swap_entry_put - drop usage (1: a pte's count, or SWAP_HAS_CACHE) from
 * slot off; frees the slot when nothing is left.  Returns the new
 * swap_map value.  si->lock held.
 */
static unsigned char swap_entry_put(struct swap_info_struct *si, unsigned long off,
				    unsigned char usage)
{
	unsigned char map = si->swap_map[off];
	unsigned char count = map & SWAP_COUNT_MASK, cache = map & SWAP_HAS_CACHE;

	if (usage == SWAP_HAS_CACHE) {
		WARN_ON_ONCE(!cache);
		cache = 0;
	} else if (count == 0) {
		pr_err("swap_free: Unused swap offset entry %08lx\n", off);
		return map;
	} else if (count < SWAP_MAP_MAX) {
		count--;			/* a stuck SWAP_MAP_MAX stays */
	}
	map = count | cache;
	si->swap_map[off] = map;
	if (!map)
		swap_range_free(si, off);
	return map;
}

/* ==== entries ==== */

/* swp_swap_info - the area of entry, or NULL if its type is not in use. */
struct swap_info_struct *swp_swap_info(swp_entry_t entry)
{
	unsigned int type = swp_type(entry);
	struct swap_info_struct *si;

	if (type >= nr_swapfiles)
		return NULL;
	si = READ_ONCE(swap_info[type]);
	if (!si || !(si->flags & SWP_USED))
		return NULL;
	return si;
}

/*
 * The area of entry with si->lock taken, or NULL (logged as Linux's
 * swap_info_get does, unless who is NULL) for an entry whose type or
 * offset is not in use.
 */
static struct swap_info_struct *swap_info_get(swp_entry_t entry, const char *who)
{
	struct swap_info_struct *si = swp_swap_info(entry);
	unsigned long off = swp_offset(entry);

	if (!entry.val)
		return NULL;
	if (!si || !si->swap_map) {
		if (who)
			pr_err("%s: Bad swap file entry %08lx\n", who, entry.val);
		return NULL;
	}
	if (off == 0 || off >= si->max) {
		if (who)
			pr_err("%s: Bad swap offset entry %08lx\n", who, entry.val);
		return NULL;
	}
	spin_lock(&si->lock);
	return si;
}

/*
 * get_swap_page_of_type - a free slot of area type (count SWAP_HAS_CACHE),
 * or (swp_entry_t){0}.  Only an area that is on, or a test area, gives one.
 */
swp_entry_t get_swap_page_of_type(int type)
{
	struct swap_info_struct *si;
	unsigned long off = 0;

	if (type < 0 || type >= MAX_SWAPFILES)
		return (swp_entry_t){ 0 };
	spin_lock(&swap_lock);
	si = swap_info[type];
	if (si && (si->flags & SWP_USED) && si->swap_map &&
	    ((si->flags & SWP_WRITEOK) || !si->bdev)) {
		spin_lock(&si->lock);
		off = scan_swap_map(si);
		spin_unlock(&si->lock);
	}
	spin_unlock(&swap_lock);
	return off ? swp_entry(type, off) : (swp_entry_t){ 0 };
}

/*
 * The area get_swap_page should try: on, with a disk, not full, of the
 * highest priority (the lowest type among equals).  swap_lock held.
 */
static struct swap_info_struct *swap_best_area(void)
{
	struct swap_info_struct *si, *best = NULL;
	unsigned int type;

	for (type = 0; type < nr_swapfiles; type++) {
		si = swap_info[type];
		if (!si || !(si->flags & SWP_WRITEOK) || !si->bdev)
			continue;
		if (si->inuse_pages >= si->pages)
			continue;
		if (!best || si->prio > best->prio)
			best = si;
	}
	return best;
}

/*
 * get_swap_page - a free slot from the highest-priority area that has one,
 * its count SWAP_HAS_CACHE; (swp_entry_t){0} if swap is full or off.
 */
swp_entry_t get_swap_page(void)
{
	struct swap_info_struct *si;
	unsigned long off = 0;
	int type = 0;

	if (get_nr_swap_pages() <= 0)
		return (swp_entry_t){ 0 };
	spin_lock(&swap_lock);
	while (!off && (si = swap_best_area()) != NULL) {
		spin_lock(&si->lock);
		off = scan_swap_map(si);
		spin_unlock(&si->lock);
		type = si->type;
		if (!off)
			break;		/* WARNed: the counters lied; do not spin */
	}
	spin_unlock(&swap_lock);
	return off ? swp_entry(type, off) : (swp_entry_t){ 0 };
}

/*
 * __swap_duplicate - take usage on entry: 1 is one more pte's count,
 * SWAP_HAS_CACHE is the swap cache's claim (Linux's, shared by
 * swap_duplicate and swapcache_prepare).  A free or bad slot, or one whose
 * area went away, is -ENOENT - a bug for a pte count (WARNed: the caller
 * copied a stale pte), normal for the cache (a fault that slept while
 * swapoff finished).  A claimed cache is -EEXIST.  A pte count at
 * SWAP_MAP_MAX stays there (the slot is then in use until swapoff).
 */
static int __swap_duplicate(swp_entry_t entry, unsigned char usage)
{
	bool cache = usage == SWAP_HAS_CACHE;
	struct swap_info_struct *si = swap_info_get(entry, cache ? NULL : "swap_dup");
	unsigned long off = swp_offset(entry);
	unsigned char map, count;
	int err = 0;

	if (!si)
		return -ENOENT;
	map = si->swap_map[off];
	count = map & SWAP_COUNT_MASK;
	if (map == 0 || count == SWAP_MAP_BAD) {
		WARN_ON_ONCE(!cache);
		err = -ENOENT;
	} else if (cache) {
		if (map & SWAP_HAS_CACHE)
			err = -EEXIST;
		else
			si->swap_map[off] = map | SWAP_HAS_CACHE;
	} else if (count < SWAP_MAP_MAX) {
		si->swap_map[off] = map + 1;
	} else {
		static bool warned;

		if (!warned)
			pr_warn("swap_dup: swap entry overflow: slot %lu stays in use until swapoff\n", off);
		warned = true;
	}
	spin_unlock(&si->lock);
	return err;
}

/*
 * swap_duplicate - one more pte refers to entry.  0, or -ENOENT for a free
 * or invalid entry (WARNed: the caller copied a stale pte).
 */
int swap_duplicate(swp_entry_t entry)
{
	return __swap_duplicate(entry, 1);
}

/*
 * swapcache_prepare - claim SWAP_HAS_CACHE for entry.  0; -EEXIST if it is
 * already claimed; -ENOENT if the slot is free (or bad), or its area went
 * away (a fault that slept while swapoff finished: not an error, no log).
 */
int swapcache_prepare(swp_entry_t entry)
{
	return __swap_duplicate(entry, SWAP_HAS_CACHE);
}

/*
 * __swap_entry_free - drop usage (1: a pte's count, or SWAP_HAS_CACHE) of
 * entry; the slot is freed when nothing is left.  who names the caller in
 * the log for an invalid entry.
 */
static void __swap_entry_free(swp_entry_t entry, unsigned char usage, const char *who)
{
	struct swap_info_struct *si = swap_info_get(entry, who);

	if (!si)
		return;
	swap_entry_put(si, swp_offset(entry), usage);
	spin_unlock(&si->lock);
}

/* swap_free - one pte fewer refers to entry; the slot is freed when no count is left. */
void swap_free(swp_entry_t entry)
{
	__swap_entry_free(entry, 1, "swap_free");
}

/* put_swap_page - drop SWAP_HAS_CACHE of entry; the slot is freed if no pte count is left. */
void put_swap_page(swp_entry_t entry)
{
	__swap_entry_free(entry, SWAP_HAS_CACHE, "put_swap_page");
}

/* __swap_count - the pte references of entry (0 for a free, bad or invalid one). */
int __swap_count(swp_entry_t entry)
{
	struct swap_info_struct *si = swp_swap_info(entry);
	unsigned long off = swp_offset(entry);
	unsigned char count;

	if (!si || !si->swap_map || off == 0 || off >= si->max)
		return 0;
	count = READ_ONCE(si->swap_map[off]) & SWAP_COUNT_MASK;
	return count == SWAP_MAP_BAD ? 0 : count;
}

/*
 * try_to_free_swap - page (locked, in the swap cache) leaves the cache and
 * its slot is freed, if no swap pte refers to the slot and no write is in
 * flight.  The data now lives only in RAM: the page is dirtied.  True if
 * done.
 */
bool try_to_free_swap(struct page *page)
{
	swp_entry_t entry;

	if (!PageSwapCache(page) || PageWriteback(page))
		return false;
	entry.val = page->private;
	if (__swap_count(entry) > 0)
		return false;
	delete_from_swap_cache(page);
	SetPageDirty(page);
	return true;
}

/*
 * free_swap_and_cache - a swap pte for entry is gone: drop its count; if
 * then only the swap cache holds the slot and the cache page is neither
 * mapped nor locked (nor under writeback), take it out of the cache so
 * that page and slot are both freed.  May not sleep.
 */
void free_swap_and_cache(swp_entry_t entry)
{
	struct swap_info_struct *si = swap_info_get(entry, "free_swap_and_cache");
	unsigned char map;
	struct page *page;

	if (!si)
		return;
	map = swap_entry_put(si, swp_offset(entry), 1);
	spin_unlock(&si->lock);
	if (map != SWAP_HAS_CACHE)
		return;
	page = lookup_swap_cache(entry);
	if (!page)
		return;
	if (trylock_page(page)) {
		if (page_mapcount(page) == 0)
			try_to_free_swap(page);
		unlock_page(page);
	}
	put_page(page);
}

/* ==== the header ==== */

/*
 * swap_parse_header - check mkswap's header page (Linux's read_swap_header):
 * the magic, version 1 (a byte-swapped one is another machine's: refused),
 * last_page (cut to the disk, with a warning), the bad-page list (each page
 * in 1..last_page).  0, or -EINVAL with *why.
 */
int swap_parse_header(const union swap_header *hdr, u64 disk_pages,
		      struct swap_header_info *info, const char **why)
{
	u64 max;
	unsigned int i, bad_below_max = 0;

	memset(info, 0, sizeof(*info));
	if (memcmp(hdr->magic.magic, "SWAPSPACE2", 10)) {
		*why = "no swap signature (SWAPSPACE2) found";
		return -EINVAL;
	}
	if (hdr->info.version != 1) {
		*why = "unsupported swap header version (not 1)";
		return -EINVAL;
	}
	if (hdr->info.last_page == 0 || disk_pages < 2) {
		*why = "empty swap area (last_page 0)";
		return -EINVAL;
	}
	if (hdr->info.nr_badpages > MAX_SWAP_BADPAGES) {
		*why = "too many bad pages in the swap header";
		return -EINVAL;
	}
	max = (u64)hdr->info.last_page + 1;
	if (max > disk_pages) {
		max = disk_pages;
		info->truncated = true;
	}
	if (max > SWP_OFFSET_MASK || max > 0xffffffffULL)
		max = min((u64)SWP_OFFSET_MASK, 0xffffffffULL);
	for (i = 0; i < hdr->info.nr_badpages; i++) {
		u32 bad = hdr->info.badpages[i];

		if (bad == 0 || bad > hdr->info.last_page) {
			*why = "bad page number out of range in the swap header";
			return -EINVAL;
		}
		if (bad < max)
			bad_below_max++;	/* duplicates are mkswap's bug: counted once below */
	}
	info->max = max;
	info->nr_badpages = hdr->info.nr_badpages;
	info->badpages = hdr->info.badpages;
	info->pages = max - 1 - bad_below_max;
	if (info->pages == 0 || bad_below_max >= max - 1) {
		*why = "no usable page in the swap area";
		return -EINVAL;
	}
	return 0;
}

/* ==== setting an area up and tearing it down ==== */

/*
 * The swap map and free bitmap of an area shaped by info (badpages may be
 * NULL): slot 0 and the bad pages SWAP_MAP_BAD, the rest free.  0 or -ENOMEM.
 */
static int swap_setup_map(struct swap_info_struct *si, const struct swap_header_info *info)
{
	unsigned int i, off;

	si->swap_map = vzalloc(info->max);
	si->free_bitmap = vzalloc(DIV_ROUND_UP(info->max, SWAP_CLUSTER_PAGES) *
				  (SWAP_CLUSTER_PAGES / 8));
	if (!si->swap_map || !si->free_bitmap) {
		vfree(si->swap_map);
		vfree(si->free_bitmap);
		si->swap_map = NULL;
		si->free_bitmap = NULL;
		return -ENOMEM;
	}
	si->swap_map[0] = SWAP_MAP_BAD;
	for (i = 0; info->badpages && i < info->nr_badpages; i++)
		if (info->badpages[i] < info->max)
			si->swap_map[info->badpages[i]] = SWAP_MAP_BAD;
	si->pages = 0;
	si->lowest_bit = info->max;
	si->highest_bit = 0;
	for (off = 1; off < info->max; off++) {
		if (si->swap_map[off])
			continue;
		set_slot_free(si, off);
		si->pages++;
		if (off < si->lowest_bit)
			si->lowest_bit = off;
		si->highest_bit = off;
	}
	si->max = info->max;
	si->inuse_pages = 0;
	si->cluster_nr = 0;
	si->cluster_next = 1;
	return 0;
}

/* swap_free_map - see swap_internal.h. */
void swap_free_map(struct swap_info_struct *si)
{
	unsigned char *map = si->swap_map;
	unsigned long *bitmap = si->free_bitmap;

	spin_lock(&si->lock);
	si->swap_map = NULL;
	si->free_bitmap = NULL;
	spin_unlock(&si->lock);
	vfree(map);
	vfree(bitmap);
}

/*
 * The areas' structs live in the kernel image: like Linux, a type's struct
 * is never freed once used (a stale swap entry may still name its type),
 * so allocating them would only make a permanent slab object per type.
 */
static struct swap_info_struct swap_info_storage[MAX_SWAPFILES];

/*
 * alloc_swap_info - claim a free type for bdev (SWP_USED, nothing else
 * yet); ERR_PTR(-EBUSY) if bdev is already swap, -EPERM if every type is
 * taken.
 */
static struct swap_info_struct *alloc_swap_info(struct block_device *bdev)
{
	struct swap_info_struct *si;
	unsigned int type;

	spin_lock(&swap_lock);
	for (type = 0; type < nr_swapfiles; type++) {
		si = swap_info[type];
		if (bdev && si && (si->flags & SWP_USED) && si->bdev == bdev) {
			spin_unlock(&swap_lock);
			return ERR_PTR(-EBUSY);
		}
	}
	for (type = 0; type < nr_swapfiles; type++)
		if (!swap_info[type] || !(swap_info[type]->flags & SWP_USED))
			break;
	if (type >= MAX_SWAPFILES) {
		spin_unlock(&swap_lock);
		return ERR_PTR(-EPERM);
	}
	if (!swap_info[type]) {
		spin_lock_init(&swap_info_storage[type].lock);
		WRITE_ONCE(swap_info[type], &swap_info_storage[type]);
	}
	si = swap_info[type];
	si->type = type;
	si->flags = SWP_USED;
	si->bdev = bdev;
	si->name[0] = 0;
	if (type >= nr_swapfiles)
		nr_swapfiles = type + 1;
	spin_unlock(&swap_lock);
	return si;
}

/* release_swap_info - see swap_internal.h. */
void release_swap_info(struct swap_info_struct *si)
{
	spin_lock(&swap_lock);
	si->flags = 0;
	si->bdev = NULL;
	si->name[0] = 0;
	si->pages = si->inuse_pages = 0;
	spin_unlock(&swap_lock);
}

/* A disk-less area shaped by info, named "(ktest)", not on; NULL if out of memory. */
static struct swap_info_struct *swap_test_area(const struct swap_header_info *info)
{
	struct swap_info_struct *si = alloc_swap_info(NULL);

	if (IS_ERR(si))
		return NULL;
	if (swap_setup_map(si, info)) {
		release_swap_info(si);
		return NULL;
	}
	strscpy(si->name, "(ktest)", sizeof(si->name));
	si->prio = 0;
	return si;
}

/*
 * swap_test_area_create - a disk-less area of max slots for ktests (see
 * mm/swap.h).  Not on: its free slots are not in nr_swap_pages, but each
 * slot taken and freed moves it (by -1 and +1), so it balances when every
 * slot is free again.
 */
struct swap_info_struct *swap_test_area_create(unsigned int max)
{
	struct swap_header_info info = { .max = max };

	if (max < 2)
		return NULL;
	return swap_test_area(&info);
}

/*
 * swap_test_area_from_header - the same, shaped by a header page as
 * swapon would shape it (bad pages too); NULL if the header is refused.
 */
struct swap_info_struct *swap_test_area_from_header(const union swap_header *hdr, u64 disk_pages)
{
	struct swap_header_info info;
	const char *why;

	if (swap_parse_header(hdr, disk_pages, &info, &why))
		return NULL;
	return swap_test_area(&info);
}

/* swap_test_area_destroy - remove a test area; returns the slots still in use. */
unsigned int swap_test_area_destroy(struct swap_info_struct *si)
{
	unsigned int left = si->inuse_pages;

	/* The used slots never gave their -1 back: balance nr_swap_pages. */
	add_nr_swap_pages(left);
	swap_free_map(si);
	release_swap_info(si);
	return left;
}

/*
 * swap_area_check - the invariants of si (top comment): the bitmap agrees
 * with swap_map, inuse_pages with the counts, no free slot outside
 * [lowest_bit, highest_bit].  0, or -EINVAL (logged) at the first broken
 * one.  For the ktests.
 */
int swap_area_check(struct swap_info_struct *si)
{
	unsigned int off, inuse = 0, usable = 0;
	int err = 0;

	spin_lock(&si->lock);
	for (off = 0; off < si->max && !err; off++) {
		unsigned char map = si->swap_map[off];

		if ((map & SWAP_COUNT_MASK) == SWAP_MAP_BAD) {
			if (slot_is_free(si, off))
				err = -EINVAL;
			continue;
		}
		usable++;
		inuse += map != 0;
		if (slot_is_free(si, off) != (map == 0) ||
		    (map == 0 && (off < si->lowest_bit || off > si->highest_bit)))
			err = -EINVAL;
	}
	if (!err && (inuse != si->inuse_pages || usable != si->pages))
		err = -EINVAL;
	spin_unlock(&si->lock);
	if (err)
		pr_err("swap_area_check: %s: broken at slot %u (inuse %u/%u, pages %u/%u)\n",
		       si->name, off - 1, inuse, si->inuse_pages, usable, si->pages);
	return err;
}

/* ==== swapon(2) ==== */

/* The default priorities -2, -3, ... or the one swap_flags asks for. */
static int swap_priority(int swap_flags)
{
	if (swap_flags & SWAP_FLAG_PREFER)
		return swap_flags & SWAP_FLAG_PRIO_MASK;
	return --least_priority;
}

/*
 * Read and check the header of si's disk and build the maps.  0, -EIO (the
 * read failed), -EINVAL (no usable header: logged) or -ENOMEM.
 */
static int swap_read_header(struct swap_info_struct *si)
{
	u64 disk_pages = si->bdev->nr_sectors >> (PAGE_SHIFT - SECTOR_SHIFT);
	struct swap_header_info info;
	union swap_header *hdr;
	const char *why = NULL;
	int err;

	hdr = kmalloc(PAGE_SIZE, GFP_KERNEL);
	if (!hdr)
		return -ENOMEM;
	err = blkdev_read(si->bdev, 0, hdr, PAGE_SIZE);
	if (err) {
		pr_err("swapon: %s: cannot read the swap header: %d\n", si->name, err);
		goto out;
	}
	err = swap_parse_header(hdr, disk_pages, &info, &why);
	if (err) {
		pr_err("swapon: %s: %s\n", si->name, why);
		goto out;
	}
	if (info.truncated)
		pr_warn("Truncating oversized swap area, only using %uk out of %lluk\n",
			info.max << (PAGE_SHIFT - 10),
			((u64)hdr->info.last_page + 1) << (PAGE_SHIFT - 10));
	err = swap_setup_map(si, &info);
out:
	kfree(hdr);
	return err;
}

/* Turn the prepared area on: slots may be handed out from now. */
static void enable_swap_info(struct swap_info_struct *si, int prio)
{
	spin_lock(&swap_lock);
	si->prio = prio;
	si->flags |= SWP_WRITEOK;
	add_nr_swap_pages(si->pages);
	total_swap_pages += si->pages;
	spin_unlock(&swap_lock);
}

/*
 * do_swapon - turn the block device called name ("/dev/vda") on as swap.
 * 0; -ENOENT (no such block device), -EBUSY (already swap), -EINVAL (bad
 * flags, no mkswap header: logged), -EIO, -ENOMEM.  Sleeps.
 */
int do_swapon(const char *name, int swap_flags)
{
	struct swap_info_struct *si;
	struct block_device *bdev;
	int err;

	if (swap_flags & ~SWAP_FLAGS_VALID)
		return -EINVAL;
	swapon_mutex_lock();
	bdev = blkdev_get_by_name(name);
	err = -ENOENT;
	if (!bdev)
		goto out;
	si = alloc_swap_info(bdev);
	err = PTR_ERR(si);
	if (IS_ERR(si))
		goto out;
	strscpy(si->name, name, sizeof(si->name));
	err = swap_read_header(si);
	if (err) {
		release_swap_info(si);
		goto out;
	}
	enable_swap_info(si, swap_priority(swap_flags));
	pr_info("Adding %uk swap on %s.  Priority:%d extents:1 across:%uk \n",
		si->pages << (PAGE_SHIFT - 10), si->name, si->prio,
		si->pages << (PAGE_SHIFT - 10));
	err = 0;
out:
	swapon_mutex_unlock();
	return err;
}

/* swapon(2) - do_swapon on a path from user space (-EFAULT, -ENAMETOOLONG too). */
SYSCALL_DEFINE2(swapon, const char __user *, specialfile, int, swap_flags)
{
	struct filename *name = getname(specialfile);
	int err;

	if (IS_ERR(name))
		return PTR_ERR(name);
	err = do_swapon(name->name, swap_flags);
	putname(name);
	return err;
}

/* ==== turning an area off (mm/swapoff.c drives it) ==== */

/* disable_swap_info - see swap_internal.h. */
void disable_swap_info(struct swap_info_struct *si)
{
	spin_lock(&swap_lock);
	spin_lock(&si->lock);
	si->flags &= ~SWP_WRITEOK;
	spin_unlock(&si->lock);
	add_nr_swap_pages(-(long)si->pages);
	total_swap_pages -= si->pages;
	spin_unlock(&swap_lock);
}

/* reinsert_swap_info - see swap_internal.h. */
void reinsert_swap_info(struct swap_info_struct *si)
{
	enable_swap_info(si, si->prio);
}

/* swap_close_priority_gap - see swap_internal.h. */
void swap_close_priority_gap(int prio)
{
	unsigned int type;

	if (prio >= 0)
		return;
	spin_lock(&swap_lock);
	for (type = 0; type < nr_swapfiles; type++) {
		struct swap_info_struct *si = swap_info[type];

		if (si && (si->flags & SWP_USED) && si->prio < prio)
			si->prio++;
	}
	least_priority++;
	spin_unlock(&swap_lock);
}

/* swap_init - boot-time setup: the locks (the swap cache needs none: static). */
void swap_init(void)
{
	spin_lock_init(&swap_lock);
	nr_swap_pages = 0;
}
