-- The tracker and caseload join mappings to their evidence item: look them up by evidence id.
CREATE INDEX evidence_mappings_evidence ON evidence_mappings (evidence_id, item_id);
