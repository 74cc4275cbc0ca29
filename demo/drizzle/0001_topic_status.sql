-- Topics get a moderation status. Adding a CHECK needs a table rebuild in
-- SQLite, which drizzle-kit generated below; the view over topics was
-- dropped and recreated by hand, since the rename fails while a view
-- names the dropped table. Avatars now come from the email hash, so
-- users.avatar_url goes.
DROP VIEW `topic_activity`;--> statement-breakpoint
PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_topics` (
	`id` text PRIMARY KEY NOT NULL,
	`author_id` text,
	`title` text NOT NULL,
	`slug` text NOT NULL,
	`status` text DEFAULT 'open' NOT NULL,
	`pinned` integer DEFAULT 0 NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`author_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null,
	CONSTRAINT "topics_title_length" CHECK(length(`title`) BETWEEN 1 AND 200),
	CONSTRAINT "topics_pinned_bool" CHECK(`pinned` IN (0, 1)),
	CONSTRAINT "topics_status_check" CHECK(`status` IN ('open', 'locked', 'archived'))
);
--> statement-breakpoint
INSERT INTO `__new_topics`("id", "author_id", "title", "slug", "pinned", "created_at") SELECT "id", "author_id", "title", "slug", "pinned", "created_at" FROM `topics`;--> statement-breakpoint
DROP TABLE `topics`;--> statement-breakpoint
ALTER TABLE `__new_topics` RENAME TO `topics`;--> statement-breakpoint
PRAGMA foreign_keys=ON;--> statement-breakpoint
CREATE UNIQUE INDEX `topics_slug_unique` ON `topics` (`slug`);--> statement-breakpoint
CREATE INDEX `topics_author_idx` ON `topics` (`author_id`);--> statement-breakpoint
CREATE INDEX `topics_status_created_idx` ON `topics` (`status`,`created_at`);--> statement-breakpoint
CREATE VIEW `topic_activity` AS
SELECT
	t.`id` AS `topic_id`,
	t.`title`,
	t.`status`,
	count(m.`id`) AS `message_count`,
	count(DISTINCT m.`author_id`) AS `participant_count`,
	max(m.`created_at`) AS `last_message_at`
FROM `topics` AS t
LEFT JOIN `messages` AS m ON m.`topic_id` = t.`id` AND m.`deleted_at` IS NULL
GROUP BY t.`id`;--> statement-breakpoint
ALTER TABLE `users` DROP COLUMN `avatar_url`;
