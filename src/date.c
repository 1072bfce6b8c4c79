/* date.c: every date gazette reads or writes: YAML dates and Jekyll file names
 * in; RFC 822, RFC 3339 and strftime out; SOURCE_DATE_EPOCH.  Without the C
 * library's time zone or locale (mktime, strftime and %a/%b would follow the
 * machine). */
#include "internal.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char *const weekday_names[] = { "Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat" };
static const char *const month_names[] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul",
	"Aug", "Sep", "Oct", "Nov", "Dec" };

static bool
is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int
days_in_month(int y, int m)
{
	static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	return m == 2 && is_leap(y) ? 29 : days[m - 1];
}

/* Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm). */
static int64_t
days_from_civil(int y, int m, int d)
{
	y -= m <= 2;
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	int64_t yoe = y - era * 400;
	int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static void
civil_from_days(int64_t z, int *y, int *m, int *d)
{
	z += 719468;
	int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	int64_t doe = z - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

struct gz_civil
gz_time_civil(struct gz_time t)
{
	int64_t local = t.seconds + (int64_t)t.offset_min * 60;
	int64_t days = local >= 0 ? local / 86400 : -((-local + 86399) / 86400);
	int64_t secs = local - days * 86400;
	struct gz_civil c;
	civil_from_days(days, &c.year, &c.month, &c.day);
	c.hour = (int)(secs / 3600);
	c.minute = (int)(secs / 60 % 60);
	c.second = (int)(secs % 60);
	c.weekday = (int)((days % 7 + 11) % 7);     /* 1970-01-01 was a Thursday */
	c.yday = (int)(days - days_from_civil(c.year, 1, 1)) + 1;
	return c;
}

/* Reads exactly `n` digits; false otherwise. */
static bool
digits(const char **p, int n, int *out)
{
	int v = 0;
	for (int i = 0; i < n; i++) {
		char c = (*p)[i];
		if (c < '0' || c > '9')
			return false;
		v = v * 10 + (c - '0');
	}
	*p += n;
	*out = v;
	return true;
}

static bool
is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* One or two digits, as YAML allows for a month, a day and an hour. */
static bool
one_or_two(const char **p, int *out)
{
	return is_digit((*p)[0]) && !is_digit((*p)[1]) ? digits(p, 1, out) : digits(p, 2, out);
}

/* `Z`, `+8`, `+08`, `+0800`, `+08:00` (YAML allows all of them); minutes east. */
static bool
parse_offset(const char *p, int *offset_min)
{
	if ((p[0] == 'Z' || p[0] == 'z') && p[1] == '\0') {
		*offset_min = 0;
		return true;
	}
	if (p[0] != '+' && p[0] != '-')
		return false;
	int sign = p[0] == '-' ? -1 : 1, h = 0, m = 0;
	p++;
	if (is_digit(p[0]) && !is_digit(p[1]))
		digits(&p, 1, &h);
	else if (!digits(&p, 2, &h))
		return false;
	if (*p == ':')
		p++;
	if (*p && !digits(&p, 2, &m))
		return false;
	if (*p || h > 23 || m > 59)
		return false;
	*offset_min = sign * (h * 60 + m);
	return true;
}

bool
gz_time_parse(const char *s, struct gz_time *t)
{
	const char *p = s;
	int y, mo, d, h = 0, mi = 0, sec = 0, offset = 0;

	while (*p == ' ' || *p == '\t')
		p++;
	if (!digits(&p, 4, &y) || *p++ != '-' || !one_or_two(&p, &mo) || *p++ != '-'
	    || !one_or_two(&p, &d))
		return false;
	if (mo < 1 || mo > 12 || d < 1 || d > days_in_month(y, mo) || y < 1)
		return false;
	if (*p == 'T' || *p == 't' || *p == ' ' || *p == '\t') {
		while (*p == ' ' || *p == '\t')
			p++;
		if (*p == 'T' || *p == 't')
			p++;
		if (*p) {
			/* YAML allows a one-digit hour. */
			if (!one_or_two(&p, &h) || *p++ != ':' || !digits(&p, 2, &mi))
				return false;
			if (*p == ':' && !(p++, digits(&p, 2, &sec)))
				return false;
			if (*p == '.' || *p == ',')
				for (p++; is_digit(*p); p++)
					;   /* fractions of a second are dropped */
			if (h > 23 || mi > 59 || sec > 60)
				return false;
			if (sec == 60)
				sec = 59;   /* a leap second: keep it in its minute */
			while (*p == ' ' || *p == '\t')
				p++;
			if (*p && !parse_offset(p, &offset))
				return false;
			p += strlen(p);
		}
	}
	while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
		p++;
	if (*p)
		return false;
	int64_t local = days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + sec;
	t->seconds = local - (int64_t)offset * 60;
	t->offset_min = offset;
	return true;
}

bool
gz_time_from_name(const char *stem, struct gz_time *t, const char **slug)
{
	const char *p = stem;
	int y, m, d;
	if (!digits(&p, 4, &y) || *p++ != '-' || !digits(&p, 2, &m) || *p++ != '-'
	    || !digits(&p, 2, &d) || *p++ != '-' || *p == '\0')
		return false;
	if (m < 1 || m > 12 || d < 1 || d > days_in_month(y, m) || y < 1)
		return false;
	t->seconds = days_from_civil(y, m, d) * 86400;
	t->offset_min = 0;
	*slug = p;
	return true;
}

void
gz_time_rfc822(struct gz_time t, char out[40])
{
	struct gz_civil c = gz_time_civil(t);
	int off = t.offset_min < 0 ? -t.offset_min : t.offset_min;
	snprintf(out, 40, "%s, %02d %s %04d %02d:%02d:%02d %c%02d%02d", weekday_names[c.weekday],
	    c.day, month_names[c.month - 1], c.year, c.hour, c.minute, c.second,
	    t.offset_min < 0 ? '-' : '+', off / 60, off % 60);
}

void
gz_time_rfc3339(struct gz_time t, char out[40])
{
	struct gz_civil c = gz_time_civil(t);
	int n = snprintf(out, 40, "%04d-%02d-%02dT%02d:%02d:%02d", c.year, c.month, c.day,
	    c.hour, c.minute, c.second);
	int off = t.offset_min < 0 ? -t.offset_min : t.offset_min;
	if (t.offset_min == 0)
		snprintf(out + n, 40 - (size_t)n, "Z");
	else
		snprintf(out + n, 40 - (size_t)n, "%c%02d:%02d", t.offset_min < 0 ? '-' : '+',
		    off / 60, off % 60);
}

static const char *const long_month_names[] = { "January", "February", "March", "April", "May",
	"June", "July", "August", "September", "October", "November", "December" };
static const char *const long_day_names[] = { "Sunday", "Monday", "Tuesday", "Wednesday",
	"Thursday", "Friday", "Saturday" };

/* A number padded to `width` with `pad` ('0' or ' '), or unpadded when pad is 0. */
static void
put_number(struct gz_buf *b, long long n, int width, char pad)
{
	char num[24];
	int len = snprintf(num, sizeof num, "%lld", n < 0 ? -n : n);
	if (n < 0)
		gz_buf_putc(b, '-');
	for (int i = len; pad && i < width; i++)
		gz_buf_putc(b, pad);
	gz_buf_append(b, num, (size_t)len);
}

static void
put_name(struct gz_buf *b, const char *name, bool abbreviated, bool upper)
{
	size_t n = abbreviated ? 3 : strlen(name);
	for (size_t i = 0; i < n; i++) {
		char c = name[i];
		gz_buf_putc(b, upper && c >= 'a' && c <= 'z' ? (char)(c - 'a' + 'A') : c);
	}
}

/* ISO 8601 weeks: 53 in a year that starts on a Thursday, or on a Wednesday
 * in a leap year. */
static int
iso_weeks(int year, int jan1_weekday)
{
	bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
	return jan1_weekday == 4 || (leap && jan1_weekday == 3) ? 53 : 52;
}

/* The ISO 8601 week (%V) and its year (%G) of a day. */
static void
iso_week(const struct gz_civil *c, int *week, int *year)
{
	int iso_wday = c->weekday ? c->weekday : 7;
	int jan1 = ((c->weekday - (c->yday - 1)) % 7 + 7) % 7;
	*year = c->year;
	*week = (c->yday - iso_wday + 10) / 7;
	if (*week < 1) {
		(*year)--;
		bool leap = (*year % 4 == 0 && *year % 100 != 0) || *year % 400 == 0;
		*week = iso_weeks(*year, ((jan1 - (leap ? 366 : 365)) % 7 + 7) % 7);
	} else if (*week > iso_weeks(c->year, jan1)) {
		(*year)++;
		*week = 1;
	}
}

/*
 * Ruby's strftime directives: %Y %C %y %G %g %m %d %e %j %H %k %I %l %M %S %L
 * %p %P %a %A %b %h %B %u %w %U %W %V %s %z %:z %Z %F %T %D %R %r %c %x %X %v
 * %n %t %%, with the flags '-' (no padding), '_' (spaces), '0' and '^' (upper
 * case).  Unknown directives are copied.
 */
void
gz_time_format(struct gz_buf *b, struct gz_time t, const char *fmt)
{
	struct gz_civil c = gz_time_civil(t);
	int hour12 = c.hour % 12 ? c.hour % 12 : 12;

	for (const char *f = fmt; *f; f++) {
		if (*f != '%' || !f[1]) {
			gz_buf_putc(b, *f);
			continue;
		}
		const char *start = f++;
		char pad = 0;
		bool upper = false, colon = false;
		for (;; f++) {
			if (*f == '-')
				pad = '-';
			else if (*f == '_')
				pad = ' ';
			else if (*f == '0')
				pad = '0';
			else if (*f == '^')
				upper = true;
			else if (*f == ':')
				colon = true;
			else
				break;
		}
#define NUM(value, width, dflt) put_number(b, (value), (width), \
    pad == '-' ? 0 : pad ? pad : (dflt))
		int off = t.offset_min < 0 ? -t.offset_min : t.offset_min;
		int week, week_year;
		switch (*f) {
		case 'U': NUM((c.yday - 1 + 7 - c.weekday) / 7, 2, '0'); break;
		case 'W': NUM((c.yday - 1 + 7 - (c.weekday + 6) % 7) / 7, 2, '0'); break;
		case 'V': iso_week(&c, &week, &week_year); NUM(week, 2, '0'); break;
		case 'G': iso_week(&c, &week, &week_year); NUM(week_year, 4, '0'); break;
		case 'g': iso_week(&c, &week, &week_year); NUM(week_year % 100, 2, '0'); break;
		case 'r': gz_time_format(b, t, "%I:%M:%S %p"); break;
		case 'c': gz_time_format(b, t, "%a %b %e %H:%M:%S %Y"); break;
		case 'x': gz_time_format(b, t, "%m/%d/%y"); break;
		case 'X': gz_time_format(b, t, "%H:%M:%S"); break;
		case 'v': gz_time_format(b, t, "%e-%^b-%Y"); break;
		case 'Y': NUM(c.year, 4, '0'); break;
		case 'C': NUM(c.year / 100, 2, '0'); break;
		case 'y': NUM(c.year % 100, 2, '0'); break;
		case 'm': NUM(c.month, 2, '0'); break;
		case 'd': NUM(c.day, 2, '0'); break;
		case 'e': NUM(c.day, 2, ' '); break;
		case 'j': NUM(c.yday, 3, '0'); break;
		case 'H': NUM(c.hour, 2, '0'); break;
		case 'k': NUM(c.hour, 2, ' '); break;
		case 'I': NUM(hour12, 2, '0'); break;
		case 'l': NUM(hour12, 2, ' '); break;
		case 'M': NUM(c.minute, 2, '0'); break;
		case 'S': NUM(c.second, 2, '0'); break;
		case 'L': NUM(0, 3, '0'); break;
		case 'u': NUM(c.weekday ? c.weekday : 7, 1, '0'); break;
		case 'w': NUM(c.weekday, 1, '0'); break;
		case 's': NUM(t.seconds, 1, '0'); break;
		case 'p': gz_buf_puts(b, c.hour < 12 ? "AM" : "PM"); break;
		case 'P': gz_buf_puts(b, c.hour < 12 ? "am" : "pm"); break;
		case 'a': put_name(b, long_day_names[c.weekday], true, upper); break;
		case 'A': put_name(b, long_day_names[c.weekday], false, upper); break;
		case 'b': case 'h': put_name(b, long_month_names[c.month - 1], true, upper); break;
		case 'B': put_name(b, long_month_names[c.month - 1], false, upper); break;
		case 'Z':
			/* Ruby names UTC only; a time at a written offset has no zone name */
			if (t.offset_min == 0)
				gz_buf_puts(b, "UTC");
			break;
		case 'z':
			gz_buf_printf(b, "%c%02d%s%02d", t.offset_min < 0 ? '-' : '+', off / 60,
			    colon ? ":" : "", off % 60);
			break;
		case 'F': gz_time_format(b, t, "%Y-%m-%d"); break;
		case 'T': gz_time_format(b, t, "%H:%M:%S"); break;
		case 'D': gz_time_format(b, t, "%m/%d/%y"); break;
		case 'R': gz_time_format(b, t, "%H:%M"); break;
		case 'n': gz_buf_putc(b, '\n'); break;
		case 't': gz_buf_putc(b, '\t'); break;
		case '%': gz_buf_putc(b, '%'); break;
		default:
			/* unknown: copy what was read, directive included */
			gz_buf_append(b, start, (size_t)(f - start) + (*f != '\0'));
			if (!*f)
				f--;
			break;
		}
#undef NUM
	}
}

void
gz_time_display(struct gz_buf *b, struct gz_time t, const char *lang)
{
	if (gz_lang_is(lang, "zh") || gz_lang_is(lang, "ja"))
		gz_time_format(b, t, "%Y\u5E74%-m\u6708%-d\u65E5");
	else if (gz_lang_is(lang, "ko"))
		gz_time_format(b, t, "%Y\uB144 %-m\uC6D4 %-d\uC77C");
	else
		gz_time_format(b, t, "%-d %B %Y");
}

static struct {
	pthread_once_t once;
	int state;
	struct gz_time t;
} epoch = { .once = PTHREAD_ONCE_INIT };

static void
read_epoch(void)
{
	const char *s = getenv("SOURCE_DATE_EPOCH");
	if (!s || !*s)
		return;
	char *end;
	errno = 0;
	long long v = strtoll(s, &end, 10);
	if (*end || errno || v < 0) {
		epoch.state = -1;
		return;
	}
	epoch.state = 1;
	epoch.t = (struct gz_time){ .seconds = v };
}

int
gz_source_date_epoch(struct gz_time *t)
{
	pthread_once(&epoch.once, read_epoch);
	if (epoch.state == 1)
		*t = epoch.t;
	return epoch.state;
}

struct gz_time
gz_time_now(void)
{
	struct gz_time t;
	if (gz_source_date_epoch(&t) != 1)
		t = (struct gz_time){ .seconds = (int64_t)time(NULL) };
	return t;
}
