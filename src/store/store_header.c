/*
 * Reading a database file's header before SQLite opens it, through
 * SQLite's own file layer. A plain open() and close() of the file would
 * drop every POSIX lock this process holds on it (locks belong to the
 * process, and any close() of the file releases them): the shared lock
 * each open WAL connection keeps. Then another process closing its
 * connection believes it is the last one, checkpoints and deletes the
 * -wal and -shm files under the connections still open here, and those
 * fail ("disk I/O error"). SQLite's unix layer knows the locks its
 * connections hold on a file and keeps such a descriptor open until they
 * go. Seen with `claimtrack serve`, the first command that opens several
 * connections to one file in one process.
 */
#include "store/store_internal.h"

#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

size_t ct_store_read_head(const char *path, unsigned char *buf, size_t n)
{
	sqlite3_vfs *vfs = sqlite3_vfs_find(NULL);
	sqlite3_file *f;
	sqlite3_int64 size = 0;
	int flags = 0, rc;

	if (!vfs || n > 65536 || !(f = calloc(1, (size_t)vfs->szOsFile)))
		return 0;
	if (vfs->xOpen(vfs, path, f, SQLITE_OPEN_READONLY | SQLITE_OPEN_MAIN_DB, &flags) !=
	    SQLITE_OK) {
		if (f->pMethods)
			f->pMethods->xClose(f);
		free(f);
		return 0;
	}
	rc = f->pMethods->xFileSize(f, &size);
	if (rc == SQLITE_OK && size < (sqlite3_int64)n)
		n = (size_t)size;
	if (rc != SQLITE_OK || (n && f->pMethods->xRead(f, buf, (int)n, 0) != SQLITE_OK))
		n = 0;
	f->pMethods->xClose(f);
	free(f);
	return n;
}
