/*
 * replay.c - plain driver for the fuzz targets of this directory: runs
 * LLVMFuzzerTestOneInput on every file of the directories (or files) on
 * the command line, or of FUZZ_CORPUS_DIR.  `make check` runs it, so the
 * sanitizer build replays every corpus.  Fails on an empty corpus.
 */
#include "config.h"

#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int
run_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    uint8_t *buf;
    long n;

    if (f == NULL || fseek(f, 0, SEEK_END) != 0 || (n = ftell(f)) < 0) {
        if (f != NULL)
            fclose(f);
        return -1;
    }
    rewind(f);
    buf = malloc((size_t)n + 1);
    if (buf == NULL || fread(buf, 1, (size_t)n, f) != (size_t)n) {
        free(buf);
        fclose(f);
        return -1;
    }
    fclose(f);
    (void)LLVMFuzzerTestOneInput(buf, (size_t)n);
    free(buf);
    return 0;
}

static int
run_path(const char *path, size_t *count)
{
    struct stat st;
    struct dirent *de;
    char sub[4096];
    DIR *d;
    int ret = 0;

    if (stat(path, &st) != 0)
        return -1;
    if (!S_ISDIR(st.st_mode)) {
        if (run_file(path) != 0)
            return -1;
        (*count)++;
        return 0;
    }
    d = opendir(path);
    if (d == NULL)
        return -1;
    while ((de = readdir(d)) != NULL) {
        if (de->d_name[0] == '.')
            continue;
        snprintf(sub, sizeof(sub), "%s/%s", path, de->d_name);
        if (stat(sub, &st) != 0 || !S_ISREG(st.st_mode))
            continue;
        if (run_file(sub) != 0)
            ret = -1;
        else
            (*count)++;
    }
    closedir(d);
    return ret;
}

int
main(int argc, char **argv)
{
    size_t count = 0;
    int i, ret = 0;

    (void)LLVMFuzzerInitialize(&argc, &argv);
    if (argc < 2)
        ret = run_path(FUZZ_CORPUS_DIR, &count);
    for (i = 1; i < argc; i++) {
        if (run_path(argv[i], &count) != 0)
            ret = -1;
    }
    printf("replay %s: %zu inputs\n", argc < 2 ? FUZZ_CORPUS_DIR : "args",
           count);
    return ret != 0 || count == 0 ? EXIT_FAILURE : EXIT_SUCCESS;
}
