/*
 * The driver's PostgreSQL half (db.h): statements written with SQLite's
 * placeholders run through libpq.
 *
 * libpq is loaded with dlopen() on the first connection, as libcurl is
 * (src/fetch/curl_lazy.c): linking it outright would bring its twenty-odd
 * libraries (TLS, GSSAPI, LDAP) into the start of every run, for the
 * SQLite users too.
 */
#include "store/db_driver.h"
#include "base/base.h"

#include <dlfcn.h>
#include <libpq-fe.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/*
 * SQLite's BEGIN IMMEDIATE, a transaction that holds the database's one
 * write lock from its start: a transaction that holds an advisory lock
 * of claimtrack's until it ends. Writers take turns, as on SQLite, so
 * that two never wait on each other's rows in opposite orders (no
 * deadlock) and one's look-ups see what the one before wrote; readers
 * never wait, and writers work on their documents in parallel up to the
 * store.
 */
#define PG_WRITE_LOCK "SELECT pg_advisory_xact_lock(1131174988)"
#define PG_BEGIN_WRITE "BEGIN; " PG_WRITE_LOCK

/* The oldest server the schema's SQL runs on. */
#define PG_MIN_VERSION 120000

/* The OIDs of the types read as numbers and as bytes, and of text (pg_type.dat). */
enum { OID_BOOL = 16, OID_BYTEA = 17, OID_INT8 = 20, OID_INT2 = 21, OID_INT4 = 23,
       OID_TEXT = 25, OID_FLOAT4 = 700, OID_FLOAT8 = 701, OID_NUMERIC = 1700 };

/* ---- libpq, loaded on first use ---- */

static struct {
	PGconn *(*connectdb_params)(const char *const *keys, const char *const *values, int expand);
	ConnStatusType (*status)(const PGconn *conn);
	char *(*error_message)(const PGconn *conn);
	void (*finish)(PGconn *conn);
	PGresult *(*exec)(PGconn *conn, const char *sql);
	PGresult *(*exec_params)(PGconn *conn, const char *sql, int n, const Oid *types,
				 const char *const *values, const int *lengths, const int *formats,
				 int result_format);
	PGresult *(*prepare)(PGconn *conn, const char *name, const char *sql, int n,
			     const Oid *types);
	PGresult *(*exec_prepared)(PGconn *conn, const char *name, int n, const char *const *values,
				   const int *lengths, const int *formats, int result_format);
	ExecStatusType (*result_status)(const PGresult *res);
	char *(*result_error_field)(const PGresult *res, int field);
	void (*clear)(PGresult *res);
	int (*ntuples)(const PGresult *res);
	int (*nfields)(const PGresult *res);
	char *(*getvalue)(const PGresult *res, int row, int col);
	int (*getlength)(const PGresult *res, int row, int col);
	int (*getisnull)(const PGresult *res, int row, int col);
	Oid (*ftype)(const PGresult *res, int col);
	char *(*fname)(const PGresult *res, int col);
	char *(*cmd_tuples)(PGresult *res);
	unsigned char *(*unescape_bytea)(const unsigned char *from, size_t *to_len);
	void (*freemem)(void *p);
	PGTransactionStatusType (*transaction_status)(const PGconn *conn);
	int (*server_version)(const PGconn *conn);
	PQnoticeProcessor (*set_notice_processor)(PGconn *conn, PQnoticeProcessor fn, void *arg);
	int (*send_query_params)(PGconn *conn, const char *sql, int n, const Oid *types,
				 const char *const *values, const int *lengths, const int *formats,
				 int result_format);
	int (*send_query_prepared)(PGconn *conn, const char *name, int n, const char *const *values,
				   const int *lengths, const int *formats, int result_format);
	int (*set_single_row_mode)(PGconn *conn);
	PGresult *(*get_result)(PGconn *conn);
	int (*put_copy_data)(PGconn *conn, const char *buffer, int nbytes);
	int (*put_copy_end)(PGconn *conn, const char *errormsg);
	/* libpq 17's PQsetChunkedRowsMode, NULL before (Debian 12 has libpq 15). */
	int (*set_chunked_rows_mode)(PGconn *conn, int chunk);
} pq;

/* libpq 14's pipeline mode, when the library has it (else every statement
 * waits for its result: db_step_deferred() is db_step()). */
static struct {
	int (*enter)(PGconn *conn);
	int (*exit)(PGconn *conn);
	int (*sync)(PGconn *conn);
	int (*send_prepared)(PGconn *conn, const char *name, int n, const char *const *values,
			     const int *lengths, const int *formats, int result_format);
	int (*send_params)(PGconn *conn, const char *sql, int n, const Oid *types,
			   const char *const *values, const int *lengths, const int *formats,
			   int result_format);
	PGresult *(*get_result)(PGconn *conn);
} pqp;

static const char *const pqp_names[] = {
	"PQenterPipelineMode", "PQexitPipelineMode", "PQpipelineSync", "PQsendQueryPrepared",
	"PQsendQueryParams", "PQgetResult",
};

static const char *const pq_names[] = {
	"PQconnectdbParams", "PQstatus", "PQerrorMessage", "PQfinish", "PQexec", "PQexecParams",
	"PQprepare", "PQexecPrepared", "PQresultStatus", "PQresultErrorField", "PQclear",
	"PQntuples", "PQnfields", "PQgetvalue", "PQgetlength", "PQgetisnull", "PQftype", "PQfname",
	"PQcmdTuples", "PQunescapeBytea", "PQfreemem", "PQtransactionStatus", "PQserverVersion",
	"PQsetNoticeProcessor", "PQsendQueryParams", "PQsendQueryPrepared", "PQsetSingleRowMode",
	"PQgetResult", "PQputCopyData", "PQputCopyEnd",
};

static pthread_once_t pq_once = PTHREAD_ONCE_INIT;
static const char *pq_failure;

static void pq_load(void)
{
	void (**slot)(void) = (void (**)(void))&pq;
	void *lib = dlopen("libpq.so.5", RTLD_NOW | RTLD_LOCAL);

	if (!lib) {
		pq_failure = "libpq.so.5 cannot be loaded (install libpq5)";
		return;
	}
	for (size_t i = 0; i < sizeof pq_names / sizeof *pq_names; i++) {
		void *sym = dlsym(lib, pq_names[i]);
		if (!sym) {
			pq_failure = "libpq.so.5 lacks a function claimtrack needs";
			return;
		}
		*(void **)&slot[i] = sym;
	}
	*(void **)&pq.set_chunked_rows_mode = dlsym(lib, "PQsetChunkedRowsMode");
	slot = (void (**)(void))&pqp;
	for (size_t i = 0; i < sizeof pqp_names / sizeof *pqp_names; i++) {
		void *sym = dlsym(lib, pqp_names[i]);
		if (!sym) {
			memset(&pqp, 0, sizeof pqp);
			return;
		}
		*(void **)&slot[i] = sym;
	}
}

/* ---- connections ---- */

struct pg_conn {
	PGconn *conn;
	int errcode;
	char errmsg[512];
	int64_t changes;
	unsigned next_name;                 /* of the next prepared statement */
	struct pg_stmt *reading;            /* a streamed statement with rows still to come */
	bool piped;                         /* in pipeline mode, with statements sent */
	int queued;                         /* deferred statements sent, results unread */
};

/* The most deferred statements sent before their results are read: each
 * result waits in the socket's buffers until then, and a server whose
 * buffer is full stops reading what is sent to it. */
#define PIPE_MAX 256

struct pg_param {
	struct ct_buf value;
	bool null, binary;
};

struct pg_stmt {
	char *sql;                          /* with $N placeholders */
	char name[16];                      /* server-side statement; "" for one-off */
	bool begin;                         /* BEGIN IMMEDIATE: a BEGIN */
	unsigned runs;                      /* of a one-off statement, up to 2 */
	int n_params;
	struct pg_param *params;
	char **names;                       /* of named parameters, by index - 1 */
	size_t cap_names;
	const char **values;                /* what PQexec* is handed, by index - 1 */
	int *lengths, *formats;
	unsigned char *used;                /* whether the SQL names parameter index - 1 */
	size_t cap_used;
	Oid *types;                         /* by index - 1: 0 (the server infers it) or text */
	PGresult *res;
	bool ran;                           /* since the last reset: res is its result */
	bool stream;                        /* rows read as they come (db_stream()) */
	int row, n_rows;
	struct pg_blob {                    /* the decoded bytea of row blob_row, by column */
		unsigned char *p;
		size_t len;
	} *blobs;
	size_t cap_blobs;
	int blob_row;
};

static int fail(struct db *db, int code, const char *msg)
{
	struct pg_conn *c = db->pg;
	size_t n;

	/* libpq's messages end in a newline and may hold several lines: the
	 * first says what happened. */
	n = strcspn(msg, "\n");
	if (n >= sizeof c->errmsg)
		n = sizeof c->errmsg - 1;
	memcpy(c->errmsg, msg, n);
	c->errmsg[n] = '\0';
	c->errcode = code;
	return code;
}

/* Strips libpq's "FATAL:  " or "ERROR:  " from a connection's message. */
static const char *conn_message(PGconn *conn)
{
	const char *m = conn ? pq.error_message(conn) : "out of memory";
	const char *p;

	/* "connection to server at ... failed: FATAL:  password ...": the
	 * reason after the last severity is the part that says what to do. */
	for (const char *tag = "FATAL:  "; (p = strstr(m, tag)) != NULL; m = p + strlen(tag))
		;
	return m;
}

/* The code of a failed result, from its SQLSTATE. */
static int result_code(struct db *db, const PGresult *res)
{
	const char *state = res ? pq.result_error_field(res, PG_DIAG_SQLSTATE) : NULL;

	if (pq.status(db->pg->conn) == CONNECTION_BAD || !state)
		return DB_IOERR;
	if (!strncmp(state, "23", 2))
		return DB_CONSTRAINT;
	if (!strcmp(state, "40001") || !strcmp(state, "40P01") || !strcmp(state, "55P03"))
		return DB_BUSY;
	if (!strcmp(state, "53100"))
		return DB_FULL;
	if (!strcmp(state, "53200"))
		return DB_NOMEM;
	if (!strcmp(state, "25006"))
		return DB_READONLY;
	if (!strncmp(state, "08", 2) || !strncmp(state, "57P", 3))
		return DB_IOERR;
	return DB_ERROR;
}

/* Records the failure of res (may be NULL: the connection's) and returns its code. */
static int result_fail(struct db *db, const PGresult *res)
{
	const char *msg = res ? pq.result_error_field(res, PG_DIAG_MESSAGE_PRIMARY) : NULL;
	int code = result_code(db, res);

	if (pq.status(db->pg->conn) == CONNECTION_BAD)
		return fail(db, code, "the connection to the server was lost");
	return fail(db, code, msg ? msg : conn_message(db->pg->conn));
}

/* ---- pipeline mode: statements whose results can wait ---- */

/*
 * Leaves pipeline mode: reads the results of the deferred statements sent
 * and, when own is not NULL, of the statement sent after them (*own, to
 * clear; NULL on failure), up to the sync point. Returns the first
 * failure's code, recorded on the connection: a statement that failed
 * aborts those after it (PGRES_PIPELINE_ABORTED), and its transaction.
 */
static int pipe_end(struct db *db, PGresult **own)
{
	struct pg_conn *c = db->pg;
	int rc = DB_OK, n = c->queued + (own != NULL);
	PGresult *res;

	if (own)
		*own = NULL;
	if (!c->piped)
		return DB_OK;
	c->piped = false;
	c->queued = 0;
	if (!pqp.sync(c->conn))
		return result_fail(db, NULL);
	for (int i = 0; i < n; i++) {
		ExecStatusType status;

		if (!(res = pqp.get_result(c->conn))) {
			if (rc == DB_OK)
				rc = result_fail(db, NULL);
			return rc;
		}
		status = pq.result_status(res);
		if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
			if (rc == DB_OK && status != PGRES_PIPELINE_ABORTED)
				rc = result_fail(db, res);
			pq.clear(res);
		} else if (own && i == n - 1 && rc == DB_OK) {
			*own = res;
		} else {
			pq.clear(res);
		}
		/* Each statement's results end with a NULL. */
		while ((res = pqp.get_result(c->conn)) != NULL)
			pq.clear(res);
	}
	res = pqp.get_result(c->conn);
	if (pq.result_status(res) != PGRES_PIPELINE_SYNC && rc == DB_OK)
		rc = result_fail(db, res);
	pq.clear(res);
	if (!pqp.exit(c->conn) && rc == DB_OK)
		rc = result_fail(db, NULL);
	if (rc != DB_OK && own) {
		pq.clear(*own);
		*own = NULL;
	}
	return rc;
}

/* Sends statement p, its values set, in pipeline mode, entering it. */
static int pipe_send(struct db *db, struct pg_stmt *p)
{
	struct pg_conn *c = db->pg;
	int ok;

	if (!c->piped) {
		if (!pqp.enter(c->conn))
			return result_fail(db, NULL);
		c->piped = true;
	}
	if (p->name[0])
		ok = pqp.send_prepared(c->conn, p->name, p->n_params, p->values, p->lengths,
				       p->formats, 0);
	else
		ok = pqp.send_params(c->conn, p->sql, p->n_params, p->types, p->values, p->lengths,
				     p->formats, 0);
	return ok ? DB_OK : result_fail(db, NULL);
}

static void no_notices(void *arg, const char *message)
{
	(void)arg;
	(void)message;
}

bool pg_version_ok(int version, char *msg, size_t n)
{
	char v[32];

	if (version >= PG_MIN_VERSION)
		return true;
	/* PQserverVersion: 150004 is 15.4 since version 10, 90605 was 9.6.5. */
	if (version >= 100000)
		snprintf(v, sizeof v, "%d.%d", version / 10000, version % 10000);
	else if (version > 0)
		snprintf(v, sizeof v, "%d.%d.%d", version / 10000, version / 100 % 100, version % 100);
	else
		snprintf(v, sizeof v, "of an unknown version");
	snprintf(msg, n, "the server is PostgreSQL %s; claimtrack needs %d or newer (upgrade the "
		 "server, or use a SQLite file)", v, PG_MIN_VERSION / 10000);
	return false;
}

int pg_open(const char *conninfo, struct db *db)
{
	/* The URL's own settings win over the first two; the encoding is ours. */
	static const char *const keys[] = { "application_name", "connect_timeout", "dbname",
					    "client_encoding", NULL };
	const char *values[] = { "claimtrack", "10", conninfo, "UTF8", NULL };
	struct pg_conn *c = calloc(1, sizeof *c);
	char msg[160];

	if (!c)
		return DB_NOMEM;
	db->pg = c;
	pthread_once(&pq_once, pq_load);
	if (pq_failure)
		return fail(db, DB_CANTOPEN, pq_failure);
	c->conn = pq.connectdb_params(keys, values, 1);
	if (!c->conn || pq.status(c->conn) != CONNECTION_OK)
		return fail(db, DB_CANTOPEN, conn_message(c->conn));
	pq.set_notice_processor(c->conn, no_notices, NULL);
	if (!pg_version_ok(pq.server_version(c->conn), msg, sizeof msg))
		return fail(db, DB_CANTOPEN, msg);
	return DB_OK;
}

void pg_close(struct db *db)
{
	if (!db->pg)
		return;
	if (db->pg->conn)
		pq.finish(db->pg->conn);
	free(db->pg);
	db->pg = NULL;
}

const char *pg_errmsg(struct db *db)
{
	return db->pg ? db->pg->errmsg : "out of memory";
}

int pg_errcode(struct db *db)
{
	return db->pg ? db->pg->errcode : DB_NOMEM;
}

/*
 * Whether the connection is free for statement self (NULL: any): while a
 * streamed statement has rows to come, nothing else runs on it (libpq
 * reads one query's results at a time).
 */
static int check_free(struct db *db, const struct pg_stmt *self)
{
	if (db->pg->reading && db->pg->reading != self)
		return fail(db, DB_MISUSE, "a streamed statement is still reading its rows: finish "
			    "or reset it before running another");
	return DB_OK;
}

/* The results deferred read, and no stream reading: the connection ready
 * for a statement that waits for its own. */
static int ready(struct db *db)
{
	int rc;

	if (db->pg->piped && (rc = pipe_end(db, NULL)) != DB_OK)
		return rc;
	return check_free(db, NULL);
}

/* Runs SQL without parameters and results; *res_out (may be NULL) gets
 * its result, to clear. */
static int run(struct db *db, const char *sql, PGresult **res_out)
{
	PGresult *res;
	ExecStatusType status;
	int rc = DB_OK;

	/* What was deferred is read first; its failure is this statement's,
	 * but a ROLLBACK still runs. */
	if (db->pg->piped && (rc = pipe_end(db, NULL)) != DB_OK && strncmp(sql, "ROLLBACK", 8))
		return rc;
	if ((rc = check_free(db, NULL)) != DB_OK)
		return rc;
	res = pq.exec(db->pg->conn, sql);
	status = res ? pq.result_status(res) : PGRES_FATAL_ERROR;
	rc = DB_OK;

	if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK)
		rc = result_fail(db, res);
	else
		db->pg->errcode = DB_OK;
	if (rc == DB_OK && res_out)
		*res_out = res;
	else
		pq.clear(res);
	return rc;
}

int pg_exec(struct db *db, const char *sql)
{
	return run(db, strcmp(sql, "BEGIN IMMEDIATE") ? sql : PG_BEGIN_WRITE, NULL);
}

/* libpq takes the data of a COPY in pieces of an int's size at most. */
#define COPY_PIECE (1 << 20)

int pg_copy_in(struct db *db, const char *sql, const void *data, size_t len)
{
	const char *p = data;
	PGresult *res;
	int rc;

	if ((rc = ready(db)) != DB_OK)
		return rc;
	res = pq.exec(db->pg->conn, sql);
	if (!res || pq.result_status(res) != PGRES_COPY_IN) {
		rc = res && pq.result_status(res) != PGRES_FATAL_ERROR
			     ? fail(db, DB_MISUSE, "not a COPY … FROM STDIN")
			     : result_fail(db, res);
		pq.clear(res);
		return rc;
	}
	pq.clear(res);
	for (size_t off = 0; off < len; off += COPY_PIECE) {
		int n = (int)(len - off < COPY_PIECE ? len - off : COPY_PIECE);
		if (pq.put_copy_data(db->pg->conn, p + off, n) != 1)
			break;
	}
	/* A failure to send shows in the result, as does the server's. */
	rc = pq.put_copy_end(db->pg->conn, NULL) == 1 ? DB_OK : result_fail(db, NULL);
	while ((res = pq.get_result(db->pg->conn)) != NULL) {
		if (rc == DB_OK && pq.result_status(res) != PGRES_COMMAND_OK)
			rc = result_fail(db, res);
		pq.clear(res);
	}
	if (rc == DB_OK)
		db->pg->errcode = DB_OK;
	return rc;
}

int pg_write_lock(struct db *db)
{
	return run(db, PG_WRITE_LOCK, NULL);
}

bool pg_autocommit(struct db *db)
{
	PGTransactionStatusType t;

	/* Statements are deferred inside a transaction only. */
	if (db->pg->piped)
		return false;
	t = pq.transaction_status(db->pg->conn);
	return t != PQTRANS_INTRANS && t != PQTRANS_INERROR;
}

int64_t pg_last_insert_id(struct db *db)
{
	PGresult *res;
	int64_t id = 0;

	if (run(db, "SELECT lastval()", &res) != DB_OK)
		return 0;
	if (pq.ntuples(res) == 1)
		id = strtoll(pq.getvalue(res, 0, 0), NULL, 10);
	pq.clear(res);
	return id;
}

int64_t pg_changes(struct db *db)
{
	return db->pg->changes;
}

/* ---- statements ---- */

/* The index of named parameter name[0, len) in p, adding it when new
 * (SQLite's numbering: the next after the highest so far); -1 when out
 * of memory. */
static int name_index(struct pg_stmt *p, const char *name, size_t len, int *max)
{
	for (int i = 0; i < *max; i++)
		if (p->names[i] && strlen(p->names[i]) == len && !memcmp(p->names[i], name, len))
			return i + 1;
	if (!CT_VEC_RESERVE(p->names, p->cap_names, (size_t)*max + 1))
		return -1;
	p->names[*max] = strndup(name, len);
	if (!p->names[*max])
		return -1;
	return ++*max;
}

static bool is_name_start(char c)
{
	return c == '_' || ((c | 32) >= 'a' && (c | 32) <= 'z');
}

/* Whether c starts the word w, ending there. */
static bool at_word(const char *sql, const char *c, const char *w)
{
	size_t n = strlen(w);

	return (c == sql || !(is_name_start(c[-1]) || (c[-1] >= '0' && c[-1] <= '9'))) &&
	       !strncmp(c, w, n) && !is_name_start(c[n]) && !(c[n] >= '0' && c[n] <= '9');
}

/* Whether "WHERE 1" ends where its next word, at c, is: the 1 is the
 * whole filter, not the start of an expression. */
static bool where_one_ends(const char *c)
{
	while (*c == ' ' || *c == '\n' || *c == '\t')
		c++;
	return !*c || *c == ')' || !strncmp(c, "AND ", 4) || !strncmp(c, "ORDER ", 6) ||
	       !strncmp(c, "GROUP ", 6) || !strncmp(c, "LIMIT ", 6);
}

/*
 * SQLite's words that PostgreSQL has not, where they mean nothing to the
 * result: the planner's hints (INDEXED BY name, NOT INDEXED) go, "WHERE
 * 1" (a filter that lets every row through, for ANDs to follow) is WHERE
 * true, and a rowid is the id it stands for (every table the store reads
 * by rowid has an INTEGER PRIMARY KEY id). Returns the length of SQL at c
 * that was handled, appending what stands for it; 0 when none.
 */
static size_t translate_word(const char *sql, const char *c, struct ct_buf *out, int *err)
{
	size_t n = 0;

	if (at_word(sql, c, "INDEXED") && !strncmp(c, "INDEXED BY ", 11)) {
		n = 11;
		while (is_name_start(c[n]) || (c[n] >= '0' && c[n] <= '9'))
			n++;
	} else if (at_word(sql, c, "NOT") && !strncmp(c, "NOT INDEXED", 11) && at_word(sql, c + 4, "INDEXED")) {
		n = 11;
	} else if (at_word(sql, c, "WHERE") && !strncmp(c, "WHERE 1", 7) && at_word(sql, c + 6, "1") &&
		   where_one_ends(c + 7)) {
		n = 7;
		*err = ct_buf_adds(out, "WHERE true");
	} else if (at_word(sql, c, "rowid")) {
		n = 5;
		*err = ct_buf_adds(out, "id");
	}
	return n;
}

/*
 * Rewrites SQLite's placeholders (?, ?N, :name, @name) to PostgreSQL's
 * $N, numbered as SQLite numbers them, outside quotes and comments; a
 * "::" cast stays. Sets p->sql and p->n_params; DB_NOMEM or DB_RANGE.
 */
static int rewrite(struct pg_stmt *p, const char *sql)
{
	struct ct_buf out = CT_BUF_INIT(0);
	int max = 0, rc = DB_NOMEM;
	char quote = 0;

	for (const char *c = sql; *c; c++) {
		int idx = 0, word_err = 0;
		size_t n_word;

		if (quote) {
			if (*c == quote)
				quote = 0;
		} else if (*c == '\'' || *c == '"') {
			quote = *c;
		} else if (c[0] == '-' && c[1] == '-') {
			size_t n = strcspn(c, "\n");
			if (ct_buf_add(&out, c, n))
				goto out;
			c += n;
			if (!*c)
				break;
		} else if ((n_word = translate_word(sql, c, &out, &word_err)) > 0) {
			if (word_err)
				goto out;
			c += n_word - 1;
			continue;
		} else if (*c == '?') {
			char *end;
			long n = strtol(c + 1, &end, 10);
			if (end == c + 1)
				n = max + 1;
			if (n < 1 || n > 32766) {
				rc = DB_RANGE;
				goto out;
			}
			/* ?NNN's NNN may be above every earlier one: the ones between
			 * exist, unnamed, as in SQLite. */
			if (!CT_VEC_RESERVE(p->names, p->cap_names, (size_t)n))
				goto out;
			for (int i = max; i < n; i++)
				p->names[i] = NULL;
			idx = (int)n;
			c = end - 1;
		} else if ((*c == ':' || *c == '@') && (c == sql || c[-1] != ':') && is_name_start(c[1])) {
			size_t n = 1;
			while (is_name_start(c[n]) || (c[n] >= '0' && c[n] <= '9'))
				n++;
			if ((idx = name_index(p, c, n, &max)) < 0)
				goto out;
			c += n - 1;
		}
		if (idx) {
			if (!CT_VEC_RESERVE(p->used, p->cap_used, (size_t)idx))
				goto out;
			for (int i = max; i < idx; i++)
				p->used[i] = 0;
			p->used[idx - 1] = 1;
			if (idx > max)
				max = idx;
			if (ct_buf_addf(&out, "$%d", idx))
				goto out;
		} else if (ct_buf_addc(&out, *c)) {
			goto out;
		}
	}
	if (!(p->sql = ct_buf_detach(&out, NULL)))
		goto out;
	p->n_params = max;
	return DB_OK;
out:
	ct_buf_release(&out);
	for (int i = 0; i < max; i++)
		free(p->names[i]);
	return rc;
}

/* Prepares p on the server, under a name of its own. */
static int server_prepare(struct db *db, struct pg_stmt *p)
{
	PGresult *res;
	int rc;

	if ((rc = ready(db)) != DB_OK)
		return rc;
	snprintf(p->name, sizeof p->name, "ct%u", db->pg->next_name++);
	res = pq.prepare(db->pg->conn, p->name, p->sql, p->n_params, p->types);
	if (!res || pq.result_status(res) != PGRES_COMMAND_OK) {
		rc = result_fail(db, res);
		pq.clear(res);
		p->name[0] = '\0';
		return rc;
	}
	pq.clear(res);
	return DB_OK;
}

int pg_prepare(struct db *db, const char *sql, bool persistent, struct db_stmt *st)
{
	struct pg_stmt *p = calloc(1, sizeof *p);
	int rc;

	if (!p)
		return DB_NOMEM;
	st->pg = p;
	p->row = -1;
	p->blob_row = -1;
	p->begin = !strcmp(sql, "BEGIN IMMEDIATE");
	if ((rc = rewrite(p, sql)) != DB_OK)
		return fail(db, rc, rc == DB_NOMEM ? "out of memory" : "bad parameter number");
	if (p->n_params) {
		p->params = calloc((size_t)p->n_params, sizeof *p->params);
		p->values = calloc((size_t)p->n_params, sizeof *p->values);
		p->lengths = calloc((size_t)p->n_params, sizeof *p->lengths);
		p->formats = calloc((size_t)p->n_params, sizeof *p->formats);
		p->types = calloc((size_t)p->n_params, sizeof *p->types);
		if (!p->params || !p->values || !p->lengths || !p->formats || !p->types)
			return fail(db, DB_NOMEM, "out of memory");
		for (int i = 0; i < p->n_params; i++) {
			ct_buf_init(&p->params[i].value, 0);
			p->params[i].null = true;
			/* SQLite lets a statement skip a number (?1 and ?3, no ?2);
			 * PostgreSQL must know every parameter's type: one the SQL
			 * never names is text, whatever is bound to it. */
			p->types[i] = p->used[i] ? 0 : OID_TEXT;
		}
	}
	/* A statement run again and again is prepared on the server once; a
	 * one-off one goes with its parameters in one round trip (and is
	 * prepared when it is run a second time: execute()). */
	if (persistent && !p->begin)
		return server_prepare(db, p);
	return DB_OK;
}

int pg_bind(struct db_stmt *st, int i, const void *v, int64_t len, bool binary)
{
	struct pg_stmt *p = st->pg;
	struct pg_param *a;

	if (i < 1 || i > p->n_params)
		return fail(st->db, DB_RANGE, "column index out of range");
	a = &p->params[i - 1];
	ct_buf_reset(&a->value);
	a->null = v == NULL;
	a->binary = binary;
	/* ct_buf keeps text NUL-terminated, as libpq wants it. */
	if (v && (ct_buf_reserve(&a->value, (size_t)len) || ct_buf_add(&a->value, v, (size_t)len)))
		return fail(st->db, DB_NOMEM, "out of memory");
	return DB_OK;
}

int pg_bind_parameter_count(struct db_stmt *st)
{
	return st->pg->n_params;
}

int pg_bind_parameter_index(struct db_stmt *st, const char *name)
{
	for (int i = 0; i < st->pg->n_params; i++)
		if (st->pg->names[i] && !strcmp(st->pg->names[i], name))
			return i + 1;
	return 0;
}

/* Frees the decoded bytea values of the row read last. */
static void free_blobs(struct pg_stmt *p)
{
	for (size_t i = 0; i < p->cap_blobs; i++) {
		if (p->blobs[i].p)
			pq.freemem(p->blobs[i].p);
		p->blobs[i].p = NULL;
	}
	p->blob_row = -1;
}

/* Reads and drops what is left of a streamed statement's results. */
static void drain(struct db *db, struct pg_stmt *p)
{
	PGresult *res;

	if (db->pg->reading != p)
		return;
	while ((res = pq.get_result(db->pg->conn)) != NULL)
		pq.clear(res);
	db->pg->reading = NULL;
}

static void drop_result(struct db *db, struct pg_stmt *p)
{
	drain(db, p);
	pq.clear(p->res);
	p->res = NULL;
	p->ran = false;
	p->row = -1;
	p->n_rows = 0;
	free_blobs(p);
}

/* Rows of a streamed statement come in chunks of this many (libpq 17), else one by one. */
#define PG_CHUNK_ROWS 1024

/*
 * Sends a streamed statement, its parameters set: its rows are read as
 * they come, a chunk (libpq 17's chunked mode) or a row (single-row mode)
 * at a time, so that a scan of a million claims never holds them all.
 */
static int send_stream(struct db_stmt *st)
{
	struct pg_stmt *p = st->pg;
	struct db *db = st->db;
	int sent;

	if (p->name[0])
		sent = pq.send_query_prepared(db->pg->conn, p->name, p->n_params, p->values,
					      p->lengths, p->formats, 0);
	else
		sent = pq.send_query_params(db->pg->conn, p->sql, p->n_params, p->types, p->values,
					    p->lengths, p->formats, 0);
	if (!sent)
		return result_fail(db, NULL);
	if (pq.set_chunked_rows_mode ? !pq.set_chunked_rows_mode(db->pg->conn, PG_CHUNK_ROWS)
				     : !pq.set_single_row_mode(db->pg->conn)) {
		db->pg->reading = p;
		drain(db, p);
		return fail(db, DB_ERROR, "cannot read the rows as they come");
	}
	db->pg->reading = p;
	db->pg->errcode = DB_OK;
	p->ran = true;
	p->res = NULL;
	p->row = -1;
	p->n_rows = 0;
	return DB_OK;
}

/* libpq 17's PGRES_TUPLES_CHUNK, which libpq 15's header does not name. */
#define PG_TUPLES_CHUNK 12

/* The next row of a streamed statement. */
static int step_stream(struct db_stmt *st)
{
	struct pg_stmt *p = st->pg;
	struct db *db = st->db;
	PGresult *res;
	ExecStatusType status;

	if (p->row + 1 < p->n_rows) {
		p->row++;
		return DB_ROW;
	}
	if (db->pg->reading != p)
		return DB_DONE;
	free_blobs(p);
	pq.clear(p->res);
	p->res = NULL;
	p->row = -1;
	p->n_rows = 0;
	res = pq.get_result(db->pg->conn);
	status = res ? pq.result_status(res) : PGRES_FATAL_ERROR;
	if ((status == PGRES_SINGLE_TUPLE || (int)status == PG_TUPLES_CHUNK) && pq.ntuples(res) > 0) {
		p->res = res;
		p->n_rows = pq.ntuples(res);
		p->row = 0;
		return DB_ROW;
	}
	if (status == PGRES_TUPLES_OK || status == PGRES_COMMAND_OK) {
		/* The end: an empty result, then none. */
		p->res = res;
		drain(db, p);
		return DB_DONE;
	}
	int rc = result_fail(db, res);
	pq.clear(res);
	drain(db, p);
	return rc;
}

/* What PQexec* is handed for p's parameters as bound. */
static void set_values(struct pg_stmt *p)
{
	for (int i = 0; i < p->n_params; i++) {
		struct pg_param *a = &p->params[i];
		p->values[i] = a->null ? NULL : a->value.p;
		p->lengths[i] = a->null ? 0 : (int)a->value.len;
		p->formats[i] = a->binary;
	}
}

/* Runs the statement with its parameters, keeping every row it gives. */
static int execute(struct db_stmt *st)
{
	struct pg_stmt *p = st->pg;
	struct db *db = st->db;
	ExecStatusType status;
	PGresult *res;

	if (check_free(db, p) != DB_OK)
		return DB_MISUSE;
	if (p->begin) {
		int rc = run(db, PG_BEGIN_WRITE, NULL);
		p->ran = rc == DB_OK;
		return rc;
	}
	/* A one-off statement run a second time is run for each row of
	 * something (the report's claims, one by one): planned once on the
	 * server, instead of each time. At 100,000 claims the report's look-up
	 * of a claim took 0.9 ms to parse and plan and 0.07 ms to run. */
	if (!p->name[0] && p->runs++ == 1) {
		int rc = server_prepare(db, p);
		if (rc != DB_OK)
			return rc;
	}
	set_values(p);
	if (p->stream) {
		int rc = db->pg->piped ? pipe_end(db, NULL) : DB_OK;

		return rc != DB_OK ? rc : send_stream(st);
	}
	if (db->pg->piped) {
		/* Sent after the deferred ones, and read with theirs: one round trip. */
		int rc = pipe_send(db, p);
		if (rc != DB_OK || (rc = pipe_end(db, &res)) != DB_OK)
			return rc;
	} else if (p->name[0]) {
		res = pq.exec_prepared(db->pg->conn, p->name, p->n_params, p->values, p->lengths,
				       p->formats, 0);
	} else {
		res = pq.exec_params(db->pg->conn, p->sql, p->n_params, p->types, p->values, p->lengths,
				     p->formats, 0);
	}
	status = res ? pq.result_status(res) : PGRES_FATAL_ERROR;
	if (status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK) {
		int rc = result_fail(db, res);
		pq.clear(res);
		return rc;
	}
	db->pg->errcode = DB_OK;
	p->ran = true;
	p->res = res;
	p->row = -1;
	p->n_rows = status == PGRES_TUPLES_OK ? pq.ntuples(res) : 0;
	if (status == PGRES_COMMAND_OK)
		db->pg->changes = strtoll(pq.cmd_tuples(res), NULL, 10);
	return DB_OK;
}

int pg_step(struct db_stmt *st)
{
	struct pg_stmt *p = st->pg;
	int rc;

	if (!p->ran && (rc = execute(st)) != DB_OK)
		return rc;
	if (p->stream)
		return step_stream(st);
	if (p->row < p->n_rows)
		p->row++;
	return p->row < p->n_rows ? DB_ROW : DB_DONE;
}

int pg_step_deferred(struct db_stmt *st)
{
	struct pg_stmt *p = st->pg;
	struct db *db = st->db;
	int rc;

	if (!pqp.enter || p->begin || !p->name[0] || pg_autocommit(db))
		return pg_step(st);
	set_values(p);
	if ((rc = pipe_send(db, p)) != DB_OK)
		return rc;
	if (++db->pg->queued >= PIPE_MAX && (rc = pipe_end(db, NULL)) != DB_OK)
		return rc;
	db->pg->errcode = DB_OK;
	return DB_DONE;
}

int pg_reset(struct db_stmt *st)
{
	drop_result(st->db, st->pg);
	return DB_OK;
}

void pg_stream(struct db_stmt *st)
{
	st->pg->stream = !st->pg->begin;
}

int pg_clear_bindings(struct db_stmt *st)
{
	for (int i = 0; i < st->pg->n_params; i++) {
		ct_buf_reset(&st->pg->params[i].value);
		st->pg->params[i].null = true;
	}
	return DB_OK;
}

void pg_finalize(struct db_stmt *st)
{
	struct pg_stmt *p = st->pg;

	drop_result(st->db, p);
	/* A statement prepared on the server goes with it, unless the
	 * connection is gone, inside a failed transaction (where nothing
	 * runs) or in pipeline mode, or rows of a stream are still coming; the
	 * server forgets it at the end of the session. */
	if (p->name[0] && st->db->pg->conn && !st->db->pg->reading && !st->db->pg->piped &&
	    pq.transaction_status(st->db->pg->conn) != PQTRANS_INERROR &&
	    pq.status(st->db->pg->conn) == CONNECTION_OK) {
		char sql[32];
		snprintf(sql, sizeof sql, "DEALLOCATE %s", p->name);
		pq.clear(pq.exec(st->db->pg->conn, sql));
	}
	for (int i = 0; p->params && i < p->n_params; i++)
		ct_buf_release(&p->params[i].value);
	for (int i = 0; p->names && i < p->n_params; i++)
		free(p->names[i]);
	free(p->names);
	free(p->params);
	free(p->values);
	free(p->lengths);
	free(p->formats);
	free(p->blobs);
	free(p->used);
	free(p->types);
	free(p->sql);
	free(p);
}

/* ---- columns ---- */

static bool in_row(const struct pg_stmt *p, int i)
{
	return p->res && p->row >= 0 && p->row < p->n_rows && i >= 0 && i < pq.nfields(p->res);
}

int pg_column_count(struct db_stmt *st)
{
	return st->pg->res ? pq.nfields(st->pg->res) : 0;
}

bool pg_column_null(struct db_stmt *st, int i)
{
	return !in_row(st->pg, i) || pq.getisnull(st->pg->res, st->pg->row, i);
}

const char *pg_column_text(struct db_stmt *st, int i)
{
	if (pg_column_null(st, i))
		return NULL;
	return pq.getvalue(st->pg->res, st->pg->row, i);
}


const void *pg_column_blob(struct db_stmt *st, int i, int *len)
{
	struct pg_stmt *p = st->pg;
	const char *v = pg_column_text(st, i);

	if (len)
		*len = 0;
	if (!v)
		return NULL;
	if (pq.ftype(p->res, i) != OID_BYTEA) {
		if (len)
			*len = pq.getlength(p->res, p->row, i);
		return v;
	}
	/* Every column of the row read stays decoded until the next row:
	 * a caller may hold two at once, as SQLite lets it. */
	if (p->blob_row != p->row)
		free_blobs(p);
	if ((size_t)i >= p->cap_blobs) {
		size_t old = p->cap_blobs;
		if (!CT_VEC_RESERVE(p->blobs, p->cap_blobs, (size_t)pq.nfields(p->res)))
			return NULL;
		memset(p->blobs + old, 0, (p->cap_blobs - old) * sizeof *p->blobs);
	}
	if (!p->blobs[i].p &&
	    !(p->blobs[i].p = pq.unescape_bytea((const unsigned char *)v, &p->blobs[i].len)))
		return NULL;
	p->blob_row = p->row;
	if (len)
		*len = (int)p->blobs[i].len;
	return p->blobs[i].p;
}

int pg_column_bytes(struct db_stmt *st, int i)
{
	int len;

	pg_column_blob(st, i, &len);
	return len;
}

int pg_column_type(struct db_stmt *st, int i)
{
	if (pg_column_null(st, i))
		return DB_NULL;
	switch (pq.ftype(st->pg->res, i)) {
	case OID_BOOL: case OID_INT2: case OID_INT4: case OID_INT8:
		return DB_INTEGER;
	case OID_FLOAT4: case OID_FLOAT8: case OID_NUMERIC:
		return DB_FLOAT;
	case OID_BYTEA:
		return DB_BLOB;
	default:
		return DB_TEXT;
	}
}

const char *pg_column_name(struct db_stmt *st, int i)
{
	return st->pg->res && i >= 0 && i < pq.nfields(st->pg->res) ? pq.fname(st->pg->res, i) : NULL;
}
