/*
 * arch/x86_64/uaccess_test.c - ktest suite "uaccess": every user-memory
 * accessor must turn a bad user pointer into -EFAULT (or "bytes not
 * copied") and never oops (arch/x86_64/uaccess.h, usercopy.asm, the
 * exception table in arch/x86_64/mm/extable.c).
 *
 * The bad pointers: NULL (page 0 is never mapped: the access faults and
 * the fixup runs), a kernel-half address (refused by access_ok before any
 * access), an unmapped user page, a read-only user page, and ranges that
 * run off the end of a good page into an unmapped one (partial copies must
 * report exactly how much was left).
 *
 * The suite builds its own small user mapping, with no mm_struct: it hangs
 * a page-table branch for one pgd slot far from anything a program uses
 * (UTEST_BASE, pgd entry 254) under the page tables that are loaded, with
 *   UTEST_BASE + 0x0000   a read-write user page
 *   UTEST_BASE + 0x1000   nothing (not present)
 *   UTEST_BASE + 0x2000   a read-only user page
 * and removes it (entries cleared, TLB flushed, pages freed) in the exit
 * function.  The test reads and writes these pages' contents through the
 * direct map: SMAP forbids the kernel to touch user pages directly.
 */
#include "arch/x86_64/io.h"
#include "arch/x86_64/pgtable.h"
#include "arch/x86_64/tlbflush.h"
#include "arch/x86_64/uaccess.h"
#include "kernel/ktest.h"
#include "kernel/string.h"
#include "mm/gfp.h"

#define UTEST_BASE	0x00007f0000000000UL
#define UTEST_RW	(UTEST_BASE)
#define UTEST_HOLE	(UTEST_BASE + PAGE_SIZE)
#define UTEST_RO	(UTEST_BASE + 2 * PAGE_SIZE)

#define USER_PTE_RW	(_PAGE_PRESENT | _PAGE_RW | _PAGE_USER | _PAGE_ACCESSED | _PAGE_DIRTY | _PAGE_NX)
#define USER_PTE_RO	(_PAGE_PRESENT | _PAGE_USER | _PAGE_ACCESSED | _PAGE_NX)

/* The pages of the temporary mapping (direct-map addresses), 0 if not allocated. */
static unsigned long ut_pud, ut_pmd, ut_pte, ut_rw, ut_ro;
static pgd_t *ut_pgdp;

static pgd_t *current_pgd(void)
{
	return (pgd_t *)__va(read_cr3() & PTE_PFN_MASK);
}

static void uaccess_free_pages(void)
{
	unsigned long *pages[] = { &ut_pud, &ut_pmd, &ut_pte, &ut_rw, &ut_ro };

	for (unsigned int i = 0; i < ARRAY_SIZE(pages); i++) {
		if (*pages[i])
			free_page(*pages[i]);
		*pages[i] = 0;
	}
}

/* Suite init: build the mapping described at the top of the file. */
static int uaccess_test_init(void)
{
	pud_t *pud;
	pmd_t *pmd;
	pte_t *pte;

	ut_pgdp = pgd_offset(current_pgd(), UTEST_BASE);
	if (!pgd_none(*ut_pgdp))
		return -EBUSY;		/* somebody's user mapping: do not touch it */
	ut_pud = get_zeroed_page(GFP_KERNEL);
	ut_pmd = get_zeroed_page(GFP_KERNEL);
	ut_pte = get_zeroed_page(GFP_KERNEL);
	ut_rw = get_zeroed_page(GFP_KERNEL);
	ut_ro = get_zeroed_page(GFP_KERNEL);
	if (!ut_pud || !ut_pmd || !ut_pte || !ut_rw || !ut_ro) {
		uaccess_free_pages();
		return -ENOMEM;
	}
	memcpy((void *)ut_ro, "read-only", 10);

	/* Upper levels carry _PAGE_USER too (_PAGE_TABLE): the CPU ANDs them. */
	pud = (pud_t *)ut_pud + pud_index(UTEST_BASE);
	pmd = (pmd_t *)ut_pmd + pmd_index(UTEST_BASE);
	pte = (pte_t *)ut_pte + pte_index(UTEST_BASE);
	set_pte(pte, pfn_pte(__pa(ut_rw) >> PAGE_SHIFT, __pgprot(USER_PTE_RW)));
	set_pte(pte + 2, pfn_pte(__pa(ut_ro) >> PAGE_SHIFT, __pgprot(USER_PTE_RO)));
	set_pmd(pmd, __pmd(__pa(ut_pte) | _PAGE_TABLE));
	set_pud(pud, __pud(__pa(ut_pmd) | _PAGE_TABLE));
	set_pgd(ut_pgdp, __pgd(__pa(ut_pud) | _PAGE_TABLE));
	return 0;
}

/* Suite exit: unhook the branch, flush, free. */
static void uaccess_test_exit(void)
{
	set_pgd(ut_pgdp, __pgd(0));
	flush_tlb_local();
	uaccess_free_pages();
}

/* ---- access_ok ---- */

static void access_ok_checks_the_user_range(struct ktest *t)
{
	KTEST_EXPECT_TRUE(t, access_ok((void __user *)0, 0));
	KTEST_EXPECT_TRUE(t, access_ok((void __user *)0, 4096));
	KTEST_EXPECT_TRUE(t, access_ok((void __user *)(TASK_SIZE_MAX - 1), 1));
	KTEST_EXPECT_TRUE(t, access_ok((void __user *)TASK_SIZE_MAX, 0));
	KTEST_EXPECT_FALSE(t, access_ok((void __user *)(TASK_SIZE_MAX - 1), 2));
	KTEST_EXPECT_FALSE(t, access_ok((void __user *)TASK_SIZE_MAX, 1));
	KTEST_EXPECT_FALSE(t, access_ok((void __user *)4096, ~0UL));	/* wraps around */
	KTEST_EXPECT_FALSE(t, access_ok((void __user *)0xffff888000000000UL, 1));
	KTEST_EXPECT_FALSE(t, access_ok((void __user *)~0UL, 1));
}

/* ---- NULL and kernel pointers ---- */

static void copy_to_user_null_faults(struct ktest *t)
{
	char buf[32] = "data";

	KTEST_EXPECT_EQ(t, copy_to_user(NULL, buf, sizeof(buf)), sizeof(buf));
	KTEST_EXPECT_EQ(t, copy_to_user((void __user *)0x1000, buf, 8), 8);
}

static void copy_to_user_kernel_address_refused(struct ktest *t)
{
	char victim[16] = "unchanged";
	char buf[16] = "overwritten";

	KTEST_EXPECT_EQ(t, copy_to_user((void __user *)victim, buf, sizeof(buf)), sizeof(buf));
	KTEST_EXPECT_STREQ(t, victim, "unchanged");
	KTEST_EXPECT_EQ(t, copy_to_user((void __user *)(TASK_SIZE_MAX - 4), buf, 8), 8);
}

static void copy_from_user_null_zeroes_dst(struct ktest *t)
{
	char buf[16];

	memset(buf, 0x5a, sizeof(buf));
	KTEST_EXPECT_EQ(t, copy_from_user(buf, NULL, sizeof(buf)), sizeof(buf));
	KTEST_EXPECT_NULL(t, memchr_inv(buf, 0, sizeof(buf)));
	memset(buf, 0x5a, sizeof(buf));
	KTEST_EXPECT_EQ(t, copy_from_user(buf, (const void __user *)0x1000, sizeof(buf)), sizeof(buf));
	KTEST_EXPECT_NULL(t, memchr_inv(buf, 0, sizeof(buf)));
	/* A kernel source is refused too, and dst still zeroed. */
	memset(buf, 0x5a, sizeof(buf));
	KTEST_EXPECT_EQ(t, copy_from_user(buf, (const void __user *)&t, 8), 8);
	KTEST_EXPECT_NULL(t, memchr_inv(buf, 0, 8));
}

static void get_put_user_null_fault(struct ktest *t)
{
	u8 b = 1;
	u16 w = 1;
	u32 l = 1;
	u64 q = 1;

	KTEST_EXPECT_EQ(t, get_user(b, (u8 __user *)NULL), -EFAULT);
	KTEST_EXPECT_EQ(t, get_user(w, (u16 __user *)NULL), -EFAULT);
	KTEST_EXPECT_EQ(t, get_user(l, (u32 __user *)NULL), -EFAULT);
	KTEST_EXPECT_EQ(t, get_user(q, (u64 __user *)NULL), -EFAULT);
	KTEST_EXPECT_EQ(t, b + w + l + q, 0);		/* zeroed on failure */
	KTEST_EXPECT_EQ(t, put_user(b, (u8 __user *)NULL), -EFAULT);
	KTEST_EXPECT_EQ(t, put_user(w, (u16 __user *)NULL), -EFAULT);
	KTEST_EXPECT_EQ(t, put_user(l, (u32 __user *)NULL), -EFAULT);
	KTEST_EXPECT_EQ(t, put_user(q, (u64 __user *)NULL), -EFAULT);
	/* Kernel-half: refused, and the kernel word is not written. */
	q = 7;
	KTEST_EXPECT_EQ(t, put_user(1UL, (u64 __user *)&q), -EFAULT);
	KTEST_EXPECT_EQ(t, q, 7);
	KTEST_EXPECT_EQ(t, get_user(l, (u32 __user *)&q), -EFAULT);
}

static void strings_from_bad_pointers_fault(struct ktest *t)
{
	char buf[16];

	KTEST_EXPECT_EQ(t, strncpy_from_user(buf, NULL, sizeof(buf)), -EFAULT);
	KTEST_EXPECT_EQ(t, strncpy_from_user(buf, (const char __user *)"kernel", sizeof(buf)), -EFAULT);
	KTEST_EXPECT_EQ(t, strnlen_user(NULL, 16), 0);
	KTEST_EXPECT_EQ(t, strnlen_user((const char __user *)"kernel", 16), 0);
	KTEST_EXPECT_EQ(t, clear_user(NULL, 16), 16);
	KTEST_EXPECT_EQ(t, clear_user((void __user *)buf, 16), 16);
}

/* ---- a real user mapping ---- */

static void copy_to_user_rw_page_works(struct ktest *t)
{
	char buf[8];

	KTEST_EXPECT_EQ(t, copy_to_user((void __user *)(UTEST_RW + 100), "pagoda!", 8), 0);
	KTEST_EXPECT_STREQ(t, (char *)ut_rw + 100, "pagoda!");
	KTEST_EXPECT_EQ(t, copy_from_user(buf, (const void __user *)(UTEST_RW + 100), 8), 0);
	KTEST_EXPECT_STREQ(t, buf, "pagoda!");
}

static void copy_to_user_readonly_faults(struct ktest *t)
{
	char buf[8];

	KTEST_EXPECT_EQ(t, copy_to_user((void __user *)UTEST_RO, "scribble", 8), 8);
	KTEST_EXPECT_STREQ(t, (char *)ut_ro, "read-only");
	KTEST_EXPECT_EQ(t, put_user(1, (int __user *)UTEST_RO), -EFAULT);
	KTEST_EXPECT_EQ(t, clear_user((void __user *)UTEST_RO, 4), 4);
	/* Reading it is fine. */
	KTEST_EXPECT_EQ(t, copy_from_user(buf, (const void __user *)UTEST_RO, 8), 0);
	KTEST_EXPECT_EQ(t, memcmp(buf, "read-onl", 8), 0);
}

/* A copy that runs off the RW page into the hole stops exactly at the boundary. */
static void partial_copies_report_the_rest(struct ktest *t)
{
	unsigned long edge = UTEST_HOLE - 10;
	char buf[32];

	memset((char *)ut_rw + PAGE_SIZE - 10, 'x', 10);
	memset(buf, 0x5a, sizeof(buf));
	KTEST_EXPECT_EQ(t, copy_from_user(buf, (const void __user *)edge, 32), 22);
	KTEST_EXPECT_NULL(t, memchr_inv(buf, 'x', 10));
	KTEST_EXPECT_NULL(t, memchr_inv(buf + 10, 0, 22));	/* the rest zeroed */

	memset(buf, 'y', sizeof(buf));
	KTEST_EXPECT_EQ(t, copy_to_user((void __user *)edge, buf, 32), 22);
	KTEST_EXPECT_NULL(t, memchr_inv((char *)ut_rw + PAGE_SIZE - 10, 'y', 10));
	KTEST_EXPECT_EQ(t, clear_user((void __user *)edge, 32), 22);
	KTEST_EXPECT_NULL(t, memchr_inv((char *)ut_rw + PAGE_SIZE - 10, 0, 10));
}

static void get_put_user_round_trip(struct ktest *t)
{
	u64 q = 0;
	u32 l = 0;
	u16 w = 0;
	u8 b = 0;
	long neg = 0;

	KTEST_EXPECT_EQ(t, put_user(0x1122334455667788ULL, (u64 __user *)(UTEST_RW + 8)), 0);
	KTEST_EXPECT_EQ(t, get_user(q, (u64 __user *)(UTEST_RW + 8)), 0);
	KTEST_EXPECT_EQ(t, q, 0x1122334455667788ULL);
	KTEST_EXPECT_EQ(t, get_user(l, (u32 __user *)(UTEST_RW + 8)), 0);
	KTEST_EXPECT_EQ(t, l, 0x55667788);
	KTEST_EXPECT_EQ(t, get_user(w, (u16 __user *)(UTEST_RW + 8)), 0);
	KTEST_EXPECT_EQ(t, w, 0x7788);
	KTEST_EXPECT_EQ(t, get_user(b, (u8 __user *)(UTEST_RW + 15)), 0);
	KTEST_EXPECT_EQ(t, b, 0x11);
	KTEST_EXPECT_EQ(t, put_user(-5L, (long __user *)(UTEST_RW + 16)), 0);
	KTEST_EXPECT_EQ(t, get_user(neg, (long __user *)(UTEST_RW + 16)), 0);
	KTEST_EXPECT_EQ(t, neg, -5);
	/* The last 4 bytes of the page are fine, 4 bytes spanning into the hole are not. */
	KTEST_EXPECT_EQ(t, put_user(1U, (u32 __user *)(UTEST_HOLE - 4)), 0);
	KTEST_EXPECT_EQ(t, put_user(1U, (u32 __user *)(UTEST_HOLE - 2)), -EFAULT);
	KTEST_EXPECT_EQ(t, get_user(l, (u32 __user *)(UTEST_HOLE - 2)), -EFAULT);
}

static void strncpy_from_user_contract(struct ktest *t)
{
	char buf[16];
	char *page = (char *)ut_rw;

	strscpy(page + 200, "hello", 16);
	KTEST_EXPECT_EQ(t, strncpy_from_user(buf, (const char __user *)(UTEST_RW + 200), sizeof(buf)), 5);
	KTEST_EXPECT_STREQ(t, buf, "hello");
	/* No NUL within count: returns count. */
	KTEST_EXPECT_EQ(t, strncpy_from_user(buf, (const char __user *)(UTEST_RW + 200), 3), 3);
	KTEST_EXPECT_EQ(t, memcmp(buf, "hel", 3), 0);
	/* A string running into the hole: -EFAULT. */
	memset(page + PAGE_SIZE - 4, 'z', 4);
	KTEST_EXPECT_EQ(t, strncpy_from_user(buf, (const char __user *)(UTEST_HOLE - 4), sizeof(buf)), -EFAULT);

	KTEST_EXPECT_EQ(t, strnlen_user((const char __user *)(UTEST_RW + 200), 16), 6);
	KTEST_EXPECT_EQ(t, strnlen_user((const char __user *)(UTEST_RW + 200), 3), 4);	/* > n */
	KTEST_EXPECT_EQ(t, strnlen_user((const char __user *)(UTEST_HOLE - 4), 16), 0);
}

/* The uaccess routines leave RFLAGS.AC clear (a fault path forgetting clac would not). */
static void uaccess_leaves_ac_clear(struct ktest *t)
{
	char buf[8];

	(void)copy_from_user(buf, NULL, sizeof(buf));
	KTEST_EXPECT_FALSE(t, local_save_flags() & (1UL << 18));
	(void)copy_from_user(buf, (const void __user *)UTEST_RW, sizeof(buf));
	KTEST_EXPECT_FALSE(t, local_save_flags() & (1UL << 18));
	(void)strnlen_user((const char __user *)(UTEST_HOLE - 4), 16);
	KTEST_EXPECT_FALSE(t, local_save_flags() & (1UL << 18));
}

static struct ktest_case uaccess_cases[] = {
	KTEST_CASE(access_ok_checks_the_user_range),
	KTEST_CASE(copy_to_user_null_faults),
	KTEST_CASE(copy_to_user_kernel_address_refused),
	KTEST_CASE(copy_from_user_null_zeroes_dst),
	KTEST_CASE(get_put_user_null_fault),
	KTEST_CASE(strings_from_bad_pointers_fault),
	KTEST_CASE(copy_to_user_rw_page_works),
	KTEST_CASE(copy_to_user_readonly_faults),
	KTEST_CASE(partial_copies_report_the_rest),
	KTEST_CASE(get_put_user_round_trip),
	KTEST_CASE(strncpy_from_user_contract),
	KTEST_CASE(uaccess_leaves_ac_clear),
	{}
};
KTEST_SUITE(uaccess, uaccess_cases, .init = uaccess_test_init, .exit = uaccess_test_exit);
