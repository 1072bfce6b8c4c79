/* feed_time.c: YAML dates in, RFC 822 and RFC 3339 out, without the C library's
 * time zone or locale (mktime, strftime and %a/%b would follow the machine). */
#include "feed.h"

#include <stdio.h>
#include <string.h>

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

struct feed_civil
feed_time_civil(struct feed_time t)
{
	int64_t local = t.seconds + (int64_t)t.offset_min * 60;
	int64_t days = local >= 0 ? local / 86400 : -((-local + 86399) / 86400);
	int64_t secs = local - days * 86400;
	struct feed_civil c;
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
feed_time_parse(const char *s, struct feed_time *t)
{
	const char *p = s;
	int y, mo, d, h = 0, mi = 0, sec = 0, offset = 0;

	while (*p == ' ' || *p == '\t')
		p++;
	if (!digits(&p, 4, &y) || *p++ != '-' || !digits(&p, 2, &mo) || *p++ != '-'
	    || !digits(&p, 2, &d))
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
			if (!(is_digit(p[0]) && !is_digit(p[1]) ? digits(&p, 1, &h) : digits(&p, 2, &h))
			    || *p++ != ':' || !digits(&p, 2, &mi))
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
feed_time_from_name(const char *stem, struct feed_time *t, const char **slug)
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
feed_time_rfc822(struct feed_time t, char out[40])
{
	struct feed_civil c = feed_time_civil(t);
	int off = t.offset_min < 0 ? -t.offset_min : t.offset_min;
	snprintf(out, 40, "%s, %02d %s %04d %02d:%02d:%02d %c%02d%02d", weekday_names[c.weekday],
	    c.day, month_names[c.month - 1], c.year, c.hour, c.minute, c.second,
	    t.offset_min < 0 ? '-' : '+', off / 60, off % 60);
}

void
feed_time_rfc3339(struct feed_time t, char out[40])
{
	struct feed_civil c = feed_time_civil(t);
	int n = snprintf(out, 40, "%04d-%02d-%02dT%02d:%02d:%02d", c.year, c.month, c.day,
	    c.hour, c.minute, c.second);
	int off = t.offset_min < 0 ? -t.offset_min : t.offset_min;
	if (t.offset_min == 0)
		snprintf(out + n, 40 - (size_t)n, "Z");
	else
		snprintf(out + n, 40 - (size_t)n, "%c%02d:%02d", t.offset_min < 0 ? '-' : '+',
		    off / 60, off % 60);
}
