/*
 * password.c - reading lines and passwords for ntlmtool: from standard
 * input, or from the terminal without echo, leaving no copy behind (a
 * pre-sized getline() buffer, an unbuffered terminal stream).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "common/secure.h"
#include "password.h"

int
ntlmtool_read_line(FILE *fp, char **out, size_t *out_len)
{
    char *line = NULL;
    size_t cap;
    ssize_t n;

    *out = NULL;
    *out_len = 0;
    /* Start big enough that getline() does not move (and so leave a
     * copy of) a password of any sensible length. */
    cap = 1024;
    line = calloc(1, cap);
    if (line == NULL)
        return -1;
    n = getline(&line, &cap, fp);
    if (n < 0) {
        ntlm_zfree(line, cap);
        return -1;
    }
    if (n > 0 && line[n - 1] == '\n')
        line[--n] = '\0';
    if (n > 0 && line[n - 1] == '\r')
        line[--n] = '\0';
    *out = line;
    *out_len = (size_t)n;
    return 0;
}

int
ntlmtool_prompt_password(const char *prompt, char **out, size_t *out_len)
{
    struct termios old, quiet;
    FILE *tty;
    int ret;

    *out = NULL;
    *out_len = 0;
    tty = fopen("/dev/tty", "r+");
    if (tty == NULL)
        return -1;
    /* No stdio buffer to keep a copy of the password after fclose(). */
    (void)setvbuf(tty, NULL, _IONBF, 0);
    if (tcgetattr(fileno(tty), &old) != 0) {
        fclose(tty);
        return -1;
    }
    /* Echo off (discarding what was typed ahead) before the prompt, so
     * that nothing typed after the prompt is echoed or discarded. */
    quiet = old;
    quiet.c_lflag &= ~(tcflag_t)ECHO;
    (void)tcsetattr(fileno(tty), TCSAFLUSH, &quiet);
    fprintf(tty, "%s", prompt);
    fflush(tty);
    ret = ntlmtool_read_line(tty, out, out_len);
    (void)tcsetattr(fileno(tty), TCSAFLUSH, &old);
    fprintf(tty, "\n");
    fclose(tty);
    return ret;
}

int
ntlmtool_get_password(const char *what, bool confirm, char **out,
                      size_t *out_len)
{
    char prompt[512];
    char *again = NULL;
    size_t again_len = 0;

    *out = NULL;
    *out_len = 0;
    if (!isatty(STDIN_FILENO)) {
        if (ntlmtool_read_line(stdin, out, out_len) != 0) {
            fprintf(stderr, "ntlmtool: no password on standard input\n");
            return -1;
        }
        return 0;
    }
    snprintf(prompt, sizeof(prompt), "Password for %s: ", what);
    if (ntlmtool_prompt_password(prompt, out, out_len) != 0) {
        fprintf(stderr, "ntlmtool: cannot read a password\n");
        return -1;
    }
    if (!confirm)
        return 0;
    if (ntlmtool_prompt_password("Again: ", &again, &again_len) != 0 ||
        again_len != *out_len || !ntlm_ct_equal(again, *out, *out_len)) {
        fprintf(stderr, "ntlmtool: the passwords differ\n");
        ntlm_zfreestr(again);
        ntlm_zfreestr(*out);
        *out = NULL;
        *out_len = 0;
        return -1;
    }
    ntlm_zfreestr(again);
    return 0;
}
