/* winbind.c - TODO */
#include "config.h"
#include "winbind.h"
