/*
 * mm/vma.c - the VMA set of an address space: lookup, linking, splitting,
 * merging and the free-gap search (the core of Linux's mm/mmap.c, which
 * Linux 6.12 also moved into an mm/vma.c so that it can be tested in user
 * space - tests/host/vma_test.c does the same here).  This file touches no
 * page table and allocates nothing but VMAs: mm/mmap.c and its neighbours
 * build mmap, munmap, mprotect, mremap, mlock on top of it.
 *
 * Data structures.  Each VMA of an mm is in two structures at once:
 *   - mm->mmap, a list sorted by address through vm_next/vm_prev (walks,
 *     and the neighbours of a VMA in O(1));
 *   - mm->mm_rb, a red-black tree keyed by address (kernel/lib/rbtree.c),
 *     so find_vma is O(log n);
 * plus mm->vmacache, the last few VMAs find_vma returned (a hit costs a
 * few compares; page faults tend to hit the same VMA again and again).
 *
 * The tree is augmented: each node keeps rb_subtree_gap, the largest free
 * gap below any VMA of its subtree - the gap below v being
 * [vm_end_gap(v->vm_prev), vm_start_gap(v)), where a stack (VM_GROWSDOWN)
 * VMA's start is pushed down by stack_guard_gap (256 pages) so that no
 * mapping is put where the stack must be able to grow.  The gap above the
 * highest VMA is mm->highest_vm_end .. the limit.  unmapped_area_topdown
 * walks the tree from the right, skipping every subtree whose largest gap
 * is too small, and finds the highest fitting hole in O(log n).
 *
 *   addresses ->     [ A ]     [  B  ]  [C]          [ D ]
 *   gap below:     0..A.start  A..B     B..C     C..D (D's start - guard if a stack)
 *   tree:                     B (max of all four gaps)
 *                           /   \
 *                         A      D (max of C's gap, D's gap)
 *                               /
 *                              C
 *
 * Splitting (__split_vma) cuts one VMA in two at a page boundary: a copy
 * of the VMA (vm_area_dup: a new reference to its file or object) takes
 * one side, with its file offset moved on by the distance; the page
 * tables are not touched - the same ptes now belong to two VMAs.
 *
 *   before:   [ vma: start ............................ end )
 *   after:    [ vma: start ..... addr )[ new: addr ..... end )   new_below = 0
 *             [ new: start ..... addr )[ vma: addr ..... end )   new_below = 1
 *
 * Merging (vma_merge) is asked: "[addr, end) is about to get vm_flags,
 * file, pgoff - can a neighbour simply grow over it?"  Two VMAs merge if
 * they touch and their flags, file, backing object and file offsets agree
 * (can_vma_merge_before/after).  Linux's eight cases, with PPPP the VMA
 * before (prev), NNNN the one after (next), XXXX the one after that, and
 * AAAA the range [addr, end):
 *
 *      AAAA               AAAA                AAAA
 *   PPPP    NNNN       PPPPNNNN            PPPPNNNNXXXX        (AAAA covers NNNN)
 *   1: PPPPPPPPPPPP    4: PPNNNNNN (tail)   6: PPPPPPPPPPPP
 *   2: PPPPPPPPNNNN    5: PPPPPPNN (head)   7: PPPPPPPPXXXX
 *   3: PPPPNNNNNNNN                         8: PPPPXXXXXXXX
 *
 * In cases 1-3 [addr, end) is a hole (mmap, brk, mremap); in 4-8 it is
 * part of an existing VMA whose flags change (mprotect, mlock, madvise).
 * A VMA that disappears in a merge is freed (vm_area_free).
 *
 * Invariants (vma_tree_validate checks them all; mm/mmap_test.c and the
 * host test run it after every operation):
 *   - the list is sorted, the VMAs page-aligned, non-empty, disjoint,
 *     vm_prev the inverse of vm_next, map_count its length;
 *   - the tree holds exactly the list's VMAs, in the same order, and is a
 *     valid red-black tree; every rb_subtree_gap is right;
 *   - highest_vm_end is the last VMA's vm_end_gap (0 with no VMA);
 *   - every vmacache entry is NULL or a VMA of the list.
 * Accounting (total_vm and friends) is not done here: a split or a merge
 * moves pages between VMAs without changing the totals.
 *
 * Locking: see mm/mmap.h (the mm's owner changes it; no mmap_lock yet).
 */
#include "arch/x86_64/page.h"
#include "kernel/errno.h"
#include "kernel/lib/rbtree.h"
#include "mm/mmap.h"

/* Linux's stack_guard_gap: 256 pages kept free below a stack VMA. */
unsigned long stack_guard_gap = 256UL << PAGE_SHIFT;
/* Linux's sysctl_max_map_count default: the most VMAs one mm may have. */
int sysctl_max_map_count = 65530;

static inline struct vm_area_struct *rb_vma(struct rb_node *n)
{
	return n ? rb_entry(n, struct vm_area_struct, vm_rb) : NULL;
}

/* ==== the augmented gap values ==== */

/* The free gap right below vma (0 if its neighbour's guard gap overlaps it). */
static unsigned long vma_gap(const struct vm_area_struct *vma)
{
	unsigned long start = vm_start_gap(vma);
	unsigned long prev_end = vma->vm_prev ? vm_end_gap(vma->vm_prev) : 0;

	return start > prev_end ? start - prev_end : 0;
}

static unsigned long vma_compute_subtree_gap(const struct vm_area_struct *vma)
{
	unsigned long gap = vma_gap(vma);
	struct vm_area_struct *l = rb_vma(vma->vm_rb.rb_left), *r = rb_vma(vma->vm_rb.rb_right);

	if (l && l->rb_subtree_gap > gap)
		gap = l->rb_subtree_gap;
	if (r && r->rb_subtree_gap > gap)
		gap = r->rb_subtree_gap;
	return gap;
}

/* Recompute rb_subtree_gap from rb up to stop; nothing changes above an unchanged node. */
static void vma_gap_propagate(struct rb_node *rb, struct rb_node *stop)
{
	while (rb != stop) {
		struct vm_area_struct *vma = rb_vma(rb);
		unsigned long gap = vma_compute_subtree_gap(vma);

		if (vma->rb_subtree_gap == gap)
			break;
		vma->rb_subtree_gap = gap;
		rb = rb_parent(rb);
	}
}

static void vma_gap_copy(struct rb_node *old, struct rb_node *new)
{
	rb_vma(new)->rb_subtree_gap = rb_vma(old)->rb_subtree_gap;
}

static void vma_gap_rotate(struct rb_node *old, struct rb_node *new)
{
	rb_vma(new)->rb_subtree_gap = rb_vma(old)->rb_subtree_gap;
	rb_vma(old)->rb_subtree_gap = vma_compute_subtree_gap(rb_vma(old));
}

static const struct rb_augment_callbacks vma_gap_callbacks = {
	.propagate = vma_gap_propagate,
	.copy = vma_gap_copy,
	.rotate = vma_gap_rotate,
};

/* vma's own gap changed (its start, or its prev's end): fix the tree above it. */
static void vma_gap_update(struct vm_area_struct *vma)
{
	vma_gap_propagate(&vma->vm_rb, NULL);
}

/* vma's end (or its successor) changed: fix the gap above it. */
static void vma_gap_update_above(struct mm_struct *mm, struct vm_area_struct *vma)
{
	if (vma->vm_next)
		vma_gap_update(vma->vm_next);
	else
		mm->highest_vm_end = vm_end_gap(vma);
}

/* ==== the cache ==== */

#define VMACACHE_HASH(addr)	(((addr) >> PAGE_SHIFT) & (VMACACHE_SIZE - 1))

/* vmacache_invalidate - forget every cached VMA of mm (after any VMA changed). */
void vmacache_invalidate(struct mm_struct *mm)
{
	for (unsigned int i = 0; i < VMACACHE_SIZE; i++)
		mm->vmacache[i] = NULL;
}

static struct vm_area_struct *vmacache_find(struct mm_struct *mm, unsigned long addr)
{
	for (unsigned int i = 0; i < VMACACHE_SIZE; i++) {
		struct vm_area_struct *vma = mm->vmacache[i];

		if (vma && vma->vm_start <= addr && addr < vma->vm_end)
			return vma;
	}
	return NULL;
}

/* ==== lookups ==== */

/* find_vma - the first VMA with vm_end > addr, or NULL (see mmap.h). */
struct vm_area_struct *find_vma(struct mm_struct *mm, unsigned long addr)
{
	struct vm_area_struct *vma = vmacache_find(mm, addr);
	struct rb_node *n = mm->mm_rb.rb_node;

	if (vma)
		return vma;
	while (n) {
		struct vm_area_struct *tmp = rb_vma(n);

		if (tmp->vm_end > addr) {
			vma = tmp;
			if (tmp->vm_start <= addr)
				break;
			n = n->rb_left;
		} else {
			n = n->rb_right;
		}
	}
	if (vma && vma->vm_start <= addr)
		mm->vmacache[VMACACHE_HASH(addr)] = vma;
	return vma;
}

/* find_vma_prev - find_vma, and the VMA before it in *pprev (see mmap.h). */
struct vm_area_struct *find_vma_prev(struct mm_struct *mm, unsigned long addr,
				     struct vm_area_struct **pprev)
{
	struct vm_area_struct *vma = find_vma(mm, addr);

	*pprev = vma ? vma->vm_prev : rb_vma(rb_last(&mm->mm_rb));
	return vma;
}

/* find_vma_intersection - the first VMA overlapping [start, end), or NULL. */
struct vm_area_struct *find_vma_intersection(struct mm_struct *mm, unsigned long start,
					     unsigned long end)
{
	struct vm_area_struct *vma = find_vma(mm, start);

	if (vma && vma->vm_start < end)
		return vma;
	return NULL;
}

/* ==== linking ==== */

/*
 * Where a VMA for [addr, end) goes: the VMA before it (*pprev) and the
 * tree slot (*rb_link under *rb_parent).  -ENOMEM if a VMA overlaps.
 */
static int find_vma_links(struct mm_struct *mm, unsigned long addr, unsigned long end,
			  struct vm_area_struct **pprev, struct rb_node ***rb_link,
			  struct rb_node **rb_parent)
{
	struct rb_node **link = &mm->mm_rb.rb_node, *parent = NULL, *prev = NULL;

	while (*link) {
		struct vm_area_struct *tmp = rb_vma(*link);

		parent = *link;
		if (tmp->vm_end > addr) {
			if (tmp->vm_start < end)
				return -ENOMEM;
			link = &parent->rb_left;
		} else {
			prev = parent;
			link = &parent->rb_right;
		}
	}
	*pprev = rb_vma(prev);
	*rb_link = link;
	*rb_parent = parent;
	return 0;
}

/* Put vma in mm's list after prev (NULL: first). */
static void vma_link_list(struct mm_struct *mm, struct vm_area_struct *vma,
			  struct vm_area_struct *prev)
{
	struct vm_area_struct *next = prev ? prev->vm_next : mm->mmap;

	vma->vm_prev = prev;
	vma->vm_next = next;
	if (prev)
		prev->vm_next = vma;
	else
		mm->mmap = vma;
	if (next)
		next->vm_prev = vma;
}

/* vma_link - link vma into mm's list and tree (see mmap.h). */
int vma_link(struct mm_struct *mm, struct vm_area_struct *vma)
{
	struct vm_area_struct *prev;
	struct rb_node **rb_link, *rb_parent;

	if (find_vma_links(mm, vma->vm_start, vma->vm_end, &prev, &rb_link, &rb_parent))
		return -ENOMEM;
	vma->vm_mm = mm;
	vma_link_list(mm, vma, prev);
	vma_gap_update_above(mm, vma);
	rb_link_node(&vma->vm_rb, rb_parent, rb_link);
	vma->rb_subtree_gap = 0;
	vma_gap_update(vma);
	rb_insert_augmented(&vma->vm_rb, &mm->mm_rb, &vma_gap_callbacks);
	mm->map_count++;
	return 0;
}

/* vma_unlink - take vma out of mm's list and tree; it is not freed (see mmap.h). */
void vma_unlink(struct mm_struct *mm, struct vm_area_struct *vma)
{
	struct vm_area_struct *prev = vma->vm_prev, *next = vma->vm_next;

	rb_erase_augmented(&vma->vm_rb, &mm->mm_rb, &vma_gap_callbacks);
	if (prev)
		prev->vm_next = next;
	else
		mm->mmap = next;
	if (next) {
		next->vm_prev = prev;
		vma_gap_update(next);
	} else {
		mm->highest_vm_end = prev ? vm_end_gap(prev) : 0;
	}
	vma->vm_next = vma->vm_prev = NULL;
	RB_CLEAR_NODE(&vma->vm_rb);
	mm->map_count--;
	vmacache_invalidate(mm);
}

/* vma_set_range - move vma's bounds, keeping the gaps right (see mmap.h). */
void vma_set_range(struct mm_struct *mm, struct vm_area_struct *vma, unsigned long start,
		   unsigned long end, unsigned long pgoff)
{
	vma->vm_start = start;
	vma->vm_end = end;
	vma->vm_pgoff = pgoff;
	vma_gap_update(vma);
	vma_gap_update_above(mm, vma);
	vmacache_invalidate(mm);
}

/* Unlink and free vma (a merge absorbed it: its pages now belong to a neighbour). */
static void vma_remove_merged(struct mm_struct *mm, struct vm_area_struct *vma)
{
	vma_unlink(mm, vma);
	vm_area_free(vma);
}

/* ==== split ==== */

/* __split_vma - cut vma in two at addr (see the top comment and mmap.h). */
int __split_vma(struct mm_struct *mm, struct vm_area_struct *vma, unsigned long addr,
		int new_below)
{
	unsigned long off = (addr - vma->vm_start) >> PAGE_SHIFT;
	struct vm_area_struct *new;

	if (addr <= vma->vm_start || addr >= vma->vm_end || (addr & ~PAGE_MASK))
		return -EINVAL;
	new = vm_area_dup(vma);
	if (!new)
		return -ENOMEM;
	if (new_below) {
		new->vm_end = addr;
		vma_set_range(mm, vma, addr, vma->vm_end, vma->vm_pgoff + off);
	} else {
		new->vm_start = addr;
		new->vm_pgoff += off;
		vma_set_range(mm, vma, vma->vm_start, addr, vma->vm_pgoff);
	}
	vma_link(mm, new);		/* cannot overlap: vma just left the room */
	return 0;
}

/* split_vma - __split_vma, unless mm already has sysctl_max_map_count VMAs (-ENOMEM). */
int split_vma(struct mm_struct *mm, struct vm_area_struct *vma, unsigned long addr,
	      int new_below)
{
	if (mm->map_count >= sysctl_max_map_count)
		return -ENOMEM;
	return __split_vma(mm, vma, addr, new_below);
}

/* ==== merge ==== */

/* Same flags, same file, same backing object: pages may belong to either. */
static bool is_mergeable_vma(const struct vm_area_struct *vma, vm_flags_t vm_flags,
			     struct file *file, void *priv)
{
	return vma->vm_flags == vm_flags && vma->vm_file == file && vma->vm_private_data == priv;
}

/* Can [.., vm_start of vma) with vm_flags at pgoff be followed by vma? */
static bool can_vma_merge_before(const struct vm_area_struct *vma, vm_flags_t vm_flags,
				 struct file *file, void *priv, unsigned long end_pgoff)
{
	return is_mergeable_vma(vma, vm_flags, file, priv) && vma->vm_pgoff == end_pgoff;
}

/* Can vma be followed by a range at pgoff with vm_flags? */
static bool can_vma_merge_after(const struct vm_area_struct *vma, vm_flags_t vm_flags,
				struct file *file, void *priv, unsigned long pgoff)
{
	return is_mergeable_vma(vma, vm_flags, file, priv) &&
	       vma->vm_pgoff + vma_pages(vma) == pgoff;
}

/* Cases 1, 2, 5, 6, 7: prev grows over [addr, end) (and over next, if merge_next). */
static struct vm_area_struct *merge_into_prev(struct mm_struct *mm, struct vm_area_struct *prev,
					      struct vm_area_struct *area,
					      struct vm_area_struct *next, unsigned long end,
					      bool merge_next)
{
	unsigned long new_end = end;

	if (merge_next) {				/* 1, 6 */
		new_end = next->vm_end;
		vma_remove_merged(mm, next);
		if (area != next)
			vma_remove_merged(mm, area);	/* 6 */
	} else if (area && area->vm_start < end) {
		if (area->vm_end == end)		/* 7 */
			vma_remove_merged(mm, area);
		else				/* 5: area keeps its tail */
			vma_set_range(mm, area, end, area->vm_end,
				      area->vm_pgoff + ((end - area->vm_start) >> PAGE_SHIFT));
	}
	vma_set_range(mm, prev, prev->vm_start, new_end, prev->vm_pgoff);
	return prev;
}

/* Cases 3, 4, 8: next grows down over [addr, end). */
static struct vm_area_struct *merge_into_next(struct mm_struct *mm, struct vm_area_struct *prev,
					      struct vm_area_struct *area,
					      struct vm_area_struct *next, unsigned long addr)
{
	unsigned long pglen = (next->vm_start - addr) >> PAGE_SHIFT;

	if (prev && addr < prev->vm_end)		/* 4: prev gives up its tail */
		vma_set_range(mm, prev, prev->vm_start, addr, prev->vm_pgoff);
	else if (area != next)				/* 8 */
		vma_remove_merged(mm, area);
	vma_set_range(mm, next, addr, next->vm_end, next->vm_pgoff - pglen);
	return next;
}

/* vma_merge - grow a neighbour over [addr, end) if it fits (see the top comment). */
struct vm_area_struct *vma_merge(struct mm_struct *mm, struct vm_area_struct *prev,
				 unsigned long addr, unsigned long end, vm_flags_t vm_flags,
				 struct file *file, void *priv, unsigned long pgoff)
{
	unsigned long pglen = (end - addr) >> PAGE_SHIFT;
	struct vm_area_struct *area, *next;
	bool merge_prev, merge_next;

	next = prev ? prev->vm_next : mm->mmap;
	area = next;
	if (area && area->vm_end == end)		/* cases 6, 7, 8 */
		next = next->vm_next;
	merge_prev = prev && prev->vm_end == addr &&
		     can_vma_merge_after(prev, vm_flags, file, priv, pgoff);
	merge_next = next && next->vm_start == end &&
		     can_vma_merge_before(next, vm_flags, file, priv, pgoff + pglen);
	if (merge_prev)
		return merge_into_prev(mm, prev, area, next, end, merge_next);
	if (merge_next)
		return merge_into_next(mm, prev, area, next, addr);
	return NULL;
}

/* vma_modify_flags - one VMA for [start, end) with newflags (see mmap.h). */
struct vm_area_struct *vma_modify_flags(struct mm_struct *mm, struct vm_area_struct *vma,
					unsigned long start, unsigned long end, vm_flags_t newflags)
{
	unsigned long pgoff = vma->vm_pgoff + ((start - vma->vm_start) >> PAGE_SHIFT);
	struct vm_area_struct *prev = start > vma->vm_start ? vma : vma->vm_prev, *merged;
	int err;

	if (vma->vm_flags == newflags)
		return vma;
	merged = vma_merge(mm, prev, start, end, newflags, vma->vm_file, vma->vm_private_data,
			   pgoff);
	if (merged)
		return merged;
	if (start != vma->vm_start) {
		err = split_vma(mm, vma, start, 1);	/* the new VMA keeps the head */
		if (err)
			return ERR_PTR(err);
	}
	if (end != vma->vm_end) {
		err = split_vma(mm, vma, end, 0);	/* ... the tail */
		if (err)
			return ERR_PTR(err);
	}
	if ((vma->vm_flags ^ newflags) & VM_GROWSDOWN) {
		vma->vm_flags = newflags;
		vma_gap_update(vma);	/* the guard gap below it came or went */
	}
	vma->vm_flags = newflags;
	return vma;
}

/* ==== the free-gap search ==== */

struct gap_search {
	unsigned long length;		/* bytes wanted */
	unsigned long low_limit;	/* a fitting gap ends at or above this */
	unsigned long high_limit;	/* ... and starts at or below this */
	bool below_low;			/* the walk went below low_limit: stop */
};

/* Does the gap below vma hold s->length bytes within the limits? */
static bool gap_fits(const struct vm_area_struct *vma, const struct gap_search *s)
{
	unsigned long gap_start = vma->vm_prev ? vm_end_gap(vma->vm_prev) : 0;
	unsigned long gap_end = vm_start_gap(vma);

	return gap_start <= s->high_limit && gap_end >= s->low_limit && gap_end > gap_start &&
	       gap_end - gap_start >= s->length;
}

/*
 * The highest VMA of subtree n with a fitting gap below it: right subtree
 * first, then n, then the left subtree, skipping any subtree whose largest
 * gap is too small, or (right subtrees) that lies wholly above high_limit.
 */
static struct vm_area_struct *find_gap_topdown(struct rb_node *n, struct gap_search *s)
{
	struct vm_area_struct *vma = rb_vma(n), *found;

	if (!vma || s->below_low || vma->rb_subtree_gap < s->length)
		return NULL;
	if (vm_end_gap(vma) <= s->high_limit) {
		found = find_gap_topdown(n->rb_right, s);
		if (found || s->below_low)
			return found;
	}
	if (gap_fits(vma, s))
		return vma;
	/*
	 * Every gap further left ends at or below the previous VMA's start
	 * (not below this VMA's vm_start_gap: a stack's guard gap may reach
	 * down past the previous VMA).  Once that is below low_limit, no gap
	 * to the left can fit: stop the whole walk.
	 */
	if (!vma->vm_prev || vma->vm_prev->vm_start < s->low_limit) {
		s->below_low = true;
		return NULL;
	}
	return find_gap_topdown(n->rb_left, s);
}

/* unmapped_area_topdown - the highest hole for info (see mmap.h). */
unsigned long unmapped_area_topdown(struct mm_struct *mm, const struct vm_unmapped_area_info *info)
{
	struct gap_search s = { .length = info->length };
	struct vm_area_struct *vma;

	if (!info->length || info->high_limit < info->length)
		return -ENOMEM;
	s.high_limit = info->high_limit - info->length;
	if (info->low_limit > s.high_limit)
		return -ENOMEM;
	s.low_limit = info->low_limit + info->length;
	if (mm->highest_vm_end <= s.high_limit)
		return info->high_limit - info->length;
	vma = find_gap_topdown(mm->mm_rb.rb_node, &s);
	if (!vma)
		return -ENOMEM;
	return min(vm_start_gap(vma), info->high_limit) - info->length;
}

/* ==== checking ==== */

/* The black height of subtree n; *err says what is broken, if anything. */
static int rb_check(struct rb_node *n, struct rb_node *parent, const char **err)
{
	int left, right;

	if (!n || *err)
		return 0;
	if (rb_parent(n) != parent)
		*err = "a tree node's parent link is wrong";
	else if (rb_is_red(n) && parent && rb_is_red(parent))
		*err = "a red node has a red child";
	else if (rb_vma(n)->rb_subtree_gap != vma_compute_subtree_gap(rb_vma(n)))
		*err = "an rb_subtree_gap is wrong";
	left = rb_check(n->rb_left, n, err);
	right = rb_check(n->rb_right, n, err);
	if (left != right && !*err)
		*err = "black heights differ";
	return left + rb_is_black(n);
}

static const char *vma_list_validate(struct mm_struct *mm)
{
	struct vm_area_struct *v, *prev = NULL;
	struct rb_node *n = rb_first(&mm->mm_rb);
	int count = 0;

	for (v = mm->mmap; v; prev = v, v = v->vm_next, n = rb_next(n), count++) {
		if (v->vm_start >= v->vm_end || ((v->vm_start | v->vm_end) & ~PAGE_MASK))
			return "a VMA is empty or not page-aligned";
		if (v->vm_prev != prev || (prev && prev->vm_end > v->vm_start))
			return "the list is not sorted, or vm_prev is wrong";
		if (v->vm_mm != mm)
			return "a VMA's vm_mm is not its mm";
		if (!n || rb_vma(n) != v)
			return "the tree and the list differ";
	}
	if (n)
		return "the tree has more VMAs than the list";
	if (count != mm->map_count)
		return "map_count is not the number of VMAs";
	if (mm->highest_vm_end != (prev ? vm_end_gap(prev) : 0))
		return "highest_vm_end is wrong";
	return NULL;
}

/* vma_tree_validate - NULL if every invariant above holds, else which one is broken. */
const char *vma_tree_validate(struct mm_struct *mm)
{
	const char *err = vma_list_validate(mm);

	if (err)
		return err;
	if (mm->mm_rb.rb_node && rb_is_red(mm->mm_rb.rb_node))
		return "the root is red";
	rb_check(mm->mm_rb.rb_node, NULL, &err);
	if (err)
		return err;
	for (unsigned int i = 0; i < VMACACHE_SIZE; i++) {
		struct vm_area_struct *c = mm->vmacache[i], *v;

		for (v = mm->mmap; c && v && v != c; v = v->vm_next)
			;
		if (c && !v)
			return "the vmacache holds a VMA that is not linked";
	}
	return NULL;
}
