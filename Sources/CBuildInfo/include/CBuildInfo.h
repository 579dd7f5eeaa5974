// Facts fixed when liftrec is built. scripts/install defines LIFTREC_COMMIT (with -Xcc) from git;
// a plain `swift build` leaves it undefined, and the commit then reads "unknown".
#ifndef CBUILDINFO_H
#define CBUILDINFO_H

/// The git commit liftrec was built from, or "unknown".
const char *liftrec_build_commit(void);

#endif
