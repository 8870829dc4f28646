/* winbind.h - TODO */
#ifndef NTLMGSS_WINBIND_H
#define NTLMGSS_WINBIND_H
#endif
