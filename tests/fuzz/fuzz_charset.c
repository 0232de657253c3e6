/*
 * Fuzz target: the charset detector and decoder of web pages
 * (ct_page_to_utf8(), ct_page_utf8_as_is()). The first byte of the input
 * picks the HTTP header's charset (none, a WHATWG label, one iconv does
 * not know, or junk); the rest is the page, whose byte order mark or
 * <meta> may declare another. What comes out is given to libxml2 and
 * becomes article text: it must be valid UTF-8 without NUL bytes, without
 * control characters but tab, LF, CR (and DEL, which is kept), and
 * without U+FFFE or U+FFFF. A page ct_page_utf8_as_is() says is used as
 * it is must be exactly what the conversion gives.
 */
#include "claimtrack/claimtrack.h"
#include "fuzz.h"

#include "extract/extract_internal.h"

static const char *const charsets[] = {
	NULL, "utf-8", "UTF8", "windows-1252", "latin1", "us-ascii", "iso-8859-7",
	"iso-8859-2", "utf-16", "utf-16be", "utf-16le", "shift_jis", "gb2312", "gb18030",
	"euc-kr", "big5", "koi8-r", "macintosh", "x-user-defined", "utf-7", "utf-32",
	"no-such-charset", "\"utf-8\"", " windows-1251 ", "iso-2022-jp", "",
	"ut\xC3\xA9-8", "cp1252;x", "ebcdic-cp-us",
};

static void check_text(const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;

	for (size_t i = 0; i < n;) {
		uint32_t cp;
		size_t k = ct_utf8_decode(u + i, n - i, &cp);
		FUZZ_CHECK(k > 0);
		FUZZ_CHECK(cp >= 0x20 || cp == '\t' || cp == '\n' || cp == '\r');
		FUZZ_CHECK(cp < 0x80 || cp >= 0xA0);
		FUZZ_CHECK(cp != 0xFFFE && cp != 0xFFFF);
		i += k;
	}
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *charset, *page = (const char *)data + (size ? 1 : 0);
	size_t len = size ? size - 1 : 0, n_out = 0, n_nul = 0, n_replaced = 0, bom = 99;
	char *out = NULL;
	bool as_is;
	int rc;

	charset = size ? charsets[data[0] % (sizeof charsets / sizeof *charsets)] : NULL;
	as_is = ct_page_utf8_as_is(page, len, charset, &bom);
	rc = ct_page_to_utf8(page, len, charset, &out, &n_out, &n_nul, &n_replaced);
	if (rc == CT_ENOMEM)
		return 0;
	FUZZ_CHECK(rc == CT_OK);
	FUZZ_CHECK(out != NULL);
	FUZZ_CHECK(out[n_out] == '\0');
	FUZZ_CHECK(strlen(out) == n_out);
	FUZZ_CHECK(fuzz_utf8_clean(out, n_out));
	check_text(out, n_out);
	FUZZ_CHECK(n_nul <= len);
	if (as_is) {
		FUZZ_CHECK(bom == 0 || bom == 3);
		FUZZ_CHECK(n_out == len - bom);
		FUZZ_CHECK(memcmp(out, page + bom, n_out) == 0);
		FUZZ_CHECK(n_nul == 0 && n_replaced == 0);
	}
	free(out);
	return 0;
}
