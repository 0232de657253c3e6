/*
 * The SQLite store: opening, migrating and writing. A document and all its
 * claims go in one transaction (BEGIN IMMEDIATE … COMMIT), so a crash
 * leaves either the whole document or none of it.
 */
#include "store/store_internal.h"
#include "base/internal.h"

#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* The migrations in db/, compiled in by scripts/embed.py (migrations.c). */
extern const char *const ct_migrations[];
extern const char *const ct_migrations_names[];
extern const size_t ct_migrations_len[];
extern const size_t ct_migrations_count;

#define BUSY_TIMEOUT_MS 10000
#define BUSY_RETRY_MS 50

static const char *const stmt_sql[ST_COUNT] = {
	[ST_BEGIN] = "BEGIN IMMEDIATE",
	[ST_COMMIT] = "COMMIT",
	[ST_ROLLBACK] = "ROLLBACK",
	[ST_FIND_DUPLICATE] =
		"SELECT id FROM documents WHERE hash = ?1 "
		"UNION ALL SELECT id FROM documents WHERE ?2 IS NOT NULL AND url = ?2 LIMIT 1",
	[ST_INSERT_DOCUMENT] =
		"INSERT INTO documents (url, hash, title, outlet_id, date, author, lang, source, "
		"body_len, n_sentences, n_claims, n_replaced, n_nul, version) "
		"VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
	[ST_INSERT_CLAIM] =
		"INSERT INTO claims (document_id, seq, proposition, proposition_pk, stance, hedged, "
		"negated, denied, sentence, sentence_start, sentence_end, match, match_start, "
		"match_end, negation_cue, denial_cue, hedge_cue, speaker_id, speaker_kind, mention, "
		"role, quote_kind, cue, via_outlet_id, date, statement_date, rule_file, rule_line, "
		"polarity, pattern) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, "
		"?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26, ?27, ?28, ?29, ?30)",
	[ST_OUTLET_BY_ALIAS] = "SELECT outlet_id FROM outlet_aliases WHERE alias = ?1",
	[ST_OUTLET_BY_NAME] = "SELECT id FROM outlets WHERE name = ?1",
	[ST_INSERT_OUTLET] = "INSERT INTO outlets (name, from_rules) VALUES (?1, ?2)",
	[ST_MARK_OUTLET] = "UPDATE outlets SET from_rules = 1 WHERE id = ?1 AND from_rules = 0",
	[ST_UPSERT_OUTLET_ALIAS] =
		"INSERT INTO outlet_aliases (alias, outlet_id) VALUES (?1, ?2) "
		"ON CONFLICT (alias) DO UPDATE SET outlet_id = excluded.outlet_id "
		"WHERE outlet_id <> excluded.outlet_id",
	[ST_MERGE_OUTLET_DOCS] = "UPDATE documents SET outlet_id = ?2 WHERE outlet_id = ?1",
	[ST_MERGE_OUTLET_VIA] = "UPDATE claims SET via_outlet_id = ?2 WHERE via_outlet_id = ?1",
	[ST_MERGE_OUTLET_ALIASES] = "UPDATE outlet_aliases SET outlet_id = ?2 WHERE outlet_id = ?1",
	[ST_DELETE_OUTLET] = "DELETE FROM outlets WHERE id = ?1",
	[ST_SPEAKER_BY_ALIAS] = "SELECT speaker_id FROM speaker_aliases WHERE alias = ?1",
	[ST_SPEAKER_BY_NAME] = "SELECT id FROM speakers WHERE name = ?1",
	[ST_INSERT_SPEAKER] =
		"INSERT INTO speakers (name, kind, role, org, from_rules) VALUES (?1, ?2, ?3, ?4, ?5)",
	[ST_MARK_SPEAKER] =
		"UPDATE speakers SET role = ?2, org = ?3, from_rules = 1 WHERE id = ?1 AND "
		"(from_rules = 0 OR role IS NOT ?2 OR org IS NOT ?3)",
	[ST_UPSERT_SPEAKER_ALIAS] =
		"INSERT INTO speaker_aliases (alias, speaker_id) VALUES (?1, ?2) "
		"ON CONFLICT (alias) DO UPDATE SET speaker_id = excluded.speaker_id "
		"WHERE speaker_id <> excluded.speaker_id",
	[ST_MERGE_SPEAKER_CLAIMS] = "UPDATE claims SET speaker_id = ?2 WHERE speaker_id = ?1",
	[ST_MERGE_SPEAKER_ALIASES] =
		"UPDATE speaker_aliases SET speaker_id = ?2 WHERE speaker_id = ?1",
	[ST_DELETE_SPEAKER] = "DELETE FROM speakers WHERE id = ?1",
	[ST_UPSERT_PROPOSITION] =
		"INSERT INTO propositions (id, rev, fingerprint, title, tags, file, line) "
		"VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) "
		"ON CONFLICT (id, rev, fingerprint) DO UPDATE SET title = excluded.title, "
		"tags = excluded.tags, file = excluded.file, line = excluded.line "
		"WHERE title IS NOT excluded.title OR tags IS NOT excluded.tags OR "
		"file IS NOT excluded.file OR line IS NOT excluded.line",
	[ST_FIND_PROPOSITION] =
		"SELECT pk FROM propositions WHERE id = ?1 AND rev = ?2 AND fingerprint = ?3",
};

/* ---- errors ---- */

int ct_store_fail(struct ct_store *s, int code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(s->errmsg, sizeof s->errmsg, fmt, ap);
	va_end(ap);
	s->sqlite_rc = 0;
	return code;
}

int ct_store_dbfail(struct ct_store *s, const char *what)
{
	int code = sqlite3_errcode(s->db), sys = sqlite3_system_errno(s->db);
	char why[128] = "";

	/* "disk I/O error" alone does not say that the disk is full or the
	 * file too large: the system's reason does. */
	if (sys && ((code & 0xff) == SQLITE_IOERR || (code & 0xff) == SQLITE_FULL ||
		    (code & 0xff) == SQLITE_CANTOPEN))
		snprintf(why, sizeof why, " (%s)", strerror(sys));
	else if ((code & 0xff) == SQLITE_CORRUPT)
		snprintf(why, sizeof why, " (the file is damaged; restore it from a backup)");
	if (what)
		ct_store_fail(s, 0, "%s: %s%s", what, sqlite3_errmsg(s->db), why);
	else
		ct_store_fail(s, 0, "%s%s", sqlite3_errmsg(s->db), why);
	s->sqlite_rc = code;
	return code == SQLITE_NOMEM ? CT_ENOMEM : CT_EDB;
}

const char *ct_store_errmsg(const struct ct_store *s)
{
	return s ? s->errmsg : "";
}

int ct_store_prepare(struct ct_store *s, const char *sql, sqlite3_stmt **out)
{
	if (sqlite3_prepare_v2(s->db, sql, -1, out, NULL) != SQLITE_OK)
		return ct_store_dbfail(s, NULL);
	return CT_OK;
}

void ct_store_copy_date(char out[11], sqlite3_stmt *st, int col)
{
	const char *d = (const char *)sqlite3_column_text(st, col);

	out[0] = '\0';
	if (d && strlen(d) == 10)
		memcpy(out, d, 11);
}

/* ---- statements ---- */

/* The cached statement `id`, prepared on first use; NULL after recording an error. */
static sqlite3_stmt *stmt(struct ct_store *s, enum ct_stmt id)
{
	if (!s->stmts[id] &&
	    sqlite3_prepare_v3(s->db, stmt_sql[id], -1, SQLITE_PREPARE_PERSISTENT,
			       &s->stmts[id], NULL) != SQLITE_OK) {
		ct_store_dbfail(s, NULL);
		return NULL;
	}
	return s->stmts[id];
}

/* Binds parameters in order, remembering the first failure. */
struct binder {
	sqlite3_stmt *st;
	int rc;
};

static void b_text(struct binder *b, int i, const char *v)
{
	if (b->rc == SQLITE_OK)
		b->rc = v ? sqlite3_bind_text(b->st, i, v, -1, SQLITE_STATIC)
			  : sqlite3_bind_null(b->st, i);
}

/* Binds text[start, end) as TEXT; the bytes must outlive the step. */
static void b_slice(struct binder *b, int i, const char *text, size_t start, size_t end)
{
	if (b->rc == SQLITE_OK)
		b->rc = sqlite3_bind_text64(b->st, i, text + start, end - start, SQLITE_STATIC,
					    SQLITE_UTF8);
}

static void b_int(struct binder *b, int i, int64_t v)
{
	if (b->rc == SQLITE_OK)
		b->rc = sqlite3_bind_int64(b->st, i, (sqlite3_int64)v);
}

/* Binds an id, or NULL when it is 0 (no row). */
static void b_id(struct binder *b, int i, int64_t v)
{
	if (b->rc == SQLITE_OK)
		b->rc = v ? sqlite3_bind_int64(b->st, i, (sqlite3_int64)v) : sqlite3_bind_null(b->st, i);
}

/*
 * Steps a bound statement once and resets it. When it gives a row, *id
 * (may be NULL) is its first column, else 0 (ids are never 0).
 * Returns CT_OK or an error recorded on s.
 */
static int run(struct ct_store *s, struct binder *b, int64_t *id)
{
	int rc = b->rc, code = CT_OK;

	if (id)
		*id = 0;
	if (rc == SQLITE_OK) {
		rc = sqlite3_step(b->st);
		if (rc == SQLITE_ROW && id)
			*id = sqlite3_column_int64(b->st, 0);
	}
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		code = ct_store_dbfail(s, NULL);
	sqlite3_reset(b->st);
	sqlite3_clear_bindings(b->st);
	return code;
}

/* Runs a cached statement without parameters. */
static int run_plain(struct ct_store *s, enum ct_stmt id)
{
	struct binder b = { stmt(s, id), SQLITE_OK };

	if (!b.st)
		return CT_EDB;
	return run(s, &b, NULL);
}

/* Rolls back the open transaction, if SQLite has not already. */
static void rollback(struct ct_store *s)
{
	if (!sqlite3_get_autocommit(s->db)) {
		char keep[sizeof s->errmsg];
		memcpy(keep, s->errmsg, sizeof keep);
		run_plain(s, ST_ROLLBACK);
		memcpy(s->errmsg, keep, sizeof keep);
	}
}

/* ---- opening and migrating ---- */

int ct_store_schema_version(void)
{
	return (int)ct_migrations_count;
}

/* Reads a PRAGMA that returns one integer. */
static int pragma_int(struct ct_store *s, const char *sql, int64_t *out)
{
	sqlite3_stmt *st;
	int rc = ct_store_prepare(s, sql, &st);

	if (rc != CT_OK)
		return rc;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*out = sqlite3_column_int64(st, 0);
		rc = CT_OK;
	} else {
		rc = ct_store_dbfail(s, NULL);
	}
	sqlite3_finalize(st);
	return rc;
}

/*
 * Applies migration number v (1-based) unless another connection already
 * has, in one transaction that also sets user_version.
 */
static int migrate_one(struct ct_store *s, int v)
{
	char sql[64];
	int64_t now = 0;
	int rc;

	if ((rc = run_plain(s, ST_BEGIN)) != CT_OK)
		return ct_store_dbfail(s, ct_migrations_names[v - 1]);
	if ((rc = pragma_int(s, "PRAGMA user_version", &now)) != CT_OK)
		goto out;
	if (now >= v)
		goto out;
	if (sqlite3_exec(s->db, ct_migrations[v - 1], NULL, NULL, NULL) != SQLITE_OK) {
		rc = ct_store_dbfail(s, ct_migrations_names[v - 1]);
		goto out;
	}
	/* PRAGMA takes no parameters; v is our own small integer. */
	snprintf(sql, sizeof sql, "PRAGMA user_version = %d", v);
	if (sqlite3_exec(s->db, sql, NULL, NULL, NULL) != SQLITE_OK)
		rc = ct_store_dbfail(s, ct_migrations_names[v - 1]);
out:
	if (rc == CT_OK)
		rc = run_plain(s, ST_COMMIT);
	if (rc != CT_OK)
		rollback(s);
	return rc;
}

/*
 * Checks that the open file is a claimtrack database this library can use,
 * before anything writes to it, and sets s->version_was.
 */
static int check_schema(struct ct_store *s)
{
	int64_t version, app_id, n_objects;
	int known = ct_store_schema_version();
	int rc;

	/* One statement, so one snapshot: another process may be migrating. */
	static const char sql[] =
		"SELECT (SELECT user_version FROM pragma_user_version), "
		"(SELECT application_id FROM pragma_application_id), "
		"(SELECT count(*) FROM sqlite_master)";
	sqlite3_stmt *st;

	if ((rc = ct_store_prepare(s, sql, &st)) != CT_OK)
		return rc;
	if (sqlite3_step(st) != SQLITE_ROW) {
		rc = ct_store_dbfail(s, NULL);
		sqlite3_finalize(st);
		return rc;
	}
	version = sqlite3_column_int64(st, 0);
	app_id = sqlite3_column_int64(st, 1);
	n_objects = sqlite3_column_int64(st, 2);
	sqlite3_finalize(st);
	if (app_id != 0 && app_id != CT_STORE_APPLICATION_ID)
		return ct_store_fail(s, CT_ESCHEMA, "not a claimtrack database (application id %lld)",
				     (long long)app_id);
	if (version == 0 && n_objects > 0)
		return ct_store_fail(s, CT_ESCHEMA,
				     "not a claimtrack database (it has tables but no claimtrack schema)");
	if (version > known)
		return ct_store_fail(s, CT_ESCHEMA,
				     "database is from a newer claimtrack (schema %lld, this binary knows %d)",
				     (long long)version, known);
	if (version < 0)
		return ct_store_fail(s, CT_ESCHEMA, "bad schema version %lld", (long long)version);
	if (s->readonly && version == 0)
		return ct_store_fail(s, CT_EOLDSCHEMA, "database is empty (no claimtrack schema)");
	if (s->readonly && version < known)
		return ct_store_fail(s, CT_EOLDSCHEMA,
				     "database has schema %lld, older than this binary's %d; "
				     "a writing command (ingest) upgrades it", (long long)version, known);
	s->version_was = s->version_now = (int)version;
	return CT_OK;
}

static int configure(struct ct_store *s)
{
	sqlite3_extended_result_codes(s->db, 1);
	if (sqlite3_busy_timeout(s->db, BUSY_TIMEOUT_MS) != SQLITE_OK ||
	    sqlite3_exec(s->db, "PRAGMA foreign_keys = ON", NULL, NULL, NULL) != SQLITE_OK ||
	    (s->readonly &&
	     sqlite3_exec(s->db, "PRAGMA query_only = ON", NULL, NULL, NULL) != SQLITE_OK))
		return ct_store_dbfail(s, NULL);
	return CT_OK;
}

static uint32_t be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/*
 * Reads the schema version and application id from the file's header
 * before SQLite opens it, so that a database from a newer claimtrack is
 * refused without even a -wal or -shm file appearing next to it. A file
 * too short to have a header passes (SQLite decides what it is).
 */
static int check_header(struct ct_store *s, const char *path)
{
	static const char magic[16] = "SQLite format 3";
	unsigned char h[100];
	FILE *f = fopen(path, "rb");
	size_t n;

	if (!f)
		return CT_OK;
	n = fread(h, 1, sizeof h, f);
	fclose(f);
	if (n < sizeof h || memcmp(h, magic, sizeof magic) != 0)
		return CT_OK;
	if (be32(h + 68) != 0 && be32(h + 68) != CT_STORE_APPLICATION_ID)
		return ct_store_fail(s, CT_ESCHEMA, "not a claimtrack database (application id %lu)",
				     (unsigned long)be32(h + 68));
	if (be32(h + 60) > (uint32_t)ct_store_schema_version())
		return ct_store_fail(s, CT_ESCHEMA,
				     "database is from a newer claimtrack (schema %lu, this binary knows %d)",
				     (unsigned long)be32(h + 60), ct_store_schema_version());
	return CT_OK;
}

/* WAL and its sync level; both persist or apply per connection. */
static int configure_writer(struct ct_store *s)
{
	if (sqlite3_exec(s->db, "PRAGMA journal_mode = WAL", NULL, NULL, NULL) != SQLITE_OK ||
	    sqlite3_exec(s->db, "PRAGMA synchronous = NORMAL", NULL, NULL, NULL) != SQLITE_OK)
		return ct_store_dbfail(s, "cannot switch to WAL");
	return CT_OK;
}

/* The folder of path ("." for a bare name); malloc'd, NULL when out of memory. */
static char *folder_of(const char *path)
{
	const char *slash = strrchr(path, '/');
	size_t n = slash ? (size_t)(slash - path) : 0;
	char *dir;

	if (!slash)
		return strdup(".");
	if (n == 0)
		n = 1;          /* "/x.db": the root folder */
	if ((dir = malloc(n + 1))) {
		memcpy(dir, path, n);
		dir[n] = '\0';
	}
	return dir;
}

/*
 * For a writer: refuses a file or a folder it may not write (its mode, a
 * read-only mount, chattr +i) before SQLite creates anything beside it, with
 * a message that says which. SQLite would otherwise open the file read-only
 * and fail only at the first write, after the work that led to it.
 */
static int check_can_write(struct ct_store *s, const char *path)
{
	char *dir = folder_of(path);
	int rc = CT_OK;

	if (!dir)
		return ct_store_fail(s, CT_ENOMEM, "out of memory");
	if (access(path, F_OK) == 0 && access(path, W_OK) != 0)
		rc = ct_store_fail(s, CT_EDB, "cannot write to the database: %s "
				   "(commands that only read it still work)", strerror(errno));
	else if (access(dir, W_OK) != 0)
		rc = ct_store_fail(s, CT_EDB, "cannot write in its folder '%s': %s "
				   "(SQLite keeps its -wal and -shm files there)", dir, strerror(errno));
	free(dir);
	return rc;
}

/*
 * For a reader: whether to open the file as immutable. Reading a WAL
 * database needs a -shm file beside it, which SQLite cannot create in a
 * folder we may not write; and with no -wal file there and no writable
 * folder, no writer can be changing the file while we read it.
 */
static bool read_immutable(const char *path)
{
	char *dir = folder_of(path), *wal;
	size_t n = strlen(path);
	bool immutable = false;

	wal = malloc(n + sizeof "-wal");
	if (dir && wal && access(dir, W_OK) != 0) {
		memcpy(wal, path, n);
		memcpy(wal + n, "-wal", sizeof "-wal");
		immutable = access(wal, F_OK) != 0 && errno == ENOENT;
	}
	free(dir);
	free(wal);
	return immutable;
}

/* A "file:" URI of path with immutable=1; malloc'd, NULL when out of memory. */
static char *immutable_uri(const char *path)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t n = strlen(path);
	char *uri = malloc(sizeof "file://" + 3 * n + sizeof "?immutable=1"), *o;

	if (!uri)
		return NULL;
	/* An absolute path gets an empty authority, so that "//x" is no host. */
	o = uri;
	memcpy(o, path[0] == '/' ? "file://" : "file:", path[0] == '/' ? 7 : 5);
	o += path[0] == '/' ? 7 : 5;
	for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || strchr("/._-~", *p)) {
			*o++ = (char)*p;
		} else {
			*o++ = '%';
			*o++ = hex[*p >> 4];
			*o++ = hex[*p & 15];
		}
	}
	memcpy(o, "?immutable=1", sizeof "?immutable=1");
	return uri;
}

/* Checks the schema and, for a writer, switches to WAL and migrates. */
static int setup(struct ct_store *s)
{
	int rc;

	if ((rc = check_schema(s)) != CT_OK || s->readonly)
		return rc;
	if ((rc = configure_writer(s)) != CT_OK)
		return rc;
	for (int v = s->version_was + 1; v <= ct_store_schema_version(); v++)
		if ((rc = migrate_one(s, v)) != CT_OK)
			return rc;
	s->version_now = ct_store_schema_version();
	return CT_OK;
}

/*
 * SQLite's memory statistics take one global mutex on every allocation,
 * which worker threads with their own connections (parallel ingest) then
 * queue on; claimtrack reads no statistics. Must run before SQLite
 * initializes, so before the first connection.
 */
static pthread_once_t sqlite_once = PTHREAD_ONCE_INIT;

static void sqlite_setup(void)
{
	sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

int ct_store_open(const char *path, unsigned flags, struct ct_store **out,
		  char *err, size_t err_size)
{
	struct ct_store *s;
	struct stat st;
	char *uri = NULL;
	int open_flags, rc;

	if (!path || !out) {
		if (err && err_size)
			snprintf(err, err_size, "no database path");
		return CT_EINVAL;
	}
	s = calloc(1, sizeof *s);
	if (!s) {
		if (err && err_size)
			snprintf(err, err_size, "out of memory");
		return CT_ENOMEM;
	}
	s->readonly = flags & CT_STORE_READONLY;
	if (s->readonly && stat(path, &st) != 0) {
		rc = errno == ENOENT ? ct_store_fail(s, CT_ENODB, "no database here")
				     : ct_store_fail(s, CT_EDB, "%s", strerror(errno));
		goto out;
	}
	if ((rc = check_header(s, path)) != CT_OK)
		goto out;
	if (!s->readonly && (rc = check_can_write(s, path)) != CT_OK)
		goto out;
	/* Read-only is PRAGMA query_only on a read-write connection: unlike
	 * SQLITE_OPEN_READONLY it removes the -wal and -shm files on close.
	 * A write-protected file is still opened (read-only) by SQLite. */
	open_flags = SQLITE_OPEN_READWRITE | (s->readonly ? 0 : SQLITE_OPEN_CREATE);
	/* A store is used by one thread at a time: no per-connection mutex. */
	open_flags |= SQLITE_OPEN_NOMUTEX;
	if (s->readonly && read_immutable(path)) {
		if (!(uri = immutable_uri(path))) {
			rc = ct_store_fail(s, CT_ENOMEM, "out of memory");
			goto out;
		}
		open_flags = SQLITE_OPEN_READONLY | SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX;
	}
	pthread_once(&sqlite_once, sqlite_setup);
	if (sqlite3_open_v2(uri ? uri : path, &s->db, open_flags, NULL) != SQLITE_OK) {
		rc = s->db ? ct_store_dbfail(s, NULL) : ct_store_fail(s, CT_ENOMEM, "out of memory");
		goto out;
	}
	if (!s->readonly && sqlite3_db_readonly(s->db, "main") == 1) {
		rc = ct_store_fail(s, CT_EDB, "cannot write to the database: SQLite opened it "
				   "read-only (commands that only read it still work)");
		goto out;
	}
	if ((rc = configure(s)) != CT_OK)
		goto out;
	/* The busy timeout covers most waits, but not all of them while
	 * another process creates or migrates the same file: retry those. */
	for (int waited = 0;; waited += BUSY_RETRY_MS) {
		rc = setup(s);
		if (rc == CT_OK || (s->sqlite_rc & 0xff) != SQLITE_BUSY || waited >= BUSY_TIMEOUT_MS)
			break;
		sqlite3_sleep(BUSY_RETRY_MS);
	}
out:
	free(uri);
	if (rc != CT_OK) {
		if (err && err_size)
			snprintf(err, err_size, "%s", s->errmsg);
		ct_store_close(s);
		return rc;
	}
	*out = s;
	return CT_OK;
}

void ct_store_close(struct ct_store *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < ST_COUNT; i++)
		sqlite3_finalize(s->stmts[i]);
	sqlite3_close(s->db);
	free(s->prop_pk);
	free(s);
}

void ct_store_versions(const struct ct_store *s, int *was, int *now)
{
	if (was)
		*was = s->version_was;
	if (now)
		*now = s->version_now;
}

/* ---- outlets and speakers ---- */

/* The id of a named thing: by alias, then by name; 0 when unknown. */
static int lookup(struct ct_store *s, enum ct_stmt by_alias, enum ct_stmt by_name,
		  const char *name, int64_t *id)
{
	struct binder b = { stmt(s, by_alias), SQLITE_OK };
	int rc;

	if (!b.st)
		return CT_EDB;
	b_text(&b, 1, name);
	if ((rc = run(s, &b, id)) != CT_OK || *id)
		return rc;
	b = (struct binder){ stmt(s, by_name), SQLITE_OK };
	if (!b.st)
		return CT_EDB;
	b_text(&b, 1, name);
	return run(s, &b, id);
}

/* The outlet's id, inserting it when new; 0 for a NULL name. */
static int outlet_id(struct ct_store *s, const char *name, bool from_rules, int64_t *id)
{
	struct binder b;
	int rc;

	*id = 0;
	if (!name || !*name)
		return CT_OK;
	if ((rc = lookup(s, ST_OUTLET_BY_ALIAS, ST_OUTLET_BY_NAME, name, id)) != CT_OK || *id)
		return rc;
	b = (struct binder){ stmt(s, ST_INSERT_OUTLET), SQLITE_OK };
	if (!b.st)
		return CT_EDB;
	b_text(&b, 1, name);
	b_int(&b, 2, from_rules);
	if ((rc = run(s, &b, NULL)) != CT_OK)
		return rc;
	*id = sqlite3_last_insert_rowid(s->db);
	return CT_OK;
}

/* The speaker's id, by alias or name, inserting it when new; 0 for NULL. */
static int speaker_id(struct ct_store *s, const char *name, enum ct_speaker_kind kind,
		      int64_t *id)
{
	struct binder b;
	int rc;

	*id = 0;
	if (!name || !*name)
		return CT_OK;
	if ((rc = lookup(s, ST_SPEAKER_BY_ALIAS, ST_SPEAKER_BY_NAME, name, id)) != CT_OK || *id)
		return rc;
	b = (struct binder){ stmt(s, ST_INSERT_SPEAKER), SQLITE_OK };
	if (!b.st)
		return CT_EDB;
	b_text(&b, 1, name);
	b_text(&b, 2, ct_speaker_kind_name(kind));
	b_text(&b, 3, NULL);
	b_text(&b, 4, NULL);
	b_int(&b, 5, 0);
	if ((rc = run(s, &b, NULL)) != CT_OK)
		return rc;
	*id = sqlite3_last_insert_rowid(s->db);
	return CT_OK;
}

/* Runs a statement with two id parameters (a merge step). */
static int run_ids(struct ct_store *s, enum ct_stmt id, int64_t a, int64_t b2)
{
	struct binder b = { stmt(s, id), SQLITE_OK };

	if (!b.st)
		return CT_EDB;
	b_int(&b, 1, a);
	if (sqlite3_bind_parameter_count(b.st) >= 2)
		b_int(&b, 2, b2);
	return run(s, &b, NULL);
}

/*
 * Makes `alias` a name of the canonical row `canon`: the alias row points
 * there, and a row stored earlier under that name is merged into it.
 */
static int add_alias(struct ct_store *s, bool speaker, const char *alias, int64_t canon)
{
	struct binder b = { stmt(s, speaker ? ST_SPEAKER_BY_NAME : ST_OUTLET_BY_NAME), SQLITE_OK };
	int64_t old;
	int rc;

	if (!b.st)
		return CT_EDB;
	b_text(&b, 1, alias);
	if ((rc = run(s, &b, &old)) != CT_OK)
		return rc;
	if (old && old != canon) {
		if (speaker) {
			if ((rc = run_ids(s, ST_MERGE_SPEAKER_CLAIMS, old, canon)) != CT_OK ||
			    (rc = run_ids(s, ST_MERGE_SPEAKER_ALIASES, old, canon)) != CT_OK ||
			    (rc = run_ids(s, ST_DELETE_SPEAKER, old, 0)) != CT_OK)
				return rc;
		} else {
			if ((rc = run_ids(s, ST_MERGE_OUTLET_DOCS, old, canon)) != CT_OK ||
			    (rc = run_ids(s, ST_MERGE_OUTLET_VIA, old, canon)) != CT_OK ||
			    (rc = run_ids(s, ST_MERGE_OUTLET_ALIASES, old, canon)) != CT_OK ||
			    (rc = run_ids(s, ST_DELETE_OUTLET, old, 0)) != CT_OK)
				return rc;
		}
	}
	b = (struct binder){ stmt(s, speaker ? ST_UPSERT_SPEAKER_ALIAS : ST_UPSERT_OUTLET_ALIAS),
			     SQLITE_OK };
	if (!b.st)
		return CT_EDB;
	b_text(&b, 1, alias);
	b_int(&b, 2, canon);
	return run(s, &b, NULL);
}

/* The canonical row of a speaker block, found by its name only. */
static int sync_speaker(struct ct_store *s, const struct ct_speaker_def *d)
{
	struct binder b = { stmt(s, ST_SPEAKER_BY_NAME), SQLITE_OK };
	int64_t id;
	int rc;

	if (!b.st)
		return CT_EDB;
	b_text(&b, 1, d->name);
	if ((rc = run(s, &b, &id)) != CT_OK)
		return rc;
	if (id) {
		b = (struct binder){ stmt(s, ST_MARK_SPEAKER), SQLITE_OK };
		if (!b.st)
			return CT_EDB;
		b_int(&b, 1, id);
		b_text(&b, 2, d->role);
		b_text(&b, 3, d->org);
		rc = run(s, &b, NULL);
	} else {
		b = (struct binder){ stmt(s, ST_INSERT_SPEAKER), SQLITE_OK };
		if (!b.st)
			return CT_EDB;
		b_text(&b, 1, d->name);
		b_text(&b, 2, ct_speaker_kind_name(CT_SPEAKER_PERSON));
		b_text(&b, 3, d->role);
		b_text(&b, 4, d->org);
		b_int(&b, 5, 1);
		rc = run(s, &b, NULL);
		id = sqlite3_last_insert_rowid(s->db);
	}
	for (size_t i = 0; rc == CT_OK && i < d->n_aliases; i++)
		rc = add_alias(s, true, d->aliases[i], id);
	return rc;
}

static int sync_outlet(struct ct_store *s, const struct ct_outlet_def *d)
{
	struct binder b = { stmt(s, ST_OUTLET_BY_NAME), SQLITE_OK };
	int64_t id;
	int rc;

	if (!b.st)
		return CT_EDB;
	b_text(&b, 1, d->name);
	if ((rc = run(s, &b, &id)) != CT_OK)
		return rc;
	if (id) {
		rc = run_ids(s, ST_MARK_OUTLET, id, 0);
	} else {
		b = (struct binder){ stmt(s, ST_INSERT_OUTLET), SQLITE_OK };
		if (!b.st)
			return CT_EDB;
		b_text(&b, 1, d->name);
		b_int(&b, 2, 1);
		rc = run(s, &b, NULL);
		id = sqlite3_last_insert_rowid(s->db);
	}
	for (size_t i = 0; rc == CT_OK && i < d->n_aliases; i++)
		rc = add_alias(s, false, d->aliases[i], id);
	return rc;
}

/* ---- propositions ---- */

/* The pk of this version of a proposition, recording it when new. */
static int proposition_pk(struct ct_store *s, const struct ct_proposition *p, int64_t *pk)
{
	struct binder b = { stmt(s, ST_UPSERT_PROPOSITION), SQLITE_OK };
	int rc;

	if (!b.st)
		return CT_EDB;
	b_text(&b, 1, p->id);
	b_int(&b, 2, p->rev);
	b_text(&b, 3, p->fingerprint);
	b_text(&b, 4, p->title ? p->title : "");
	b_text(&b, 5, p->tags ? p->tags : "");
	b_text(&b, 6, p->file);
	b_int(&b, 7, p->line);
	if ((rc = run(s, &b, NULL)) != CT_OK)
		return rc;
	b = (struct binder){ stmt(s, ST_FIND_PROPOSITION), SQLITE_OK };
	if (!b.st)
		return CT_EDB;
	b_text(&b, 1, p->id);
	b_int(&b, 2, p->rev);
	b_text(&b, 3, p->fingerprint);
	if ((rc = run(s, &b, pk)) == CT_OK && !*pk)
		rc = ct_store_fail(s, CT_EDB, "proposition '%s' vanished while storing it", p->id);
	return rc;
}

/* Records a ruleset inside the caller's transaction. */
/*
 * Records a ruleset inside the caller's transaction, keeping each
 * proposition's pk in s->prop_pk: once s->synced is set, claims find their
 * proposition's pk there rather than by two statements each.
 */
static int sync_rules(struct ct_store *s, const struct ct_ruleset *rs)
{
	size_t n = ct_ruleset_n_propositions(rs);
	int64_t *pks;
	int rc = CT_OK;

	/* Until it is recorded, no ruleset's pks are in s->prop_pk. */
	s->synced = NULL;
	if (!(pks = ct_realloc_array(s->prop_pk, n ? n : 1, sizeof *pks)))
		return ct_store_fail(s, CT_ENOMEM, "out of memory");
	s->prop_pk = pks;
	for (size_t i = 0; rc == CT_OK && i < ct_ruleset_n_outlets(rs); i++)
		rc = sync_outlet(s, ct_ruleset_outlet(rs, i));
	for (size_t i = 0; rc == CT_OK && i < ct_ruleset_n_speakers(rs); i++)
		rc = sync_speaker(s, ct_ruleset_speaker(rs, i));
	for (size_t i = 0; rc == CT_OK && i < n; i++)
		rc = proposition_pk(s, ct_ruleset_proposition(rs, i), &pks[i]);
	return rc;
}

static int check_writable(struct ct_store *s)
{
	s->errmsg[0] = '\0';
	if (s->readonly)
		return ct_store_fail(s, CT_EINVAL, "database was opened read-only");
	return CT_OK;
}

int ct_store_sync_rules(struct ct_store *s, const struct ct_ruleset *rs)
{
	int rc;

	if (!s || !rs)
		return CT_EINVAL;
	if ((rc = check_writable(s)) != CT_OK || (rc = run_plain(s, ST_BEGIN)) != CT_OK)
		return rc;
	rc = sync_rules(s, rs);
	if (rc == CT_OK)
		rc = run_plain(s, ST_COMMIT);
	if (rc != CT_OK)
		rollback(s);
	else
		s->synced = rs;
	return rc;
}

/* ---- documents ---- */

/* Per-call caches: the same proposition or speaker is looked up once. */
struct seen_prop {
	const struct ct_proposition *p;
	int64_t pk;
};

struct seen_speaker {
	const char *name;
	int64_t id;
};

struct doc_write {
	const struct ct_ruleset *rs;        /* recorded: its pks are in s->prop_pk */
	struct seen_prop *props;
	size_t n_props, cap_props;
	struct seen_speaker *speakers;
	size_t n_speakers, cap_speakers;
};

static int cached_prop(struct ct_store *s, struct doc_write *w,
		       const struct ct_proposition *p, int64_t *pk)
{
	int rc;

	if (w->rs) {
		size_t i = ct_ruleset_proposition_index(w->rs, p);
		if (i < ct_ruleset_n_propositions(w->rs)) {
			*pk = s->prop_pk[i];
			return CT_OK;
		}
	}
	for (size_t i = 0; i < w->n_props; i++)
		if (w->props[i].p == p) {
			*pk = w->props[i].pk;
			return CT_OK;
		}
	if ((rc = proposition_pk(s, p, pk)) != CT_OK)
		return rc;
	if (!CT_VEC_RESERVE(w->props, w->cap_props, w->n_props + 1))
		return ct_store_fail(s, CT_ENOMEM, "out of memory");
	w->props[w->n_props++] = (struct seen_prop){ p, *pk };
	return CT_OK;
}

static int cached_speaker(struct ct_store *s, struct doc_write *w, const char *name,
			  enum ct_speaker_kind kind, int64_t *id)
{
	int rc;

	*id = 0;
	if (!name || !*name)
		return CT_OK;
	for (size_t i = 0; i < w->n_speakers; i++)
		if (strcmp(w->speakers[i].name, name) == 0) {
			*id = w->speakers[i].id;
			return CT_OK;
		}
	if ((rc = speaker_id(s, name, kind, id)) != CT_OK)
		return rc;
	if (!CT_VEC_RESERVE(w->speakers, w->cap_speakers, w->n_speakers + 1))
		return ct_store_fail(s, CT_ENOMEM, "out of memory");
	w->speakers[w->n_speakers++] = (struct seen_speaker){ name, *id };
	return CT_OK;
}

/* Distinct speaker ids seen (two names may be one speaker). */
static size_t distinct_speakers(const struct doc_write *w)
{
	size_t n = 0;

	for (size_t i = 0; i < w->n_speakers; i++) {
		bool dup = false;
		for (size_t j = 0; j < i && !dup; j++)
			dup = w->speakers[j].id == w->speakers[i].id;
		n += !dup;
	}
	return n;
}

static bool span_ok(const struct ct_span *sp, size_t len)
{
	return sp->start <= sp->end && sp->end <= len;
}

/* Whether a claim can be stored; records why not. */
static int validate_claim(struct ct_store *s, const struct ct_doc *doc,
			  const struct ct_doc_claim *dc, size_t i)
{
	const struct ct_claim *c = &dc->claim;

	if (!c->proposition || !c->proposition->id || !c->pattern || !c->pattern->source)
		return ct_store_fail(s, CT_EINVAL, "claim %zu has no proposition or pattern", i + 1);
	if (c->stance != CT_SUPPORTS && c->stance != CT_REFUTES)
		return ct_store_fail(s, CT_EINVAL, "claim %zu has no stance", i + 1);
	if (c->pattern->kind != CT_PAT_SUPPORTS && c->pattern->kind != CT_PAT_REFUTES)
		return ct_store_fail(s, CT_EINVAL, "claim %zu: its pattern neither supports nor refutes",
				     i + 1);
	if (!(c->sentence_start <= c->match_start && c->match_start <= c->match_end &&
	      c->match_end <= c->sentence_end && c->sentence_end <= doc->body_len))
		return ct_store_fail(s, CT_EINVAL, "claim %zu: offsets outside its sentence or the body",
				     i + 1);
	if ((c->negated && !span_ok(&c->negation_cue, doc->body_len)) ||
	    (c->denied && !span_ok(&c->denial_cue, doc->body_len)) ||
	    (c->hedged && !span_ok(&c->hedge_cue, doc->body_len)))
		return ct_store_fail(s, CT_EINVAL, "claim %zu: a cue lies outside the body", i + 1);
	if (dc->statement_date[0] && !ct_date_valid(dc->statement_date))
		return ct_store_fail(s, CT_EINVAL, "claim %zu: bad statement date", i + 1);
	return CT_OK;
}

static void b_cue(struct binder *b, int i, bool set, const struct ct_doc *doc,
		  const struct ct_span *sp)
{
	if (set)
		b_slice(b, i, doc->body, sp->start, sp->end);
	else
		b_text(b, i, NULL);
}

static int insert_claim(struct ct_store *s, struct doc_write *w, const struct ct_doc *doc,
			int64_t document_id, const struct ct_doc_claim *dc, size_t seq,
			size_t *n_written)
{
	const struct ct_claim *c = &dc->claim;
	struct binder b;
	int64_t pk, speaker, via;
	int rc;

	if ((rc = cached_prop(s, w, c->proposition, &pk)) != CT_OK ||
	    (rc = cached_speaker(s, w, dc->speaker, dc->speaker_kind, &speaker)) != CT_OK ||
	    (rc = outlet_id(s, dc->via, false, &via)) != CT_OK)
		return rc;
	b = (struct binder){ stmt(s, ST_INSERT_CLAIM), SQLITE_OK };
	if (!b.st)
		return CT_EDB;
	b_int(&b, 1, document_id);
	b_int(&b, 2, (int64_t)seq);
	b_text(&b, 3, c->proposition->id);
	b_int(&b, 4, pk);
	b_text(&b, 5, ct_stance_name(c->stance));
	b_int(&b, 6, c->hedged);
	b_int(&b, 7, c->negated);
	b_int(&b, 8, c->denied);
	b_slice(&b, 9, doc->body, c->sentence_start, c->sentence_end);
	b_int(&b, 10, (int64_t)c->sentence_start);
	b_int(&b, 11, (int64_t)c->sentence_end);
	b_slice(&b, 12, doc->body, c->match_start, c->match_end);
	b_int(&b, 13, (int64_t)c->match_start);
	b_int(&b, 14, (int64_t)c->match_end);
	b_cue(&b, 15, c->negated, doc, &c->negation_cue);
	b_cue(&b, 16, c->denied, doc, &c->denial_cue);
	b_cue(&b, 17, c->hedged, doc, &c->hedge_cue);
	b_id(&b, 18, speaker);
	b_text(&b, 19, ct_speaker_kind_name(dc->speaker_kind));
	b_text(&b, 20, dc->quote ? dc->quote->mention : NULL);
	b_text(&b, 21, dc->role);
	b_text(&b, 22, dc->quote ? ct_quote_kind_name(dc->quote->kind) : NULL);
	b_text(&b, 23, dc->quote ? dc->quote->cue : NULL);
	b_id(&b, 24, via);
	b_text(&b, 25, doc->date);
	b_text(&b, 26, dc->statement_date[0] ? dc->statement_date : NULL);
	b_text(&b, 27, c->pattern->file ? c->pattern->file : "");
	b_int(&b, 28, c->pattern->line);
	b_text(&b, 29, c->pattern->kind == CT_PAT_SUPPORTS ? "supports" : "refutes");
	b_text(&b, 30, c->pattern->source);
	if ((rc = run(s, &b, NULL)) == CT_OK)
		(*n_written)++;
	return rc;
}

static int insert_document(struct ct_store *s, const struct ct_doc *doc, int64_t outlet,
			   size_t n_claims, int64_t *id)
{
	struct binder b = { stmt(s, ST_INSERT_DOCUMENT), SQLITE_OK };
	int rc;

	if (!b.st)
		return CT_EDB;
	b_text(&b, 1, doc->url && *doc->url ? doc->url : NULL);
	b_text(&b, 2, doc->hash);
	b_text(&b, 3, doc->title);
	b_id(&b, 4, outlet);
	b_text(&b, 5, doc->date);
	b_text(&b, 6, doc->author);
	b_text(&b, 7, doc->lang);
	b_text(&b, 8, doc->source);
	b_int(&b, 9, (int64_t)doc->body_len);
	b_int(&b, 10, (int64_t)doc->n_sentences);
	b_int(&b, 11, (int64_t)n_claims);
	b_int(&b, 12, (int64_t)doc->n_replaced);
	b_int(&b, 13, (int64_t)doc->n_nul);
	b_text(&b, 14, CT_VERSION);
	if ((rc = run(s, &b, NULL)) != CT_OK)
		return rc;
	*id = sqlite3_last_insert_rowid(s->db);
	return CT_OK;
}

/* Looks for a stored document with doc's hash or url; *id is 0 when none. */
static int find_duplicate(struct ct_store *s, const struct ct_doc *doc, int64_t *id)
{
	struct binder b = { stmt(s, ST_FIND_DUPLICATE), SQLITE_OK };

	if (!b.st)
		return CT_EDB;
	b_text(&b, 1, doc->hash);
	b_text(&b, 2, doc->url && *doc->url ? doc->url : NULL);
	return run(s, &b, id);
}

int ct_store_find_document(struct ct_store *s, const struct ct_doc *doc, int64_t *id)
{
	int64_t found;
	int rc;

	if (!s || !doc || !id)
		return s ? ct_store_fail(s, CT_EINVAL, "missing document") : CT_EINVAL;
	s->errmsg[0] = '\0';
	if ((rc = find_duplicate(s, doc, &found)) == CT_OK)
		*id = found;
	return rc;
}

int ct_store_add_document(struct ct_store *s, const struct ct_ruleset *rs,
			  const struct ct_doc *doc, const struct ct_attribution *a,
			  const struct ct_doc_claim *claims, size_t n_claims,
			  struct ct_store_result *out)
{
	struct ct_store_result res = { 0 };
	struct doc_write w = { 0 };
	const char *outlet_name;
	int64_t outlet, dup;
	bool own_txn;
	int rc;

	if (!s || !doc || !doc->body || !out || (n_claims && !claims))
		return s ? ct_store_fail(s, CT_EINVAL, "missing document or result") : CT_EINVAL;
	if ((rc = check_writable(s)) != CT_OK)
		return rc;
	if (doc->date && !ct_date_valid(doc->date))
		return ct_store_fail(s, CT_EINVAL, "bad date '%s'", doc->date);
	for (size_t i = 0; i < n_claims; i++)
		if ((rc = validate_claim(s, doc, &claims[i], i)) != CT_OK)
			return rc;
	/* Inside the caller's transaction (ct_store_begin()) the document
	 * joins it; otherwise it has its own. */
	own_txn = sqlite3_get_autocommit(s->db);
	if (own_txn && (rc = run_plain(s, ST_BEGIN)) != CT_OK)
		return rc;
	if ((rc = find_duplicate(s, doc, &dup)) != CT_OK)
		goto out;
	if (dup) {
		res.document_id = dup;
		res.duplicate = true;
		goto out;
	}
	if (rs && rs != s->synced && (rc = sync_rules(s, rs)) != CT_OK)
		goto out;
	w.rs = rs;
	outlet_name = a && ct_attribution_outlet(a) ? ct_attribution_outlet(a) : doc->outlet;
	if ((rc = outlet_id(s, outlet_name, false, &outlet)) != CT_OK ||
	    (rc = insert_document(s, doc, outlet, n_claims, &res.document_id)) != CT_OK)
		goto out;
	for (size_t i = 0; i < n_claims && rc == CT_OK; i++)
		rc = insert_claim(s, &w, doc, res.document_id, &claims[i], i + 1, &res.n_claims);
	res.n_speakers = distinct_speakers(&w);
out:
	if (rc == CT_OK && own_txn)
		rc = run_plain(s, ST_COMMIT);
	if (rc != CT_OK) {
		/* In the caller's transaction, all of it: whole documents only. */
		rollback(s);
		if (!own_txn)
			s->synced = NULL;
	} else {
		if (rs && !res.duplicate)
			s->synced = rs;
		*out = res;
	}
	free(w.props);
	free(w.speakers);
	return rc;
}
