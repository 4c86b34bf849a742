-- 002: roadmaps (дорожные карты / планы мероприятий / іс-шаралар жоспарлары).
-- A plan is one imported table of measures at a level (region, municipality,
-- school); a file holding one plan in two languages gives two plans whose
-- measures are linked one to one. Deadlines are kept verbatim and as parsed.
CREATE TABLE plans (
    id            INTEGER PRIMARY KEY,
    code          TEXT NOT NULL,
    title         TEXT NOT NULL,
    language      TEXT NOT NULL,
    level         TEXT NOT NULL,
    territory     TEXT,
    academic_year TEXT,
    source_title  TEXT,
    source_date   TEXT,
    source_number TEXT,
    source_file   TEXT,
    source_hash   TEXT,
    parent_plan   INTEGER REFERENCES plans (id),
    linked_plan   INTEGER REFERENCES plans (id),
    imported_at   TEXT NOT NULL
);
CREATE UNIQUE INDEX plans_key ON plans (code);

CREATE TABLE plan_measures (
    id             INTEGER PRIMARY KEY,
    plan_id        INTEGER NOT NULL REFERENCES plans (id),
    position       INTEGER NOT NULL,
    section        TEXT,
    number         TEXT,
    title          TEXT NOT NULL,
    responsible    TEXT,
    form           TEXT,
    deadline_text  TEXT,
    deadline       TEXT,
    deadline_kind  TEXT,
    starts_on      TEXT,
    due_on         TEXT,
    understood     INTEGER NOT NULL DEFAULT 0,
    source_line    INTEGER,
    linked_measure INTEGER REFERENCES plan_measures (id),
    parent_measure INTEGER REFERENCES plan_measures (id),
    status         TEXT NOT NULL DEFAULT 'planned',
    evidence       TEXT,
    status_by      TEXT,
    status_at      TEXT
);
CREATE UNIQUE INDEX plan_measures_key ON plan_measures (plan_id, position);
CREATE INDEX plan_measures_due ON plan_measures (due_on);

-- Responsible bodies as recognised in the plans (one directory for all plans).
CREATE TABLE plan_bodies (
    id   INTEGER PRIMARY KEY,
    code TEXT NOT NULL,
    name TEXT NOT NULL,
    kind TEXT NOT NULL
);
CREATE UNIQUE INDEX plan_bodies_key ON plan_bodies (code);

CREATE TABLE plan_measure_bodies (
    measure_id INTEGER NOT NULL REFERENCES plan_measures (id),
    body_id    INTEGER NOT NULL REFERENCES plan_bodies (id)
);
CREATE UNIQUE INDEX plan_measure_bodies_key ON plan_measure_bodies (measure_id, body_id);
CREATE INDEX plan_measure_bodies_body ON plan_measure_bodies (body_id);

-- Every status change: who, when, from what to what, with which evidence.
CREATE TABLE plan_status_log (
    id         INTEGER PRIMARY KEY,
    measure_id INTEGER NOT NULL REFERENCES plan_measures (id),
    at         TEXT NOT NULL,
    actor      TEXT NOT NULL,
    old_status TEXT NOT NULL,
    new_status TEXT NOT NULL,
    evidence   TEXT
);
