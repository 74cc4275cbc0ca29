ALTER TABLE "users" ADD COLUMN "name" text;
--> statement-breakpoint
CREATE INDEX "users_name" ON "users" ("name");
