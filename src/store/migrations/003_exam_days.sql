-- 003: exam days (issue 4): the schedule, the territorial scheme, school
-- coordinates, and what distribution writes: seating, staff posts, material
-- kits and custody acts. One distribution per exam date (seat_runs.date); a
-- re-plan replaces rows of that date and records every move in seat_moves.
ALTER TABLE schools ADD COLUMN latitude REAL;
ALTER TABLE schools ADD COLUMN longitude REAL;

CREATE TABLE exams (
    code             TEXT NOT NULL,
    grade            INTEGER NOT NULL,
    subject          TEXT NOT NULL,
    form             TEXT NOT NULL,
    room_kind        TEXT,            -- regular (NULL), computer, speaking
    date             TEXT NOT NULL,
    start_time       TEXT NOT NULL,
    duration_minutes INTEGER NOT NULL,
    period           TEXT NOT NULL,
    reserve          INTEGER
);
CREATE UNIQUE INDEX exams_key ON exams (code);
CREATE INDEX exams_date ON exams (date);

CREATE TABLE territorial_scheme (
    municipality_code TEXT NOT NULL REFERENCES municipalities (code),
    exam_point_code   TEXT NOT NULL REFERENCES exam_points (code)
);
CREATE UNIQUE INDEX territorial_scheme_key ON territorial_scheme (municipality_code, exam_point_code);

-- One row per distributed date: how it was made (seed recorded).
CREATE TABLE seat_runs (
    date         TEXT NOT NULL,
    seed         TEXT NOT NULL,
    scheme       TEXT NOT NULL,        -- "municipal" | "region" | "table"
    made_at      TEXT NOT NULL,
    actor        TEXT NOT NULL,
    participants INTEGER NOT NULL,
    travel_km    REAL NOT NULL,
    staff_at     TEXT,                 -- when staff were last distributed
    replans      INTEGER NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX seat_runs_key ON seat_runs (date);

-- Participant → exam point, room, seat (рассадка). seat is 1-based in the room.
CREATE TABLE seatings (
    date            TEXT NOT NULL,
    exam_code       TEXT NOT NULL REFERENCES exams (code),
    document        TEXT NOT NULL REFERENCES participants (document),
    exam_point_code TEXT NOT NULL,
    room_number     TEXT NOT NULL,
    seat            INTEGER NOT NULL,
    FOREIGN KEY (exam_point_code, room_number) REFERENCES rooms (exam_point_code, number)
);
CREATE UNIQUE INDEX seatings_key ON seatings (exam_code, document);
CREATE UNIQUE INDEX seatings_seat ON seatings (date, exam_point_code, room_number, seat);
CREATE INDEX seatings_document ON seatings (document, date);

-- Staff posts of a day (назначение работников ППЭ). room_number NULL = a
-- point-level post. post: ppe_head, gek, technical, medical, organizer,
-- assistant.
CREATE TABLE staff_posts (
    date            TEXT NOT NULL,
    document        TEXT NOT NULL REFERENCES staff (document),
    exam_point_code TEXT NOT NULL REFERENCES exam_points (code),
    room_number     TEXT,
    post            TEXT NOT NULL
);
CREATE UNIQUE INDEX staff_posts_key ON staff_posts (date, document);
CREATE INDEX staff_posts_point ON staff_posts (date, exam_point_code);

-- Every move a re-plan made (who moved, from where to where, why).
CREATE TABLE seat_moves (
    id              INTEGER PRIMARY KEY,
    date            TEXT NOT NULL,
    replan          INTEGER NOT NULL,   -- seat_runs.replans after the re-plan
    reason          TEXT NOT NULL,
    exam_code       TEXT NOT NULL,
    document        TEXT NOT NULL,
    from_point      TEXT, from_room TEXT, from_seat INTEGER,   -- NULL: newly seated
    to_point        TEXT, to_room TEXT, to_seat INTEGER,       -- NULL: unseated
    made_at         TEXT NOT NULL,
    actor           TEXT NOT NULL
);
CREATE INDEX seat_moves_date ON seat_moves (date, replan);

-- Exam points or rooms taken out of use for a date (closed point, lost room).
CREATE TABLE seat_closures (
    date            TEXT NOT NULL,
    exam_point_code TEXT NOT NULL REFERENCES exam_points (code),
    room_number     TEXT,               -- NULL: the whole point
    reason          TEXT NOT NULL,
    made_at         TEXT NOT NULL,
    actor           TEXT NOT NULL
);
CREATE UNIQUE INDEX seat_closures_key ON seat_closures (date, exam_point_code, room_number);

-- Material kits (ЭМ / экзаменационные материалы) per point, exam and room;
-- room_number NULL = the point's reserve.
CREATE TABLE material_kits (
    date            TEXT NOT NULL,
    exam_code       TEXT NOT NULL REFERENCES exams (code),
    exam_point_code TEXT NOT NULL REFERENCES exam_points (code),
    room_number     TEXT,
    kits            INTEGER NOT NULL
);
CREATE UNIQUE INDEX material_kits_key ON material_kits (date, exam_code, exam_point_code, room_number);

-- Custody acts (акты передачи): region → municipality → point → room, with the
-- counts handed over and received, and who signed when.
CREATE TABLE custody_acts (
    id            INTEGER PRIMARY KEY,
    date          TEXT NOT NULL,
    exam_code     TEXT NOT NULL REFERENCES exams (code),
    from_level    TEXT NOT NULL,   -- region, municipality, point
    from_code     TEXT NOT NULL,
    to_level      TEXT NOT NULL,   -- municipality, point, room
    to_code       TEXT NOT NULL,   -- room: "POINT/ROOM"
    sent          INTEGER NOT NULL,
    received      INTEGER,
    handed_by     TEXT,
    received_by   TEXT,
    signed_at     TEXT
);
CREATE INDEX custody_acts_date ON custody_acts (date, exam_code);
