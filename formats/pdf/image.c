/* image.c: pictures for figures: PNG decoded by cairo, JPEG passed through
 * untouched (cairo embeds the bytes given as its mime data). */
#include "pdf.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Reads a whole file; NULL with errno set. */
static unsigned char *
slurp(const char *path, size_t *len)
{
	FILE *fp = fopen(path, "rb");
	if (!fp)
		return NULL;
	struct gz_buf b = {0};
	char chunk[65536];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, fp)) > 0)
		gz_buf_append(&b, chunk, n);
	int failed = ferror(fp);
	fclose(fp);
	if (failed) {
		gz_buf_free(&b);
		errno = EIO;
		return NULL;
	}
	return (unsigned char *)gz_buf_detach(&b, len);
}

/* The size of a baseline or progressive JPEG from its SOF marker. */
static bool
jpeg_size(const unsigned char *d, size_t len, unsigned *w, unsigned *h)
{
	if (len < 4 || d[0] != 0xFF || d[1] != 0xD8)
		return false;
	size_t i = 2;
	while (i + 9 < len) {
		if (d[i] != 0xFF)
			return false;
		unsigned marker = d[i + 1];
		size_t seg = (size_t)d[i + 2] << 8 | d[i + 3];
		bool sof = marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8
		    && marker != 0xCC;
		if (sof) {
			*h = (unsigned)d[i + 5] << 8 | d[i + 6];
			*w = (unsigned)d[i + 7] << 8 | d[i + 8];
			return *w > 0 && *h > 0;
		}
		i += 2 + seg;
	}
	return false;
}

static char *
resolve(const struct gz_doc *doc, const char *url)
{
	size_t n = strcspn(url, "?#");
	char *rel = gz_xstrndup(url, n);
	/* percent-decoding */
	char *w = rel;
	for (char *r = rel; *r; r++) {
		if (r[0] == '%' && g_ascii_isxdigit(r[1]) && g_ascii_isxdigit(r[2])) {
			*w++ = (char)(g_ascii_xdigit_value(r[1]) * 16 + g_ascii_xdigit_value(r[2]));
			r += 2;
		} else {
			*w++ = *r;
		}
	}
	*w = '\0';
	const char *slash = strcmp(doc->path, "-") == 0 ? NULL : strrchr(doc->path, '/');
	char *path = slash ? gz_xasprintf("%.*s/%s", (int)(slash - doc->path), doc->path,
	    rel[0] == '/' ? rel + 1 : rel) : gz_xstrdup(rel[0] == '/' ? rel + 1 : rel);
	free(rel);
	return path;
}

struct pdf_image *
pdf_image_load(const struct gz_doc *doc, const char *url, unsigned line, struct gz_log *log)
{
	if (!url || !*url || strstr(url, "://") || strncmp(url, "data:", 5) == 0) {
		gz_warn(log, doc->name, line, "image '%s' is not a local file; its alt text is "
		    "printed instead", url ? url : "");
		return NULL;
	}
	char *path = resolve(doc, url);
	size_t len = 0;
	unsigned char *data = slurp(path, &len);
	struct pdf_image *img = NULL;
	if (!data) {
		gz_warn(log, doc->name, line, "image '%s': %s; its alt text is printed instead", path,
		    strerror(errno));
		goto out;
	}
	unsigned w, h;
	if (len > 8 && memcmp(data, "\x89PNG\r\n\x1a\n", 8) == 0) {
		cairo_surface_t *s = cairo_image_surface_create_from_png(path);
		if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS) {
			gz_warn(log, doc->name, line, "image '%s': %s; its alt text is printed instead",
			    path, cairo_status_to_string(cairo_surface_status(s)));
			cairo_surface_destroy(s);
			goto out;
		}
		img = gz_xcalloc(1, sizeof *img);
		img->surface = s;
		img->w_px = cairo_image_surface_get_width(s);
		img->h_px = cairo_image_surface_get_height(s);
	} else if (jpeg_size(data, len, &w, &h)) {
		/* A 1x1 stand-in: the PDF takes the JPEG as it is, drawn into the
		 * same unit square, so its pixels need never be decoded. */
		cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, 1, 1);
		if (cairo_surface_set_mime_data(s, CAIRO_MIME_TYPE_JPEG, data, len, free, data)
		    != CAIRO_STATUS_SUCCESS) {
			cairo_surface_destroy(s);
			goto out;
		}
		data = NULL;    /* the surface owns it */
		img = gz_xcalloc(1, sizeof *img);
		img->surface = s;
		img->w_px = w;
		img->h_px = h;
	} else {
		gz_warn(log, doc->name, line, "image '%s' is neither PNG nor JPEG; its alt text is "
		    "printed instead", path);
	}
out:
	free(data);
	free(path);
	return img;
}

void
pdf_image_free(struct pdf_image *img)
{
	if (!img)
		return;
	cairo_surface_destroy(img->surface);
	free(img->alt);
	free(img);
}
