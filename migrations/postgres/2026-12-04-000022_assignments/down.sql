DROP TABLE unit_verifications;
DROP TABLE assignment_task_marks;
DROP TABLE assignment_submissions;
DROP TABLE assignment_tasks;
DROP TABLE assignments;
