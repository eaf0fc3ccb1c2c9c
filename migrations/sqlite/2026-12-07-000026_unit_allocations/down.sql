DROP TABLE unit_allocations;
