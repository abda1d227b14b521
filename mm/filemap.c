/*
 * mm/filemap.c - the page lock (Linux's mm/filemap.c: lock_page,
 * unlock_page, the hashed page wait queues; pagemap.h's trylock_page).
 *
 * PG_locked says "someone is doing something to this page that others
 * must not see half done": reading it in from swap (the page is in the
 * swap cache but not yet uptodate), writing it out (reclaim's pageout),
 * taking it out of the swap cache, mapping a swap-cache page in
 * do_swap_page.  The holder may sleep; everyone else either tries
 * (trylock_page: reclaim, free_swap_and_cache, which must not wait) or
 * sleeps until it is free (lock_page: the fault path).
 *
 * Waiters do not get a wait queue per page (struct page has no room): as
 * in Linux, a small table of wait queues is indexed by a hash of the
 * page's address, so unrelated pages may share a queue.  unlock_page
 * wakes the whole queue and every waiter re-tests its own page's bit, so
 * sharing costs only spurious wake-ups, never a lost one: the waiter is on
 * the queue (prepare_to_wait) before it tests the bit for the last time.
 *
 * The bit is set and cleared with atomic operations on page->flags (the
 * other PG_* helpers are plain read-modify-writes, safe while one CPU
 * runs without kernel preemption and no interrupt handler touches page
 * flags; the lock bit is the one that is contended by design).
 */
#include "kernel/compiler.h"
#include "kernel/panic.h"
#include "kernel/sched.h"
#include "kernel/wait.h"
#include "mm/mm.h"
#include "mm/swap.h"

#define PAGE_WAIT_TABLE_BITS	6
#define PAGE_WAIT_TABLE_SIZE	(1 << PAGE_WAIT_TABLE_BITS)

static struct wait_queue_head page_wait_table[PAGE_WAIT_TABLE_SIZE];
static bool page_wait_table_ready;

/* page_waitqueue - the wait queue page's waiters sleep on (a hash of its address). */
static struct wait_queue_head *page_waitqueue(struct page *page)
{
	unsigned long h = page_to_pfn(page) * 0x9e3779b97f4a7c15UL;

	if (unlikely(!page_wait_table_ready)) {
		for (int i = 0; i < PAGE_WAIT_TABLE_SIZE; i++)
			init_waitqueue_head(&page_wait_table[i]);
		page_wait_table_ready = true;
	}
	return &page_wait_table[h >> (64 - PAGE_WAIT_TABLE_BITS)];
}

/* trylock_page - take PG_locked if nobody holds it (see swap.h).  Never sleeps. */
bool trylock_page(struct page *page)
{
	unsigned long old = __atomic_fetch_or(&page->flags, 1UL << PG_locked, __ATOMIC_ACQUIRE);

	return !(old & (1UL << PG_locked));
}

/* wait_on_page_locked - sleep until PG_locked is clear (see swap.h).  May sleep. */
void wait_on_page_locked(struct page *page)
{
	struct wait_queue_head *wq;

	if (!PageLocked(page))
		return;
	wq = page_waitqueue(page);
	wait_event(*wq, !PageLocked(page));
}

/* lock_page - take PG_locked, sleeping while another holder has it (see swap.h). */
void lock_page(struct page *page)
{
	while (!trylock_page(page))
		wait_on_page_locked(page);
}

/* unlock_page - release PG_locked and wake whoever waits for it (see swap.h). */
void unlock_page(struct page *page)
{
	WARN_ON_ONCE(!PageLocked(page));
	__atomic_fetch_and(&page->flags, ~(1UL << PG_locked), __ATOMIC_RELEASE);
	wake_up(page_waitqueue(page));
}
