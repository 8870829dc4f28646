/* av_pairs.c - TODO */
#include "config.h"
#include "ntlm.h"
