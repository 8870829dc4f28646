/* config.h - TODO */
#ifndef NTLMGSS_CONFIG_H
#define NTLMGSS_CONFIG_H
#endif
