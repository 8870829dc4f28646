/* msg_negotiate.c - TODO */
#include "config.h"
#include "ntlm.h"
