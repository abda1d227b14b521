/*
 * kernel/lib/rbtree.h - red-black trees, Linux's API (include/linux/rbtree.h
 * and rbtree_augmented.h).
 *
 * The tree is intrusive: a struct rb_node lives inside the object (a VMA's
 * vm_rb), and the user does the search, because only the user knows the
 * key.  Inserting is two steps, as in Linux:
 *
 *	struct rb_node **link = &root->rb_node, *parent = NULL;
 *	while (*link) {
 *		parent = *link;
 *		link = key < key_of(parent) ? &parent->rb_left : &parent->rb_right;
 *	}
 *	rb_link_node(&obj->node, parent, link);		// a red leaf
 *	rb_insert_color(&obj->node, root);		// rebalance
 *
 * and erasing is rb_erase(&obj->node, root).  In-order walks use
 * rb_first/rb_next (rb_last/rb_prev backwards).
 *
 * The parent pointer and the colour share one word (__rb_parent_color):
 * nodes are at least 4-byte aligned, so bit 0 holds the colour.
 *
 * Augmented trees keep in every node a value computed from its subtree
 * (the VMA tree keeps the largest free gap, mm/vma.c).  The tree calls
 * back when its shape changes (struct rb_augment_callbacks):
 *   propagate(node, stop)  recompute node's value and its ancestors' up to stop
 *   copy(old, new)         new takes old's place: new's value = old's
 *   rotate(old, new)       new rotated up above old: new's value = old's,
 *                          old's recomputed
 * The user links a new node with its value already right for itself,
 * calls propagate on its parent (or on itself) and then
 * rb_insert_augmented; rb_erase_augmented does the rest.
 */
#ifndef KERNEL_LIB_RBTREE_H
#define KERNEL_LIB_RBTREE_H

#include "kernel/compiler.h"
#include "kernel/types.h"

struct rb_node {
	unsigned long __rb_parent_color;	/* parent pointer | colour (bit 0: 1 = black) */
	struct rb_node *rb_right;		/* larger keys */
	struct rb_node *rb_left;		/* smaller keys */
} __attribute__((aligned(sizeof(long))));

struct rb_root {
	struct rb_node *rb_node;		/* the root, or NULL when empty */
};

#define RB_RED		0
#define RB_BLACK	1

#define RB_ROOT		((struct rb_root) { NULL })
#define rb_entry(ptr, type, member)	container_of(ptr, type, member)
#define rb_parent(r)	((struct rb_node *)((r)->__rb_parent_color & ~3UL))
#define rb_color(r)	((r)->__rb_parent_color & 1)
#define rb_is_red(r)	(!rb_color(r))
#define rb_is_black(r)	rb_color(r)

#define RB_EMPTY_ROOT(root)	(READ_ONCE((root)->rb_node) == NULL)
/* A node not in any tree points at itself (RB_CLEAR_NODE). */
#define RB_EMPTY_NODE(node)	((node)->__rb_parent_color == (unsigned long)(node))
#define RB_CLEAR_NODE(node)	((node)->__rb_parent_color = (unsigned long)(node))

/* rb_link_node - put node, red, at *rb_link below parent (then rb_insert_color). */
static inline void rb_link_node(struct rb_node *node, struct rb_node *parent,
				struct rb_node **rb_link)
{
	node->__rb_parent_color = (unsigned long)parent;
	node->rb_left = node->rb_right = NULL;
	*rb_link = node;
}

/* rb_insert_color - rebalance after rb_link_node. */
void rb_insert_color(struct rb_node *node, struct rb_root *root);
/* rb_erase - take node out of the tree and rebalance. */
void rb_erase(struct rb_node *node, struct rb_root *root);

/* rb_first / rb_last - the smallest / largest node, NULL if the tree is empty. */
struct rb_node *rb_first(const struct rb_root *root);
struct rb_node *rb_last(const struct rb_root *root);
/* rb_next / rb_prev - the in-order successor / predecessor, or NULL. */
struct rb_node *rb_next(const struct rb_node *node);
struct rb_node *rb_prev(const struct rb_node *node);

/* ---- augmented trees (Linux's rbtree_augmented.h) ---- */
struct rb_augment_callbacks {
	void (*propagate)(struct rb_node *node, struct rb_node *stop);
	void (*copy)(struct rb_node *old, struct rb_node *new);
	void (*rotate)(struct rb_node *old, struct rb_node *new);
};

/* rb_insert_augmented - rb_insert_color, telling augment about each rotation. */
void rb_insert_augmented(struct rb_node *node, struct rb_root *root,
			 const struct rb_augment_callbacks *augment);
/* rb_erase_augmented - rb_erase, keeping every node's augmented value right. */
void rb_erase_augmented(struct rb_node *node, struct rb_root *root,
			const struct rb_augment_callbacks *augment);

#endif /* KERNEL_LIB_RBTREE_H */
