/* signseal.c - TODO */
#include "config.h"
#include "ntlm.h"
