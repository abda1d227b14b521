/*
 * kernel/lib/rbtree.c - red-black trees (Linux's lib/rbtree.c, API in
 * kernel/lib/rbtree.h).
 *
 * A red-black tree is a binary search tree whose nodes are coloured so
 * that it stays balanced - no path from the root to a leaf is more than
 * twice as long as another:
 *   1. every node is red or black;
 *   2. the root is black;
 *   3. a red node has no red child;
 *   4. every path from a node down to a NULL leaf passes the same number
 *      of black nodes (the node's black height).
 * So a tree of n nodes is at most 2 log2(n + 1) deep, and lookups, inserts
 * and erases are O(log n).
 *
 * Both fix-ups below are written once for both sides: `dir` is 0 for the
 * left and 1 for the right, rb_child(n, dir) is n's child on that side,
 * and !dir is the other side (Linux writes each case twice, mirrored).
 * The only structural operation is the rotation:
 *
 *          x                        y
 *         / \    rotate(x, left)   / \
 *        a   y   ------------->   x   c
 *           / \                  / \
 *          b   c                a   b
 *
 * which keeps the in-order sequence a x b y c, so the tree stays sorted.
 *
 * Insert (rb_insert_color): the new node is red, so only rule 3 can break,
 * between the node and its red parent.  A red uncle: recolour parent and
 * uncle black, grandparent red, and carry on two levels up.  A black
 * uncle: one or two rotations end it.
 *
 * Erase (rb_erase): a node with two children first swaps places with its
 * successor (the leftmost node of its right subtree), so the node actually
 * removed has at most one child.  Removing a black node leaves one path a
 * black short (rule 4); erase_color moves that deficit up, or ends it with
 * at most three rotations, looking at the sibling and its children.
 *
 * Augmented trees: every rotation, and every node moved or removed, is
 * reported to the user's callbacks, so the per-subtree values are right
 * when the function returns (see rbtree.h).
 *
 * Locking: none; the user serialises (the VMA tree: the mm's owner).
 */
#include "kernel/lib/rbtree.h"

static void augment_nop_propagate(struct rb_node *node, struct rb_node *stop)
{
	(void)node;
	(void)stop;
}

static void augment_nop_copy(struct rb_node *old, struct rb_node *new)
{
	(void)old;
	(void)new;
}

static const struct rb_augment_callbacks augment_nop = {
	.propagate = augment_nop_propagate,
	.copy = augment_nop_copy,
	.rotate = augment_nop_copy,
};

/* ==== small helpers ==== */

static inline struct rb_node **rb_child(struct rb_node *n, int dir)
{
	return dir ? &n->rb_right : &n->rb_left;
}

static inline void rb_set_parent(struct rb_node *n, struct rb_node *p)
{
	n->__rb_parent_color = rb_color(n) | (unsigned long)p;
}

static inline void rb_set_parent_color(struct rb_node *n, struct rb_node *p, int color)
{
	n->__rb_parent_color = (unsigned long)p | color;
}

static inline void rb_set_black(struct rb_node *n)
{
	n->__rb_parent_color |= RB_BLACK;
}

static inline void rb_set_red(struct rb_node *n)
{
	n->__rb_parent_color &= ~(unsigned long)RB_BLACK;
}

static inline bool rb_black_or_null(const struct rb_node *n)
{
	return !n || rb_is_black(n);
}

/* Make parent (or the root, if parent is NULL) point at new instead of old. */
static void rb_change_child(struct rb_node *old, struct rb_node *new, struct rb_node *parent,
			    struct rb_root *root)
{
	if (!parent)
		WRITE_ONCE(root->rb_node, new);
	else if (parent->rb_left == old)
		WRITE_ONCE(parent->rb_left, new);
	else
		WRITE_ONCE(parent->rb_right, new);
}

/*
 * rotate - x's child on side !dir (y) takes x's place, parent and colour;
 * x becomes y's child on side dir, coloured color, and takes y's old child
 * on that side (b in the drawing above).
 */
static void rotate(struct rb_node *x, int dir, struct rb_root *root, int color,
		   const struct rb_augment_callbacks *augment)
{
	struct rb_node *y = *rb_child(x, !dir);
	struct rb_node *b = *rb_child(y, dir);
	struct rb_node *parent = rb_parent(x);

	*rb_child(x, !dir) = b;
	if (b)
		rb_set_parent(b, x);
	*rb_child(y, dir) = x;
	y->__rb_parent_color = x->__rb_parent_color;
	rb_set_parent_color(x, y, color);
	rb_change_child(x, y, parent, root);
	augment->rotate(x, y);
}

/* ==== insert ==== */

/* Restore rule 3 above the red node just linked (see the top comment). */
static void __rb_insert(struct rb_node *node, struct rb_root *root,
			const struct rb_augment_callbacks *augment)
{
	for (;;) {
		struct rb_node *parent = rb_parent(node), *gparent, *uncle;
		int dir;

		if (!parent) {
			rb_set_black(node);		/* rule 2 */
			return;
		}
		if (rb_is_black(parent))
			return;
		gparent = rb_parent(parent);		/* a red parent is never the root */
		dir = parent == gparent->rb_right;
		uncle = *rb_child(gparent, !dir);
		if (uncle && rb_is_red(uncle)) {	/* recolour, go two levels up */
			rb_set_black(uncle);
			rb_set_black(parent);
			rb_set_red(gparent);
			node = gparent;
			continue;
		}
		if (node == *rb_child(parent, !dir)) {	/* inner grandchild: make it outer */
			rotate(parent, dir, root, RB_RED, augment);
			parent = node;
		}
		rotate(gparent, !dir, root, RB_RED, augment);	/* parent takes gparent's black */
		return;
	}
}

/* rb_insert_color - see rbtree.h. */
void rb_insert_color(struct rb_node *node, struct rb_root *root)
{
	__rb_insert(node, root, &augment_nop);
}

/* rb_insert_augmented - see rbtree.h. */
void rb_insert_augmented(struct rb_node *node, struct rb_root *root,
			 const struct rb_augment_callbacks *augment)
{
	__rb_insert(node, root, augment);
}

/* ==== erase ==== */

/*
 * Remove a node with at most one child.  Returns the parent below which a
 * path is now one black short, or NULL if the colours are still right.
 */
static struct rb_node *erase_simple(struct rb_node *node, struct rb_root *root,
				    const struct rb_augment_callbacks *augment)
{
	struct rb_node *child = node->rb_left ? node->rb_left : node->rb_right;
	struct rb_node *parent = rb_parent(node), *rebalance = NULL;

	rb_change_child(node, child, parent, root);
	if (child)			/* a lone child is red under a black node */
		child->__rb_parent_color = node->__rb_parent_color;
	else if (rb_is_black(node))
		rebalance = parent;
	if (parent)
		augment->propagate(parent, NULL);
	return rebalance;
}

/*
 * Remove a node with two children: its successor s (leftmost of the right
 * subtree, so s has no left child) takes its place and colour.  What is
 * really removed is s from its old place; returns where that leaves a
 * path a black short, or NULL.
 */
static struct rb_node *erase_two_children(struct rb_node *node, struct rb_root *root,
					  const struct rb_augment_callbacks *augment)
{
	struct rb_node *child = node->rb_right, *s = child, *parent, *child2;
	unsigned long s_pc;

	if (!s->rb_left) {			/* s is node's right child */
		parent = s;
		child2 = s->rb_right;
		augment->copy(node, s);
	} else {
		do {
			parent = s;
			s = s->rb_left;
		} while (s->rb_left);
		child2 = s->rb_right;
		WRITE_ONCE(parent->rb_left, child2);
		WRITE_ONCE(s->rb_right, child);
		rb_set_parent(child, s);
		augment->copy(node, s);
		augment->propagate(parent, s);
	}
	WRITE_ONCE(s->rb_left, node->rb_left);
	rb_set_parent(node->rb_left, s);
	rb_change_child(node, s, rb_parent(node), root);
	s_pc = s->__rb_parent_color;
	s->__rb_parent_color = node->__rb_parent_color;
	augment->propagate(s, NULL);
	if (child2) {
		rb_set_parent_color(child2, parent, RB_BLACK);
		return NULL;
	}
	return (s_pc & RB_BLACK) ? parent : NULL;
}

/*
 * Paths through parent's child `node` (NULL at first) are one black short:
 * fix it (see the top comment).  Cases by the sibling:
 *   red sibling                  rotate it up: now the sibling is black
 *   black, both children black   make it red: the deficit moves to parent
 *   black, near child red only   rotate the near child up: far child red
 *   black, far child red         rotate the sibling up, far child black: done
 */
static void erase_color(struct rb_node *parent, struct rb_root *root,
			const struct rb_augment_callbacks *augment)
{
	struct rb_node *node = NULL, *sibling, *far, *near;
	int dir;

	for (;;) {
		dir = node == parent->rb_right;
		sibling = *rb_child(parent, !dir);
		if (rb_is_red(sibling)) {
			rotate(parent, dir, root, RB_RED, augment);
			sibling = *rb_child(parent, !dir);
		}
		far = *rb_child(sibling, !dir);
		near = *rb_child(sibling, dir);
		if (rb_black_or_null(far) && rb_black_or_null(near)) {
			rb_set_red(sibling);
			if (rb_is_red(parent)) {
				rb_set_black(parent);
				return;
			}
			node = parent;
			parent = rb_parent(node);
			if (!parent)
				return;
			continue;
		}
		if (rb_black_or_null(far)) {
			rotate(sibling, !dir, root, RB_RED, augment);
			sibling = *rb_child(parent, !dir);
			far = *rb_child(sibling, !dir);
		}
		rotate(parent, dir, root, RB_BLACK, augment);
		rb_set_black(far);
		return;
	}
}

/* rb_erase_augmented - see rbtree.h. */
void rb_erase_augmented(struct rb_node *node, struct rb_root *root,
			const struct rb_augment_callbacks *augment)
{
	struct rb_node *rebalance;

	if (node->rb_left && node->rb_right)
		rebalance = erase_two_children(node, root, augment);
	else
		rebalance = erase_simple(node, root, augment);
	if (rebalance)
		erase_color(rebalance, root, augment);
}

/* rb_erase - see rbtree.h. */
void rb_erase(struct rb_node *node, struct rb_root *root)
{
	rb_erase_augmented(node, root, &augment_nop);
}

/* ==== walking ==== */

/* The node furthest down on side dir from n. */
static struct rb_node *rb_extreme(struct rb_node *n, int dir)
{
	if (n)
		while (*rb_child(n, dir))
			n = *rb_child(n, dir);
	return n;
}

/* The in-order neighbour of node on side dir (1: next, 0: previous). */
static struct rb_node *rb_step(const struct rb_node *node, int dir)
{
	struct rb_node *n = (struct rb_node *)node, *parent;

	if (RB_EMPTY_NODE(n))
		return NULL;
	if (*rb_child(n, dir))
		return rb_extreme(*rb_child(n, dir), !dir);
	while ((parent = rb_parent(n)) && n == *rb_child(parent, dir))
		n = parent;
	return parent;
}

/* rb_first - see rbtree.h. */
struct rb_node *rb_first(const struct rb_root *root)
{
	return rb_extreme(root->rb_node, 0);
}

/* rb_last - see rbtree.h. */
struct rb_node *rb_last(const struct rb_root *root)
{
	return rb_extreme(root->rb_node, 1);
}

/* rb_next - see rbtree.h. */
struct rb_node *rb_next(const struct rb_node *node)
{
	return rb_step(node, 1);
}

/* rb_prev - see rbtree.h. */
struct rb_node *rb_prev(const struct rb_node *node)
{
	return rb_step(node, 0);
}
