-- 008: seatings stored in seat order (issue 4). A day's seatings are written
-- and read in seat order — point, room, seat — so the table is keyed by that
-- (WITHOUT ROWID): the rows are the seat index, and a national day's million
-- rows no longer need a separate b-tree for it. The two indexes by participant
-- — (exam_code, document) UNIQUE and (document, date) — become one unique
-- index (document, exam_code): an exam has one date, so it is the same key,
-- and it serves lookups by document (the participants foreign key) and by
-- exam and document. Data are kept.
CREATE TABLE seatings_by_seat (
    date            TEXT NOT NULL,
    exam_code       TEXT NOT NULL REFERENCES exams (code),
    document        TEXT NOT NULL REFERENCES participants (document),
    exam_point_code TEXT NOT NULL,
    room_number     TEXT NOT NULL,
    seat            INTEGER NOT NULL,
    PRIMARY KEY (date, exam_point_code, room_number, seat),
    FOREIGN KEY (exam_point_code, room_number) REFERENCES rooms (exam_point_code, number)
) WITHOUT ROWID;
INSERT INTO seatings_by_seat (date, exam_code, document, exam_point_code, room_number, seat)
    SELECT date, exam_code, document, exam_point_code, room_number, seat FROM seatings
    ORDER BY date, exam_point_code, room_number, seat;
DROP TABLE seatings;
ALTER TABLE seatings_by_seat RENAME TO seatings;
CREATE UNIQUE INDEX seatings_document ON seatings (document, exam_code);
