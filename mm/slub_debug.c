/*
 * mm/slub_debug.c - SLUB's debugging: slub_debug=, red zones, poisoning,
 * owner tracking, the consistency checks and their Linux-style reports,
 * and validate_slab_cache (Linux's CONFIG_SLUB_DEBUG half of mm/slub.c).
 * The allocator is mm/slub.c; what the two share is in mm/slub_internal.h.
 *
 * Turning it on: "slub_debug" on the command line (every cache, flags
 * FZPU), "slub_debug=FZ" (chosen flags), "slub_debug=FZ,kmalloc-64,dent*"
 * (chosen caches), or SLAB_* flags at kmem_cache_create.  Any debug flag
 * also turns on the consistency checks.  A debug cache never uses the
 * per-CPU fast path: every alloc and free takes the slow path under
 * list_lock and calls alloc_debug_processing / free_debug_processing here
 * (as Linux since 6.2).
 *
 * The layout of one object of a debug cache: s->size bytes a stride.  The
 * offsets are from the object's address, for the selftest-64 cache of
 * mm/slub_test.c (a 64-byte object, red zones, poison and tracks: s->size
 * 128, 32 objects per 4 KiB slab):
 *
 *     -8  +-------------------+ <- stride i starts
 *         | left red zone     |  SLAB_RED_ZONE: red_left_pad bytes
 *      0  +-------------------+ <- the object: slab_object(s, addr, i)
 *         | object            |  object_size bytes; while it is free,
 *         |                   |  SLAB_POISON fills it 0x6b ... 0x6b 0xa5
 *     64  +-------------------+ <- object_size
 *         | right red zone    |  SLAB_RED_ZONE: at least a word
 *     72  +-------------------+ <- s->inuse
 *         | free pointer      |  s->offset: see below
 *     80  +-------------------+ <- get_info_end()
 *         | track: alloc      |  SLAB_STORE_USER: the last allocation's
 *     96  + - - - - - - - - - +
 *         | track: free       |  and the last free's call site
 *    112  +-------------------+ <- metadata_end()
 *         | pad word          |  SLAB_RED_ZONE: catches writes past the
 *         | (alignment pad)   |  metadata; POISON_INUSE up to the stride's end
 *    120  +-------------------+ <- stride i + 1 starts (-8 + s->size)
 *
 * A box whose flag is off is not there.  The free pointer sits after the
 * object, as drawn, when the object's bytes mean something while it is
 * free (SLAB_POISON, a constructor) or the object is smaller than a word
 * with red zones; otherwise it is inside the object (mm/slub.c's header).
 * calculate_sizes() in mm/slub.c makes this layout.
 *
 * The bytes (Linux's include/linux/poison.h):
 *   POISON_INUSE       0x5a  a new slab is filled with it (SLAB_POISON): the
 *                            padding keeps it for good
 *   POISON_FREE        0x6b  a free object's bytes, but for the last:
 *   POISON_END         0xa5  the last byte of a free object
 *   SLUB_RED_INACTIVE  0xbb  both red zones of a free object
 *   SLUB_RED_ACTIVE    0xcc  both red zones of an allocated object
 *
 * What each check detects ("BUG <cache> (Not tainted): <reason>"):
 *   Left Redzone overwritten     a write before the object (underflow)
 *   Right Redzone overwritten    a write past the object (overflow)
 *   Poison / End Poison ...      a write into a free object (use after
 *                                free), found when it is allocated again
 *   Object padding overwritten   a stray write into the padding
 *   Freelist Pointer check fails a free object's free pointer damaged
 *   Freechain corrupt            the same, met while walking a freelist
 *   Invalid object pointer       kmem_cache_free of an address that is not
 *                                the start of an object of its slab
 *   Object already free          a double free
 *   Wrong slab cache / not a     kmem_cache_free(s, x) with x from another
 *   Slab page                    cache or from no cache (any cache)
 *   Objects remaining ...        kmem_cache_destroy with live objects
 * Each report prints the tracks, the slab, and hex dumps of the red zones,
 * the object and the padding, then BUG()s (slab_free_report_bug, in
 * mm/slub.c so that the oops reads "kernel BUG at mm/slub.c:", as Linux's
 * does): the cache cannot be trusted.
 * validate_slab_cache (for tests) checks the freelists and counters of any
 * cache and returns the number of problems instead.
 *
 * Locks: the checks run under the cache's list_lock; object_map_lock (the
 * one bitmap of free objects) nests inside it.
 */
#include "mm/slub_internal.h"
#include "kernel/compiler.h"
#include "kernel/kallsyms.h"
#include "kernel/panic.h"
#include "kernel/params.h"
#include "kernel/printk.h"
#include "kernel/string.h"
#include "mm/mm.h"

/* ---- poison and red-zone bytes (Linux's include/linux/poison.h) ---- */
#define POISON_INUSE		0x5a	/* for use-uninitialised poisoning */
#define POISON_FREE		0x6b	/* for use-after-free poisoning */
#define POISON_END		0xa5	/* end-byte of poisoning */
#define SLUB_RED_INACTIVE	0xbb	/* red zone of a free object */
#define SLUB_RED_ACTIVE		0xcc	/* red zone of an allocated object */

#define MAP_BITS_PER_WORD	(8 * sizeof(unsigned long))

/* Bitmap of free objects for reports and validation; object_map_lock guards it. */
static unsigned long object_map[MAX_OBJS_PER_SLAB / MAP_BITS_PER_WORD];
static DEFINE_SPINLOCK(object_map_lock);

static void map_set(unsigned int idx)
{
	object_map[idx / MAP_BITS_PER_WORD] |= 1UL << (idx % MAP_BITS_PER_WORD);
}

static bool map_test(unsigned int idx)
{
	return object_map[idx / MAP_BITS_PER_WORD] & (1UL << (idx % MAP_BITS_PER_WORD));
}

/* ===================== slub_debug= ===================== */

/*
 * slub_debug= (Linux's syntax, one block): "slub_debug" alone turns on
 * F, Z, P and U for every cache; "slub_debug=FZ" chosen flags for every
 * cache; "slub_debug=FZ,kmalloc-64,dentry" (or ",name" for all flags) only
 * for the named caches, a trailing '*' matching a prefix.
 */
static slab_flags_t slub_debug;
static char slub_debug_names[128];

static int setup_slub_debug(char *arg)
{
	slab_flags_t flags = 0;

	slub_debug_names[0] = '\0';
	if (*arg == '\0' || *arg == ',')
		flags = SLAB_DEBUG_FLAGS;
	for (; *arg && *arg != ','; arg++) {
		switch (*arg | 0x20) {
		case 'f': flags |= SLAB_CONSISTENCY_CHECKS; break;
		case 'z': flags |= SLAB_RED_ZONE; break;
		case 'p': flags |= SLAB_POISON; break;
		case 'u': flags |= SLAB_STORE_USER; break;
		case '-': flags = 0; break;
		default:
			pr_err("slub_debug option '%c' unknown. skipped\n", *arg);
		}
	}
	if (*arg == ',')
		strscpy(slub_debug_names, arg + 1, sizeof(slub_debug_names));
	slub_debug = flags;
	return 0;
}
early_param("slub_debug", setup_slub_debug);

/* Does name appear in the comma-separated list (entries may end in '*')? */
static bool slub_debug_name_match(const char *list, const char *name)
{
	while (*list) {
		const char *end = strchr(list, ',');
		size_t len = end ? (size_t)(end - list) : strlen(list);

		if (len && list[len - 1] == '*') {
			if (!strncmp(list, name, len - 1))
				return true;
		} else if (len == strlen(name) && !strncmp(list, name, len)) {
			return true;
		}
		list += len + (end ? 1 : 0);
	}
	return false;
}

/* kmem_cache_flags - see mm/slub_internal.h. */
slab_flags_t kmem_cache_flags(slab_flags_t flags, const char *name)
{
	if (!slub_debug_names[0] || slub_debug_name_match(slub_debug_names, name))
		flags |= slub_debug;
	return flags;
}

/* ===================== reports ===================== */

static const char *print_tainted(void)
{
	return "Not tainted";
}

/* The headline of every report: "BUG <cache> (Not tainted): <reason>". */
static __printf(2, 3) void slab_bug(struct kmem_cache *s, const char *fmt, ...)
{
	char buf[160];
	va_list args;

	va_start(args, fmt);
	vscnprintf(buf, sizeof(buf), fmt, args);
	va_end(args);
	pr_err("=============================================================================\n");
	pr_err("BUG %s (%s): %s\n", s->name, print_tainted(), buf);
	pr_err("-----------------------------------------------------------------------------\n\n");
}

/* Bytes from the start of slab's memory to p. */
static unsigned int slab_offset(struct page *slab, void *p)
{
	return (unsigned int)((char *)p - (char *)page_address(slab));
}

static struct track *get_track(struct kmem_cache *s, void *object, enum track_item alloc)
{
	return (struct track *)((char *)object + get_info_end(s)) + alloc;
}

static void set_track(struct kmem_cache *s, void *object, enum track_item alloc,
		      unsigned long addr)
{
	struct track *t = get_track(s, object, alloc);

	t->addr = addr;
	t->cpu = smp_processor_id();
	t->pid = 0;
}

static void print_track(const char *what, struct track *t)
{
	char sym[KSYM_SYMBOL_LEN];

	if (!t->addr)
		return;
	sprint_symbol(sym, sizeof(sym), t->addr);
	pr_err("INFO: %s in %s cpu=%u pid=%d\n", what, sym, t->cpu, t->pid);
}

static void print_tracking(struct kmem_cache *s, void *object)
{
	if (!(s->flags & SLAB_STORE_USER))
		return;
	print_track("Allocated", get_track(s, object, TRACK_ALLOC));
	print_track("Freed", get_track(s, object, TRACK_FREE));
}

static void print_page_info(struct page *slab)
{
	pr_err("INFO: Slab %p objects=%u used=%u fp=%p flags=%#lx(%s%s)\n",
	       (void *)slab, slab->objects, slab->inuse, slab->freelist, slab->flags,
	       PageSlab(slab) ? "slab" : "", PageHead(slab) ? "|head" : "");
}

/* A hex dump in print_hex_dump's DUMP_PREFIX_ADDRESS shape, 16 bytes a line. */
static void print_section(const char *text, u8 *addr, unsigned int length)
{
	static const char hex[] = "0123456789abcdef";

	length = min(length, 64u);	/* Linux dumps up to a page; a serial console is slow */
	for (unsigned int off = 0; off < length; off += 16) {
		char line[16 * 3 + 2 + 16 + 1];
		unsigned int n = min(length - off, 16u), pos = 0;

		for (unsigned int i = 0; i < n; i++) {
			line[pos++] = hex[addr[off + i] >> 4];
			line[pos++] = hex[addr[off + i] & 15];
			line[pos++] = ' ';
		}
		line[pos++] = ' ';
		for (unsigned int i = 0; i < n; i++) {
			u8 c = addr[off + i];
			line[pos++] = (c >= 0x20 && c < 0x7f) ? (char)c : '.';
		}
		line[pos] = '\0';
		pr_err("%s%p: %s\n", text, (void *)(addr + off), line);
	}
}

/* The slab, where x is in it, and x's first length bytes (x may not be an object start). */
static void print_object_head(struct page *slab, void *x, unsigned int length)
{
	print_page_info(slab);
	pr_err("INFO: Object %p @offset=%u\n", x, slab_offset(slab, x));
	print_section("Object   ", x, length);
}

/* Bytes from the object's start to the end of its metadata (Linux's get_info_end + tracks). */
static unsigned int metadata_end(struct kmem_cache *s)
{
	unsigned int off = get_info_end(s);

	if (s->flags & SLAB_STORE_USER)
		off += 2 * sizeof(struct track);
	return off;
}

/* Bytes from the object's start to the next object's left red zone. */
static unsigned int size_from_object(struct kmem_cache *s)
{
	return s->size - s->red_left_pad;
}

/* Everything known about object p: tracks, slab, and dumps of its bytes. */
static void print_trailer(struct kmem_cache *s, struct page *slab, u8 *p)
{
	u8 *addr = page_address(slab);
	unsigned int off = metadata_end(s);

	print_tracking(s, p);
	print_page_info(slab);
	pr_err("INFO: Object %p @offset=%u fp=%p\n\n", (void *)p, slab_offset(slab, p),
	       get_freepointer(s, p));
	if (s->flags & SLAB_RED_ZONE)
		print_section("Redzone  ", p - s->red_left_pad, s->red_left_pad);
	else if (p > addr + 16)
		print_section("Bytes b4 ", p - 16, 16);
	print_section("Object   ", p, s->object_size);
	if (s->flags & SLAB_RED_ZONE)
		print_section("Redzone  ", p + s->object_size, s->inuse - s->object_size);
	if (off != size_from_object(s))
		print_section("Padding  ", p + off, size_from_object(s) - off);
}

static void object_err(struct kmem_cache *s, struct page *slab, u8 *object, const char *reason)
{
	slab_bug(s, "%s", reason);
	print_trailer(s, slab, object);
}

/* ===================== red zones and poison ===================== */

/* Fill the object's red zones and poison as free (INACTIVE) or allocated (ACTIVE). */
static void init_object(struct kmem_cache *s, void *object, u8 val)
{
	u8 *p = object;

	if (s->flags & SLAB_RED_ZONE)
		memset(p - s->red_left_pad, val, s->red_left_pad);
	if (s->flags & __OBJECT_POISON) {
		memset(p, POISON_FREE, s->object_size - 1);
		p[s->object_size - 1] = POISON_END;
	}
	if (s->flags & SLAB_RED_ZONE)
		memset(p + s->object_size, val, s->inuse - s->object_size);
}

/* setup_slab_debug - see mm/slub_internal.h. */
void setup_slab_debug(struct kmem_cache *s, void *addr)
{
	if (s->flags & SLAB_POISON)
		memset(addr, POISON_INUSE, PAGE_SIZE << oo_order(s->oo));
}

/* setup_object_debug - see mm/slub_internal.h. */
void setup_object_debug(struct kmem_cache *s, void *object)
{
	if (s->flags & SLAB_STORE_USER)
		memset(get_track(s, object, TRACK_ALLOC), 0, 2 * sizeof(struct track));
	if (kmem_cache_debug(s))
		init_object(s, object, SLUB_RED_INACTIVE);
}

/*
 * check_bytes_and_report - are the bytes [start, start+bytes) all value?
 * If not, report "<what> overwritten" with the damaged range and BUG.
 */
static void check_bytes_and_report(struct kmem_cache *s, struct page *slab, u8 *object,
				   const char *what, u8 *start, unsigned int value,
				   unsigned int bytes)
{
	u8 *fault = memchr_inv(start, value, bytes);
	u8 *end = start + bytes;

	if (!fault)
		return;
	while (end > fault && end[-1] == value)
		end--;
	slab_bug(s, "%s overwritten", what);
	pr_err("INFO: %p-%p @offset=%u. First byte 0x%x instead of 0x%x\n",
	       (void *)fault, (void *)(end - 1), slab_offset(slab, fault), fault[0], value);
	print_trailer(s, slab, object);
	slab_free_report_bug();
}

/* check_object - red zones (val says which value) and, for free objects, poison. */
static void check_object(struct kmem_cache *s, struct page *slab, void *object, u8 val)
{
	u8 *p = object, *endobject = p + s->object_size;
	unsigned int off = metadata_end(s);

	if (s->flags & SLAB_RED_ZONE) {
		check_bytes_and_report(s, slab, p, "Left Redzone", p - s->red_left_pad, val,
				       s->red_left_pad);
		check_bytes_and_report(s, slab, p, "Right Redzone", endobject, val,
				       s->inuse - s->object_size);
	}
	if (!(s->flags & SLAB_POISON))
		return;
	if (val == SLUB_RED_INACTIVE && (s->flags & __OBJECT_POISON)) {
		check_bytes_and_report(s, slab, p, "Poison", p, POISON_FREE, s->object_size - 1);
		check_bytes_and_report(s, slab, p, "End Poison", endobject - 1, POISON_END, 1);
	}
	/* The padding after the metadata (Linux's check_pad_bytes). */
	if (off != size_from_object(s))
		check_bytes_and_report(s, slab, p, "Object padding", p + off, POISON_INUSE,
				       size_from_object(s) - off);
}

/* ===================== consistency checks ===================== */

/* Is object the start of an object of this slab? */
static bool check_valid_pointer(struct kmem_cache *s, struct page *slab, void *object)
{
	char *base = page_address(slab), *p = (char *)object - s->red_left_pad;

	if (!object)
		return true;
	return p >= base && p < base + (size_t)slab->objects * s->size &&
	       (size_t)(p - base) % s->size == 0;
}

/* Is search on slab's freelist?  (list_lock held.) */
static bool on_freelist(struct kmem_cache *s, struct page *slab, void *search)
{
	unsigned int nr = 0;

	for (void *fp = slab->freelist; fp && nr <= slab->objects; fp = get_freepointer(s, fp), nr++) {
		if (fp == search)
			return true;
		if (!check_valid_pointer(s, slab, fp)) {
			object_err(s, slab, fp, "Freechain corrupt");
			slab_free_report_bug();
		}
	}
	return false;
}

/*
 * change_object_state - an object goes from free to allocated (track
 * TRACK_ALLOC) or back (TRACK_FREE): check its red zones and poison as they
 * must be in the old state, record the call site addr, and fill them for
 * the new state.
 */
static void change_object_state(struct kmem_cache *s, struct page *slab, void *object,
				enum track_item track, unsigned long addr)
{
	u8 old = track == TRACK_ALLOC ? SLUB_RED_INACTIVE : SLUB_RED_ACTIVE;
	u8 new = track == TRACK_ALLOC ? SLUB_RED_ACTIVE : SLUB_RED_INACTIVE;

	check_object(s, slab, object, old);
	if (s->flags & SLAB_STORE_USER)
		set_track(s, object, track, addr);
	init_object(s, object, new);
}

/* alloc_debug_processing - see mm/slub_internal.h. */
void alloc_debug_processing(struct kmem_cache *s, struct page *slab, void *object,
			    unsigned long addr)
{
	if (!check_valid_pointer(s, slab, object)) {
		object_err(s, slab, object, "Freelist Pointer check fails");
		slab_free_report_bug();
	}
	change_object_state(s, slab, object, TRACK_ALLOC, addr);
}

/* free_debug_processing - see mm/slub_internal.h. */
void free_debug_processing(struct kmem_cache *s, struct page *slab, void *object,
			   unsigned long addr)
{
	if (!check_valid_pointer(s, slab, object)) {
		slab_bug(s, "Invalid object pointer %p", object);
		print_object_head(slab, object, 16);
		slab_free_report_bug();
	}
	if (on_freelist(s, slab, object)) {
		object_err(s, slab, object, "Object already free");
		slab_free_report_bug();
	}
	change_object_state(s, slab, object, TRACK_FREE, addr);
}

/*
 * wrong_slab_cache - Linux's cache_from_obj check (see mm/slub_internal.h).
 * Called for every cache, debugged or not.
 */
void wrong_slab_cache(struct kmem_cache *s, struct page *slab, void *x)
{
	if (!slab) {
		pr_err("kmem_cache_free: Object is not a Slab page! (%s, object %p)\n", s->name, x);
	} else {
		pr_err("kmem_cache_free: Wrong slab cache. %s but object is from %s\n",
		       s->name, slab->slab_cache->name);
		print_tracking(slab->slab_cache, x);
		print_object_head(slab, x, slab->slab_cache->object_size);
	}
	slab_free_report_bug();
}

/* ===================== leaks at kmem_cache_destroy ===================== */

/* Mark the free objects of slab in object_map.  object_map_lock and list_lock held. */
static void get_map(struct kmem_cache *s, struct page *slab)
{
	void *addr = page_address(slab);

	memset(object_map, 0, sizeof(object_map));
	for (void *p = slab->freelist; p; p = get_freepointer(s, p))
		map_set(obj_to_index(s, addr, p));
}

/* list_slab_objects - see mm/slub_internal.h. */
void list_slab_objects(struct kmem_cache *s, struct page *slab)
{
	void *addr = page_address(slab);

	slab_bug(s, "Objects remaining in %s on __kmem_cache_shutdown()", s->name);
	print_page_info(slab);
	spin_lock(&object_map_lock);
	get_map(s, slab);
	for (unsigned int i = 0; i < slab->objects; i++) {
		void *p = slab_object(s, addr, i);

		if (map_test(i))
			continue;
		pr_err("INFO: Object %p @offset=%u\n", p, slab_offset(slab, p));
		print_tracking(s, p);
	}
	spin_unlock(&object_map_lock);
}

/* ===================== validate_slab_cache ===================== */

/* What validate_slab_cache finds on its walk, to compare with the node's counters. */
struct slab_census {
	unsigned long slabs;	/* slabs seen, CPU slabs included */
	unsigned long partial;	/* of them on the partial list */
	unsigned long objects;	/* objects in those slabs */
};

/*
 * mark_freelist - mark the objects of the freelist 'list' of slab in
 * object_map, adding their number to *nr (which goes on across the lists of
 * one slab, and stops the walk past slab->objects: a cycle).  Returns false,
 * after a report, at a pointer that is no object start of the slab or an
 * object already marked.  object_map_lock and list_lock held.
 */
static bool mark_freelist(struct kmem_cache *s, struct page *slab, void *list, unsigned int *nr)
{
	void *addr = page_address(slab);

	for (void *p = list; p && *nr <= slab->objects; p = get_freepointer(s, p), (*nr)++) {
		unsigned int idx = obj_to_index(s, addr, p);

		if (!check_valid_pointer(s, slab, p) || map_test(idx)) {
			slab_bug(s, "Slab %p: freelist corrupt at %p", (void *)slab, p);
			return false;
		}
		map_set(idx);
	}
	return true;
}

/*
 * validate_slab - check one slab: its marks, that its freelist holds only
 * distinct object starts of this slab, and that inuse counts the rest.
 * 'cpu_free' is the CPU freelist for a frozen slab.  Returns the error count.
 * object_map_lock and list_lock held.
 */
static int validate_slab(struct kmem_cache *s, struct page *slab, void *cpu_free, bool frozen)
{
	unsigned int nr = 0;
	int errors = 0;

	if (!PageSlab(slab) || slab->slab_cache != s || slab->objects != oo_objects(s->oo) ||
	    slab->frozen != frozen) {
		slab_bug(s, "Slab %p: bad marks (slab=%d frozen=%d)", (void *)slab,
			 PageSlab(slab), slab->frozen);
		return 1;
	}
	memset(object_map, 0, sizeof(object_map));
	if (!mark_freelist(s, slab, slab->freelist, &nr))
		return 1;
	if (nr != slab->objects - slab->inuse) {
		slab_bug(s, "Slab %p: inuse=%u but %u objects free", (void *)slab, slab->inuse, nr);
		errors++;
	}
	if (!mark_freelist(s, slab, cpu_free, &nr))
		return errors + 1;
	return errors;
}

/* Validate every CPU slab of s, counting them in *census.  Locks as validate_slab. */
static int validate_cpu_slabs(struct kmem_cache *s, struct slab_census *census)
{
	int errors = 0;

	for (unsigned int cpu = 0; cpu < NR_CPUS; cpu++) {
		struct kmem_cache_cpu *c = &s->cpu_slab[cpu];

		if (!c->page) {
			errors += c->freelist != NULL;
			continue;
		}
		errors += validate_slab(s, c->page, c->freelist, true);
		census->slabs++;
		census->objects += c->page->objects;
	}
	return errors;
}

/*
 * Validate the slabs on list (the node's partial list if partial, else its
 * full list), each of which must have free objects exactly if partial.
 * Counts them in *census.  Locks as validate_slab.
 */
static int validate_list(struct kmem_cache *s, struct list_head *list, bool partial,
			 struct slab_census *census)
{
	struct page *slab;
	int errors = 0;

	list_for_each_entry(slab, list, slab_list) {
		bool has_free = slab->freelist != NULL;

		errors += validate_slab(s, slab, NULL, false) + (has_free != partial);
		census->slabs++;
		census->partial += partial;
		census->objects += slab->objects;
	}
	return errors;
}

/* validate_slab_cache - see mm/slab.h.  Takes list_lock, then object_map_lock. */
int validate_slab_cache(struct kmem_cache *s)
{
	struct kmem_cache_node *n = &s->node;
	struct slab_census census = { 0, 0, 0 };
	unsigned long flags;
	int errors;

	spin_lock_irqsave(&n->list_lock, flags);
	spin_lock(&object_map_lock);
	errors = validate_cpu_slabs(s, &census);
	errors += validate_list(s, &n->partial, true, &census);
	errors += validate_list(s, &n->full, false, &census);
	if (census.slabs != n->nr_slabs || census.partial != n->nr_partial ||
	    census.objects != n->total_objects) {
		slab_bug(s, "counters: nr_slabs=%lu (found %lu) nr_partial=%lu (found %lu)",
			 n->nr_slabs, census.slabs, n->nr_partial, census.partial);
		errors++;
	}
	spin_unlock(&object_map_lock);
	spin_unlock_irqrestore(&n->list_lock, flags);
	return errors;
}
