/*
 * mm/page_io.c - reading and writing one page of swap (Linux's
 * mm/page_io.c: swap_readpage, swap_writepage).
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
 * Errors are logged with Linux's wording, the device number and the
 * sector of the failed request:
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

/* The first sector of page's slot, and its area's disk in *bdev (NULL: no such area). */
static u64 swap_page_sector(struct page *page, struct block_device **bdev)
{
	swp_entry_t entry = { .val = page->private };
	struct swap_info_struct *si = swp_swap_info(entry);

	*bdev = NULL;
	if (!si || !si->bdev || swp_offset(entry) == 0 || swp_offset(entry) >= si->max)
		return 0;
	*bdev = si->bdev;
	return (u64)swp_offset(entry) << (PAGE_SHIFT - SECTOR_SHIFT);
}

/*
 * swap_readpage - read page's slot (page->private) into page, which the
 * caller has locked.  Sets PG_uptodate and counts PSWPIN on success.
 * 0, or -EIO (logged).  Sleeps.
 */
int swap_readpage(struct page *page)
{
	struct block_device *bdev;
	u64 sector = swap_page_sector(page, &bdev);
	int err;

	if (!bdev) {
		pr_err("swap_readpage: bad swap entry %08lx\n", page->private);
		return -EIO;
	}
	ClearPageUptodate(page);
	err = blkdev_read(bdev, sector, page_address(page), PAGE_SIZE);
	if (err) {
		printk(KERN_ALERT "Read-error on swap-device (%u:%u:%llu)\n",
		       MAJOR(bdev->dev), MINOR(bdev->dev), sector);
		return -EIO;
	}
	SetPageUptodate(page);
	count_vm_event(PSWPIN);
	return 0;
}

/*
 * swap_writepage - write page (in the swap cache, locked) to its slot.
 * PG_writeback while the disk works, PG_dirty cleared; counts PSWPOUT.
 * 0, or -EIO (logged; the page is dirty again and stays resident).  The
 * page is still locked on return.  Sleeps.
 */
int swap_writepage(struct page *page)
{
	struct block_device *bdev;
	u64 sector = swap_page_sector(page, &bdev);
	int err;

	if (!bdev) {
		pr_err("swap_writepage: bad swap entry %08lx\n", page->private);
		return -EIO;
	}
	ClearPageDirty(page);
	SetPageWriteback(page);
	err = blkdev_write(bdev, sector, page_address(page), PAGE_SIZE);
	ClearPageWriteback(page);
	if (err) {
		SetPageDirty(page);
		printk(KERN_ALERT "Write-error on swap-device (%u:%u:%llu)\n",
		       MAJOR(bdev->dev), MINOR(bdev->dev), sector);
		return -EIO;
	}
	count_vm_event(PSWPOUT);
	return 0;
}
