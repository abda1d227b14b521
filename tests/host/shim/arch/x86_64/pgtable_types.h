/*
 * tests/host/shim/arch/x86_64/pgtable_types.h - the real layout constants
 * (#include_next), except that the vmemmap (the struct page array) is a
 * host array whose address is in host_vmemmap_start (set by host_mm_init(),
 * tests/host/shim/page_alloc_host.c), so pfn_to_page() works on the host.
 */
#ifndef TESTS_HOST_SHIM_PGTABLE_TYPES_H
#define TESTS_HOST_SHIM_PGTABLE_TYPES_H

#include_next "arch/x86_64/pgtable_types.h"

/* The host address of the struct page of pfn 0. */
extern unsigned long host_vmemmap_start;

#undef VMEMMAP_START
#define VMEMMAP_START	host_vmemmap_start

#endif /* TESTS_HOST_SHIM_PGTABLE_TYPES_H */
