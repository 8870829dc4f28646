/* trace.h - TODO */
#ifndef NTLMGSS_TRACE_H
#define NTLMGSS_TRACE_H
#endif
