/*
 * mm/page_io.c - reading and writing pages of swap (Linux's mm/page_io.c:
 * swap_readpage, swap_writepage), a batch of neighbouring slots at a time.
 *
 * A page in the swap cache carries its swap entry in page->private; the
 * entry's offset is the page's slot in its area, and slot N lives at disk
 * page N (mkswap's layout: page 0 is the header), i.e. at sector
 * N * (PAGE_SIZE / 512) of the area's block device.  The block layer
 * (drivers/block/blkdev.h) is synchronous: the calling task sleeps until
 * the disk is done, so "writeback" here is the span of one function call.
 * Linux builds a bio and completes it from the interrupt (end_swap_bio_*);
 * the page states are the same:
 *
 *   read    the page is locked and not PG_uptodate while the data comes in;
 *           PG_uptodate on success.  An error leaves it !uptodate: the
 *           swap cache drops it and the fault becomes SIGBUS.
 *   write   PG_dirty is cleared and PG_writeback set while the data goes
 *           out (a second writer, e.g. a fault that dirties it again, is
 *           kept off by the page lock the caller holds); on an error the
 *           page is dirtied again and stays resident.
 *
 * Batches.  A request to the disk costs a round trip (the virtqueue kick,
 * the device's work, the interrupt: about 110 us under QEMU's TCG) whatever
 * its size, so page-at-a-time swap spends its time waiting on round trips.
 * Reclaim's pages get consecutive slots (the allocator's cluster hint) and
 * readahead reads neighbouring slots, so swap_writepages/swap_readpages
 * take an array of pages and cut it into runs: pages, in the array's
 * order, whose slots follow each other in one area (at most
 * SWAP_BATCH_MAX).  Each run is one vectored request (blkdev_writev /
 * blkdev_readv): the device reads the pages where they are, no copy.  The
 * pages of a run share its fate: when the request fails, every one of them
 * is left as a single failed page would be.  Linux gets its batches from
 * the block layer instead: each page is its own bio, and a plug
 * (blk_start_plug in shrink_lruvec and swap_cluster_readahead) merges
 * bios for adjacent sectors into one request.
 *
 * Errors are logged with Linux's wording, the device number and the
 * first sector of the failed request:
 *   Read-error on swap-device (254:0:N)    Write-error on swap-device (254:0:N)
 * Counts PSWPIN / PSWPOUT (mm/vmstat.h) for pages that made it.
 */
#include "drivers/block/blkdev.h"
#include "kernel/errno.h"
#include "kernel/fs/fs.h"
#include "kernel/printk.h"
#include "mm/mm.h"
#include "mm/swap.h"
#include "mm/vmstat.h"

/*
 * The first sector of the run of n slots starting at page's, and the
 * area's disk in *bdev (NULL: no such area, or the run leaves it).
 */
static u64 swap_run_sector(struct page *page, unsigned int n, struct block_device **bdev)
{
	swp_entry_t entry = { .val = page->private };
	struct swap_info_struct *si = swp_swap_info(entry);

	*bdev = NULL;
	if (!si || !si->bdev || swp_offset(entry) == 0 || swp_offset(entry) + n > si->max)
		return 0;
	*bdev = si->bdev;
	return (u64)swp_offset(entry) << (PAGE_SHIFT - SECTOR_SHIFT);
}

/*
 * swap_run - how many pages from pages[0] on (at most nr, at most
 * SWAP_BATCH_MAX) hold consecutive slots of one area: page i's entry is
 * page 0's plus i.  Fills vec[] with their memory, one page a piece.
 */
static unsigned int swap_run(struct page **pages, unsigned int nr, struct kvec *vec)
{
	unsigned int n = 0;

	do {
		vec[n] = (struct kvec){ page_address(pages[n]), PAGE_SIZE };
		n++;
	} while (n < nr && n < SWAP_BATCH_MAX && pages[n]->private == pages[0]->private + n);
	return n;
}

/* Reads one run of n pages (locked) in one request: 0, or -EIO (logged, pages !uptodate). */
static int swap_read_run(struct page **pages, unsigned int n, const struct kvec *vec)
{
	struct block_device *bdev;
	u64 sector = swap_run_sector(pages[0], n, &bdev);
	int err;

	for (unsigned int i = 0; i < n; i++)
		ClearPageUptodate(pages[i]);
	if (!bdev) {
		pr_err("swap_readpages: bad swap entry %08lx\n", pages[0]->private);
		return -EIO;
	}
	err = blkdev_readv(bdev, sector, vec, n);
	if (err) {
		printk(KERN_ALERT "Read-error on swap-device (%u:%u:%llu)\n",
		       MAJOR(bdev->dev), MINOR(bdev->dev), sector);
		return -EIO;
	}
	for (unsigned int i = 0; i < n; i++)
		SetPageUptodate(pages[i]);
	count_vm_events(PSWPIN, n);
	return 0;
}

/*
 * Writes one run of n pages (locked, in the swap cache) in one request:
 * 0, or -EIO (logged; every page of the run dirty again).
 */
static int swap_write_run(struct page **pages, unsigned int n, const struct kvec *vec)
{
	struct block_device *bdev;
	u64 sector = swap_run_sector(pages[0], n, &bdev);
	int err;

	if (!bdev) {
		pr_err("swap_writepages: bad swap entry %08lx\n", pages[0]->private);
		return -EIO;
	}
	for (unsigned int i = 0; i < n; i++) {
		ClearPageDirty(pages[i]);
		SetPageWriteback(pages[i]);
	}
	err = blkdev_writev(bdev, sector, vec, n);
	for (unsigned int i = 0; i < n; i++) {
		ClearPageWriteback(pages[i]);
		if (err)
			SetPageDirty(pages[i]);
	}
	if (err) {
		printk(KERN_ALERT "Write-error on swap-device (%u:%u:%llu)\n",
		       MAJOR(bdev->dev), MINOR(bdev->dev), sector);
		return -EIO;
	}
	count_vm_events(PSWPOUT, n);
	return 0;
}

/*
 * swap_readpages - read the slots of pages[0..nr) (each locked, in the swap
 * cache), one request per run of consecutive slots.  Pages read get
 * PG_uptodate; counts PSWPIN.  0, or -EIO if any run failed (logged; its
 * pages are left !uptodate, the others are read).  Sleeps.
 */
int swap_readpages(struct page **pages, unsigned int nr)
{
	struct kvec vec[SWAP_BATCH_MAX];
	unsigned int n;
	int ret = 0;

	for (unsigned int i = 0; i < nr; i += n) {
		n = swap_run(pages + i, nr - i, vec);
		if (swap_read_run(pages + i, n, vec))
			ret = -EIO;
	}
	return ret;
}

/*
 * swap_writepages - write pages[0..nr) (each locked, in the swap cache) to
 * their slots, one request per run of consecutive slots: PG_writeback while
 * the disk works, PG_dirty cleared; counts PSWPOUT.  0, or -EIO if any run
 * failed (logged; its pages are dirty again and stay resident, the others
 * are clean).  The pages are still locked on return.  Sleeps.
 */
int swap_writepages(struct page **pages, unsigned int nr)
{
	struct kvec vec[SWAP_BATCH_MAX];
	unsigned int n;
	int ret = 0;

	for (unsigned int i = 0; i < nr; i += n) {
		n = swap_run(pages + i, nr - i, vec);
		if (swap_write_run(pages + i, n, vec))
			ret = -EIO;
	}
	return ret;
}

/* swap_readpage - see swap.h: swap_readpages of one page.  Page locked.  Sleeps. */
int swap_readpage(struct page *page)
{
	return swap_readpages(&page, 1);
}

/* swap_writepage - see swap.h: swap_writepages of one page.  Page locked.  Sleeps. */
int swap_writepage(struct page *page)
{
	return swap_writepages(&page, 1);
}
