#include "CBuildInfo.h"

#ifndef LIFTREC_COMMIT
#define LIFTREC_COMMIT "unknown"
#endif

const char *liftrec_build_commit(void) { return LIFTREC_COMMIT; }
