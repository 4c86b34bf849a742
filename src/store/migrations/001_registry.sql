-- 001: the registry. Portable SQL (SQLite and PostgreSQL), no engine-specific
-- types. Each entity's natural key is a named unique index <table>_key rather
-- than a PRIMARY KEY constraint, so a first bulk load can build it once after
-- the rows are in (store_bulk_begin). References go by natural key. (A
-- PostgreSQL backend declares these keys as UNIQUE constraints, which its
-- foreign keys require.)
CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

-- The rule profiles the database was created with (copied, so results can be
-- recomputed later under the rules that were in force).
CREATE TABLE rule_profiles (
    id        TEXT PRIMARY KEY,
    grade     INTEGER NOT NULL,
    body      TEXT NOT NULL,
    loaded_at TEXT NOT NULL
);

CREATE TABLE municipalities (
    code TEXT NOT NULL,
    name TEXT NOT NULL
);
CREATE UNIQUE INDEX municipalities_key ON municipalities (code);

CREATE TABLE schools (
    code              TEXT NOT NULL,
    municipality_code TEXT NOT NULL REFERENCES municipalities (code),
    name              TEXT NOT NULL,
    address           TEXT,
    language          TEXT
);
CREATE UNIQUE INDEX schools_key ON schools (code);
CREATE INDEX schools_municipality ON schools (municipality_code);

CREATE TABLE participants (
    document        TEXT NOT NULL,
    last_name       TEXT NOT NULL,
    first_name      TEXT NOT NULL,
    middle_name     TEXT,
    birth_date      TEXT,
    gender          TEXT,
    school_code     TEXT REFERENCES schools (code),
    grade           INTEGER NOT NULL,
    category        TEXT NOT NULL,
    ovz             INTEGER,
    disability      INTEGER,
    ovz_conditions  TEXT,
    early_period    INTEGER,
    exemption_order TEXT,
    honours         TEXT
);
CREATE UNIQUE INDEX participants_key ON participants (document);

CREATE TABLE registrations (
    document TEXT NOT NULL REFERENCES participants (document),
    subject  TEXT NOT NULL,
    form     TEXT NOT NULL,
    period   TEXT NOT NULL
);
CREATE UNIQUE INDEX registrations_key ON registrations (document, subject, period);
CREATE INDEX registrations_subject ON registrations (subject, period);

CREATE TABLE admissions (
    document TEXT NOT NULL REFERENCES participants (document),
    kind     TEXT NOT NULL,
    date     TEXT NOT NULL,
    result   TEXT NOT NULL
);
CREATE UNIQUE INDEX admissions_key ON admissions (document, kind, date);

CREATE TABLE annual_marks (
    document TEXT NOT NULL REFERENCES participants (document),
    subject  TEXT NOT NULL,
    mark     INTEGER NOT NULL
);
CREATE UNIQUE INDEX annual_marks_key ON annual_marks (document, subject);

CREATE TABLE exam_points (
    code              TEXT NOT NULL,
    name              TEXT NOT NULL,
    municipality_code TEXT NOT NULL REFERENCES municipalities (code),
    base_school_code  TEXT REFERENCES schools (code),
    kind              TEXT NOT NULL,
    address           TEXT,
    latitude          REAL,
    longitude         REAL
);
CREATE UNIQUE INDEX exam_points_key ON exam_points (code);

CREATE TABLE rooms (
    exam_point_code TEXT NOT NULL REFERENCES exam_points (code),
    number          TEXT NOT NULL,
    seats           INTEGER NOT NULL,
    features        TEXT
);
CREATE UNIQUE INDEX rooms_key ON rooms (exam_point_code, number);

CREATE TABLE staff (
    document        TEXT NOT NULL,
    last_name       TEXT NOT NULL,
    first_name      TEXT NOT NULL,
    middle_name     TEXT,
    roles           TEXT NOT NULL,
    school_code     TEXT REFERENCES schools (code),
    subjects_taught TEXT,
    expert_subject  TEXT,
    expert_status   TEXT,
    gek_token       INTEGER
);
CREATE UNIQUE INDEX staff_key ON staff (document);

-- Who changed what, when (every import and generator run is one entry).
CREATE TABLE change_log (
    id        INTEGER PRIMARY KEY,
    at        TEXT NOT NULL,
    actor     TEXT NOT NULL,
    action    TEXT NOT NULL,
    entity    TEXT,
    source    TEXT,
    source_hash TEXT,
    inserted  INTEGER NOT NULL DEFAULT 0,
    updated   INTEGER NOT NULL DEFAULT 0,
    unchanged INTEGER NOT NULL DEFAULT 0
);
