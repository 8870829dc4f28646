/* ncrypto.c - TODO */
#include "config.h"
#include "ncrypto.h"
