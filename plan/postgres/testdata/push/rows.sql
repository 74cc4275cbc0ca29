INSERT INTO app.teams (name) VALUES ('red'), ('blue');
INSERT INTO auth.users (email, nick, team_id, mood) VALUES ('ada@x.org', 'ada', 1, 'ok'), ('bob@x.org', NULL, 2, NULL);
UPDATE app.teams SET captain_id = 100 WHERE id = 1;
INSERT INTO app.posts (team_id, author_id, status, title, body, price, tags) VALUES
  (1, 100, 'live', 'Hello', 'one two three', 9.99, '{a,b}'),
  (1, 105, 'draft', 'Draft', NULL, NULL, '{}'),
  (2, 100, 'gone', 'Old', 'x', 1, '{c}');
UPDATE app.posts SET parent_id = 1 WHERE id = 2;
INSERT INTO app.events VALUES (1, '2024-03-01', '{"k": 1}'), (2, '2024-04-01', NULL);
INSERT INTO public."We""ird ü" VALUES (1, 'x');
REFRESH MATERIALIZED VIEW app.status_counts;
