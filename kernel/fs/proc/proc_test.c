/*
 * kernel/fs/proc/proc_test.c - ktest suite "proc": procfs against the
 * kernel's own counters, with no user program in between.
 *
 *   - /proc/meminfo's numbers are the allocator's: MemFree is exactly
 *     nr_free_pages(), MemTotal totalram_pages, AnonPages NR_ANON_MAPPED,
 *     PageTables NR_PAGETABLE, SwapTotal/SwapFree the swap counters,
 *     VmallocUsed vmalloc_nr_pages(), Committed_AS vm_committed_as;
 *   - MemFree falls by exactly 1024 kB while an order-8 block (1 MiB, which
 *     bypasses the per-CPU lists) is allocated, and comes back after;
 *   - looking up /proc/self, /proc/<pid>/status and reading it leaves no
 *     dentry, inode or file behind (dynamic dentries die on their last dput);
 *   - oom_score_adj and the /proc/sys/vm files refuse bad values with
 *     -EINVAL and take good ones;
 *   - a seq_file text larger than a page is built whole.
 * Runs in kernel_init (pid 1 before it execs init): current has no mm.
 */
#include "kernel/fs/proc/internal.h"
#include "kernel/fs/proc/proc_fs.h"
#include "kernel/fs/fs_test_util.h"
#include "kernel/errno.h"
#include "kernel/ktest.h"
#include "kernel/printk.h"
#include "kernel/sched.h"
#include "kernel/string.h"
#include "mm/gfp.h"
#include "mm/mm.h"
#include "mm/mmap.h"
#include "mm/mmzone.h"
#include "mm/swap.h"
#include "mm/vmalloc.h"
#include "mm/vmscan.h"
#include "mm/vmstat.h"

static int meminfo_show_arg(struct seq_file *m, void *arg)
{
	return meminfo_proc_show(m, arg);
}

/* The kB value of "key:" in m's text, or -1. */
static long long seq_value(struct seq_file *m, const char *key)
{
	size_t klen = strlen(key);

	for (size_t i = 0; i + klen < m->count; i++) {
		if ((i == 0 || m->buf[i - 1] == '\n') && !memcmp(m->buf + i, key, klen) &&
		    m->buf[i + klen] == ':') {
			long long v = 0;
			size_t j = i + klen + 1;

			while (j < m->count && m->buf[j] == ' ')
				j++;
			while (j < m->count && m->buf[j] >= '0' && m->buf[j] <= '9')
				v = v * 10 + (m->buf[j++] - '0');
			return v;
		}
	}
	return -1;
}

static void meminfo_matches_allocator_counters(struct ktest *t)
{
	struct seq_file m = { 0 };
	long swap_free;

	KTEST_ASSERT_EQ(t, seq_generate(&m, meminfo_show_arg, NULL), 0);
	/* Nothing allocates between the last run of show and these reads. */
	swap_free = get_nr_swap_pages();
	KTEST_EXPECT_EQ(t, seq_value(&m, "MemTotal"), (long long)totalram_pages << 2);
	KTEST_EXPECT_EQ(t, seq_value(&m, "MemFree"), (long long)nr_free_pages() << 2);
	KTEST_EXPECT_EQ(t, seq_value(&m, "AnonPages"),
			(long long)global_node_page_state(NR_ANON_MAPPED) << 2);
	KTEST_EXPECT_EQ(t, seq_value(&m, "PageTables"),
			(long long)global_node_page_state(NR_PAGETABLE) << 2);
	KTEST_EXPECT_EQ(t, seq_value(&m, "SwapCached"),
			(long long)global_node_page_state(NR_SWAPCACHE) << 2);
	KTEST_EXPECT_EQ(t, seq_value(&m, "SwapTotal"), (long long)total_swap_pages << 2);
	KTEST_EXPECT_EQ(t, seq_value(&m, "SwapFree"), (long long)(swap_free < 0 ? 0 : swap_free) << 2);
	KTEST_EXPECT_EQ(t, seq_value(&m, "VmallocUsed"), (long long)vmalloc_nr_pages() << 2);
	KTEST_EXPECT_EQ(t, seq_value(&m, "Committed_AS"), (long long)vm_committed_as << 2);
	KTEST_EXPECT_EQ(t, seq_value(&m, "CommitLimit"), (long long)vm_commit_limit() << 2);
	ktest_info(t, "MemTotal %lld kB, MemFree %lld kB = nr_free_pages() %lu", seq_value(&m, "MemTotal"),
		   seq_value(&m, "MemFree"), nr_free_pages());
	seq_release(&m);
}

static long long memfree_now(struct ktest *t)
{
	struct seq_file m = { 0 };
	long long v;

	KTEST_ASSERT_EQ(t, seq_generate(&m, meminfo_show_arg, NULL), 0);
	v = seq_value(&m, "MemFree");
	seq_release(&m);
	return v;
}

static void meminfo_memfree_follows_an_allocation(struct ktest *t)
{
	struct seq_file warm = { 0 };
	long long before, during, after;
	struct page *page;

	/* One run first, so that its buffer's slab is there for the measured ones. */
	KTEST_ASSERT_EQ(t, seq_generate(&warm, meminfo_show_arg, NULL), 0);
	seq_release(&warm);
	before = memfree_now(t);
	page = alloc_pages(GFP_KERNEL, 8);
	KTEST_ASSERT_NOT_NULL(t, page);
	during = memfree_now(t);
	__free_pages(page, 8);
	after = memfree_now(t);
	KTEST_EXPECT_EQ(t, before - during, 1024);
	KTEST_EXPECT_EQ(t, after, before);
}

static void proc_lookup_leaves_nothing_behind(struct ktest *t)
{
	struct dentry *root = proc_mount(), *self, *pid, *status;
	struct kt_counts before, after;
	char name[16];
	struct qstr q;

	KTEST_ASSERT_FALSE(t, IS_ERR(root));
	kt_get_counts(&before);
	q = (struct qstr){ "self", 4 };
	self = lookup_one(root, &q);
	KTEST_ASSERT_TRUE(t, self && !IS_ERR(self));
	KTEST_EXPECT_TRUE(t, S_ISLNK(self->d_inode->i_mode));
	snprintf(name, sizeof(name), "%d", current->tgid);
	KTEST_EXPECT_STREQ(t, self->d_inode->i_link, name);
	q = (struct qstr){ name, strlen(name) };
	pid = lookup_one(root, &q);
	KTEST_ASSERT_TRUE(t, pid && !IS_ERR(pid));
	KTEST_EXPECT_TRUE(t, S_ISDIR(pid->d_inode->i_mode));
	q = (struct qstr){ "status", 6 };
	status = lookup_one(pid, &q);
	KTEST_ASSERT_TRUE(t, status && !IS_ERR(status));
	KTEST_EXPECT_EQ(t, proc_inode_pid(status->d_inode), current->tgid);
	q = (struct qstr){ "nosuch", 6 };
	KTEST_EXPECT_NULL(t, lookup_one(pid, &q));
	dput(status);
	dput(pid);
	dput(self);
	kt_get_counts(&after);
	KTEST_EXPECT_EQ(t, after.dentries, before.dentries);
	KTEST_EXPECT_EQ(t, after.inodes, before.inodes);
	KTEST_EXPECT_EQ(t, after.files, before.files);
	dput(root);
}

/* The entry called name in table[0..n), or NULL. */
static const struct proc_entry *find_entry(const struct proc_entry *table, unsigned int n,
					   const char *name)
{
	for (unsigned int i = 0; i < n; i++)
		if (!strcmp(table[i].name, name))
			return &table[i];
	return NULL;
}

/* Calls pe's write with a copy of s (writes may modify their buffer). */
static int write_str(const struct proc_entry *pe, const char *s)
{
	char buf[32];

	strscpy(buf, s, sizeof(buf));
	return pe->write(pe, current, buf, strlen(buf));
}

static void oom_score_adj_write_is_validated(struct ktest *t)
{
	const struct proc_entry *pe = find_entry(proc_pid_dir_entry.children,
						 proc_pid_dir_entry.nr_children, "oom_score_adj");
	int saved = current->oom_score_adj;

	KTEST_ASSERT_NOT_NULL(t, pe);
	KTEST_EXPECT_EQ(t, write_str(pe, "500\n"), 0);
	KTEST_EXPECT_EQ(t, current->oom_score_adj, 500);
	KTEST_EXPECT_EQ(t, write_str(pe, "1001"), -EINVAL);
	KTEST_EXPECT_EQ(t, write_str(pe, "-1001"), -EINVAL);
	KTEST_EXPECT_EQ(t, write_str(pe, "12abc"), -EINVAL);
	KTEST_EXPECT_EQ(t, current->oom_score_adj, 500);
	KTEST_EXPECT_EQ(t, write_str(pe, " -1000 "), 0);
	KTEST_EXPECT_EQ(t, current->oom_score_adj, -1000);
	current->oom_score_adj = saved;
}

static void sysctl_writes_are_validated(struct ktest *t)
{
	const struct proc_entry *sw = find_entry(proc_sys_vm_table, proc_sys_vm_count, "swappiness");
	const struct proc_entry *oc = find_entry(proc_sys_vm_table, proc_sys_vm_count,
						 "overcommit_memory");
	int saved = vm_swappiness;

	KTEST_ASSERT_NOT_NULL(t, sw);
	KTEST_ASSERT_NOT_NULL(t, oc);
	KTEST_EXPECT_EQ(t, write_str(sw, "201"), -EINVAL);
	KTEST_EXPECT_EQ(t, write_str(sw, "-1"), -EINVAL);
	KTEST_EXPECT_EQ(t, write_str(sw, "0x10"), -EINVAL);
	KTEST_EXPECT_EQ(t, vm_swappiness, saved);
	KTEST_EXPECT_EQ(t, write_str(sw, "200\n"), 0);
	KTEST_EXPECT_EQ(t, vm_swappiness, 200);
	vm_swappiness = saved;
	KTEST_EXPECT_EQ(t, write_str(oc, "3"), -EINVAL);
	KTEST_EXPECT_EQ(t, sysctl_overcommit_memory, OVERCOMMIT_GUESS);
}

/* Prints 3 pages and a bit of numbered lines. */
static int big_show(struct seq_file *m, void *arg)
{
	(void)arg;
	for (int i = 0; i < 1300; i++)
		seq_printf(m, "line %05d\n", i);	/* 11 bytes each: 14300 */
	return 0;
}

static void seq_generate_grows_the_buffer(struct ktest *t)
{
	struct seq_file m = { 0 };

	KTEST_ASSERT_EQ(t, seq_generate(&m, big_show, NULL), 0);
	KTEST_EXPECT_EQ(t, m.count, 14300);
	KTEST_EXPECT_FALSE(t, seq_has_overflowed(&m));
	KTEST_EXPECT_EQ(t, memcmp(m.buf + 11 * 1299, "line 01299\n", 11), 0);
	seq_release(&m);
}

static struct ktest_case proc_cases[] = {
	KTEST_CASE(meminfo_matches_allocator_counters),
	KTEST_CASE(meminfo_memfree_follows_an_allocation),
	KTEST_CASE(proc_lookup_leaves_nothing_behind),
	KTEST_CASE(oom_score_adj_write_is_validated),
	KTEST_CASE(sysctl_writes_are_validated),
	KTEST_CASE(seq_generate_grows_the_buffer),
	{},
};

KTEST_SUITE(proc, proc_cases);
