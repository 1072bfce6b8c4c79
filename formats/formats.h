/* formats.h: the backends, and what they share with each other. */
#ifndef GZ_FORMATS_H
#define GZ_FORMATS_H

#include "internal.h"

extern const struct gz_format gz_format_html;
extern const struct gz_format gz_format_tree;

#endif /* GZ_FORMATS_H */
