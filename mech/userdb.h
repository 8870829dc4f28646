/* userdb.h - TODO */
#ifndef NTLMGSS_USERDB_H
#define NTLMGSS_USERDB_H
#endif
