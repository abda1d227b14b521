/*
 * mm/vmscan.h - the LRU lists and page reclaim (mm/vmscan.c) and the
 * reverse map (mm/rmap.c): Linux's include/linux/swap.h, mm_inline.h and
 * rmap.h, cut to what Pagoda has.
 *
 * Every page of user memory that can be reclaimed sits on one of the node's
 * LRU lists (struct lruvec): inactive/active x anon/file, plus unevictable.
 * New pages enter at the head of an inactive list (lru_cache_add, from the
 * fault path); reclaim takes pages from the tails; a page referenced while
 * inactive gets activated (anon) or a second chance (file); the active
 * lists are aged by moving their tail pages down to inactive.  A page is on
 * a list iff PG_lru; on an active list iff PG_lru and PG_active.
 */
#ifndef MM_VMSCAN_H
#define MM_VMSCAN_H

#include "kernel/list.h"
#include "kernel/spinlock.h"
#include "kernel/types.h"
#include "mm/gfp.h"

struct page;
struct zone;
struct zonelist;
struct pglist_data;
struct mm_struct;

/* ---- LRU lists (Linux's enum lru_list order: anon before file, inactive before active) ---- */
#define LRU_BASE	0
#define LRU_ACTIVE	1
#define LRU_FILE	2

enum lru_list {
	LRU_INACTIVE_ANON = LRU_BASE,
	LRU_ACTIVE_ANON = LRU_BASE + LRU_ACTIVE,
	LRU_INACTIVE_FILE = LRU_BASE + LRU_FILE,
	LRU_ACTIVE_FILE = LRU_BASE + LRU_FILE + LRU_ACTIVE,
	LRU_UNEVICTABLE,
	NR_LRU_LISTS
};

#define for_each_evictable_lru(lru)	for (lru = 0; lru <= LRU_ACTIVE_FILE; lru++)

/* The LRU lists of one node (Linux's struct lruvec; Pagoda has one node and no memcg). */
struct lruvec {
	struct list_head lists[NR_LRU_LISTS];	/* head: most recently added */
	unsigned long nr_pages[NR_LRU_LISTS];	/* pages on each list */
	spinlock_t lru_lock;			/* the lists, the counts, PG_lru/PG_active */
};

/* What shrink_page_list decided, page by page (Linux's struct reclaim_stat, cut down). */
struct reclaim_stat {
	unsigned long nr_activate[2];	/* moved to an active list: [0] anon, [1] file */
	unsigned long nr_ref_keep;	/* kept inactive: a second chance */
	unsigned long nr_swap_fail;	/* anon pages reclaim chose, kept: no swap to put them in */
	unsigned long nr_unmap_fail;	/* pages try_to_unmap could not unmap */
};

/*
 * struct scan_control - one reclaim pass's orders and results (Linux's,
 * the fields Pagoda uses).  Here rather than in vmscan.c so that
 * mm/vmscan_test.c can drive the list shrinkers.
 */
struct scan_control {
	unsigned long nr_to_reclaim;	/* stop once this many pages are freed */
	gfp_t gfp_mask;			/* the allocation that caused reclaim */
	int order;			/* ... and its order */
	int priority;			/* scan lru_size >> priority per pass: 12 (1/4096) down to 0 (all) */
	int reclaim_idx;		/* the highest zone the allocation may use */
	unsigned int may_writepage:1;	/* may write dirty pages out (swap wave: pageout) */
	unsigned int may_unmap:1;	/* may unmap mapped pages (try_to_unmap) */
	unsigned int may_swap:1;	/* may reclaim anonymous pages to swap */
	unsigned int current_is_kswapd:1;	/* counted as kswapd's work, not direct */
	unsigned long nr_scanned;	/* inactive pages looked at, this call */
	unsigned long nr_reclaimed;	/* pages freed, this call */
	struct reclaim_stat stat;	/* shrink_page_list's decisions, summed over the call */
};

#define DEF_PRIORITY		12	/* scan 1/4096 of a list first */
#define SWAP_CLUSTER_MAX	32UL	/* pages isolated at a time */
#define MAX_RECLAIM_RETRIES	16	/* passes without progress before giving up */

/* vm_swappiness - 0..200: how readily anon is reclaimed against file (Linux's default 60). */
extern int vm_swappiness;

/* ---- mm/vmscan.c: the lists ---- */
/* pgdat_lruvec - the node's LRU lists. */
struct lruvec *pgdat_lruvec(struct pglist_data *pgdat);
/* init_lruvec - empty lists (boot, and the private ones of tests). */
void init_lruvec(struct lruvec *lruvec);
/* page_lru - the list page belongs on, from its flags. */
enum lru_list page_lru(struct page *page);
/*
 * lru_cache_add - a new page of user memory (one reference held by the
 * caller) goes onto the head of its inactive list (Linux's
 * lru_cache_add_inactive_or_unevictable, without the per-CPU batch).
 */
void lru_cache_add(struct page *page);
/*
 * __page_cache_release - the last reference to page is gone: take it off
 * its LRU list before it is freed (put_page calls this for PG_lru pages).
 */
void __page_cache_release(struct page *page);
/* add_page_to_lru_list / del_page_from_lru_list - move page onto/off lruvec; lru_lock held. */
void add_page_to_lru_list(struct page *page, struct lruvec *lruvec);
void del_page_from_lru_list(struct page *page, struct lruvec *lruvec);

/* ---- mm/vmscan.c: reclaim ---- */
/*
 * shrink_active_list / shrink_inactive_list - age nr_to_scan pages from the
 * tail of lru (an active / inactive list) of lruvec, as sc says.  The
 * inactive one returns the pages it freed.  Nothing held; may sleep (pageout).
 */
void shrink_active_list(unsigned long nr_to_scan, struct lruvec *lruvec,
			struct scan_control *sc, enum lru_list lru);
unsigned long shrink_inactive_list(unsigned long nr_to_scan, struct lruvec *lruvec,
				   struct scan_control *sc, enum lru_list lru);
/* shrink_lruvec - one pass over every evictable list, in proportion to get_scan_count. */
void shrink_lruvec(struct lruvec *lruvec, struct scan_control *sc);
/*
 * try_to_free_pages - direct reclaim for an allocation of 2^order pages
 * with gfp_mask that failed at the min watermark: scan with rising
 * priority until SWAP_CLUSTER_MAX pages are freed.  Returns the pages
 * freed (0: no progress).  Counts ALLOCSTALL and PGSCAN/PGSTEAL_DIRECT.
 */
unsigned long try_to_free_pages(struct zonelist *zonelist, int order, gfp_t gfp_mask);
/*
 * wakeup_kswapd - zone fell below its low watermark for an allocation of
 * 2^order pages: wake the node's kswapd (unless it gave up: a node where
 * MAX_RECLAIM_RETRIES passes freed nothing stays asleep until direct
 * reclaim makes progress again).
 */
void wakeup_kswapd(struct zone *zone, gfp_t gfp_flags, int order, int highest_zoneidx);
/* kswapd_run - start the node's kswapd thread ("kswapd0").  From kernel_init. */
void kswapd_run(void);

/* ---- mm/rmap.c: the reverse map ---- */
/*
 * page_referenced - how many ptes mapping page had their accessed bit set
 * (each one is cleared, and flushed).  Takes tasklist_lock; may not sleep.
 */
int page_referenced(struct page *page);
/*
 * page_referenced_flags - page_referenced, and in *vm_flags the union of
 * the vm_flags of the VMAs whose ptes map page (VM_LOCKED: mlocked).
 */
int page_referenced_flags(struct page *page, unsigned long *vm_flags);
/*
 * try_to_unmap - clear every pte mapping page, dropping each pte's map
 * count and reference; an anonymous page's ptes become its swap entry.
 * True if no pte maps it any more.  Only for a page whose contents survive
 * elsewhere (a page-cache page, or an anon page in the swap cache: an
 * anon page outside it is refused); a VM_LOCKED mapping makes it fail.
 * Page locked; takes tasklist_lock.
 */
bool try_to_unmap(struct page *page);
/*
 * struct rmap_mm - an mm no task uses yet that the reverse map must walk
 * all the same: fork's child while dup_mmap copies into it.  Reclaim
 * during the copy (it allocates page tables) would otherwise unmap only
 * the parent's half of every page shared so far and free none of them.
 */
struct rmap_mm {
	struct list_head list;		/* in mm/rmap.c's list, under tasklist_lock */
	struct mm_struct *mm;
};
/* rmap_register_mm / rmap_unregister_mm - add mm to the walk (rm: the caller's node), and take it out. */
void rmap_register_mm(struct rmap_mm *rm, struct mm_struct *mm);
void rmap_unregister_mm(struct rmap_mm *rm);

#endif /* MM_VMSCAN_H */
