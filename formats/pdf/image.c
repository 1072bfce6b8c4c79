/* image.c: pictures for figures, inline images and the cover: PNG decoded
 * by cairo, JPEG passed through untouched (cairo embeds the bytes given as
 * its mime data), SVG read by librsvg (svg.c). */
#include "image.h"
#include "svg.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>


/* The size of a baseline or progressive JPEG from its SOF marker, checked
 * enough that a PDF viewer can decode it: 8 bits a sample, 1, 3 or 4
 * components, every segment inside the file, and scan data after an SOS
 * marker.  The JPEG itself is never decoded here. */
static bool
jpeg_size(const unsigned char *d, size_t len, unsigned *w, unsigned *h)
{
	if (len < 4 || d[0] != 0xFF || d[1] != 0xD8)
		return false;
	bool sof_seen = false;
	size_t i = 2;
	while (i + 4 <= len) {
		if (d[i] != 0xFF)
			return false;
		unsigned marker = d[i + 1];
		if (marker == 0xFF) {           /* fill byte */
			i++;
			continue;
		}
		size_t seg = (size_t)d[i + 2] << 8 | d[i + 3];
		if (seg < 2 || i + 2 + seg > len)
			return false;
		bool sof = marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8
		    && marker != 0xCC;
		if (sof) {
			unsigned components = seg >= 8 ? d[i + 9] : 0;
			if (sof_seen || seg < 8 + 3 * (size_t)components || d[i + 4] != 8
			    || !(components == 1 || components == 3 || components == 4))
				return false;
			*h = (unsigned)d[i + 5] << 8 | d[i + 6];
			*w = (unsigned)d[i + 7] << 8 | d[i + 8];
			sof_seen = true;
		}
		if (marker == 0xDA)     /* start of scan: its data must follow */
			return sof_seen && i + 2 + seg < len;
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

/* Whether `file` (a real path) is inside folder `dir`. */
static bool
inside(const char *file, const char *dir)
{
	char *folder = realpath(dir, NULL);
	size_t n = folder ? strlen(folder) : 0;
	bool in = folder && strncmp(file, folder, n) == 0
	    && (file[n] == '/' || (n == 1 && folder[0] == '/'));
	free(folder);
	return in;
}

/* Whether the file open on `fd` is inside `doc`'s folder or a folder of
 * --resource-path once symbolic links and `..` are resolved (--safe).  The
 * check is made on what was opened, not on a path that could be swapped
 * afterwards: the kernel names the open file, and that name must still be
 * the same device and inode. */
static bool
inside_folder(const struct gz_doc *doc, int fd)
{
	char name[64];
	snprintf(name, sizeof name, "/proc/self/fd/%d", fd);
	char *file = realpath(name, NULL);
	const char *slash = strcmp(doc->path, "-") == 0 ? NULL : strrchr(doc->path, '/');
	char *dir = slash ? gz_xstrndup(doc->path, slash == doc->path ? 1 : (size_t)(slash - doc->path))
	    : gz_xstrdup(".");
	bool in = file && inside(file, dir);
	for (size_t i = 0; file && !in && i < doc->resource_dir_count; i++)
		in = inside(file, doc->resource_dirs[i]);
	struct stat named, opened;
	in = in && stat(file, &named) == 0 && fstat(fd, &opened) == 0
	    && named.st_dev == opened.st_dev && named.st_ino == opened.st_ino;
	free(dir);
	free(file);
	return in;
}

/*
 * Pictures decoded for a document, shared by its uses: a picture shown 40
 * times is decoded once, and the decoded pixels of one document's live
 * pictures share one budget (PDF_IMAGE_BUDGET).  Keyed by (document, device,
 * inode); an entry goes when its last use is freed.  Under a lock, so that
 * no thread of the module ever sees it half changed.
 */
#define PDF_IMAGE_BUDGET ((size_t)512 << 20)
static GMutex cache_lock;
static struct pdf_image *cache;

/* The cached picture, with one more use; NULL when there is none.  Also
 * the decoded bytes `doc`'s live pictures hold, in *used.  Under the lock. */
static struct pdf_image *
cache_find(const struct gz_doc *doc, dev_t dev, ino_t ino, size_t *used)
{
	struct pdf_image *found = NULL;
	*used = 0;
	for (struct pdf_image *img = cache; img; img = img->next) {
		if (img->doc != doc)
			continue;
		*used += img->bytes;
		if (img->dev == dev && img->ino == ino)
			found = img;
	}
	if (found)
		found->refs++;
	return found;
}

struct png_reader {
	const unsigned char *data;
	size_t len, at;
};

static cairo_status_t
read_png_bytes(void *closure, unsigned char *out, unsigned int want)
{
	struct png_reader *r = closure;
	if (r->len - r->at < want)
		return CAIRO_STATUS_READ_ERROR;
	memcpy(out, r->data + r->at, want);
	r->at += want;
	return CAIRO_STATUS_SUCCESS;
}

/* The file `url` names (see gz_resource_path); when none exists, the path
 * beside the page, for the warning to name, and the places tried in *tried. */
static char *
resolve(const struct gz_doc *doc, const char *url, struct gz_buf *tried)
{
	char *found = gz_resource_path(doc, url, tried);
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
	if (!url || !*url) {
		gz_warn(log, doc->name, line, "an image names no file; %s", instead(use));
		return NULL;
	}
	if (strstr(url, "://") || (url[0] == '/' && url[1] == '/')) {
		gz_warn(log, doc->name, line, "image '%s' is on the network, which gazette does "
		    "not fetch (no network is assumed: download it and name the file, or give "
		    "--resource-path); %s", url, instead(use));
		return NULL;
	}
	if (strncmp(url, "data:", 5) == 0) {
		gz_warn(log, doc->name, line, "image '%.40s...' is a data: URL, which gazette does "
		    "not decode; %s", url, instead(use));
		return NULL;
	}
	struct gz_buf tried = {0};
	char *path = resolve(doc, url, &tried);
	size_t len = 0, used = 0;
	unsigned char *data = NULL;
	struct pdf_image *img = NULL;
	/* One descriptor for every check and the read: the file checked is
	 * the file decoded. */
	struct stat st;
	int fd = gz_open_file(path, 0, &st);
	if (fd < 0 && errno == ENOENT && tried.len && strchr(tried.data, ',')) {
		/* Say where the site's rules looked, not only the last place. */
		gz_warn(log, doc->name, line, "image '%s': %s (looked in %s); %s", url,
		    gz_strerror(errno), tried.data, instead(use));
		goto out;
	}
	if (fd < 0) {
		gz_warn(log, doc->name, line, "image '%s': %s; %s", path, gz_strerror(errno),
		    instead(use));
		goto out;
	}
	if (inside_only && !inside_folder(doc, fd)) {
		gz_warn(log, doc->name, line, "image '%s' is outside the page's folder, which "
		    "--safe does not read; %s", url, instead(use));
		goto out;
	}
	g_mutex_lock(&cache_lock);
	img = cache_find(doc, st.st_dev, st.st_ino, &used);
	g_mutex_unlock(&cache_lock);
	if (img)
		goto out;
	data = (unsigned char *)gz_read_fd(fd, GZ_IMAGE_MAX, &len);
	if (!data) {
		gz_warn(log, doc->name, line, "image '%s': %s; %s", path, gz_strerror(errno),
		    instead(use));
		goto out;
	}
	unsigned w = 0, h = 0;
	cairo_surface_t *s = NULL;
	struct pdf_svg *svg = NULL;
	double svg_w = 0, svg_h = 0;
	if (pdf_svg_sniff(data, len, path)) {
		const char *why = NULL;
		svg = pdf_svg_new(data, len, &svg_w, &svg_h, &why);
		if (!svg) {
			gz_warn(log, doc->name, line, "SVG image '%s': %s; %s", path, why,
			    instead(use));
			goto out;
		}
	} else if (len > 8 && memcmp(data, "\x89PNG\r\n\x1a\n", 8) == 0) {
		if (!png_size(data, len, &w, &h)) {
			gz_warn(log, doc->name, line, "image '%s' is a broken PNG; %s", path,
			    instead(use));
			goto out;
		}
		if (!size_acceptable(doc, path, w, h, line, use, log))
			goto out;
		if (used + (size_t)w * h * 4 > PDF_IMAGE_BUDGET) {
			gz_warn(log, doc->name, line, "image '%s' would take the page's decoded "
			    "pictures past %zu MiB; %s", path, PDF_IMAGE_BUDGET >> 20, instead(use));
			goto out;
		}
		struct png_reader r = { data, len, 0 };
		s = cairo_image_surface_create_from_png_stream(read_png_bytes, &r);
		if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS) {
			gz_warn(log, doc->name, line, "image '%s': %s; %s", path,
			    cairo_status_to_string(cairo_surface_status(s)), instead(use));
			cairo_surface_destroy(s);
			goto out;
		}
		w = (unsigned)cairo_image_surface_get_width(s);
		h = (unsigned)cairo_image_surface_get_height(s);
	} else if (jpeg_size(data, len, &w, &h)) {
		/* Never decoded here, but every PDF viewer decodes it. */
		if (!size_acceptable(doc, path, w, h, line, use, log))
			goto out;
		/* A 1x1 stand-in: the PDF takes the JPEG as it is, drawn into the
		 * same unit square, so its pixels need never be decoded. */
		s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, 1, 1);
		if (cairo_surface_set_mime_data(s, CAIRO_MIME_TYPE_JPEG, data, len, free, data)
		    != CAIRO_STATUS_SUCCESS) {
			cairo_surface_destroy(s);
			goto out;
		}
		data = NULL;    /* the surface owns it */
	} else {
		gz_warn(log, doc->name, line, "image '%s' is neither PNG, JPEG nor SVG, or a "
		    "broken JPEG; %s", path, instead(use));
		goto out;
	}
	img = gz_xcalloc(1, sizeof *img);
	img->surface = s;
	img->svg = svg;
	img->w_px = svg ? svg_w : w;
	img->h_px = svg ? svg_h : h;
	img->doc = doc;
	img->dev = st.st_dev;
	img->ino = st.st_ino;
	img->bytes = svg ? len
	    : cairo_image_surface_get_stride(s) * (size_t)cairo_image_surface_get_height(s);
	img->refs = 1;
	g_mutex_lock(&cache_lock);
	img->next = cache;
	cache = img;
	g_mutex_unlock(&cache_lock);
out:
	if (fd >= 0)
		close(fd);
	free(data);
	free(path);
	gz_buf_free(&tried);
	return img;
}

void
pdf_image_free(struct pdf_image *img)
{
	if (!img)
		return;
	g_mutex_lock(&cache_lock);
	bool last = --img->refs == 0;
	if (last) {
		struct pdf_image **p = &cache;
		while (*p != img)
			p = &(*p)->next;
		*p = img->next;
	}
	g_mutex_unlock(&cache_lock);
	if (!last)
		return;
	if (img->surface)
		cairo_surface_destroy(img->surface);
	pdf_svg_free(img->svg);
	free(img);
}

void
pdf_image_paint(cairo_t *cr, const struct pdf_image *img, double x_pt, double y_pt,
    double w_pt, double h_pt)
{
	cairo_save(cr);
	cairo_translate(cr, x_pt, y_pt);
	if (img->svg) {
		pdf_svg_paint(cr, img->svg, w_pt, h_pt);
	} else {
		/* PNG pixels or the JPEG's 1x1 stand-in, mapped to the box.  In a
		 * group of its own: cairo 1.16 names a picture shown twice on one
		 * page twice in the page's resources (a duplicated key qpdf
		 * rejects); each group has its own, and the picture's data is
		 * still written once. */
		cairo_push_group(cr);
		cairo_scale(cr, w_pt / cairo_image_surface_get_width(img->surface),
		    h_pt / cairo_image_surface_get_height(img->surface));
		cairo_set_source_surface(cr, img->surface, 0, 0);
		cairo_pattern_set_filter(cairo_get_source(cr), CAIRO_FILTER_GOOD);
		cairo_paint(cr);
		cairo_pop_group_to_source(cr);
		cairo_paint(cr);
	}
	cairo_restore(cr);
}
