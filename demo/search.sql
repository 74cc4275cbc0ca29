-- Full-text search over the demo's messages, created after the rows are
-- loaded and then filled with one 'rebuild': with the triggers in place
-- during the load, FTS5 flushes its pending index at the end of every
-- INSERT statement, which made building the demo three times slower.
--
-- Full-text index over messages(body), external content: the text lives
-- only in messages. The triggers are the pattern documented at
-- https://sqlite.org/fts5.html#external_content_tables; the 'delete'
-- command must be given the old text.
CREATE VIRTUAL TABLE messages_fts USING fts5 (
	body,
	content = 'messages',
	content_rowid = 'id',
	tokenize = 'unicode61 remove_diacritics 2'
);
CREATE TRIGGER messages_fts_ai AFTER INSERT ON messages BEGIN
	INSERT INTO messages_fts (rowid, body) VALUES (new.id, new.body);
END;
CREATE TRIGGER messages_fts_ad AFTER DELETE ON messages BEGIN
	INSERT INTO messages_fts (messages_fts, rowid, body) VALUES ('delete', old.id, old.body);
END;
CREATE TRIGGER messages_fts_au AFTER UPDATE ON messages BEGIN
	INSERT INTO messages_fts (messages_fts, rowid, body) VALUES ('delete', old.id, old.body);
	INSERT INTO messages_fts (rowid, body) VALUES (new.id, new.body);
END;

INSERT INTO messages_fts (messages_fts) VALUES ('rebuild');
