/*
 * mm/swap_internal.h - what mm/swapfile.c gives mm/swapoff.c and nobody
 * else: the swapon/swapoff serialisation, freeing a slot by hand, and the
 * steps that turn an area off or back on.  (Linux keeps both halves in one
 * mm/swapfile.c, so these are static there.)
 *
 * Lock order as in swapfile.c: swapon_mutex -> swap_lock -> si->lock.
 */
#ifndef MM_SWAP_INTERNAL_H
#define MM_SWAP_INTERNAL_H

#include "mm/swap.h"

/*
 * swapon_mutex_lock / swapon_mutex_unlock - one swapon or swapoff at a time
 * (Linux's swapon_mutex).  A sleeping lock: take it with no spinlock held.
 */
void swapon_mutex_lock(void);
void swapon_mutex_unlock(void);

/*
 * swap_range_free - slot off of si (its swap_map count just fell to 0) is
 * free again: free_bitmap, lowest/highest_bit, inuse_pages and
 * nr_swap_pages follow.  si->lock held.
 */
void swap_range_free(struct swap_info_struct *si, unsigned long off);

/*
 * disable_swap_info - stop handing out slots of si (SWP_WRITEOK off) and
 * take its pages out of nr_swap_pages and total_swap_pages at once (see
 * swapfile.c's top comment).  reinsert_swap_info undoes it, at si's old
 * priority, when swapoff fails.  Take with swap_lock not held.
 */
void disable_swap_info(struct swap_info_struct *si);
void reinsert_swap_info(struct swap_info_struct *si);

/*
 * swap_free_map - free si's swap_map and free_bitmap (vmalloc'ed by
 * swapon); nothing may refer to its slots any more.  Sleeps.
 */
void swap_free_map(struct swap_info_struct *si);

/*
 * swap_close_priority_gap - an area of default priority prio (< 0) went
 * away: the default priorities below it move up one, and the next swapon
 * gets the freed one (Linux's).  Takes swap_lock.
 */
void swap_close_priority_gap(int prio);

/* release_swap_info - si's type is free again (its maps already freed).  Takes swap_lock. */
void release_swap_info(struct swap_info_struct *si);

#endif /* MM_SWAP_INTERNAL_H */
