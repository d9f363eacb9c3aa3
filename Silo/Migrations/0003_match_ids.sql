-- Integer ids of matches (issue 10): from a sequence, never reused, even for undone proposals.
CREATE SEQUENCE huu_match_id_seq AS bigint START WITH 1;
