/* harness.h: a small unit-test harness: checks that say where and what failed. */
#ifndef GZ_HARNESS_H
#define GZ_HARNESS_H

#include <stdio.h>
#include <string.h>

static int harness_passed, harness_failed;

#define CHECK(cond) \
	((cond) ? (void)harness_passed++ \
		: (void)(harness_failed++, fprintf(stderr, "%s:%d: check failed: %s\n", \
		    __FILE__, __LINE__, #cond)))

#define CHECK_STR(got, want) do { \
	const char *got_ = (got), *want_ = (want); \
	if (got_ && want_ && strcmp(got_, want_) == 0) { \
		harness_passed++; \
	} else { \
		harness_failed++; \
		fprintf(stderr, "%s:%d: %s\n  got:  %s%s%s\n  want: \"%s\"\n", __FILE__, __LINE__, \
		    #got, got_ ? "\"" : "", got_ ? got_ : "NULL", got_ ? "\"" : "", \
		    want_ ? want_ : "NULL"); \
	} \
} while (0)

/* Ends main(): prints the counts in the form CI reads and sets the exit code. */
#define HARNESS_DONE() \
	(printf("%d passed, %d failed\n", harness_passed, harness_failed), \
	    harness_failed ? 1 : 0)

#endif /* GZ_HARNESS_H */
