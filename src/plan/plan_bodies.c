/* plan_bodies.c — the vocabulary of responsible bodies named in plans, and the
 * splitting of a "responsible" cell into bodies.
 *
 * The table below is vocabulary, not rules: the names under which the same
 * body appears in the plans (abbreviation, full Russian name, full Kazakh
 * name, the usual misspellings). A pattern is a sequence of lower-case words;
 * a word ending in '*' matches any word it begins ("образован*" matches
 * "образования", "образование"), other words match whole words only; ","
 * matches a comma (for names that contain one). Line breaks inside a name are
 * ignored. At each word the longest pattern wins, so "председатель
 * экзаменационной комиссии" is the chair, not the commission.
 *
 * Splitting is conservative: a cell is split on commas, semicolons and line
 * breaks, and between two known names ("Инновационный центр развития
 * образования Управление образования" is two bodies); a conjunction ("и",
 * "және", "мен") is dropped only where it stands between names. Persons
 * ("А. С. Такиева", "Абулашова А.О.") become "person:Фамилия И.О."; any other
 * phrase is kept as written under "other:<folded phrase>". */
#include <stdlib.h>
#include <string.h>

#include "core/text.h"
#include "plan/plan_table_internal.h"

typedef struct {
    const char *code, *name, *name_kk;
    plan_body_kind kind;
    const char *pat[10];
} known_body;

static const known_body KNOWN[] = {
    {"УО АНМО", "Управление образования администрации Новокузнецкого муниципального округа", "", PLAN_BODY_ORG,
     {"уо анмо", "уоанмо", "управлен* образован* анмо", "управлен* образован* администрац* новокузнецк* муниципальн* округ*"}},
    {"УО", "Управление образования", "Білім беру басқармасы", PLAN_BODY_ORG,
     {"уо", "управлен* образован*", "білім беру басқарма*", "білім басқарма*",
      "управлен* образован* , молодежн* политик* и спорт*"}},
    {"ИЦРО", "Инновационный центр развития образования", "Білім беруді дамытудың инновациялық орталығы", PLAN_BODY_ORG,
     {"ицро", "ббдио", "инновацион* центр* развит* образован*", "білім беруді дамыт* инновациял* орталығ*"}},
    {"ОтдО", "Отделы образования", "Білім беру бөлімдері", PLAN_BODY_ORG,
     {"отдел* образован*", "білім беру бөлім*", "білім бөлім*", "районн* и городск* отдел* образован*",
      "аудандық және қалалық білім беру бөлім*"}},
    {"МК", "Методические кабинеты", "Әдістемелік кабинеттер", PLAN_BODY_ORG,
     {"методкабинет*", "методическ* кабинет*", "городск* и районн* методическ* кабинет*", "рай гор методкабинет*",
      "әдістемелік кабинет*", "қалалық және аудандық әдістемелік кабинет*", "аудандық қалалық әдістемелік кабинет*"}},
    {"ОО", "Организации образования", "Білім беру ұйымдары", PLAN_BODY_ORG,
     {"оо", "организац* образован*", "организац* средн* образован*", "общеобразовательн* организац*",
      "образовательн* организац*", "білім беру ұйым*", "орта білім беру ұйым*"}},
    {"МОУО", "Муниципальные органы управления образованием", "", PLAN_BODY_ORG,
     {"моуо", "моу о", "муниципальн* орган* управлен* образован*"}},
    {"РЦОИ", "Региональный центр обработки информации", "", PLAN_BODY_ORG,
     {"рцои", "регионал* центр* обработк* информац*"}},
    {"ИМЦ", "МАОУ ДПО «Информационно-методический центр»", "", PLAN_BODY_ORG,
     {"имц", "маоу дпо имц", "моу дпо имц", "информационно методическ* центр*"}},
    {"УГУиОКО МОК", "Управление государственных услуг и оценки качества образования Министерства образования Кузбасса",
     "", PLAN_BODY_ORG, {"угуиоко мок", "угуиоко"}},
    {"ГКУ КЦМКО", "ГКУ «Кузбасский центр мониторинга качества образования»", "", PLAN_BODY_ORG,
     {"гку кцмко", "кцмко"}},
    {"ИРОК", "Институт развития образования Кузбасса", "", PLAN_BODY_ORG, {"ирок"}},
    {"КРЦППМиСП", "Кузбасский региональный центр психолого-педагогической, медицинской и социальной помощи", "",
     PLAN_BODY_ORG, {"крцппмисп"}},
    {"УФГК(Н) МОК", "Управление федерального государственного контроля (надзора) Министерства образования Кузбасса",
     "", PLAN_BODY_ORG, {"уфгк н мок"}},
    {"ГЭК", "Государственная экзаменационная комиссия", "", PLAN_BODY_ORG, {"гэк"}},
    {"НЦТ", "Национальный центр тестирования", "Ұлттық тестілеу орталығы", PLAN_BODY_ORG,
     {"нцт", "ұто", "национальн* центр* тестирован*", "ұлттық тестілеу орталығ*"}},
    {"администрация школы", "Администрация школы", "Мектеп әкімшілігі", PLAN_BODY_ROLE,
     {"администрац* школ*", "мектеп әкімшілі*"}},
    {"директора спецшкол", "Директора специализированных школ", "Мамандандырылған мектеп директорлары",
     PLAN_BODY_ROLE, {"директор* специализирован* школ*", "мамандандырылған мектеп директор*"}},
    {"руководители ОО", "Руководители ОО", "Білім беру ұйымдарының басшылары", PLAN_BODY_ROLE,
     {"руководител* оо", "руководител* оо по списку", "руководител* общеобразовательн* организац*",
      "білім беру ұйымдарының басшы*"}},
    {"методисты УО", "Методисты управления образования", "", PLAN_BODY_ROLE,
     {"методист* уо", "методист* куратор* школ*"}},
    {"заведующий ИМЦ", "Заведующий ИМЦ", "", PLAN_BODY_ROLE, {"зав* имц", "заведующ* имц"}},
    {"начальник УО", "Начальник управления образования", "", PLAN_BODY_ROLE, {"начальник* уо"}},
    {"экзаменационная комиссия", "Экзаменационная комиссия", "Емтихан комиссиясы", PLAN_BODY_ORG,
     {"экзаменацион* комисс*", "емтихан комиссия*", "емтихан тапсыру комиссия*"}},
    {"председатель экзаменационной комиссии", "Председатель экзаменационной комиссии",
     "Емтихан комиссиясының төрағасы", PLAN_BODY_ROLE,
     {"председател* экзаменацион* комисс*", "емтихан комиссия* төраға*"}},
    {"аттестационная комиссия", "Аттестационная комиссия", "Аттестаттау комиссиясы", PLAN_BODY_ORG,
     {"аттестацион* комисс*", "аттест* комиссия*"}},
    {"председатель аттестационной комиссии", "Председатель аттестационной комиссии",
     "Аттестаттау комиссиясының төрағасы", PLAN_BODY_ROLE,
     {"председател* аттестацион* комисс*", "аттест* комиссия* төраға*"}},
    {"председатель апелляционной комиссии", "Председатель апелляционной комиссии",
     "Апелляциялық комиссияның төрағасы", PLAN_BODY_ROLE,
     {"председател* апелляцион* комисс*", "апелляциялық комиссия* төраға*"}},
    {"учителя-предметники", "Учителя-предметники", "Пән мұғалімдері", PLAN_BODY_ROLE,
     {"учител* предметник*", "пән мұғалім*"}},
    {"психолог", "Педагог-психолог", "Психолог", PLAN_BODY_ROLE, {"психолог*", "мектеп психолог*", "педагог* психолог*"}},
    {"члены комиссии", "Члены комиссии", "Комиссия мүшелері", PLAN_BODY_ROLE, {"комиссия мүшелері", "члены комиссии"}},
    {"классные руководители", "Классные руководители", "Сынып жетекшілері", PLAN_BODY_ROLE,
     {"сынып жетекші*", "классн* руководител*"}},
};
#define NKNOWN (sizeof KNOWN / sizeof KNOWN[0])

/* ---- tokens ---------------------------------------------------------------- */

typedef enum { TK_WORD, TK_SEP, TK_NL } tk_kind;

typedef struct {
    tk_kind kind;
    size_t start, end; /* bytes in the cell */
    char fold[96];     /* folded word */
} token;

static size_t utf8_decode(const char *s, unsigned *cp) {
    const unsigned char *u = (const unsigned char *)s;
    if (u[0] < 0x80) { *cp = u[0]; return 1; }
    if ((u[0] & 0xE0) == 0xC0 && u[1]) { *cp = ((u[0] & 0x1Fu) << 6) | (u[1] & 0x3Fu); return 2; }
    if ((u[0] & 0xF0) == 0xE0 && u[1] && u[2]) {
        *cp = ((u[0] & 0x0Fu) << 12) | ((u[1] & 0x3Fu) << 6) | (u[2] & 0x3Fu);
        return 3;
    }
    if ((u[0] & 0xF8) == 0xF0 && u[1] && u[2] && u[3]) {
        *cp = ((u[0] & 0x07u) << 18) | ((u[1] & 0x3Fu) << 12) | ((u[2] & 0x3Fu) << 6) | (u[3] & 0x3Fu);
        return 4;
    }
    *cp = 0xFFFD;
    return 1;
}

static bool is_word_cp(unsigned cp) {
    return (cp >= '0' && cp <= '9') || (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') ||
           (cp >= 0x400 && cp <= 0x4FF) || (cp >= 0xC0 && cp <= 0x24F);
}

static bool is_upper_cp(unsigned cp) {
    if (cp >= 0x410 && cp <= 0x42F) return true;
    if (cp == 0x401 || cp == 0x406) return true;
    if (cp >= 0x490 && cp <= 0x4FF) return (cp & 1u) == 0; /* Ғ Қ Ң Ү Ұ Һ Ә Ө … (even = capital) */
    return cp >= 'A' && cp <= 'Z';
}

static bool is_lower_cp(unsigned cp) {
    if (cp >= 0x430 && cp <= 0x44F) return true;
    if (cp == 0x451 || cp == 0x456) return true;
    if (cp >= 0x490 && cp <= 0x4FF) return (cp & 1u) == 1;
    return cp >= 'a' && cp <= 'z';
}

/* Tokens of s: words (folded), separators (',' ';') and line breaks. Returns
 * the count, or (size_t)-1 when out of memory. */
static size_t tokenize(const char *s, token **out) {
    size_t n = 0, cap = 16;
    token *t = malloc(cap * sizeof *t);
    if (!t) return (size_t)-1;
    size_t i = 0;
    while (s[i]) {
        unsigned cp;
        size_t l = utf8_decode(s + i, &cp);
        if (is_word_cp(cp)) {
            size_t j = i;
            while (s[j]) {
                unsigned c2;
                size_t l2 = utf8_decode(s + j, &c2);
                if (!is_word_cp(c2)) break;
                j += l2;
            }
            if (n == cap) {
                token *nt = realloc(t, (cap *= 2) * sizeof *t);
                if (!nt) { free(t); return (size_t)-1; }
                t = nt;
            }
            token *k = &t[n++];
            k->kind = TK_WORD;
            k->start = i;
            k->end = j;
            char word[96];
            size_t wl = j - i < sizeof word - 1 ? j - i : sizeof word - 1;
            memcpy(word, s + i, wl);
            word[wl] = '\0';
            if (text_fold(word, k->fold, sizeof k->fold) != 0) memcpy(k->fold, word, wl + 1);
            i = j;
            continue;
        }
        if (cp == ',' || cp == ';' || cp == '\n') {
            if (n == cap) {
                token *nt = realloc(t, (cap *= 2) * sizeof *t);
                if (!nt) { free(t); return (size_t)-1; }
                t = nt;
            }
            token *k = &t[n++];
            k->kind = cp == '\n' ? TK_NL : TK_SEP;
            k->start = i;
            k->end = i + 1;
            k->fold[0] = (char)cp;
            k->fold[1] = '\0';
        }
        i += l;
    }
    *out = t;
    return n;
}

/* Length in tokens of pattern p matched at t[i], or 0. Line breaks in the text
 * are skipped inside a name. */
static size_t match_pattern(const char *p, const token *t, size_t n, size_t i) {
    size_t k = i;
    const char *q = p;
    while (*q) {
        while (*q == ' ') q++;
        if (!*q) break;
        const char *e = q;
        while (*e && *e != ' ') e++;
        size_t wl = (size_t)(e - q);
        bool prefix = wl > 0 && q[wl - 1] == '*';
        if (prefix) wl--;
        while (k < n && t[k].kind == TK_NL && k > i) k++;
        if (k >= n) return 0;
        if (wl == 1 && q[0] == ',') {
            if (t[k].kind != TK_SEP || t[k].fold[0] != ',') return 0;
        } else {
            if (t[k].kind != TK_WORD) return 0;
            size_t fl = strlen(t[k].fold);
            if (prefix ? (fl < wl || memcmp(t[k].fold, q, wl) != 0) : (fl != wl || memcmp(t[k].fold, q, wl) != 0))
                return 0;
        }
        k++;
        q = e;
    }
    return k - i;
}

static const known_body *match_known(const token *t, size_t n, size_t i, size_t *len) {
    const known_body *best = NULL;
    size_t bl = 0;
    for (size_t b = 0; b < NKNOWN; b++)
        for (size_t p = 0; p < 10 && KNOWN[b].pat[p]; p++) {
            size_t l = match_pattern(KNOWN[b].pat[p], t, n, i);
            if (l > bl) { bl = l; best = &KNOWN[b]; }
        }
    *len = bl;
    return best;
}

static bool is_conjunction(const char *fold) {
    return !strcmp(fold, "и") || !strcmp(fold, "және") || !strcmp(fold, "мен") ||
           !strcmp(fold, "также") || !strcmp(fold, "немесе") || !strcmp(fold, "или");
}

static bool is_preposition(const char *fold) {
    static const char *const P[] = {"по", "при", "в", "на", "с", "для", "из", "во", "со"};
    for (size_t i = 0; i < sizeof P / sizeof P[0]; i++)
        if (!strcmp(fold, P[i])) return true;
    return false;
}

/* ---- persons --------------------------------------------------------------- */

typedef struct {
    size_t start, end; /* bytes in the phrase */
    int kind;          /* 0 other word, 1 initial "А.", 2 capitalised word "Такиева" */
} ptoken;

/* Splits a phrase into words, marking initials and capitalised words. */
static size_t person_tokens(const char *s, ptoken *pt, size_t max) {
    size_t n = 0, i = 0;
    while (s[i] && n < max) {
        unsigned cp;
        size_t l = utf8_decode(s + i, &cp);
        if (!is_word_cp(cp) && cp != '-') { i += l; continue; }
        size_t j = i, letters = 0;
        bool first_upper = is_upper_cp(cp), rest_lower = true;
        while (s[j]) {
            unsigned c2;
            size_t l2 = utf8_decode(s + j, &c2);
            if (!is_word_cp(c2) && !(c2 == '-' && letters > 0)) break;
            if (letters > 0 && c2 != '-' && !is_lower_cp(c2) && !(c2 == '-')) {
                /* a capital after a hyphen is fine ("Римская-Корсакова") */
                if (!(j > 0 && s[j - 1] == '-' && is_upper_cp(c2))) rest_lower = false;
            }
            letters++;
            j += l2;
        }
        ptoken *p = &pt[n++];
        p->start = i;
        p->end = j;
        if (letters == 1 && first_upper && s[j] == '.') {
            p->kind = 1;
            p->end = j + 1;
        } else if (letters >= 3 && first_upper && rest_lower) {
            p->kind = 2;
        } else {
            p->kind = 0;
        }
        i = p->end;
    }
    return n;
}

/* "Такиева А.С." from the surname and initials tokens. */
static char *person_name(const char *s, const ptoken *sur, const ptoken *ini, size_t nini) {
    size_t sl = sur->end - sur->start;
    char *out = malloc(sl + 2 + nini * 4 + 1);
    if (!out) return NULL;
    memcpy(out, s + sur->start, sl);
    size_t o = sl;
    out[o++] = ' ';
    for (size_t k = 0; k < nini; k++) {
        size_t il = ini[k].end - ini[k].start; /* letter + '.' */
        memcpy(out + o, s + ini[k].start, il);
        o += il;
    }
    out[o] = '\0';
    return out;
}

/* ---- splitting ------------------------------------------------------------- */

static int emit_other(const char *phrase, plan_body_cb cb, void *ctx) {
    /* trim punctuation and spaces at both ends, collapse white space */
    size_t a = 0, b = strlen(phrase);
    while (a < b && (phrase[a] == ' ' || phrase[a] == '-' || phrase[a] == '.' || phrase[a] == '/' ||
                     phrase[a] == '(' || phrase[a] == ':'))
        a++;
    while (b > a && (phrase[b - 1] == ' ' || phrase[b - 1] == '.' || phrase[b - 1] == '-' || phrase[b - 1] == '/' ||
                     phrase[b - 1] == ':'))
        b--;
    if (a == b) return AT_OK;
    char *clean = malloc(b - a + 1);
    if (!clean) return AT_ENOMEM;
    size_t o = 0;
    for (size_t i = a; i < b; i++) {
        char c = phrase[i];
        if (c == '\n' || c == '\t' || c == '\r') c = ' ';
        if (c == ' ' && o > 0 && clean[o - 1] == ' ') continue;
        clean[o++] = c;
    }
    clean[o] = '\0';
    size_t fl = o * 2 + 16;
    char *code = malloc(fl + 6);
    if (!code) { free(clean); return AT_ENOMEM; }
    memcpy(code, "other:", 6);
    if (text_fold(clean, code + 6, fl) != 0) memcpy(code + 6, clean, o + 1);
    int rc = cb(ctx, code, clean, "", PLAN_BODY_OTHER);
    free(code);
    free(clean);
    return rc;
}

/* An unknown phrase: persons in it are taken out, the rest is one "other". */
static int emit_phrase(const char *phrase, plan_body_cb cb, void *ctx) {
    ptoken pt[64];
    size_t n = person_tokens(phrase, pt, 64);
    size_t rest_from = 0; /* byte where the not-yet-emitted text starts */
    for (size_t i = 0; i < n;) {
        size_t ini = 0, sur = (size_t)-1, used = 0;
        ptoken ibuf[3];
        if (pt[i].kind == 1) { /* А. С. Такиева / Н. Азанбаева */
            while (i + ini < n && ini < 3 && pt[i + ini].kind == 1) { ibuf[ini] = pt[i + ini]; ini++; }
            if (i + ini < n && pt[i + ini].kind == 2) { sur = i + ini; used = ini + 1; }
        } else if (pt[i].kind == 2 && i + 1 < n && pt[i + 1].kind == 1) { /* Абулашова А.О. */
            while (i + 1 + ini < n && ini < 3 && pt[i + 1 + ini].kind == 1) { ibuf[ini] = pt[i + 1 + ini]; ini++; }
            sur = i;
            used = ini + 1;
        }
        if (sur == (size_t)-1) { i++; continue; }
        size_t pstart = pt[i].start;
        if (pstart > rest_from) {
            char *before = strndup(phrase + rest_from, pstart - rest_from);
            if (!before) return AT_ENOMEM;
            int rc = emit_other(before, cb, ctx);
            free(before);
            if (rc) return rc;
        }
        char *name = person_name(phrase, &pt[sur], ibuf, ini);
        if (!name) return AT_ENOMEM;
        char *code = malloc(strlen(name) + 8);
        if (!code) { free(name); return AT_ENOMEM; }
        memcpy(code, "person:", 7);
        strcpy(code + 7, name);
        int rc = cb(ctx, code, name, "", PLAN_BODY_PERSON);
        free(code);
        free(name);
        if (rc) return rc;
        rest_from = pt[i + used - 1].end;
        i += used;
    }
    return emit_other(phrase + rest_from, cb, ctx);
}

int plan_bodies_split(const char *cell, plan_body_cb cb, void *ctx) {
    token *t = NULL;
    size_t n = tokenize(cell, &t);
    if (n == (size_t)-1) return AT_ENOMEM;
    int rc = AT_OK;
    size_t i = 0;
    size_t ph_start = 0, ph_end = 0; /* words of the unknown phrase being gathered: [ph_start, ph_end) tokens */
    bool in_phrase = false, after_known = false;
    while (rc == AT_OK && i <= n) {
        size_t len = 0;
        const known_body *kb = i < n && t[i].kind == TK_WORD ? match_known(t, n, i, &len) : NULL;
        bool boundary = i == n || t[i].kind != TK_WORD || kb;
        if (boundary && in_phrase) {
            size_t a = t[ph_start].start, b = t[ph_end - 1].end;
            if (cell[b] == '.') b++; /* the last initial's dot */
            char *phrase = strndup(cell + a, b - a);
            if (!phrase) { rc = AT_ENOMEM; break; }
            rc = emit_phrase(phrase, cb, ctx);
            free(phrase);
            in_phrase = false;
            if (rc) break;
        }
        if (i == n) break;
        if (kb) {
            rc = cb(ctx, kb->code, kb->name, kb->name_kk, kb->kind);
            i += len;
            after_known = true;
            continue;
        }
        if (t[i].kind != TK_WORD) {
            after_known = false;
            i++;
            continue;
        }
        if (!in_phrase) {
            if (is_conjunction(t[i].fold)) { i++; continue; }
            if (after_known && is_preposition(t[i].fold)) {
                /* "руководители ОО по списку": a tail of the name before, not a body */
                while (i < n && t[i].kind == TK_WORD && !match_known(t, n, i, &len)) i++;
                continue;
            }
            in_phrase = true;
            ph_start = i;
        }
        ph_end = i + 1;
        i++;
    }
    free(t);
    return rc;
}

typedef struct {
    size_t known, other;
} score_ctx;

static int score_cb(void *ctx, const char *code, const char *name, const char *name_kk, plan_body_kind kind) {
    score_ctx *s = ctx;
    (void)code, (void)name, (void)name_kk;
    if (kind == PLAN_BODY_OTHER) s->other++;
    else s->known++;
    return AT_OK;
}

void plan_bodies_score(const char *cell, size_t *known, size_t *other) {
    score_ctx s = {0, 0};
    plan_bodies_split(cell, score_cb, &s);
    *known = s.known;
    *other = s.other;
}

typedef struct {
    const char *code;
    size_t count;
} known_ctx;

static int known_cb(void *ctx, const char *code, const char *name, const char *name_kk, plan_body_kind kind) {
    known_ctx *k = ctx;
    (void)name, (void)name_kk;
    k->count++;
    if (kind != PLAN_BODY_OTHER && kind != PLAN_BODY_PERSON && !k->code) {
        for (size_t b = 0; b < NKNOWN; b++)
            if (!strcmp(KNOWN[b].code, code)) k->code = KNOWN[b].code;
    }
    return AT_OK;
}

const char *plan_body_known(const char *name) {
    known_ctx k = {NULL, 0};
    if (plan_bodies_split(name, known_cb, &k) != AT_OK || k.count != 1) return NULL;
    return k.code;
}
