/* image.c: pictures for figures: PNG decoded by cairo, JPEG passed through
 * untouched (cairo embeds the bytes given as its mime data). */
#include "image.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>


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

/* A PNG decodes to 4 bytes a pixel whatever its file size: a few kB can
 * declare 100000 x 100000 pixels (a decompression bomb).  Pictures larger
 * than a 50-megapixel photograph are refused before decoding; cairo's own
 * limit is 32767 pixels a side. */
#define PDF_IMAGE_MAX_PIXELS 50000000u
#define PDF_IMAGE_MAX_SIDE 32767u

/* What the warnings say happens instead of the picture. */
static const char *
instead(enum pdf_image_use use)
{
	return use == PDF_IMAGE_COVER ? "the cover goes without a picture"
	    : "its alt text is printed instead";
}

/* The size a PNG declares in its IHDR chunk. */
static bool
png_size(const unsigned char *d, size_t len, unsigned *w, unsigned *h)
{
	if (len < 24 || memcmp(d + 12, "IHDR", 4) != 0)
		return false;
	*w = (unsigned)d[16] << 24 | (unsigned)d[17] << 16 | (unsigned)d[18] << 8 | d[19];
	*h = (unsigned)d[20] << 24 | (unsigned)d[21] << 16 | (unsigned)d[22] << 8 | d[23];
	return true;
}

/* Whether the picture may be decoded; warns when not. */
static bool
size_acceptable(const struct gz_doc *doc, const char *path, unsigned w, unsigned h,
    unsigned line, enum pdf_image_use use, struct gz_log *log)
{
	if (w > 0 && h > 0 && w <= PDF_IMAGE_MAX_SIDE && h <= PDF_IMAGE_MAX_SIDE
	    && (unsigned long long)w * h <= PDF_IMAGE_MAX_PIXELS)
		return true;
	gz_warn(log, doc->name, line, "image '%s' declares %u x %u pixels, more than the %u "
	    "pixels (%u a side) gazette decodes; %s (scale it down)",
	    path, w, h, PDF_IMAGE_MAX_PIXELS, PDF_IMAGE_MAX_SIDE, instead(use));
	return false;
}

/* Whether `path` is inside `doc`'s folder once symbolic links and `..` are
 * resolved (--safe).  A file that does not exist is let through: reading it
 * fails and says so. */
static bool
inside_folder(const struct gz_doc *doc, const char *path)
{
	char *file = realpath(path, NULL);
	if (!file)
		return true;
	const char *slash = strcmp(doc->path, "-") == 0 ? NULL : strrchr(doc->path, '/');
	char *dir = slash ? gz_xstrndup(doc->path, slash == doc->path ? 1 : (size_t)(slash - doc->path))
	    : gz_xstrdup(".");
	char *folder = realpath(dir, NULL);
	size_t n = folder ? strlen(folder) : 0;
	bool inside = folder && strncmp(file, folder, n) == 0
	    && (file[n] == '/' || (n == 1 && folder[0] == '/'));
	free(folder);
	free(dir);
	free(file);
	return inside;
}

/* The file `url` names (see gz_resource_path); when none exists, the path
 * beside the page, for the warning to name. */
static char *
resolve(const struct gz_doc *doc, const char *url)
{
	char *found = gz_resource_path(doc, url, NULL);
	if (found)
		return found;
	size_t n = strcspn(url, "?#");
	char *rel = gz_xstrndup(url, n);
	const char *slash = strcmp(doc->path, "-") == 0 ? NULL : strrchr(doc->path, '/');
	char *path = slash ? gz_xasprintf("%.*s/%s", (int)(slash - doc->path), doc->path,
	    rel[0] == '/' ? rel + 1 : rel) : gz_xstrdup(rel[0] == '/' ? rel + 1 : rel);
	free(rel);
	return path;
}

struct pdf_image *
pdf_image_load(const struct gz_doc *doc, const char *url, bool inside_only, unsigned line,
    enum pdf_image_use use, struct gz_log *log)
{
	if (!url || !*url || strstr(url, "://") || strncmp(url, "data:", 5) == 0) {
		gz_warn(log, doc->name, line, "image '%s' is not a local file; %s",
		    url ? url : "", instead(use));
		return NULL;
	}
	char *path = resolve(doc, url);
	size_t len = 0;
	unsigned char *data = NULL;
	struct pdf_image *img = NULL;
	if (inside_only && !inside_folder(doc, path)) {
		gz_warn(log, doc->name, line, "image '%s' is outside the page's folder, which "
		    "--safe does not read; %s", url, instead(use));
		goto out;
	}
	data = (unsigned char *)gz_read_file(path, &len);
	if (!data) {
		gz_warn(log, doc->name, line, "image '%s': %s; %s", path, strerror(errno),
		    instead(use));
		goto out;
	}
	unsigned w, h;
	if (len > 8 && memcmp(data, "\x89PNG\r\n\x1a\n", 8) == 0) {
		if (!png_size(data, len, &w, &h)) {
			gz_warn(log, doc->name, line, "image '%s' is a broken PNG; %s", path,
			    instead(use));
			goto out;
		}
		if (!size_acceptable(doc, path, w, h, line, use, log))
			goto out;
		cairo_surface_t *s = cairo_image_surface_create_from_png(path);
		if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS) {
			gz_warn(log, doc->name, line, "image '%s': %s; %s", path,
			    cairo_status_to_string(cairo_surface_status(s)), instead(use));
			cairo_surface_destroy(s);
			goto out;
		}
		img = gz_xcalloc(1, sizeof *img);
		img->surface = s;
		img->w_px = cairo_image_surface_get_width(s);
		img->h_px = cairo_image_surface_get_height(s);
	} else if (jpeg_size(data, len, &w, &h)) {
		/* Never decoded, so any size is harmless. */
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
		gz_warn(log, doc->name, line, "image '%s' is neither PNG nor JPEG; %s", path,
		    instead(use));
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
