/*
 * kernel/version.h - the banner start_kernel() prints first (like Linux's
 * "Linux version ..." line and /proc/version later).
 */
#ifndef KERNEL_VERSION_H
#define KERNEL_VERSION_H

#define PAGODA_VERSION	"0.1.0"

extern const char pagoda_banner[];

#endif /* KERNEL_VERSION_H */
