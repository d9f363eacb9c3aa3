-- Integer ids handed out to new users and housing orgs: never max(id)+1, never reused.
CREATE SEQUENCE huu_user_id_seq AS bigint START WITH 1;
CREATE SEQUENCE huu_housing_org_id_seq AS bigint START WITH 1;
