/* Plans of measures from the real seeds (../shared/seeds via ATTEST_SEEDS) and
 * from small fixtures: counts, hand-checked measures, sources, KZ/RU twins. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "plan/plan_table.h"

#ifndef SRCDIR
#define SRCDIR "."
#endif

static plan_set *load_seed(const char *prefix) {
    const char *dir = getenv("ATTEST_SEEDS");
    assert_non_null(dir);
    char cmd[1024];
    snprintf(cmd, sizeof cmd, "ls %s/%s_*.txt 2>/dev/null", dir, prefix);
    FILE *p = popen(cmd, "r");
    assert_non_null(p);
    char path[1024] = "";
    if (!fgets(path, sizeof path, p)) path[0] = '\0';
    pclose(p);
    path[strcspn(path, "\n")] = '\0';
    assert_true(path[0]);
    plan_set *s = NULL;
    at_error err = {0};
    int rc = plan_table_read(path, &s, &err);
    if (rc) fprintf(stderr, "%s: %s\n", err.where, err.msg);
    assert_int_equal(rc, AT_OK);
    return s;
}

static plan_set *load_fixture(const char *name) {
    /* the source tree: $SRCDIR, or from this file's path as compiled (relative
     * to the build directory), or the current directory */
    char path[1024], here[1024];
    const char *src = getenv("SRCDIR");
    snprintf(here, sizeof here, "%s", __FILE__);
    char *cut = strstr(here, "tests/unit/");
    if (cut) *cut = '\0';
    const char *roots[] = {src ? src : SRCDIR, cut ? (here[0] ? here : ".") : ".", "."};
    for (size_t i = 0; i < 3; i++) {
        snprintf(path, sizeof path, "%s/tests/data/plan/%s", roots[i], name);
        FILE *f = fopen(path, "rb");
        if (f) { fclose(f); break; }
    }
    plan_set *s = NULL;
    at_error err = {0};
    int rc = plan_table_read(path, &s, &err);
    if (rc) fprintf(stderr, "%s: %s\n", err.where, err.msg);
    assert_int_equal(rc, AT_OK);
    return s;
}

/* bodies: codes joined by '|' */
static void check(const plan_set *s, size_t doc, size_t i, const char *number, const char *title,
                  const char *bodies, const char *deadline) {
    assert_true(doc < s->ndocs);
    const plan_doc *d = &s->docs[doc];
    assert_true(i < d->nmeasures);
    const plan_measure *m = &d->measures[i];
    char got[2048] = "";
    size_t o = 0;
    for (size_t k = 0; k < m->nbodies; k++) {
        const char *c = s->bodies[m->bodies[k]].code;
        size_t l = strlen(c);
        if (o + l + 2 >= sizeof got) break;
        if (k) got[o++] = '|';
        memcpy(got + o, c, l);
        o += l;
        got[o] = '\0';
    }
    if (strcmp(m->number, number) || strncmp(m->title, title, strlen(title)) || strcmp(got, bodies) ||
        strcmp(m->deadline, deadline))
        fprintf(stderr, "doc %zu measure %zu: [%s] %s | %s | %s\n", doc, i, m->number, m->title, got, m->deadline);
    assert_string_equal(m->number, number);
    assert_memory_equal(m->title, title, strlen(title));
    assert_string_equal(got, bodies);
    assert_string_equal(m->deadline, deadline);
}

static size_t count_number(const plan_doc *d, const char *number) {
    size_t n = 0;
    for (size_t i = 0; i < d->nmeasures; i++) n += !strcmp(d->measures[i].number, number);
    return n;
}

static void seed_000(void **st) {
    (void)st;
    plan_set *s = load_seed("000");
    assert_int_equal(s->ndocs, 1);
    const plan_doc *d = &s->docs[0];
    assert_int_equal(d->nmeasures, 19);
    assert_int_equal(d->nsections, 0);
    assert_int_equal(d->lang, PLAN_LANG_RU);
    assert_string_equal(d->source_number, "2-02/40");
    assert_string_equal(d->source_date, "2026-01-23");
    assert_string_equal(d->academic_year, "2025-2026");
    assert_string_equal(d->source_title, "Приложение 2 к приказу 2-02/40 от 23.01 2026 года");
    assert_non_null(strstr(d->title, "План мероприятий по организации и проведению итоговой аттестации"));
    check(s, 0, 0, "1", "Проведение информационно-разъяснительной работы", "УО|ИЦРО|ОтдО|ОО", "в течение года");
    check(s, 0, 1, "2", "Организация работы по проведению итоговой аттестации", "ОтдО|ОО", "в течение года");
    check(s, 0, 2, "3", "Формирование списка выпускников-претендентов", "УО|ОтдО|ОО", "до 1 февраля 2026 года");
    check(s, 0, 3, "4", "Создание Комиссии по проведению", "УО|ИЦРО|ОтдО", "до 1 февраля 2026 года");
    check(s, 0, 4, "5", "Проведение мониторинга качества знаний", "УО|ИЦРО|ОтдО|МК", "февраль-март 2026 года");
    check(s, 0, 5, "6", "Формирование и направление в НЦТ", "УО|ОтдО|ОО", "до 2 марта 2026 года");
    check(s, 0, 6, "7", "Разработка и доставка экзаменационных", "ИЦРО|УО", "до 2 марта 2026 года");
    check(s, 0, 7, "8", "Установление соответствия претендентов", "УО|ИЦРО|ОтдО|МК", "март, 2026 года");
    check(s, 0, 8, "9", "Формирование списка обучающихся 11 классов", "ОтдО|директора спецшкол",
          "до 29 мая 2026 года");
    check(s, 0, 9, "10", "Издание приказа об освобождении", "УО", "до начала итоговой аттестации");
    check(s, 0, 10, "11", "Доставка с НЦТ", "УО|ОтдО|директора спецшкол", "май-июнь 2026 года (согласно графику)");
    check(s, 0, 12, "13", "Проведение итоговой аттестации обучающихся 11 классов", "ОтдО|директора спецшкол",
          "в сроки, установленные МП РК");
    check(s, 0, 14, "15", "Проведение заключительного заседания",
          "other:комиссия по проведению итоговой аттестации при школе", "16 июня 2026 года");
    check(s, 0, 18, "19", "Обсуждение результатов итоговой аттестации на педсовете", "администрация школы",
          "август 2026 года");
    plan_set_free(s);
}

static void seed_001(void **st) {
    (void)st;
    plan_set *s = load_seed("001");
    /* two orders, each with a Kazakh and a Russian appendix */
    assert_int_equal(s->ndocs, 4);
    const plan_doc *kk9 = &s->docs[0], *ru9 = &s->docs[1], *kk11 = &s->docs[2], *ru11 = &s->docs[3];
    assert_int_equal(kk9->lang, PLAN_LANG_KK);
    assert_int_equal(ru9->lang, PLAN_LANG_RU);
    assert_int_equal(kk11->lang, PLAN_LANG_KK);
    assert_int_equal(ru11->lang, PLAN_LANG_RU);
    assert_int_equal(kk9->nmeasures, 30);
    assert_int_equal(ru9->nmeasures, 30);
    assert_int_equal(kk9->nsections, 3);
    assert_int_equal(ru9->nsections, 3);
    assert_int_equal(kk11->nmeasures, 19);
    assert_int_equal(ru11->nmeasures, 19);
    assert_int_equal(kk11->nsections, 0);
    assert_int_equal(kk9->twin, 1);
    assert_int_equal(ru9->twin, 0);
    assert_int_equal(kk11->twin, 3);
    assert_int_equal(ru11->twin, 2);
    for (size_t i = 0; i < 30; i++) {
        assert_int_equal(kk9->measures[i].twin, (long)i);
        assert_int_equal(ru9->measures[i].twin, (long)i);
        assert_int_equal(kk9->measures[i].section, ru9->measures[i].section);
    }
    for (size_t i = 0; i < 19; i++) assert_int_equal(kk11->measures[i].twin, (long)i);
    assert_string_equal(kk9->source_number, "2-02/50");
    assert_string_equal(ru9->source_number, "2-02/50");
    assert_string_equal(kk11->source_number, "2-02/51");
    assert_string_equal(ru11->source_number, "2-02/51");
    assert_string_equal(kk9->source_date, "2025-09-24"); /* as printed in the Kazakh order */
    assert_string_equal(ru9->source_date, "2025-01-24");
    assert_string_equal(kk11->source_date, "2025-01-24");
    assert_string_equal(kk9->source_title, "9-сынып оқушыларының қорытынды аттестаттауын өткізуге дайындық туралы");
    assert_string_equal(ru11->source_title, "Приложение 2 к приказу № 2-02/51 от 24.01 2025 года");
    assert_string_equal(kk9->academic_year, "2024-2025");
    assert_string_equal(kk9->sections[0].number, "1");
    assert_string_equal(kk9->sections[0].title, "Ақпараттық-түсіндіру жұмыстарын жүргізу");
    assert_string_equal(ru9->sections[1].title,
                        "Организация и проведение подготовительного этапа итоговой аттестации 9-х классов");
    assert_string_equal(kk9->sections[1].number, "2");
    /* Kazakh 9th-grade plan */
    check(s, 0, 0, "1.", "Облыстың білім беру ұйымдарын", "УО|ИЦРО|ОтдО|МК", "2025 жылғы қаңтар");
    check(s, 0, 2, "3.", "«Орта білім беру ұйымдарында", "ИЦРО", "2025 жылғы наурыз");
    check(s, 0, 3, "4.", "Ата-аналармен және 9-сынып", "ОтдО|МК|ОО", "2025 жылғы қаңтар-мамыр");
    check(s, 0, 5, "6.", "Білім беру басқармасы жанында", "УО|ОтдО|ОО", "2025 ж. 1 ақпанға дейін");
    check(s, 0, 8, "9.", "1) 9-сынып оқушылары үшін", "ИЦРО",
          "2025 ж. 17.02.-27.03. 2025 ж. 01.04-15.04. 2025 ж. 15.04-29.04. 2025 ж. 05.05.");
    check(s, 0, 9, "10.", "Негізгі мектеп курсына", "УО", "2025 ж. 28 мамырға дейін");
    check(s, 0, 16, "17.", "Емтихан материалдарын қабылдау", "председатель экзаменационной комиссии",
          "Емтихандар дейін басталғанға");
    check(s, 0, 19, "20.", "Аудиториядағы кезекшіге", "председатель экзаменационной комиссии",
          "Емтиханның басталуына 30 минут қалғанда");
    check(s, 0, 22, "23.", "Балл қою схемасына", "аттестационная комиссия", "Емтихандарды өткізу күндері");
    check(s, 0, 28, "29.", "Оқушылардың қорытынды аттестаттауын", "УО|ОтдО", "2025 ж. мамыр-маусым");
    check(s, 0, 29, "30.", "9-сынып оқушыларының қорытынды", "УО|ОтдО|ИЦРО", "2025 ж. 30 маусымға дейін");
    /* the duplicated responsible column of the PDF is dropped, the form kept */
    assert_string_equal(kk9->measures[22].form, "Емтихан ведомосі");
    /* Russian 9th-grade plan */
    check(s, 1, 0, "1", "Обеспечение организацией образования", "УО|ИЦРО|ОтдО|МК", "Январь 2025 года");
    check(s, 1, 3, "4", "Проведение информационно-разъяснительной работы с родителями", "ОтдО|МК|ОО",
          "Январь-май 2025 года");
    check(s, 1, 5, "6", "Создание комиссии по итоговой аттестации", "УО|ОтдО|ОО", "До 1 февраля 2025 года");
    check(s, 1, 8, "9", "1) Разработка экзаменационных заданий", "ИЦРО",
          "17.02.-27.03.2025 года 01.04.-15.04.2025 года 15.04.-29.04.2025 года 05.05.2025 года");
    check(s, 1, 16, "17", "Прием и хранение экзаменационных материалов", "председатель экзаменационной комиссии",
          "До начала экзаменов");
    check(s, 1, 19, "20", "Выдача экзаменационных материалов", "председатель экзаменационной комиссии",
          "За 30 минут до начала экзамена");
    check(s, 1, 20, "21", "Проведение экзамена", "экзаменационная комиссия", "В дни проведения экзаменов");
    check(s, 1, 24, "25", "Проведение инструктажа с членами апелляционной", "председатель апелляционной комиссии",
          "До проведения апелляции");
    check(s, 1, 29, "30", "Сбор и свод информации", "УО|ОтдО|ИЦРО", "30 июня 2025 года");
    assert_string_equal(ru9->measures[16].form, "Акт приема-передачи");
    assert_int_equal(ru9->measures[16].section, 2);
    /* 11th grade, both languages */
    check(s, 2, 0, "1", "Қорытынды аттестаттауды өткізу мәселелері", "УО|ИЦРО|ОтдО|ОО", "жыл бойы");
    check(s, 2, 6, "7", "Алдын ала қорытынды", "ИЦРО|УО", "2025 жылғы 1 наурызға дейін");
    check(s, 2, 12, "13", "11-сынып білім алушыларының", "ОтдО|директора спецшкол", "ҚР ОАМ бекіткен мерзімде");
    check(s, 3, 6, "7", "Разработка и доставка экзаменационных", "ИЦРО|УО", "до 1 марта 2025 года");
    check(s, 3, 11, "12", "Создание в школах условий", "УО|ОтдО|директора спецшкол",
          "в период проведения итоговой аттестации");
    check(s, 3, 18, "19", "Обсуждение результатов", "администрация школы", "август 2025 года");
    /* twins are the same measure: the pairs share a deadline day */
    assert_non_null(strstr(kk11->measures[14].deadline, "13 маусым"));
    assert_non_null(strstr(ru11->measures[kk11->measures[14].twin].deadline, "13 июня"));
    plan_set_free(s);
}

static void seed_002(void **st) {
    (void)st;
    plan_set *s = load_seed("002");
    assert_int_equal(s->ndocs, 1);
    const plan_doc *d = &s->docs[0];
    assert_int_equal(d->nmeasures, 35);
    assert_int_equal(d->nsections, 3);
    assert_int_equal(d->lang, PLAN_LANG_KK);
    assert_string_equal(d->academic_year, "2023-2024");
    assert_string_equal(d->source_number, "");
    assert_string_equal(d->sections[2].title, "Қорытынды аттесттауды ұйымдастыру және өткізу");
    check(s, 0, 0, "1", "9 – сыныптарды қорытынды", "администрация школы", "қаңтар, ақпан");
    check(s, 0, 1, "2", "Қорытынды аттестаттауды өткізу мәселелері",
          "администрация школы|учителя-предметники|person:Жунусова Б.К.|person:Акылбекова М.Н.|person:Оспанова А.Ж.",
          "қаңтар\nақпан\nсәуір");
    /* the sub-list stays inside the measure, item per line */
    assert_non_null(strstr(d->measures[1].title, "\n1) Ата-аналармен"));
    assert_non_null(strstr(d->measures[1].title, "\n2) 9-сыныптарда"));
    check(s, 0, 3, "4", "9 - сынып оқушыларының қорытынды аттесттау", "администрация школы|person:Такиева А.С.",
          "ақпан");
    check(s, 0, 4, "5", "9 - сынып оқушыларының таңдау",
          "person:Такиева А.С.|person:Жунусова Б.К.|person:Акылбекова М.Н.|person:Оспанова А.Ж.", "ақпан");
    check(s, 0, 5, "6", "Негізгі мектеп курсына", "члены комиссии", "27 мамырға дейін");
    check(s, 0, 8, "9", "Қорытынды аттестаттау өткізу үшін", "администрация школы|other:шаруашылық меңгерушісі|other:мед.бике",
          "Емтихан басталғанға дейін");
    check(s, 0, 9, "10", "Ерекше білім беру", "администрация школы|психолог|other:мед.бике",
          "Емтихан басталғанға дейін");
    check(s, 0, 14, "15", "Кабинеттегі кезекшіге", "председатель экзаменационной комиссии",
          "Емтиханның басталуына 30 минут қалғанда");
    check(s, 0, 25, "26", "Үздік аттестат", "администрация школы|классные руководители", "наурыз");
    check(s, 0, 31, "32", "Мектеп психологының", "психолог", "наурыз, сәуір");
    check(s, 0, 32, "33", "Мектеп сайтындағы", "person:Такиева А.С.|person:Молдажанова А.С.", "наурыз");
    check(s, 0, 33, "34", "Педагогикалық кеңесте", "администрация школы|члены комиссии", "мамыр\nмаусым");
    assert_int_equal(d->measures[33].section, 2);
    plan_set_free(s);
}

static void seed_003(void **st) {
    (void)st;
    plan_set *s = load_seed("003");
    assert_int_equal(s->ndocs, 1);
    const plan_doc *d = &s->docs[0];
    assert_int_equal(d->nmeasures, 358);
    assert_int_equal(d->nsections, 9);
    assert_int_equal(d->lang, PLAN_LANG_RU);
    assert_string_equal(d->source_number, "337");
    assert_string_equal(d->source_date, "2024-09-26");
    assert_string_equal(d->academic_year, "2024-2025");
    assert_memory_equal(d->source_title, "Об утверждении Дорожной карты по подготовке и проведению",
                        strlen("Об утверждении Дорожной карты по подготовке и проведению"));
    assert_memory_equal(d->title, "Дорожная карта по подготовке", strlen("Дорожная карта по подготовке"));
    assert_string_equal(d->sections[0].title, "Анализ проведения ГИА");
    assert_string_equal(d->sections[2].title, "Нормативно-правовое обеспечение ГИА-9 и ГИА-11");
    assert_string_equal(d->sections[5].title, "Организационное сопровождение ГИА-9 и ГИА-11"); /* written twice */
    assert_string_equal(d->sections[8].title, "Подведение итогов ГИА-9 и ГИА-11 в 2023 году");
    check(s, 0, 0, "1.", "Проведение статистического анализа", "УГУиОКО МОК|ГКУ КЦМКО", "");
    check(s, 0, 1, "1.1.", "Сбор и обработка результатов", "УО АНМО|ИМЦ|ОО", "июль – август 2024 года");
    check(s, 0, 2, "1.2.", "Мониторинг основных результатов", "УО АНМО|ИМЦ|ОО", "август – сентябрь 2024 года");
    /* a row cut by a page break is joined */
    check(s, 0, 11, "2.2.", "Проведение августовского совещания работников общего образования Новокузнецкого",
          "УО АНМО|ИМЦ", "август 2024 года");
    check(s, 0, 17, "1.2.1.", "Организация консультаций, наставничества", "УО АНМО|ИМЦ",
          "по отдельному плану мероприятий, утвержденному УО АНМО");
    check(s, 0, 14, "1.", "Организация работы по повышению качества", "УГУиОКО МОК|ГКУ КЦМКО|ИРОК", "");
    assert_int_equal(count_number(d, "3.47"), 1);
    for (size_t i = 0; i < d->nmeasures; i++)
        if (!strcmp(d->measures[i].number, "3.47"))
            assert_memory_equal(d->measures[i].title, "ДПП ПК «Углубленное изучение математики",
                                strlen("ДПП ПК «Углубленное изучение математики"));
    /* bodies standing in the deadline column move to the responsible one */
    size_t gia9 = 0;
    for (size_t i = 0; i < d->nmeasures; i++)
        if (!strcmp(d->measures[i].title, "Проведение ГИА-9")) gia9 = i;
    check(s, 0, gia9, "2.", "Проведение ГИА-9", "УГУиОКО МОК|ГКУ КЦМКО", "");
    check(s, 0, gia9 - 2, "1.8.", "Внесение сведений об общественных наблюдателях", "",
          "не позднее чем за 1 рабочий день до экзамена");
    check(s, 0, gia9 - 1, "1.9.", "Внесение сведений о наличии допуска", "",
          "в течение 2 дней со дня принятия решения");
    check(s, 0, d->nmeasures - 2, "1.2.", "Анализ проведения ГИА-9 и ГИА-11 в 2023 году", "УО АНМО",
          "август 2025 года");
    assert_int_equal(d->measures[d->nmeasures - 1].section, 8);
    assert_string_equal(d->measures[d->nmeasures - 1].responsible, "УО АНМР"); /* sic */
    check(s, 0, d->nmeasures - 4, "2.5.", "Контроль за ходом проведения ГИА", "УО АНМО",
          "в период проведения ГИА");
    /* the list of an information measure, continued after a page break */
    size_t info = 0;
    for (size_t i = 0; i < d->nmeasures; i++)
        if (strstr(d->measures[i].title, "Оформление информационных стендов")) info = i;
    assert_string_equal(d->measures[info].number, "1.10.");
    assert_non_null(strstr(d->measures[info].title, "- о правилах поведения на экзамене и др."));
    check(s, 0, info, "1.10.", "<p>Оформление информационных стендов", "УО АНМО|ОО", "в течение года");
    plan_set_free(s);
}

static void seed_004(void **st) {
    (void)st;
    plan_set *s = load_seed("004");
    assert_int_equal(s->ndocs, 1); /* the appendices (schedule, commission) are no plans */
    const plan_doc *d = &s->docs[0];
    assert_int_equal(d->nmeasures, 15);
    assert_int_equal(d->nsections, 0);
    assert_string_equal(d->academic_year, "2023-2024");
    assert_memory_equal(d->title, "ПЛАН МЕРОПРИЯТИЙ (ДОРОЖНАЯ КАРТА)", strlen("ПЛАН МЕРОПРИЯТИЙ (ДОРОЖНАЯ КАРТА)"));
    check(s, 0, 0, "1.", "Предварительная оценка количества претендентов", "заведующий ИМЦ|руководители ОО",
          "Октябрь – ноябрь 2023г.");
    assert_memory_equal(d->measures[0].details, "Мониторинг учебных", strlen("Мониторинг учебных"));
    assert_memory_equal(d->measures[0].form, "Выявление школ групп риска", strlen("Выявление школ групп риска"));
    check(s, 0, 1, "2.", "Анализ содержания локальных актов", "методисты УО|руководители ОО", "До 15января 2024года");
    check(s, 0, 2, "3.", "Составление и утверждение плана работы с учащимися", "методисты УО|руководители ОО",
          "До 20 февраля 2024 года.");
    check(s, 0, 3, "4.", "Рабочее совещание «Требования", "заведующий ИМЦ", "Январь-февраль 2024 г.");
    check(s, 0, 4, "5.", "Обеспечение участия", "person:Абулашова А.О.|person:Тавекелова У.А.|руководители ОО",
          "По расписанию ВПР");
    check(s, 0, 6, "7.", "Организация анализа качества", "методисты УО|руководители ОО", "До 15 февраля 2024 года");
    check(s, 0, 7, "7.1", "Проверка соответствия оценок", "методисты УО|руководители ОО", "До 20 февраля 2024 года.");
    check(s, 0, 8, "7.2", "Выборочная перепроверка", "методисты УО|руководители ОО", "До1 марта 2024 года.");
    check(s, 0, 11, "10", "Анализ результатов Пробных экзаменов", "заведующий ИМЦ|руководители ОО",
          "В декабре 2023 года. В марте 2024 года.");
    check(s, 0, 13, "10.", "Рассмотрение результатов мероприятий", "заведующий ИМЦ|руководители ОО",
          "15 марта 2024 год.");
    check(s, 0, 14, "11.", "Обеспечение объективности результатов ГИА-2024", "методисты УО|руководители ОО",
          "По расписанию ГИА");
    plan_set_free(s);
}

static void fixture_pipe(void **st) {
    (void)st;
    plan_set *s = load_fixture("pipe_plan.md");
    assert_int_equal(s->ndocs, 1);
    const plan_doc *d = &s->docs[0];
    assert_int_equal(d->nsections, 2);
    assert_int_equal(d->nmeasures, 3);
    assert_string_equal(d->source_number, "15");
    assert_string_equal(d->source_date, "2025-09-01");
    assert_string_equal(d->academic_year, "2025-2026");
    assert_string_equal(d->title, "План мероприятий");
    assert_string_equal(d->sections[1].title, "Проведение");
    check(s, 0, 0, "1.1.", "Сбор сведений о выпускниках", "РЦОИ|МОУО", "до 1 ноября 2025 года");
    check(s, 0, 1, "1.2.", "Инструктаж организаторов ППЭ", "person:Иванова И.И.|ОО", "за 30 минут до начала экзамена");
    /* a known name with a comma inside is one body */
    check(s, 0, 2, "2.1.", "Проведение экзаменов", "ГЭК|УО", "в дни проведения экзаменов");
    assert_int_equal(d->measures[2].section, 1);
    plan_set_free(s);
}

static void fixture_csv(void **st) {
    (void)st;
    plan_set *s = load_fixture("csv_plan.csv");
    assert_int_equal(s->ndocs, 1);
    const plan_doc *d = &s->docs[0];
    assert_int_equal(d->nmeasures, 3);
    check(s, 0, 0, "1", "Формирование списка претендентов", "УО|ИЦРО", "до 1 февраля 2026 года");
    check(s, 0, 1, "2", "Мониторинг качества знаний: 1) 9 классы; 2) 11 классы", "ИЦРО", "февраль-март 2026 года");
    check(s, 0, 2, "3", "Ведение сайта", "person:Такиева А.С.", "постоянно");
    assert_string_equal(d->measures[0].form, "Список");
    assert_int_equal(d->measures[1].line, 3);
    plan_set_free(s);
}

static void bodies_known(void **st) {
    (void)st;
    assert_string_equal(plan_body_known("ИЦРО"), "ИЦРО");
    assert_string_equal(plan_body_known("ББДИО"), "ИЦРО");
    assert_string_equal(plan_body_known("Инновационный центр развития образования"), "ИЦРО");
    assert_string_equal(plan_body_known("Білім беруді дамытудың инновациялық орталығы"), "ИЦРО");
    assert_string_equal(plan_body_known("білім беру ұйымдары"), "ОО");
    assert_string_equal(plan_body_known("организации образования"), "ОО");
    assert_string_equal(plan_body_known("УО АНМО"), "УО АНМО");
    assert_string_equal(plan_body_known("МОУО"), "МОУО");
    assert_string_equal(plan_body_known("РЦОИ"), "РЦОИ");
    assert_null(plan_body_known("ИЦРО, ОО"));
    assert_null(plan_body_known("Министерство культуры"));
}

static void missing_file(void **st) {
    (void)st;
    plan_set *s = NULL;
    at_error err = {0};
    assert_int_equal(plan_table_read("/nonexistent/plan.txt", &s, &err), AT_EINTERNAL);
    assert_null(s);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(seed_000),     cmocka_unit_test(seed_001),     cmocka_unit_test(seed_002),
        cmocka_unit_test(seed_003),     cmocka_unit_test(seed_004),     cmocka_unit_test(fixture_pipe),
        cmocka_unit_test(fixture_csv),  cmocka_unit_test(bodies_known), cmocka_unit_test(missing_file),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
