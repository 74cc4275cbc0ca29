// Shape of a public Replit-style drizzle.config.ts (test input): a guard before the export.
import { defineConfig } from "drizzle-kit";

if (!process.env.DATABASE_URL) {
  throw new Error("DATABASE_URL, ensure the database is provisioned");
}

export default defineConfig({
  out: "./migrations",
  schema: "./shared/schema.ts",
  dialect: "postgresql",
  dbCredentials: {
    url: process.env.DATABASE_URL,
  },
  // `session` is owned by connect-pg-simple and not declared in the schema.
  tablesFilter: ["!session"],
});
