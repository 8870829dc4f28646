/* utf16.c - TODO */
#include "config.h"
#include "ntlm.h"
