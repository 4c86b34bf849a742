/* store_score.c — the SQL of results (see store_score.h for each statement's
 * parameters and columns). Portable SQL only. */
#include "store_score.h"

static const char *const sql[SS_COUNT] = {
    [SS_EXAM_GET] = "SELECT subject, grade, form, date, period, reserve FROM exams WHERE code = ?1",
    [SS_EXAM_LIST] = "SELECT code, subject, grade, form, date, period, reserve, coalesce(room_kind, 'regular') FROM exams ORDER BY date, code",
    [SS_PARTICIPANT_GET] = "SELECT school_code, grade, last_name, first_name, middle_name FROM participants WHERE document = ?1",
    [SS_PARTICIPANT_EXISTS] = "SELECT 1 FROM participants WHERE document = ?1",
    [SS_PAPER_DELETE] = "DELETE FROM paper_items WHERE exam_code = ?1 AND variant = ?2",
    [SS_PAPER_INSERT] = "INSERT INTO paper_items (exam_code, variant, kind, item, label, max_points, answer_key, "
                        "alternatives, unordered, tolerance, partial, part) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
    [SS_PAPER_ITEMS] = "SELECT kind, item, label, max_points, answer_key, alternatives, unordered, tolerance, partial, part "
                       "FROM paper_items WHERE exam_code = ?1 AND variant = ?2 ORDER BY kind DESC, item",
    [SS_PAPER_VARIANTS] = "SELECT DISTINCT variant FROM paper_items WHERE exam_code = ?1 ORDER BY variant",
    [SS_SHEET_INSERT] = "INSERT INTO answer_sheets (exam_code, document, variant, status, act, answers, imported_at) "
                        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    [SS_SHEET_GET] = "SELECT variant, status, act, answers FROM answer_sheets WHERE exam_code = ?1 AND document = ?2",
    [SS_SHEETS_SCAN] = "SELECT exam_code, document, variant, status, act, answers FROM answer_sheets",
    [SS_WORK_INSERT] = "INSERT INTO works (work_code, exam_code, document) VALUES (?1, ?2, ?3)",
    [SS_WORK_GET] = "SELECT exam_code, document FROM works WHERE work_code = ?1",
    [SS_WORK_OF] = "SELECT work_code FROM works WHERE exam_code = ?1 AND document = ?2",
    [SS_WORKS_SCAN] = "SELECT exam_code, document, work_code FROM works",
    [SS_WORKS_UNASSIGNED] = "SELECT w.work_code, w.document, p.school_code FROM works w JOIN participants p ON p.document = w.document "
                            "WHERE w.exam_code = ?1 AND NOT EXISTS (SELECT 1 FROM expert_tasks t WHERE t.work_code = w.work_code) "
                            "ORDER BY w.work_code",
    [SS_EXPERTS_FOR] = "SELECT document, school_code, expert_status FROM staff WHERE expert_subject = ?1 AND expert_status IS NOT NULL "
                       "AND (';' || roles || ';') LIKE '%;expert;%' ORDER BY document",
    [SS_EXPERT_LOAD] = "SELECT count(*) FROM expert_tasks WHERE expert = ?1",
    [SS_EXPERT_GET] = "SELECT expert_subject, expert_status, school_code, (';' || coalesce(roles, '') || ';') LIKE '%;expert;%' "
                      "FROM staff WHERE document = ?1",
    [SS_RUN_LAST] = "SELECT max(id) FROM expert_runs",
    [SS_RUN_WORKS] = "UPDATE expert_runs SET works = ?1 WHERE id = ?2",
    [SS_RUN_SEED_OF] = "SELECT r.seed FROM expert_tasks t JOIN expert_runs r ON r.id = t.run_id WHERE t.work_code = ?1 "
                       "ORDER BY t.round LIMIT 1",
    [SS_RUN_INSERT] = "INSERT INTO expert_runs (exam_code, seed, capacity, works, made_at, actor) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    [SS_TASK_INSERT] = "INSERT INTO expert_tasks (work_code, expert, round, day, run_id, marks, marked_at, actor) "
                       "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    [SS_TASK_MARK] = "UPDATE expert_tasks SET marks = ?1, marked_at = ?2, actor = ?3 WHERE work_code = ?4 AND expert = ?5",
    [SS_TASKS_OF] = "SELECT expert, round, marks, day FROM expert_tasks WHERE work_code = ?1 ORDER BY round, expert",
    [SS_TASKS_LIST] = "SELECT t.work_code, t.expert, t.round, t.day, t.marks FROM expert_tasks t JOIN works w ON w.work_code = t.work_code "
                      "WHERE (?1 IS NULL OR w.exam_code = ?1) AND (?2 IS NULL OR t.expert = ?2) ORDER BY t.expert, t.day, t.work_code",
    [SS_RESULT_GET] = "SELECT version, status, short_score, extended_score, primary_score, test_score, mark, passed, university, "
                      "third_check, stage, published_on, retake_of FROM results WHERE exam_code = ?1 AND document = ?2",
    [SS_RESULT_INSERT] = "INSERT INTO results (exam_code, document, version, status, short_score, extended_score, primary_score, "
                         "test_score, mark, passed, university, third_check, stage, retake_of) "
                         "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
    [SS_RESULT_UPDATE] = "UPDATE results SET version = ?3, status = ?4, short_score = ?5, extended_score = ?6, primary_score = ?7, "
                         "test_score = ?8, mark = ?9, passed = ?10, university = ?11, third_check = ?12, retake_of = ?14 "
                         "WHERE exam_code = ?1 AND document = ?2 AND ?13 IS NOT NULL",
    [SS_RESULT_UPDATE_CHANGED] = "UPDATE results SET version = version + 1, status = ?4, short_score = ?5, extended_score = ?6, "
                                 "primary_score = ?7, test_score = ?8, mark = ?9, passed = ?10, university = ?11, third_check = ?12, "
                                 "retake_of = ?14 WHERE exam_code = ?1 AND document = ?2 AND ?13 IS NOT NULL AND (status <> coalesce(?4, '') "
                                 "OR coalesce(short_score, -1) <> coalesce(?5, -1) OR coalesce(extended_score, -1) <> coalesce(?6, -1) "
                                 "OR coalesce(primary_score, -1) <> coalesce(?7, -1) OR coalesce(test_score, -1) <> coalesce(?8, -1) "
                                 "OR coalesce(mark, -1) <> coalesce(?9, -1) OR coalesce(passed, -1) <> coalesce(?10, -1) "
                                 "OR coalesce(university, -1) <> coalesce(?11, -1) OR (third_check <> 0) <> (?12 <> 0) "
                                 "OR coalesce(retake_of, '') <> coalesce(?14, '')) RETURNING version",
    [SS_VERSION_INSERT] = "INSERT INTO result_versions (exam_code, document, version, status, primary_score, test_score, mark, "
                          "reason, made_at, actor) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    [SS_VERSIONS_OF] = "SELECT version, status, primary_score, test_score, mark, reason, made_at, actor FROM result_versions "
                       "WHERE exam_code = ?1 AND document = ?2 ORDER BY version",
    [SS_RESULTS_KEYS] = "SELECT exam_code, document FROM answer_sheets WHERE ?1 IS NULL OR exam_code = ?1 ORDER BY exam_code, document",
    [SS_RESULTS_LIST] = "SELECT r.exam_code, r.document, p.last_name, p.first_name, r.status, r.primary_score, r.test_score, r.mark, "
                        "r.passed, r.university, r.third_check, r.stage, r.version, e.subject, e.date, r.published_on, r.retake_of "
                        "FROM results r JOIN participants p ON p.document = r.document JOIN exams e ON e.code = r.exam_code "
                        "WHERE (?1 IS NULL OR r.exam_code = ?1) AND (?2 IS NULL OR r.document = ?2) "
                        "ORDER BY e.date, r.exam_code, p.last_name COLLATE at_name, p.first_name COLLATE at_name, r.document",
    [SS_RESULTS_PENDING] = "SELECT count(*) FROM results WHERE exam_code = ?1 AND status = 'pending'",
    [SS_RESULTS_STAGE] = "UPDATE results SET stage = ?1, published_on = coalesce(?2, published_on) WHERE exam_code = ?3 AND stage = ?4",
    [SS_APPEAL_INSERT] = "INSERT INTO appeals (kind, exam_code, document, filed_on, due_on, decide_by, notify_by, reason, status, actor) "
                         "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, 'filed', ?9)",
    [SS_APPEAL_LAST] = "SELECT max(id) FROM appeals",
    [SS_APPEAL_GET] = "SELECT kind, exam_code, document, filed_on, status, decide_by FROM appeals WHERE id = ?1",
    [SS_APPEAL_DECIDE] = "UPDATE appeals SET status = ?1, outcome = ?2, decided_on = ?3 WHERE id = ?4",
    [SS_APPEALS_OF] = "SELECT kind, status, id FROM appeals WHERE exam_code = ?1 AND document = ?2 AND status <> 'filed' ORDER BY id",
    [SS_APPEALS_LIST] = "SELECT id, kind, exam_code, document, filed_on, due_on, decide_by, notify_by, status, outcome, decided_on "
                        "FROM appeals WHERE ?1 IS NULL OR exam_code = ?1 ORDER BY id",
    [SS_RETAKE_INSERT] = "INSERT INTO retakes (exam_code, document, retake_exam_code, reason, made_at) VALUES (?1, ?2, ?3, ?4, ?5)",
    [SS_RETAKES_ALL] = "SELECT retake_exam_code, document, exam_code FROM retakes WHERE retake_exam_code IS NOT NULL "
                       "ORDER BY retake_exam_code, document",
    [SS_APPEALS_ANNULLING] = "SELECT exam_code, document FROM appeals WHERE kind = 'procedure' AND status = 'upheld'",
    [SS_RETAKE_FOR] = "SELECT exam_code FROM retakes WHERE retake_exam_code = ?1 AND document = ?2",
    [SS_RESERVE_FOR] = "SELECT r.code FROM exams r JOIN exams e ON e.code = ?1 WHERE r.subject = e.subject AND r.grade = e.grade "
                       "AND r.form = e.form AND coalesce(r.room_kind, 'regular') = coalesce(e.room_kind, 'regular') "
                       "AND r.date > e.date AND r.reserve = 1 ORDER BY r.date, r.code",
    [SS_RETAKE_OF] = "SELECT retake_exam_code FROM retakes WHERE exam_code = ?1 AND document = ?2",
    [SS_REGISTRATIONS_FOR] = "SELECT r.document, p.school_code FROM registrations r JOIN participants p ON p.document = r.document "
                             "WHERE r.subject = ?1 AND r.period = ?2 AND r.form = ?3 AND p.grade = ?4 ORDER BY r.document",
};

int store_score_prepare(store *s, store_score_stmt which, store_stmt **out, at_error *err)
{
    if ((int)which < 0 || which >= SS_COUNT || !sql[which])
        return at_fail(err, AT_EINTERNAL, "store_score", "no statement %d", (int)which);
    return store_prepare(s, sql[which], out, err);
}
