/*
 * tests/host/vma_test.c - the red-black tree (kernel/lib/rbtree.c) and the
 * VMA core (mm/vma.c: linking, find_vma and its cache, split, merge, the
 * augmented free-gap search) on the host, under ASan and UBSan.
 *
 * mm/vma.c touches no page table, so it runs here as it is; this file
 * supplies what it needs from mm/mmap.c (vm_area_dup, vm_area_free: plain
 * malloc/free, so a VMA freed twice, used after a merge freed it, or
 * leaked is an ASan report) and drives it the way mmap, munmap, mprotect
 * and stack growth do.
 *
 * Models:
 *   - rbtree: a sorted array of keys; after every insert or erase the tree
 *     must walk (rb_first/rb_next, rb_last/rb_prev) as the array, and keep
 *     the red-black rules (root black, no red child of a red node, equal
 *     black heights, parent links right).
 *   - VMAs: one record per page of a small address space (mapped?, flags,
 *     file, file offset).  After every random operation the VMAs must
 *     cover exactly the mapped pages with the same attributes, file offsets
 *     linear inside each VMA, vma_tree_validate must find every invariant
 *     intact (tree = list, colours, every rb_subtree_gap, highest_vm_end,
 *     the cache), and random find_vma/find_vma_prev/unmapped_area_topdown
 *     queries must agree with a brute-force scan of the model - the last
 *     one including stack guard gaps below VM_GROWSDOWN VMAs.
 * Plus exact cases: each of vma_merge's eight cases, split both ways.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "host_test.h"
/* glibc and kernel/compiler.h both define this one. */
#undef __always_inline
#include "kernel/errno.h"
#include "kernel/lib/rbtree.h"
#include "mm/mmap.h"

unsigned long host_page_offset;		/* shim page.h: unused here */
unsigned long host_vmemmap_start;	/* shim pgtable_types.h: unused here */

#define PG		4096UL
#define BASE		0x10000000UL		/* the model's address space ... */
#define NPAGES		2048UL			/* ... 8 MiB of it */
#define TOP		(BASE + NPAGES * PG)
#define GUARD_PAGES	8UL			/* stack_guard_gap for the test */

/* ==== what mm/vma.c needs from mm/mmap.c ==== */

static long vmas_alive;

struct vm_area_struct *vm_area_dup(struct vm_area_struct *orig)
{
	struct vm_area_struct *vma = malloc(sizeof(*vma));

	*vma = *orig;
	vma->vm_next = vma->vm_prev = NULL;
	RB_CLEAR_NODE(&vma->vm_rb);
	vmas_alive++;
	return vma;
}

void vm_area_free(struct vm_area_struct *vma)
{
	memset(vma, 0x6b, sizeof(*vma));
	free(vma);
	vmas_alive--;
}

static struct vm_area_struct *new_vma(struct mm_struct *mm, unsigned long start,
				      unsigned long end, vm_flags_t flags, struct file *file,
				      unsigned long pgoff)
{
	struct vm_area_struct *vma = calloc(1, sizeof(*vma));

	vma->vm_mm = mm;
	vma->vm_start = start;
	vma->vm_end = end;
	vma->vm_flags = flags;
	vma->vm_file = file;
	vma->vm_pgoff = pgoff;
	RB_CLEAR_NODE(&vma->vm_rb);
	vmas_alive++;
	return vma;
}

static void free_all(struct mm_struct *mm)
{
	while (mm->mmap) {
		struct vm_area_struct *vma = mm->mmap;

		vma_unlink(mm, vma);
		vm_area_free(vma);
	}
}

/* ==== rbtree on its own ==== */

struct knode {
	struct rb_node rb;
	long key;
};

static void knode_insert(struct rb_root *root, struct knode *n)
{
	struct rb_node **link = &root->rb_node, *parent = NULL;

	while (*link) {
		parent = *link;
		link = n->key < rb_entry(parent, struct knode, rb)->key ? &parent->rb_left
									 : &parent->rb_right;
	}
	rb_link_node(&n->rb, parent, link);
	rb_insert_color(&n->rb, root);
}

/* Black height of n's subtree, or -1 if a rule is broken. */
static int rb_black_height(struct rb_node *n, struct rb_node *parent)
{
	int l, r;

	if (!n)
		return 0;
	if (rb_parent(n) != parent || (rb_is_red(n) && parent && rb_is_red(parent)))
		return -1;
	l = rb_black_height(n->rb_left, n);
	r = rb_black_height(n->rb_right, n);
	if (l < 0 || l != r)
		return -1;
	return l + rb_is_black(n);
}

static int cmp_long(const void *a, const void *b)
{
	long x = *(const long *)a, y = *(const long *)b;

	return (x > y) - (x < y);
}

/* The tree walks as the sorted model both ways and keeps its colours. */
static void rb_check_against(struct rb_root *root, long *keys, int n)
{
	struct rb_node *node;
	int i = 0;

	qsort(keys, n, sizeof(*keys), cmp_long);
	CHECK(!root->rb_node || rb_is_black(root->rb_node), "red root");
	CHECK(rb_black_height(root->rb_node, NULL) >= 0, "red-black rules broken (n=%d)", n);
	for (node = rb_first(root); node; node = rb_next(node), i++)
		CHECK(i < n && rb_entry(node, struct knode, rb)->key == keys[i],
		      "in-order walk differs at %d", i);
	CHECK(i == n, "walk found %d nodes, model has %d", i, n);
	for (node = rb_last(root), i = n - 1; node; node = rb_prev(node), i--)
		CHECK(i >= 0 && rb_entry(node, struct knode, rb)->key == keys[i],
		      "reverse walk differs at %d", i);
}

static void rbtree_random_insert_erase_matches_sorted_model(void)
{
	enum { MAX = 600 };
	static struct knode nodes[MAX];
	static long keys[MAX];
	struct rb_root root = RB_ROOT;
	int n = 0;
	long iters = host_iterations(20000);

	for (long it = 0; it < iters && host_test_case_failures == 0; it++) {
		if (n < MAX && (n == 0 || host_rand_below(100) < 55)) {
			nodes[n].key = (long)host_rand_below(1000);	/* duplicates too */
			knode_insert(&root, &nodes[n]);
			n++;
		} else {
			int i = (int)host_rand_below(n);

			rb_erase(&nodes[i].rb, &root);
			if (i != n - 1) {		/* move the last node into slot i */
				struct knode *last = &nodes[n - 1];

				rb_erase(&last->rb, &root);
				nodes[i].key = last->key;
				knode_insert(&root, &nodes[i]);
			}
			n--;
		}
		if (it % 7 == 0 || n < 8) {
			for (int i = 0; i < n; i++)
				keys[i] = nodes[i].key;
			rb_check_against(&root, keys, n);
		}
	}
}

static void rbtree_sequential_keys_stay_balanced(void)
{
	enum { N = 4095 };
	static struct knode nodes[N];
	struct rb_root root = RB_ROOT;
	int depth = 0;

	for (int i = 0; i < N; i++) {
		nodes[i].key = i;
		knode_insert(&root, &nodes[i]);
	}
	for (struct rb_node *n = rb_first(&root); n; n = rb_next(n)) {
		int d = 0;

		for (struct rb_node *p = n; p; p = rb_parent(p))
			d++;
		if (d > depth)
			depth = d;
	}
	CHECK(depth <= 24, "depth %d for %d sorted inserts (2 log2(n+1) = 24)", depth, N);
	for (int i = 0; i < N; i += 2)
		rb_erase(&nodes[i].rb, &root);
	CHECK(rb_black_height(root.rb_node, NULL) >= 0, "rules broken after erasing half");
	CHECK(rb_entry(rb_first(&root), struct knode, rb)->key == 1, "first is not 1");
	CHECK(rb_entry(rb_last(&root), struct knode, rb)->key == N - 2, "last is not N-2");
}

/* ==== the VMA model ==== */

struct page_model {
	bool mapped;
	vm_flags_t flags;
	struct file *file;
	unsigned long pgoff;
};

static struct page_model model[NPAGES];
static struct file *const files[] = { NULL, (struct file *)0x1000, (struct file *)0x2000 };

static unsigned long pidx(unsigned long addr)
{
	return (addr - BASE) / PG;
}

/* munmap on the VMA core alone: split at the edges, unlink and free what is inside. */
static int core_munmap(struct mm_struct *mm, unsigned long start, unsigned long end)
{
	struct vm_area_struct *vma = find_vma(mm, start), *last, *next;

	if (!vma || vma->vm_start >= end)
		return 0;
	if (vma->vm_start < start) {
		if (__split_vma(mm, vma, start, 0))
			return -ENOMEM;
		vma = vma->vm_next;
	}
	last = find_vma(mm, end);
	if (last && last->vm_start < end && __split_vma(mm, last, end, 1))
		return -ENOMEM;
	vma = find_vma(mm, start);
	for (; vma && vma->vm_start < end; vma = next) {
		next = vma->vm_next;
		vma_unlink(mm, vma);
		vm_area_free(vma);
	}
	return 0;
}

/* mmap_region on the VMA core alone: replace [start, end), merge or link. */
static void core_mmap(struct mm_struct *mm, unsigned long start, unsigned long end,
		      vm_flags_t flags, struct file *file, unsigned long pgoff)
{
	struct vm_area_struct *prev;

	core_munmap(mm, start, end);
	find_vma_prev(mm, start, &prev);
	if (!vma_merge(mm, prev, start, end, flags, file, NULL, pgoff))
		CHECK(vma_link(mm, new_vma(mm, start, end, flags, file, pgoff)) == 0,
		      "vma_link refused a free range");
	for (unsigned long a = start; a < end; a += PG)
		model[pidx(a)] = (struct page_model){ true, flags, file, pgoff + (a - start) / PG };
}

/* mprotect on the VMA core alone: every VMA in [start, end) gets flags (holes skipped). */
static void core_mprotect(struct mm_struct *mm, unsigned long start, unsigned long end,
			  vm_flags_t flags)
{
	struct vm_area_struct *vma = find_vma(mm, start);

	while (vma && vma->vm_start < end) {
		unsigned long s = vma->vm_start > start ? vma->vm_start : start;
		unsigned long e = vma->vm_end < end ? vma->vm_end : end;
		struct vm_area_struct *v = vma_modify_flags(mm, vma, s, e, flags);

		CHECK(!IS_ERR(v), "vma_modify_flags failed");
		if (IS_ERR(v))
			return;
		for (unsigned long a = s; a < e; a += PG)
			model[pidx(a)].flags = flags;
		vma = e < end ? find_vma(mm, e) : NULL;
	}
}

/* expand_stack on the VMA core alone: a VM_GROWSDOWN VMA's start moves down by n pages. */
static void core_grow_down(struct mm_struct *mm, struct vm_area_struct *vma, unsigned long n)
{
	unsigned long start = vma->vm_start - n * PG;

	if (start < BASE || vma->vm_pgoff < n || (vma->vm_prev && vma->vm_prev->vm_end > start))
		return;
	for (unsigned long a = start; a < vma->vm_start; a += PG)
		model[pidx(a)] = (struct page_model){ true, vma->vm_flags, vma->vm_file,
						      vma->vm_pgoff - (vma->vm_start - a) / PG };
	vma_set_range(mm, vma, start, vma->vm_end, vma->vm_pgoff - n);
}

/* The VMAs cover exactly the model's mapped pages, attributes and offsets included. */
static void check_against_model(struct mm_struct *mm)
{
	const char *err = vma_tree_validate(mm);
	unsigned long covered = 0, mapped = 0;

	CHECK(!err, "vma_tree_validate: %s", err ? err : "");
	for (struct vm_area_struct *v = mm->mmap; v; v = v->vm_next) {
		CHECK(v->vm_start >= BASE && v->vm_end <= TOP, "a VMA outside the space");
		for (unsigned long a = v->vm_start; a < v->vm_end && a < TOP; a += PG, covered++) {
			struct page_model *p = &model[pidx(a)];

			CHECK(p->mapped && p->flags == v->vm_flags && p->file == v->vm_file &&
			      p->pgoff == v->vm_pgoff + (a - v->vm_start) / PG,
			      "page %#lx: model %d/%#lx/%lu, VMA [%#lx,%#lx) %#lx/%lu", a, p->mapped,
			      p->flags, p->pgoff, v->vm_start, v->vm_end, v->vm_flags, v->vm_pgoff);
		}
	}
	for (unsigned long i = 0; i < NPAGES; i++)
		mapped += model[i].mapped;
	CHECK(covered == mapped, "VMAs cover %lu pages, the model maps %lu", covered, mapped);
}

/* find_vma and find_vma_prev at addr against a scan of the model. */
static void check_find_vma(struct mm_struct *mm, unsigned long addr)
{
	struct vm_area_struct *prev, *vma = find_vma_prev(mm, addr, &prev);
	unsigned long first = addr < BASE ? 0 : pidx(addr);

	while (first < NPAGES && !model[first].mapped)
		first++;
	if (first == NPAGES) {
		CHECK(!vma, "find_vma(%#lx) found [%#lx,...), the model has nothing", addr,
		      vma ? vma->vm_start : 0);
		return;
	}
	first = BASE + first * PG;
	CHECK(vma && vma->vm_start <= first && first < vma->vm_end && vma->vm_end > addr,
	      "find_vma(%#lx): want the VMA holding %#lx", addr, first);
	CHECK(vma && prev == vma->vm_prev, "find_vma_prev's prev is not vma->vm_prev");
	CHECK(!prev || prev->vm_end <= addr, "prev ends above addr");
}

/* The first page above a hole [.., hole_end): its guard-adjusted end. */
static unsigned long hole_top(unsigned long he)
{
	if (he < TOP && model[pidx(he)].mapped && (model[pidx(he)].flags & VM_GROWSDOWN))
		return he >= stack_guard_gap ? he - stack_guard_gap : 0;
	return he;
}

/*
 * Brute force: the highest start of len bytes in a hole within [low, high).
 * Holes are walked from the top: [hs, he) lies between mapped page i (or
 * the bottom of the space, i = -1) and the mapped run starting at he.
 */
static unsigned long brute_unmapped_area_topdown(unsigned long len, unsigned long low,
						 unsigned long high)
{
	unsigned long he = ~0UL;		/* nothing mapped above yet */

	for (long i = NPAGES - 1; i >= -1; i--) {
		unsigned long hs, top;

		if (i >= 0 && !model[i].mapped)
			continue;
		hs = i < 0 ? 0 : BASE + (i + 1) * PG;
		top = he == ~0UL ? high : hole_top(he);
		if (top > high)
			top = high;
		if (top >= hs + len && top >= low + len)
			return top - len;
		if (i >= 0)
			he = BASE + i * PG;
	}
	return -ENOMEM;
}

static void check_unmapped_area(struct mm_struct *mm)
{
	unsigned long len = (1 + host_rand_below(64)) * PG;
	unsigned long low = host_rand_below(4) ? BASE - 16 * PG : BASE + host_rand_below(NPAGES) * PG;
	unsigned long high = TOP - host_rand_below(NPAGES / 2) * PG;
	struct vm_unmapped_area_info info = { .length = len, .low_limit = low, .high_limit = high };
	unsigned long want = brute_unmapped_area_topdown(len, low, high);
	unsigned long got;

	if (high < len || low > high - len)
		want = -ENOMEM;
	got = unmapped_area_topdown(mm, &info);
	CHECK(got == want, "unmapped_area_topdown(len %#lx, [%#lx, %#lx)) = %#lx, model %#lx", len,
	      low, high, got, want);
}

static vm_flags_t random_flags(void)
{
	vm_flags_t f = VM_MAY_FLAGS | host_rand_below(8);	/* READ, WRITE, EXEC */

	if (host_rand_below(8) == 0)
		f |= VM_GROWSDOWN;
	return f;
}

/* One random operation on mm and the model. */
static void random_vma_op(struct mm_struct *mm)
{
	unsigned long start = BASE + host_rand_below(NPAGES) * PG;
	unsigned long len = (1 + host_rand_below(host_rand_below(4) ? 8 : 128)) * PG;
	unsigned long end = start + len > TOP ? TOP : start + len;
	struct vm_area_struct *vma;

	switch (host_rand_below(6)) {
	case 0:
	case 1: {
		struct file *file = files[host_rand_below(3)];
		/* Anonymous: the offset is the address; files: a few offsets, so some merge. */
		unsigned long pgoff = file ? host_rand_below(4) * 64 : start / PG;

		core_mmap(mm, start, end, host_rand_below(3) ? VM_MAY_FLAGS | VM_READ | VM_WRITE
							  : random_flags(), file, pgoff);
		break;
	}
	case 2:
		CHECK(core_munmap(mm, start, end) == 0, "munmap failed");
		for (unsigned long a = start; a < end; a += PG)
			model[pidx(a)].mapped = false;
		break;
	case 3:
	case 4:
		core_mprotect(mm, start, end, host_rand_below(2) ? VM_MAY_FLAGS | VM_READ | VM_WRITE
								 : random_flags());
		break;
	case 5:
		vma = find_vma(mm, start);
		if (vma && (vma->vm_flags & VM_GROWSDOWN))
			core_grow_down(mm, vma, 1 + host_rand_below(16));
		break;
	}
}

static void vma_random_ops_match_page_model(void)
{
	struct mm_struct mm = { 0 };
	long iters = host_iterations(20000);

	stack_guard_gap = GUARD_PAGES * PG;
	memset(model, 0, sizeof(model));
	for (long it = 0; it < iters && host_test_case_failures == 0; it++) {
		random_vma_op(&mm);
		check_against_model(&mm);
		for (int q = 0; q < 4; q++)
			check_find_vma(&mm, BASE - PG + host_rand_below(NPAGES + 2) * PG +
					    host_rand_below(PG));
		check_unmapped_area(&mm);
	}
	free_all(&mm);
	CHECK(vmas_alive == 0, "%ld VMAs leaked or freed twice", vmas_alive);
}

/* ==== exact cases ==== */

#define RW	(VM_MAY_FLAGS | VM_READ | VM_WRITE)
#define RO	(VM_MAY_FLAGS | VM_READ)

/* mm holds [a,b) RW, [b,c) RO, [c,d) RW (pages), anonymous offsets = addresses. */
static void three_vmas(struct mm_struct *mm, unsigned long a, unsigned long b, unsigned long c,
		       unsigned long d)
{
	vma_link(mm, new_vma(mm, BASE + a * PG, BASE + b * PG, RW, NULL, BASE / PG + a));
	vma_link(mm, new_vma(mm, BASE + b * PG, BASE + c * PG, RO, NULL, BASE / PG + b));
	vma_link(mm, new_vma(mm, BASE + c * PG, BASE + d * PG, RW, NULL, BASE / PG + c));
}

static void vma_merge_case_6_swallows_the_middle(void)
{
	struct mm_struct mm = { 0 };
	struct vm_area_struct *v;

	three_vmas(&mm, 0, 4, 8, 12);
	v = vma_modify_flags(&mm, find_vma(&mm, BASE + 4 * PG), BASE + 4 * PG, BASE + 8 * PG, RW);
	CHECK(v == mm.mmap && mm.map_count == 1, "map_count %d", mm.map_count);
	CHECK(v->vm_start == BASE && v->vm_end == BASE + 12 * PG, "not one VMA [0, 12)");
	CHECK(!vma_tree_validate(&mm), "invalid tree");
	free_all(&mm);
}

static void vma_merge_cases_7_and_8_grow_one_side(void)
{
	struct mm_struct mm = { 0 };
	struct vm_area_struct *v;

	three_vmas(&mm, 0, 4, 8, 12);
	mm.mmap->vm_next->vm_next->vm_flags = RW | VM_EXEC;	/* next differs: case 7 */
	v = vma_modify_flags(&mm, find_vma(&mm, BASE + 4 * PG), BASE + 4 * PG, BASE + 8 * PG, RW);
	CHECK(v == mm.mmap && v->vm_end == BASE + 8 * PG && mm.map_count == 2, "case 7");
	free_all(&mm);

	three_vmas(&mm, 0, 4, 8, 12);
	mm.mmap->vm_flags = RW | VM_EXEC;			/* prev differs: case 8 */
	v = vma_modify_flags(&mm, find_vma(&mm, BASE + 4 * PG), BASE + 4 * PG, BASE + 8 * PG, RW);
	CHECK(v && v->vm_start == BASE + 4 * PG && v->vm_end == BASE + 12 * PG &&
	      v->vm_pgoff == BASE / PG + 4 && mm.map_count == 2, "case 8");
	CHECK(!vma_tree_validate(&mm), "invalid tree");
	free_all(&mm);
}

static void vma_merge_cases_4_and_5_move_a_boundary(void)
{
	struct mm_struct mm = { 0 };
	struct vm_area_struct *v;

	three_vmas(&mm, 0, 4, 8, 12);
	/* case 5: the head of the RO VMA becomes RW: prev grows, the RO VMA shrinks */
	v = vma_modify_flags(&mm, find_vma(&mm, BASE + 4 * PG), BASE + 4 * PG, BASE + 6 * PG, RW);
	CHECK(v == mm.mmap && v->vm_end == BASE + 6 * PG, "case 5: prev ends at %#lx", v->vm_end);
	CHECK(v->vm_next->vm_start == BASE + 6 * PG && v->vm_next->vm_pgoff == BASE / PG + 6,
	      "case 5: the RO VMA starts at %#lx", v->vm_next->vm_start);
	/* case 4: the tail of the first VMA becomes RO: the RO VMA grows down */
	v = vma_modify_flags(&mm, mm.mmap, BASE + 5 * PG, BASE + 6 * PG, RO);
	CHECK(v && v->vm_start == BASE + 5 * PG && v->vm_pgoff == BASE / PG + 5 &&
	      mm.mmap->vm_end == BASE + 5 * PG && mm.map_count == 3, "case 4");
	CHECK(!vma_tree_validate(&mm), "invalid tree");
	free_all(&mm);
}

static void vma_merge_cases_1_to_3_fill_a_hole(void)
{
	struct mm_struct mm = { 0 };
	struct vm_area_struct *prev, *v;

	vma_link(&mm, new_vma(&mm, BASE, BASE + 4 * PG, RW, NULL, BASE / PG));
	vma_link(&mm, new_vma(&mm, BASE + 8 * PG, BASE + 12 * PG, RW, NULL, BASE / PG + 8));
	find_vma_prev(&mm, BASE + 4 * PG, &prev);
	v = vma_merge(&mm, prev, BASE + 4 * PG, BASE + 6 * PG, RW, NULL, NULL, BASE / PG + 4);
	CHECK(v == mm.mmap && v->vm_end == BASE + 6 * PG && mm.map_count == 2, "case 2");
	v = vma_merge(&mm, NULL, BASE + 7 * PG, BASE + 8 * PG, RW, NULL, NULL, BASE / PG + 7);
	CHECK(!v, "merged with nothing before it: prev was not given");
	find_vma_prev(&mm, BASE + 7 * PG, &prev);
	v = vma_merge(&mm, prev, BASE + 7 * PG, BASE + 8 * PG, RO, NULL, NULL, BASE / PG + 7);
	CHECK(!v, "merged with different flags");
	v = vma_merge(&mm, prev, BASE + 7 * PG, BASE + 8 * PG, RW, NULL, NULL, BASE / PG + 7);
	CHECK(v && v->vm_start == BASE + 7 * PG && v->vm_pgoff == BASE / PG + 7, "case 3");
	v = vma_merge(&mm, prev, BASE + 6 * PG, BASE + 7 * PG, RW, NULL, NULL, BASE / PG + 6);
	CHECK(v == mm.mmap && mm.map_count == 1 && v->vm_end == BASE + 12 * PG, "case 1");
	CHECK(!vma_tree_validate(&mm), "invalid tree");
	free_all(&mm);
	CHECK(vmas_alive == 0, "%ld VMAs leaked", vmas_alive);
}

static void split_vma_both_ways_keeps_offsets(void)
{
	struct mm_struct mm = { 0 };
	struct vm_area_struct *v;

	vma_link(&mm, new_vma(&mm, BASE, BASE + 10 * PG, RO, files[1], 100));
	v = mm.mmap;
	CHECK(__split_vma(&mm, v, BASE + 3 * PG, 1) == 0, "split below");
	CHECK(v->vm_start == BASE + 3 * PG && v->vm_pgoff == 103 && mm.mmap->vm_pgoff == 100,
	      "offsets after the split below");
	CHECK(__split_vma(&mm, v, BASE + 7 * PG, 0) == 0, "split above");
	CHECK(v->vm_end == BASE + 7 * PG && v->vm_next->vm_pgoff == 107, "offsets after split above");
	CHECK(__split_vma(&mm, v, BASE + 3 * PG, 0) == -EINVAL, "split at the edge accepted");
	CHECK(mm.map_count == 3 && !vma_tree_validate(&mm), "three valid VMAs");
	CHECK(find_vma(&mm, BASE + 5 * PG) == v, "find_vma in the middle piece");
	free_all(&mm);
}

static void unmapped_area_skips_a_stack_guard_gap(void)
{
	struct mm_struct mm = { 0 };
	struct vm_unmapped_area_info info = { .length = 4 * PG, .low_limit = BASE, .high_limit = TOP };

	stack_guard_gap = GUARD_PAGES * PG;
	vma_link(&mm, new_vma(&mm, TOP - 4 * PG, TOP, RW | VM_GROWSDOWN, NULL, TOP / PG));
	vma_link(&mm, new_vma(&mm, BASE, BASE + PG, RW, NULL, BASE / PG));
	CHECK(unmapped_area_topdown(&mm, &info) == TOP - 4 * PG - GUARD_PAGES * PG - 4 * PG,
	      "not right below the guard gap: %#lx", unmapped_area_topdown(&mm, &info));
	info.length = NPAGES * PG;
	CHECK(unmapped_area_topdown(&mm, &info) == (unsigned long)-ENOMEM, "too long fits");
	free_all(&mm);
}

static const struct host_test_case cases[] = {
	HOST_TEST(rbtree_random_insert_erase_matches_sorted_model),
	HOST_TEST(rbtree_sequential_keys_stay_balanced),
	HOST_TEST(vma_merge_cases_1_to_3_fill_a_hole),
	HOST_TEST(vma_merge_cases_4_and_5_move_a_boundary),
	HOST_TEST(vma_merge_case_6_swallows_the_middle),
	HOST_TEST(vma_merge_cases_7_and_8_grow_one_side),
	HOST_TEST(split_vma_both_ways_keeps_offsets),
	HOST_TEST(unmapped_area_skips_a_stack_guard_gap),
	HOST_TEST(vma_random_ops_match_page_model),
};
HOST_TEST_MAIN(cases)
