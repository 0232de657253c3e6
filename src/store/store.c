/*
 * The SQLite store: opening a database, checking that it is one of ours,
 * and bringing its schema up to date, each migration in its own
 * transaction; closing it. Writing is store_write.c, the ruleset's rows
 * store_sync.c, the statements both run store_sql.c.
 */
#include "store/store_internal.h"
#include "claimtrack/store.h"

#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <sqlite3.h>
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
/* The same migrations in PostgreSQL's dialect, from db/pg/ (pg_migrations.c). */
extern const char *const ct_pg_migrations[];
extern const char *const ct_pg_migrations_names[];
extern const size_t ct_pg_migrations_count;

#define BUSY_TIMEOUT_MS 10000
#define BUSY_RETRY_MS 50

/* ---- opening and migrating ---- */

int ct_store_schema_version(void)
{
	return (int)ct_migrations_count;
}

/* Reads a PRAGMA that returns one integer. */
static int pragma_int(struct ct_store *s, const char *sql, int64_t *out)
{
	struct db_stmt *st;
	int rc = ct_store_prepare(s, sql, &st);

	if (rc != CT_OK)
		return rc;
	rc = db_step(st);
	if (rc == DB_ROW) {
		*out = db_column_int64(st, 0);
		rc = CT_OK;
	} else {
		rc = ct_store_dbfail(s, NULL);
	}
	db_finalize(st);
	return rc;
}

/*
 * Whether migration `name` rebuilds a table that others refer to (db/015:
 * speakers; db/017: documents). SQLite's procedure for that runs with
 * foreign keys off, which can only be switched outside a transaction: with
 * them on, dropping the old table would delete its children's rows (ON
 * DELETE CASCADE) or refuse. The keys are checked before the migration commits.
 */
static bool rebuilds_parent(const char *name)
{
	return strstr(name, "_claims_kind_check.") != NULL ||
	       strstr(name, "_documents_per_outlet.") != NULL;
}

/* Fails when a row refers to one that is not there (PRAGMA foreign_key_check). */
static int check_foreign_keys(struct ct_store *s, const char *name)
{
	struct db_stmt *st;
	int rc, step;

	if ((rc = ct_store_prepare(s, "PRAGMA foreign_key_check", &st)) != CT_OK)
		return rc;
	step = db_step(st);
	if (step == DB_ROW)
		rc = ct_store_fail(s, CT_EDB, "%s: a row of %s refers to a missing row of %s",
				   name, db_column_text(st, 0), db_column_text(st, 2));
	else if (step != DB_DONE)
		rc = ct_store_dbfail(s, name);
	db_finalize(st);
	return rc;
}

/*
 * Applies migration number v (1-based) unless another connection already
 * has, in one transaction that also sets user_version.
 */
static int migrate_one(struct ct_store *s, int v)
{
	const char *name = ct_migrations_names[v - 1];
	bool fk_off = rebuilds_parent(name);
	char sql[64];
	int64_t now = 0;
	int rc;

	if (fk_off && db_exec(s->db, "PRAGMA foreign_keys = OFF") != DB_OK)
		return ct_store_dbfail(s, name);
	if ((rc = ct_store_run_plain(s, ST_BEGIN)) != CT_OK) {
		rc = ct_store_dbfail(s, name);
		goto keys;
	}
	if ((rc = pragma_int(s, "PRAGMA user_version", &now)) != CT_OK)
		goto out;
	if (now >= v)
		goto out;
	if (db_exec(s->db, ct_migrations[v - 1]) != DB_OK) {
		rc = ct_store_dbfail(s, name);
		goto out;
	}
	if (fk_off && (rc = check_foreign_keys(s, name)) != CT_OK)
		goto out;
	if ((rc = ct_store_migrated(s, name)) != CT_OK)
		goto out;
	/* PRAGMA takes no parameters; v is our own small integer. */
	snprintf(sql, sizeof sql, "PRAGMA user_version = %d", v);
	if (db_exec(s->db, sql) != DB_OK)
		rc = ct_store_dbfail(s, name);
out:
	rc = ct_store_txn_end(s, rc);
keys:
	if (fk_off && db_exec(s->db, "PRAGMA foreign_keys = ON") != DB_OK && rc == CT_OK)
		rc = ct_store_dbfail(s, name);
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
	struct db_stmt *st;

	if ((rc = ct_store_prepare(s, sql, &st)) != CT_OK)
		return rc;
	if (db_step(st) != DB_ROW) {
		rc = ct_store_dbfail(s, NULL);
		db_finalize(st);
		return rc;
	}
	version = db_column_int64(st, 0);
	app_id = db_column_int64(st, 1);
	n_objects = db_column_int64(st, 2);
	db_finalize(st);
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
	sqlite3_extended_result_codes(db_sqlite(s->db), 1);
	if (sqlite3_busy_timeout(db_sqlite(s->db), BUSY_TIMEOUT_MS) != SQLITE_OK ||
	    db_exec(s->db, "PRAGMA foreign_keys = ON") != DB_OK ||
	    (s->readonly &&
	     db_exec(s->db, "PRAGMA query_only = ON") != DB_OK))
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
	size_t n = ct_store_read_head(path, h, sizeof h);

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
	if (db_exec(s->db, "PRAGMA journal_mode = WAL") != DB_OK ||
	    db_exec(s->db, "PRAGMA synchronous = NORMAL") != DB_OK)
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
	return ct_store_copies_fill(s);
}

/* ---- PostgreSQL ---- */

bool ct_store_is_url(const char *target)
{
	return target && (!strncmp(target, "postgresql://", 13) || !strncmp(target, "postgres://", 11));
}

void ct_store_display_name(const char *target, char *out, size_t size)
{
	const char *at, *colon, *slash, *pw;
	size_t n;

	if (!size)
		return;
	snprintf(out, size, "%s", target ? target : "");
	if (!ct_store_is_url(target))
		return;
	/* scheme://user:password@host...: the password becomes "***". */
	slash = strstr(target, "://") + 3;
	at = strchr(slash, '@');
	colon = at ? memchr(slash, ':', (size_t)(at - slash)) : NULL;
	if (colon && (size_t)(colon - target) + 1 < size) {
		n = (size_t)(colon - target) + 1;
		snprintf(out + n, size - n, "***%s", at);
	}
	/* ...?password=...&...: so does its value. */
	for (char *p = out; (pw = strstr(p, "password=")) != NULL; p = (char *)pw + 9) {
		char *v = (char *)pw + 9, *end = v + strcspn(v, "&");
		if (pw != out && pw[-1] != '?' && pw[-1] != '&')
			continue;
		if ((size_t)(v - out) + 3 + strlen(end) + 1 > size)
			break;
		memmove(v + 3, end, strlen(end) + 1);
		memcpy(v, "***", 3);
	}
}

/* A lock key of every claimtrack database: one migration at a time. */
#define PG_MIGRATE_LOCK "1131174987"

/* Applies PostgreSQL migration v (1-based) unless another connection has. */
static int pg_migrate_one(struct ct_store *s, int v)
{
	char sql[128];
	int64_t now = 0;
	int rc;

	if ((rc = ct_store_run_plain(s, ST_BEGIN)) != CT_OK)
		return rc;
	/* Concurrent openers wait here; the one after sees the new version. */
	if (db_exec(s->db, "SELECT pg_advisory_xact_lock(" PG_MIGRATE_LOCK ")") != DB_OK ||
	    db_exec(s->db, "CREATE TABLE IF NOT EXISTS claimtrack_schema "
		    "(version integer NOT NULL)") != DB_OK) {
		rc = ct_store_dbfail(s, NULL);
		goto out;
	}
	if ((rc = pragma_int(s, "SELECT coalesce(max(version), 0) FROM claimtrack_schema",
			     &now)) != CT_OK || now >= v)
		goto out;
	snprintf(sql, sizeof sql, "DELETE FROM claimtrack_schema; "
		 "INSERT INTO claimtrack_schema (version) VALUES (%d)", v);
	if (db_exec(s->db, ct_pg_migrations[v - 1]) != DB_OK || db_exec(s->db, sql) != DB_OK)
		rc = ct_store_dbfail(s, ct_pg_migrations_names[v - 1]);
	else
		rc = ct_store_migrated(s, ct_pg_migrations_names[v - 1]);
out:
	return ct_store_txn_end(s, rc);
}

/* check_schema() for PostgreSQL: the version is claimtrack_schema's row,
 * in the connection's current schema (search_path). */
static int pg_check_schema(struct ct_store *s)
{
	int64_t has_version = 0, n_tables = 0, version = 0;
	int known = ct_store_schema_version();
	int rc;

	/* One statement, so one snapshot: another connection may be
	 * committing the first migration in between two. */
	struct db_stmt *st;

	if ((rc = ct_store_prepare(s, "SELECT count(*) FILTER (WHERE tablename = "
				   "'claimtrack_schema'), count(*) FROM pg_catalog.pg_tables "
				   "WHERE schemaname = current_schema()", &st)) != CT_OK)
		return rc;
	if (db_step(st) != DB_ROW) {
		rc = ct_store_dbfail(s, NULL);
		db_finalize(st);
		return rc;
	}
	has_version = db_column_int64(st, 0);
	n_tables = db_column_int64(st, 1);
	db_finalize(st);
	if (has_version &&
	    (rc = pragma_int(s, "SELECT coalesce(max(version), 0) FROM claimtrack_schema",
			     &version)) != CT_OK)
		return rc;
	if (!has_version && n_tables > 0)
		return ct_store_fail(s, CT_ESCHEMA,
				     "not a claimtrack database (it has tables but no claimtrack schema)");
	if (version > known)
		return ct_store_fail(s, CT_ESCHEMA,
				     "database is from a newer claimtrack (schema %lld, this binary knows %d)",
				     (long long)version, known);
	if (s->readonly && version == 0)
		return ct_store_fail(s, CT_EOLDSCHEMA, "database is empty (no claimtrack schema)");
	if (s->readonly && version < known)
		return ct_store_fail(s, CT_EOLDSCHEMA,
				     "database has schema %lld, older than this binary's %d; "
				     "a writing command (ingest) upgrades it", (long long)version, known);
	s->version_was = s->version_now = (int)version;
	return CT_OK;
}

/* Connects, checks the schema and, for a writer, migrates. */
static int open_pg(struct ct_store *s, const char *url)
{
	int rc;

	if (ct_pg_migrations_count != ct_migrations_count)
		return ct_store_fail(s, CT_ESCHEMA, "this binary's PostgreSQL schema is incomplete");
	if (db_open_pg(url, &s->db) != DB_OK)
		return s->db ? ct_store_dbfail(s, "cannot connect") : ct_store_fail(s, CT_ENOMEM, "out of memory");
	if (!s->readonly && !(s->url = strdup(url)))
		return ct_store_fail(s, CT_ENOMEM, "out of memory");
	if (s->readonly && db_exec(s->db, "SET default_transaction_read_only = on") != DB_OK)
		return ct_store_dbfail(s, NULL);
	/* A writer's statements are a batch's inserts and look-ups, each
	 * short: JIT-compiling them, which the planner chose for the copy
	 * look-up by its estimated cost, took 80-480 ms of an ingest's server
	 * time (pg_stat_statements' jit columns, 100 MB corpus). */
	if (!s->readonly && db_exec(s->db, "SET jit = off") != DB_OK)
		return ct_store_dbfail(s, NULL);
	if ((rc = pg_check_schema(s)) != CT_OK || s->readonly)
		return rc;
	for (int v = s->version_was + 1; v <= ct_store_schema_version(); v++)
		if ((rc = pg_migrate_one(s, v)) != CT_OK)
			return rc;
	s->version_now = ct_store_schema_version();
	return ct_store_copies_fill(s);
}

/*
 * SQLite's memory statistics take one global mutex on every allocation,
 * which worker threads with their own connections (parallel ingest) then
 * queue on; claimtrack reads no statistics. Must run before SQLite
 * initializes: before the first connection, and before the first call
 * that starts it (sqlite3_vfs_find() in ct_store_read_head() does), or
 * sqlite3_config() refuses it.
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
	if (ct_store_is_url(path)) {
		rc = open_pg(s, path);
		goto out;
	}
	/* Before anything here uses SQLite: reading the header starts it. */
	pthread_once(&sqlite_once, sqlite_setup);
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
	if (db_open_sqlite(uri ? uri : path, open_flags, &s->db) != DB_OK) {
		rc = s->db ? ct_store_dbfail(s, NULL) : ct_store_fail(s, CT_ENOMEM, "out of memory");
		goto out;
	}
	if (!s->readonly && sqlite3_db_readonly(db_sqlite(s->db), "main") == 1) {
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
		if (rc == CT_OK || (s->sqlite_rc & 0xff) != DB_BUSY || waited >= BUSY_TIMEOUT_MS)
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
	/* The band keys held go out now, or stay noted for the next writer
	 * to read (store_bands.c). */
	if (ct_store_bands_held(s) && !s->readonly && db_autocommit(s->db))
		ct_store_bands_settle(s);
	ct_store_bands_free(s);
	for (size_t i = 0; i < ST_COUNT; i++)
		db_finalize(s->stmts[i]);
	for (size_t i = 0; i < sizeof s->kept / sizeof *s->kept; i++)
		db_finalize(s->kept[i].st);
	db_close(s->db);
	for (size_t i = 0; i < sizeof s->side_insert / sizeof *s->side_insert; i++)
		db_finalize(s->side_insert[i]);
	db_close(s->side);
	free(s->url);
	ct_store_text_release(s);
	ct_store_names_clear(s);
	ct_store_pending_clear(s);
	free(s->pend.copies);
	ct_store_sig_cache_free(s);
	ct_rows_release(&s->pend.claims);
	ct_rows_release(&s->pend.texts);
	ct_buf_release(&s->pend.text_blob);
	ct_buf_release(&s->pend.band_rows);
	ct_rows_release(&s->pend.docs);
	free(s->pend.keys);
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
