-- Call history search (the console's filters): flow, hangup cause and number suffix, beside the
-- campaign, result and time of V1. Each filter is an equality or prefix on an indexed column, paired
-- with started_at, the order every search pages in (newest first, keyset on started_at, call_uuid).

CREATE INDEX call_records_flow ON call_records (flow, started_at);
CREATE INDEX call_records_cause ON call_records (hangup_cause, started_at);

-- "The number ends with 8000": LIKE '%8000' can use no index on either database, so each number is
-- also kept reversed (written by the store on save) and the search becomes a prefix of it, '0008%',
-- which a B-tree index answers as a range. The store asks for the range itself (>= '0008' AND
-- < '0009', then the LIKE): PostgreSQL turns a LIKE prefix into a range only under the C collation.
-- Masked numbers (138****8000) keep their last digits, so they are found too. Text in the
-- transcript is a scan of what the other filters leave (a trigram index would be PostgreSQL's only).
ALTER TABLE call_records ADD COLUMN caller_rev VARCHAR;
ALTER TABLE call_records ADD COLUMN callee_rev VARCHAR;
CREATE INDEX call_records_caller_rev ON call_records (caller_rev);
CREATE INDEX call_records_callee_rev ON call_records (callee_rev);

-- Records saved before this migration: H2 has no REVERSE(), so the first 32 characters are put
-- back to front one by one (SUBSTRING past the end is empty on both databases). Phone numbers are
-- at most 15 digits (E.164); anything longer than 32 characters is no number and stays unsearchable.
UPDATE call_records SET
    caller_rev = CASE WHEN LENGTH(caller) <= 32 THEN
        SUBSTRING(caller, 32, 1) || SUBSTRING(caller, 31, 1) || SUBSTRING(caller, 30, 1) || SUBSTRING(caller, 29, 1) ||
        SUBSTRING(caller, 28, 1) || SUBSTRING(caller, 27, 1) || SUBSTRING(caller, 26, 1) || SUBSTRING(caller, 25, 1) ||
        SUBSTRING(caller, 24, 1) || SUBSTRING(caller, 23, 1) || SUBSTRING(caller, 22, 1) || SUBSTRING(caller, 21, 1) ||
        SUBSTRING(caller, 20, 1) || SUBSTRING(caller, 19, 1) || SUBSTRING(caller, 18, 1) || SUBSTRING(caller, 17, 1) ||
        SUBSTRING(caller, 16, 1) || SUBSTRING(caller, 15, 1) || SUBSTRING(caller, 14, 1) || SUBSTRING(caller, 13, 1) ||
        SUBSTRING(caller, 12, 1) || SUBSTRING(caller, 11, 1) || SUBSTRING(caller, 10, 1) || SUBSTRING(caller, 9, 1) ||
        SUBSTRING(caller, 8, 1) || SUBSTRING(caller, 7, 1) || SUBSTRING(caller, 6, 1) || SUBSTRING(caller, 5, 1) ||
        SUBSTRING(caller, 4, 1) || SUBSTRING(caller, 3, 1) || SUBSTRING(caller, 2, 1) || SUBSTRING(caller, 1, 1) END,
    callee_rev = CASE WHEN LENGTH(callee) <= 32 THEN
        SUBSTRING(callee, 32, 1) || SUBSTRING(callee, 31, 1) || SUBSTRING(callee, 30, 1) || SUBSTRING(callee, 29, 1) ||
        SUBSTRING(callee, 28, 1) || SUBSTRING(callee, 27, 1) || SUBSTRING(callee, 26, 1) || SUBSTRING(callee, 25, 1) ||
        SUBSTRING(callee, 24, 1) || SUBSTRING(callee, 23, 1) || SUBSTRING(callee, 22, 1) || SUBSTRING(callee, 21, 1) ||
        SUBSTRING(callee, 20, 1) || SUBSTRING(callee, 19, 1) || SUBSTRING(callee, 18, 1) || SUBSTRING(callee, 17, 1) ||
        SUBSTRING(callee, 16, 1) || SUBSTRING(callee, 15, 1) || SUBSTRING(callee, 14, 1) || SUBSTRING(callee, 13, 1) ||
        SUBSTRING(callee, 12, 1) || SUBSTRING(callee, 11, 1) || SUBSTRING(callee, 10, 1) || SUBSTRING(callee, 9, 1) ||
        SUBSTRING(callee, 8, 1) || SUBSTRING(callee, 7, 1) || SUBSTRING(callee, 6, 1) || SUBSTRING(callee, 5, 1) ||
        SUBSTRING(callee, 4, 1) || SUBSTRING(callee, 3, 1) || SUBSTRING(callee, 2, 1) || SUBSTRING(callee, 1, 1) END;
