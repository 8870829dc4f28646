/* password.h - reading lines and passwords for ntlmtool. */
#ifndef NTLMTOOL_PASSWORD_H
#define NTLMTOOL_PASSWORD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/* ntlmtool_read_line - one line of fp without its newline (or "\r\n") in
 * *out (malloc'd, sized so that getline() never moves a password; the
 * caller wipes it with ntlm_zfree(*out, *out_len)).  0, or -1 at the end
 * of the input or on error (*out is then NULL). */
int ntlmtool_read_line(FILE *fp, char **out, size_t *out_len);

/* ntlmtool_prompt_password - print prompt on the controlling terminal and
 * read a line there without echo.  0, or -1 when there is no terminal. */
int ntlmtool_prompt_password(const char *prompt, char **out,
                             size_t *out_len);

/* ntlmtool_get_password - the password for what: asked on the terminal
 * (twice if confirm) when standard input is a terminal, else one line of
 * standard input.  0, or -1 after printing why. */
int ntlmtool_get_password(const char *what, bool confirm, char **out,
                          size_t *out_len);

#endif /* NTLMTOOL_PASSWORD_H */
