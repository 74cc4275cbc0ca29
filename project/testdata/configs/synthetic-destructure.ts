// Synthetic: variables destructured from process.env, with a default.
import { defineConfig } from "drizzle-kit";

const { DB_URL, DB_SCHEMA = "app" } = process.env;

export default defineConfig({
  dialect: "postgresql",
  dbCredentials: { url: DB_URL! },
  schemaFilter: [DB_SCHEMA],
});
