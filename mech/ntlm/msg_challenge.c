/* msg_challenge.c - TODO */
#include "config.h"
#include "ntlm.h"
