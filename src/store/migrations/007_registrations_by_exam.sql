-- 007: registrations by exam (issue 4). A date's sittings are the registrations
-- whose (subject, period, form) is an exam of that date; with the document in
-- the index those are read from the index alone, without touching a row of a
-- table that holds ~10 million registrations nationally (the old index on
-- (subject, period) had to fetch every matching row for its form and
-- document). The new index serves every query the old one did.
DROP INDEX IF EXISTS registrations_subject;
CREATE INDEX IF NOT EXISTS registrations_exam ON registrations (subject, period, form, document);
