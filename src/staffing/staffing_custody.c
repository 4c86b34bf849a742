/* staffing_custody.c — checks of the custody chain of exam materials
 * (region → municipality → point → room): counts that do not add up. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/hashset.h"
#include "staffing/staffing.h"

static size_t act_key(char *buf, size_t n, const char *exam, const char *level, const char *code)
{
    int k = snprintf(buf, n, "%s|%s|%s", exam, level, code);
    return k < 0 ? 0 : (size_t)k < n ? (size_t)k : n - 1;
}

static int set_reason(char **slot, const char *text)
{
    size_t old = *slot ? strlen(*slot) : 0, add = strlen(text);
    char *p = realloc(*slot, old + add + 3);
    if (!p)
        return AT_ENOMEM;
    if (old)
        memcpy(p + old, "; ", 2), old += 2;
    memcpy(p + old, text, add + 1);
    *slot = p;
    return AT_OK;
}

int staffing_custody_check(const staffing_act *a, size_t n, char **mismatch)
{
    for (size_t i = 0; i < n; i++)
        mismatch[i] = NULL;
    hashset *byto = hashset_new();
    long *child_received = calloc(n + 1, sizeof *child_received);
    long *parent = malloc((n + 1) * sizeof *parent);
    int rc = AT_ENOMEM;
    if (!byto || !child_received || !parent)
        goto out;
    char key[512], msg[512];
    /* Acts by what they hand to (exam, level, code). */
    for (size_t i = 0; i < n; i++) {
        long first;
        hashset_add(byto, key, act_key(key, sizeof key, a[i].exam, a[i].to_level, a[i].to_code), (long)i, &first);
    }
    /* Each act's parent: the act that brought the materials to its sender. */
    for (size_t i = 0; i < n; i++) {
        parent[i] = -1;
        size_t kl = act_key(key, sizeof key, a[i].exam, a[i].from_level, a[i].from_code);
        long first;
        if (!hashset_add(byto, key, kl, -1, &first))
            parent[i] = first;
        if (parent[i] >= 0 && a[i].signed_)
            child_received[parent[i]] += a[i].received;
    }
    rc = AT_OK;
    for (size_t i = 0; i < n && rc == AT_OK; i++) {
        if (a[i].signed_ && a[i].received != a[i].sent) {
            snprintf(msg, sizeof msg, "received %ld of %ld sent", a[i].received, a[i].sent);
            rc = set_reason(&mismatch[i], msg);
        }
        long p = parent[i];
        if (rc != AT_OK || p < 0 || !a[i].signed_)
            continue;
        if (!a[p].signed_) {
            snprintf(msg, sizeof msg, "handed on by %s %s, whose own receipt is not signed", a[i].from_level,
                     a[i].from_code);
            rc = set_reason(&mismatch[i], msg);
        } else if (child_received[p] > a[p].received) {
            snprintf(msg, sizeof msg, "%s %s received %ld, but its onward acts were received as %ld in all",
                     a[i].from_level, a[i].from_code, a[p].received, child_received[p]);
            rc = set_reason(&mismatch[i], msg);
        }
    }
out:
    if (byto)
        hashset_free(byto);
    free(child_received);
    free(parent);
    if (rc != AT_OK)
        for (size_t i = 0; i < n; i++) {
            free(mismatch[i]);
            mismatch[i] = NULL;
        }
    return rc;
}
