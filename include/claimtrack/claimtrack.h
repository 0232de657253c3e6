/*
 * claimtrack — public library API: every area's header (include/claimtrack/).
 *
 * Compile once, scan many: ct_rules_load() reads rule files into a read-only
 * struct ct_ruleset that any number of threads may share; each worker makes
 * its own struct ct_matcher (PCRE2 match data, scratch buffers) to scan text.
 *
 * Conventions: functions return CT_OK (0) or a positive enum ct_error; results
 * come back through out_ parameters that are left untouched on failure. The
 * library never prints or exits: diagnostics with file, line and column go to
 * a caller-supplied callback. Every _free accepts NULL.
 */
#ifndef CLAIMTRACK_H
#define CLAIMTRACK_H

#include "claimtrack/error.h"
#include "claimtrack/common.h"
#include "claimtrack/text.h"
#include "claimtrack/rules.h"
#include "claimtrack/doc.h"
#include "claimtrack/match.h"
#include "claimtrack/extract.h"
#include "claimtrack/fetch.h"
#include "claimtrack/attrib.h"
#include "claimtrack/claims.h"
#include "claimtrack/report.h"
#include "claimtrack/store.h"
#include "claimtrack/similar.h"

#endif
