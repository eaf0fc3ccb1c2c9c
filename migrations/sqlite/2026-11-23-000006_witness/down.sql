DROP TABLE notifications;
DROP TABLE witness_testimonies;
DROP TABLE testimony_requests;
