// Shape of brandonchadlange/cron-webhook-db drizzle.config.ts (test input).
import { defineConfig } from "drizzle-kit";

export default defineConfig({
  dialect: "postgresql",
  schema: "./src/schema.ts",
  out: "./drizzle",
  dbCredentials: {
    ssl: false,
    host: process.env.DB_HOST as string,
    database: process.env.DB_NAME as string,
    user: process.env.DB_USER as string,
    password: process.env.DB_PASSWORD as string,
    port: parseInt(process.env.DB_PORT as string),
  },
});
