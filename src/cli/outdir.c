/* Report folders written safely: see outdir.h. */
#include "cli.h"
#include "outdir.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#define LOCK_FILE ".nightly.lock"

/* The files a report folder or a reports folder holds: what a temporary may become. */
static const char *const known_files[] = {
	"index.html", "report.md", "report.json", "claims.csv", ".nightly-pending",
};

/*
 * The permissions a file made with open(..., 0666) would get. mkstemp and
 * mkdtemp make theirs for the owner alone; reports are read by others
 * (a web server). Read once: umask() sets it too, and no other thread
 * makes files while reports are written.
 */
static mode_t file_mode(bool dir)
{
	static bool read;
	static mode_t mask;

	if (!read) {
		mask = umask(0);
		umask(mask);
		read = true;
	}
	return (dir ? 0777 : 0666) & ~mask;
}

int outdir_write_file(const char *path, const char *shown, outdir_write_fn write, const void *arg)
{
	char tmp[OUTDIR_PATH_MAX + 64];
	FILE *f = NULL;
	int fd, rc, err = 0;

	if (!shown)
		shown = path;
	if ((size_t)snprintf(tmp, sizeof tmp, "%s.tmp-%ld-XXXXXX", path, (long)getpid()) >= sizeof tmp) {
		cli_error("cannot write '%s': %s", shown, strerror(ENAMETOOLONG));
		return EXIT_FAIL;
	}
	if ((fd = mkstemp(tmp)) < 0) {
		cli_error("cannot write '%s': %s", shown, strerror(errno));
		return EXIT_FAIL;
	}
	if (fchmod(fd, file_mode(false)) != 0 || !(f = fdopen(fd, "w"))) {
		cli_error("cannot write '%s': %s", shown, strerror(errno));
		close(fd);
		unlink(tmp);
		return EXIT_FAIL;
	}
	errno = 0;
	rc = write(arg, f);
	/* The first failed write says why; later ones and fclose() may not. */
	if (rc == CT_EIO || ferror(f))
		err = errno ? errno : EIO;
	if (fflush(f) != 0 && !err)
		err = errno;
	if (fclose(f) != 0 && !err)
		err = errno;
	if (rc == CT_OK && !err && rename(tmp, path) != 0)
		err = errno;
	if (rc == CT_OK && !err)
		return EXIT_OK;
	if (rc != CT_OK && rc != CT_EIO)
		cli_error("cannot write '%s': %s", shown, ct_strerror(rc));
	else
		cli_error("cannot write '%s': %s", shown, strerror(err));
	unlink(tmp);
	return EXIT_FAIL;
}

void outdir_trim(char *dir)
{
	size_t n = strlen(dir);

	while (n > 1 && dir[n - 1] == '/')
		dir[--n] = '\0';
}

int outdir_make(const char *dir)
{
	char buf[OUTDIR_PATH_MAX];
	size_t n = strlen(dir);

	if (n >= sizeof buf) {
		cli_error("cannot make folder '%s': %s", dir, strerror(ENAMETOOLONG));
		return EXIT_FAIL;
	}
	memcpy(buf, dir, n + 1);
	for (size_t i = 1; i <= n; i++) {
		if (buf[i] != '/' && buf[i] != '\0')
			continue;
		char c = buf[i];
		buf[i] = '\0';
		if (mkdir(buf, 0777) != 0 && errno != EEXIST) {
			cli_error("cannot make folder '%s': %s", buf, strerror(errno));
			return EXIT_FAIL;
		}
		buf[i] = c;
	}
	return EXIT_OK;
}

int outdir_stage_begin(struct outdir_stage *st, const char *dir)
{
	char parent[OUTDIR_PATH_MAX];
	const char *slash = strrchr(dir, '/');
	int fd;

	st->tmp[0] = '\0';
	if ((size_t)snprintf(st->dir, sizeof st->dir, "%s", dir) >= sizeof st->dir ||
	    (size_t)snprintf(st->tmp, sizeof st->tmp, "%s.tmp-%ld-XXXXXX", dir,
			     (long)getpid()) >= sizeof st->tmp) {
		st->tmp[0] = '\0';
		cli_error("cannot make folder '%s': %s", dir, strerror(ENAMETOOLONG));
		return EXIT_FAIL;
	}
	if (slash && slash != dir) {
		snprintf(parent, sizeof parent, "%.*s", (int)(slash - dir), dir);
		if (outdir_make(parent) != EXIT_OK) {
			st->tmp[0] = '\0';
			return EXIT_FAIL;
		}
	}
	if (!mkdtemp(st->tmp)) {
		cli_error("cannot make folder '%s': %s", dir, strerror(errno));
		st->tmp[0] = '\0';
		return EXIT_FAIL;
	}
	fd = open(st->tmp, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0 || fchmod(fd, file_mode(true)) != 0) {
		cli_error("cannot make folder '%s': %s", dir, strerror(errno));
		if (fd >= 0)
			close(fd);
		outdir_stage_discard(st);
		return EXIT_FAIL;
	}
	close(fd);
	return EXIT_OK;
}

int outdir_stage_publish(struct outdir_stage *st)
{
	if (rename(st->tmp, st->dir) != 0) {
		cli_error("cannot make folder '%s': %s", st->dir, strerror(errno));
		return EXIT_FAIL;
	}
	st->tmp[0] = '\0';
	return EXIT_OK;
}

/*
 * Whether name is a temporary's: BASE.tmp-PID or BASE.tmp-PID-XXXXXX (six
 * letters and digits, as mkstemp makes them). Sets *base_len and *pid.
 */
static bool temp_name(const char *name, size_t *base_len, long *pid)
{
	const char *t = NULL, *p;
	char *end;
	size_t n;

	for (p = strstr(name, ".tmp-"); p; p = strstr(p + 1, ".tmp-"))
		t = p;
	if (!t || t == name || t[5] < '1' || t[5] > '9')
		return false;
	errno = 0;
	*pid = strtol(t + 5, &end, 10);
	if (errno || *pid <= 0 || *pid > INT_MAX)
		return false;
	if (*end == '-') {
		n = strlen(end + 1);
		if (n != 6)
			return false;
		for (size_t i = 1; i <= n; i++)
			if (!((end[i] >= '0' && end[i] <= '9') || (end[i] >= 'a' && end[i] <= 'z') ||
			      (end[i] >= 'A' && end[i] <= 'Z')))
				return false;
	} else if (*end != '\0') {
		return false;
	}
	*base_len = (size_t)(t - name);
	return true;
}

/* Whether the process pid is gone: not this one, and kill() finds none. */
static bool dead(long pid)
{
	return pid != (long)getpid() && kill((pid_t)pid, 0) != 0 && errno == ESRCH;
}

static bool known_file(const char *name, size_t n)
{
	for (size_t i = 0; i < sizeof known_files / sizeof *known_files; i++)
		if (strlen(known_files[i]) == n && strncmp(known_files[i], name, n) == 0)
			return true;
	return false;
}

/* A speaker page's name in a report's speakers/ folder: lowercase ASCII
 * letters, digits and '-', then ".html" (ct_report_speaker_pages()). */
static bool page_file(const char *name, size_t n)
{
	if (n <= 5 || strncmp(name + n - 5, ".html", 5) != 0)
		return false;
	for (size_t i = 0; i < n - 5; i++)
		if (!((name[i] >= 'a' && name[i] <= 'z') || (name[i] >= '0' && name[i] <= '9') ||
		      name[i] == '-'))
			return false;
	return true;
}

/*
 * Removes the folder `name` in dfd when it holds only files that `ours`
 * accepts and their temporaries, all of which go; first, with `sub`, the
 * folder's own subfolder of that name in the same way (pages). The last
 * rmdir fails, and keeps the folder, when anything else is there.
 */
static void remove_folder(int dfd, const char *name, bool (*ours)(const char *, size_t),
			  const char *sub, bool (*sub_ours)(const char *, size_t))
{
	int fd = openat(dfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	DIR *d;
	struct dirent *de;

	if (fd < 0)
		return;
	if (!(d = fdopendir(fd))) {
		close(fd);
		return;
	}
	while ((de = readdir(d)) != NULL) {
		size_t base;
		long pid;
		if (ours(de->d_name, strlen(de->d_name)) ||
		    (temp_name(de->d_name, &base, &pid) && ours(de->d_name, base)))
			unlinkat(fd, de->d_name, 0);
	}
	if (sub)
		remove_folder(dirfd(d), sub, sub_ours, NULL, NULL);
	closedir(d);
	unlinkat(dfd, name, AT_REMOVEDIR);
}

static bool digits(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return n > 0;
}

/* YYYY-MM-DD or YYYY-MM-DD-N: the folders reports and nightly name. */
static bool dated(const char *s, size_t n)
{
	if (n < 10 || !digits(s, 4) || s[4] != '-' || !digits(s + 5, 2) || s[7] != '-' ||
	    !digits(s + 8, 2))
		return false;
	return n == 10 || (s[10] == '-' && digits(s + 11, n - 11));
}

/* Removes the folder `name` in dfd, a dead run's staged folder, when it
 * holds only report files, speaker pages and their temporaries. */
static void remove_staged(int dfd, const char *name)
{
	remove_folder(dfd, name, known_file, OUTDIR_SPEAKERS, page_file);
}

void outdir_clean(const char *folder, const char *base)
{
	int dfd = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	const char *last = strrchr(folder, '/');
	bool pages = strcmp(last ? last + 1 : folder, OUTDIR_SPEAKERS) == 0;
	DIR *d;
	struct dirent *de;

	if (dfd < 0)
		return;
	if (!(d = fdopendir(dfd))) {
		close(dfd);
		return;
	}
	while ((de = readdir(d)) != NULL) {
		struct stat st;
		size_t n;
		long pid;
		if (!temp_name(de->d_name, &n, &pid) ||
		    fstatat(dfd, de->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0)
			continue;
		if (S_ISDIR(st.st_mode)) {
			bool ours = base ? strlen(base) == n && strncmp(base, de->d_name, n) == 0
					 : dated(de->d_name, n);
			if (ours && dead(pid))
				remove_staged(dfd, de->d_name);
		} else if ((known_file(de->d_name, n) || (pages && page_file(de->d_name, n))) &&
			   dead(pid)) {
			unlinkat(dfd, de->d_name, 0);
		}
	}
	closedir(d);
}

void outdir_stage_discard(struct outdir_stage *st)
{
	char parent[OUTDIR_PATH_MAX];
	const char *slash;
	int dfd;

	if (!st->tmp[0])
		return;
	slash = strrchr(st->tmp, '/');
	if (!slash)
		snprintf(parent, sizeof parent, ".");
	else if (slash == st->tmp)
		snprintf(parent, sizeof parent, "/");
	else
		snprintf(parent, sizeof parent, "%.*s", (int)(slash - st->tmp), st->tmp);
	if ((dfd = open(parent, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) >= 0) {
		remove_staged(dfd, slash ? slash + 1 : st->tmp);
		close(dfd);
	}
	st->tmp[0] = '\0';
}

int outdir_lock(const char *root, int *fd_out)
{
	char path[OUTDIR_PATH_MAX + 32], held[32];
	int fd;
	ssize_t n;

	snprintf(path, sizeof path, "%s/%s", root, LOCK_FILE);
	if ((fd = open(path, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0666)) < 0) {
		cli_error("cannot open the lock file '%s': %s", path, strerror(errno));
		return EXIT_FAIL;
	}
	if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
		if (errno != EWOULDBLOCK) {
			cli_error("cannot lock '%s': %s", path, strerror(errno));
		} else if ((n = pread(fd, held, sizeof held - 1, 0)) > 0 &&
			   (held[n] = '\0', strtol(held, NULL, 10) > 0)) {
			cli_error("another nightly is running on '%s' (pid %ld); let it finish, "
				  "then run again", root, strtol(held, NULL, 10));
		} else {
			cli_error("another nightly is running on '%s' (it holds '%s'); let it "
				  "finish, then run again", root, path);
		}
		close(fd);
		return EXIT_FAIL;
	}
	/* Who holds it, for the message above. When this cannot be written the
	 * lock holds all the same (it is the flock); the message lacks the pid. */
	n = snprintf(held, sizeof held, "%ld\n", (long)getpid());
	if (ftruncate(fd, 0) != 0 || pwrite(fd, held, (size_t)n, 0) != n)
		held[0] = '\0';
	*fd_out = fd;
	return EXIT_OK;
}
