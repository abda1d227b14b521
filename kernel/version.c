/*
 * kernel/version.c - the banner: version, compiler, build time.
 */
#include "kernel/version.h"

const char pagoda_banner[] =
	"Pagoda version " PAGODA_VERSION " (gcc " __VERSION__ ") #1 " __DATE__ " " __TIME__;
