/* svg.c: SVG pictures through librsvg, drawn into the PDF's own cairo
 * context so that they stay vectors (no raster is embedded).  librsvg is
 * loaded when the first SVG is met: it brings some fifty libraries (libxml2
 * among them) that a PDF without SVG need not load. */
#include "svg.h"

#include <dlfcn.h>
#include <librsvg/rsvg.h>
#include <stdlib.h>
#include <string.h>

/* The librsvg functions used, found once (NULL members: not available). */
static struct {
	RsvgHandle *(*new_from_data)(const guint8 *, gsize, GError **);
	void (*set_dpi)(RsvgHandle *, double);
	gboolean (*size_in_pixels)(RsvgHandle *, gdouble *, gdouble *);
	void (*dimensions)(RsvgHandle *, gboolean *, RsvgLength *, gboolean *, RsvgLength *,
	    gboolean *, RsvgRectangle *);
	gboolean (*render_document)(RsvgHandle *, cairo_t *, const RsvgRectangle *, GError **);
	bool ready;
} rsvg;

static gpointer
load_rsvg(gpointer unused)
{
	(void)unused;
	/* Never unloaded: librsvg's threads and types outlive any one use. */
	void *lib = dlopen("librsvg-2.so.2", RTLD_NOW | RTLD_LOCAL);
	if (!lib)
		return NULL;
	*(void **)&rsvg.new_from_data = dlsym(lib, "rsvg_handle_new_from_data");
	*(void **)&rsvg.set_dpi = dlsym(lib, "rsvg_handle_set_dpi");
	*(void **)&rsvg.size_in_pixels = dlsym(lib, "rsvg_handle_get_intrinsic_size_in_pixels");
	*(void **)&rsvg.dimensions = dlsym(lib, "rsvg_handle_get_intrinsic_dimensions");
	*(void **)&rsvg.render_document = dlsym(lib, "rsvg_handle_render_document");
	rsvg.ready = rsvg.new_from_data && rsvg.set_dpi && rsvg.size_in_pixels
	    && rsvg.dimensions && rsvg.render_document;
	return NULL;
}

struct pdf_svg {
	RsvgHandle *handle;
};

bool
pdf_svg_sniff(const unsigned char *data, size_t len, const char *path)
{
	size_t n = strlen(path);
	if (len >= 2 && data[0] == 0x1f && data[1] == 0x8b)    /* gzip: .svgz */
		return n > 5 && g_ascii_strcasecmp(path + n - 5, ".svgz") == 0;
	/* An XML declaration, comments or a doctype may come before <svg. */
	size_t head = len < 4096 ? len : 4096;
	for (size_t i = 0; i + 4 <= head; i++)
		if (memcmp(data + i, "<svg", 4) == 0)
			return true;
	return false;
}

/*
 * librsvg resolves `href`s (images, `<use>` of other files, stylesheets)
 * against the handle's base file and refuses every one when there is none:
 * no base is given, so an SVG reads nothing but its own bytes (data: URLs
 * included) and never the network, whatever --safe says.
 */
struct pdf_svg *
pdf_svg_new(const unsigned char *data, size_t len, double *w_px, double *h_px,
    const char **why)
{
	static GOnce once = G_ONCE_INIT;
	g_once(&once, load_rsvg, NULL);
	if (!rsvg.ready) {
		*why = "librsvg 2.52 or later is needed to draw SVG (Debian: librsvg2-2)";
		return NULL;
	}
	/* From memory, without GIO of gazette's own: linking GIO into the
	 * module costs every PDF its loading. */
	GError *err = NULL;
	RsvgHandle *h = rsvg.new_from_data(data, len, &err);
	if (!h) {
		*why = "librsvg cannot read it";
		g_clear_error(&err);
		return NULL;
	}
	rsvg.set_dpi(h, 96);
	/* Its size in CSS pixels when it gives one, else its viewBox's. */
	gdouble w = 0, ht = 0;
	if (!rsvg.size_in_pixels(h, &w, &ht) || w <= 0 || ht <= 0) {
		gboolean has_w, has_h, has_box;
		RsvgLength lw, lh;
		RsvgRectangle box;
		rsvg.dimensions(h, &has_w, &lw, &has_h, &lh, &has_box, &box);
		w = has_box ? box.width : 0;
		ht = has_box ? box.height : 0;
	}
	if (!(w > 0 && ht > 0 && w < 1e6 && ht < 1e6)) {
		*why = "it gives no usable size (width and height, or a viewBox)";
		g_object_unref(h);
		return NULL;
	}
	*w_px = w;
	*h_px = ht;
	struct pdf_svg *svg = gz_xcalloc(1, sizeof *svg);
	svg->handle = h;
	return svg;
}

void
pdf_svg_paint(cairo_t *cr, const struct pdf_svg *svg, double w_pt, double h_pt)
{
	RsvgRectangle viewport = { 0, 0, w_pt, h_pt };
	GError *err = NULL;
	/* A drawing librsvg stops half-way shows what it drew; the file was
	 * read and sized already, so there is nothing more to say. */
	if (!rsvg.render_document(svg->handle, cr, &viewport, &err))
		g_clear_error(&err);
}

void
pdf_svg_free(struct pdf_svg *svg)
{
	if (!svg)
		return;
	g_object_unref(svg->handle);
	free(svg);
}
