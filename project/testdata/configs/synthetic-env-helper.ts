// Synthetic: .env loaded from a path studio cannot compute.
import { config } from "dotenv";
import { defineConfig } from "drizzle-kit";
import { envPath } from "./scripts/env";

config({ path: envPath() });

export default defineConfig({
  dialect: "postgresql",
  dbCredentials: { url: process.env.DATABASE_URL! },
});
