/* nconfig.c - TODO */
#include "config.h"
#include "nconfig.h"
