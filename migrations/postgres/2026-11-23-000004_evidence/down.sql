DROP TABLE evidence_declarations;
DROP TABLE evidence_mappings;
DROP TABLE evidence_files;
DROP TABLE evidence_versions;
DROP TABLE evidence_items;
