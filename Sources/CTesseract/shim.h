#ifndef PFDO_CTESSERACT_SHIM_H
#define PFDO_CTESSERACT_SHIM_H
#include <tesseract/capi.h>
#include <leptonica/allheaders.h>
#endif
