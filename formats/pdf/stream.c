/* stream.c: a long document laid out on this thread while a second one
 * paints each page as soon as it is complete. */
#include "pdf.h"

#include <stdlib.h>
#include <string.h>

/*
 * Laying out (breaking lines) and painting each take about half of a long
 * PDF's time, one after the other.  Here they overlap: this thread breaks
 * the texts in order and paginates as it goes (pdf_layout_stream,
 * pdf_paginate_more), and hands each complete page to the painter, a copy
 * of its atoms that no later growth of the layout moves.  The painter only
 * reads what the atoms point to; this thread frees it once the page is
 * painted.  Pages wait at most AHEAD deep, which bounds what is held.
 *
 * A document alone has one part (pdf_layout_part), so that a page's part,
 * which pdf_page_view looks up, never depends on atoms not expanded yet.
 *
 * What the two threads share: the fonts (pdf_fonts guards its tables, the
 * painter reads pango fonts only in ways that fill none of pango's caches,
 * and its running headers are laid out on a font map of their own), and
 * the queue below.  The PDF is the one pdf_paint makes, but for cairo's
 * six-letter subset tags: faces are subset before the last line is broken,
 * to what the document's characters can shape to (pdf_fonts_stream).
 */
enum { AHEAD = 24 };

/* A page for the painter. */
struct job {
	struct job *next;
	struct pdf_page_view view;      /* into the arrays below */
	struct pdf_atom *atoms;
	double *y_pt, *dx_pt;
	struct pdf_atom header_row;
};

struct stream {
	const struct gz_doc *doc;
	const struct pdf_style *st;
	struct pdf_fonts *fonts;
	struct gz_buf *out;
	struct pdf_pager pager;
	struct pdf_pages pages;
	size_t posted;                  /* pages handed to the painter */
	size_t freed;                   /* pages whose atoms are released */
	struct pdf_painter *painter;
	GThread *thread;
	/* Shared with the painter, under `lock`. */
	GMutex lock;
	GCond work, room;
	struct job *head, *tail;
	size_t painted;
	bool done;                      /* no page is to come */
};

static void
job_free(struct job *job)
{
	free(job->atoms);
	free(job->y_pt);
	free(job->dx_pt);
	free(job);
}

static gpointer
paint_pages(gpointer data)
{
	struct stream *s = data;
	pdf_fonts_own_measures();
	for (;;) {
		g_mutex_lock(&s->lock);
		while (!s->head && !s->done)
			g_cond_wait(&s->work, &s->lock);
		struct job *job = s->head;
		if (job && !(s->head = job->next))
			s->tail = NULL;
		g_mutex_unlock(&s->lock);
		if (!job)
			return NULL;
		pdf_paint_page(s->painter, &job->view);
		job_free(job);
		g_mutex_lock(&s->lock);
		s->painted++;
		g_cond_signal(&s->room);
		g_mutex_unlock(&s->lock);
	}
}

/* Starts the painter (the PDF's start, its furniture and the faces subset
 * so far on this thread; then the painting thread). */
static void
start_painter(struct stream *s, const struct pdf_layout *lo, bool several_pages)
{
	pdf_fonts_painting(s->fonts);
	s->painter = pdf_paint_begin(lo, several_pages, s->doc, s->st, s->fonts, s->out);
	s->thread = g_thread_try_new("gazette-paint", paint_pages, s, NULL);
}

/* Hands page `pi` to the painter, or paints it here when no thread could
 * be started. */
static void
post(struct stream *s, const struct pdf_layout *lo, size_t pi)
{
	struct pdf_page_view v = pdf_page_view(lo, &s->pages, pi);
	struct job *job = gz_xcalloc(1, sizeof *job);
	job->atoms = gz_xmalloc((v.count ? v.count : 1) * sizeof *job->atoms);
	job->y_pt = gz_xmalloc((v.count ? v.count : 1) * sizeof *job->y_pt);
	job->dx_pt = gz_xmalloc((v.count ? v.count : 1) * sizeof *job->dx_pt);
	if (v.count) {
		memcpy(job->atoms, v.atoms, v.count * sizeof *job->atoms);
		memcpy(job->y_pt, v.y_pt, v.count * sizeof *job->y_pt);
		memcpy(job->dx_pt, v.dx_pt, v.count * sizeof *job->dx_pt);
	}
	if (v.header_row) {
		job->header_row = *v.header_row;
		v.header_row = &job->header_row;
	}
	v.atoms = job->atoms;
	v.y_pt = job->y_pt;
	v.dx_pt = job->dx_pt;
	job->view = v;
	s->posted++;
	if (!s->thread) {
		pdf_paint_page(s->painter, &job->view);
		job_free(job);
		s->painted++;
		return;
	}
	g_mutex_lock(&s->lock);
	if (s->tail)
		s->tail->next = job;
	else
		s->head = job;
	s->tail = job;
	g_cond_signal(&s->work);
	g_mutex_unlock(&s->lock);
}

/* Releases what the painted pages' atoms hold. */
static void
release_painted(struct stream *s, struct pdf_layout *lo, size_t painted)
{
	for (; s->freed < painted; s->freed++)
		pdf_page_release(lo, &s->pages.pages[s->freed]);
}

/* Posts the pages complete so far; waits while AHEAD pages wait. */
static void
advance(struct stream *s, struct pdf_layout *lo, bool last)
{
	size_t count = pdf_paginate_more(&s->pager, lo, last);
	if (!s->painter && (count >= 2 || last))
		start_painter(s, lo, count >= 2);
	while (s->painter && s->posted < count) {
		post(s, lo, s->posted);
		g_mutex_lock(&s->lock);
		while (s->thread && s->posted - s->painted >= AHEAD)
			g_cond_wait(&s->room, &s->lock);
		size_t painted = s->painted;
		g_mutex_unlock(&s->lock);
		release_painted(s, lo, painted);
	}
}

static void
grown(void *ctx, struct pdf_layout *so_far)
{
	advance(ctx, so_far, false);
}

bool
pdf_stream(const struct gz_doc *doc, const struct pdf_style *st, struct pdf_fonts *fonts,
    struct gz_log *log, struct gz_buf *out)
{
	struct stream s = { .doc = doc, .st = st, .fonts = fonts, .out = out };
	g_mutex_init(&s.lock);
	g_cond_init(&s.work);
	g_cond_init(&s.room);
	pdf_paginate_begin(&s.pager, st, &s.pages);
	struct pdf_layout lo;
	pdf_layout_stream(&lo, doc, st, fonts, log, grown, &s);
	advance(&s, &lo, true);
	g_mutex_lock(&s.lock);
	s.done = true;
	g_cond_signal(&s.work);
	g_mutex_unlock(&s.lock);
	if (s.thread)
		g_thread_join(s.thread);
	bool ok = pdf_paint_end(s.painter, &lo, log);
	pdf_pages_free(&s.pages);
	pdf_layout_free(&lo);
	g_cond_clear(&s.room);
	g_cond_clear(&s.work);
	g_mutex_clear(&s.lock);
	return ok;
}
