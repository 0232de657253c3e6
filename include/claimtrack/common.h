/*
 * The words every area shares: stances, kinds of speaker, dates, files.
 * Part of claimtrack's API: "claimtrack/claimtrack.h" includes every area.
 */
#ifndef CLAIMTRACK_COMMON_H
#define CLAIMTRACK_COMMON_H

#include "claimtrack/error.h"

#ifdef __cplusplus
extern "C" {
#endif

enum ct_stance { CT_STANCE_NONE = 0, CT_SUPPORTS, CT_REFUTES };

/* "supports", "refutes" or "none". */
const char *ct_stance_name(enum ct_stance stance);

enum ct_speaker_kind {
	CT_SPEAKER_NARRATOR = 0,   /* the outlet's own voice */
	CT_SPEAKER_PERSON,
	CT_SPEAKER_ORGANIZATION,
	CT_SPEAKER_GROUP,          /* an unnamed group: "US officials" */
};

/* "narrator", "person", "organization" or "group". */
const char *ct_speaker_kind_name(enum ct_speaker_kind kind);
/* The kind ct_speaker_kind_name() names; CT_SPEAKER_NARRATOR for any
 * other string and for NULL. */
enum ct_speaker_kind ct_speaker_kind_from_name(const char *name);

/* Whether s is a valid calendar date written YYYY-MM-DD. */
bool ct_date_valid(const char *s);

/*
 * Reads a whole file, up to max_bytes (CT_ELIMIT beyond). *out is
 * NUL-terminated and malloc'd; the caller frees it.
 */
int ct_read_file(const char *path, size_t max_bytes, char **out, size_t *n_out);

#ifdef __cplusplus
}
#endif
#endif
