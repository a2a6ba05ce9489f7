#ifndef PFDO_CTESSERACT_SHIM_H
#define PFDO_CTESSERACT_SHIM_H
#include <tesseract/capi.h>
#include <leptonica/allheaders.h>

#if defined(__linux__)
#include <stdio.h>
#include <sys/types.h>
/* glibc's fopencookie (a FILE* whose writes call a function), used to keep the image libraries'
   messages off stderr. Swift's Glibc module hides it (no _GNU_SOURCE): declared here with the same layout. */
#ifdef __USE_GNU
typedef cookie_io_functions_t pfdo_cookie_io;
#else
typedef struct pfdo_cookie_io {
    ssize_t (*read)(void *cookie, char *buf, size_t size);
    ssize_t (*write)(void *cookie, const char *buf, size_t size);
    int (*seek)(void *cookie, long *offset, int whence);
    int (*close)(void *cookie);
} pfdo_cookie_io;
extern FILE *fopencookie(void *cookie, const char *mode, pfdo_cookie_io io_funcs);
#endif
#endif

#endif
