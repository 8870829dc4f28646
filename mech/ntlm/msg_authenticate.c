/* msg_authenticate.c - TODO */
#include "config.h"
#include "ntlm.h"
