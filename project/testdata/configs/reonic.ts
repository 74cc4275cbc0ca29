// Shape of hath995/reonic drizzle.config.ts (test input).
import 'dotenv/config'
import { defineConfig } from "drizzle-kit";
export default defineConfig({
  dialect: "postgresql",
  schema: "./drizzle/schema.ts",
  out: "./drizzle",
  dbCredentials: {
    url: `postgres://${process.env.POSTGRES_USER}:${process.env.POSTGRES_PASSWORD}@${process.env.POSTGRES_HOST!}/${process.env.POSTGRES_DB!}`,
  }
});
