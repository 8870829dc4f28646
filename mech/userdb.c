/* userdb.c - TODO */
#include "config.h"
#include "userdb.h"
