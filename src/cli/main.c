/* claimtrack: the command table and global options. */
#include "cli.h"

#include <stdlib.h>
#include <string.h>

static const struct cli_command *const commands[] = {
	&cli_cmd_check,
	&cli_cmd_quotes,
	&cli_cmd_extract,
	&cli_cmd_rules,
	&cli_cmd_ingest,
	&cli_cmd_rematch,
	&cli_cmd_claims,
	&cli_cmd_show,
	&cli_cmd_similar,
	&cli_cmd_review,
	&cli_cmd_propositions,
	&cli_cmd_speakers,
	&cli_cmd_speaker,
	&cli_cmd_outlets,
	&cli_cmd_report,
	&cli_cmd_nightly,
	&cli_cmd_export,
	&cli_cmd_serve,
	&cli_cmd_db,
};

#define N_COMMANDS (sizeof commands / sizeof *commands)

static void main_help(FILE *f)
{
	fprintf(f,
		"usage: claimtrack [--rules PATH]... [--db PATH] COMMAND [ARGS]\n"
		"       claimtrack --version | --help\n\n"
		"Finds claims in news text with rule files: who supports and who refutes\n"
		"each proposition, and which rule and sentence says so.\n\n"
		"commands:\n");
	for (size_t i = 0; i < N_COMMANDS; i++)
		fprintf(f, "  %-13s %s\n", commands[i]->name, commands[i]->summary);
	fprintf(f,
		"\nglobal options (before or after the command):\n"
		"  --rules PATH  rule file or folder; repeatable\n"
		"                (default: $CLAIMTRACK_RULES, ./rules, the installed rules)\n"
		"  --db PATH     the database: a SQLite file, or postgresql://USER@HOST/DB\n"
		"                (default: $CLAIMTRACK_DB, db/claimtrack.db)\n"
		"  -h, --help    show help; 'claimtrack COMMAND --help' for a command\n"
		"  --version     show the version\n\n"
		"environment:\n"
		"  CLAIMTRACK_RULES      default rule files and folders, ':'-separated\n"
		"  CLAIMTRACK_DB         default database (a path or a postgresql:// URL)\n"
		"  CLAIMTRACK_CACHE      folder of compiled rule sets (default:\n"
		"                        $XDG_CACHE_HOME/claimtrack, ~/.cache/claimtrack);\n"
		"                        0 turns the cache off\n"
		"  CLAIMTRACK_PREFILTER  0 runs every pattern on every sentence (slow; to compare)\n"
		"  CLAIMTRACK_INDEX_CHUNK  texts indexed a transaction when the sentence\n"
		"                        index is brought up to date (default 1000)\n\n"
		"exit status: 0 ok, 1 failure (bad rules, unreadable input, failed tests),\n"
		"2 usage error, 3 nightly completed but some sources failed, 4 nightly\n"
		"completed but a notification (--notify, --mail) failed, 130 or 143\n"
		"ingest or rematch interrupted by SIGINT or SIGTERM (run it again to continue)\n");
}

/* The options main() takes before the command name. */
static const char *const main_options[] = { "help", "version", "rules", "db" };

#define N_MAIN_OPTIONS (sizeof main_options / sizeof *main_options)

/* Prints the error for an unknown option before the command name. */
static void unknown_option(const char *a)
{
	char hint[128] = "";

	if (strncmp(a, "--", 2) == 0) {
		size_t n = strcspn(a + 2, "=");
		char *word = strndup(a + 2, n);
		if (word)
			cli_did_you_mean(hint, sizeof hint, word, "--", main_options, N_MAIN_OPTIONS);
		free(word);
	}
	fprintf(stderr, "claimtrack: error: unknown option '%s'%s\n"
		"(see 'claimtrack --help')\n", a, hint);
}

/*
 * Prints the error for an unknown command, with the nearest one's name;
 * "help" is one too, but not after "help".
 */
static void unknown_command(const char *name, bool after_help)
{
	const char *names[N_COMMANDS + 1];
	char hint[128];

	for (size_t k = 0; k < N_COMMANDS; k++)
		names[k] = commands[k]->name;
	names[N_COMMANDS] = "help";
	cli_did_you_mean(hint, sizeof hint, name, "", names, N_COMMANDS + !after_help);
	fprintf(stderr, "claimtrack: error: unknown command '%s'%s\n"
		"(see 'claimtrack --help')\n", name, hint);
}

int main(int argc, char **argv)
{
	struct cli_global g = { 0 };
	int i = 1, rc = EXIT_USAGE;
	bool after_help = false;

	cli_term_install();
	/* Global options before the command name. */
	while (i < argc && argv[i][0] == '-') {
		const char *a = argv[i];
		if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
			main_help(stdout);
			rc = EXIT_OK;
			goto out;
		}
		if (strcmp(a, "--version") == 0) {
			printf("claimtrack %s\n", CT_VERSION);
			rc = EXIT_OK;
			goto out;
		}
		switch (cli_take_global(&g, argc, argv, &i)) {
		case 1:
			continue;
		case -1:
			goto out;
		}
		unknown_option(a);
		goto out;
	}
	if (i >= argc) {
		main_help(stderr);
		goto out;
	}
	if (strcmp(argv[i], "help") == 0) {
		if (i + 1 >= argc) {
			main_help(stdout);
			rc = EXIT_OK;
			goto out;
		}
		i++;
		after_help = true;
		for (size_t k = 0; k < N_COMMANDS; k++) {
			if (strcmp(commands[k]->name, argv[i]) == 0) {
				cli_help(commands[k], stdout);
				rc = EXIT_OK;
				goto out;
			}
		}
	}
	for (size_t k = 0; k < N_COMMANDS; k++) {
		if (strcmp(commands[k]->name, argv[i]) == 0) {
			rc = commands[k]->run(commands[k], &g, argc - i - 1, argv + i + 1);
			goto out;
		}
	}
	unknown_command(argv[i], after_help);
out:
	free(g.rules);
	if (fflush(stdout) != 0 && rc == EXIT_OK) {
		cli_error("cannot write output");
		rc = EXIT_FAIL;
	}
	return rc;
}
