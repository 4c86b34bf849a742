-- 006: an index for the question every result computation asks — "does this
-- (reserve-day) sheet replace an annulled result?" (SS_RETAKE_FOR looks retakes
-- up by retake exam and document). Without it each answer sheet scanned the
-- whole retakes table, which grows with the removals of the year.
CREATE INDEX retakes_retake ON retakes (retake_exam_code, document);
