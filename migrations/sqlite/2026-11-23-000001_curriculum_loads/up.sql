-- Which curriculum (by content hash) the service ran with, and when it was first loaded.
CREATE TABLE curriculum_loads (
    id TEXT PRIMARY KEY NOT NULL,
    version TEXT NOT NULL,
    files INTEGER NOT NULL,
    loaded_at TIMESTAMP NOT NULL
);
CREATE INDEX curriculum_loads_loaded_at ON curriculum_loads (loaded_at);
