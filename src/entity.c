/* entity.c: HTML character references, decoded with md4c's own HTML5 table. */
#include "internal.h"

#include <stdlib.h>

/* md4c-html exports its entity table's lookup (entity.h in md4c's sources);
 * the declaration is repeated here because md4c installs no header for it. */
struct md4c_entity {
	const char *name;
	unsigned codepoints[2];
};
const struct md4c_entity *entity_lookup(const char *name, size_t name_size);

static void
append_cp(struct gz_buf *b, uint32_t cp)
{
	char utf8[4];
	if (cp == 0)
		cp = GZ_REPLACEMENT_CHAR;
	gz_buf_append(b, utf8, gz_utf8_encode(cp, utf8));
}

bool
gz_entity_decode(const char *s, size_t len, struct gz_buf *b)
{
	if (len < 3 || s[0] != '&' || s[len - 1] != ';')
		return false;
	if (s[1] == '#') {
		uint32_t cp = 0;
		bool hex = len > 3 && (s[2] == 'x' || s[2] == 'X');
		size_t i = hex ? 3 : 2;
		if (i >= len - 1)
			return false;
		for (; i < len - 1; i++) {
			char c = s[i];
			unsigned d;
			if (c >= '0' && c <= '9')
				d = (unsigned)(c - '0');
			else if (hex && c >= 'a' && c <= 'f')
				d = (unsigned)(c - 'a' + 10);
			else if (hex && c >= 'A' && c <= 'F')
				d = (unsigned)(c - 'A' + 10);
			else
				return false;
			cp = cp * (hex ? 16 : 10) + d;
			if (cp > 0x10FFFF)
				cp = 0x110000;  /* stays invalid; encode gives U+FFFD */
		}
		append_cp(b, cp);
		return true;
	}
	const struct md4c_entity *e = entity_lookup(s, len);
	if (!e)
		return false;
	append_cp(b, e->codepoints[0]);
	if (e->codepoints[1])
		append_cp(b, e->codepoints[1]);
	return true;
}
