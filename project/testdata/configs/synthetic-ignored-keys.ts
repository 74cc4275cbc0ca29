// Synthetic: keys studio ignores may hold anything.
import { defineConfig } from "drizzle-kit";
import { schemas, CASING } from "./src/db/meta";

export default defineConfig({
  schema: schemas.map((s) => `./src/db/${s}.ts`),
  casing: CASING,
  strict: process.argv.includes("--strict"),
  verbose: true,
  entities: { roles: { provider: "supabase" } },
  breakpoints: (() => true)(),
  dialect: "sqlite",
  dbCredentials: { url: "file:local.db?mode=rwc" },
});
