/*
 * mm/swap.h - swap: the API of mm/swapfile.c (swap areas and their slots),
 * mm/swap_state.c (the swap cache and swap-in readahead) and mm/page_io.c
 * (reading and writing pages of swap).  Linux's include/linux/swap.h,
 * swapops.h and pagemap.h's page lock, cut to what Pagoda has.
 *
 * The life of an anonymous page that reclaim picks (mm/vmscan.c):
 *
 *   add_to_swap        get_swap_page() gives it a free slot (count
 *                      SWAP_HAS_CACHE: only the swap cache uses it) and it
 *                      joins the swap cache under that entry (PG_swapcache,
 *                      page->private = entry.val), marked dirty
 *   try_to_unmap       every pte mapping it becomes the swap entry
 *                      (swp_entry_to_pte); each one takes a swap count
 *                      (swap_duplicate) and MM_SWAPENTS rises, MM_ANONPAGES falls
 *   pageout            swap_writepages() writes it to its slot, in one
 *                      request with the other pages of reclaim's batch whose
 *                      slots are its neighbours
 *   __remove_mapping   clean, unmapped, only reclaim's reference left: it
 *                      leaves the swap cache (the slot keeps the data) and is
 *                      freed
 *
 * and back: a fault on a swap pte (do_swap_page, mm/memory.c) looks the
 * entry up in the swap cache (a page shared by a COW fork is read once:
 * the second process finds it there) or reads it with its neighbours
 * (swapin_readahead, 2^page_cluster slots), maps it and drops the pte's
 * swap count (swap_free); a slot whose counts are all gone is free again.
 * Unmapping a swap pte (munmap, exit) calls free_swap_and_cache().
 *
 * Swap counts (swap_info_struct.swap_map[offset], Linux's): the number of
 * swap ptes referring to the slot, plus SWAP_HAS_CACHE while a page for
 * it is in the swap cache.  0 = free; SWAP_MAP_BAD = a bad page the
 * mkswap header lists, never used.
 */
#ifndef MM_SWAP_H
#define MM_SWAP_H

#include "arch/x86_64/pgtable.h"
#include "kernel/spinlock.h"
#include "kernel/types.h"
#include "mm/gfp.h"

struct page;
struct vm_fault;
struct block_device;

/* ==== swap entries (Linux's swp_entry_t and swapops.h) ==== */
/*
 * swp_entry_t - (type, offset): the swap area (index in swap_info[]) and
 * the page slot in it.  Arch-independent form: type in the top bits.
 * A zero val is "no entry" (slot 0 is the header page, never handed out).
 */
typedef struct {
	unsigned long val;
} swp_entry_t;

#define MAX_SWAPFILES_SHIFT	5
#define MAX_SWAPFILES		(1 << MAX_SWAPFILES_SHIFT)	/* 32 areas at most */
#define SWP_TYPE_SHIFT		(64 - MAX_SWAPFILES_SHIFT)
#define SWP_OFFSET_MASK		((1UL << SWP_TYPE_SHIFT) - 1)

static inline swp_entry_t swp_entry(unsigned long type, unsigned long offset)
{
	return (swp_entry_t){ (type << SWP_TYPE_SHIFT) | (offset & SWP_OFFSET_MASK) };
}
static inline unsigned int swp_type(swp_entry_t entry) { return entry.val >> SWP_TYPE_SHIFT; }
static inline unsigned long swp_offset(swp_entry_t entry) { return entry.val & SWP_OFFSET_MASK; }

/*
 * The entry in a pte (x86-64, Pagoda's layout): not present (bit 0 clear),
 * not PROT_NONE (bit 8, _PAGE_PROTNONE, clear), so pte_present() is false
 * and pte_none() is false.  Type in bits 1..5, offset from bit 9 up.
 *   63 ............................. 9 | 8 | 7 6 | 5 ... 1 | 0
 *   offset                             | 0 | 0 0 | type    | 0
 */
#define __SWP_TYPE_PTE_SHIFT	1
#define __SWP_OFFSET_PTE_SHIFT	9

/* is_swap_pte - a pte holding a swap entry: neither empty nor mapping a page. */
static inline bool is_swap_pte(pte_t pte)
{
	return !pte_none(pte) && !pte_present(pte);
}
/* pte_to_swp_entry / swp_entry_to_pte - between the two forms. */
static inline swp_entry_t pte_to_swp_entry(pte_t pte)
{
	unsigned long v = pte_val(pte);

	return swp_entry((v >> __SWP_TYPE_PTE_SHIFT) & (MAX_SWAPFILES - 1),
			 v >> __SWP_OFFSET_PTE_SHIFT);
}
static inline pte_t swp_entry_to_pte(swp_entry_t entry)
{
	return __pte(((u64)swp_type(entry) << __SWP_TYPE_PTE_SHIFT) |
		     ((u64)swp_offset(entry) << __SWP_OFFSET_PTE_SHIFT));
}

/* ==== swap areas (mm/swapfile.c) ==== */
#define SWAP_HAS_CACHE	0x40	/* swap_map: a swap-cache page exists for the slot */
#define SWAP_MAP_MAX	0x3e	/* swap_map: most pte references a slot can count */
#define SWAP_MAP_BAD	0x3f	/* swap_map: a bad page (mkswap's list), never used */
#define SWAP_COUNT_MASK	0x3f

/* swap_info_struct.flags */
#define SWP_USED	(1 << 0)	/* this swap_info[] entry is taken */
#define SWP_WRITEOK	(1 << 1)	/* on: slots may be handed out (off during swapoff) */

#define SWAP_CLUSTER_PAGES	256	/* slots allocated near each other before a new search */

/*
 * struct swap_info_struct - one swap area (Linux's, the fields Pagoda uses).
 * The disk's layout is mkswap's: page 0 the header, pages 1..last_page
 * the slots; bad pages listed in the header are SWAP_MAP_BAD.
 */
struct swap_info_struct {
	unsigned long flags;		/* SWP_* */
	signed short prio;		/* higher is used first; swapon's default -2, -3, ... */
	signed char type;		/* index in swap_info[] */
	unsigned int max;		/* slots in the area: last_page + 1 (slot 0 is the header) */
	unsigned int pages;		/* usable slots: max - 1 - bad pages */
	unsigned int inuse_pages;	/* slots with a nonzero count */
	unsigned char *swap_map;	/* max counts (vmalloc) */
	unsigned long *free_bitmap;	/* bit set = slot free (the allocator's view) */
	unsigned int lowest_bit;	/* no free slot below */
	unsigned int highest_bit;	/* ... or above */
	unsigned int cluster_next;	/* the cluster hint: try here first */
	unsigned int cluster_nr;	/* slots left to allocate in the current cluster */
	struct block_device *bdev;	/* the disk (drivers/block/blkdev.h) */
	char name[64];			/* the path given to swapon ("/dev/vda") */
	spinlock_t lock;		/* swap_map, free_bitmap and the counters above */
};

/* swap_info - the areas, by type; NULL or !(flags & SWP_USED) for an unused one. */
extern struct swap_info_struct *swap_info[MAX_SWAPFILES];
/* nr_swapfiles - entries of swap_info[] ever used (a high-water mark). */
extern unsigned int nr_swapfiles;
/* swap_lock - guards swap_info[], nr_swapfiles, nr_swap_pages, total_swap_pages. */
extern spinlock_t swap_lock;
/* nr_swap_pages - free slots in all areas that are on; total_swap_pages (mm/mmap.h): usable slots. */
extern long nr_swap_pages;

/* get_nr_swap_pages - free swap slots (a snapshot). */
long get_nr_swap_pages(void);
/*
 * get_swap_page - a free slot from the highest-priority area, its count set
 * to SWAP_HAS_CACHE (the caller is about to add a page to the swap cache).
 * (swp_entry_t){0} if swap is full or off.
 */
swp_entry_t get_swap_page(void);
/*
 * swap_duplicate - one more pte refers to entry (fork copies a swap pte,
 * try_to_unmap installs one).  0, or -ENOENT for an entry that is free or
 * invalid (a bug: WARN).
 */
int swap_duplicate(swp_entry_t entry);
/* swap_free - one pte fewer refers to entry; the slot is freed when no count is left. */
void swap_free(swp_entry_t entry);
/*
 * swapcache_prepare - claim SWAP_HAS_CACHE for entry before reading it into
 * a new swap-cache page.  0; -EEXIST if a cache page exists or is being
 * added; -ENOENT if the slot is free (the pte changed under us).
 */
int swapcache_prepare(swp_entry_t entry);
/* put_swap_page - drop SWAP_HAS_CACHE (the page left the swap cache, or never joined it). */
void put_swap_page(swp_entry_t entry);
/* __swap_count - the pte references of entry (without SWAP_HAS_CACHE). */
int __swap_count(swp_entry_t entry);
/*
 * free_swap_and_cache - a swap pte for entry is gone (zap): swap_free, and
 * if only the swap cache still holds the slot and its page is neither
 * mapped nor locked, take the page out of the cache so both are freed.
 */
void free_swap_and_cache(swp_entry_t entry);
/*
 * try_to_free_swap - page is in the swap cache and nothing else refers to
 * its slot (no swap pte): remove it from the cache and free the slot (the
 * page's contents now live only in RAM: mark it dirty).  True if done.
 * Page locked.
 */
bool try_to_free_swap(struct page *page);
/* swp_swap_info - the area of entry, or NULL if the type is not in use. */
struct swap_info_struct *swp_swap_info(swp_entry_t entry);
/* swap_init - boot-time setup (swap_cache hash, swap_lock); called from mm_init. */
void swap_init(void);

/*
 * get_swap_page_of_type - get_swap_page from area type alone (Linux's;
 * the ktests use it on a test area).  (swp_entry_t){0} if it is full or
 * not handing out slots.
 */
swp_entry_t get_swap_page_of_type(int type);

/*
 * do_swapon / do_swapoff - swapon(2) and swapoff(2) on a path already in
 * kernel memory ("/dev/vda"); the syscalls and the ktests call them.
 * do_swapon: 0, -ENOENT, -EBUSY, -EINVAL (no mkswap header: logged), -EIO,
 * -ENOMEM.  do_swapoff: 0, -EINVAL (not on), -ENOMEM (the area stays on,
 * nothing lost), -EBUSY, -EINTR.  Both sleep.
 */
int do_swapon(const char *name, int swap_flags);
int do_swapoff(const char *name);

/* ---- the on-disk header (mkswap's; Linux's include/linux/swap.h) ---- */
/*
 * union swap_header - page 0 of a swap area as util-linux's mkswap writes
 * it: the magic "SWAPSPACE2" in the page's last 10 bytes; version 1;
 * last_page, the last usable page (slots 1..last_page); nr_badpages
 * entries of badpages[] (page numbers never to be used).
 */
union swap_header {
	struct {
		char reserved[PAGE_SIZE - 10];
		char magic[10];			/* "SWAPSPACE2" */
	} magic;
	struct {
		char bootbits[1024];		/* room for a disk label or boot block */
		u32 version;			/* 1 */
		u32 last_page;			/* the last page of the area */
		u32 nr_badpages;		/* entries used in badpages[] */
		unsigned char sws_uuid[16];
		unsigned char sws_volume[16];	/* the label */
		u32 padding[117];
		u32 badpages[1];		/* ... up to MAX_SWAP_BADPAGES */
	} info;
};
#define MAX_SWAP_BADPAGES \
	((offsetof(union swap_header, magic.magic) - offsetof(union swap_header, info.badpages)) / sizeof(u32))

/* struct swap_header_info - what swap_parse_header found: the area's shape. */
struct swap_header_info {
	unsigned int max;		/* slots: last_page + 1, cut to the disk's size */
	unsigned int pages;		/* usable slots: max - 1 - bad pages below max */
	unsigned int nr_badpages;	/* entries of badpages */
	const u32 *badpages;		/* inside the header page */
	bool truncated;			/* last_page was beyond the disk */
};
/*
 * swap_parse_header - check a header page read from a disk of disk_pages
 * pages and describe the area in *info.  0, or -EINVAL with *why set to
 * the reason ("no swap signature (SWAPSPACE2) found", ...).  Pure: no I/O,
 * no allocation (so it is tested on synthetic pages).
 */
int swap_parse_header(const union swap_header *hdr, u64 disk_pages,
		      struct swap_header_info *info, const char **why);

/* ---- test support (mm/swapfile_test.c, mm/swap_state_test.c) ---- */
/*
 * swap_test_area_create - a swap area of max slots (slot 0 the header) with
 * no disk, in swap_info[] but never used by get_swap_page (its slots come
 * from get_swap_page_of_type), for ktests of the count and cache logic.
 * NULL if out of memory or every type is taken.  No I/O may be done on it.
 */
struct swap_info_struct *swap_test_area_create(unsigned int max);
/* swap_test_area_from_header - the same, shaped by a header page as swapon would; NULL if refused. */
struct swap_info_struct *swap_test_area_from_header(const union swap_header *hdr, u64 disk_pages);
/*
 * swap_test_area_destroy - remove a test area; returns the slots that were
 * still in use (0 for a clean test).
 */
unsigned int swap_test_area_destroy(struct swap_info_struct *si);
/* swap_area_check - si's allocator invariants hold: 0, or -EINVAL (logged). */
int swap_area_check(struct swap_info_struct *si);

/* ==== the swap cache (mm/swap_state.c) ==== */
/* page_cluster - log2 of the slots swapin_readahead reads (/proc/sys/vm/page-cluster; Linux's 3). */
extern int page_cluster;
/* total_swapcache_pages - pages in the swap cache now (meminfo's SwapCached). */
unsigned long total_swapcache_pages(void);
/* swap_cache_info - lookups / hits / adds / deletes since boot, for tests and the boot log. */
struct swap_cache_stats {
	unsigned long find_total, find_success, add_total, del_total;
};
void swap_cache_info(struct swap_cache_stats *stats);
/*
 * add_to_swap_cache - page (locked, not yet in the cache; the slot's
 * SWAP_HAS_CACHE already claimed) joins the cache under entry: one
 * reference for the cache, PG_swapcache, page->private = entry.val.
 * 0 or -EEXIST.
 */
int add_to_swap_cache(struct page *page, swp_entry_t entry, gfp_t gfp);
/*
 * delete_from_swap_cache - page (locked) leaves the cache: the cache's
 * reference and SWAP_HAS_CACHE are dropped.
 */
void delete_from_swap_cache(struct page *page);
/* lookup_swap_cache - the cache's page for entry with a reference taken, or NULL. */
struct page *lookup_swap_cache(swp_entry_t entry);
/*
 * find_get_swap_page - lookup_swap_cache without counting the lookup in
 * the statistics or the readahead window (mincore, the cache's own use).
 */
struct page *find_get_swap_page(swp_entry_t entry);
/*
 * add_to_swap - reclaim: give an anonymous page (locked, on no LRU list
 * while reclaim holds it) a slot and put it in the swap cache, dirty.
 * False if swap is full or off.
 */
bool add_to_swap(struct page *page);
/*
 * read_swap_cache_async - the swap-cache page for entry: found, or newly
 * allocated, added and read from disk (synchronously here: the "async" is
 * Linux's name).  *new_page_allocated says which.  NULL if out of memory,
 * if the slot was freed meanwhile, or on a read error (then the page is
 * not left in the cache).  With a reference.
 */
struct page *read_swap_cache_async(swp_entry_t entry, gfp_t gfp_mask, bool *new_page_allocated);
/*
 * __read_swap_cache_async - read_swap_cache_async that says why it gave
 * NULL: *err = -ENOMEM, -ENOENT (the slot is free: the pte that named it
 * changed), -EEXIST (lost a race: look again) or -EIO (the read failed).
 */
struct page *__read_swap_cache_async(swp_entry_t entry, gfp_t gfp_mask, bool *new_page_allocated,
				     int *err);
/*
 * free_swap_cache - page (a reference held) leaves the swap cache if no pte
 * maps it and no swap pte refers to its slot (zap, after unmapping the
 * page: Linux's free_swap_cache).  Never sleeps: a locked page is left for
 * reclaim.
 */
void free_swap_cache(struct page *page);
/*
 * swapin_readahead - read_swap_cache_async for entry and the other slots of
 * its aligned 2^page_cluster block that are in use (Linux's
 * swap_cluster_readahead); returns entry's page (with a reference) or NULL.
 */
struct page *swapin_readahead(swp_entry_t entry, gfp_t gfp_mask, struct vm_fault *vmf);

/* ==== swap I/O (mm/page_io.c) ==== */
/*
 * SWAP_BATCH_MAX - the most pages swap_readpages/swap_writepages put in
 * one request: 128 KiB, what virtio-blk takes at once.  Reclaim's pageout
 * batches are at most this; a larger readahead window is read in pieces
 * of this.
 */
#define SWAP_BATCH_MAX	32
/*
 * swap_readpages - read the slots of pages[0..nr) (each locked, in the swap
 * cache), one request per run of pages whose slots follow each other in
 * the array's order.  Pages read get PG_uptodate; counts PSWPIN.  0, or
 * -EIO if a run failed (logged; its pages stay !uptodate).
 */
int swap_readpages(struct page **pages, unsigned int nr);
/*
 * swap_writepages - write pages[0..nr) (each locked, in the swap cache) to
 * their slots, one request per run of consecutive slots: PG_writeback while
 * the disk works, PG_dirty cleared; counts PSWPOUT.  0, or -EIO if a run
 * failed (logged; its pages are dirty again and stay resident).  The pages
 * are still locked on return.
 */
int swap_writepages(struct page **pages, unsigned int nr);
/*
 * swap_readpage - read page's slot (page->private) from disk into page.
 * Sets PG_uptodate on success; counts PSWPIN.  0 or -EIO (logged).
 */
int swap_readpage(struct page *page);
/*
 * swap_writepage - write page (in the swap cache, locked) to its slot:
 * PG_writeback while the disk works, PG_dirty cleared on success; counts
 * PSWPOUT.  0, or -EIO (logged; the page stays dirty and resident).
 * The page is still locked on return: the caller unlocks it.
 */
int swap_writepage(struct page *page);

/* ==== the page lock (mm/filemap.c; Linux's pagemap.h) ==== */
/* trylock_page - take PG_locked if free; true if taken. */
bool trylock_page(struct page *page);
/* lock_page - take PG_locked, sleeping until it is free.  May sleep. */
void lock_page(struct page *page);
/* unlock_page - release PG_locked and wake its waiters. */
void unlock_page(struct page *page);
/* wait_on_page_locked - sleep until nobody holds PG_locked. */
void wait_on_page_locked(struct page *page);

#endif /* MM_SWAP_H */
