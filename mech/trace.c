/* trace.c - TODO */
#include "config.h"
#include "trace.h"
