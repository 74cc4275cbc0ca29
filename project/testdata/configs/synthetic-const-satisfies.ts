// Synthetic (a shape seen in public configs): a typed constant exported with satisfies.
import type { Config } from "drizzle-kit";

const config: Config = {
  out: "./src/drizzle",
  schema: ["./src/drizzle/auth-schema.ts"],
  dialect: "postgresql",
  dbCredentials: {
    url: process.env.DATABASE_URL!,
  },
  schemaFilter: ["public", "auth"],
  tablesFilter: ["!_cf_KV", "!auth_*"],
  migrations: { table: "journal", schema: "ops", prefix: "supabase" },
};

export default config satisfies Config;
