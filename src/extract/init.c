/* Process-wide set-up of the libraries the library builds on. */
#include "claimtrack/extract.h"

#include <libxml/parser.h>

void ct_init(void)
{
	/* libxml2 (2.9) sets up its globals and per-thread state lazily, and
	 * that first use is not safe from two threads at once. */
	xmlInitParser();
}
