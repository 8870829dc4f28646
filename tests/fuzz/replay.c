/*
 * replay.c - a plain driver for the fuzz targets: feeds every file of the
 * corpus directories (or files) given on the command line, or of the
 * built-in FUZZ_CORPUS_DIR when there are none, to LLVMFuzzerTestOneInput.
 * Built and run by `make check`, so the sanitizer build replays every
 * corpus; exits non-zero if a directory cannot be read or is empty.
 */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fuzz.h"

/* run_file - read path whole and run the target on it; 0 or -1. */
static int
run_file(const char *path)
{
    FILE *f;
    uint8_t *buf = NULL, *nb;
    size_t len = 0, cap = 0, n;

    f = fopen(path, "rb");
    if (f == NULL) {
        fprintf(stderr, "replay: %s: %s\n", path, strerror(errno));
        return -1;
    }
    for (;;) {
        if (len == cap) {
            cap = cap ? cap * 2 : 4096;
            nb = realloc(buf, cap);
            if (nb == NULL) {
                free(buf);
                fclose(f);
                return -1;
            }
            buf = nb;
        }
        n = fread(buf + len, 1, cap - len, f);
        if (n == 0)
            break;
        len += n;
    }
    fclose(f);
    (void)LLVMFuzzerTestOneInput(buf, len);
    free(buf);
    return 0;
}

/* run_path - a file, or every regular file in a directory; count runs. */
static int
run_path(const char *path, size_t *count)
{
    struct stat st;
    struct dirent *de;
    DIR *d;
    char *sub;
    size_t n;
    int ret = 0;

    if (stat(path, &st) != 0) {
        fprintf(stderr, "replay: %s: %s\n", path, strerror(errno));
        return -1;
    }
    if (!S_ISDIR(st.st_mode)) {
        ret = run_file(path);
        if (ret == 0)
            (*count)++;
        return ret;
    }
    d = opendir(path);
    if (d == NULL)
        return -1;
    while ((de = readdir(d)) != NULL) {
        if (de->d_name[0] == '.')
            continue;
        n = strlen(path) + strlen(de->d_name) + 2;
        sub = malloc(n);
        if (sub == NULL) {
            ret = -1;
            break;
        }
        snprintf(sub, n, "%s/%s", path, de->d_name);
        if (stat(sub, &st) == 0 && S_ISREG(st.st_mode)) {
            if (run_file(sub) != 0)
                ret = -1;
            else
                (*count)++;
        }
        free(sub);
    }
    closedir(d);
    return ret;
}

int
main(int argc, char **argv)
{
    size_t count = 0;
    int i, ret = 0;

    if (argc < 2) {
        ret = run_path(FUZZ_CORPUS_DIR, &count);
    } else {
        for (i = 1; i < argc; i++) {
            if (run_path(argv[i], &count) != 0)
                ret = -1;
        }
    }
    printf("replay %s: %zu inputs\n", argc < 2 ? FUZZ_CORPUS_DIR : "args",
           count);
    if (ret != 0 || count == 0)
        return EXIT_FAILURE;
    return EXIT_SUCCESS;
}
