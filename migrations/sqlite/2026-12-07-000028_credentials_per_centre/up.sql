-- Staff credentials are recorded by, and count at, one centre (issue 17, item 2): what centre B
-- records does not change eligibility at centre A. Each existing row is given to the centre of
-- the administrator who recorded it, where the person belongs to that centre too; a row that
-- matches no such centre (recorded by the person themselves, or by the platform administrator)
-- keeps NULL: recorded before credentials were per centre, it counts at each of their centres.
ALTER TABLE staff_credentials ADD COLUMN centre_id TEXT REFERENCES centres (id);
UPDATE staff_credentials SET centre_id = (
    SELECT a.centre_id FROM memberships a
    WHERE a.user_id = staff_credentials.recorded_by
      AND a.role = 'centre_admin'
      AND a.centre_id IN (SELECT p.centre_id FROM memberships p WHERE p.user_id = staff_credentials.user_id)
    ORDER BY a.created_at, a.centre_id
    LIMIT 1
);
CREATE INDEX staff_credentials_person_centre ON staff_credentials (user_id, centre_id);
