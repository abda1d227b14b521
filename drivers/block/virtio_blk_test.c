/*
 * drivers/block/virtio_blk_test.c - ktest suite "virtio_blk": the block
 * layer and the virtio-blk driver against the disk QEMU gives with
 * `-drive file=IMG,if=virtio,format=raw` (tests/boot.py --disk IMG).
 * Without a disk every case is skipped, with the reason.
 *
 * The suite is non-destructive: the region it writes (the last 64
 * sectors) is saved first and written back at the end of the case, so it
 * can run on any disk - a swap disk included - and leave its bytes as
 * they were.  Contents the harness chose are checked by tests/test_blk.py
 * from user space (user/vdacheck.c) and on the image file after the run.
 */
#include "drivers/block/blkdev.h"
#include "kernel/errno.h"
#include "kernel/fs/fs.h"
#include "kernel/ktest.h"
#include "kernel/string.h"
#include "mm/gfp.h"
#include "mm/mm.h"
#include "mm/slab.h"
#include "mm/vmalloc.h"

#define TEST_SECTORS	64		/* 32 KiB at the end of the disk */
#define TEST_BYTES	(TEST_SECTORS * SECTOR_SIZE)

/* The disk, or the case is skipped. */
static struct block_device *test_bdev(struct ktest *t)
{
	struct block_device *bdev = blkdev_get_by_name("vda");

	if (!bdev)
		ktest_skip(t, "no virtio disk: boot with a -drive if=virtio (tests/boot.py --disk)");
	if (bdev->nr_sectors < 2 * TEST_SECTORS)
		ktest_skip(t, "the disk is too small for the test region");
	return bdev;
}

/* Fills buf with bytes that depend on seed and the offset. */
static void fill_pattern(u8 *buf, size_t len, u32 seed)
{
	for (size_t i = 0; i < len; i++)
		buf[i] = (u8)((i * 7 + seed) ^ (i >> 9));
}

static void vda_is_registered_with_capacity(struct ktest *t)
{
	struct block_device *bdev = test_bdev(t);

	KTEST_EXPECT_STREQ(t, bdev->name, "vda");
	KTEST_EXPECT_EQ(t, bdev->logical_block_size, 512);
	KTEST_EXPECT_GT(t, bdev->nr_sectors, 0);
	KTEST_EXPECT_GT(t, bdev->max_sectors, 8);
	KTEST_EXPECT_TRUE(t, blkdev_get_by_name("/dev/vda") == bdev);
	KTEST_EXPECT_TRUE(t, blkdev_get_by_dev(bdev->dev) == bdev);
	KTEST_EXPECT_NULL(t, blkdev_get_by_name("vdz"));
}

static void blkdev_rejects_bad_ranges(struct ktest *t)
{
	struct block_device *bdev = test_bdev(t);
	u8 *buf = kmalloc(1024, GFP_KERNEL);

	KTEST_ASSERT_NOT_NULL(t, buf);
	KTEST_EXPECT_EQ(t, blkdev_read(bdev, 0, buf, 100), -EINVAL);
	KTEST_EXPECT_EQ(t, blkdev_read(bdev, bdev->nr_sectors, buf, 512), -EINVAL);
	KTEST_EXPECT_EQ(t, blkdev_read(bdev, bdev->nr_sectors - 1, buf, 1024), -EINVAL);
	KTEST_EXPECT_EQ(t, blkdev_write(bdev, ~0ULL, buf, 512), -EINVAL);
	KTEST_EXPECT_EQ(t, blkdev_read(bdev, bdev->nr_sectors - 1, buf, 512), 0);
	kfree(buf);
}

/*
 * Writes patterns from a vmalloc buffer and from a kmalloc buffer that
 * starts mid-page (so requests have several data segments), reads them
 * back in sector-sized and whole-region reads, then restores the region.
 */
static void blkdev_write_then_read_back(struct ktest *t)
{
	struct block_device *bdev = test_bdev(t);
	u64 start = bdev->nr_sectors - TEST_SECTORS;
	u8 *saved = vmalloc(TEST_BYTES), *pat = vmalloc(TEST_BYTES), *back = vmalloc(TEST_BYTES);
	u8 *small = kmalloc(3 * SECTOR_SIZE + 256, GFP_KERNEL);
	bool same = true;

	if (!saved || !pat || !back || !small)
		goto out;
	if (blkdev_read(bdev, start, saved, TEST_BYTES)) {
		KTEST_EXPECT_TRUE(t, false);	/* cannot save the region: write nothing */
		goto out;
	}
	fill_pattern(pat, TEST_BYTES, 0x5a);
	KTEST_EXPECT_EQ(t, blkdev_write(bdev, start, pat, TEST_BYTES), 0);
	KTEST_EXPECT_EQ(t, blkdev_flush(bdev), 0);
	memset(back, 0, TEST_BYTES);
	for (unsigned int s = 0; s < TEST_SECTORS; s++)
		KTEST_EXPECT_EQ(t, blkdev_read(bdev, start + s, back + s * SECTOR_SIZE, SECTOR_SIZE), 0);
	KTEST_EXPECT_EQ(t, memcmp(back, pat, TEST_BYTES), 0);

	/* Three sectors from a buffer that straddles a page boundary or two. */
	fill_pattern(small + 256, 3 * SECTOR_SIZE, 0xc3);
	KTEST_EXPECT_EQ(t, blkdev_write(bdev, start + 5, small + 256, 3 * SECTOR_SIZE), 0);
	KTEST_EXPECT_EQ(t, blkdev_read(bdev, start, back, TEST_BYTES), 0);
	for (size_t i = 0; i < TEST_BYTES; i++) {
		bool in_small = i >= 5 * SECTOR_SIZE && i < 8 * SECTOR_SIZE;
		u8 want = in_small ? small[256 + i - 5 * SECTOR_SIZE] : pat[i];

		if (back[i] != want)
			same = false;
	}
	KTEST_EXPECT_TRUE(t, same);

	KTEST_EXPECT_EQ(t, blkdev_write(bdev, start, saved, TEST_BYTES), 0);
	KTEST_EXPECT_EQ(t, blkdev_read(bdev, start, back, TEST_BYTES), 0);
	KTEST_EXPECT_EQ(t, memcmp(back, saved, TEST_BYTES), 0);
out:
	KTEST_EXPECT_NOT_NULL(t, saved && pat && back && small ? saved : NULL);
	kfree(small);
	vfree(back);
	vfree(pat);
	vfree(saved);
}

/* A read longer than max_sectors is split: the result equals page-by-page reads. */
static void blkdev_read_splits_long_requests(struct ktest *t)
{
	struct block_device *bdev = test_bdev(t);
	size_t len = (size_t)(bdev->max_sectors * 2 + 8) << SECTOR_SHIFT;
	u8 *one, *pieces;

	if (len > bdev_nr_bytes(bdev))
		ktest_skip(t, "the disk is smaller than two requests");
	one = vmalloc(len);
	pieces = vmalloc(len);
	KTEST_EXPECT_TRUE(t, one && pieces);
	if (!one || !pieces)
		goto out;
	KTEST_EXPECT_EQ(t, blkdev_read(bdev, 0, one, len), 0);
	for (size_t off = 0; off < len; off += PAGE_SIZE)
		KTEST_EXPECT_EQ(t, blkdev_read(bdev, off >> SECTOR_SHIFT, pieces + off,
					       min((size_t)PAGE_SIZE, len - off)), 0);
	KTEST_EXPECT_EQ(t, memcmp(one, pieces, len), 0);
out:
	vfree(pieces);
	vfree(one);
}

#define VEC_PAGES	(TEST_BYTES / PAGE_SIZE)	/* 8 pages: the test region */

/*
 * Vectored I/O (what swap uses): pages scattered in RAM written with one
 * blkdev_writev land in consecutive sectors, and blkdev_readv brings them
 * back, in one request - or in ceil(8 / max_segments) when the device
 * takes fewer pieces (max_segments lowered for the case).  Pieces that
 * are not whole sectors or cross a page are refused.  The region is
 * restored.
 */
static void blkdev_writev_readv_scattered_pages(struct ktest *t)
{
	struct block_device *bdev = test_bdev(t);
	u64 start = bdev->nr_sectors - TEST_SECTORS;
	u8 *saved = vmalloc(TEST_BYTES), *back = vmalloc(TEST_BYTES);
	struct page *pages[VEC_PAGES] = { 0 };
	struct kvec vec[VEC_PAGES];
	unsigned int max_segments = bdev->max_segments;
	unsigned long reads;
	bool ok = saved && back;

	for (unsigned int i = 0; i < VEC_PAGES; i++) {
		pages[i] = alloc_page(GFP_KERNEL);
		ok = ok && pages[i];
		if (pages[i]) {
			vec[i] = (struct kvec){ page_address(pages[i]), PAGE_SIZE };
			fill_pattern(vec[i].iov_base, PAGE_SIZE, 0x30 + i);
		}
	}
	KTEST_EXPECT_TRUE(t, ok);
	if (!ok || blkdev_read(bdev, start, saved, TEST_BYTES))
		goto out;
	KTEST_EXPECT_EQ(t, blkdev_writev(bdev, start, vec, VEC_PAGES), 0);
	KTEST_EXPECT_EQ(t, blkdev_read(bdev, start, back, TEST_BYTES), 0);
	for (unsigned int i = 0; i < VEC_PAGES; i++)
		KTEST_EXPECT_EQ(t, memcmp(back + i * PAGE_SIZE, vec[i].iov_base, PAGE_SIZE), 0);

	/* Read back into the pages in reverse order of the disk: one request. */
	for (unsigned int i = 0; i < VEC_PAGES; i++)
		vec[i].iov_base = page_address(pages[VEC_PAGES - 1 - i]);
	reads = bdev->nr_reads;
	KTEST_EXPECT_EQ(t, blkdev_readv(bdev, start, vec, VEC_PAGES), 0);
	KTEST_EXPECT_EQ(t, bdev->nr_reads - reads, 1);
	KTEST_EXPECT_EQ(t, memcmp(page_address(pages[VEC_PAGES - 1]), back, PAGE_SIZE), 0);

	/* A device that takes 3 pieces a request: 3 requests, the same bytes. */
	bdev->max_segments = 3;
	memset(page_address(pages[0]), 0, PAGE_SIZE);
	reads = bdev->nr_reads;
	KTEST_EXPECT_EQ(t, blkdev_readv(bdev, start, vec, VEC_PAGES), 0);
	bdev->max_segments = max_segments;
	KTEST_EXPECT_EQ(t, bdev->nr_reads - reads, 3);
	KTEST_EXPECT_EQ(t, memcmp(page_address(pages[0]), back + (VEC_PAGES - 1) * PAGE_SIZE,
				  PAGE_SIZE), 0);

	vec[0] = (struct kvec){ (u8 *)page_address(pages[0]) + 512, PAGE_SIZE };
	KTEST_EXPECT_EQ(t, blkdev_readv(bdev, start, vec, 1), -EINVAL);	/* crosses a page */
	vec[0] = (struct kvec){ page_address(pages[0]), 100 };
	KTEST_EXPECT_EQ(t, blkdev_writev(bdev, start, vec, 1), -EINVAL);	/* not whole sectors */

	KTEST_EXPECT_EQ(t, blkdev_write(bdev, start, saved, TEST_BYTES), 0);
	KTEST_EXPECT_EQ(t, blkdev_read(bdev, start, back, TEST_BYTES), 0);
	KTEST_EXPECT_EQ(t, memcmp(back, saved, TEST_BYTES), 0);
out:
	for (unsigned int i = 0; i < VEC_PAGES; i++)
		if (pages[i])
			__free_page(pages[i]);
	vfree(back);
	vfree(saved);
}

static struct ktest_case virtio_blk_cases[] = {
	KTEST_CASE(vda_is_registered_with_capacity),
	KTEST_CASE(blkdev_rejects_bad_ranges),
	KTEST_CASE(blkdev_write_then_read_back),
	KTEST_CASE(blkdev_read_splits_long_requests),
	KTEST_CASE(blkdev_writev_readv_scattered_pages),
	{}
};
KTEST_SUITE(virtio_blk, virtio_blk_cases);
