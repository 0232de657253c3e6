/* The page that lists every report written into a folder, newest first. */
#include "report/report_internal.h"

int ct_report_write_index(const struct ct_report_index_entry *e, size_t n, FILE *f)
{
	fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
	      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
	      "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
	      "style-src 'unsafe-inline'; img-src data:\">\n"
	      "<title>claimtrack reports</title>\n<style>\n"
	      ":root{color-scheme:light dark;--fg:#1b1b1f;--bg:#fdfdfc;--muted:#5f6368;--rule:#d9d9de;"
	      "--link:#1f5fb4}\n"
	      "@media (prefers-color-scheme:dark){:root{--fg:#e8e8ea;--bg:#141416;--muted:#a0a3a8;"
	      "--rule:#34343a;--link:#8ab4f8}}\n"
	      "body{margin:0 auto;max-width:72ch;padding:2rem 1rem;font:16px/1.5 system-ui,-apple-system,"
	      "'Segoe UI',Roboto,sans-serif;color:var(--fg);background:var(--bg)}\n"
	      "h1{font-size:1.6rem;margin:0 0 1rem}ol{list-style:none;padding:0;margin:0}\n"
	      "li{padding:.8rem 0;border-top:1px solid var(--rule)}a{color:var(--link)}\n"
	      ".meta{color:var(--muted);font-size:.9rem}.new{font-weight:600}\n"
	      "</style>\n</head>\n<body>\n<h1>claimtrack reports</h1>\n", f);
	if (n == 0)
		fputs("<p>No reports yet.</p>\n", f);
	else
		fputs("<ol>\n", f);
	for (size_t i = 0; i < n; i++) {
		fputs("<li><a href=\"", f);
		ct_html_text(f, e[i].folder);
		fputs("/index.html\">", f);
		ct_html_text(f, e[i].kind && e[i].kind[0] == 'n' ? "Nightly report" : "Report");
		fputs(" of ", f);
		ct_html_text(f, e[i].generated);
		fputs("</a><div class=\"meta\">", f);
		if (e[i].since || e[i].until) {
			fputs("period ", f);
			ct_html_text(f, e[i].since ? e[i].since : "the start");
			fputs(" to ", f);
			ct_html_text(f, e[i].until ? e[i].until : "now");
			fputs(" · ", f);
		}
		fprintf(f, "%zu claim%s in %zu document%s, %zu proposition%s", e[i].claims,
			e[i].claims == 1 ? "" : "s", e[i].documents, e[i].documents == 1 ? "" : "s",
			e[i].propositions, e[i].propositions == 1 ? "" : "s");
		if (e[i].has_new)
			fprintf(f, "</div><div class=\"meta new\">new: %zu claim%s, %zu contradiction%s, "
				"%zu stance change%s", e[i].new_claims, e[i].new_claims == 1 ? "" : "s",
				e[i].new_contradictions, e[i].new_contradictions == 1 ? "" : "s",
				e[i].new_changes, e[i].new_changes == 1 ? "" : "s");
		fputs("</div></li>\n", f);
	}
	if (n > 0)
		fputs("</ol>\n", f);
	fputs("</body>\n</html>\n", f);
	return ferror(f) ? CT_EIO : CT_OK;
}
