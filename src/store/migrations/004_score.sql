-- 004: results (issue 5): exam papers, answer sheets, expert marking, results
-- with every version kept, appeals and retakes. Exams by exams.code,
-- participants by document, experts by staff.document. Raw data (answers,
-- marks, papers) is kept so that every score can be recomputed from it.

-- Items of a paper variant (КИМ): short-answer items (kind "short") with the
-- key and how it is checked, and extended-answer criteria (kind "criterion")
-- marked by experts. `item` is the position (1-based) within its kind.
CREATE TABLE paper_items (
    exam_code    TEXT NOT NULL REFERENCES exams (code),
    variant      TEXT NOT NULL,
    kind         TEXT NOT NULL,        -- short | criterion
    item         INTEGER NOT NULL,
    label        TEXT NOT NULL,        -- as printed: "1", "19", "К1"
    max_points   INTEGER NOT NULL,
    answer_key   TEXT,                 -- short: the key as written in the paper file
    alternatives TEXT,                 -- short: other accepted answers, '|'-separated
    unordered    INTEGER NOT NULL DEFAULT 0,  -- short: characters in any order
    tolerance    REAL,                 -- short: numeric answer ± tolerance
    partial      TEXT,                 -- short: "errors:points,…" e.g. "1:1"
    part         TEXT                  -- tag for scale conditions ("geometry")
);
CREATE UNIQUE INDEX paper_items_key ON paper_items (exam_code, variant, kind, item);

-- Answer sheets (бланки): one per participant and exam. answers: the short
-- answers as read, joined by a tab (tabs are refused in answers).
CREATE TABLE answer_sheets (
    exam_code   TEXT NOT NULL REFERENCES exams (code),
    document    TEXT NOT NULL REFERENCES participants (document),
    variant     TEXT,
    status      TEXT NOT NULL,         -- present | absent | removed | not_finished
    act         TEXT,                  -- removal act number
    answers     TEXT,
    imported_at TEXT NOT NULL
);
CREATE UNIQUE INDEX answer_sheets_key ON answer_sheets (exam_code, document);

-- Anonymous work codes: experts see these, never names or documents.
CREATE TABLE works (
    work_code TEXT NOT NULL,
    exam_code TEXT NOT NULL REFERENCES exams (code),
    document  TEXT NOT NULL REFERENCES participants (document)
);
CREATE UNIQUE INDEX works_key ON works (work_code);
CREATE UNIQUE INDEX works_sheet ON works (exam_code, document);

-- One row per assignment run (seed recorded, so the run can be replayed).
CREATE TABLE expert_runs (
    id        INTEGER PRIMARY KEY,
    exam_code TEXT NOT NULL REFERENCES exams (code),
    seed      TEXT NOT NULL,
    capacity  INTEGER NOT NULL,       -- works per expert per day
    works     INTEGER NOT NULL,
    made_at   TEXT NOT NULL,
    actor     TEXT NOT NULL
);

-- A work given to an expert: round 1 and 2 the independent checks, 3 the
-- third check, 4 an appeal re-check. marks: points per criterion,
-- comma-separated, NULL until marked. An expert gets a work at most once.
CREATE TABLE expert_tasks (
    work_code TEXT NOT NULL REFERENCES works (work_code),
    expert    TEXT NOT NULL REFERENCES staff (document),
    round     INTEGER NOT NULL,
    day       INTEGER NOT NULL,       -- 1-based marking day of the run
    run_id    INTEGER,
    marks     TEXT,
    marked_at TEXT,
    actor     TEXT
);
CREATE UNIQUE INDEX expert_tasks_key ON expert_tasks (work_code, expert);
CREATE INDEX expert_tasks_expert ON expert_tasks (expert, round);

-- The current result of a participant in an exam.
CREATE TABLE results (
    exam_code      TEXT NOT NULL REFERENCES exams (code),
    document       TEXT NOT NULL REFERENCES participants (document),
    version        INTEGER NOT NULL,
    status         TEXT NOT NULL,     -- scored | absent | removed | not_finished | annulled | pending
    short_score    INTEGER,
    extended_score INTEGER,
    primary_score  INTEGER,
    test_score     INTEGER,
    mark           INTEGER,
    passed         INTEGER,           -- certificate threshold met (1/0), NULL if none
    university     INTEGER,           -- university threshold met, NULL if none
    third_check    INTEGER NOT NULL DEFAULT 0,
    stage          TEXT NOT NULL,     -- processed | approved | published
    published_on   TEXT,
    retake_of      TEXT               -- exam code whose annulled result this retake replaces
);
CREATE UNIQUE INDEX results_key ON results (exam_code, document);
CREATE INDEX results_document ON results (document);

-- Every version of every result: who, when, why.
CREATE TABLE result_versions (
    id            INTEGER PRIMARY KEY,
    exam_code     TEXT NOT NULL,
    document      TEXT NOT NULL,
    version       INTEGER NOT NULL,
    status        TEXT NOT NULL,
    primary_score INTEGER,
    test_score    INTEGER,
    mark          INTEGER,
    reason        TEXT NOT NULL,
    made_at       TEXT NOT NULL,
    actor         TEXT NOT NULL
);
CREATE INDEX result_versions_key ON result_versions (exam_code, document, version);

-- Appeals (апелляции): kind procedure | scores.
CREATE TABLE appeals (
    id          INTEGER PRIMARY KEY,
    kind        TEXT NOT NULL,
    exam_code   TEXT NOT NULL REFERENCES exams (code),
    document    TEXT NOT NULL REFERENCES participants (document),
    filed_on    TEXT NOT NULL,
    due_on      TEXT NOT NULL,        -- last day it could be filed
    decide_by   TEXT NOT NULL,
    notify_by   TEXT,                 -- scores: the appellant told of the hearing by then
    reason      TEXT,
    status      TEXT NOT NULL,        -- filed | upheld | rejected
    outcome     TEXT,                 -- kept | up | down | annulled
    decided_on  TEXT,
    actor       TEXT NOT NULL
);
CREATE INDEX appeals_exam ON appeals (exam_code, document);

-- Retakes granted (reserve day): the retake exam's result replaces the other.
CREATE TABLE retakes (
    exam_code        TEXT NOT NULL REFERENCES exams (code),
    document         TEXT NOT NULL REFERENCES participants (document),
    retake_exam_code TEXT REFERENCES exams (code),
    reason           TEXT NOT NULL,
    made_at          TEXT NOT NULL
);
CREATE UNIQUE INDEX retakes_key ON retakes (exam_code, document);
