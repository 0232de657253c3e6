/*
 * Several documents in one transaction. Committing is what costs when
 * ingesting: every commit appends each page it touched to the WAL, and the
 * index pages of a big database are touched by every document. A batch
 * writes them once for many documents, while readers still see whole
 * documents only, since a batch only ever holds whole ones.
 */
#include "claimtrack/store.h"
#include "store/store_internal.h"

/*
 * A writer of batches keeps more pages: the claims indexes of a large
 * database do not fit in SQLite's default 2 MB cache, and each page missed
 * is read again. 32 MB, not more: the cache fills as the database grows,
 * and with 64 MB ingesting 1 GB of bench text peaked at 203 MB of memory
 * instead of 160 MB, in the same 59 s; into the 1,000,000-claim database
 * 100 MB took 4.07-4.63 s with 32 MB, 4.18-5.41 s with 64 MB.
 * It also lets the WAL grow to 40 MB (default 4 MB) before
 * copying it back into the database: a batch into a million-claim
 * database touches about 900 pages, so the default checkpoints (and syncs)
 * after nearly every batch, and pages that several batches touch are then
 * written back once. Ingesting 10 MB into a copy of the 1,000,000-claim
 * bench database: 29,311 pwrite, 9,331 pread and 31 fdatasync calls with
 * the default checkpoint, 25,091, 5,113 and 7 with this one (strace -c).
 */
#define BATCH_PRAGMAS "PRAGMA cache_size = -32768; PRAGMA wal_autocheckpoint = 10000"

static int exec(struct ct_store *s, const char *sql)
{
	if (db_exec(s->db, sql) != DB_OK)
		return ct_store_dbfail(s, NULL);
	return CT_OK;
}

int ct_store_begin(struct ct_store *s)
{
	int rc;

	if (!s)
		return CT_EINVAL;
	s->errmsg[0] = '\0';
	if (s->readonly)
		return ct_store_fail(s, CT_EINVAL, "database was opened read-only");
	if (!db_autocommit(s->db))
		return ct_store_fail(s, CT_EINVAL, "a transaction is already open");
	if (!ct_store_is_pg(s) && (rc = exec(s, BATCH_PRAGMAS)) != CT_OK)
		return rc;
	ct_store_names_clear(s);
	ct_store_pending_clear(s);
	ct_store_txn_over(s, false);
	/*
	 * On PostgreSQL a batch does not take the write lock at its start:
	 * its documents, texts and claims are rows of its own (a document
	 * stored by another writer meanwhile is not inserted: ON CONFLICT),
	 * so that two processes write their batches at once. The lock is
	 * taken when the batch is to create a row others may create too (a
	 * new speaker or outlet, the rules: ct_store_write_lock()), which
	 * then waits for the batch of another writer that holds it to commit.
	 * With one writer holding it for whole batches, two processes were
	 * slower than one (bench/run --pg).
	 */
	if (ct_store_is_pg(s)) {
		/* The keys the server holds, noted once before the first
		 * batch of an ingest (store_bands.c). */
		if (s->defer_ids && (rc = ct_store_bands_pg_start(s)) != CT_OK)
			return rc;
		if ((rc = exec(s, "BEGIN")) == CT_OK)
			s->lazy_lock = true;
		s->locked = false;
		return rc;
	}
	return exec(s, "BEGIN IMMEDIATE");
}

int ct_store_commit(struct ct_store *s)
{
	int rc;

	if (!s)
		return CT_EINVAL;
	s->errmsg[0] = '\0';
	/* A document that failed inside the batch rolled all of it back. */
	if (db_autocommit(s->db)) {
		s->synced = NULL;
		ct_store_txn_over(s, false);
		s->bands_lost = true;
		s->pg_bands_lost = true;
		s->lazy_lock = s->locked = false;
		return ct_store_fail(s, CT_EDB, "the transaction was rolled back");
	}
	if ((rc = ct_store_bands_copy(s)) != CT_OK || (rc = exec(s, "COMMIT")) != CT_OK)
		ct_store_rollback(s);
	ct_store_txn_over(s, rc == CT_OK);
	ct_store_names_clear(s);
	ct_store_pending_clear(s);
	s->lazy_lock = s->locked = false;
	return rc;
}

bool ct_store_busy(const struct ct_store *s)
{
	return s && ct_store_is_pg(s) && (s->sqlite_rc & 0xff) == DB_BUSY;
}

void ct_store_rollback(struct ct_store *s)
{
	if (!s || db_autocommit(s->db))
		return;
	db_exec(s->db, "ROLLBACK");
	/* The rules recorded in the batch went with it, and the rows named,
	 * and the band keys held. */
	s->synced = NULL;
	ct_store_txn_over(s, false);
	s->bands_lost = true;
	s->pg_bands_lost = true;
	ct_store_names_clear(s);
	ct_store_pending_clear(s);
	s->lazy_lock = s->locked = false;
}
